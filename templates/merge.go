package templates

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// defaultSchedulerName is what the API server fills into spec.schedulerName
// when a Pod names none; a template may replace it under either policy.
const defaultSchedulerName = corev1.DefaultSchedulerName

// MergeTemplate merges one compiled template into pod, a Spark Pod of the
// given role, following Spark's own pod-template semantics (README, Templates):
// maps merge by key, named lists by name, other lists by value, and single
// fields are set where the Pod has none. Under Default a conflict keeps the
// Pod's value and becomes a warning; under Enforce the template's value wins
// and anything that cannot be applied is returned as an error naming the
// field, for the caller to deny the Pod with. Every step checks before it
// sets, so merging a template into a Pod that already has it changes nothing.
//
// On error pod may be partly merged; callers merge into a copy.
func MergeTemplate(pod *corev1.Pod, role v1alpha1.SparkRole, t *Template) (Report, error) {
	before := classesOf(pod)
	report, err := mergeTemplate(pod, role, t)
	before.clearDerived(pod)
	return report, err
}

// mergeTemplate is MergeTemplate but for clearing what the API server
// derives from the Pod's classes: Apply does that once, after every
// template, against the Pod as it came.
func mergeTemplate(pod *corev1.Pod, role v1alpha1.SparkRole, t *Template) (Report, error) {
	m := newMerger(pod, role, t)
	m.mergeMetadata()
	m.mergeVolumes()
	m.mergeInitContainers()
	m.mergeSidecars()
	m.mergeSparkContainer()
	m.mergePodSpecFields()
	m.mergeKeptPodFields()
	if len(m.denials) > 0 {
		return m.report, &MergeError{Template: t.Key(), Errors: m.denials}
	}
	return m.report, nil
}

// Report is what merging one template found, besides what it changed.
type Report struct {
	// Warnings are for the submitter (admission warnings).
	Warnings []string
	// Conflicts counts the values and elements the Pod kept against the
	// template (Default): each is also a warning.
	Conflicts int
	// DanglingMounts counts the mounts of volumes that exist neither in the
	// template nor in the Pod: left out with a warning under Default, a
	// reason to deny under Enforce.
	DanglingMounts int

	// kept says where each conflict's warning is, for Apply to name whose
	// value was kept (nameKeptSources): the Pod's own, or a template's
	// merged before. Only conflicts pay for it.
	kept []keptNote
}

// keptNote is one conflict: Warnings[warning] is about path.
type keptNote struct {
	warning int
	path    *field.Path
	detail  string
}

// MergeError is a template that could not be applied under Enforce.
type MergeError struct {
	// Template is the template's key.
	Template string
	// Errors say what could not be applied, with field paths in the Pod.
	Errors field.ErrorList
}

func (e *MergeError) Error() string {
	return fmt.Sprintf("template %q (policy Enforce) cannot be applied: %v", e.Template, e.Errors.ToAggregate())
}

// merger carries one MergeTemplate call: the Pod, a private deep copy of the
// template's spec (so nothing of the shared, compiled template is ever
// aliased into a Pod; noSpec when the template sets nothing there), and
// what was found along the way.
type merger struct {
	pod     *corev1.Pod
	role    v1alpha1.SparkRole
	t       *Template
	spec    *corev1.PodSpec
	enforce bool
	report  Report
	denials field.ErrorList
	// leftOut are the names of the template's volumes the merge left out
	// while the Pod has a volume of that name (Spark's Secret volumes):
	// the template's mounts of them are left out too (keepMounted).
	leftOut []string
}

func newMerger(pod *corev1.Pod, role v1alpha1.SparkRole, t *Template) *merger {
	spec := &noSpec
	if !t.emptySpec {
		spec = t.Spec.DeepCopy()
	}
	return &merger{
		pod:     pod,
		role:    role,
		t:       t,
		spec:    spec,
		enforce: t.Policy == v1alpha1.PolicyEnforce,
	}
}

// noSpec is the spec of the templates that set nothing in it (secret env
// references, labels), shared rather than allocated per merge. A merge
// never writes to its spec but through the elements of its lists
// (dropDanglingMounts), of which noSpec has none.
var noSpec corev1.PodSpec

// Field paths merges report at, built once. Paths below them (an element's
// name, a key) are built where something is reported, but for the Spark
// container's own and that of each template container whose mounts are
// checked.
var (
	pathSpec        = field.NewPath("spec")
	pathContainers  = pathSpec.Child("containers")
	pathLabels      = field.NewPath("metadata", "labels")
	pathAnnotations = field.NewPath("metadata", "annotations")

	pathSpecNodeSelector      = pathSpec.Child("nodeSelector")
	pathSpecVolumes           = pathSpec.Child("volumes")
	pathSpecInitContainers    = pathSpec.Child("initContainers")
	pathSpecImagePullSecrets  = pathSpec.Child("imagePullSecrets")
	pathSpecAffinity          = pathSpec.Child("affinity")
	pathSpecSecurityContext   = pathSpec.Child("securityContext")
	pathSpecDNSConfig         = pathSpec.Child("dnsConfig")
	pathSpecHostAliases       = pathSpec.Child("hostAliases")
	pathSpecPriorityClassName = pathSpec.Child("priorityClassName")
	pathSpecSchedulerName     = pathSpec.Child("schedulerName")
	pathSpecRuntimeClassName  = pathSpec.Child("runtimeClassName")
)

// conflict records that the Pod and the template disagree at path. Under
// Default the Pod's value stays and the caller does nothing more. The
// warning says the Pod's value is kept; Apply, which knows the Pod as it
// came and the templates merged before, names a template instead when the
// value is one's (nameKeptSources).
func (m *merger) conflict(path *field.Path, detail string) {
	m.report.Conflicts++
	m.report.kept = append(m.report.kept, keptNote{warning: len(m.report.Warnings), path: path, detail: detail})
	m.report.Warnings = append(m.report.Warnings, conflictWarning(m.t.Key(), path, "the Pod's value", detail))
}

// conflictWarning is the warning for a conflict at path, where whose (the
// Pod's value, template "x"'s value) was kept against template key.
func conflictWarning(key string, path *field.Path, whose, detail string) string {
	return fmt.Sprintf("template %q: %s: %s is kept (%s)", key, path, whose, detail)
}

// warn records a warning about the template at path.
func (m *merger) warn(path *field.Path, msg string) {
	m.report.Warnings = append(m.report.Warnings, fmt.Sprintf("template %q: %s: %s", m.t.Key(), path, msg))
}

// cannot records what the template cannot apply: a warning under Default, a
// reason to deny the Pod under Enforce.
func (m *merger) cannot(path *field.Path, value any, msg string) {
	if m.enforce {
		m.denials = append(m.denials, field.Invalid(path, value, msg))
		return
	}
	m.warn(path, msg+"; left out")
}

func (m *merger) mergeMetadata() {
	m.pod.Labels = m.mergeMap(m.pod.Labels, withoutSparkLabels(m.pod.Labels, m.t.Labels), pathLabels)
	m.pod.Annotations = m.mergeMap(m.pod.Annotations, m.t.Annotations, pathAnnotations)
	m.pod.Spec.NodeSelector = m.mergeMap(m.pod.Spec.NodeSelector, m.spec.NodeSelector, pathSpecNodeSelector)
}

// mergeMap merges src into dst by key and returns dst, allocated if needed.
func (m *merger) mergeMap(dst, src map[string]string, path *field.Path) map[string]string {
	for k, v := range src {
		old, ok := dst[k]
		switch {
		case ok && old == v:
		case ok && !m.enforce:
			m.conflict(path.Key(k), fmt.Sprintf("%q, the template has %q", old, v))
		default:
			if dst == nil {
				dst = make(map[string]string, len(src))
			}
			dst[k] = v
		}
	}
	return dst
}

// mergePodSpecFields merges the pod spec fields that are neither containers
// nor volumes.
func (m *merger) mergePodSpecFields() {
	spec, src := &m.pod.Spec, m.spec
	spec.ImagePullSecrets = mergeByName(m, spec.ImagePullSecrets, src.ImagePullSecrets, pullSecretName, pathSpecImagePullSecrets)
	spec.Tolerations = mergeByValue(spec.Tolerations, src.Tolerations)
	spec.TopologySpreadConstraints = mergeByValue(spec.TopologySpreadConstraints, src.TopologySpreadConstraints)
	spec.Affinity = mergeStruct(m, spec.Affinity, src.Affinity, pathSpecAffinity)
	spec.SecurityContext = mergeStruct(m, spec.SecurityContext, src.SecurityContext, pathSpecSecurityContext)
	spec.DNSConfig = mergeStruct(m, spec.DNSConfig, src.DNSConfig, pathSpecDNSConfig)
	spec.HostAliases = mergeWhole(m, spec.HostAliases, src.HostAliases, pathSpecHostAliases)
	// Host namespaces pass validation only where the security policy
	// allows them; false is the same as unset, so a template can only
	// turn them on.
	spec.HostNetwork = spec.HostNetwork || src.HostNetwork
	spec.HostPID = spec.HostPID || src.HostPID
	spec.HostIPC = spec.HostIPC || src.HostIPC
	// What the API server derives from the two classes is cleared once
	// all templates are merged, and only if the class changed (classes).
	m.mergeString(&spec.PriorityClassName, src.PriorityClassName, "", pathSpecPriorityClassName)
	m.mergeString(&spec.SchedulerName, src.SchedulerName, defaultSchedulerName, pathSpecSchedulerName)
	if src.RuntimeClassName != nil {
		name := ptrValue(spec.RuntimeClassName)
		if m.mergeString(&name, *src.RuntimeClassName, "", pathSpecRuntimeClassName) {
			spec.RuntimeClassName = &name
		}
	}
}

// classes are the Pod's PriorityClass and RuntimeClass names before
// templates are merged.
type classes struct{ priority, runtime string }

func classesOf(pod *corev1.Pod) classes {
	return classes{pod.Spec.PriorityClassName, ptrValue(pod.Spec.RuntimeClassName)}
}

// clearDerived clears what the API server derived from a class the merges
// changed, so that it derives it again from the new class: the Priority
// admission plugin resolved the old priorityClassName into spec.priority
// and preemptionPolicy before webhooks ran, the RuntimeClass plugin the
// old runtimeClassName into spec.overhead, and both refuse a value that does
// not match the class. A class set to the value the Pod already had is no
// change: clearing then would leave the Pod without them for good (the
// plugins do not run again after a webhook's reinvocation), and the
// RuntimeClass plugin would refuse it.
func (c classes) clearDerived(pod *corev1.Pod) {
	if pod.Spec.PriorityClassName != c.priority {
		pod.Spec.Priority, pod.Spec.PreemptionPolicy = nil, nil
	}
	if ptrValue(pod.Spec.RuntimeClassName) != c.runtime {
		pod.Spec.Overhead = nil
	}
}

// mergeString merges a single string field, where unset is the value the
// API server defaults it to. It reports whether it changed dst.
func (m *merger) mergeString(dst *string, src, unset string, path *field.Path) bool {
	switch {
	case src == "" || *dst == src:
		return false
	case *dst != "" && *dst != unset && !m.enforce:
		m.conflict(path, fmt.Sprintf("%q, the template has %q", *dst, src))
		return false
	}
	*dst = src
	return true
}

// mergeVolumes adds the template's volumes by name, but for Spark's
// scratch volumes, whose source it replaces, and the Secret volumes Spark
// mounted, which it keeps (mergeSparkVolumes); the
// mounts merged after it may then use every volume the Pod has
// (keepMounted).
func (m *merger) mergeVolumes() {
	src := m.mergeSparkVolumes(m.spec.Volumes)
	m.pod.Spec.Volumes = mergeByName(m, m.pod.Spec.Volumes, src, volumeName, pathSpecVolumes)
}

func ptrValue(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
