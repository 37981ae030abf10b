package templates

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// validateMerged merges t into a representative Spark Pod of each role it
// applies to (RepresentativePod) and validates the result with the API
// server's own Pod validation (ValidatePod), so that a template that would
// make the Pods it selects invalid is refused when it is registered rather
// than stored and found out by every Spark Pod it selects. Each error names
// the template's field where it can be traced (fieldMapper), else
// spec.template, and says where in the merged Pod the API server found it.
// An error found in both roles is reported once.
//
// What the merge itself refuses (an Enforce template's mount of a volume
// the Pod lacks, a limit under Spark's own request) depends on the Pod: the
// merge denies or warns about it per Pod at admission, and it says nothing
// about the template's validity here.
func validateMerged(t *Template, pt *corev1.PodTemplateSpec, secretEnv []v1alpha1.SecretEnvVar, spark sparkContainers, specPath *field.Path) field.ErrorList {
	var (
		errs field.ErrorList
		seen = map[errorKey]bool{}
	)
	for _, role := range allRoles {
		if !t.Roles.Has(role) {
			continue
		}
		pod := RepresentativePod(role)
		_, broken, err := mergeRecovering(MergeTemplate, pod, role, t)
		if broken != nil {
			errs = append(errs, field.InternalError(specPath.Child("template"), fmt.Errorf("merging into a Spark %s Pod: %v", role, broken.value)))
			continue
		}
		if err != nil {
			continue
		}
		m := &fieldMapper{pt: pt, secretEnv: secretEnv, spark: spark, role: role, pod: pod, spec: specPath}
		for _, e := range ValidatePod(pod) {
			mapped := m.mapError(e)
			if k := (errorKey{mapped.Type, mapped.Field}); !seen[k] {
				seen[k] = true
				errs = append(errs, mapped)
			}
		}
	}
	return errs
}

// mapError moves e, found in m.pod, to the template's field, and says in
// its detail where the API server found it.
func (m *fieldMapper) mapError(e *field.Error) *field.Error {
	out := *e
	out.Field = m.spec.Child("template").String()
	if p, ok := m.templateField(e.Field); ok {
		out.Field = p.String()
	}
	where := fmt.Sprintf("the API server's Pod validation, in a Spark %s Pod with this template merged, at %s", m.role, e.Field)
	if out.Detail == "" {
		out.Detail = where
	} else {
		out.Detail += " (" + where + ")"
	}
	return &out
}
