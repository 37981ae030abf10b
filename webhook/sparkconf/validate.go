package sparkconf

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Options configure a Validator.
type Options struct {
	// SparkVersion is the Spark release to check against when a
	// ConfigMap does not name one; DefaultSparkVersion when empty.
	SparkVersion string
	// Policy is the platform's own rules.
	Policy Policy
}

// Validator checks spark.properties files. It is built once — the policy
// compiled, the default version parsed — and is safe for concurrent use.
type Validator struct {
	version Version
	policy  compiledPolicy
}

// NewValidator compiles opts; an invalid version or policy is an error
// wrapping ErrInvalidVersion or ErrInvalidPolicy.
func NewValidator(opts Options) (*Validator, error) {
	vs := opts.SparkVersion
	if vs == "" {
		vs = DefaultSparkVersion
	}
	v, err := ParseVersion(vs)
	if err != nil {
		return nil, fmt.Errorf("spark version: %w", err)
	}
	cp, err := compilePolicy(opts.Policy, v)
	if err != nil {
		return nil, err
	}
	return &Validator{version: v, policy: cp}, nil
}

// ValidateData parses data as a spark.properties and validates it: syntax
// errors, then every other problem, sorted by line.
func (v *Validator) ValidateData(data []byte, sparkVersion string) []Problem {
	props, err := Parse(data)
	ps := v.Validate(props, sparkVersion)
	var perr *ParseError
	if errors.As(err, &perr) {
		for _, se := range perr.Errs {
			ps = append(ps, Problem{Line: se.Line, Message: se.Err.Error(), Severity: Error})
		}
		sortProblems(ps)
	}
	return ps
}

// Validate returns every problem of props, sorted by line, for the Spark
// release sparkVersion names — the driver's spark-version label — or the
// Validator's default when it is empty.
func (v *Validator) Validate(props *Properties, sparkVersion string) []Problem {
	r := &report{props: props, policy: &v.policy, version: v.version}
	if sparkVersion != "" {
		if ver, err := ParseVersion(sparkVersion); err == nil {
			r.version = ver
		} else {
			r.warn(0, "", "spark version %q is not a Spark release number; checking against Spark %s", sparkVersion, v.version)
		}
	}
	for i, e := range props.Entries {
		if last := props.index[e.Key]; last != i {
			r.warn(e.Line, e.Key, "duplicate key, line %d overridden by line %d", e.Line, props.Entries[last].Line)
		}
		if f := r.policy.forbids(e.Key); f != "" {
			r.fail(e.Line, e.Key, "forbidden by platform policy (%s)", f)
		}
	}
	for i, e := range props.Entries {
		if props.index[e.Key] == i {
			r.checkEntry(e)
		}
	}
	for _, key := range v.policy.required {
		if _, ok := props.Get(key); !ok {
			r.fail(0, key, "required by platform policy but not set")
		}
	}
	sortProblems(r.problems)
	return r.problems
}

// report collects the problems of one validation.
type report struct {
	props    *Properties
	policy   *compiledPolicy
	version  Version
	problems []Problem
}

func (r *report) fail(line int, key, format string, args ...any) {
	r.problems = append(r.problems, Problem{Line: line, Key: key, Message: fmt.Sprintf(format, args...), Severity: Error})
}

func (r *report) warn(line int, key, format string, args ...any) {
	r.problems = append(r.problems, Problem{Line: line, Key: key, Message: fmt.Sprintf(format, args...), Severity: Warning})
}

// checkEntry checks one effective entry against the catalogue, the
// families, spark-submit and the policy.
func (r *report) checkEntry(e Entry) {
	if !strings.HasPrefix(e.Key, "spark.") {
		msg := "ignored by Spark: spark-submit drops keys that do not start with \"spark.\" (SparkSubmitArguments.ignoreNonSparkProperties)"
		if s := suggest(e.Key); s != "" {
			msg += "; did you mean " + s + "?"
		}
		r.warn(e.Line, e.Key, "%s", msg)
		r.checkAllowed(e, nil)
		return
	}
	if k, ok := catalogueIndex[e.Key]; ok {
		r.checkKey(e, k)
		return
	}
	if f, ok := matchFamily(e.Key); ok {
		r.checkFamily(e, f)
	} else if s := suggest(e.Key); s != "" {
		r.warn(e.Line, e.Key, "unknown key, did you mean %s?", s)
	}
	r.checkAllowed(e, nil)
}

// checkKey checks an entry of a catalogue key: the release knows it, its
// value parses as the key's type and passes the key's checks in this
// release, spark-submit's checks, then the policy's bounds.
func (r *report) checkKey(e Entry, k *Key) {
	if since := keySince(k); r.version.Compare(since) < 0 {
		r.warn(e.Line, e.Key, "not a key of Spark %s (added in %s), which ignores it", r.version, since)
		return
	}
	if k.Deprecated != "" {
		r.warn(e.Line, e.Key, "deprecated: use %s", k.Deprecated)
	}
	values := []string{e.Value}
	if k.Seq {
		values = splitSeq(e.Value)
	}
	var val value
	for _, s := range values {
		var msg string
		if val, msg = parseValue(k, s, r.version); msg != "" {
			r.fail(e.Line, e.Key, "%s", msg)
			return
		}
		for _, c := range k.Checks {
			if !c.Versions.Contains(r.version) {
				continue
			}
			if msg := checkValue(c, s, val); msg != "" {
				r.fail(e.Line, e.Key, "%s", msg)
				return
			}
		}
	}
	if sc, ok := submitChecks[e.Key]; ok && !sc.valid(e.Value, r.props, r.version) {
		r.fail(e.Line, e.Key, "invalid value %q: %s (spark-submit)", e.Value, sc.message)
		return
	}
	if !k.Seq {
		r.checkBounds(e, val)
		r.checkAllowed(e, k)
	}
}

// checkBounds applies the policy's bounds to a parsed value.
func (r *report) checkBounds(e Entry, val value) {
	b, ok := r.policy.bounds[e.Key]
	if !ok {
		return
	}
	if b.max != nil && val.num > b.max.num {
		r.fail(e.Line, e.Key, "%q is above the platform maximum %s (policy)", e.Value, b.maxRaw)
	}
	if b.min != nil && val.num < b.min.num {
		r.fail(e.Line, e.Key, "%q is below the platform minimum %s (policy)", e.Value, b.minRaw)
	}
}

// checkAllowed applies the policy's allowed values, comparing values as
// Spark reads them when the key's type is known (k non-nil).
func (r *report) checkAllowed(e Entry, k *Key) {
	allowed, ok := r.policy.allowed[e.Key]
	if !ok {
		return
	}
	got := value{text: e.Value}
	if k != nil && !k.Seq {
		got, _ = parseValue(k, e.Value, r.version)
	}
	numeric := k != nil && !k.Seq && k.Type.numeric()
	for _, a := range allowed {
		if (numeric && a.num == got.num) || (!numeric && a.text == got.text) {
			return
		}
	}
	r.fail(e.Line, e.Key, "%q is not among the values the platform allows (policy)", e.Value)
}

// checkFamily checks an entry of a prefix-read family.
func (r *report) checkFamily(e Entry, f *Family) {
	for _, c := range f.Checks {
		if msg := checkValue(c, e.Value, value{text: e.Value}); msg != "" {
			r.fail(e.Line, e.Key, "%s", msg)
			return
		}
	}
	if name := strings.TrimPrefix(e.Key, f.Prefix); slices.Contains(f.Reserved, name) {
		r.fail(e.Line, e.Key, "Label with key %s is not allowed as it is reserved for Spark bookkeeping operations.", name)
	}
	if f.Volumes {
		r.checkVolume(e, f)
	}
}

// keySince is the parsed Since of a catalogue row.
func keySince(k *Key) Version {
	return catalogueSince[k.Name]
}

// catalogueSince holds the catalogue's Since versions, parsed once.
var catalogueSince = func() map[string]Version {
	m := make(map[string]Version, len(catalogue))
	for _, k := range catalogue {
		m[k.Name] = mustVersion(k.Since)
	}
	return m
}()
