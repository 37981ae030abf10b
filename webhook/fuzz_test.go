package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	admissionv1 "k8s.io/api/admission/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// FuzzPodHandler feeds the Pod handler arbitrary objects, as a broken or
// hostile client could have the API server send: it never panics and never
// answers with a server error, and whatever it allows decodes as a Pod.
func FuzzPodHandler(f *testing.F) {
	for _, fx := range readFixtures(f, "../test/testdata/pods/*.yaml") {
		f.Add(fx.json)
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

// FuzzAdmissionReview feeds the served webhook (controller-runtime's
// admission.Webhook around the Pod handler, as `sparkhook serve` registers
// it) arbitrary request bodies, as anything that reaches the port could
// send: it never panics, always answers HTTP 200 with an AdmissionReview
// (the API server reads nothing else), and the answer never carries a code
// of 500 or more.
func FuzzAdmissionReview(f *testing.F) {
	for _, fx := range readFixtures(f, "../test/testdata/reviews/*.json") {
		f.Add(fx.json)
	}
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","object":{"metadata":{"labels":{"spark-role":"driver"}}}}}`))
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"}`))
	f.Add([]byte(`[]`))
	h, _ := newHandler(f, awsTemplate, teamTemplate)
	wh := &admission.Webhook{Handler: EncodePatches(h)}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, PathMutatePod, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		wh.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("HTTP %d for %q", rec.Code, body)
		}
		var review admissionv1.AdmissionReview
		if err := json.Unmarshal(rec.Body.Bytes(), &review); err != nil || review.Response == nil {
			t.Fatalf("the answer is not an AdmissionReview (%v): %s", err, rec.Body.Bytes())
		}
		if r := review.Response.Result; r != nil && r.Code >= 500 {
			t.Fatalf("server error %d for %q: %s", r.Code, body, r.Message)
		}
	})
}
