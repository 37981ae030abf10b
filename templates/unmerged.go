package templates

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// mergedPodSpecFields are the pod spec fields sparkhook merges
// (docs/templates.md, Merge rules); any other field a template sets is
// reported when the template is registered, never silently dropped.
var mergedPodSpecFields = sets.New(
	"containers", "initContainers", "volumes", "imagePullSecrets", "nodeSelector",
	"tolerations", "topologySpreadConstraints", "affinity", "priorityClassName",
	"schedulerName", "runtimeClassName", "securityContext", "dnsConfig", "hostAliases",
	"hostNetwork", "hostPID", "hostIPC",
	// What Spark keeps from a template (merge_kept.go).
	"terminationGracePeriodSeconds", "enableServiceLinks", "activeDeadlineSeconds",
	"shareProcessNamespace", "readinessGates",
)

// mergedSparkContainerFields are the fields of a template's Spark container
// that merge into the Pod's. name and image are expected (Spark's own
// templates carry image: will-be-overwritten) and ignored: Spark replaces
// the image (BasicDriverFeatureStep, BasicExecutorFeatureStep).
var mergedSparkContainerFields = sets.New(
	"name", "image", "env", "envFrom", "volumeMounts", "volumeDevices",
	"securityContext", "imagePullPolicy", "resources",
	// What Spark keeps from a template (merge_kept.go).
	"lifecycle", "livenessProbe", "readinessProbe", "startupProbe", "workingDir", "ports",
)

// unmergedPodSpecReasons say why sparkhook leaves a pod spec field of a
// template out, where the reason is Spark's or the API server's.
var unmergedPodSpecReasons = map[string]string{
	"restartPolicy":                "Spark sets it on every Pod it builds (Never; Always for executors of its statefulset allocator), over a podTemplateFile's (BasicDriverFeatureStep, BasicExecutorFeatureStep)",
	"hostname":                     "Spark sets each executor's from the Pod's name (BasicExecutorFeatureStep), and one value on many Pods would give them one hostname",
	"subdomain":                    "it is a Pod's own DNS name, which one template would give every Pod it selects",
	"setHostnameAsFQDN":            "it is a Pod's own DNS name, which one template would give every Pod it selects",
	"serviceAccountName":           "Spark sets it from spark.kubernetes.authenticate.{driver,executor}.serviceAccountName, and the API server mounted the token of the Pod's service account before webhooks ran",
	"serviceAccount":               "Spark sets it from spark.kubernetes.authenticate.{driver,executor}.serviceAccountName, and the API server mounted the token of the Pod's service account before webhooks ran",
	"automountServiceAccountToken": "the API server mounted the service account's token (or not) before webhooks ran",
	"nodeName":                     "it binds a Pod to one node past the scheduler; use nodeSelector or affinity",
	"priority":                     "the API server resolves it from priorityClassName (which merges) and refuses a value that does not match",
	"preemptionPolicy":             "the API server resolves it from priorityClassName (which merges) and refuses a value that does not match",
	"overhead":                     "the API server resolves it from runtimeClassName (which merges) and refuses a value that does not match",
	"dnsPolicy":                    "the API server has defaulted it (ClusterFirst) before webhooks see a Pod, so a submitter's choice cannot be told from the default; set it in the podTemplateFile",
	"ephemeralContainers":          "the API server refuses them when a Pod is created",
}

// unmergedSparkContainerReasons are unmergedPodSpecReasons for the fields
// of a template's Spark container.
var unmergedSparkContainerReasons = map[string]string{
	"command": "Spark starts its container through the image's entrypoint with its own args (driver or executor, BasicDriverFeatureStep, BasicExecutorFeatureStep, DriverCommandFeatureStep); sparkhook never changes how Spark starts",
	"args":    "Spark starts its container through the image's entrypoint with its own args (driver or executor, BasicDriverFeatureStep, BasicExecutorFeatureStep, DriverCommandFeatureStep); sparkhook never changes how Spark starts",
}

// unmergedFieldWarnings names every field the template sets that sparkhook
// does not merge, and why, so that nothing a platform team wrote is dropped
// silently. It also says that a Spark container's ports reach executors of
// Spark 3.4+ only: before, Spark replaced an executor's ports with its block
// manager port (BasicExecutorFeatureStep, withPorts until SPARK-39546), and
// sparkhook does as Spark.
func unmergedFieldWarnings(spec *corev1.PodSpec, spark sparkContainers, path *field.Path) []string {
	var warnings []string
	for _, k := range setFields(spec, mergedPodSpecFields) {
		warnings = append(warnings, fmt.Sprintf("%s: not merged by sparkhook: %s", path.Child(k), unmergedReason(unmergedPodSpecReasons, k, mergedPodSpecFields)))
	}
	for i := range spec.Containers {
		if !spark.isSpark(i) {
			continue
		}
		cpath := path.Child("containers").Index(i)
		for _, k := range setFields(&spec.Containers[i], mergedSparkContainerFields) {
			warnings = append(warnings, fmt.Sprintf("%s: not merged into the Spark container by sparkhook: %s", cpath.Child(k), unmergedReason(unmergedSparkContainerReasons, k, mergedSparkContainerFields)))
		}
		if len(spec.Containers[i].Ports) > 0 && i == spark.executor {
			warnings = append(warnings, fmt.Sprintf("%s: merged into executors of Spark 3.4 and later only (spark-version label): before 3.4 Spark replaced an executor's ports with its block manager port (BasicExecutorFeatureStep, SPARK-39546)", cpath.Child("ports")))
		}
		for j, p := range spec.Containers[i].Ports {
			if isSparkPortName(p.Name) {
				warnings = append(warnings, fmt.Sprintf("%s: not merged by sparkhook: Spark names its own port %q and sets it from its conf (spark.driver.port, spark.driver.blockManager.port, spark.ui.port; BasicDriverFeatureStep)", cpath.Child("ports").Index(j), p.Name))
			}
		}
	}
	return warnings
}

// unmergedReason is the reason for field k, else the list of what is merged.
func unmergedReason(reasons map[string]string, k string, merged sets.Set[string]) string {
	if r, ok := reasons[k]; ok {
		return r
	}
	return "it merges only " + strings.Join(sets.List(merged), ", ")
}

// setFields lists, sorted, the JSON fields v sets that are not in known.
func setFields(v any, known sets.Set[string]) []string {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	var out []string
	for k := range m {
		if !known.Has(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
