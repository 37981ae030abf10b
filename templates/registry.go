package templates

import (
	"cmp"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Registry holds the compiled templates of every source (files, the
// cluster) and publishes them as one immutable Set. Readers on the admission
// path take the current Set with one atomic load and never wait for a writer.
type Registry struct {
	mu      sync.Mutex
	sources map[string][]*Template
	current atomic.Pointer[Set]
	// removed is told the keys of the templates each Replace took away.
	removed func(keys []string)
}

// NotReplaced is the template count a source's OnLoad is told when a load
// failed as a whole and left the source's last good set in the registry.
const NotReplaced = -1

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	r := &Registry{sources: map[string][]*Template{}}
	r.current.Store(newSet(nil))
	return r
}

// OnRemoved makes every later Replace call f with the keys of the
// templates it took out of the registry — deleted objects, removed files —
// so that what is kept per template (metric series) goes with them. f is
// called under the registry's lock: removals reach it in order.
func (r *Registry) OnRemoved(f func(keys []string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.removed = f
}

// Replace sets the templates of one source, replacing what that source had,
// and publishes the new Set.
func (r *Registry) Replace(source string, ts []*Template) {
	r.mu.Lock()
	defer r.mu.Unlock()
	previous := r.sources[source]
	r.sources[source] = ts
	var all []*Template
	for _, name := range slices.Sorted(maps.Keys(r.sources)) {
		all = append(all, r.sources[name]...)
	}
	r.current.Store(newSet(all))
	if r.removed != nil && len(previous) > 0 {
		if gone := removedKeys(previous, all); len(gone) > 0 {
			r.removed(gone)
		}
	}
}

// removedKeys are the keys of previous that none of now has.
func removedKeys(previous, now []*Template) []string {
	kept := sets.New[string]()
	for _, t := range now {
		kept.Insert(t.Key())
	}
	var gone []string
	for _, t := range previous {
		if k := t.Key(); !kept.Has(k) {
			kept.Insert(k) // once each
			gone = append(gone, k)
		}
	}
	return gone
}

// Set returns the templates registered now.
func (r *Registry) Set() *Set { return r.current.Load() }

// Set is an immutable, indexed collection of templates: by role, then by
// namespace, each list sorted in the order templates are applied.
type Set struct {
	roles [len(allRoles)]roleIndex
	// names maps each template name to the namespaces it is registered in,
	// "" for cluster-wide.
	names map[string]sets.Set[string]
	size  int
}

// roleIndex holds the templates of one role: the cluster-wide ones and, per
// namespace, the namespaced ones, each sorted and indexed for selection.
type roleIndex struct {
	clusterWide *candidates
	namespaced  map[string]*candidates
}

func newSet(ts []*Template) *Set {
	s := &Set{names: map[string]sets.Set[string]{}, size: len(ts)}
	for i, role := range allRoles {
		var clusterWide []*Template
		namespaced := map[string][]*Template{}
		for _, t := range ts {
			if !t.Roles.Has(role) {
				continue
			}
			if t.Namespace == "" {
				clusterWide = append(clusterWide, t)
			} else {
				namespaced[t.Namespace] = append(namespaced[t.Namespace], t)
			}
		}
		idx := &s.roles[i]
		slices.SortStableFunc(clusterWide, compareTemplates)
		idx.clusterWide = newCandidates(clusterWide)
		idx.namespaced = make(map[string]*candidates, len(namespaced))
		for ns, list := range namespaced {
			slices.SortStableFunc(list, compareTemplates)
			idx.namespaced[ns] = newCandidates(list)
		}
	}
	for _, t := range ts {
		if s.names[t.Name] == nil {
			s.names[t.Name] = sets.New[string]()
		}
		s.names[t.Name].Insert(t.Namespace)
	}
	return s
}

// visible reports whether a template of that name applies to Pods in
// namespace: a cluster-wide one, or one in that namespace.
func (s *Set) visible(name, namespace string) bool {
	ns := s.names[name]
	return ns.Has("") || ns.Has(namespace)
}

// Len is the number of templates in the set.
func (s *Set) Len() int { return s.size }

// compareTemplates is the order templates are applied in: ascending
// priority, then name, then namespace and source, so it is total.
func compareTemplates(a, b *Template) int {
	return cmp.Or(
		cmp.Compare(a.Priority, b.Priority),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Source, b.Source),
	)
}

func (s *Set) index(role v1alpha1.SparkRole) *roleIndex {
	for i, r := range allRoles {
		if r == role {
			return &s.roles[i]
		}
	}
	return &roleIndex{}
}
