package templates

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/sparkconf"
)

// What Spark keeps from a pod template. Spark builds its Pods on the
// template's (KubernetesUtils.loadPodFromTemplate, then the feature steps:
// new PodBuilder(pod.pod), new ContainerBuilder(pod.container) in
// BasicDriverFeatureStep and BasicExecutorFeatureStep, Spark 3.0 to 4.x), and
// sets neither these Pod fields nor these fields of its container, so a
// podTemplateFile's values reach the Pod unchanged. sparkhook merges them
// the same way: set where the Pod has none, replaced under Enforce.
//
// The exceptions are Spark's own:
//   - an executor's ports before Spark 3.4: BasicExecutorFeatureStep
//     replaced the template's with its block manager port (withPorts) until
//     SPARK-39546 (3.4.0) made it add its port to them, so ports merge into
//     drivers and into executors labelled spark-version 3.4 or later
//     (executorKeepsPorts; a registration warning says so);
//   - the driver's ports named driver-rpc-port, blockmanager and spark-ui,
//     which BasicDriverFeatureStep adds from spark.driver.port,
//     spark.driver.blockManager.port and spark.ui.port: never replaced;
//   - an executor's preStop hook when decommissioning is on
//     (spark.decommission.enabled; BasicExecutorFeatureStep replaces the
//     template's lifecycle with an exec of spark.kubernetes.decommission.script,
//     Spark 3.2+): never replaced.

// Pod defaults the API server fills in before webhooks run
// (SetDefaults_PodSpec): a Pod carrying them left the field unset, as
// spark-submit's Pods do, so a template may set it under Default.
var (
	unsetTerminationGracePeriod = ptr.To[int64](corev1.DefaultTerminationGracePeriodSeconds)
	unsetEnableServiceLinks     = ptr.To(corev1.DefaultEnableServiceLinks)
)

// sparkPortNames are the ports BasicDriverFeatureStep adds to the driver's
// container (Constants.scala DRIVER_PORT_NAME, BLOCK_MANAGER_PORT_NAME,
// UI_PORT_NAME); executors get blockmanager only.
var sparkPortNames = []string{"driver-rpc-port", "blockmanager", "spark-ui"}

var (
	pathSpecTerminationGracePeriod = pathSpec.Child("terminationGracePeriodSeconds")
	pathSpecEnableServiceLinks     = pathSpec.Child("enableServiceLinks")
	pathSpecActiveDeadline         = pathSpec.Child("activeDeadlineSeconds")
	pathSpecShareProcessNamespace  = pathSpec.Child("shareProcessNamespace")
)

// mergeKeptPodFields merges the Pod fields Spark keeps from a template.
// readinessGates merge by value (a gate is its condition type); the others
// are single values.
func (m *merger) mergeKeptPodFields() {
	spec, src := &m.pod.Spec, m.spec
	spec.TerminationGracePeriodSeconds = mergeScalar(m, spec.TerminationGracePeriodSeconds, src.TerminationGracePeriodSeconds, unsetTerminationGracePeriod, pathSpecTerminationGracePeriod)
	spec.EnableServiceLinks = mergeScalar(m, spec.EnableServiceLinks, src.EnableServiceLinks, unsetEnableServiceLinks, pathSpecEnableServiceLinks)
	spec.ActiveDeadlineSeconds = mergeScalar(m, spec.ActiveDeadlineSeconds, src.ActiveDeadlineSeconds, nil, pathSpecActiveDeadline)
	spec.ShareProcessNamespace = mergeScalar(m, spec.ShareProcessNamespace, src.ShareProcessNamespace, nil, pathSpecShareProcessNamespace)
	spec.ReadinessGates = mergeByValue(spec.ReadinessGates, src.ReadinessGates)
}

// mergeScalar merges a number or boolean held by pointer: set where the Pod
// has none or the API server's default (unset; nil where it fills in none),
// else replaced under Enforce or reported under Default. The result never
// points into the template.
func mergeScalar[T comparable](m *merger, dst, src, unset *T, path *field.Path) *T {
	switch {
	case src == nil || (dst != nil && *dst == *src):
		return dst
	case dst != nil && (unset == nil || *dst != *unset) && !m.enforce:
		m.conflict(path, fmt.Sprintf("%v, the template has %v", *dst, *src))
		return dst
	}
	v := *src
	return &v
}

// mergeKeptSparkFields merges the fields of the template's Spark container
// that Spark keeps (above) into the Pod's Spark container c: lifecycle and
// the probes as single values, workingDir, and on drivers the ports by
// name. tc is the merge's own copy of the template's container.
func (m *merger) mergeKeptSparkFields(c, tc *corev1.Container, path *field.Path) {
	if tc.Lifecycle != nil {
		m.mergeLifecycle(c, tc.Lifecycle, path.Child("lifecycle"))
	}
	if tc.LivenessProbe != nil {
		c.LivenessProbe = mergeStruct(m, c.LivenessProbe, tc.LivenessProbe, path.Child("livenessProbe"))
	}
	if tc.ReadinessProbe != nil {
		c.ReadinessProbe = mergeStruct(m, c.ReadinessProbe, tc.ReadinessProbe, path.Child("readinessProbe"))
	}
	if tc.StartupProbe != nil {
		c.StartupProbe = mergeStruct(m, c.StartupProbe, tc.StartupProbe, path.Child("startupProbe"))
	}
	if tc.WorkingDir != "" {
		m.mergeString(&c.WorkingDir, tc.WorkingDir, "", path.Child("workingDir"))
	}
	if len(tc.Ports) > 0 && (m.role == v1alpha1.RoleDriver || executorKeepsPorts(m.pod)) {
		c.Ports = m.mergePorts(c.Ports, tc.Ports, path.Child("ports"))
	}
}

// executorKeepsPorts reports whether the executor pod comes from a Spark
// release that keeps a template's ports: 3.4.0 and later
// (BasicExecutorFeatureStep adds its block manager port with addAllToPorts
// since SPARK-39546). Spark labels its executors with spark-version from
// 3.3; an executor without the label is older, and its Spark drops them.
// The label is read as the webhook reads a driver's (sparkconf.ParseVersion:
// a vendor suffix such as 3.4.1-amzn-0 is ignored).
func executorKeepsPorts(pod *corev1.Pod) bool {
	v, err := sparkconf.ParseVersion(pod.Labels[LabelSparkVersion])
	return err == nil && v.Compare(sparkconf.Version{Major: 3, Minor: 4}) >= 0
}

// mergeLifecycle merges the lifecycle, but never replaces Spark's
// decommission hook on an executor: Spark itself drops a template's
// lifecycle for it, and without it executors lose their shuffle and cached
// blocks when they are scaled down.
func (m *merger) mergeLifecycle(c *corev1.Container, src *corev1.Lifecycle, path *field.Path) {
	if m.enforce && m.role == v1alpha1.RoleExecutor && isDecommissionHook(c.Lifecycle) && !covers(src, c.Lifecycle) {
		m.warn(path, "not replaced: the executor has Spark's decommission hook (spark.decommission.enabled), which Spark puts in place of a template's lifecycle")
		return
	}
	c.Lifecycle = mergeStruct(m, c.Lifecycle, src, path)
}

// isDecommissionHook reports whether l is the lifecycle Spark gives an
// executor when decommissioning is on: a preStop exec of one command, the
// decommission script, and nothing else (BasicExecutorFeatureStep).
func isDecommissionHook(l *corev1.Lifecycle) bool {
	return l != nil && l.PostStart == nil && l.StopSignal == nil && l.PreStop != nil &&
		l.PreStop.Exec != nil && len(l.PreStop.Exec.Command) == 1 &&
		l.PreStop.HTTPGet == nil && l.PreStop.TCPSocket == nil && l.PreStop.Sleep == nil
}

// mergePorts merges the template's ports into the driver's Spark container:
// named ones by name, unnamed ones by value. A port named as one of Spark's
// own is left out under both policies (the registration warned of it,
// unmergedFieldWarnings): Spark sets it from its conf, and in a
// podTemplateFile it would be a second port of that name, which the API
// server refuses.
func (m *merger) mergePorts(dst, src []corev1.ContainerPort, path *field.Path) []corev1.ContainerPort {
	src = slices.DeleteFunc(src, func(p corev1.ContainerPort) bool { return isSparkPortName(p.Name) })
	var unnamed []corev1.ContainerPort
	src = slices.DeleteFunc(src, func(p corev1.ContainerPort) bool {
		if p.Name == "" {
			unnamed = append(unnamed, p)
			return true
		}
		return false
	})
	if len(src) > 0 {
		dst = mergeByName(m, dst, src, portName, path)
	}
	// By value as covers sees it: the API server defaults a port's
	// protocol after the merge, and a reinvocation must find it again.
	for i := range unnamed {
		if !slices.ContainsFunc(dst, func(p corev1.ContainerPort) bool { return covers(&unnamed[i], &p) }) {
			dst = append(dst, unnamed[i])
		}
	}
	return dst
}

func portName(p *corev1.ContainerPort) string { return p.Name }

func isSparkPortName(name string) bool { return slices.Contains(sparkPortNames, name) }

// templatePortIndex finds the template port that merged into the Pod's
// port p (mergePorts): by name, else by number and protocol; -1 for none.
func templatePortIndex(tmpl []corev1.ContainerPort, p *corev1.ContainerPort) int {
	if p.Name != "" {
		return indexByName(tmpl, p.Name, portName)
	}
	return slices.IndexFunc(tmpl, func(t corev1.ContainerPort) bool {
		return t.Name == "" && covers(&t, p)
	})
}
