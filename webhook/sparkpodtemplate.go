package webhook

import (
	"context"
	"fmt"

	nodev1 "k8s.io/api/node/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
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
	// Security is what privileges templates may add: the platform's (those
	// in OwnNamespace) and each team's are held to the Pod Security
	// Standards level the policy grants their origin
	// (templates.ClusterCompileOptions resolves it per object).
	Security templates.SecurityPolicy
	// Classes, when set, reads PriorityClasses and RuntimeClasses — the
	// manager's cache (WatchClasses) — to warn of a template naming one
	// that does not exist. Nil checks nothing (no cluster).
	Classes client.Reader
}

var _ admission.Validator[*v1alpha1.SparkPodTemplate] = &TemplateValidator{}

// ValidateCreate checks a new template.
func (v *TemplateValidator) ValidateCreate(ctx context.Context, obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return v.validate(ctx, obj)
}

// ValidateUpdate checks the updated template; what it was does not matter.
func (v *TemplateValidator) ValidateUpdate(ctx context.Context, _, obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return v.validate(ctx, obj)
}

// ValidateDelete allows every deletion.
func (v *TemplateValidator) ValidateDelete(context.Context, *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	return nil, nil
}

func (v *TemplateValidator) validate(ctx context.Context, obj *v1alpha1.SparkPodTemplate) (admission.Warnings, error) {
	t, warnings, errs := templates.Compile(obj, templates.ClusterCompileOptions(obj, v.OwnNamespace, v.Security))
	if len(errs) > 0 {
		gk := v1alpha1.GroupVersion.WithKind(v1alpha1.Kind).GroupKind()
		return warnings, apierrors.NewInvalid(gk, obj.Name, errs)
	}
	return append(warnings, v.classWarnings(ctx, t)...), nil
}

// pathTemplateSpec is spec.template.spec, where the classes are named.
var pathTemplateSpec = field.NewPath("spec", "template", "spec")

// classWarnings warns of a PriorityClass or RuntimeClass the template names
// that does not exist. The API server refuses every Pod that names one
// (its Priority and RuntimeClass admission plugins), so such a template
// would break every Pod it selects; but a class is often created after the
// templates that name it, in the same `kubectl apply`, so it is a warning,
// not a refusal. Read from the cache: no API call per review.
func (v *TemplateValidator) classWarnings(ctx context.Context, t *templates.Template) []string {
	if v.Classes == nil {
		return nil
	}
	var out []string
	check := func(name string, obj client.Object, kind, field string) {
		if name == "" {
			return
		}
		err := v.Classes.Get(ctx, client.ObjectKey{Name: name}, obj)
		switch {
		case apierrors.IsNotFound(err):
			out = append(out, fmt.Sprintf("%s: %s %q does not exist: the API server refuses every Pod that names it, so every Pod this template selects would be refused until it is created", pathTemplateSpec.Child(field), kind, name))
		case err != nil:
			logf.FromContext(ctx).Error(err, "Checking that a template's class exists", "kind", kind, "name", name)
		}
	}
	check(t.Spec.PriorityClassName, &schedulingv1.PriorityClass{}, "PriorityClass", "priorityClassName")
	check(ptr.Deref(t.Spec.RuntimeClassName, ""), &nodev1.RuntimeClass{}, "RuntimeClass", "runtimeClassName")
	return out
}

// WatchClasses starts the cache's informers for PriorityClasses and
// RuntimeClasses with the cache rather than on the first template review,
// which would otherwise wait for them to sync. It needs list and watch on
// priorityclasses.scheduling.k8s.io and runtimeclasses.node.k8s.io.
func WatchClasses(ctx context.Context, c cache.Cache) error {
	for _, obj := range []client.Object{&schedulingv1.PriorityClass{}, &nodev1.RuntimeClass{}} {
		if _, err := c.GetInformer(ctx, obj); err != nil {
			return fmt.Errorf("watching %T: %w", obj, err)
		}
	}
	return nil
}
