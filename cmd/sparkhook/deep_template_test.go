package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"

	"github.com/sparkhook/sparkhook/webhook"
)

// TestServeDeepTemplate sends a running `sparkhook serve` the review of a
// SparkPodTemplate nested 10,000 levels deep, as the API server sends it
// for such an object (its spec.template is schemaless): the answer carries
// the request's uid and refuses the object with a 400, where
// controller-runtime alone answers without uid or apiVersion and the API
// server reports a 500.
func TestServeDeepTemplate(t *testing.T) {
	s := startServe(t, exampleTemplatesDir)
	const uid = "d33p0000-0000-4000-8000-000000010000"
	nested := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	body := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"` + uid + `",` +
		`"kind":{"group":"sparkhook.io","version":"v1alpha1","kind":"SparkPodTemplate"},"resource":{"group":"sparkhook.io","version":"v1alpha1","resource":"sparkpodtemplates"},` +
		`"name":"deep","namespace":"team-a","operation":"CREATE","userInfo":{"username":"alice"},` +
		`"object":{"apiVersion":"sparkhook.io/v1alpha1","kind":"SparkPodTemplate","metadata":{"name":"deep","namespace":"team-a"},"spec":{"template":` + nested + `}}}}`
	resp, review := s.reviewAt(t, webhook.PathValidateSparkPodTemplate+"?timeout=5s", []byte(body))
	type answer struct {
		Status     int
		APIVersion string
		UID        string
		Allowed    bool
		Code       int32
		Message    string
	}
	got := answer{Status: resp.StatusCode, APIVersion: review.APIVersion, UID: string(review.Response.UID), Allowed: review.Response.Allowed}
	if r := review.Response.Result; r != nil {
		got.Code, got.Message = r.Code, r.Message
	}
	want := answer{Status: 200, APIVersion: "admission.k8s.io/v1", UID: uid, Code: 400,
		Message: "request.object: Invalid value: nested 10004 levels deep in the AdmissionReview; sparkhook reads at most 1000 levels, and no Kubernetes object needs more than a few dozen"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
}

// reviewAt posts an AdmissionReview to path (with its query) and returns
// the HTTP response (body consumed) and the decoded reply.
func (s *testServer) reviewAt(t *testing.T, path string, body []byte) (*http.Response, *admissionv1.AdmissionReview) {
	t.Helper()
	resp, err := s.client.Post("https://"+s.addr+path, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("posting the review: %v", err)
	}
	defer resp.Body.Close()
	out := &admissionv1.AdmissionReview{}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil || out.Response == nil {
		t.Fatalf("the reply (HTTP %d) is no AdmissionReview with a response: %v", resp.StatusCode, err)
	}
	return resp, out
}
