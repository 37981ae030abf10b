package webhook

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// DriverPods finds the Spark release that will read a ConfigMap's
// spark.properties from the driver Pod that owns it.
//
// spark-submit (KubernetesClientApplication's Client.run) creates the
// driver Pod first, then the driver's ConfigMap with an ownerReference to
// that Pod, and deletes the Pod when the ConfigMap is refused; executor
// ConfigMaps (KubernetesClientUtils) are owned by the driver Pod too. From
// Spark 3.3 the driver Pod carries a spark-version label: the one precise
// statement of the release, where the image tag is only a convention.
type DriverPods interface {
	// DriverPodReleases returns the releases named by the spark-version
	// label of the Pod owner names in namespace, with Source
	// sparkconf.SourceDriverPod. ok is false when the Pod cannot be found
	// in time, is not the one owner names (another uid), is not a Spark
	// driver or has no label that names a release: the caller then
	// resolves the release from the properties alone. It never fails the
	// review: a lookup problem must not deny a valid job.
	DriverPodReleases(ctx context.Context, namespace string, owner metav1.OwnerReference) (target sparkconf.Target, ok bool)
}

// driverPodOwner returns the ownerReference naming a Pod (core v1), the
// controller first: spark-submit sets controller: true on the driver
// ConfigMap's reference to the driver Pod.
func driverPodOwner(refs []metav1.OwnerReference) (metav1.OwnerReference, bool) {
	var found *metav1.OwnerReference
	for i := range refs {
		r := &refs[i]
		if r.APIVersion != "v1" || r.Kind != "Pod" || r.Name == "" {
			continue
		}
		if r.Controller != nil && *r.Controller {
			return *r, true
		}
		if found == nil {
			found = r
		}
	}
	if found == nil {
		return metav1.OwnerReference{}, false
	}
	return *found, true
}

// releasesFromLabel reads a driver Pod's spark-version label as the
// release it names: "3.5.1", or a vendor build such as
// "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT", whose Apache release is its leading
// numbers (sparkconf.ParseReleases ignores the suffix).
func releasesFromLabel(labels map[string]string, podName string) (sparkconf.Target, bool) {
	value, ok := labels[templates.LabelSparkVersion]
	if !ok || value == "" {
		return sparkconf.Target{}, false
	}
	rs, err := sparkconf.ParseReleases(value)
	if err != nil || len(rs) == 0 {
		return sparkconf.Target{}, false
	}
	return sparkconf.Target{Releases: rs, Source: sparkconf.SourceDriverPod, Detail: "pod " + podName}, true
}
