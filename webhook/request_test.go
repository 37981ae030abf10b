package webhook

import (
	"context"
	"net/http"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

func TestMalformedRequestsAreRefused(t *testing.T) {
	spark := func() admission.Request {
		return request(admissionv1.Create, "", []byte(`{"metadata":{"labels":{"spark-role":"driver"}},"spec":{"containers":[{"name":"spark-kubernetes-driver"}]}}`))
	}
	tests := []struct {
		name    string
		req     func() admission.Request
		wantMsg string
	}{{
		name:    "no request at all",
		req:     func() admission.Request { return admission.Request{} },
		wantMsg: "request.uid: Required value: an AdmissionReview needs a request with a uid",
	}, {
		name: "a request without a uid",
		req: func() admission.Request {
			r := spark()
			r.UID = ""
			return r
		},
		wantMsg: "request.uid: Required value: an AdmissionReview needs a request with a uid",
	}, {
		name: "a ConfigMap sent to the Pod webhook",
		req: func() admission.Request {
			r := spark()
			r.Kind = metav1.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}
			return r
		},
		wantMsg: `request.kind: Unsupported value: "/v1, Kind=ConfigMap": supported values: "/v1, Kind=Pod"`,
	}, {
		name: "a Pod of another group",
		req: func() admission.Request {
			r := spark()
			r.Kind = metav1.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Pod"}
			return r
		},
		wantMsg: `request.kind: Unsupported value: "example.com/v1, Kind=Pod": supported values: "/v1, Kind=Pod"`,
	}, {
		name: "an object that is not UTF-8",
		req: func() admission.Request {
			return request(admissionv1.Create, "", []byte("{\"metadata\":{\"labels\":{\"spark-role\":\"driver\",\"team\":\"\xff\xfe\"}}}"))
		},
		wantMsg: `request.object: Invalid value: "": the object is not valid UTF-8`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newHandler(t, awsTemplate)
			got := RequireRequest(h).Handle(context.Background(), tc.req())
			if got.Allowed || got.Result == nil || got.Result.Code != http.StatusBadRequest {
				t.Fatalf("answer = allowed %v, result %+v; want a 400", got.Allowed, got.Result)
			}
			if got.Result.Message != tc.wantMsg {
				t.Errorf("message = %q, want %q", got.Result.Message, tc.wantMsg)
			}
		})
	}
}

func TestRequireRequestPassesWellFormedRequests(t *testing.T) {
	h, _ := newHandler(t, awsTemplate)
	got := RequireRequest(h).Handle(context.Background(), request(admissionv1.Create, "", marshal(t, testPod("driver"))))
	if !got.Allowed || len(got.Patches) == 0 {
		t.Fatalf("a well-formed driver: allowed %v, %d patches; want it mutated", got.Allowed, len(got.Patches))
	}
}
