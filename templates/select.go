package templates

import (
	"fmt"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Query describes the Spark Pod templates are selected for.
type Query struct {
	// Role is the Pod's Spark role.
	Role v1alpha1.SparkRole
	// Namespace is the Pod's namespace.
	Namespace string
	// PodLabels are the Pod's labels.
	PodLabels labels.Labels
	// NamespaceLabels returns the labels of the Pod's namespace. It is only
	// called when a candidate template has a namespaceSelector.
	NamespaceLabels func() (labels.Labels, error)
	// Requested are the names in the Pod's sparkhook.io/templates
	// annotation.
	Requested sets.Set[string]
}

// RequestedTemplates parses the sparkhook.io/templates annotation: names
// separated by commas, blanks ignored.
func RequestedTemplates(annotations map[string]string) sets.Set[string] {
	v, ok := annotations[v1alpha1.AnnotationTemplates]
	if !ok {
		return nil
	}
	return sets.New(splitList(v)...)
}

// Select returns the templates that apply to the Pod q describes, in
// ascending priority, then name (compareTemplates), and warnings for
// requested templates that do not exist. Apply merges them in the order of
// precedence, the platform's Enforce templates last (applyOrder). It looks only at the templates of the Pod's role, cluster-wide or
// in its namespace, that the index says its labels and requests may select,
// already sorted (see candidates).
func (s *Set) Select(q Query) ([]*Template, []string, error) {
	idx := s.index(q.Role)
	var buf [32]int32
	global := idx.clusterWide.lookup(q.PodLabels, q.Requested, buf[:0])
	nsIndex := idx.namespaced[q.Namespace]
	local := nsIndex.lookup(q.PodLabels, q.Requested, nil)
	selected := make([]*Template, 0, 8)
	var nsLabels labels.Labels
	for a, b := 0, 0; a < len(global) || b < len(local); {
		var t *Template
		if b >= len(local) || (a < len(global) && compareTemplates(idx.clusterWide.all[global[a]], nsIndex.all[local[b]]) <= 0) {
			t, a = idx.clusterWide.all[global[a]], a+1
		} else {
			t, b = nsIndex.all[local[b]], b+1
		}
		// The index returns an on-request template only for a Pod that
		// names it (TestSelectIndexMatchesFullScan); the selector is checked
		// here.
		if !t.Selector.Matches(q.PodLabels) {
			continue
		}
		if t.NamespaceSelector != nil {
			if nsLabels == nil {
				var err error
				if nsLabels, err = q.NamespaceLabels(); err != nil {
					return nil, nil, fmt.Errorf("reading the labels of namespace %q for template %q: %w", q.Namespace, t.Key(), err)
				}
				// A namespace without labels may come back as nil: match
				// it as empty (a selector would panic on nil), and do not
				// read it again for the next template.
				if nsLabels == nil {
					nsLabels = labels.Set{}
				}
			}
			if !t.NamespaceSelector.Matches(nsLabels) {
				continue
			}
		}
		selected = append(selected, t)
	}
	return selected, s.unknownRequested(q.Requested, q.Namespace), nil
}

// unknownRequested warns about requested names that no template the Pod can
// see has — cluster-wide or in the Pod's namespace —, most likely a typo in
// the submitter's annotation. A template of the same name in another
// namespace never applies to the Pod, so it does not silence the warning.
func (s *Set) unknownRequested(requested sets.Set[string], namespace string) []string {
	var warnings []string
	for _, name := range sets.List(requested) {
		if !s.visible(name, namespace) {
			warnings = append(warnings, fmt.Sprintf("%s: no template named %q is registered", v1alpha1.AnnotationTemplates, name))
		}
	}
	return warnings
}
