package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestCutDeeperThan checks the depth scan and the cut on small documents:
// brackets inside strings, escaped quotes, and values cut in objects and
// arrays alike.
func TestCutDeeperThan(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		limit     int
		wantDepth int
		want      string
	}{
		{name: "shallow", in: `{"a":[1,{"b":2}]}`, limit: 3, wantDepth: 3, want: `{"a":[1,{"b":2}]}`},
		{name: "an object cut", in: `{"a":{"b":{"c":{}}},"d":1}`, limit: 2, wantDepth: 4, want: `{"a":{"b":null},"d":1}`},
		{name: "arrays cut", in: `[[[1],[2]],3]`, limit: 2, wantDepth: 3, want: `[[null,null],3]`},
		{name: "brackets in strings", in: `{"a":"{[\"{","b":{"c":"]}"}}`, limit: 1, wantDepth: 2, want: `{"a":"{[\"{","b":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scanDepth := func(data []byte) int {
				d, deepest := 0, 0
				scanJSON(data, func(_ int, c byte) {
					if c == '{' || c == '[' {
						d++
						deepest = max(deepest, d)
					} else {
						d--
					}
				})
				return deepest
			}
			depth := scanDepth([]byte(tt.in))
			got := string(cutDeeperThan([]byte(tt.in), tt.limit))
			if diff := cmp.Diff(struct {
				Depth int
				Out   string
			}{tt.wantDepth, tt.want}, struct {
				Depth int
				Out   string
			}{depth, got}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("%s is not JSON", got)
			}
		})
	}
}

// deepTemplateReview is the AdmissionReview of a SparkPodTemplate whose
// spec.template nests depth levels deep, as the API server would send it.
func deepTemplateReview(depth int) []byte {
	nested := strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth)
	obj := `{"apiVersion":"sparkhook.io/v1alpha1","kind":"SparkPodTemplate","metadata":{"name":"deep","namespace":"team-a"},"spec":{"template":` + nested + `}}`
	return []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"7e57d33p-0000-4000-8000-000000010000",` +
		`"kind":{"group":"sparkhook.io","version":"v1alpha1","kind":"SparkPodTemplate"},"resource":{"group":"sparkhook.io","version":"v1alpha1","resource":"sparkpodtemplates"},` +
		`"name":"deep","namespace":"team-a","operation":"CREATE","userInfo":{"username":"alice"},"object":` + obj + `}}`)
}

// TestDeepTemplateAnsweredWithUID sends a SparkPodTemplate nested 10,000
// levels deep to the template webhook served as `sparkhook serve` serves
// it: the answer is an AdmissionReview v1 with the request's uid, refusing
// the object with a 400 that names the depth — where controller-runtime
// alone answers without uid or apiVersion, which the API server turns into
// a 500. A template of ordinary depth passes through untouched.
func TestDeepTemplateAnsweredWithUID(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	served := func(guard bool) *httptest.Server {
		wh := admission.WithValidator[*v1alpha1.SparkPodTemplate](scheme, &TemplateValidator{OwnNamespace: "sparkhook"})
		wh.Handler = RequireRequest(wh.Handler)
		wh.WithContextFunc = RequestDeadline
		var h http.Handler = wh
		if guard {
			h = LimitDepth(wh)
		}
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	type answer struct {
		APIVersion, UID string
		Allowed         bool
		Code            int32
		Message         string
	}
	post := func(srv *httptest.Server, body []byte) answer {
		resp, err := http.Post(srv.URL+PathValidateSparkPodTemplate+"?timeout=5s", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		var review admissionv1.AdmissionReview
		if err := json.Unmarshal(data, &review); err != nil || review.Response == nil {
			t.Fatalf("HTTP %d, not an AdmissionReview (%v): %.300s", resp.StatusCode, err, data)
		}
		a := answer{APIVersion: review.APIVersion, UID: string(review.Response.UID), Allowed: review.Response.Allowed, Code: http.StatusOK}
		if r := review.Response.Result; r != nil {
			a.Code, a.Message = r.Code, r.Message
		}
		return a
	}
	uid := "7e57d33p-0000-4000-8000-000000010000"
	tests := []struct {
		name  string
		guard bool
		depth int
		want  answer
	}{{
		name: "10,000 levels, guarded", guard: true, depth: 10000,
		want: answer{APIVersion: "admission.k8s.io/v1", UID: uid, Code: http.StatusBadRequest,
			Message: "request.object: Invalid value: nested 10004 levels deep in the AdmissionReview; sparkhook reads at most 1000 levels, and no Kubernetes object needs more than a few dozen"},
	}, {
		name: "10,000 levels, controller-runtime alone", depth: 10000,
		want: answer{Code: http.StatusBadRequest, Message: "couldn't get version/kind; json parse error: exceeded max depth"},
	}, {
		name: "ordinary depth, guarded", guard: true, depth: 3,
		want: answer{APIVersion: "admission.k8s.io/v1", UID: uid, Allowed: true, Code: http.StatusOK},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := post(served(tt.guard), deepTemplateReview(tt.depth))
			if !tt.guard && strings.Contains(got.Message, "exceeded max depth") {
				got.Message = tt.want.Message // the decoder's wording varies; the depth is what failed
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRequestDeadline checks the review's deadline: the API server's
// timeout parameter, bounded by 30 s, which is also what a request
// without a usable one gets.
func TestRequestDeadline(t *testing.T) {
	tests := []struct {
		name, query string
		want        time.Duration
	}{
		{name: "the API server's 5s", query: "timeout=5s", want: 5 * time.Second},
		{name: "at most 30s", query: "timeout=10m", want: maxReviewTimeout},
		{name: "none", query: "", want: maxReviewTimeout},
		{name: "not a duration", query: "timeout=soon", want: maxReviewTimeout},
		{name: "zero", query: "timeout=0s", want: maxReviewTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{URL: &url.URL{Path: PathValidateConfigMap, RawQuery: tt.query}}
			parent, cancel := context.WithCancel(context.Background())
			defer cancel()
			start := time.Now()
			deadline, ok := RequestDeadline(parent, r).Deadline()
			got := deadline.Sub(start).Round(time.Second)
			if diff := cmp.Diff(struct {
				OK bool
				D  time.Duration
			}{true, tt.want}, struct {
				OK bool
				D  time.Duration
			}{ok, got}); diff != "" {
				t.Errorf("deadline (-want +got):\n%s", diff)
			}
		})
	}
}
