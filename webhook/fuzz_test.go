package webhook

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	admissionv1 "k8s.io/api/admission/v1"
	"sigs.k8s.io/yaml"
)

// FuzzPodHandler feeds the Pod handler arbitrary objects, as a broken or
// hostile client could have the API server send: it never panics and never
// answers with a server error, and whatever it allows decodes as a Pod.
func FuzzPodHandler(f *testing.F) {
	paths, err := filepath.Glob("../test/testdata/pods/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		js, err := yaml.YAMLToJSON(data)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(js)
	}
	f.Add([]byte(`{"metadata":{"labels":{"spark-role":"driver"}},"spec":{"containers":null}}`))
	f.Add([]byte(`{"metadata":{"labels":{"spark-role":"executor"}},"spec":{"containers":[{}]}}`))
	f.Add([]byte(`{"metadata":{"labels":{"spark-role":["driver"]}}}`))
	h, _ := newHandler(f, awsTemplate, teamTemplate)
	f.Fuzz(func(t *testing.T, raw []byte) {
		resp := h.Handle(context.Background(), request(admissionv1.Create, "", raw))
		if resp.Result != nil && resp.Result.Code >= 500 {
			t.Fatalf("server error %d for %q: %s", resp.Result.Code, raw, resp.Result.Message)
		}
		if !resp.Allowed || len(resp.Patches) == 0 {
			return
		}
		patch, err := jsonpatch.DecodePatch(marshal(t, resp.Patches))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := patch.Apply(raw); err != nil {
			t.Fatalf("the answered patch does not apply to the input: %v", err)
		}
	})
}
