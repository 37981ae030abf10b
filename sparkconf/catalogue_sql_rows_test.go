package sparkconf

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allSQLCases are the hand-written SQL cases.
func allSQLCases() []valueCase {
	return slices.Concat(sqlCodecsCases(), sqlEnumsCases(), sqlTimeZoneCases(), sqlRemovedConfigsCases(), sqlRangedChecksCases(),
		sqlRemovalCases(), sqlLegacyCases(), sqlDeprecatedCases())
}

// sqlBoundCases are generated from the rows of sqlCheckedKeys, whose
// checks are plain bounds: for each bound, the nearest value outside it
// is refused with the check's message, and the nearest inside it (the
// bound itself when inclusive) is accepted.
func sqlBoundCases() []valueCase {
	var cases []valueCase
	for _, k := range sqlCheckedKeys {
		step := 1.0
		if k.Type == TypeDouble {
			step = 0.5
		}
		for _, c := range k.Checks {
			out, in := c.Bound, c.Bound
			switch c.Kind {
			case Greater:
				in = c.Bound + step
			case AtLeast:
				out = c.Bound - step
			case Less:
				in = c.Bound - step
			case AtMost:
				out = c.Bound + step
			}
			text := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
			cases = append(cases, valueCase{name: k.Name + " outside", spark: "SQLConf checkValue", key: k.Name,
				value: text(out), version: k.Since, want: `invalid value "` + text(out) + `": ` + c.Message})
			cases = append(cases, valueCase{name: k.Name + " inside", spark: "SQLConf checkValue", key: k.Name,
				value: text(in), version: k.Since})
		}
	}
	return cases
}

// TestSQLBounds runs sqlBoundCases.
func TestSQLBounds(t *testing.T) { runValueCases(t, sqlBoundCases()) }

// TestSQLChecksCovered holds the case tables to the rows: every check of
// every SQL row is seen refusing a value with its message, and every row
// with checks is seen accepting one.
func TestSQLChecksCovered(t *testing.T) {
	cases := slices.Concat(allSQLCases(), sqlBoundCases())
	for _, k := range sqlCatalogue {
		for _, c := range k.Checks {
			if !slices.ContainsFunc(cases, func(vc valueCase) bool {
				return vc.key == k.Name && vc.want != "" && strings.Contains(vc.want, c.Message)
			}) {
				t.Errorf("%s: no case refused with %q", k.Name, c.Message)
			}
		}
		if len(k.Checks) > 0 && !slices.ContainsFunc(cases, func(vc valueCase) bool { return vc.key == k.Name && vc.want == "" }) {
			t.Errorf("%s: no case Spark accepts", k.Name)
		}
	}
}

// sqlTypical are values of each type people write; a SQL row must accept
// one of them in every release that reads it. The strings include the
// old defaults of removed configs, a time zone and a number.
var sqlTypical = map[Type][]string{
	TypeBool:   {"true", "FALSE"},
	TypeInt:    {"1", "16", "100"},
	TypeLong:   {"1", "1048576"},
	TypeDouble: {"0.5", "1.0", "10"},
	TypeBytes:  {"1m", "64k", "10MB"},
	TypeTime:   {"10s", "100ms", "5min"},
	TypeString: {"some.Value", "true", "false", "", "trace", "CORRECTED", "UTC", "100"},
}

// TestSQLRowsAcceptTypicalValues loops over every SQL row and every
// segment of releases where its rules differ: some typical value of its
// type passes clean, and each value of an enumeration passes in one of
// those releases at least (a value added later fails in older ones).
func TestSQLRowsAcceptTypicalValues(t *testing.T) {
	for _, k := range sqlCatalogue {
		values := sqlTypical[k.Type]
		if k.Type == TypeEnum {
			values = k.Values
		}
		vs := sqlRowReleases(k)
		passed := map[string]bool{}
		for _, v := range vs {
			clean := func(s string) bool {
				ok := len(sqlErrorsAndOtherWarnings(problemsOf(t, k.Name+"="+s+"\n", v), k)) == 0
				passed[s] = passed[s] || ok
				return ok
			}
			if !slices.ContainsFunc(values, clean) {
				t.Errorf("%s (%s): none of %q passes clean in Spark %s", k.Name, k.Type, values, v)
			}
			if k.Type == TypeEnum {
				for _, s := range values {
					clean(s)
				}
			}
		}
		for _, s := range values {
			if k.Type == TypeEnum && !passed[s] {
				t.Errorf("%s: %q refused in every release of %q", k.Name, s, vs)
			}
		}
	}
}

// sqlRowReleases are the releases that start a segment of a row: its
// Since (or the first release the catalogue covers) and each boundary of
// its key before its Until.
func sqlRowReleases(k Key) []string {
	first := mustVersion(FirstRelease)
	if s := mustVersion(k.Since); s.Compare(first) > 0 {
		first = s
	}
	r := Versions{Since: first}
	if k.Until != "" {
		r.Until = mustVersion(k.Until)
	}
	out := []string{first.String()}
	for _, b := range keyBoundaries[k.Name] {
		if b.Compare(first) > 0 && r.Contains(b) && b.Compare(mustVersion(NewestRelease)) <= 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// sqlErrorsAndOtherWarnings drops the deprecation warning of a deprecated
// key from problems.
func sqlErrorsAndOtherWarnings(problems []Problem, k Key) []Problem {
	return slices.DeleteFunc(problems, func(p Problem) bool {
		return k.Deprecated != "" && p.Severity == Warning && p.Message == "deprecated: use "+k.Deprecated
	})
}
