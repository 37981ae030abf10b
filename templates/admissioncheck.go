package templates

import (
	"fmt"
	"reflect"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// ApplyValidated is Apply, then holds the merged Pod to the API server's
// own Pod validation (ValidatePod), so that the templates never make a Pod
// the API server would refuse. Templates are checked against
// representative Spark Pods when they are registered, but a real Pod
// differs (a hostNetwork Pod, where every container port becomes a host
// port; annotations near their 256 KiB total; its own sidecars, resources
// and classes): the same validation runs again on the merged Pod.
//
// The common case costs one validation, when a template changed the Pod
// (about 45 µs on a Spark driver: docs/performance.md). On failure the applied
// templates are merged again one at a time, from the Pod as it came, each
// kept only if it adds no error the Pod had not before it: errors of the
// submitter's own Pod are the API server's to report, not a reason to drop
// a template. A Default
// template that adds errors is left out with a warning naming it and the
// errors; an Enforce one denies the Pod with a *MergeError naming it, as a
// merge that cannot be applied does. The Pod is then merged anew with the
// templates kept.
func ApplyValidated(pod *corev1.Pod, role v1alpha1.SparkRole, selected []*Template) (Outcome, error) {
	out, err := Apply(pod, role, selected)
	// A Pod the merges left as it came (a reinvocation, where the Enforce
	// templates merged again find their values in place) is the API
	// server's to validate: no template changed it.
	if err != nil || len(out.Applied) == 0 || reflect.DeepEqual(out.Before, pod) || len(ValidatePod(pod)) == 0 {
		return out, err
	}
	// The slow path: which of the applied templates break this Pod.
	byKey := make(map[string]*Template, len(selected))
	for _, t := range selected {
		byKey[t.Key()] = t
	}
	applied := make([]*Template, 0, len(out.Applied))
	for _, k := range out.Applied {
		applied = append(applied, byKey[k])
	}
	return checkMerged(pod, out.Before, role, applied, out)
}

// checkMerged finds, for ApplyValidated, the templates that make pod fail
// the validation: pod is original with every template of applied merged,
// in that order, and out says what that did.
func checkMerged(pod, original *corev1.Pod, role v1alpha1.SparkRole, applied []*Template, out Outcome) (Outcome, error) {
	reapply := func(p *corev1.Pod, ts []*Template) (Outcome, error) {
		o, broken, err := applyAll(p, role, ts, mergeTemplate)
		if broken != nil {
			// Each of ts merged without panicking a moment ago, from the
			// same Pod; should one panic now, the Pod is denied.
			return o, fmt.Errorf("template %q: merging it again failed: %v", broken.template.Key(), broken.value)
		}
		classesOf(original).clearDerived(p)
		return o, err
	}
	var (
		kept, dropped []*Template
		warnings      []string
		current       = original.DeepCopy()
		before        = errorKeys(ValidatePod(current))
	)
	for _, t := range applied {
		trial := current.DeepCopy()
		if _, err := reapply(trial, []*Template{t}); err != nil {
			return out, err
		}
		errs := ValidatePod(trial)
		added := newErrors(errs, before)
		if len(added) == 0 {
			kept, current, before = append(kept, t), trial, errorKeys(errs)
			continue
		}
		if t.Policy == v1alpha1.PolicyEnforce {
			return out, &MergeError{Template: t.Key(), Errors: added}
		}
		dropped = append(dropped, t)
		warnings = append(warnings, fmt.Sprintf("template %q was left out: with it the Pod would fail the API server's validation: %v", t.Key(), added.ToAggregate()))
	}
	if len(dropped) == 0 {
		return out, nil
	}
	*pod = *original.DeepCopy()
	next, err := reapply(pod, kept)
	next.Before, next.Failed = original, out.Failed
	next.Warnings = append(append(failureWarnings(out.Failed), next.Warnings...), warnings...)
	return next, err
}
