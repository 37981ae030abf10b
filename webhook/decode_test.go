package webhook

import (
	"bytes"
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

	theirs, ours := decoders()
	for i, in := range inputs {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkSameDecoding(t, theirs, ours, []byte(in)) })
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

// FuzzPodDecoder holds NewDecoder to controller-runtime's decoder on
// arbitrary bytes: both refuse them, or both decode the same Pod. Its
// seeds are the Pod fixtures and golden files, and JSON that the v2
// decoder NewDecoder tries first reads differently from sigs.k8s.io/json
// unless it refuses it.
func FuzzPodDecoder(f *testing.F) {
	for _, fx := range readFixtures(f, podFixtureGlobs...) {
		f.Add(fx.json)
	}
	for _, in := range []string{
		`{"metadata":{"name":"a","name":"b"}}`,
		`{"metadata":{"labels":{"a":"1"},"labels":{"b":"2"}}}`,
		`{"spec":{"containers":[{"name":"a"}],"containers":[{"image":"b"}]}}`,
		"{\"metadata\":{\"name\":\"\xff\"}}",
		`{"Metadata":{"Name":"a"},"spec":{"Containers":[{"name":"a"}]}}`,
		`{"spec":{"priority":1.0,"terminationGracePeriodSeconds":1e2}}`,
		`{"spec":{"containers":[{"resources":{"limits":{"cpu":1}}},null],"volumes":null}}`,
		`{"metadata":{"creationTimestamp":null,"deletionTimestamp":"2026-01-01T00:00:00Z"}}`,
		`{"spec":{"containers":[{"ports":[{"containerPort":"80"}]}]}}`,
		`{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":"http"}}}]}}`,
		`{"spec":{"overhead":{"cpu":"1e3"}},"status":{"startTime":"x"}}`,
		`{"spec":{"containers":[{"resources":{"requests":{"cpu":null}},"ports":[{"containerPort":null}]}]}}`,
		`{"spec":{"containers":[{"readinessProbe":{"tcpSocket":{"port":null}}}]},"metadata":{"labels":null}}`,
		`{"metadata":{"creationTimestamp":"2026-01-01T00:00:00.5Z","managedFields":[{"fieldsV1":{"f:a":{}},"fieldsType":"FieldsV1"}]}}`,
	} {
		f.Add([]byte(in))
	}
	theirs, ours := decoders()
	f.Fuzz(func(t *testing.T, raw []byte) { checkSameDecoding(t, theirs, ours, raw) })
}

// decoders returns controller-runtime's decoder and NewDecoder, for the
// same scheme.
func decoders() (theirs, ours admission.Decoder) {
	scheme := benchdata.Scheme()
	return admission.NewDecoder(scheme), NewDecoder(scheme)
}

// checkSameDecoding fails t unless theirs and ours both refuse in, or both
// decode it to the same Pod.
func checkSameDecoding(t *testing.T, theirs, ours admission.Decoder, in []byte) {
	t.Helper()
	raw := runtime.RawExtension{Raw: in}
	want, got := &corev1.Pod{}, &corev1.Pod{}
	errWant, errGot := theirs.DecodeRaw(raw, want), ours.DecodeRaw(raw, got)
	if (errWant == nil) != (errGot == nil) {
		t.Fatalf("%.300s:\ncontroller-runtime: %v\nNewDecoder: %v", in, errWant, errGot)
	}
	if errWant != nil {
		return
	}
	// Semantically equal, and encoded to the same bytes: a patch is
	// built from the encoding, where apimachinery's equality would let an
	// empty list pass for a missing one.
	if !equality.Semantic.DeepEqual(want, got) || !bytes.Equal(marshal(t, want), marshal(t, got)) {
		t.Fatalf("%.300s: (-controller-runtime +NewDecoder):\n%s", in, cmp.Diff(want, got))
	}
}

// BenchmarkPodDecoder decodes the benchmark's Spark driver, as the API
// server sends it, with NewDecoder and with controller-runtime's decoder.
func BenchmarkPodDecoder(b *testing.B) {
	pod, err := benchdata.LoadPod(benchdata.DriverFixture)
	if err != nil {
		b.Fatal(err)
	}
	raw := runtime.RawExtension{Raw: marshal(b, pod)}
	theirs, ours := decoders()
	for _, c := range []struct {
		name    string
		decoder admission.Decoder
	}{{"NewDecoder", ours}, {"controller-runtime", theirs}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw.Raw)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.decoder.DecodeRaw(raw, &corev1.Pod{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
