package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/sparkhook/sparkhook/webhook"
)

// hostileAnswer is what a running serve must answer to one request: the
// HTTP status, then the answer's apiVersion, whether it allows, the code of
// its result, and a phrase of the result's message that says what is wrong.
type hostileAnswer struct {
	status     int
	apiVersion string
	allowed    bool
	code       int32
	message    string
	patched    bool
}

// TestHostileRequests sends a running `sparkhook serve` one request of each
// malformed or hostile kind over HTTPS, and checks that each gets a clear
// answer (an AdmissionReview whose result names what is wrong, never a 5xx)
// and that the server goes on serving Spark Pods after all of them.
func TestHostileRequests(t *testing.T) {
	s := startServe(t, exampleTemplatesDir)
	v1 := "admission.k8s.io/v1"
	// What controller-runtime refuses before it has decoded a review it
	// answers with an AdmissionReview that has no apiVersion or kind: only
	// something other than the API server sends such requests.
	unversioned := ""
	tests := []struct {
		name        string
		contentType string
		body        func(t *testing.T) []byte
		want        hostileAnswer
	}{{
		name: "empty body",
		body: func(*testing.T) []byte { return nil },
		want: hostileAnswer{status: 200, apiVersion: unversioned, code: 400, message: "request body is empty"},
	}, {
		name: "not JSON",
		body: func(*testing.T) []byte { return []byte("<AdmissionReview/>") },
		want: hostileAnswer{status: 200, apiVersion: unversioned, code: 400, message: "couldn't get version/kind; json parse error"},
	}, {
		name:        "wrong Content-Type",
		contentType: "text/plain",
		body:        func(t *testing.T) []byte { return readJSON(t, driverReview) },
		want:        hostileAnswer{status: 200, apiVersion: unversioned, code: 400, message: "contentType=text/plain, expected application/json"},
	}, {
		// The API server sends only the versions webhooks.yaml lists (v1).
		// controller-runtime reads an AdmissionReview of any version into
		// v1, whose shape v1beta1 shares, and answers in the sender's
		// version, which is what an API server that sent it can read.
		name: "an AdmissionReview v1beta1",
		body: editReview(func(r map[string]any) { r["apiVersion"] = "admission.k8s.io/v1beta1" }),
		want: hostileAnswer{status: 200, apiVersion: "admission.k8s.io/v1beta1", allowed: true, code: 200, patched: true},
	}, {
		name: "an AdmissionReview of a version that does not exist",
		body: editReview(func(r map[string]any) { r["apiVersion"] = "admission.k8s.io/v2" }),
		want: hostileAnswer{status: 200, apiVersion: "admission.k8s.io/v2", allowed: true, code: 200, patched: true},
	}, {
		name: "no request",
		body: editReview(func(r map[string]any) { delete(r, "request") }),
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: "request.uid: Required value"},
	}, {
		name: "a uid missing",
		body: editReview(func(r map[string]any) { delete(request(r), "uid") }),
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: "request.uid: Required value"},
	}, {
		name: "a ConfigMap for a Pod",
		body: editReview(func(r map[string]any) {
			request(r)["object"] = map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
				"metadata": map[string]any{"name": "x", "labels": map[string]any{"spark-role": "driver"}}, "data": map[string]any{"a": "b"}}
		}),
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: "request.object: the object is a /v1, Kind=ConfigMap, not a /v1, Kind=Pod"},
	}, {
		name: "a Pod whose spec is not a PodSpec",
		body: editReview(func(r map[string]any) { object(r)["spec"] = "run spark" }),
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: "request.object: json: cannot unmarshal string into Go struct field Pod.spec"},
	}, {
		name: "a request for another kind",
		body: editReview(func(r map[string]any) {
			request(r)["kind"] = map[string]any{"group": "", "version": "v1", "kind": "Secret"}
		}),
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: `request.kind: Unsupported value: "/v1, Kind=Secret"`},
	}, {
		name: "DELETE",
		body: editReview(func(r map[string]any) {
			req := request(r)
			req["operation"], req["oldObject"] = "DELETE", req["object"]
			delete(req, "object")
		}),
		want: hostileAnswer{status: 200, apiVersion: v1, allowed: true, code: 200},
	}, {
		name: "CONNECT",
		body: editReview(func(r map[string]any) {
			req := request(r)
			req["operation"], req["subResource"] = "CONNECT", "exec"
			req["object"] = map[string]any{"kind": "PodExecOptions", "apiVersion": "v1", "command": []string{"sh"}}
		}),
		want: hostileAnswer{status: 200, apiVersion: v1, allowed: true, code: 200},
	}, {
		// controller-runtime reads at most 7 MiB; the API server itself
		// refuses objects over 3 MiB, so only something else sends this.
		name: "a body over the size limit",
		body: func(t *testing.T) []byte {
			return editReview(func(r map[string]any) {
				object(r)["metadata"].(map[string]any)["annotations"] = map[string]any{"padding": strings.Repeat("x", 8<<20)}
			})(t)
		},
		want: hostileAnswer{status: 200, apiVersion: unversioned, code: 413, message: "request entity is too large; limit is 7340032 bytes"},
	}, {
		name: "deeply nested JSON",
		body: func(t *testing.T) []byte {
			return bytes.Replace(readJSON(t, driverReview), []byte(`"spec":`), []byte(`"spec":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+`,"nested":`), 1)
		},
		want: hostileAnswer{status: 200, apiVersion: unversioned, code: 400, message: "exceeded max depth"},
	}, {
		name: "invalid UTF-8",
		body: func(t *testing.T) []byte {
			return bytes.Replace(readJSON(t, driverReview), []byte(`"spark-role":"driver"`), []byte("\"spark-role\":\"driver\",\"team\":\"\xff\xfe\""), 1)
		},
		want: hostileAnswer{status: 200, apiVersion: v1, code: 400, message: "request.object: Invalid value: \"\": the object is not valid UTF-8"},
	}, {
		// Unknown fields are ignored, as the API server's own lenient
		// decoding does, and the patch leaves them as they are.
		name: "unknown fields",
		body: editReview(func(r map[string]any) {
			r["extra"] = true
			request(r)["priority"] = "high"
			object(r)["spec"].(map[string]any)["gpuCount"] = 4
		}),
		want: hostileAnswer{status: 200, apiVersion: v1, allowed: true, code: 200, patched: true},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			contentType := tc.contentType
			if contentType == "" {
				contentType = "application/json"
			}
			got := s.hostile(t, contentType, tc.body(t))
			if !strings.Contains(got.message, tc.want.message) {
				t.Errorf("message %q does not say %q", got.message, tc.want.message)
			}
			got.message = tc.want.message // checked above: only a phrase of it
			if got != tc.want {
				t.Errorf("answer = %+v, want %+v", got, tc.want)
			}
		})
	}
	// The server is still there and still mutates.
	resp, review := s.review(t, readJSON(t, driverReview))
	if resp.StatusCode != http.StatusOK || !review.Response.Allowed || len(review.Response.Patch) == 0 {
		t.Fatalf("after the hostile requests: HTTP %d, %+v; want the driver mutated", resp.StatusCode, review.Response)
	}
}

// hostile posts body and reads the answer, which must be an AdmissionReview
// whenever the status is 200.
func (s *testServer) hostile(t *testing.T, contentType string, body []byte) hostileAnswer {
	t.Helper()
	resp, err := s.client.Post("https://"+s.addr+webhook.PathMutatePod, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("posting: %v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := hostileAnswer{status: resp.StatusCode}
	if resp.StatusCode != http.StatusOK {
		return got
	}
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(data, &review); err != nil || review.Response == nil {
		t.Fatalf("the answer is not an AdmissionReview (%v): %.300s", err, data)
	}
	r := review.Response
	got.apiVersion, got.allowed, got.patched = review.APIVersion, r.Allowed, len(r.Patch) > 0
	got.code = http.StatusOK
	if r.Result != nil {
		got.code, got.message = r.Result.Code, r.Result.Message
	}
	return got
}

// editReview returns the driver review with edit applied to it as JSON.
func editReview(edit func(review map[string]any)) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		t.Helper()
		var review map[string]any
		if err := json.Unmarshal(readJSON(t, driverReview), &review); err != nil {
			t.Fatal(err)
		}
		edit(review)
		data, err := json.Marshal(review)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
}

func request(review map[string]any) map[string]any { return review["request"].(map[string]any) }
func object(review map[string]any) map[string]any  { return request(review)["object"].(map[string]any) }
