package e2e

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"

	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// TestEnforceReinvocationKeepsClasses: two Enforce templates of a team
// disagree on priorityClassName and runtimeClassName (RuntimeClasses with
// overhead), and a second webhook makes the API server call sparkhook again.
// The driver is admitted with the higher-priority template's classes and the
// priority and overhead the API server derives from them: sparkhook's
// second call neither flips the classes nor clears what was derived, which
// the RuntimeClass admission would refuse.
func TestEnforceReinvocationKeepsClasses(t *testing.T) {
	c, _ := newClient(t)
	ns := newNamespace(t, c, "enforce-twice", nil)
	id := rand.String(5)
	for i, name := range []string{"low", "high"} {
		create(t, c, &nodev1.RuntimeClass{
			ObjectMeta: metav1.ObjectMeta{Name: "rc-" + name + "-" + id}, Handler: "runc",
			Overhead: &nodev1.Overhead{PodFixed: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(fmt.Sprintf("%dMi", 10*(i+1)))}},
		})
		create(t, c, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "pc-" + name + "-" + id}, Value: int32(100 * (i + 1))})
		create(t, c, parseTemplate(t, ns, fmt.Sprintf(`
metadata: {name: %[1]s}
spec:
  policy: Enforce
  priority: %[2]d
  template: {spec: {priorityClassName: pc-%[1]s-%[3]s, runtimeClassName: rc-%[1]s-%[3]s}}`, name, i, id)))
	}
	var injected atomic.Int32
	installInjector(t, c, ns, &injected)
	cluster.Eventually(t, propagation, func() error {
		pod := probeDriver(t, c, ns)
		if names := containerNames(pod.Spec.Containers); !slices.Contains(names, meshProxy.Name) || ptrString(pod.Spec.RuntimeClassName) == "" {
			return fmt.Errorf("containers %v, runtimeClassName %q: the injector or the templates are not in place yet", names, ptrString(pod.Spec.RuntimeClassName))
		}
		return nil
	})

	before := requests(t, webhook.PathMutatePod)
	pod := probeDriver(t, c, ns)
	if n := requests(t, webhook.PathMutatePod) - before; n != 2 {
		t.Errorf("sparkhook answered %v requests for the Pod, want 2: the first call and the reinvocation", n)
	}
	if got, want := ptrString(pod.Spec.RuntimeClassName), "rc-high-"+id; got != want {
		t.Errorf("runtimeClassName = %q, want %q", got, want)
	}
	if got, want := pod.Spec.PriorityClassName, "pc-high-"+id; got != want {
		t.Errorf("priorityClassName = %q, want %q", got, want)
	}
	if pod.Spec.Priority == nil || *pod.Spec.Priority != 200 {
		t.Errorf("priority = %v, want 200, from pc-high", pod.Spec.Priority)
	}
	if got := pod.Spec.Overhead[corev1.ResourceMemory]; got.Cmp(resource.MustParse("20Mi")) != 0 {
		t.Errorf("overhead memory = %s, want 20Mi, from rc-high", got.String())
	}
}
