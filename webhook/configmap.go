package webhook

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// PathValidateConfigMap is where the ConfigMap validating webhook is
// served, in controller-runtime's naming (core group empty).
const PathValidateConfigMap = "/validate--v1-configmap"

// SparkPropertiesKey is the ConfigMap data key spark-submit writes the
// driver's configuration to (Spark's Constants.SPARK_CONF_FILE_NAME),
// mounted at /opt/spark/conf/spark.properties.
const SparkPropertiesKey = "spark.properties"

// ConfigMapHandler is the validating admission handler for ConfigMaps that
// carry a spark.properties: the driver's, which spark-submit creates
// (unlabelled, after the driver Pod, deleting the Pod if the ConfigMap is
// refused — so a refusal fails the submission cleanly), and the executors'
// (labelled spark-role=executor). Both are owned by the driver Pod, whose
// spark-version label names the Spark release whose rules apply (see
// DriverPods); without it the release comes from the properties (the image
// tag), the configured releases or every release. What Spark would reject
// when the driver starts is denied, listing the errors with their lines
// (at most maxReportedErrors); what Spark would silently ignore, or what
// only some of the possible releases reject, comes back as warnings, which
// kubectl prints. Every other ConfigMap is allowed without being looked at
// further, and so is an update that leaves spark.properties as it was.
type ConfigMapHandler struct {
	// Validator checks the properties.
	Validator *sparkconf.Validator
	// Decoder decodes the ConfigMap from the request.
	Decoder admission.Decoder
	// DriverPods finds the release from the owning driver Pod; nil (no
	// cluster: `sparkhook serve` offline) resolves from the properties.
	DriverPods DriverPods
	// Metrics counts the reviews by release source; nil counts nothing.
	Metrics *Metrics
	// Prometheus is the scrape configuration: where it annotates drivers
	// whose release serves no metrics by default, the properties are
	// warned about (PrometheusWarnings). The zero value warns of nothing.
	Prometheus config.Prometheus
}

var _ admission.Handler = &ConfigMapHandler{}

// Handle answers one admission request, for CREATE and UPDATE: a
// spark.properties can arrive either way, and an update can break one.
func (h *ConfigMapHandler) Handle(ctx context.Context, req admission.Request) admission.Response {
	if (req.Operation != admissionv1.Create && req.Operation != admissionv1.Update) || req.SubResource != "" {
		return admission.Allowed("")
	}
	cm := &corev1.ConfigMap{}
	if err := h.Decoder.Decode(req, cm); err != nil {
		return admission.Errored(http.StatusBadRequest, fmt.Errorf("%s: %w", pathRequestObject, err))
	}
	props, path, ok := sparkProperties(cm)
	if !ok {
		return admission.Allowed("no " + SparkPropertiesKey)
	}
	if h.unchanged(req, props) {
		// Relabelling, annotating or removing a finalizer must work even on
		// a ConfigMap whose spark.properties the rules now refuse (written
		// before sparkhook, or under another release or policy): refused, a
		// ConfigMap being deleted would stay Terminating forever.
		return admission.Allowed(SparkPropertiesKey + " unchanged")
	}
	return h.validate(ctx, req, cm, props, path)
}

// validate checks props, found at path in cm, and answers.
func (h *ConfigMapHandler) validate(ctx context.Context, req admission.Request, cm *corev1.ConfigMap, props []byte, path *field.Path) admission.Response {
	namespace := cm.Namespace
	if namespace == "" {
		namespace = req.Namespace
	}
	known := h.knownTarget(ctx, namespace, cm.OwnerReferences)
	// sparkhook serve runs the whole review at a lower OS priority, at most
	// a few at once (Deprioritized); yielding lets a Pod review that
	// arrives meanwhile run at once.
	report, err := h.Validator.ValidateDataContext(yielding{ctx}, props, known)
	if err != nil {
		// The API server gave up on this review (timeoutSeconds passed) and
		// applies its failurePolicy: nobody reads this answer.
		return admission.Errored(http.StatusServiceUnavailable, fmt.Errorf("validating %s: %w", path, err))
	}
	if cm.Labels[templates.LabelSparkRole] != string(v1alpha1.RoleExecutor) {
		// Only the driver serves the UI whose metrics are scraped.
		report.Problems = append(report.Problems, PrometheusWarnings(h.Prometheus, report.Properties, report.Target)...)
	}
	reported := splitProblems(path, report.Problems)
	h.Metrics.SparkPropertiesReviewed(report.Target.Source, len(reported.errs) == 0)
	log := logf.FromContext(ctx).WithValues("releases", report.Target.Releases.String(), "source", report.Target.Source, "detail", report.Target.Detail)
	if len(reported.errs) == 0 {
		log.V(1).Info("Validated spark.properties", "errors", 0, "warnings", reported.warningCount)
		return admission.Allowed("").WithWarnings(reported.warnings...)
	}
	log.Info("Denied spark.properties", "errors", reported.errorCount, "warnings", reported.warningCount)
	return deny(cm, reported, report.Target).WithWarnings(reported.warnings...)
}

// sparkProperties returns the ConfigMap's spark.properties and where it
// is: under data, or under binaryData. The kubelet writes either key to a
// file of that name in the mounted volume, and Spark reads that file as
// UTF-8 (Utils.getPropertiesFromFile) whichever it was, so binaryData's
// bytes are checked exactly as data's text would be; the API server
// refuses a key present in both (ValidateConfigMap).
func sparkProperties(cm *corev1.ConfigMap) ([]byte, *field.Path, bool) {
	if s, ok := cm.Data[SparkPropertiesKey]; ok {
		return []byte(s), field.NewPath("data").Key(SparkPropertiesKey), true
	}
	if b, ok := cm.BinaryData[SparkPropertiesKey]; ok {
		return b, field.NewPath("binaryData").Key(SparkPropertiesKey), true
	}
	return nil, nil, false
}

// unchanged reports whether req is an UPDATE whose old ConfigMap held the
// same spark.properties: whatever else changed, nothing Spark reads did.
// An old object that cannot be read counts as changed.
func (h *ConfigMapHandler) unchanged(req admission.Request, props []byte) bool {
	if req.Operation != admissionv1.Update || len(req.OldObject.Raw) == 0 {
		return false
	}
	old := &corev1.ConfigMap{}
	if err := h.Decoder.DecodeRaw(req.OldObject, old); err != nil {
		return false
	}
	before, _, ok := sparkProperties(old)
	return ok && bytes.Equal(before, props)
}

// knownTarget is what the driver Pod owning the ConfigMap says of the
// release, or nothing for sparkconf.Resolve to complete.
func (h *ConfigMapHandler) knownTarget(ctx context.Context, namespace string, refs []metav1.OwnerReference) sparkconf.Target {
	if h.DriverPods == nil {
		return sparkconf.Target{}
	}
	owner, ok := driverPodOwner(refs)
	if !ok {
		return sparkconf.Target{}
	}
	target, ok := h.DriverPods.DriverPodReleases(ctx, namespace, owner)
	if !ok {
		return sparkconf.Target{}
	}
	return target
}
