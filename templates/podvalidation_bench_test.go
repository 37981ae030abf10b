package templates_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/test/benchdata"
)

// BenchmarkValidatePod is the API server's Pod validation that the Pod
// webhook runs on every Spark Pod a template changed (ApplyValidated): on
// the real driver and executor as they come, and with the benchmark's five
// matching templates merged. Each Pod must pass it.
func BenchmarkValidatePod(b *testing.B) {
	registry, err := benchdata.Registry(10)
	if err != nil {
		b.Fatal(err)
	}
	for _, fixture := range []string{benchdata.DriverFixture, benchdata.ExecutorFixture} {
		pod, err := benchdata.LoadPod(fixture)
		if err != nil {
			b.Fatal(err)
		}
		role, _ := templates.RoleFromLabels(pod.Labels)
		selected, _, err := registry.Set().Select(templates.Query{Role: role, Namespace: pod.Namespace, PodLabels: labels.Set(pod.Labels)})
		if err != nil {
			b.Fatal(err)
		}
		merged := pod.DeepCopy()
		if out, err := templates.Apply(merged, role, selected); err != nil || len(out.Applied) != benchdata.Matching {
			b.Fatalf("applied %v, %v", out.Applied, err)
		}
		for _, c := range []struct {
			name string
			pod  *corev1.Pod
		}{{string(role), pod}, {string(role) + "-merged", merged}} {
			b.Run(c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if errs := templates.ValidatePod(c.pod); len(errs) > 0 {
						b.Fatal(errs.ToAggregate())
					}
				}
			})
		}
	}
}
