package webhook

import (
	"fmt"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/sparkconf"
)

// The most errors and warnings one answer reports. A hostile or generated
// 1 MiB spark.properties can hold tens of thousands of problems: listing
// them all makes an answer of megabytes that helps nobody, and the API
// server truncates warnings anyway (it keeps at most 4 KiB of them per
// response, apiserver's warning recorder). The first ones, by line, and a
// count of the rest are what a person can act on; `sparkhook validate`
// prints every one.
const (
	maxReportedErrors   = 50
	maxReportedWarnings = 20
)

// ProblemLimit is the sparkconf.Options.ProblemLimit the ConfigMap webhook
// validates with: ten times the errors an answer reports. Past it a file is
// not checked further — its answer is already a denial or a page of
// warnings — so that a file of thousands of broken keys costs a review no
// more than a few hundred checks. The counts of the problems left out are
// then of those found, a lower bound.
const ProblemLimit = 10 * maxReportedErrors

// moreProblems is the line that stands for the problems left out.
const moreProblems = "… and %d more %s; run `sparkhook validate` on the file for all of them"

// reportedProblems are a review's problems as the answer reports them.
type reportedProblems struct {
	errs     field.ErrorList
	warnings []string
	// errorCount and warningCount are all the problems found, reported
	// or not.
	errorCount, warningCount int
}

// splitProblems splits problems, found in the spark.properties at path,
// into the field errors of a denial and the warnings of the response, the
// first maxReportedErrors and maxReportedWarnings of each (then one line
// counting the rest of the warnings; deny counts the rest of the errors).
// Each error is at path with the line in its detail, so kubectl shows, for
// instance:
//
//	data[spark.properties]: Invalid value: "line 7": spark.executor.memory: invalid byte size "4Gi": …
func splitProblems(path *field.Path, problems []sparkconf.Problem) reportedProblems {
	var r reportedProblems
	for _, p := range problems {
		if p.Severity == sparkconf.Warning {
			if r.warningCount++; r.warningCount <= maxReportedWarnings {
				r.warnings = append(r.warnings, fmt.Sprintf("%s: %s", path, p))
			}
			continue
		}
		if r.errorCount++; r.errorCount <= maxReportedErrors {
			r.errs = append(r.errs, problemError(path, p))
		}
	}
	if more := r.warningCount - len(r.warnings); more > 0 {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: "+moreProblems, path, more, "warnings"))
	}
	return r
}

// problemError is p as a field error at path.
func problemError(path *field.Path, p sparkconf.Problem) *field.Error {
	detail := p.Message
	if p.Key != "" {
		detail = p.Key + ": " + detail
	}
	if p.Line > 0 {
		return field.Invalid(path, fmt.Sprintf("line %d", p.Line), detail)
	}
	return field.Invalid(path, field.OmitValueType{}, detail)
}

// deny is the 422 Invalid answer listing the errors, which names the
// releases the file was checked against, so that the submitter sees, for
// instance, "checked against Spark 3.5.1 (the driver Pod's spark-version
// label, pod spark-pi-driver)".
func deny(cm *corev1.ConfigMap, r reportedProblems, target sparkconf.Target) admission.Response {
	name := cm.Name
	if name == "" {
		name = cm.GenerateName
	}
	status := apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("ConfigMap").GroupKind(), name, r.errs).Status()
	if more := r.errorCount - len(r.errs); more > 0 {
		status.Message += "; " + fmt.Sprintf(moreProblems, more, "errors")
	}
	status.Message += "; checked against " + target.String()
	return admission.Response{AdmissionResponse: admissionv1.AdmissionResponse{Allowed: false, Result: &status}}
}
