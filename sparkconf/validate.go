package sparkconf

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Options configure a Validator.
type Options struct {
	// Releases are the Spark releases the platform runs
	// (properties.sparkVersions), for files whose release nothing closer
	// names; empty means every release the catalogue knows.
	Releases Releases
	// Policy is the platform's own rules.
	Policy Policy
	// ProblemLimit, when above zero, stops the checks of a file's entries
	// once it has that many problems, with a warning that says so. An
	// admission answer shows a few dozen (webhook.ProblemLimit), and a file
	// of thousands of broken keys would otherwise cost the webhook
	// thousands of checks and messages nobody reads. The policy's
	// forbidden and required keys are checked whatever the limit.
	ProblemLimit int
}

// Validator checks spark.properties files. It is built once — the policy
// compiled — and is safe for concurrent use.
type Validator struct {
	releases Releases
	policy   compiledPolicy
	limit    int
}

// NewValidator compiles opts; an invalid policy is an error wrapping
// ErrInvalidPolicy.
func NewValidator(opts Options) (*Validator, error) {
	cp, err := compilePolicy(opts.Policy, mustVersion(NewestRelease))
	if err != nil {
		return nil, err
	}
	return &Validator{releases: opts.Releases.normalize(), policy: cp, limit: opts.ProblemLimit}, nil
}

// Report is the outcome of validating one spark.properties: its problems,
// sorted by line, and the releases they were judged for.
type Report struct {
	Problems []Problem
	Target   Target
	// Properties are the entries read, for checks of the caller's own
	// (the Prometheus warnings of the ConfigMap webhook).
	Properties *Properties
}

// ValidateData parses data as a spark.properties and validates it: syntax
// errors, then every other problem, sorted by line. known is what the
// caller found out about the release that will read it (the driver Pod's
// label, a flag); Resolve completes it.
func (v *Validator) ValidateData(data []byte, known Target) Report {
	rep, _ := v.ValidateDataContext(context.Background(), data, known)
	return rep
}

// ValidateDataContext is ValidateData that gives up, returning ctx's
// error, once ctx is done: the admission handler passes the request's
// context, so a review the API server has already abandoned (its webhook
// timeout passed) stops using CPU instead of running to the end.
func (v *Validator) ValidateDataContext(ctx context.Context, data []byte, known Target) (Report, error) {
	props, err := Parse(data)
	rep, cerr := v.validate(ctx, props, known)
	if cerr != nil {
		return Report{}, cerr
	}
	var perr *ParseError
	if errors.As(err, &perr) {
		for _, se := range perr.Errs {
			rep.Problems = append(rep.Problems, Problem{Line: se.Line, Message: se.Err.Error(), Severity: Error})
		}
		sortProblems(rep.Problems)
	}
	return rep, nil
}

// Validate returns every problem of props for the releases that may read
// it. Where several releases may, a value is an error only when every one
// of them refuses it; a value that only some refuse is a warning naming
// them, so that a guess about the release never denies a valid job.
func (v *Validator) Validate(props *Properties, known Target) Report {
	rep, _ := v.validate(context.Background(), props, known)
	return rep
}

// checkEvery is how many entries are checked between looks at the
// context: often enough to stop within milliseconds, rarely enough to cost
// nothing.
const checkEvery = 256

// validate is Validate, stopping with ctx's error once ctx is done.
func (v *Validator) validate(ctx context.Context, props *Properties, known Target) (Report, error) {
	target := Resolve(props, known, v.releases)
	r := &report{props: props, policy: &v.policy, releases: target.Releases}
	for i, e := range props.Entries {
		if last := props.index[e.Key]; last != i && (v.limit == 0 || len(r.problems) < v.limit) {
			r.warn(e.Line, e.Key, "duplicate key, line %d overridden by line %d", e.Line, props.Entries[last].Line)
		}
		if f := r.policy.forbids(e.Key); f != "" {
			r.failPolicy(e.Line, e.Key, "forbidden by platform policy (%s)", f)
		}
	}
	catalogued := len(r.problems)
	for i, e := range props.Entries {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return Report{}, ctx.Err()
		}
		if v.limit > 0 && len(r.problems) >= v.limit {
			r.warn(e.Line, "", "checking stopped at this line after %d problems; run `sparkhook validate` on the file for all of them", len(r.problems))
			break
		}
		if props.index[e.Key] == i {
			r.checkAcrossReleases(e)
		}
	}
	r.softenBeyondCatalogue(catalogued)
	for _, key := range v.policy.required {
		if _, ok := props.Get(key); !ok {
			r.failPolicy(0, key, "required by platform policy but not set")
		}
	}
	sortProblems(r.problems)
	return Report{Problems: r.problems, Target: target, Properties: props}, nil
}

// report collects the problems of one validation. version is the release
// an entry is being checked for, one segment of releases at a time.
type report struct {
	props    *Properties
	policy   *compiledPolicy
	releases Releases
	version  Version
	problems []Problem
	// policyFailed are the policy's refusals among problems, found by
	// value: checkAcrossReleases moves problems around.
	policyFailed []Problem
	// quietUnavailable drops the warning that the release being checked
	// does not have a key, while other releases that may read the file do.
	quietUnavailable bool
	// firstVolumeEntry maps each volume's key prefix to the index of its
	// first effective entry; built on first use.
	firstVolumeEntry map[string]int
	// suggestions counts the did-you-mean searches made for this file.
	suggestions int
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
		if s := r.suggest(e.Key); s != "" {
			msg += "; did you mean " + s + "?"
		}
		r.warn(e.Line, e.Key, "%s", msg)
		r.checkAllowed(e, nil)
		return
	}
	if k, since, until, ok := rowAt(e.Key, r.version); ok {
		mark := len(r.problems)
		r.checkKey(e, k)
		r.unlessPluginReads(k, r.problems[mark:])
		return
	} else if since != (Version{}) {
		r.checkUnavailable(e, since, until)
		return
	}
	if f, ok := matchFamily(e.Key); ok {
		r.checkFamily(e, f)
	} else if s := r.suggest(e.Key); s != "" {
		r.warn(e.Line, e.Key, "unknown key, did you mean %s?", s)
	}
	r.checkAllowed(e, nil)
}

// checkKey checks an entry of a catalogue key: the release knows it, its
// value parses as the key's type and passes the key's checks in this
// release, spark-submit's checks, then the policy's bounds. A value with
// ${...} references is typed after substituting them as Spark does
// (substitute.go), and not typed when only the driver could resolve them;
// spark-submit's checks always see the value as written.
func (r *report) checkKey(e Entry, k *Key) {
	if k.Deprecated != "" {
		r.warn(e.Line, e.Key, "deprecated: use %s", k.Deprecated)
	}
	text, typed := e.Value, true
	if !readsRaw(k) && hasReference(e.Value) {
		text, typed = substitute(e.Value, r.props)
	}
	var val value
	if typed {
		var ok bool
		if val, ok = r.checkTyped(e, k, text); !ok {
			return
		}
	}
	if sc, ok := submitChecks[e.Key]; ok && !sc.valid(e.Value, r.props, r.version) {
		r.fail(e.Line, e.Key, "invalid value %q: %s (spark-submit)", e.Value, sc.message)
		return
	}
	if !typed && !typeless(k) {
		r.warn(e.Line, e.Key, "not type-checked: Spark substitutes the ${...} references of %q when it reads the key, and only the driver knows their values (ConfigReader)", e.Value)
	}
	if !k.Seq {
		if typed {
			r.checkBounds(e, val)
		}
		r.checkAllowed(e, k)
	}
}

// checkTyped parses text, the entry's value after substitution, as the
// key's type and applies the key's checks for this release; it reports
// the first failure and whether there was none.
func (r *report) checkTyped(e Entry, k *Key, text string) (value, bool) {
	note := ""
	switch {
	case text != e.Value:
		note = fmt.Sprintf(" (%q once Spark substitutes its references)", text)
	case readsRaw(k) && hasReference(text):
		note = "; Spark checks SQL confs as written, without substituting ${...} references (SQLConf.setConfString)"
	}
	values := []string{text}
	if k.Seq {
		values = splitSeq(text)
	}
	var val value
	for _, s := range values {
		var msg string
		if val, msg = parseValue(k, s, r.version); msg != "" {
			r.fail(e.Line, e.Key, "%s%s", msg, note)
			return value{}, false
		}
		for _, c := range k.Checks {
			if !c.Versions.Contains(r.version) {
				continue
			}
			if msg := checkValue(c, s, val); msg != "" {
				r.fail(e.Line, e.Key, "%s%s", msg, note)
				return value{}, false
			}
		}
	}
	return val, true
}

// checkFamily checks an entry of a prefix-read family.
func (r *report) checkFamily(e Entry, f *Family) {
	for _, c := range f.Checks {
		if msg := checkValue(c, e.Value, value{text: e.Value}); msg != "" {
			r.fail(e.Line, e.Key, "%s", msg)
			return
		}
	}
	// A reserved label name is refused only by the releases that reserve
	// it, each role with its own message (KubernetesConf.scala).
	name := strings.TrimPrefix(e.Key, f.Prefix)
	if i := slices.IndexFunc(f.Reserved, func(rn ReservedName) bool {
		return rn.Name == name && rn.Versions.Contains(r.version)
	}); i >= 0 {
		r.fail(e.Line, e.Key, "%s", f.Reserved[i].Message)
	}
	if f.Volumes {
		r.checkVolume(e, f)
	}
}
