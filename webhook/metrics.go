package webhook

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

// Metrics are sparkhook's own Prometheus metrics, next to the request
// counts and latencies controller-runtime records for every webhook path.
type Metrics struct {
	templates    *prometheus.GaugeVec
	reloads      *prometheus.CounterVec
	lastReloaded *prometheus.GaugeVec
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
	var err error
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
