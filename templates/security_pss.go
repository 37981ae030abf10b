package templates

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	psa "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// pssCheck is one check of the Pod Security Standards as
// k8s.io/pod-security-admission implements it, with an evaluator of its
// own: the library's aggregate result does not say which check failed, and
// a template author needs that, and the field, to fix the template.
type pssCheck struct {
	id    policy.CheckID
	level psa.Level
	// overrides are the baseline checks this restricted check replaces at
	// the restricted level (capabilities, seccomp, procMount, volumes), as
	// the library's own registry does.
	overrides []policy.CheckID
	eval      policy.Evaluator
}

// pssChecks are policy.DefaultChecks, each in its own evaluator, built once.
var pssChecks = sync.OnceValue(func() []pssCheck {
	var out []pssCheck
	for _, c := range policy.DefaultChecks() {
		eval, err := policy.NewEvaluator([]policy.Check{c}, nil)
		if err != nil {
			// The library's own checks; its tests hold them valid.
			panic(fmt.Sprintf("templates: Pod Security Standards check %s: %v", c.ID, err))
		}
		latest := c.Versions[len(c.Versions)-1]
		out = append(out, pssCheck{id: c.ID, level: c.Level, overrides: latest.OverrideCheckIDs, eval: eval})
	}
	slices.SortFunc(out, func(a, b pssCheck) int { return strings.Compare(string(a.id), string(b.id)) })
	return out
})

// checksAt returns the checks that the level enforces: none for
// privileged; baseline's; or baseline's but those restricted ones replace,
// and restricted's.
func checksAt(level SecurityLevel) []pssCheck {
	all := pssChecks()
	var out []pssCheck
	switch level {
	case LevelBaseline:
		for _, c := range all {
			if c.level == psa.LevelBaseline {
				out = append(out, c)
			}
		}
	case LevelRestricted:
		overridden := map[policy.CheckID]bool{}
		for _, c := range all {
			for _, id := range c.overrides {
				overridden[id] = true
			}
		}
		for _, c := range all {
			if !overridden[c.id] {
				out = append(out, c)
			}
		}
	}
	return out
}

// allowed evaluates one check at the latest policy version.
func (c pssCheck) allowed(level SecurityLevel, meta *metav1.ObjectMeta, spec *corev1.PodSpec) policy.CheckResult {
	lv := psa.LevelVersion{Level: psa.Level(level), Version: psa.LatestVersion()}
	for _, r := range c.eval.EvaluatePod(lv, meta, spec) {
		if !r.Allowed {
			return r
		}
	}
	return policy.CheckResult{Allowed: true}
}

// validateSecurity evaluates what the template would add to a Spark Pod —
// its containers, init containers, volumes, host namespaces, pod
// securityContext and annotations (AppArmor) — at the Pod Security
// Standards level its origin is granted (SecurityPolicy.Level), and returns
// one error per failing check, at the field that fails it where that can be
// told. A template's pod spec is partial, so at restricted, which requires
// settings rather than forbids them, every container the template lists
// must carry restricted's settings itself (or the pod securityContext).
func validateSecurity(pt *corev1.PodTemplateSpec, p SecurityPolicy, path *field.Path) field.ErrorList {
	level := p.Level(p.TemplateNamespace)
	checks := checksAt(level)
	if len(checks) == 0 {
		return nil
	}
	whole := corev1.PodSpec{
		HostNetwork: pt.Spec.HostNetwork, HostPID: pt.Spec.HostPID, HostIPC: pt.Spec.HostIPC,
		SecurityContext: pt.Spec.SecurityContext,
		Containers:      pt.Spec.Containers, InitContainers: pt.Spec.InitContainers, Volumes: pt.Spec.Volumes,
	}
	var errs field.ErrorList
	for _, c := range checks {
		if c.allowed(level, &pt.ObjectMeta, &whole).Allowed {
			continue
		}
		for _, f := range c.failures(level, pt, &whole, path) {
			errs = append(errs, field.Forbidden(f.path, p.refusal(f.result, c.id, level)))
		}
	}
	slices.SortStableFunc(errs, func(a, b *field.Error) int { return strings.Compare(a.Field, b.Field) })
	return errs
}

// refusal says why a check refused the template, and what would allow it.
func (p SecurityPolicy) refusal(r policy.CheckResult, id policy.CheckID, level SecurityLevel) string {
	what := r.ForbiddenReason
	if r.ForbiddenDetail != "" {
		what += " (" + r.ForbiddenDetail + ")"
	}
	origin := "the platform's templates"
	if p.TemplateNamespace != "" {
		origin = fmt.Sprintf("the templates of namespace %q", p.TemplateNamespace)
	}
	return fmt.Sprintf("%s: not allowed by the Pod Security Standards %s level (check %s), which sparkhook's --config grants %s (%s)",
		what, level, id, origin, p.setting(p.TemplateNamespace))
}
