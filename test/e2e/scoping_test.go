package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/rand"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// scopeCase is a Spark driver dry-run in a namespace, with annotations, and
// the value a template's label must have on it (empty: not applied).
type scopeCase struct {
	name        string
	namespace   func() string
	annotations []string
	label, want string
	warning     string // in a warning, when set
}

// TestTemplateNamespaceScoping checks where templates apply (README, Templates): a
// template in namespace A applies to Spark Pods in A and never in B, even
// when a Pod in B asks for it by name; a template in sparkhook's own
// namespace applies to the namespaces its namespaceSelector matches,
// including one created the moment before the Pod.
func TestTemplateNamespaceScoping(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	tier := "gold-" + rand.String(5)
	nsA := newNamespace(t, c, "team-a", nil)
	nsB := newNamespace(t, c, "team-b", nil)
	nsGold := newNamespace(t, c, "gold", map[string]string{"e2e-tier": tier})
	for _, tmpl := range []*v1alpha1.SparkPodTemplate{
		parseTemplate(t, nsA, `
metadata: {name: team-a}
spec:
  template: {metadata: {labels: {team: a}}}`),
		parseTemplate(t, nsA, `
metadata: {name: extra}
spec:
  onRequest: true
  template: {metadata: {labels: {extra: "yes"}}}`),
		parseTemplate(t, env.Namespace, fmt.Sprintf(`
metadata: {name: %s}
spec:
  namespaceSelector: {matchLabels: {e2e-tier: %s}}
  template: {metadata: {labels: {tier: gold}}}`, tier, tier)),
	} {
		if err := c.Create(ctx, tmpl); err != nil {
			t.Fatalf("creating template %s/%s: %v", tmpl.Namespace, tmpl.Name, err)
		}
		t.Cleanup(func() { c.Delete(context.Background(), tmpl) })
	}
	// Once these show, sparkhook has all three templates.
	cluster.Eventually(t, propagation, func() error {
		a := probeDriver(t, c, nsA, v1alpha1.AnnotationTemplates, "extra")
		gold := probeDriver(t, c, nsGold)
		if a.Labels["team"] != "a" || a.Labels["extra"] != "yes" || gold.Labels["tier"] != "gold" {
			return fmt.Errorf("templates not applied yet: driver in A labelled %v, in %s %v", a.Labels, nsGold, gold.Labels)
		}
		return nil
	})
	warned.take()

	tests := []scopeCase{
		{"A's template in A", func() string { return nsA }, nil, "team", "a", ""},
		{"A's template not in B", func() string { return nsB }, nil, "team", "", ""},
		{"A's on-request template asked for in A", func() string { return nsA }, []string{v1alpha1.AnnotationTemplates, "extra"}, "extra", "yes", ""},
		{"A's on-request template asked for in B", func() string { return nsB }, []string{v1alpha1.AnnotationTemplates, "extra"}, "extra", "", `no template named "extra"`},
		{"namespaceSelector matching", func() string { return nsGold }, nil, "tier", "gold", ""},
		{"namespaceSelector not matching", func() string { return nsA }, nil, "tier", "", ""},
	}
	// Before sparkhook waited for its cache to learn of a new namespace, up
	// to 3 in 100 such Pods were refused ("namespace ... not found") in our
	// runs. A race: these cases catch a regression only sometimes.
	for i := range 20 {
		tests = append(tests, scopeCase{fmt.Sprintf("namespace created just before the Pod #%d", i), func() string {
			return newNamespace(t, c, "new-gold", map[string]string{"e2e-tier": tier})
		}, nil, "tier", "gold", ""})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := probeDriver(t, c, tt.namespace(), tt.annotations...)
			if got := pod.Labels[tt.label]; got != tt.want {
				t.Errorf("driver label %s=%q, want %q (sparkhook.io/applied: %s)", tt.label, got, tt.want, pod.Annotations[v1alpha1.AnnotationApplied])
			}
			warnings := strings.Join(warned.take(), "\n")
			if tt.warning != "" {
				containsAll(t, "the warnings", warnings, tt.warning)
			}
		})
	}
}
