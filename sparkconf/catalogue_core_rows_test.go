package sparkconf

import (
	"slices"
	"strings"
	"testing"
)

// allCoreCases are the table cases of the core rows.
func allCoreCases() []valueCase {
	return slices.Concat(coreResourceCases, coreRuntimeCases, coreDataCases, coreDeprecatedCases)
}

// TestCoreChecksCovered holds the tables to the catalogue: every check of
// every core row, and every spark-submit check, has a case Spark refuses
// with its message, and every key with a check has a case Spark accepts;
// a check that holds for some releases only has a case on the other side
// of its release boundary too (a case Spark accepts, or the other rule).
func TestCoreChecksCovered(t *testing.T) {
	cases := allCoreCases()
	refused := func(key, msg string) bool {
		return slices.ContainsFunc(cases, func(c valueCase) bool {
			return c.key == key && c.want != "" && strings.Contains(c.want, msg)
		})
	}
	accepted := func(key string) bool {
		return slices.ContainsFunc(cases, func(c valueCase) bool { return c.key == key && c.want == "" })
	}
	for _, k := range coreCatalogue {
		for _, c := range k.Checks {
			if !refused(k.Name, c.Message) {
				t.Errorf("%s: no case refused with %q", k.Name, c.Message)
			}
		}
		if len(k.Checks) > 0 && !accepted(k.Name) {
			t.Errorf("%s: no case Spark accepts", k.Name)
		}
	}
	for key, sc := range submitChecks {
		if !refused(key, sc.message) {
			t.Errorf("%s: no case refused with spark-submit's %q", key, sc.message)
		}
	}
}

// coreSampleValues are values Spark accepts for string keys with checks.
var coreSampleValues = map[string]string{
	"spark.storage.decommission.fallbackStorage.path": "s3a://bucket/",
	"spark.ui.reverseProxyUrl":                        "https://gateway.example.com/spark",
	"spark.shuffle.checksum.algorithm":                "adler32",
	"spark.driver.log.redirectConsoleOutputs":         "stdout,stderr",
	"spark.executor.logs.redirectConsoleOutputs":      "stderr",
	"spark.api.mode":                                  "classic",
	"spark.io.encryption.keySizeBits":                 "128",
}

// typicalValues are values of each type people write; a row must accept at
// least one of them in every release that has it.
var typicalValues = map[Type][]string{
	TypeBool:   {"true", "FALSE"},
	TypeInt:    {"1", "64", "-1"},
	TypeLong:   {"1", "1048576"},
	TypeDouble: {"0.5", "1.0", "2"},
	TypeBytes:  {"1m", "64k", "4m", "1g"},
	TypeTime:   {"10s", "100ms", "5min"},
}

// TestCoreRowsAcceptTypicalValues loops over every core row: at the first
// and the last release that reads it, some typical value of its type (each
// value, for enumerations) must pass clean, with nothing reported.
func TestCoreRowsAcceptTypicalValues(t *testing.T) {
	for _, k := range coreCatalogue {
		values := typicalValues[k.Type]
		switch {
		case k.Type == TypeEnum:
			values = k.Values
		case coreSampleValues[k.Name] != "":
			values = []string{coreSampleValues[k.Name]}
		case k.Type == TypeString:
			values = []string{"some-value"}
		}
		for _, v := range rowReleases(k) {
			clean := func(s string) bool { return len(undeprecated(problemsOf(t, k.Name+"="+s+"\n", v))) == 0 }
			ok := slices.ContainsFunc(values, clean)
			if k.Type == TypeEnum {
				ok = !slices.ContainsFunc(values, func(s string) bool { return !clean(s) })
			}
			if !ok {
				t.Errorf("%s (%s): none of %q passes clean in Spark %s", k.Name, k.Type, values, v)
			}
		}
	}
}

// rowReleases are the first and the last release of FirstRelease on that
// read a row: its Since (or FirstRelease) and the release before its Until
// (or NewestRelease).
func rowReleases(k Key) []string {
	first := FirstRelease
	if mustVersion(k.Since).Compare(mustVersion(first)) > 0 {
		first = k.Since
	}
	last := NewestRelease
	if k.Until != "" {
		u := mustVersion(k.Until)
		last = Version{u.Major, u.Minor - 1, 0}.String()
	}
	return []string{first, last}
}

// undeprecated drops the warnings that name a key's replacement.
func undeprecated(ps []Problem) []Problem {
	return slices.DeleteFunc(ps, func(p Problem) bool {
		return p.Severity == Warning && strings.HasPrefix(p.Message, "deprecated: use ")
	})
}
