package templates

import (
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Limits on one template. Every replica keeps every registered template in
// memory, and every admission of a Pod it selects walks it, so a template's
// size is a cost paid per replica and per Pod, not once. The limits are far
// above what a Spark pod template needs (the largest in test/testdata is
// under 4 KiB; Spark's own examples are under 1 KiB) and low enough that
// the registry's memory is bounded by the number of templates, which a
// ResourceQuota on count/sparkpodtemplates.sparkhook.io bounds per
// namespace (README, Template limits).
const (
	// MaxTemplateBytes bounds spec.template as stored (JSON). The API
	// server accepts objects up to 1.5 MiB (etcd's request limit); a
	// template of that size cost ~3.6 MB of heap in every replica.
	MaxTemplateBytes = 64 << 10
	// MaxAnnotationBytes bounds the template's annotations, keys and
	// values together. They are copied into every Pod the template selects,
	// whose annotations may total 256 KiB (the API server's
	// TotalAnnotationSizeLimitB), shared with Spark, the submitter and
	// every other template.
	MaxAnnotationBytes = 16 << 10
	// MaxLabelCount bounds the template's labels.
	MaxLabelCount = 64
)

// listLimit is the most elements a template may have in one list.
type listLimit struct {
	// path is the list's field path below spec.template.spec, for messages;
	// container lists are checked per container.
	path string
	max  int
}

// Per-list limits. The merge walks a Pod's list once per element of the
// template's, so these bound the work per admission as well as memory.
var (
	limitContainers     = listLimit{"containers", 8}
	limitInitContainers = listLimit{"initContainers", 8}
	limitVolumes        = listLimit{"volumes", 64}
	limitTolerations    = listLimit{"tolerations", 32}
	limitTopologySpread = listLimit{"topologySpreadConstraints", 8}
	limitHostAliases    = listLimit{"hostAliases", 32}
	limitPullSecrets    = listLimit{"imagePullSecrets", 16}
	limitNodeSelector   = listLimit{"nodeSelector", 32}
	limitEnv            = listLimit{"env", 256}
	limitEnvFrom        = listLimit{"envFrom", 32}
	limitVolumeMounts   = listLimit{"volumeMounts", 64}
	limitPorts          = listLimit{"ports", 32}
	limitSecretEnv      = listLimit{"secretEnv", 256}
)

// checkLimit refuses a list of n elements at path over l, naming the limit.
func checkLimit(n int, l listLimit, path *field.Path) field.ErrorList {
	if n <= l.max {
		return nil
	}
	return field.ErrorList{field.TooMany(path, n, l.max)}
}

// validateRawSize refuses a spec.template over MaxTemplateBytes before it
// is decoded, so that an oversized template costs no more than its bytes.
func validateRawSize(spec *v1alpha1.SparkPodTemplateSpec, path *field.Path) field.ErrorList {
	if n := len(spec.Template.Raw); n > MaxTemplateBytes {
		return field.ErrorList{field.TooLong(path.Child("template"), fmt.Sprintf("(%d bytes)", n), MaxTemplateBytes)}
	}
	return checkLimit(len(spec.SecretEnv), limitSecretEnv, path.Child("secretEnv"))
}

// validateLimits refuses a decoded template over any per-list or
// annotation limit, each error naming the limit.
func validateLimits(pt *corev1.PodTemplateSpec, path *field.Path) field.ErrorList {
	meta := path.Child("metadata")
	errs := checkLimit(len(pt.Labels), listLimit{"labels", MaxLabelCount}, meta.Child("labels"))
	size := 0
	for _, k := range slices.Sorted(maps.Keys(pt.Annotations)) {
		size += len(k) + len(pt.Annotations[k])
	}
	if size > MaxAnnotationBytes {
		errs = append(errs, field.TooLong(meta.Child("annotations"), fmt.Sprintf("(%d bytes)", size), MaxAnnotationBytes))
	}
	spec := path.Child("spec")
	s := &pt.Spec
	for _, c := range []struct {
		n int
		l listLimit
	}{
		{len(s.Containers), limitContainers}, {len(s.InitContainers), limitInitContainers},
		{len(s.Volumes), limitVolumes}, {len(s.Tolerations), limitTolerations},
		{len(s.TopologySpreadConstraints), limitTopologySpread}, {len(s.HostAliases), limitHostAliases},
		{len(s.ImagePullSecrets), limitPullSecrets}, {len(s.NodeSelector), limitNodeSelector},
	} {
		errs = append(errs, checkLimit(c.n, c.l, spec.Child(c.l.path))...)
	}
	for i := range s.Containers {
		errs = append(errs, containerLimits(&s.Containers[i], spec.Child("containers").Index(i))...)
	}
	for i := range s.InitContainers {
		errs = append(errs, containerLimits(&s.InitContainers[i], spec.Child("initContainers").Index(i))...)
	}
	return errs
}

func containerLimits(c *corev1.Container, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, l := range []struct {
		n int
		l listLimit
	}{{len(c.Env), limitEnv}, {len(c.EnvFrom), limitEnvFrom}, {len(c.VolumeMounts), limitVolumeMounts}, {len(c.Ports), limitPorts}} {
		errs = append(errs, checkLimit(l.n, l.l, path.Child(l.l.path))...)
	}
	return errs
}
