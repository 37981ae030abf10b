package certs

import (
	"crypto/tls"
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sparkhook/sparkhook/internal/promreg"
)

// Metrics are the certificate metrics, next to controller-runtime's own
// certwatcher_read_certificate_total and _errors_total.
type Metrics struct {
	servedExpiry *prometheus.GaugeVec
	ready        *prometheus.GaugeVec
	expiry       *prometheus.GaugeVec
}

// NewMetrics creates the metrics and registers them with reg (usually
// controller-runtime's registry, which its metrics server serves).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		servedExpiry: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sparkhook_serving_certificate_expiry_timestamp_seconds",
			Help: "NotAfter of the certificate the webhook server presents, as loaded from --cert-dir (alert well before it).",
		}, nil),
		ready: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sparkhook_certificate_ready",
			Help: "cert-manager mode: 1 when the serving Certificate's Ready condition is True, else 0.",
		}, []string{"certificate"}),
		expiry: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sparkhook_certificate_expiry_timestamp_seconds",
			Help: "cert-manager mode: status.notAfter of the serving Certificate.",
		}, []string{"certificate"}),
	}
	var errs [3]error
	m.servedExpiry, errs[0] = promreg.Register(reg, m.servedExpiry)
	m.ready, errs[1] = promreg.Register(reg, m.ready)
	m.expiry, errs[2] = promreg.Register(reg, m.expiry)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return m, nil
}

// served is the certwatcher callback: it runs on every reload.
func (m *Metrics) served(c tls.Certificate) {
	if c.Leaf != nil {
		m.servedExpiry.WithLabelValues().Set(float64(c.Leaf.NotAfter.Unix()))
	}
}
