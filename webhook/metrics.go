package webhook

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/promreg"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// Metrics are sparkhook's own Prometheus metrics, next to the request
// counts and latencies controller-runtime records for every webhook path.
type Metrics struct {
	templates    *prometheus.GaugeVec
	reloads      *prometheus.CounterVec
	lastReloaded *prometheus.GaugeVec
	admissions   *prometheus.CounterVec
	denials      *prometheus.CounterVec
	applied      *prometheus.CounterVec
	failed       *prometheus.CounterVec
	conflicts    *prometheus.CounterVec
	dangling     *prometheus.CounterVec
	// releaseSources and driverPodLookups are the ConfigMap webhook's.
	releaseSources   *prometheus.CounterVec
	driverPodLookups *prometheus.CounterVec
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
	m.denials = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_denials_total",
		Help: "Admission reviews refused, by kind and reason (the answer's Kubernetes status reason: Forbidden for a policy, Invalid for bad content, BadRequest for a malformed request, InternalError).",
	}, []string{"kind", "reason"})
	m.applied = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_templates_applied_total",
		Help: "Templates merged into Spark Pods, by template.",
	}, []string{"template"})
	m.failed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_template_failures_total",
		Help: "Templates left out of a Pod because their merge failed unexpectedly (a bug: see the logs), by template.",
	}, []string{"template"})
	m.conflicts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_template_conflicts_total",
		Help: "Values and elements a Pod kept against a Default template (each also a warning to the submitter), by template.",
	}, []string{"template"})
	m.dangling = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_template_dangling_mounts_total",
		Help: "Mounts of volumes that exist neither in the template nor in the Pod: left out (Default) or denied (Enforce), by template.",
	}, []string{"template"})
	m.releaseSources = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_spark_properties_reviews_total",
		Help: "ConfigMap spark.properties reviews, by what decided the Spark releases checked (source: driver-pod, image, config, all-releases) and outcome (allowed, denied).",
	}, []string{"source", "outcome"})
	m.driverPodLookups = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sparkhook_driver_pod_lookups_total",
		Help: "Lookups of the driver Pod owning a spark.properties ConfigMap, by result: cache, live (a GET after a cache miss), missing, unlabelled, error (the GET failed or timed out).",
	}, []string{"result"})
	for _, c := range []**prometheus.CounterVec{&m.admissions, &m.denials, &m.applied, &m.failed, &m.conflicts, &m.dangling, &m.reloads, &m.releaseSources, &m.driverPodLookups} {
		var err error
		if *c, err = promreg.Register(reg, *c); err != nil {
			return nil, err
		}
	}
	for _, g := range []**prometheus.GaugeVec{&m.templates, &m.lastReloaded} {
		var err error
		if *g, err = promreg.Register(reg, *g); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// DefaultRegistry is where controller-runtime's metrics server reads from.
func DefaultRegistry() prometheus.Registerer { return crmetrics.Registry }

// TemplatesLoaded records one load of a source's templates, as the
// sources' OnLoad reports it: count is how many the registry now holds from
// the source (templates.NotReplaced when the load replaced nothing), and
// refused, when set, makes the load count as an error — whether it refused
// the whole set or some objects of a set that was still replaced. The last
// successful reload is one that refused nothing.
func (m *Metrics) TemplatesLoaded(source string, count int, refused error) {
	result := "success"
	if refused != nil {
		result = "error"
	}
	m.reloads.WithLabelValues(source, result).Inc()
	if count == templates.NotReplaced {
		return
	}
	m.templates.WithLabelValues(source).Set(float64(count))
	if refused == nil {
		m.lastReloaded.WithLabelValues(source).Set(float64(time.Now().Unix()))
	}
}

// PodAdmitted counts one answer to a Pod (role is empty for a Pod that
// was not mutated), and what the merge of each template reported. A nil
// *Metrics counts nothing, so handlers work without metrics.
func (m *Metrics) PodAdmitted(role v1alpha1.SparkRole, resp admission.Response, result Mutation) {
	if m == nil {
		return
	}
	m.answered("Pod", string(role), resp)
	for _, t := range result.Applied {
		m.applied.WithLabelValues(t).Inc()
	}
	for _, t := range result.Failed {
		m.failed.WithLabelValues(t).Inc()
	}
	for t, n := range result.Conflicts {
		m.conflicts.WithLabelValues(t).Add(float64(n))
	}
	for t, n := range result.DanglingMounts {
		m.dangling.WithLabelValues(t).Add(float64(n))
	}
}

// SparkPropertiesReviewed counts one spark.properties review by the
// source of its releases (one of sparkconf's few Sources: the label set
// stays fixed). A nil *Metrics counts nothing.
func (m *Metrics) SparkPropertiesReviewed(source sparkconf.Source, allowed bool) {
	if m == nil {
		return
	}
	outcome := "allowed"
	if !allowed {
		outcome = "denied"
	}
	m.releaseSources.WithLabelValues(string(source), outcome).Inc()
}

// driverPodLookup counts one driver Pod lookup by its result (one of the
// Lookup constants). A nil *Metrics counts nothing.
func (m *Metrics) driverPodLookup(result string) {
	if m == nil {
		return
	}
	m.driverPodLookups.WithLabelValues(result).Inc()
}

// Observe wraps a validating handler so that each of its answers is counted
// under kind.
func (m *Metrics) Observe(kind string, h admission.Handler) admission.Handler {
	return admission.HandlerFunc(func(ctx context.Context, req admission.Request) admission.Response {
		resp := h.Handle(ctx, req)
		m.answered(kind, "", resp)
		return resp
	})
}

// NotServed counts a review of kind that Deprioritized turned away after it
// waited for a slot until the API server stopped waiting: a denial with
// reason TooManyRequests. A nil *Metrics counts nothing.
func (m *Metrics) NotServed(kind string) {
	if m == nil {
		return
	}
	m.admissions.WithLabelValues(kind, "", "denied").Inc()
	m.denials.WithLabelValues(kind, string(metav1.StatusReasonTooManyRequests)).Inc()
}

// answered counts one answer, and its reason when it refuses.
func (m *Metrics) answered(kind, role string, resp admission.Response) {
	m.admissions.WithLabelValues(kind, role, outcome(resp)).Inc()
	if !resp.Allowed {
		m.denials.WithLabelValues(kind, string(denialReason(resp))).Inc()
	}
}

// outcome classifies an answer for sparkhook_admissions_total.
func outcome(resp admission.Response) string {
	switch {
	case resp.Allowed && len(resp.Patches) > 0: // counted before EncodePatches moves them
		return "mutated"
	case resp.Allowed:
		return "allowed"
	case resp.Result != nil && resp.Result.Code >= 500:
		return "error"
	case resp.Result != nil && resp.Result.Code == http.StatusBadRequest:
		return "invalid"
	}
	return "denied"
}

// denialReason is the Kubernetes status reason of a refusal: the one the
// answer carries (admission.Denied sets Forbidden, apierrors.NewInvalid
// Invalid), else the one its code stands for, as the API server maps codes
// to reasons (apierrors.NewGenericServerResponse).
func denialReason(resp admission.Response) metav1.StatusReason {
	r := resp.Result
	switch {
	case r == nil:
		return metav1.StatusReasonForbidden
	case r.Reason != "":
		return r.Reason
	}
	return apierrors.NewGenericServerResponse(int(r.Code), "", schema.GroupResource{}, "", "", 0, false).ErrStatus.Reason
}

// ForgetTemplates deletes the per-template series of the templates whose
// keys are given, which have left the registry (templates.Registry's
// OnRemoved): a deleted template's counters would otherwise be exported
// until the replica restarts, and a cluster whose teams create and delete
// templates would grow its series without end. A review already under way
// when a template goes may still count it once more, bringing back a
// series of 1 until the next restart; the registry cannot tell.
func (m *Metrics) ForgetTemplates(keys []string) {
	if m == nil {
		return
	}
	for _, k := range keys {
		for _, c := range []*prometheus.CounterVec{m.applied, m.failed, m.conflicts, m.dangling} {
			c.DeleteLabelValues(k)
		}
	}
}
