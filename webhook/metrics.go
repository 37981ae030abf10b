package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Metrics are sparkhook's own Prometheus metrics, next to the request
// counts and latencies controller-runtime records for every webhook path.
type Metrics struct {
	templates    *prometheus.GaugeVec
	reloads      *prometheus.CounterVec
	lastReloaded *prometheus.GaugeVec
	admissions   *prometheus.CounterVec
	applied      *prometheus.CounterVec
	failed       *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them with reg (usually
// controller-runtime's registry, which its metrics server serves).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		templates: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sparkhook_templates",
			Help: "Templates registered, by source.",
		}, []string{"source"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sparkhook_template_reloads_total",
			Help: "Template loads by source and result (success or error); after an error the last good set stays in use.",
		}, []string{"source", "result"}),
		lastReloaded: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sparkhook_template_last_reload_success_timestamp_seconds",
			Help: "When templates were last loaded successfully, by source.",
		}, []string{"source"}),
	}
	m.admissions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_admissions_total",
		Help: "Admission reviews answered, by kind (Pod, ConfigMap, SparkPodTemplate), Spark role and outcome (mutated, allowed, denied, invalid, error).",
	}, []string{"kind", "role", "outcome"})
	m.applied = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_templates_applied_total",
		Help: "Templates merged into Spark Pods, by template.",
	}, []string{"template"})
	m.failed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_template_failures_total",
		Help: "Templates left out of a Pod because their merge failed unexpectedly (a bug: see the logs), by template.",
	}, []string{"template"})
	var err error
	if m.admissions, err = register(reg, m.admissions); err != nil {
		return nil, err
	}
	if m.applied, err = register(reg, m.applied); err != nil {
		return nil, err
	}
	if m.failed, err = register(reg, m.failed); err != nil {
		return nil, err
	}
	if m.templates, err = register(reg, m.templates); err != nil {
		return nil, err
	}
	if m.reloads, err = register(reg, m.reloads); err != nil {
		return nil, err
	}
	if m.lastReloaded, err = register(reg, m.lastReloaded); err != nil {
		return nil, err
	}
	return m, nil
}

// register registers c, or returns the collector already registered under
// its name: a process that serves twice (tests) shares one set of metrics.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, err
}

// DefaultRegistry is where controller-runtime's metrics server reads from.
func DefaultRegistry() prometheus.Registerer { return crmetrics.Registry }

// TemplatesLoaded records the outcome of loading one source's templates.
func (m *Metrics) TemplatesLoaded(source string, count int, err error) {
	if err != nil {
		m.reloads.WithLabelValues(source, "error").Inc()
		return
	}
	m.reloads.WithLabelValues(source, "success").Inc()
	m.templates.WithLabelValues(source).Set(float64(count))
	m.lastReloaded.WithLabelValues(source).Set(float64(time.Now().Unix()))
}

// PodAdmitted counts one answer to a Spark Pod, and the templates merged.
// A nil *Metrics counts nothing, so handlers work without metrics.
func (m *Metrics) PodAdmitted(role v1alpha1.SparkRole, resp admission.Response, result Mutation) {
	if m == nil {
		return
	}
	m.admissions.WithLabelValues("Pod", string(role), outcome(resp)).Inc()
	for _, t := range result.Applied {
		m.applied.WithLabelValues(t).Inc()
	}
	for _, t := range result.Failed {
		m.failed.WithLabelValues(t).Inc()
	}
}

// Observe wraps a validating handler so that each of its answers is counted
// under kind.
func (m *Metrics) Observe(kind string, h admission.Handler) admission.Handler {
	return admission.HandlerFunc(func(ctx context.Context, req admission.Request) admission.Response {
		resp := h.Handle(ctx, req)
		m.admissions.WithLabelValues(kind, "", outcome(resp)).Inc()
		return resp
	})
}

// outcome classifies an answer for sparkhook_admissions_total.
func outcome(resp admission.Response) string {
	switch {
	case resp.Allowed && len(resp.Patches) > 0:
		return "mutated"
	case resp.Allowed:
		return "allowed"
	case resp.Result != nil && resp.Result.Code >= 500:
		return "error"
	case resp.Result != nil && resp.Result.Code == 400:
		return "invalid"
	}
	return "denied"
}
