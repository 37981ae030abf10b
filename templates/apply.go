package templates

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Outcome is what Apply did beyond changing the Pod.
type Outcome struct {
	// Applied are the keys of the templates merged in this call, in order.
	Applied []string
	// Warnings are for the submitter (admission warnings).
	Warnings []string
	// Failed are the keys of Default templates whose merge failed
	// unexpectedly (a bug, not bad input) and that were left out.
	Failed []string
	// Conflicts and DanglingMounts count, by template key, what the merges
	// reported (see Report); nil when there was nothing to count.
	Conflicts, DanglingMounts map[string]int
	// Before is a Snapshot of the Pod as it was before any template was
	// merged, which Apply also starts over from should a merge panic.
	// Callers diff it with the Pod, and may add to the Pod what a Snapshot
	// allows (annotations).
	Before *corev1.Pod
}

// Apply merges the selected templates into pod, in the order of
// precedence (applyOrder: Default templates from the highest priority
// down, then the teams' Enforce templates, then the platform's, each from
// the lowest priority up, so that the higher priority wins in each step and
// the platform's Enforce templates have the last word), and records them in
// its sparkhook.io/applied annotation. A Default conflict's warning names
// whose value was kept: the Pod's, or a template's merged before. A
// Default template whose exact entry (name@hash) the Pod already carries
// was merged before — a reinvocation or a replay — and is skipped.
// Enforce templates are merged every time, since a submitter could write
// that annotation to dodge them; their merge is check-then-set and their
// conflicts are settled by the same order on every pass, so a second pass
// ends where the first did. What the API server derives from the
// Pod's priority and runtime classes is cleared once, at the end, and only
// if a class differs from the one the Pod came with (classes.clearDerived).
//
// One template's failure never takes the others down: should a merge panic,
// the Pod is restored and merged again without that template, which is
// reported in Outcome.Failed — unless it is an Enforce template, whose
// failure denies the Pod. It returns a *MergeError when an Enforce template
// cannot be applied.
func Apply(pod *corev1.Pod, role v1alpha1.SparkRole, selected []*Template) (Outcome, error) {
	return apply(pod, role, selected, mergeTemplate)
}

// mergeFunc is MergeTemplate's signature; tests pass one that fails.
type mergeFunc func(*corev1.Pod, v1alpha1.SparkRole, *Template) (Report, error)

func apply(pod *corev1.Pod, role v1alpha1.SparkRole, selected []*Template, merge mergeFunc) (Outcome, error) {
	original := Snapshot(pod)
	if len(selected) == 0 {
		return Outcome{Before: original}, nil
	}
	selected = applyOrder(selected)
	var failed []string
	for {
		out, broken, err := applyPass(pod, original, role, selected, merge)
		if broken == nil {
			classesOf(original).clearDerived(pod)
			out.Failed = failed
			out.Warnings = append(failureWarnings(failed), out.Warnings...)
			out.Before = original
			return out, err
		}
		if broken.template.Policy == v1alpha1.PolicyEnforce {
			return out, &MergeError{Template: broken.template.Key(), Errors: field.ErrorList{
				field.InternalError(nil, fmt.Errorf("merging the template failed: %v", broken.value)),
			}}
		}
		failed = append(failed, broken.template.Key())
		selected = without(selected, broken.template)
		// The Snapshot shares with the Pod what the merges do not write;
		// starting over from a deep copy of it, the Pod shares nothing.
		*pod = *original.DeepCopy()
	}
}

// brokenMerge is a template whose merge panicked, and what it panicked with.
type brokenMerge struct {
	template *Template
	value    any
}

// applyAll merges every template once, in the order given; it stops at the
// first whose merge panics and reports it.
func applyAll(pod *corev1.Pod, role v1alpha1.SparkRole, selected []*Template, merge mergeFunc) (Outcome, *brokenMerge, error) {
	return applyPass(pod, Snapshot(pod), role, selected, merge)
}

// applyPass is applyAll for a Pod whose value before the pass before holds:
// a conflict's warning names whose value was kept, the Pod's as it came or
// that of a template merged before (nameKeptSources).
func applyPass(pod, before *corev1.Pod, role v1alpha1.SparkRole, selected []*Template, merge mergeFunc) (Outcome, *brokenMerge, error) {
	var out Outcome
	applied := parseApplied(pod.Annotations[v1alpha1.AnnotationApplied])
	for i, t := range selected {
		entry := t.AppliedEntry()
		if t.Policy != v1alpha1.PolicyEnforce && applied.has(entry) {
			continue
		}
		report, broken, err := mergeRecovering(merge, pod, role, t)
		if broken != nil {
			return out, broken, nil
		}
		if len(report.kept) > 0 {
			nameKeptSources(&report, t.Key(), pod, before, mergedOf(selected[:i], out.Applied), role)
		}
		out.record(t.Key(), report)
		if err != nil {
			return out, nil, err
		}
		out.Applied = append(out.Applied, t.Key())
		applied.add(entry)
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[v1alpha1.AnnotationApplied] = applied.String()
	return out, nil, nil
}

// mergeRecovering calls merge, turning a panic into a brokenMerge.
func mergeRecovering(merge mergeFunc, pod *corev1.Pod, role v1alpha1.SparkRole, t *Template) (report Report, broken *brokenMerge, err error) {
	defer func() {
		if r := recover(); r != nil {
			broken = &brokenMerge{template: t, value: r}
		}
	}()
	report, err = merge(pod, role, t)
	return report, nil, err
}

// record adds one template's report to the outcome.
func (o *Outcome) record(key string, r Report) {
	o.Warnings = append(o.Warnings, r.Warnings...)
	o.Conflicts = addCount(o.Conflicts, key, r.Conflicts)
	o.DanglingMounts = addCount(o.DanglingMounts, key, r.DanglingMounts)
}

// addCount adds n to counts[key], allocating counts only for a non-zero n:
// most admissions have nothing to count.
func addCount(counts map[string]int, key string, n int) map[string]int {
	if n == 0 {
		return counts
	}
	if counts == nil {
		counts = map[string]int{}
	}
	counts[key] += n
	return counts
}

// mergedOf returns, in order, the templates of ts whose keys are in
// applied: those a pass merged, not those it skipped.
func mergedOf(ts []*Template, applied []string) []*Template {
	out := make([]*Template, 0, len(applied))
	for _, t := range ts {
		if slices.Contains(applied, t.Key()) {
			out = append(out, t)
		}
	}
	return out
}

func without(ts []*Template, drop *Template) []*Template {
	out := make([]*Template, 0, len(ts))
	for _, t := range ts {
		if t != drop {
			out = append(out, t)
		}
	}
	return out
}

func failureWarnings(keys []string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("template %q could not be applied (an internal error, logged by sparkhook) and was left out", k))
	}
	return out
}

// appliedList is the ordered content of sparkhook.io/applied.
type appliedList []string

func parseApplied(v string) appliedList {
	return splitList(v)
}

func (l appliedList) has(entry string) bool {
	for _, e := range l {
		if e == entry {
			return true
		}
	}
	return false
}

// add records entry, replacing an entry of the same template with another
// hash: the template changed since it was last applied.
func (l *appliedList) add(entry string) {
	key := entry[:strings.LastIndex(entry, "@")+1]
	for i, e := range *l {
		if strings.HasPrefix(e, key) {
			(*l)[i] = entry
			return
		}
	}
	*l = append(*l, entry)
}

func (l appliedList) String() string { return strings.Join(l, ",") }
