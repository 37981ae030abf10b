package sparkconf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalidVersion is wrapped by ParseVersion's errors.
var ErrInvalidVersion = errors.New("invalid Spark version")

// Version is a Spark release number, major.minor.patch. Vendor builds carry
// suffixes (EMR's "3.3.1-amzn-0", "3.5.0-SNAPSHOT"); only the numbers count,
// since the rules sparkhook checks are those of the Apache release a build
// is based on.
type Version struct {
	Major, Minor, Patch int
}

// ParseVersion reads "4", "3.5", "3.3.1" or "3.3.1-amzn-0". Missing
// components are zero.
func ParseVersion(s string) (Version, error) {
	core := strings.TrimSpace(s)
	if i := strings.IndexAny(core, "-+_ "); i >= 0 {
		core = core[:i]
	}
	parts := strings.Split(core, ".")
	if core == "" || len(parts) > 3 {
		return Version{}, fmt.Errorf("%w: %q", ErrInvalidVersion, s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p[0] == '+' {
			return Version{}, fmt.Errorf("%w: %q", ErrInvalidVersion, s)
		}
		nums[i] = n
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2]}, nil
}

// mustVersion is ParseVersion for the literals of the catalogue.
func mustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// String formats the version as major.minor.patch.
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Compare returns -1, 0 or +1 as v is older than, the same as, or newer
// than w.
func (v Version) Compare(w Version) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// Versions is a half-open range of Spark releases, [Since, Until): the
// releases a rule applies to. A zero Since means "from the first release", a
// zero Until "to the newest". Catalogue rows build it with since, until and
// between.
type Versions struct {
	Since, Until Version
}

// since is the range of releases from v on.
func since(v string) Versions { return Versions{Since: mustVersion(v)} }

// until is the range of releases before v.
func until(v string) Versions { return Versions{Until: mustVersion(v)} }

// between is the range of releases from a up to, not including, b.
func between(a, b string) Versions { return Versions{Since: mustVersion(a), Until: mustVersion(b)} }

// Contains reports whether v is in the range.
func (r Versions) Contains(v Version) bool {
	if v.Compare(r.Since) < 0 {
		return false
	}
	return r.Until == (Version{}) || v.Compare(r.Until) < 0
}

// String describes the range for messages: "Spark 3.3.0+", "Spark < 3.3.0",
// "Spark 3.2.0 to 3.3.0".
func (r Versions) String() string {
	open := r.Since == (Version{})
	switch {
	case open && r.Until == (Version{}):
		return "all Spark versions"
	case r.Until == (Version{}):
		return "Spark " + r.Since.String() + "+"
	case open:
		return "Spark < " + r.Until.String()
	default:
		return "Spark " + r.Since.String() + " to " + r.Until.String()
	}
}
