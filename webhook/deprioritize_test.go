package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// TestDeprioritizedWaitsForASlot serves a real ConfigMap review through
// Deprioritized: while the one slot is taken, a review the API server stops
// waiting for (?timeout=) is answered 429, saying why, without reaching the
// webhook; once the slot is free, the same review is validated, under the
// API server's deadline, and denied.
func TestDeprioritizedWaitsForASlot(t *testing.T) {
	limit := NewLimiter(1)
	served, withDeadline := 0, false
	inner := &admission.Webhook{Handler: admission.HandlerFunc(func(ctx context.Context, req admission.Request) admission.Response {
		served++
		_, withDeadline = ctx.Deadline()
		return newConfigMapHandler(t).Handle(ctx, req)
	})}
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h := Deprioritized(inner, limit, metrics, "ConfigMap")
	req := configMapRequest(t, admissionv1.Create, map[string]string{SparkPropertiesKey: "spark.executor.instances=100\n"}, nil)
	review, err := json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request:  &req.AdmissionRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	post := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, PathValidateConfigMap+"?timeout=50ms", bytes.NewReader(review))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	release, err := limit.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		Status int
		Says   bool
		Served int
	}
	w := post()
	body := w.Body.String()
	got := answer{w.Code, strings.Contains(body, "validations this replica runs at once") && strings.Contains(body, "stops waiting for this review after 50ms"), served}
	if diff := cmp.Diff(answer{Status: http.StatusTooManyRequests, Says: true}, got); diff != "" {
		t.Errorf("while the slot is taken (-want +got):\n%s\n%s", diff, body)
	}
	if n := testutil.ToFloat64(metrics.denials.WithLabelValues("ConfigMap", "TooManyRequests")); n != 1 {
		t.Errorf("sparkhook_denials_total{kind=ConfigMap,reason=TooManyRequests} = %v, want 1", n)
	}
	release()

	w = post()
	var reply admissionv1.AdmissionReview
	if err := json.Unmarshal(w.Body.Bytes(), &reply); err != nil || reply.Response == nil {
		t.Fatalf("with the slot free: %d %s: %v", w.Code, w.Body, err)
	}
	got = answer{Status: int(reply.Response.Result.Code), Says: reply.Response.UID != "" && !reply.Response.Allowed && withDeadline, Served: served}
	if diff := cmp.Diff(answer{Status: http.StatusUnprocessableEntity, Says: true, Served: 1}, got); diff != "" {
		t.Errorf("with the slot free (-want +got):\n%s", diff)
	}
}

// TestDeprioritizedSlotRests checks that a slot rests after a review, as
// long as the review took, without holding back its answer: right after a
// review of 100 ms is answered, its slot is still taken; it is free again
// once the rest is over.
func TestDeprioritizedSlotRests(t *testing.T) {
	const took = 100 * time.Millisecond
	limit := NewLimiter(1)
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h := Deprioritized(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(took)
		w.WriteHeader(http.StatusOK)
	}), limit, metrics, "ConfigMap")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, PathValidateConfigMap, nil))
	if w.Code != http.StatusOK {
		t.Fatalf("the review was answered %d, want 200", w.Code)
	}
	now, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if release, err := limit.Acquire(now); err == nil {
		release()
		t.Fatal("the slot was free as soon as the review was answered, want it resting")
	}
	later, cancel := context.WithTimeout(context.Background(), 10*took)
	defer cancel()
	release, err := limit.Acquire(later)
	if err != nil {
		t.Fatalf("the slot was still taken %v after the review: %v", 10*took, err)
	}
	release()
}
