package templates

import (
	"cmp"
	"slices"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Precedence. Templates are merged in three steps, each in ascending
// priority, then name (compareTemplates). A Default merge sets only what
// the Pod does not have yet; an Enforce merge replaces what differs. So the
// later step wins, and nothing a team's template does — at any priority,
// under any name, Default or Enforce — can replace what the platform's
// Enforce templates set (README, Templates: precedence):
//
//	step  templates                                  keeps or replaces
//	1     Default, the platform's and the teams'     keeps the Pod's own values and those of earlier templates (a warning)
//	2     Enforce, the teams' (namespaced)           replaces the Pod's, the Default templates' and earlier team Enforce values
//	3     Enforce, the platform's (cluster-wide)     replaces everything before it: the Pod's, every team template's
//
// The platform's templates are those of files and of sparkhook's own
// namespace (Template.Namespace ""); a team's are those of any other
// namespace. Ordering rather than marking the platform's values as
// protected keeps one rule — the later merge wins under Enforce — and
// needs no record of which template set what. A team's template thus
// counts for no more than the Pod's own spec, which the team writes too.
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
// as compareTemplates orders them.
func compareApplication(a, b *Template) int {
	return cmp.Or(cmp.Compare(applyStep(a), applyStep(b)), compareTemplates(a, b))
}

// applyOrder returns selected in the order Apply merges them; it copies
// selected only when that order differs from the one given (most Pods get
// Default templates only, which Select returns in order).
func applyOrder(selected []*Template) []*Template {
	if slices.IsSortedFunc(selected, compareApplication) {
		return selected
	}
	out := slices.Clone(selected)
	slices.SortFunc(out, compareApplication)
	return out
}
