package sparkconf

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// benchFile is a realistic 200-line driver spark.properties: resources,
// labels, annotations, secretKeyRefs, volumes, SQL, Iceberg and S3A
// settings, continued JVM options.
var benchFile = filepath.Join("testdata", "bench-200.properties")

// benchPolicy is a policy the benchmark file satisfies.
var benchPolicy = Policy{
	Forbidden: []string{"spark.kubernetes.driver.master", "spark.kubernetes.authenticate.submission.*"},
	Required:  []string{"spark.kubernetes.namespace"},
	Bounds: []Bound{
		{Key: "spark.executor.instances", Max: "50"},
		{Key: "spark.executor.memory", Max: "16g"},
	},
	Allowed: []Allowed{{Key: "spark.scheduler.mode", Values: []string{"FAIR", "FIFO"}}},
}

// TestBenchFileIsClean keeps the benchmark honest: the file it measures is
// a valid one, so the benchmark walks every check rather than bailing out.
func TestBenchFileIsClean(t *testing.T) {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewValidator(Options{Policy: benchPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.ValidateData(data, Target{}).Problems; len(got) != 0 {
		t.Errorf("problems: %v", got)
	}
}

// BenchmarkParseValidate measures what the ConfigMap webhook does per
// admission request: parse a 200-line spark.properties and validate it,
// with a platform policy, for one release (the driver Pod named it) and for
// every release (nothing did: each key is checked on each side of every
// release where its rules change).
func BenchmarkParseValidate(b *testing.B) {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	v, err := NewValidator(Options{Policy: benchPolicy})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		known Target
	}{
		{name: "one-release", known: at(b, "3.5.1")},
		{name: "every-release", known: Target{Releases: AllReleases(), Source: SourceAll}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if ps := v.ValidateData(data, bc.known).Problems; slices.ContainsFunc(ps, isError) {
					b.Fatal(ps)
				}
			}
		})
	}
}
