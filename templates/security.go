package templates

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation"
	psa "k8s.io/pod-security-admission/api"
)

// SecurityPolicy is the `security` section of sparkhook's --config: which
// Pod Security Standards level the templates of each origin are held to. A
// template reaches every Spark Pod it selects, so writing one must not give
// anyone more than the level their origin is granted:
//
//	security:
//	  platform: privileged   # sparkhook's own namespace and template files
//	  teams: baseline        # every other namespace
//	  namespaces:            # exceptions for some teams, by namespace name
//	  - {names: [ml-infra], level: privileged}
//
// Its zero value holds everyone to baseline: nothing privileged (no
// privileged containers, host namespaces, hostPath volumes, hostPorts, added
// capabilities beyond baseline's, unsafe sysctls, Unconfined seccomp or
// AppArmor, custom SELinux types or procMount) until the configuration
// grants it. The checks are those of k8s.io/pod-security-admission, the
// library the API server's own PodSecurity admission runs (securityLevel).
type SecurityPolicy struct {
	// Platform is the level of the platform's templates: those in
	// sparkhook's own namespace and those from files. Default baseline.
	Platform SecurityLevel `json:"platform,omitempty"`
	// Teams is the level of the templates in every other namespace, unless
	// Namespaces names theirs. Default baseline.
	Teams SecurityLevel `json:"teams,omitempty"`
	// Namespaces set the level of the templates in the namespaces they
	// name, in place of Teams. By name only, not by label selector: whoever
	// may label a namespace should not thereby raise what its templates may
	// do. A namespace named in several gets the most permissive of them.
	Namespaces []NamespaceSecurity `json:"namespaces,omitempty"`

	// TemplateNamespace is not configuration: it is the namespace of the
	// team template being checked, "" for a platform template. ForNamespace
	// sets it; Compile then holds the template to that origin's level.
	TemplateNamespace string `json:"-"`
}

// NamespaceSecurity grants the templates of some namespaces a level other
// than SecurityPolicy.Teams.
type NamespaceSecurity struct {
	// Names are the namespaces.
	Names []string `json:"names"`
	// Level is their templates' level.
	Level SecurityLevel `json:"level"`
}

// SecurityLevel is a Pod Security Standards level: privileged, baseline or
// restricted (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
// Empty means baseline.
type SecurityLevel string

// Levels, from the most permissive to the most restrictive.
const (
	LevelPrivileged = SecurityLevel(psa.LevelPrivileged)
	LevelBaseline   = SecurityLevel(psa.LevelBaseline)
	LevelRestricted = SecurityLevel(psa.LevelRestricted)
)

// UnmarshalJSON refuses a level the Pod Security Standards do not define,
// so that a misspelt level fails when the configuration is read rather than
// silently meaning baseline.
func (l *SecurityLevel) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if s != "" {
		if _, err := psa.ParseLevel(s); err != nil {
			return fmt.Errorf("security level %q: %w", s, err)
		}
	}
	*l = SecurityLevel(s)
	return nil
}

// orDefault is the level l means: baseline when unset.
func (l SecurityLevel) orDefault() SecurityLevel {
	if l == "" {
		return LevelBaseline
	}
	return l
}

// permissiveness orders levels: privileged allows most.
func (l SecurityLevel) permissiveness() int {
	return map[SecurityLevel]int{LevelRestricted: 0, LevelBaseline: 1, LevelPrivileged: 2}[l.orDefault()]
}

// ForNamespace returns the policy as it applies to a SparkPodTemplate in
// namespace: the platform's when that is sparkhook's own namespace
// (ownNamespace), else that team's.
func (p SecurityPolicy) ForNamespace(namespace, ownNamespace string) SecurityPolicy {
	p.TemplateNamespace = namespace
	if namespace == ownNamespace {
		p.TemplateNamespace = ""
	}
	return p
}

// Level is the level the templates of namespace are held to; "" is the
// platform.
func (p SecurityPolicy) Level(namespace string) SecurityLevel {
	if namespace == "" {
		return p.Platform.orDefault()
	}
	level, granted := p.Teams.orDefault(), false
	for _, n := range p.Namespaces {
		if !slices.Contains(n.Names, namespace) {
			continue
		}
		if !granted || n.Level.permissiveness() > level.permissiveness() {
			level, granted = n.Level.orDefault(), true
		}
	}
	return level
}

// setting names the configuration setting that decides the level of the
// templates of namespace, for messages.
func (p SecurityPolicy) setting(namespace string) string {
	if namespace == "" {
		return "security.platform"
	}
	for i, n := range p.Namespaces {
		if slices.Contains(n.Names, namespace) {
			return fmt.Sprintf("security.namespaces[%d]", i)
		}
	}
	return "security.teams (or a security.namespaces entry naming this namespace)"
}

// Validate reports every invalid setting: levels (also refused when the
// configuration is read) and namespace names.
func (p SecurityPolicy) Validate() error {
	var errs []error
	for _, s := range []struct {
		name  string
		level SecurityLevel
	}{{"platform", p.Platform}, {"teams", p.Teams}} {
		if _, err := psa.ParseLevel(string(s.level)); s.level != "" && err != nil {
			errs = append(errs, fmt.Errorf("security.%s: %w", s.name, err))
		}
	}
	for i, n := range p.Namespaces {
		if _, err := psa.ParseLevel(string(n.Level)); err != nil {
			errs = append(errs, fmt.Errorf("security.namespaces[%d].level: %w", i, err))
		}
		if len(n.Names) == 0 {
			errs = append(errs, fmt.Errorf("security.namespaces[%d].names: required", i))
		}
		for j, name := range n.Names {
			for _, msg := range validation.IsDNS1123Label(name) {
				errs = append(errs, fmt.Errorf("security.namespaces[%d].names[%d]: %q: %s", i, j, name, msg))
			}
		}
	}
	return errors.Join(errs...)
}
