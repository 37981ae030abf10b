package templates

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Apply merges the selected templates, in order, into pod and records them
// in its sparkhook.io/applied annotation. A Default template whose exact
// entry (name@hash) the Pod already carries was merged before — a
// reinvocation or a replay — and is skipped. Enforce templates are merged
// every time, since a submitter could write that annotation to dodge them;
// their merge is check-then-set, so a second pass changes nothing either.
//
// It returns the warnings to show the submitter, and a *MergeError when an
// Enforce template cannot be applied.
func Apply(pod *corev1.Pod, role v1alpha1.SparkRole, selected []*Template) ([]string, error) {
	if len(selected) == 0 {
		return nil, nil
	}
	applied := parseApplied(pod.Annotations[v1alpha1.AnnotationApplied])
	var warnings []string
	for _, t := range selected {
		entry := t.AppliedEntry()
		if t.Policy != v1alpha1.PolicyEnforce && applied.has(entry) {
			continue
		}
		w, err := MergeTemplate(pod, role, t)
		warnings = append(warnings, w...)
		if err != nil {
			return warnings, err
		}
		applied.add(entry)
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[v1alpha1.AnnotationApplied] = applied.String()
	return warnings, nil
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
