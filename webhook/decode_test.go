package webhook

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook/patch/patchtest"
)

// TestDecoderMatchesControllerRuntime checks that NewDecoder decodes what
// controller-runtime's decoder decodes, to the same object, and refuses
// what it refuses: every Pod fixture and golden file, random Pods with
// every kind of apiVersion and kind (right, missing, another type's, an
// unknown version), and malformed objects.
func TestDecoderMatchesControllerRuntime(t *testing.T) {
	var inputs []string
	for _, fx := range readFixtures(t, podFixtureGlobs...) {
		inputs = append(inputs, string(fx.json))
	}
	typeMetas := []metav1.TypeMeta{{APIVersion: "v1", Kind: "Pod"}, {}, {APIVersion: "v1"}, {Kind: "Pod"},
		{APIVersion: "apps/v1", Kind: "Deployment"}, {APIVersion: "v2", Kind: "Pod"}, {APIVersion: "v1", Kind: "Service"}, {APIVersion: "apps/v1", Kind: "Pod"}}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 11))
		pod := &corev1.Pod{}
		patchtest.Fill(pod, r)
		pod.TypeMeta = typeMetas[r.IntN(len(typeMetas))]
		inputs = append(inputs, string(marshal(t, pod)))
	}
	inputs = append(inputs, `{`, `{"metadata":}`, `[]`, `null`, `"pod"`, ` {"apiVersion":"v1","kind":"Pod"}`,
		`{"apiVersion":"v1","kind":"Pod","spec":{"containers":"none"}}`, `{"metadata":{"labels":["spark-role"]}}`,
		`{"apiVersion":1,"kind":"Pod"}`, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"unknown":{"x":[1]}}`)

	scheme := benchdata.Scheme()
	theirs, ours := admission.NewDecoder(scheme), NewDecoder(scheme)
	for i, in := range inputs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			raw := runtime.RawExtension{Raw: []byte(in)}
			want, got := &corev1.Pod{}, &corev1.Pod{}
			errWant, errGot := theirs.DecodeRaw(raw, want), ours.DecodeRaw(raw, got)
			if (errWant == nil) != (errGot == nil) {
				t.Fatalf("%.300s:\ncontroller-runtime: %v\nNewDecoder: %v", in, errWant, errGot)
			}
			if errWant == nil && !equality.Semantic.DeepEqual(want, got) {
				t.Fatalf("%.300s: (-controller-runtime +NewDecoder):\n%s", in, cmp.Diff(want, got))
			}
		})
	}
	t.Run("ConfigMap", func(t *testing.T) {
		raw := runtime.RawExtension{Raw: []byte(`{"apiVersion":"v1","kind":"ConfigMap","data":{"spark.properties":"a=b"}}`)}
		want, got := &corev1.ConfigMap{}, &corev1.ConfigMap{}
		if err := theirs.DecodeRaw(raw, want); err != nil {
			t.Fatal(err)
		}
		if err := ours.DecodeRaw(raw, got); err != nil || !equality.Semantic.DeepEqual(want, got) {
			t.Fatalf("NewDecoder = %+v, %v; want %+v", got, err, want)
		}
	})
	t.Run("no content", func(t *testing.T) {
		if err := ours.Decode(admission.Request{}, &corev1.Pod{}); err == nil {
			t.Error("Decode of an empty request: no error")
		}
	})
}
