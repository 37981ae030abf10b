package patch_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// keptPod is a Spark driver as the API server hands it to webhooks, with
// its defaults for the fields the template merges set (30, true).
const keptPod = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d","labels":{"spark-role":"driver"}},
"spec":{"terminationGracePeriodSeconds":30,"enableServiceLinks":true,
"containers":[{"name":"spark-kubernetes-driver","image":"apache/spark:3.5.1",
"ports":[{"name":"spark-ui","containerPort":4040,"protocol":"TCP"}],
"livenessProbe":{"exec":{"command":["own"]},"timeoutSeconds":1}}]}}`

// TestDiffKeptFields: the fields of what Spark keeps from a template
// (templates/merge_kept.go), set, replaced, and set to their zero values —
// false and 0, which a walk that took zero for absent would lose.
func TestDiffKeptFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*corev1.Pod)
	}{{
		name: "pointer scalars to their zero values",
		change: func(p *corev1.Pod) {
			p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](0)
			p.Spec.EnableServiceLinks = ptr.To(false)
			p.Spec.ShareProcessNamespace = ptr.To(false)
		},
	}, {
		name: "pointer scalars set and replaced",
		change: func(p *corev1.Pod) {
			p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](120)
			p.Spec.ActiveDeadlineSeconds = ptr.To[int64](86400)
			p.Spec.ShareProcessNamespace = ptr.To(true)
		},
	}, {
		name: "readiness gates, probes, lifecycle, workingDir and ports",
		change: func(p *corev1.Pod) {
			p.Spec.ReadinessGates = append(p.Spec.ReadinessGates, corev1.PodReadinessGate{ConditionType: "example.com/ready"})
			c := &p.Spec.Containers[0]
			c.LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/health", Port: intstr.FromInt32(4040)}}}
			c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromString("spark-ui")}}}
			c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 10}}}
			c.WorkingDir = "/opt/job"
			c.Ports = append(c.Ports, corev1.ContainerPort{Name: "jmx", ContainerPort: 9090})
		},
	}, {
		name: "a port replaced in place, a probe cleared",
		change: func(p *corev1.Pod) {
			c := &p.Spec.Containers[0]
			c.Ports = []corev1.ContainerPort{{Name: "spark-ui", ContainerPort: 4041}}
			c.LivenessProbe = nil
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkDiff(t, []byte(keptPod), tc.change) })
	}
}
