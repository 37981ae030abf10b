package webhook

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/templates"
)

func TestPodHandlerMetricsAndAuditAnnotations(t *testing.T) {
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h, entries := newHandler(t, awsTemplate)
	h.Metrics = metrics
	denying, _ := newHandler(t, danglingTemplate)
	denying.Metrics = metrics
	conflicting, _ := newHandler(t, teamTemplate)
	conflicting.Metrics = metrics

	driver := h.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, testPod("driver"))))
	if !driver.Allowed {
		t.Fatalf("driver: %v", driver.Result)
	}
	if diff := cmp.Diff(map[string]string{AuditTemplatesApplied: "aws"}, driver.AuditAnnotations); diff != "" {
		t.Errorf("audit annotations (-want +got):\n%s", diff)
	}
	if entries["aws"] == "" {
		t.Fatal("the aws template did not load")
	}

	executor := testPod("executor")
	executor.Spec.Containers[0].Name = "spark-kubernetes-executor"
	if resp := denying.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, executor))); resp.Allowed {
		t.Fatal("the dangling Enforce template did not deny the executor")
	}

	if resp := conflicting.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, testPod("driver")))); !resp.Allowed {
		t.Fatalf("the conflicting template denied the driver: %v", resp.Result)
	}
	if resp := h.Handle(context.Background(), request(admissionv1.Create, "", []byte(`{"metadata":{"labels":{"spark-role":7}}}`))); resp.Allowed {
		t.Fatal("a Pod that does not decode was allowed")
	}
	noUID := request(admissionv1.Create, "", marshal(t, testPod("driver")))
	noUID.UID = ""
	if resp := h.Handle(context.Background(), noUID); resp.Allowed {
		t.Fatal("a request without a uid was allowed")
	}

	for _, tc := range []struct {
		name    string
		counter prometheus.Collector
		want    float64
	}{
		{"mutated drivers", metrics.admissions.WithLabelValues("Pod", "driver", "mutated"), 2},
		{"a Pod that does not decode and a request without a uid", metrics.admissions.WithLabelValues("Pod", "", "invalid"), 2},
		{"denials of malformed requests", metrics.denials.WithLabelValues("Pod", "BadRequest"), 2},
		{"denials by an Enforce template", metrics.denials.WithLabelValues("Pod", "Forbidden"), 1},
		{"the team label the driver kept against the template", metrics.conflicts.WithLabelValues("team"), 1},
		{"the Enforce sidecar's mount of a missing volume", metrics.dangling.WithLabelValues("dangling"), 1},
		{"denied executors (the Enforce sidecar mounts a missing volume)", metrics.admissions.WithLabelValues("Pod", "executor", "denied"), 1},
		{"aws applied to the driver", metrics.applied.WithLabelValues("aws"), 1},
	} {
		if got := testutil.ToFloat64(tc.counter); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestObserveCountsOutcomes(t *testing.T) {
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	answers := []admission.Response{
		admission.Allowed(""),
		admission.Denied("no"),
		admission.Errored(http.StatusBadRequest, context.Canceled),
		admission.Errored(http.StatusInternalServerError, context.Canceled),
	}
	for _, a := range answers {
		h := metrics.Observe("ConfigMap", admission.HandlerFunc(func(context.Context, admission.Request) admission.Response { return a }))
		h.Handle(context.Background(), admission.Request{})
	}
	for _, o := range []string{"allowed", "denied", "invalid", "error"} {
		if got := testutil.ToFloat64(metrics.admissions.WithLabelValues("ConfigMap", "", o)); got != 1 {
			t.Errorf("ConfigMap %s = %v, want 1", o, got)
		}
	}
	for _, reason := range []string{"Forbidden", "BadRequest", "InternalError"} {
		if got := testutil.ToFloat64(metrics.denials.WithLabelValues("ConfigMap", reason)); got != 1 {
			t.Errorf("ConfigMap denials for %s = %v, want 1", reason, got)
		}
	}
}

func TestTemplatesLoaded(t *testing.T) {
	type gauges struct{ successes, errors, templates float64 }
	steps := []struct {
		name         string
		source       string
		count        int
		refused      error
		want         gauges
		wantReloaded bool // the last-successful-reload timestamp is set
	}{
		{name: "a good load", source: "cluster", count: 3, want: gauges{successes: 1, templates: 3}, wantReloaded: true},
		{name: "a load refused whole keeps the count", source: "cluster", count: templates.NotReplaced, refused: errors.New("bad object"), want: gauges{successes: 1, errors: 1, templates: 3}, wantReloaded: true},
		{name: "a set replaced with objects refused", source: "cluster", count: 2, refused: errors.New("bad object"), want: gauges{successes: 1, errors: 2, templates: 2}, wantReloaded: true},
		{name: "a first load with objects refused is no successful reload", source: "files", count: 1, refused: errors.New("bad file"), want: gauges{errors: 1, templates: 1}},
	}
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			metrics.TemplatesLoaded(step.source, step.count, step.refused)
			got := gauges{
				successes: testutil.ToFloat64(metrics.reloads.WithLabelValues(step.source, "success")),
				errors:    testutil.ToFloat64(metrics.reloads.WithLabelValues(step.source, "error")),
				templates: testutil.ToFloat64(metrics.templates.WithLabelValues(step.source)),
			}
			if diff := cmp.Diff(step.want, got, cmp.AllowUnexported(gauges{})); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
			if reloaded := testutil.ToFloat64(metrics.lastReloaded.WithLabelValues(step.source)) > 0; reloaded != step.wantReloaded {
				t.Errorf("last successful reload set = %v, want %v", reloaded, step.wantReloaded)
			}
		})
	}
}
