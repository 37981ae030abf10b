package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

// enforceTemplate is an Enforce template that sets both classes, an env
// var repeated in the Pod, a sidecar and a node selector to its own value.
func enforceTemplate(name string, priority int) string {
	return fmt.Sprintf(`
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: %[1]s}
spec:
  policy: Enforce
  priority: %[2]d
  template:
    spec:
      priorityClassName: pc-%[1]s
      runtimeClassName: rc-%[1]s
      nodeSelector: {pool: %[1]s}
      containers:
      - {name: spark-kubernetes-driver, env: [{name: LEVEL, value: %[1]s}]}
      - {name: audit, image: "audit:%[1]s"}
`, name, priority)
}

// TestPodHandlerEnforceTwiceNoPatch: with two Enforce templates that
// disagree on everything, the API server's second call (reinvocation), on
// the Pod the first patch and its Priority and RuntimeClass plugins made,
// gets no patch: Enforce conflicts are settled the same way on every pass,
// and spec.priority and overhead are left alone when the classes end up
// as they came.
func TestPodHandlerEnforceTwiceNoPatch(t *testing.T) {
	tests := []struct {
		name      string
		templates []string
	}{
		{name: "in priority order", templates: []string{enforceTemplate("low", 1), enforceTemplate("high", 2)}},
		{name: "in the other order of names", templates: []string{enforceTemplate("zzz", 1), enforceTemplate("aaa", 2)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newHandler(t, tc.templates...)
			pod := testPod("driver")
			pod.Spec.Containers[0].Env = append(pod.Spec.Containers[0].Env, corev1.EnvVar{Name: "LEVEL", Value: "mine"}, corev1.EnvVar{Name: "LEVEL", Value: "again"})
			raw := marshal(t, pod)
			first := h.Handle(context.Background(), request(admissionv1.Create, "", raw))
			if !first.Allowed || len(first.Patches) == 0 {
				t.Fatalf("first Handle() = allowed %v, %d patches, result %+v; want a patch", first.Allowed, len(first.Patches), first.Result)
			}
			patched := &corev1.Pod{}
			if err := json.Unmarshal(applyPatches(t, raw, first), patched); err != nil {
				t.Fatal(err)
			}
			// What the API server's plugins derive from the new classes.
			patched.Spec.Priority = ptr.To[int32](1000)
			patched.Spec.PreemptionPolicy = ptr.To(corev1.PreemptLowerPriority)
			patched.Spec.Overhead = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("120Mi")}
			for _, e := range patched.Spec.Containers[0].Env {
				if e.Name == "LEVEL" && e.Value != patched.Spec.NodeSelector["pool"] {
					t.Errorf("env LEVEL=%q survived the Enforce template %q", e.Value, patched.Spec.NodeSelector["pool"])
				}
			}
			again := h.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, patched)))
			if !again.Allowed || len(again.Patches) != 0 || again.PatchType != nil {
				t.Errorf("second Handle() = allowed %v, patches %v; want allowed, no patch", again.Allowed, patchJSON(t, again))
			}
		})
	}
}
