package webhook

import (
	"context"
	"fmt"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/webhook/sparkconf"
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
// when the driver starts is denied, listing every error with its line;
// what Spark would silently ignore, or what only some of the possible
// releases reject, comes back as warnings, which kubectl prints. Every
// other ConfigMap is allowed without being looked at further.
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
	Prometheus PrometheusConfig
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
		return admission.Errored(http.StatusBadRequest, err)
	}
	props, ok := cm.Data[SparkPropertiesKey]
	if !ok {
		return admission.Allowed("no " + SparkPropertiesKey)
	}
	namespace := cm.Namespace
	if namespace == "" {
		namespace = req.Namespace
	}
	report, err := h.Validator.ValidateDataContext(ctx, []byte(props), h.knownTarget(ctx, namespace, cm.OwnerReferences))
	if err != nil {
		// The API server gave up on this review (timeoutSeconds passed) and
		// applies its failurePolicy: nobody reads this answer.
		return admission.Errored(http.StatusServiceUnavailable, fmt.Errorf("validating %s: %w", SparkPropertiesKey, err))
	}
	if cm.Labels[templates.LabelSparkRole] != string(v1alpha1.RoleExecutor) {
		// Only the driver serves the UI whose metrics are scraped.
		report.Problems = append(report.Problems, PrometheusWarnings(h.Prometheus, report.Properties, report.Target)...)
	}
	errs, warnings := splitProblems(report.Problems)
	h.Metrics.SparkPropertiesReviewed(report.Target.Source, len(errs) == 0)
	log := logf.FromContext(ctx).WithValues("releases", report.Target.Releases.String(), "source", report.Target.Source, "detail", report.Target.Detail)
	if len(errs) == 0 {
		log.V(1).Info("Validated spark.properties", "errors", 0, "warnings", len(warnings))
		return admission.Allowed("").WithWarnings(warnings...)
	}
	log.Info("Denied spark.properties", "errors", len(errs), "warnings", len(warnings))
	return deny(cm, errs, report.Target).WithWarnings(warnings...)
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

// deny is the 422 Invalid answer listing errs, which names the releases
// the file was checked against, so that the submitter sees, for instance,
// "checked against Spark 3.5.1 (the driver Pod's spark-version label, pod
// spark-pi-driver)".
func deny(cm *corev1.ConfigMap, errs field.ErrorList, target sparkconf.Target) admission.Response {
	name := cm.Name
	if name == "" {
		name = cm.GenerateName
	}
	status := apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("ConfigMap").GroupKind(), name, errs).Status()
	status.Message += "; checked against " + target.String()
	return admission.Response{AdmissionResponse: admissionv1.AdmissionResponse{Allowed: false, Result: &status}}
}

// splitProblems splits problems into the field errors of a denial and the
// warnings of the response. Each error is at data[spark.properties] with
// the line in its detail, so kubectl shows, for instance:
//
//	data[spark.properties]: Invalid value: "line 7": spark.executor.memory: invalid byte size "4Gi": …
func splitProblems(problems []sparkconf.Problem) (field.ErrorList, []string) {
	path := field.NewPath("data").Key(SparkPropertiesKey)
	var errs field.ErrorList
	var warnings []string
	for _, p := range problems {
		where, detail := "", p.Message
		if p.Key != "" {
			detail = p.Key + ": " + detail
		}
		if p.Line > 0 {
			where = fmt.Sprintf("line %d", p.Line)
		}
		if p.Severity == sparkconf.Warning {
			warnings = append(warnings, fmt.Sprintf("%s: %s", path, p))
			continue
		}
		if where == "" {
			errs = append(errs, field.Invalid(path, field.OmitValueType{}, detail))
		} else {
			errs = append(errs, field.Invalid(path, where, detail))
		}
	}
	return errs, warnings
}
