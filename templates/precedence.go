package templates

import (
	"cmp"
	"slices"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Precedence. Templates are merged in three steps. A Default merge sets
// only what the Pod does not have yet, so among Default templates the first
// merged wins: they are merged in descending priority (then descending
// name), and the highest priority sets a value the others then find taken.
// An Enforce merge replaces what differs, so among Enforce templates the
// last merged wins: they are merged in ascending priority (then name). So
// within a step the higher priority wins whatever order the templates were
// selected in, at equal priority the key that sorts last wins under both
// policies, and nothing a team's template does — at any priority, under any
// name, Default or Enforce — can replace what the platform's Enforce
// templates set (docs/templates.md, Precedence):
//
//	step  templates                                  order          keeps or replaces
//	1     Default, the platform's and the teams'     descending     keeps the Pod's own values and those of higher-priority templates (a warning naming whose value is kept)
//	2     Enforce, the teams' (namespaced)           ascending      replaces the Pod's, the Default templates' and lower-priority team Enforce values
//	3     Enforce, the platform's (cluster-wide)     ascending      replaces everything before it: the Pod's, every team template's
//
// The platform's templates are those of files and of sparkhook's own
// namespace (Template.Namespace ""); a team's are those of any other
// namespace. Ordering rather than marking the platform's values as
// protected keeps one rule — the later merge wins under Enforce, the
// earlier under Default — and needs no record of which template set what
// on the common path; only a conflict looks back (keptSource). A team's
// template thus counts for no more than the Pod's own spec, which the team
// writes too.
const (
	stepDefault = iota
	stepTeamEnforce
	stepPlatformEnforce
)

// applyStep is the step a template is merged in.
func applyStep(t *Template) int {
	switch {
	case t.Policy != v1alpha1.PolicyEnforce:
		return stepDefault
	case t.Namespace != "":
		return stepTeamEnforce
	}
	return stepPlatformEnforce
}

// compareApplication is the order Apply merges templates in: by step, then
// within the Default step as compareTemplates reversed (the first setter
// wins, so it must be the highest priority), within the Enforce steps as
// compareTemplates (the last writer wins, so it must be the highest).
func compareApplication(a, b *Template) int {
	sa, sb := applyStep(a), applyStep(b)
	switch {
	case sa != sb:
		return cmp.Compare(sa, sb)
	case sa == stepDefault:
		return compareTemplates(b, a)
	}
	return compareTemplates(a, b)
}

// applyOrder returns selected in the order Apply merges them; it copies
// selected only when that order differs from the one given.
func applyOrder(selected []*Template) []*Template {
	if slices.IsSortedFunc(selected, compareApplication) {
		return selected
	}
	out := slices.Clone(selected)
	slices.SortFunc(out, compareApplication)
	return out
}
