package webhook

import (
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	kjson "sigs.k8s.io/json"
)

// NewDecoder returns an admission.Decoder for the types scheme knows that
// reads a JSON object once. controller-runtime's decoder (apimachinery's
// universal deserializer) reads it twice: once with encoding/json only to
// find its apiVersion and kind, then to decode it with sigs.k8s.io/json;
// on a Spark Pod the first pass cost nearly as much as the second. This one
// decodes with sigs.k8s.io/json, case-sensitive and keeping integers, as
// that second pass does, and checks the apiVersion and kind afterwards by
// the same rules (missing ones default to the target's). Anything else —
// YAML, unstructured targets, types the scheme does not know — goes to
// controller-runtime's decoder.
func NewDecoder(scheme *runtime.Scheme) admission.Decoder {
	return &decoder{Decoder: admission.NewDecoder(scheme), scheme: scheme}
}

type decoder struct {
	admission.Decoder
	scheme *runtime.Scheme
}

func (d *decoder) Decode(req admission.Request, into runtime.Object) error {
	return d.DecodeRaw(req.Object, into)
}

func (d *decoder) DecodeRaw(raw runtime.RawExtension, into runtime.Object) error {
	data := raw.Raw
	if len(data) == 0 {
		return errors.New("there is no content to decode")
	}
	_, unstructured := into.(runtime.Unstructured)
	kinds, _, err := d.scheme.ObjectKinds(into)
	if data[0] != '{' || unstructured || err != nil || len(kinds) != 1 {
		return d.Decoder.DecodeRaw(raw, into)
	}
	if err := unmarshal(data, into); err != nil {
		return err
	}
	want := kinds[0]
	if got := withDefaults(into.GetObjectKind().GroupVersionKind(), want); got != want {
		return fmt.Errorf("the object is a %s, not a %s", got, want)
	}
	return nil
}

// unmarshal decodes data into obj as sigs.k8s.io/json does, case-sensitive
// and keeping integers. A Pod, the object on every Spark admission, is first
// read with the JSON v2 decoder (go-json-experiment/json), about twice as
// fast on a Spark driver and with a third of the allocations: a Pod has no
// field of interface type, where the two would read numbers differently,
// and by default v2 refuses what the two would read differently — duplicate
// names, invalid UTF-8 — rather than guess. Anything v2 refuses goes to
// sigs.k8s.io/json, so errors and edge cases stay the API machinery's own;
// TestDecoderMatchesControllerRuntime and FuzzPodDecoder hold the two to
// the same Pod.
func unmarshal(data []byte, obj runtime.Object) error {
	if pod, ok := obj.(*corev1.Pod); ok {
		// Into a fresh Pod, so that what v2 read before refusing is not
		// left for sigs.k8s.io/json to merge into. Every caller decodes
		// into a zero Pod, as controller-runtime's own handlers do.
		var fresh corev1.Pod
		if jsonv2.Unmarshal(data, &fresh) == nil {
			*pod = fresh
			return nil
		}
	}
	return kjson.UnmarshalCaseSensitivePreserveInts(data, obj)
}

// withDefaults fills in what the object leaves out of its apiVersion and
// kind from def, as apimachinery's JSON serializer does (gvkWithDefaults).
func withDefaults(gvk, def schema.GroupVersionKind) schema.GroupVersionKind {
	if gvk.Kind == "" {
		gvk.Kind = def.Kind
	}
	if gvk.Version == "" && gvk.Group == "" {
		gvk.Group, gvk.Version = def.Group, def.Version
	}
	if gvk.Version == "" && gvk.Group == def.Group {
		gvk.Version = def.Version
	}
	return gvk
}
