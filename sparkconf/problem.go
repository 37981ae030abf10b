package sparkconf

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity says whether a Problem denies a spark.properties (Error) or is
// only reported (Warning): what Spark would reject when the driver starts
// is an error; what Spark silently ignores or misreads — an unknown key, a
// duplicate — is a warning.
type Severity int

const (
	// Error is a problem Spark (or the platform policy) rejects.
	Error Severity = iota
	// Warning is a problem Spark accepts but that is likely a mistake.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding in a spark.properties, tied to the physical line
// where its key starts so that a denial can point at it. Line 0 is the file
// as a whole (a required key that is missing, an unknown Spark version).
type Problem struct {
	Line     int
	Key      string
	Message  string
	Severity Severity
}

// String formats the problem as "line 7: spark.executor.memory: invalid
// byte size "4Gi": …"; the line and key are left out when unknown.
func (p Problem) String() string {
	s := p.Message
	if p.Key != "" {
		s = p.Key + ": " + s
	}
	if p.Line > 0 {
		s = fmt.Sprintf("line %d: %s", p.Line, s)
	}
	return s
}

// sortProblems orders problems by line, errors before warnings on the same
// line, then by key and message, so that output is stable.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
