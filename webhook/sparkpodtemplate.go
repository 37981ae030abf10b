package webhook

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// PathValidateSparkPodTemplate is where the SparkPodTemplate validating
// webhook is served, in controller-runtime's naming.
const PathValidateSparkPodTemplate = "/validate-sparkhook-io-v1alpha1-sparkpodtemplate"

// TemplateValidator refuses, at `kubectl apply`, every SparkPodTemplate the
// registry would refuse, with the same checks as the file loader: a broken
// template never gets near a Spark Pod.
type TemplateValidator struct {
	// OwnNamespace is sparkhook's namespace, whose templates apply
	// cluster-wide.
	OwnNamespace string
	// Security is what privileges templates may add.
	Security templates.SecurityPolicy
}

var _ admission.Validator[*v1alpha1.SparkPodTemplate] = &TemplateValidator{}

// ValidateCreate checks a new template.
func (v *TemplateValidator) ValidateCreate(_ context.Context, obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return v.validate(obj)
}

// ValidateUpdate checks the updated template; what it was does not matter.
func (v *TemplateValidator) ValidateUpdate(_ context.Context, _, obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return v.validate(obj)
}

// ValidateDelete allows every deletion.
func (v *TemplateValidator) ValidateDelete(context.Context, *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return nil, nil
}

func (v *TemplateValidator) validate(obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	_, warnings, errs := templates.Compile(obj, templates.ClusterCompileOptions(obj, v.OwnNamespace, v.Security))
	if len(errs) > 0 {
		gk := v1alpha1.GroupVersion.WithKind(v1alpha1.Kind).GroupKind()
		return warnings, apierrors.NewInvalid(gk, obj.Name, errs)
	}
	return warnings, nil
}
