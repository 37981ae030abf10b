package e2e

import (
	"context"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestPlatformEnforceWins registers, in sparkhook's namespace, an Enforce
// template that sets runtimeClassName gvisor, a node selector and the
// audit sidecar's image for one namespace, and there a team's template that
// sets each to its own value — Enforce or Default, at a lower, the same and
// a higher priority, named to sort before and after the platform's. Through
// the real API server (its RuntimeClass admission included), the driver
// keeps the platform's values every time (README, Templates: precedence).
func TestPlatformEnforceWins(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	id := rand.String(5)
	gvisor, runc := runtimeClass(t, c, "gvisor-"+id, "runsc"), runtimeClass(t, c, "runc-"+id, "runc")
	ns := newNamespace(t, c, "precedence", map[string]string{"e2e-precedence": id})
	create(t, c, parseTemplate(t, env.Namespace, fmt.Sprintf(`
metadata: {name: p-platform-%[1]s}
spec:
  policy: Enforce
  priority: 0
  namespaceSelector: {matchLabels: {e2e-precedence: %[1]s}}
  sparkContainerName: spark-kubernetes-driver # none here: audit is a sidecar
  template:
    spec:
      runtimeClassName: %[2]s
      nodeSelector: {pool: platform}
      containers: [{name: audit, image: "audit:platform"}]`, id, gvisor)))

	tests := []struct {
		name     string
		template string // the team template's name
		policy   v1alpha1.MergePolicy
		priority int32
	}{
		{name: "Enforce, lower priority, named first", template: "a-team", policy: v1alpha1.PolicyEnforce, priority: -100},
		{name: "Enforce, lower priority, named last", template: "z-team", policy: v1alpha1.PolicyEnforce, priority: -100},
		{name: "Enforce, same priority, named first", template: "a-same", policy: v1alpha1.PolicyEnforce, priority: 0},
		{name: "Enforce, same priority, named last", template: "z-same", policy: v1alpha1.PolicyEnforce, priority: 0},
		{name: "Enforce, higher priority, named first", template: "a-high", policy: v1alpha1.PolicyEnforce, priority: 1000},
		{name: "Enforce, higher priority, named last", template: "z-high", policy: v1alpha1.PolicyEnforce, priority: 1000},
		{name: "Default, higher priority, named last", template: "z-default", policy: v1alpha1.PolicyDefault, priority: 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := parseTemplate(t, ns, fmt.Sprintf(`
metadata: {name: %s}
spec:
  policy: %s
  priority: %d
  sparkContainerName: spark-kubernetes-driver # none here: audit is a sidecar
  template:
    spec:
      runtimeClassName: %s
      nodeSelector: {pool: team}
      containers: [{name: audit, image: "audit:team"}]`, tt.template, tt.policy, tt.priority, runc))
			create(t, c, tmpl)
			pod := waitForTemplate(t, c, ns, tt.template)
			if got := ptrString(pod.Spec.RuntimeClassName); got != gvisor {
				t.Errorf("runtimeClassName = %q, want the platform's %q", got, gvisor)
			}
			if got := pod.Spec.NodeSelector["pool"]; got != "platform" {
				t.Errorf("nodeSelector pool = %q, want the platform's", got)
			}
			if got := containerImage(pod, "audit"); got != "audit:platform" {
				t.Errorf("audit sidecar image = %q, want the platform's", got)
			}
			if err := c.Delete(ctx, tmpl); err != nil {
				t.Errorf("deleting the team's template: %v", err)
			}
		})
	}
}

// runtimeClass creates a RuntimeClass, deleted when the test ends: the API
// server's RuntimeClass admission refuses a Pod naming one that does not
// exist.
func runtimeClass(t *testing.T, c client.Client, name, handler string) string {
	t.Helper()
	rc := &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Handler: handler}
	create(t, c, rc)
	return name
}

// create creates obj, deleted when the test ends.
func create(t *testing.T, c client.Client, obj client.Object) {
	t.Helper()
	if err := c.Create(context.Background(), obj); err != nil {
		t.Fatalf("creating %T %s: %v", obj, obj.GetName(), err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), obj) })
}

func ptrString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func containerImage(pod *corev1.Pod, name string) string {
	for _, ctr := range pod.Spec.Containers {
		if ctr.Name == name {
			return ctr.Image
		}
	}
	return ""
}
