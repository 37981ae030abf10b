package templates

import (
	"slices"

	"k8s.io/apimachinery/pkg/labels"
	selop "k8s.io/apimachinery/pkg/selection"
	"k8s.io/apimachinery/pkg/util/sets"
)

// candidates indexes templates, sorted in the order they are applied, by
// one thing each one's selector requires of a Pod — a label with one of some
// values, a label that exists, being requested by name — so that selection
// looks at the few templates a Pod can match rather than at every template
// registered (README, Performance: time per review must not grow with their number).
// Each template is indexed under one requirement only, so a Pod finds it at
// most once; the full selector is still checked.
type candidates struct {
	all []*Template
	// always are the positions of templates with no indexable requirement:
	// no selector, or only NotIn, !=, DoesNotExist.
	always []int32
	// equal maps a label key and value to the templates that require the
	// key to have that value (among others).
	equal map[string]map[string][]int32
	// exists maps a label key to the templates that require it to exist
	// (Exists, and Gt and Lt, which fail on a missing label).
	exists map[string][]int32
	// requested maps a name to the on-request templates of that name.
	requested map[string][]int32
}

// newCandidates indexes ts, which must be in application order.
func newCandidates(ts []*Template) *candidates {
	c := &candidates{all: ts, equal: map[string]map[string][]int32{}, exists: map[string][]int32{}, requested: map[string][]int32{}}
	for i, t := range ts {
		pos := int32(i)
		if t.OnRequest {
			c.requested[t.Name] = append(c.requested[t.Name], pos)
			continue
		}
		r, ok := indexable(t.Selector)
		switch {
		case !ok:
			c.always = append(c.always, pos)
		case r.Operator() == selop.Exists || r.Operator() == selop.GreaterThan || r.Operator() == selop.LessThan:
			c.exists[r.Key()] = append(c.exists[r.Key()], pos)
		default:
			byValue := c.equal[r.Key()]
			if byValue == nil {
				byValue = map[string][]int32{}
				c.equal[r.Key()] = byValue
			}
			for v := range r.Values() {
				byValue[v] = append(byValue[v], pos)
			}
		}
	}
	return c
}

// indexable picks the requirement of sel that narrows the candidates most:
// an equality with the fewest values, else a label that must exist.
func indexable(sel labels.Selector) (labels.Requirement, bool) {
	var (
		best  labels.Requirement
		found bool
	)
	if sel == nil {
		return best, false
	}
	reqs, _ := sel.Requirements()
	for _, r := range reqs {
		switch r.Operator() {
		case selop.Equals, selop.DoubleEquals, selop.In:
			if !found || best.Operator() == selop.Exists || best.Operator() == selop.GreaterThan ||
				best.Operator() == selop.LessThan || r.Values().Len() < best.Values().Len() {
				best, found = r, true
			}
		case selop.Exists, selop.GreaterThan, selop.LessThan:
			if !found {
				best, found = r, true
			}
		}
	}
	return best, found
}

// lookup appends to buf, in application order, the positions of the
// templates that podLabels and requested may select.
func (c *candidates) lookup(podLabels labels.Labels, requested sets.Set[string], buf []int32) []int32 {
	if c == nil {
		return buf
	}
	buf = append(buf, c.always...)
	for name := range requested {
		buf = append(buf, c.requested[name]...)
	}
	if set, ok := podLabels.(labels.Set); ok && len(set) <= len(c.equal)+len(c.exists) {
		for k, v := range set {
			buf = append(buf, c.equal[k][v]...)
			buf = append(buf, c.exists[k]...)
		}
	} else {
		for k, byValue := range c.equal {
			if podLabels.Has(k) {
				buf = append(buf, byValue[podLabels.Get(k)]...)
			}
		}
		for k, ts := range c.exists {
			if podLabels.Has(k) {
				buf = append(buf, ts...)
			}
		}
	}
	slices.Sort(buf)
	return buf
}
