package webhook

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// TestPodHandlerRefusesMalformedRequests: the Pod handler checks the uid
// itself (so that its metrics count the refusal), then the kind and, for a
// Pod it would decode, UTF-8.
func TestPodHandlerRefusesMalformedRequests(t *testing.T) {
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
			got := h.Handle(context.Background(), tc.req())
			if got.Allowed || got.Result == nil || got.Result.Code != http.StatusBadRequest {
				t.Fatalf("answer = allowed %v, result %+v; want a 400", got.Allowed, got.Result)
			}
			if got.Result.Message != tc.wantMsg {
				t.Errorf("message = %q, want %q", got.Result.Message, tc.wantMsg)
			}
		})
	}
}

// TestRequireRequest: what the validating webhooks are wrapped in refuses
// a review without a request or uid before the handler sees it, and passes
// every other request on.
func TestRequireRequest(t *testing.T) {
	refused := admission.Errored(http.StatusBadRequest, field.Required(pathRequestUID, "an AdmissionReview needs a request with a uid"))
	withUID := func() admission.Request { return request(admissionv1.Update, "", []byte(`{}`)) }
	tests := []struct {
		name    string
		req     func() admission.Request
		want    admission.Response
		handled bool
	}{{
		name: "no request at all",
		req:  func() admission.Request { return admission.Request{} },
		want: refused,
	}, {
		name: "a request without a uid",
		req: func() admission.Request {
			r := withUID()
			r.UID = ""
			return r
		},
		want: refused,
	}, {
		name:    "a request with a uid",
		req:     withUID,
		want:    admission.Allowed("handled"),
		handled: true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			handled := false
			inner := admission.HandlerFunc(func(context.Context, admission.Request) admission.Response {
				handled = true
				return admission.Allowed("handled")
			})
			got := RequireRequest(inner).Handle(context.Background(), tc.req())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Handle() (-want +got):\n%s", diff)
			}
			if handled != tc.handled {
				t.Errorf("the wrapped handler ran: %v, want %v", handled, tc.handled)
			}
		})
	}
}

func TestPodHandlerLeavesAlone(t *testing.T) {
	driver := func(t *testing.T) []byte { return marshal(t, testPod("driver")) }
	tests := []struct {
		name string
		req  func(t *testing.T) admission.Request
		want admission.Response
	}{{
		name: "a Pod without spark-role",
		req: func(t *testing.T) admission.Request {
			p := testPod("driver")
			delete(p.Labels, "spark-role")
			return request(admissionv1.Create, "", marshal(t, p))
		},
		want: admission.Allowed("not a Spark pod"),
	}, {
		name: "a Pod with another spark-role",
		req: func(t *testing.T) admission.Request {
			return request(admissionv1.Create, "", marshal(t, testPod("shuffle-service")))
		},
		want: admission.Allowed("not a Spark pod"),
	}, {
		name: "UPDATE of a driver",
		req:  func(t *testing.T) admission.Request { return request(admissionv1.Update, "", driver(t)) },
		want: admission.Allowed(""),
	}, {
		name: "DELETE of a driver",
		req:  func(t *testing.T) admission.Request { return request(admissionv1.Delete, "", nil) },
		want: admission.Allowed(""),
	}, {
		name: "CONNECT to a driver's exec",
		req:  func(t *testing.T) admission.Request { return request(admissionv1.Connect, "exec", nil) },
		want: admission.Allowed(""),
	}, {
		name: "CREATE of a driver's binding subresource",
		req:  func(t *testing.T) admission.Request { return request(admissionv1.Create, "binding", driver(t)) },
		want: admission.Allowed(""),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newHandler(t, awsTemplate)
			got := h.Handle(context.Background(), tc.req(t))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Handle() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPodHandlerBadRequest(t *testing.T) {
	tests := []struct {
		name string
		raw  string
	}{
		{name: "malformed JSON", raw: `{"metadata": {"labels": {"spark-role": "driver"`},
		{name: "labels of the wrong type", raw: `{"metadata": {"labels": ["spark-role"]}}`},
		{name: "a Spark Pod whose spec does not decode", raw: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"spark-role": "driver"}}, "spec": {"containers": "none"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newHandler(t, awsTemplate)
			got := h.Handle(context.Background(), request(admissionv1.Create, "", []byte(tc.raw)))
			if got.Allowed || got.Result == nil || got.Result.Code != http.StatusBadRequest || len(got.Patches) != 0 {
				t.Errorf("Handle() = allowed %v, result %+v, %d patches; want a 400 denial without patches", got.Allowed, got.Result, len(got.Patches))
			}
		})
	}
}
