package patch_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/google/go-cmp/cmp"
	gjsonpatch "gomodules.xyz/jsonpatch/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	kjson "sigs.k8s.io/json"

	"github.com/sparkhook/sparkhook/webhook/patch"
	"github.com/sparkhook/sparkhook/webhook/patch/patchtest"
)

// unknown is a member no Go type knows, put in every document: a patch must
// leave it alone (jsonpatch.CreatePatch of a re-encoded value removes it).
const unknown = `"zzUnknown":{"keep":[1,"two"]},`

// checkDiff is the property every patch must have: applied, with an RFC
// 6902 implementation, to the document from was decoded from, it gives a
// document that decodes to to; so does jsonpatch.CreatePatch's, which it
// replaces; unknown members stay; and a value diffed with its own decoding
// gives no patch at all.
func checkDiff[T any](t *testing.T, raw []byte, change func(*T)) {
	t.Helper()
	raw = append([]byte("{"+unknown), raw[1:]...)
	from, to := decode[T](t, raw), decode[T](t, raw)
	if ops, err := patch.Diff(from, to); err != nil || len(ops) != 0 {
		t.Fatalf("Diff of a value with itself = %s, %v; want no operations", marshal(t, ops), err)
	}
	change(to)
	ops, err := patch.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	ours := marshal(t, ops)
	if enc, err := patch.Marshal(ops); err != nil || !bytes.Equal(enc, ours) {
		t.Fatalf("patch.Marshal = %s, %v; json.Marshal = %s", enc, err, ours)
	}
	patched, err := apply(raw, ours)
	if err != nil {
		t.Fatalf("applying %s: %v\ndocument: %s", ours, err, raw)
	}
	want := decode[T](t, marshal(t, to))
	if got := decode[T](t, patched); !equality.Semantic.DeepEqual(got, want) {
		t.Fatalf("patch %s gives (-want +got):\n%s\ndocument: %s", ours, cmp.Diff(want, got), raw)
	}
	if !bytes.Contains(patched, []byte(`"zzUnknown":{"keep":[1,"two"]}`)) && !bytes.HasPrefix(ours, []byte(`[{"op":"add","path":""`)) {
		t.Errorf("patch %s lost a member unknown to the type", ours)
	}
	theirs, err := gjsonpatch.CreatePatch(raw, marshal(t, to))
	if err != nil {
		t.Fatal(err)
	}
	refPatched, err := apply(raw, marshal(t, theirs))
	if err != nil {
		t.Fatal(err)
	}
	if ref := decode[T](t, refPatched); !equality.Semantic.DeepEqual(ref, decode[T](t, patched)) {
		t.Fatalf("patch %s and CreatePatch's %s give different values (-CreatePatch +Diff):\n%s", ours, marshal(t, theirs), cmp.Diff(ref, decode[T](t, patched)))
	}
}

// TestDiffRandomPods checks the property on random Pods with random
// changes: fields set and cleared, elements appended, removed and changed,
// map keys with characters JSON pointers escape.
func TestDiffRandomPods(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	for seed := range uint64(n) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkRandomPod(t, seed) })
	}
}

// FuzzDiff is TestDiffRandomPods for `go test -fuzz FuzzDiff`.
func FuzzDiff(f *testing.F) {
	for seed := range uint64(20) {
		f.Add(seed)
	}
	f.Fuzz(checkRandomPod)
}

func checkRandomPod(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x5bd1e995))
	pod := &corev1.Pod{}
	patchtest.Fill(pod, r)
	checkDiff(t, marshal(t, pod), func(p *corev1.Pod) {
		for range 1 + r.IntN(6) {
			patchtest.Change(p, r)
		}
	})
}

// shapes has a member of every shape the differ tells apart, and the JSON
// options Kubernetes types do not use.
type shapes struct {
	Embedded `json:",inline"`
	Str      string            `json:"str"`
	StrOmit  string            `json:"strOmit,omitempty"`
	Int      *int64            `json:"int,omitempty"`
	Zero     inner             `json:"zero,omitzero"`
	Value    inner             `json:"value"`
	Ptr      *inner            `json:"ptr"`
	List     []inner           `json:"list,omitempty"`
	Ptrs     []*inner          `json:"ptrs"`
	Nested   map[string][]int  `json:"nested,omitempty"`
	Dict     map[string]*inner `json:"dict"`
	Any      any               `json:"any,omitempty"`
	Array    [2]int            `json:"array"`
	Bytes    []byte            `json:"bytes,omitempty"`
	Skipped  string            `json:"-"`
}

// Embedded is flattened into shapes.
type Embedded struct {
	Flat string `json:"flat,omitempty"`
}

type inner struct {
	A string            `json:"a,omitempty"`
	B []string          `json:"b"`
	C map[string]string `json:"c,omitempty"`
}

func TestDiffShapes(t *testing.T) {
	for seed := range uint64(1000) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			v := &shapes{}
			patchtest.Fill(v, r)
			v.Any = map[string]any{"k": []any{"v", 1.5}}
			checkDiff(t, marshal(t, v), func(s *shapes) {
				patchtest.Change(&s.Embedded, r)
				patchtest.Change(&s.Str, r)
				patchtest.Change(&s.StrOmit, r)
				patchtest.Change(&s.Int, r)
				patchtest.Change(&s.Zero, r)
				patchtest.Change(&s.Value, r)
				patchtest.Change(&s.Ptr, r)
				patchtest.Change(&s.List, r)
				patchtest.Change(&s.Ptrs, r)
				patchtest.Change(&s.Nested, r)
				patchtest.Change(&s.Dict, r)
				patchtest.Change(&s.Array, r)
				patchtest.Change(&s.Bytes, r)
				if r.IntN(3) == 0 {
					s.Any = []any{"changed"}
				}
			})
		})
	}
}

func TestDiffRefusesWhatItCannotDiff(t *testing.T) {
	type quoted struct {
		N int `json:"n,string"`
	}
	if _, err := patch.Diff(&quoted{N: 1}, &quoted{N: 2}); err == nil {
		t.Error("Diff of a field encoded as a string: no error, want one to fall back on")
	}
	type intKeys struct {
		M map[int]string `json:"m"`
	}
	if _, err := patch.Diff(&intKeys{}, &intKeys{M: map[int]string{1: "a"}}); err == nil {
		t.Error("Diff of a map with int keys: no error, want one to fall back on")
	}
}

func decode[T any](t *testing.T, data []byte) *T {
	t.Helper()
	v := new(T)
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func apply(doc, ops []byte) ([]byte, error) {
	p, err := jsonpatch.DecodePatch(ops)
	if err != nil {
		return nil, err
	}
	return p.Apply(doc)
}

func TestMarshalMatchesJSON(t *testing.T) {
	ops := []gjsonpatch.Operation{
		{Operation: "add", Path: "/a", Value: nil},
		{Operation: "replace", Path: "/b/0", Value: "x"},
		{Operation: "remove", Path: "/c"},
		{Operation: "remove", Path: "/c", Value: 1},
		{Operation: "test", Path: "/d"},
		{Operation: "add", Path: "/metadata/annotations/a~1b<&>\"é\u2028", Value: map[string]any{"<": []any{1.5, nil}}},
	}
	want := marshal(t, ops)
	got, err := patch.Marshal(ops)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("Marshal = %s, %v; want %s", got, err, want)
	}
	for _, ops := range [][]gjsonpatch.Operation{nil, {}} {
		if got, _ := patch.Marshal(ops); !bytes.Equal(got, marshal(t, ops)) {
			t.Errorf("Marshal(%#v) = %s, want %s", ops, got, marshal(t, ops))
		}
	}
}
