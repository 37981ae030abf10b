package sparkconf

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// value is a configuration value parsed as its key's type: num for the
// numeric types (in the key's unit for Bytes and Time), text for the others.
type value struct {
	num  float64
	text string
}

// parseValue parses s as Spark parses a value of key k in version v, and
// returns the problem message Spark's failure amounts to, or "".
func parseValue(k *Key, s string, v Version) (value, string) {
	switch k.Type {
	case TypeBool:
		if _, err := parseScalaBoolean(javaTrim(s)); err != nil {
			return value{}, fmt.Sprintf("invalid boolean %q: Spark accepts true or false", s)
		}
		return value{text: javaLower(javaTrim(s))}, ""
	case TypeInt, TypeLong:
		bits := 32
		if k.Type == TypeLong {
			bits = 64
		}
		n, err := parseJavaInt(javaTrim(s), bits)
		if errors.Is(err, errOutOfRange) {
			return value{}, fmt.Sprintf("%s %q is out of range", k.Type, s)
		} else if err != nil {
			return value{}, fmt.Sprintf("invalid %s %q", k.Type, s)
		}
		return value{num: float64(n), text: strconv.FormatInt(n, 10)}, ""
	case TypeDouble:
		f, err := parseJavaDouble(s)
		if err != nil {
			return value{}, fmt.Sprintf("invalid double %q", s)
		}
		return value{num: f, text: strconv.FormatFloat(f, 'g', -1, 64)}, ""
	case TypeBytes:
		n, err := parseBytes(s, k.Unit, v)
		if err != nil {
			return value{}, bytesMessage(s, err)
		}
		return value{num: float64(n), text: strconv.FormatInt(n, 10)}, ""
	case TypeTime:
		n, err := parseDuration(s, k.Unit)
		if err != nil {
			return value{}, fmt.Sprintf("invalid duration %q: %v; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)", s, err)
		}
		return value{num: float64(n), text: strconv.FormatInt(n, 10)}, ""
	case TypeEnum:
		return parseEnum(k, s)
	}
	return value{text: s}, ""
}

// bytesMessage explains a byte-size failure, suggesting the whole number
// Spark wants for a fraction: 1.5g is 1536m.
func bytesMessage(s string, err error) string {
	msg := fmt.Sprintf("invalid byte size %q: %v", s, err)
	switch {
	case errors.Is(err, errFraction):
		if hint := wholeBytes(javaTrim(javaLower(s))); hint != "" {
			return msg + "; use " + hint
		}
		return msg + "; use a whole number of a smaller unit"
	case errors.Is(err, errByteOverrun):
		return msg
	}
	return msg + "; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)"
}

// wholeBytes rewrites a fraction such as 1.5g as the whole number of the
// next smaller unit, 1536m, when there is one.
func wholeBytes(lower string) string {
	num, suffix := lower, ""
	if i := strings.LastIndexAny(lower, "0123456789"); i >= 0 {
		num, suffix = lower[:i+1], lower[i+1:]
	}
	smaller := map[string]string{"k": "b", "kb": "b", "m": "k", "mb": "k", "g": "m", "gb": "m", "t": "g", "tb": "g", "p": "t", "pb": "t"}[suffix]
	f, err := strconv.ParseFloat(num, 64)
	if smaller == "" || err != nil || f*1024 != math.Trunc(f*1024) {
		return ""
	}
	return strconv.FormatFloat(f*1024, 'f', -1, 64) + smaller
}

// parseEnum applies an enumeration key's case transform and checkValues.
func parseEnum(k *Key, s string) (value, string) {
	t := s
	switch k.Fold {
	case FoldUpper:
		t = strings.ToUpper(s)
	case FoldLower:
		t = javaLower(s)
	}
	if slices.Contains(k.Values, t) {
		return value{text: t}, ""
	}
	cs := ""
	if k.Fold == CaseSensitive {
		cs = " (case-sensitive)"
	}
	return value{}, fmt.Sprintf("invalid value %q: must be one of %s%s", s, strings.Join(k.Values, ", "), cs)
}

// checkValue applies one checkValue rule to a parsed value and returns its
// failure message, or "".
func checkValue(c Check, s string, val value) string {
	var ok bool
	switch c.Kind {
	case Greater:
		ok = val.num > c.Bound
	case AtLeast:
		ok = val.num >= c.Bound
	case Less:
		ok = val.num < c.Bound
	case AtMost:
		ok = val.num <= c.Bound
	case Equals:
		ok = val.text == c.Text
	case PodNamePrefix:
		ok = len(s) <= int(c.Bound) && dns1123Subdomain.MatchString(s)
	case HasSuffix:
		ok = strings.HasSuffix(s, c.Text)
	case NoPathWords:
		ok = !slices.ContainsFunc(strings.Split(s, "/"), func(w string) bool {
			return slices.Contains(strings.Split(c.Text, ","), w)
		})
	case SplitsInto:
		ok = javaSplitCount(s, c.Text) == int(c.Bound)
	case OneOf:
		ok = slices.Contains(strings.Split(c.Text, ","), val.text)
	case Predicate:
		ok = c.Pred(s, val.num, val.text)
	}
	if ok {
		return ""
	}
	msg := fmt.Sprintf("invalid value %q: %s", s, c.Message)
	if c.Versions != (Versions{}) {
		msg += " (" + c.Versions.String() + ")"
	}
	return msg
}

// dns1123Subdomain is Config.podConfValidator: DNS-1123 labels joined by
// dots.
var dns1123Subdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// javaSplitCount is len(s.split(sep)) in Java for a literal separator:
// trailing empty strings are removed, so "a:b:" has two parts and "a:" one,
// but "" is one empty part.
func javaSplitCount(s, sep string) int {
	if s == "" {
		return 1
	}
	parts := strings.Split(s, sep)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return len(parts)
}

// splitSeq is Utils.stringToSeq, how .toSequence keys split their value:
// on commas, each element trimmed, empty ones dropped.
func splitSeq(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = javaTrim(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}
