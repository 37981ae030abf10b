package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/google/go-cmp/cmp"
	gjsonpatch "gomodules.xyz/jsonpatch/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook/patch"
	"github.com/sparkhook/sparkhook/webhook/patch/patchtest"
)

// The Pod handler builds its patch by walking the decoded and the mutated
// Pod (patchResponse) instead of with jsonpatch.CreatePatch over the JSON
// documents. These tests prove, on every Pod fixture, every golden file
// (mutated Pods, as a reinvocation sends them), the benchmark workloads and
// random Pods, with every template set the tests and benchmarks use, that
// both patches give the same Pod: the mutated one.

// templateSets are the registries the property is checked with.
func templateSets(t testing.TB) map[string]*templates.Registry {
	t.Helper()
	sets := map[string]*templates.Registry{}
	examples, _, err := source.ReadTemplateDir("../deploy/examples/templates")
	if err != nil {
		t.Fatal(err)
	}
	handlerTests := []templates.File{{Name: "aws.yaml", Data: []byte(awsTemplate)}, {Name: "team.yaml", Data: []byte(teamTemplate)}}
	for name, files := range map[string][]templates.File{
		"examples":      examples,
		"handler-tests": handlerTests,
		"benchmarks":    benchdata.Templates(100),
		"kept-fields":   keptFieldTemplates,
	} {
		ts, _, err := templates.LoadFiles(files)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sets[name] = templates.NewRegistry()
		sets[name].Replace(source.Files, ts)
	}
	return sets
}

// checkPatches mutates the Pod of raw with each template set, and fails
// unless the handler's patch and CreatePatch's both apply to raw and give
// the mutated Pod. A Pod that is not a Spark Pod or is denied is skipped.
func checkPatches(t *testing.T, sets map[string]*templates.Registry, raw []byte) {
	t.Helper()
	decoder := admission.NewDecoder(benchdata.Scheme())
	for name, registry := range sets {
		pod := &corev1.Pod{}
		if err := decoder.DecodeRaw(runtime.RawExtension{Raw: raw}, pod); err != nil {
			t.Fatalf("decoding: %v", err)
		}
		role, ok := templates.RoleFromLabels(pod.Labels)
		if !ok {
			return
		}
		original := pod.DeepCopy()
		m := &PodMutator{Templates: registry, Config: config.Default()}
		result, err := m.Mutate(context.Background(), pod, role, pod.Namespace)
		if err != nil {
			continue
		}
		if !equality.Semantic.DeepEqual(result.Before, original) {
			t.Fatalf("%s: Mutation.Before is not the Pod Mutate received (-received +Before):\n%s", name, cmp.Diff(original, result.Before))
		}
		mutated, err := json.Marshal(pod)
		if err != nil {
			t.Fatal(err)
		}
		want := decodePod(t, mutated)
		ours := patchResponse(raw, result.Before, pod)
		checkEncoding(t, ours.Patches)
		theirs := admission.PatchResponseFromRaw(raw, mutated)
		for _, r := range []struct {
			who  string
			resp admission.Response
		}{{"patchResponse", ours}, {"CreatePatch", theirs}} {
			ops, err := json.Marshal(r.resp.Patches)
			if err != nil {
				t.Fatal(err)
			}
			got := decodePod(t, applyJSONPatch(t, raw, ops))
			if !equality.Semantic.DeepEqual(got, want) {
				t.Errorf("%s: %s's patch %s gives (-mutated +patched):\n%s", name, r.who, ops, cmp.Diff(want, got))
			}
		}
	}
}

func TestPatchMatchesCreatePatch(t *testing.T) {
	sets := templateSets(t)
	for _, fx := range readFixtures(t, podFixtureGlobs...) {
		t.Run(fx.name, func(t *testing.T) { checkPatches(t, sets, fx.json) })
	}
	workloads, err := benchdata.Workloads()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range workloads {
		t.Run("workload/"+w.Name, func(t *testing.T) { checkPatches(t, sets, marshal(t, w.Pod)) })
	}
	n := 300
	if testing.Short() {
		n = 30
	}
	for seed := range uint64(n) {
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) { checkRandomSparkPod(t, sets, seed) })
	}
}

// FuzzPatchMatchesCreatePatch is the random part of
// TestPatchMatchesCreatePatch for `go test -fuzz`.
func FuzzPatchMatchesCreatePatch(f *testing.F) {
	for seed := range uint64(10) {
		f.Add(seed)
	}
	sets := templateSets(f)
	f.Fuzz(func(t *testing.T, seed uint64) { checkRandomSparkPod(t, sets, seed) })
}

// checkRandomSparkPod checks a Pod fixture changed at random, or, one time
// in four, a random Pod: either made a Spark driver or executor.
func checkRandomSparkPod(t *testing.T, sets map[string]*templates.Registry, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 7))
	paths, err := filepath.Glob("../test/testdata/pods/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Pod fixtures: %v", err)
	}
	pod := &corev1.Pod{}
	if r.IntN(4) == 0 {
		patchtest.Fill(pod, r)
	} else {
		data, err := os.ReadFile(paths[r.IntN(len(paths))])
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, pod); err != nil {
			t.Fatal(err)
		}
		for range 1 + r.IntN(4) {
			patchtest.Change(&pod.Spec, r)
		}
		if r.IntN(2) == 0 {
			patchtest.Change(&pod.ObjectMeta, r)
		}
	}
	pod.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[templates.LabelSparkRole] = []string{"driver", "executor"}[r.IntN(2)]
	checkPatches(t, sets, marshal(t, pod))
}

// checkEncoding fails unless patch.Marshal, which EncodePatches serves, and
// json.Marshal, which admission.Response.Complete would use, encode ops to
// the same bytes.
func checkEncoding(t *testing.T, ops []gjsonpatch.Operation) {
	t.Helper()
	want, err := json.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	got, err := patch.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("patch.Marshal:\n%s\njson.Marshal:\n%s", got, want)
	}
}

func decodePod(t *testing.T, data []byte) *corev1.Pod {
	t.Helper()
	pod := &corev1.Pod{}
	if err := json.Unmarshal(data, pod); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return pod
}

func applyJSONPatch(t *testing.T, doc, ops []byte) []byte {
	t.Helper()
	if string(ops) == "null" {
		return doc
	}
	p, err := jsonpatch.DecodePatch(ops)
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Apply(doc)
	if err != nil {
		t.Fatalf("applying %s: %v", ops, err)
	}
	return out
}
