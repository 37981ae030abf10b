package templates_test

import (
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/test/benchdata"
)

// BenchmarkSelectApply is the part of an admission that depends on the
// number of registered templates: select those that apply to the real
// Spark driver and executor (5 of 10, 100, 1000) and merge them into a
// copy of the Pod. With selection indexed, its cost must not grow with the
// number of templates (README, Performance). webhook's BenchmarkPodWebhook measures the
// whole admission.
func BenchmarkSelectApply(b *testing.B) {
	for _, fixture := range []string{benchdata.DriverFixture, benchdata.ExecutorFixture} {
		pod, err := benchdata.LoadPod(fixture)
		if err != nil {
			b.Fatal(err)
		}
		role, _ := templates.RoleFromLabels(pod.Labels)
		for _, n := range []int{10, 100, 1000} {
			registry, err := benchdata.Registry(n)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/templates=%d", role, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					p := pod.DeepCopy()
					selected, _, err := registry.Set().Select(templates.Query{
						Role: role, Namespace: p.Namespace, PodLabels: labels.Set(p.Labels),
						Requested: templates.RequestedTemplates(p.Annotations),
					})
					if err != nil || len(selected) != benchdata.Matching {
						b.Fatalf("selected %d templates (%v), want %d", len(selected), err, benchdata.Matching)
					}
					if out, err := templates.Apply(p, role, selected); err != nil || len(out.Applied) != benchdata.Matching {
						b.Fatalf("applied %v, %v", out.Applied, err)
					}
				}
			})
		}
	}
}
