package sparkconf

import (
	"fmt"
	"slices"
	"strings"
)

// segmentResult is what checking one entry found for one segment of
// releases, within which the entry's rules do not change.
type segmentResult struct {
	releases Versions
	problems []Problem
}

// checkAcrossReleases checks one effective entry for every release that
// may read the file. The releases are cut where the entry's rules change,
// the entry is checked once per segment, and the findings are merged: an
// error only where every segment has it, otherwise a warning that names
// the releases that would refuse the value.
func (r *report) checkAcrossReleases(e Entry) {
	segments := r.releases.split(entryBoundaries(e.Key))
	if len(segments) == 1 {
		r.version = segments[0].Since
		r.checkEntry(e)
		return
	}
	// Releases that do not have the key ignore it, which is no finding
	// when other releases that may read the file have it.
	r.quietUnavailable = slices.ContainsFunc(segments, func(seg Versions) bool {
		_, _, _, ok := rowAt(e.Key, seg.Since)
		return ok
	})
	defer func() { r.quietUnavailable = false }()
	results := make([]segmentResult, 0, len(segments))
	for _, seg := range segments {
		mark := len(r.problems)
		r.version = seg.Since
		r.checkEntry(e)
		results = append(results, segmentResult{releases: seg, problems: slices.Clone(r.problems[mark:])})
		r.problems = r.problems[:mark]
	}
	r.mergeSegments(e, results)
}

// mergeSegments reports the findings of one entry over several segments.
// When every segment refuses the value, the entry is an error, reported
// once: with each release range's own message where they differ. When
// some segment accepts it, one release that may read the file accepts it,
// so each error becomes a warning naming the releases that would refuse
// the value. Warnings are reported once each, with the releases they hold
// for when that is not all of them.
func (r *report) mergeSegments(e Entry, results []segmentResult) {
	everyRefuses := true
	for _, res := range results {
		everyRefuses = everyRefuses && slices.ContainsFunc(res.problems, isError)
	}
	type finding struct {
		p    Problem
		segs Releases
	}
	var found []finding
	for _, res := range results {
		for _, p := range res.problems {
			i := slices.IndexFunc(found, func(f finding) bool { return f.p == p })
			if i < 0 {
				found = append(found, finding{p: p})
				i = len(found) - 1
			}
			found[i].segs = append(found[i].segs, res.releases)
		}
	}
	var refusals []string
	for _, f := range found {
		p, segs := f.p, f.segs.normalize()
		partial := !slices.Equal(segs, r.releases)
		switch {
		case p.Severity == Error && everyRefuses && partial:
			refusals = append(refusals, fmt.Sprintf("%s (%s)", p.Message, segs))
			continue
		case p.Severity == Error && everyRefuses:
			refusals = append(refusals, p.Message)
			continue
		case p.Severity == Error:
			p.Severity = Warning
			p.Message = fmt.Sprintf("%s would refuse %q: %s; not denied, since other releases that may read this file accept it", segs, e.Value, p.Message)
		case partial:
			p.Message = fmt.Sprintf("%s (%s)", p.Message, segs)
		}
		r.problems = append(r.problems, p)
	}
	if len(refusals) > 0 {
		r.fail(e.Line, e.Key, "%s", strings.Join(refusals, "; "))
	}
}

func isError(p Problem) bool { return p.Severity == Error }

// entryBoundaries are the releases where the rules for a key change.
func entryBoundaries(key string) []Version {
	if b, ok := keyBoundaries[key]; ok {
		return b
	}
	if f, ok := matchFamily(key); ok {
		return familyBoundaries[f.Prefix]
	}
	return nil
}

// keyBoundaries holds, per catalogue key, every release where one of its
// rows starts or ends, one of its checks starts or ends, or the parsing of
// its type changes.
var keyBoundaries = func() map[string][]Version {
	m := make(map[string][]Version, len(catalogue))
	for _, k := range catalogue {
		vs := append(m[k.Name], mustVersion(k.Since))
		if k.Until != "" {
			vs = append(vs, mustVersion(k.Until))
		}
		for _, c := range k.Checks {
			vs = append(vs, c.Versions.Since, c.Versions.Until)
		}
		if k.Type == TypeBytes {
			vs = append(vs, iecSuffixVersions.Since)
		}
		m[k.Name] = vs
	}
	for name, vs := range m {
		m[name] = sortedVersions(vs)
	}
	return m
}()

// familyBoundaries holds each family's Changes, parsed.
var familyBoundaries = func() map[string][]Version {
	m := make(map[string][]Version, len(families))
	for _, f := range families {
		vs := make([]Version, 0, len(f.Changes))
		for _, c := range f.Changes {
			vs = append(vs, mustVersion(c))
		}
		m[f.Prefix] = sortedVersions(vs)
	}
	return m
}()
