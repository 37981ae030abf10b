package webhook

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
	"github.com/sparkhook/sparkhook/test/benchdata"
)

// TestForgetTemplates checks that a template leaving the registry — its
// file removed, its object deleted — takes its per-template series along,
// while the series of templates still registered, from the same source or
// another, stay.
func TestForgetTemplates(t *testing.T) {
	load := func(names ...string) []*templates.Template {
		var files []templates.File
		for _, n := range names {
			files = append(files, templates.File{Name: n + ".yaml", Data: fmt.Appendf(nil,
				"apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: %s}\nspec:\n  template:\n    metadata: {labels: {%s: \"true\"}}\n", n, n)})
		}
		ts, _, err := templates.LoadFiles(files)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	tests := []struct {
		name     string
		files    []string // the file source after the change
		cluster  []string // the cluster source after the change
		wantKept []string // templates with a series left
	}{
		{name: "nothing removed", files: []string{"a", "b"}, cluster: []string{"c"}, wantKept: []string{"a", "b", "c"}},
		{name: "a file removed", files: []string{"a"}, cluster: []string{"c"}, wantKept: []string{"a", "c"}},
		{name: "every file removed", cluster: []string{"c"}, wantKept: []string{"c"}},
		{name: "the cluster's removed", files: []string{"a", "b"}, wantKept: []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			metrics, err := NewMetrics(reg)
			if err != nil {
				t.Fatal(err)
			}
			registry := templates.NewRegistry()
			registry.OnRemoved(metrics.ForgetTemplates)
			registry.Replace(source.Files, load("a", "b"))
			registry.Replace("cluster", load("c"))
			h := NewPodHandler(benchdata.Scheme(), registry, config.Default(), metrics)
			if resp := h.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, testPod("driver")))); !resp.Allowed {
				t.Fatalf("driver: %+v", resp.Result)
			}
			registry.Replace(source.Files, load(tt.files...))
			registry.Replace("cluster", load(tt.cluster...))
			if diff := cmp.Diff(tt.wantKept, seriesOf(t, reg, "sparkhook_templates_applied_total")); diff != "" {
				t.Errorf("series left (-want +got):\n%s", diff)
			}
		})
	}
}

// seriesOf returns the template label of every series of the metric name
// that reg exports.
func seriesOf(t *testing.T, reg *prometheus.Registry, name string) []string {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "template" {
					out = append(out, l.GetValue())
				}
			}
		}
	}
	return out
}
