package templates

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	podutil "k8s.io/kubernetes/pkg/api/pod"
	core "k8s.io/kubernetes/pkg/apis/core"
	corev1defaults "k8s.io/kubernetes/pkg/apis/core/v1"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/capabilities"
)

// The Pod validation reads kube-apiserver's --allow-privileged from this
// process-wide setting, which defaults to false when nothing set it. Every
// cluster sparkhook targets runs with true (kubeadm, kind and the managed
// offerings set it; the Pod Security admission decides instead), and what
// a template may add is sparkhook's SecurityPolicy's to decide, not this
// flag's: without this, a privileged sidecar the policy allows would be
// refused as "disallowed by cluster policy".
func init() {
	capabilities.Setup(true, 0)
}

// ValidatePod validates pod with the API server's own rules for a Pod it is
// asked to create: the same defaulting, conversion to the internal type and
// validation as kube-apiserver's pod storage (pkg/registry/core/pod
// strategy: PrepareForCreate drops disabled fields, Validate calls
// ValidatePodCreate with options from the Pod and the feature gates), at
// the k8s.io/kubernetes release whose staging modules sparkhook builds
// against. It is not a copy of those rules, so it cannot drift from them.
//
// pod is not changed. A Pod still without a name (generateName) or
// namespace gets placeholders: the API server sets both before it
// validates, after the webhooks ran.
func ValidatePod(pod *corev1.Pod) field.ErrorList {
	// The defaults change only the spec and status, and the validation
	// reads the metadata, so only those two are copied: a Spark Pod's
	// labels, annotations and managedFields are not.
	p := &corev1.Pod{TypeMeta: pod.TypeMeta, ObjectMeta: pod.ObjectMeta, Spec: *pod.Spec.DeepCopy(), Status: *pod.Status.DeepCopy()}
	if p.Name == "" {
		p.Name = p.GenerateName + "x"
	}
	if p.Namespace == "" {
		p.Namespace = "default"
	}
	corev1defaults.SetObjectDefaults_Pod(p)
	var internal core.Pod
	if err := corev1defaults.Convert_v1_Pod_To_core_Pod(p, &internal, nil); err != nil {
		return field.ErrorList{field.InternalError(nil, fmt.Errorf("converting the Pod to the API server's internal type: %w", err))}
	}
	podutil.DropDisabledPodFields(&internal, nil)
	opts := podutil.GetValidationOptionsFromPodSpecAndMeta(&internal.Spec, nil, &internal.ObjectMeta, nil)
	opts.ResourceIsPod = true
	return corevalidation.ValidatePodCreate(&internal, opts)
}

// errorKey identifies a validation error by what and where, so that the
// errors a template brings can be told from those a Pod already had.
type errorKey struct {
	typ   field.ErrorType
	field string
}

func errorKeys(errs field.ErrorList) map[errorKey]bool {
	out := make(map[errorKey]bool, len(errs))
	for _, e := range errs {
		out[errorKey{e.Type, e.Field}] = true
	}
	return out
}

// newErrors returns the errors of errs that before does not have.
func newErrors(errs field.ErrorList, before map[errorKey]bool) field.ErrorList {
	var out field.ErrorList
	for _, e := range errs {
		if !before[errorKey{e.Type, e.Field}] {
			out = append(out, e)
		}
	}
	return out
}
