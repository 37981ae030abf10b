package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// TestTemplateMissingPriorityClassWarned registers a template naming a
// PriorityClass that does not exist: it is stored, with a warning naming
// the field and the class; once the class exists, the same template is
// accepted without one.
func TestTemplateMissingPriorityClassWarned(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "priority", nil)
	class := "spark-" + rand.String(5)
	tmpl := parseTemplate(t, ns, fmt.Sprintf("metadata: {name: prio}\nspec:\n  template: {spec: {priorityClassName: %s}}", class))
	if err := c.Create(ctx, tmpl); err != nil {
		t.Fatalf("creating the template: %v", err)
	}
	want := []string{fmt.Sprintf(`spec.template.spec.priorityClassName: PriorityClass %q does not exist: the API server refuses every Pod that names it, so every Pod this template selects would be refused until it is created`, class)}
	if diff := cmp.Diff(want, warned.take()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	pc := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: class}, Value: 1000}
	if err := c.Create(ctx, pc); err != nil {
		t.Fatalf("creating the PriorityClass: %v", err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), pc) })
	cluster.Eventually(t, propagation, func() error {
		tmpl.Spec.Priority++
		if err := c.Update(ctx, tmpl); err != nil {
			return err
		}
		if w := warned.take(); len(w) > 0 {
			return fmt.Errorf("warnings after the class was created: %q", w)
		}
		return nil
	})
}
