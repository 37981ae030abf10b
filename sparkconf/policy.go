package sparkconf

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidPolicy is wrapped by every error of Policy.Validate: a policy
// that cannot be applied is a configuration error, reported when sparkhook
// starts rather than as a denial of every Spark job.
var ErrInvalidPolicy = errors.New("invalid spark.properties policy")

// Policy is the platform's own rules for spark.properties, on top of
// Spark's: what a platform team forbids, requires or bounds. It is the
// `properties` section of sparkhook's --config file. Every violation is an
// error, so a ConfigMap that breaks the policy is denied.
type Policy struct {
	// Forbidden keys may not be set. An entry ending in ".*" forbids a
	// whole prefix: "spark.kubernetes.authenticate.*" stops jobs from
	// bringing their own API server credentials.
	Forbidden []string `json:"forbidden,omitempty"`
	// Required keys must be set, e.g. spark.kubernetes.namespace.
	Required []string `json:"required,omitempty"`
	// Bounds limit numeric, byte-size and duration keys. Bounds are written
	// as the key's own values ("16g", "10min") and compared as Spark reads
	// them, in the key's unit.
	Bounds []Bound `json:"bounds,omitempty"`
	// Allowed restricts keys to a list of values.
	Allowed []Allowed `json:"allowed,omitempty"`
}

// Bound limits one key to [Min, Max]; either may be empty.
type Bound struct {
	Key string `json:"key"`
	Min string `json:"min,omitempty"`
	Max string `json:"max,omitempty"`
}

// Allowed limits one key to a list of values, compared as Spark reads
// them: 4g and 4096m are the same executor memory, "FAIR" and "fair" the
// same scheduler mode.
type Allowed struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

// Validate reports every rule of the policy that cannot be applied: empty
// or malformed key patterns, bounds on keys that are not numeric, bound and
// allowed values that Spark itself could not read.
func (p Policy) Validate() error {
	_, err := compilePolicy(p, mustVersion(NewestRelease))
	return err
}

// compiledPolicy is a Policy with its values parsed once.
type compiledPolicy struct {
	forbidden []string // exact keys, or prefixes ending in "."
	required  []string
	bounds    map[string]compiledBound
	allowed   map[string][]value
}

// compiledBound is a Bound in the key's unit.
type compiledBound struct {
	min, max       *value
	minRaw, maxRaw string
}

// compilePolicy parses the policy's values as Spark version v reads them.
func compilePolicy(p Policy, v Version) (compiledPolicy, error) {
	cp := compiledPolicy{bounds: map[string]compiledBound{}, allowed: map[string][]value{}}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidPolicy}, args...)...))
	}
	for _, f := range p.Forbidden {
		prefix, isPrefix := strings.CutSuffix(f, "*")
		switch {
		case f == "" || strings.Contains(prefix, "*"):
			fail("forbidden: %q is not a key or a prefix ending in .*", f)
		case isPrefix && !strings.HasSuffix(prefix, "."):
			fail("forbidden: %q: a prefix must end in .*", f)
		default:
			cp.forbidden = append(cp.forbidden, prefix)
		}
	}
	for _, r := range p.Required {
		if r == "" || strings.Contains(r, "*") {
			fail("required: %q is not a key", r)
		}
		cp.required = append(cp.required, r)
	}
	for _, b := range p.Bounds {
		cb, err := compileBound(b, v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cp.bounds[b.Key] = cb
	}
	for _, a := range p.Allowed {
		vals, err := compileAllowed(a, v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cp.allowed[a.Key] = vals
	}
	return cp, errors.Join(errs...)
}

// compileBound parses a bound's limits as values of its key.
func compileBound(b Bound, v Version) (compiledBound, error) {
	k, ok := newestRow(b.Key)
	switch {
	case !ok:
		return compiledBound{}, fmt.Errorf("%w: bounds: %q is not a key sparkhook knows the type of", ErrInvalidPolicy, b.Key)
	case k.Seq || !k.Type.numeric():
		return compiledBound{}, fmt.Errorf("%w: bounds: %s is a %s, not a number, byte size or duration", ErrInvalidPolicy, b.Key, k.Type)
	case b.Min == "" && b.Max == "":
		return compiledBound{}, fmt.Errorf("%w: bounds: %s has neither min nor max", ErrInvalidPolicy, b.Key)
	}
	cb := compiledBound{minRaw: b.Min, maxRaw: b.Max}
	for _, lim := range []struct {
		raw string
		dst **value
	}{{b.Min, &cb.min}, {b.Max, &cb.max}} {
		if lim.raw == "" {
			continue
		}
		val, msg := parseValue(k, lim.raw, v)
		if msg != "" {
			return compiledBound{}, fmt.Errorf("%w: bounds: %s: %s", ErrInvalidPolicy, b.Key, msg)
		}
		*lim.dst = &val
	}
	if cb.min != nil && cb.max != nil && cb.min.num > cb.max.num {
		return compiledBound{}, fmt.Errorf("%w: bounds: %s: min %s is above max %s", ErrInvalidPolicy, b.Key, b.Min, b.Max)
	}
	return cb, nil
}

// compileAllowed parses an allowed list as values of its key; keys outside
// the catalogue are compared as plain strings.
func compileAllowed(a Allowed, v Version) ([]value, error) {
	if a.Key == "" || len(a.Values) == 0 {
		return nil, fmt.Errorf("%w: allowed: %q needs a key and at least one value", ErrInvalidPolicy, a.Key)
	}
	k, ok := newestRow(a.Key)
	vals := make([]value, 0, len(a.Values))
	for _, s := range a.Values {
		if !ok || k.Seq {
			vals = append(vals, value{text: s})
			continue
		}
		val, msg := parseValue(k, s, v)
		if msg != "" {
			return nil, fmt.Errorf("%w: allowed: %s: %s", ErrInvalidPolicy, a.Key, msg)
		}
		vals = append(vals, val)
	}
	return vals, nil
}

// forbids returns the policy entry that forbids key, or "".
func (cp *compiledPolicy) forbids(key string) string {
	for _, f := range cp.forbidden {
		if key == f || (strings.HasSuffix(f, ".") && strings.HasPrefix(key, f)) {
			if strings.HasSuffix(f, ".") {
				return f + "*"
			}
			return f
		}
	}
	return ""
}
