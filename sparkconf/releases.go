package sparkconf

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The releases the catalogue covers.
const (
	// FirstRelease is the oldest Spark release whose rules the catalogue
	// holds: with no better evidence, a file may be read by any release
	// from this one on.
	FirstRelease = "3.0.0"
	// NewestRelease is the newest Apache Spark release the catalogue was
	// checked against. It is never assumed to be the release reading a
	// file; it only names the end of "every release" in messages.
	NewestRelease = "4.2.1"
)

// ErrInvalidReleases is wrapped by ParseReleases' errors.
var ErrInvalidReleases = errors.New("invalid Spark release set")

// Releases is a set of Spark releases that may read a spark.properties: a
// union of half-open ranges, sorted and disjoint. The empty set means
// "unknown", which callers resolve to AllReleases.
type Releases []Versions

// AllReleases is every release from FirstRelease on.
func AllReleases() Releases {
	return Releases{{Since: mustVersion(FirstRelease)}}
}

// Exactly is the set holding the one release v.
func Exactly(v Version) Releases {
	return Releases{{Since: v, Until: Version{v.Major, v.Minor, v.Patch + 1}}}
}

// ParseReleases reads a release set as the configuration and the command
// line write it: a comma-separated list of
//
//	3.5.1        one release (a vendor suffix, 3.5.1-amzn-0, is ignored)
//	3.5          every 3.5.x release
//	3            every 3.x release
//	3.3..3.5     3.3.0 up to the last 3.5.x, both ends included
//	3.4+         3.4.0 and every later release
//
// An empty string is the empty set.
func ParseReleases(s string) (Releases, error) {
	var rs Releases
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r, err := parseReleaseRange(part)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %w", ErrInvalidReleases, part, err)
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 && strings.TrimSpace(s) != "" {
		return nil, fmt.Errorf("%w: %q names no release", ErrInvalidReleases, s)
	}
	return rs.normalize(), nil
}

// parseReleaseRange reads one element of ParseReleases' list.
func parseReleaseRange(s string) (Versions, error) {
	if lo, ok := strings.CutSuffix(s, "+"); ok {
		from, _, err := parsePrefix(lo)
		return Versions{Since: from}, err
	}
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		from, _, err := parsePrefix(strings.TrimSpace(lo))
		if err != nil {
			return Versions{}, err
		}
		_, to, err := parsePrefix(strings.TrimSpace(hi))
		if err != nil {
			return Versions{}, err
		}
		if to.Compare(from) <= 0 {
			return Versions{}, errors.New("the range ends before it starts")
		}
		return Versions{Since: from, Until: to}, nil
	}
	from, to, err := parsePrefix(s)
	return Versions{Since: from, Until: to}, err
}

// parsePrefix reads "3", "3.5" or "3.5.1" as the releases it names: the
// first of them and the first release after them.
func parsePrefix(s string) (first, after Version, err error) {
	v, err := ParseVersion(s)
	if err != nil {
		return Version{}, Version{}, err
	}
	core := s
	if i := strings.IndexAny(core, "-+_ "); i >= 0 {
		core = core[:i]
	}
	switch strings.Count(core, ".") {
	case 0:
		return v, Version{Major: v.Major + 1}, nil
	case 1:
		return v, Version{Major: v.Major, Minor: v.Minor + 1}, nil
	}
	return v, Version{v.Major, v.Minor, v.Patch + 1}, nil
}

// normalize sorts the ranges and merges those that touch or overlap.
func (rs Releases) normalize() Releases {
	if len(rs) == 0 {
		return nil
	}
	out := slices.Clone(rs)
	slices.SortFunc(out, func(a, b Versions) int { return a.Since.Compare(b.Since) })
	merged := out[:1]
	for _, r := range out[1:] {
		last := &merged[len(merged)-1]
		switch {
		case last.Until == (Version{}):
			// open-ended: covers everything after it
		case r.Since.Compare(last.Until) <= 0:
			if r.Until == (Version{}) || r.Until.Compare(last.Until) > 0 {
				last.Until = r.Until
			}
		default:
			merged = append(merged, r)
		}
	}
	return merged
}

// Single reports whether the set is one release.
func (rs Releases) Single() bool {
	if len(rs) != 1 || rs[0].Until == (Version{}) {
		return false
	}
	s, u := rs[0].Since, rs[0].Until
	return s.Major == u.Major && s.Minor == u.Minor && s.Patch+1 == u.Patch
}

// AllFrom reports whether every release of the set is v or newer.
func (rs Releases) AllFrom(v Version) bool {
	return len(rs) > 0 && rs[0].Since.Compare(v) >= 0
}

// NoneFrom reports whether every release of the set is older than v.
func (rs Releases) NoneFrom(v Version) bool {
	if len(rs) == 0 {
		return false
	}
	last := rs[len(rs)-1]
	return last.Until != (Version{}) && last.Until.Compare(v) <= 0
}

// String describes the set for messages: "Spark 3.5.1", "Spark 3.0.0 to
// 3.x", "Spark 4.0.0 and later", joined by " and ".
func (rs Releases) String() string {
	if len(rs) == 0 {
		return "no Spark release"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = describeRange(r)
	}
	return "Spark " + strings.Join(parts, " and ")
}

// describeRange writes a half-open range as people name releases.
func describeRange(r Versions) string {
	switch {
	case r.Until == (Version{}):
		return r.Since.String() + " and later"
	case Exactly(r.Since)[0] == r:
		return r.Since.String()
	}
	return r.Since.String() + " to " + lastBefore(r.Until)
}

// lastBefore names the releases just before v: 4.0.0 → "3.x", 3.5.0 →
// "3.4.x", 3.1.3 → "3.1.2".
func lastBefore(v Version) string {
	switch {
	case v.Patch > 0:
		return Version{v.Major, v.Minor, v.Patch - 1}.String()
	case v.Minor > 0:
		return fmt.Sprintf("%d.%d.x", v.Major, v.Minor-1)
	}
	return fmt.Sprintf("%d.x", v.Major-1)
}

// split cuts the set at every boundary inside it, giving the segments
// within which a rule with those boundaries behaves the same. boundaries
// must be sorted.
func (rs Releases) split(boundaries []Version) Releases {
	var out Releases
	for _, r := range rs {
		cur := r.Since
		for _, b := range boundaries {
			if b.Compare(cur) <= 0 || (r.Until != (Version{}) && b.Compare(r.Until) >= 0) {
				continue
			}
			out = append(out, Versions{Since: cur, Until: b})
			cur = b
		}
		out = append(out, Versions{Since: cur, Until: r.Until})
	}
	return out
}

// sortedVersions sorts vs and drops duplicates and zero versions.
func sortedVersions(vs []Version) []Version {
	vs = slices.DeleteFunc(vs, func(v Version) bool { return v == Version{} })
	slices.SortFunc(vs, func(a, b Version) int { return cmp.Compare(a.Compare(b), 0) })
	return slices.Compact(vs)
}
