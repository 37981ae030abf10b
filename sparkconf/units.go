package sparkconf

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Unit is the unit of a byte-size or duration key: the unit Spark converts
// the value to, and assumes when the value has no suffix. It is the
// ByteUnit of bytesConf or the TimeUnit of timeConf, as a multiple of bytes
// or of nanoseconds.
type Unit int64

// Byte units of Spark's ByteUnit.
const (
	Byte Unit = 1
	KiB  Unit = 1 << 10
	MiB  Unit = 1 << 20
	GiB  Unit = 1 << 30
	TiB  Unit = 1 << 40
	PiB  Unit = 1 << 50
)

// Time units of java.util.concurrent.TimeUnit that Spark's keys use.
const (
	Nanoseconds  Unit = 1
	Microseconds Unit = 1e3
	Milliseconds Unit = 1e6
	Seconds      Unit = 1e9
	Minutes      Unit = 60e9
	Hours        Unit = 3600e9
	Days         Unit = 86400e9
)

// Errors of byteStringAs and timeStringAs, wrapped with the offending input.
var (
	errByteSyntax  = errors.New("expected a whole number with an optional unit suffix")
	errFraction    = errors.New("fractional values are not supported")
	errByteSuffix  = errors.New("invalid suffix")
	errByteOverrun = errors.New("exceeds Long.MAX_VALUE")
	errTimeSyntax  = errors.New("expected a whole number with an optional unit suffix")
	errTimeSuffix  = errors.New("invalid suffix")
)

// byteSuffixes is JavaUtils.byteSuffixes. From Spark 4.2.0 (SPARK-55051)
// the IEC spellings that Kubernetes users write — 4Gi, 4GiB — are accepted
// too; before, "4Gi" failed with Invalid suffix: "gi".
var byteSuffixes = map[string]Unit{
	"b": Byte, "k": KiB, "kb": KiB, "m": MiB, "mb": MiB,
	"g": GiB, "gb": GiB, "t": TiB, "tb": TiB, "p": PiB, "pb": PiB,
}

// iecByteSuffixes are the suffixes SPARK-55051 added in Spark 4.2.0.
var iecByteSuffixes = map[string]Unit{
	"ki": KiB, "kib": KiB, "mi": MiB, "mib": MiB, "gi": GiB, "gib": GiB,
	"ti": TiB, "tib": TiB, "pi": PiB, "pib": PiB,
}

// iecSuffixVersions is where iecByteSuffixes apply.
var iecSuffixVersions = since("4.2.0")

// timeSuffixes is JavaUtils.timeSuffixes.
var timeSuffixes = map[string]Unit{
	"us": Microseconds, "ms": Milliseconds, "s": Seconds, "m": Minutes,
	"min": Minutes, "h": Hours, "d": Days,
}

// parseBytes converts a byte-size value to unit as Spark's bytesConf does:
// ConfigHelpers.byteFromString takes a leading '-' off, then
// JavaUtils.byteStringAs lower-cases and trims the rest and matches it
// against ([0-9]+)([a-z]+)?, rejecting fractions such as 1.5g with a
// message of their own; ByteUnit.convertFrom then converts, truncating
// towards zero (512k in MiB is 0) and failing on overflow.
func parseBytes(s string, unit Unit, v Version) (int64, error) {
	neg := s != "" && s[0] == '-'
	if neg {
		s = s[1:]
	}
	n, err := byteStringAs(s, unit, v)
	if neg {
		n = -n
	}
	return n, err
}

// byteStringAs is JavaUtils.byteStringAs.
func byteStringAs(s string, unit Unit, v Version) (int64, error) {
	lower := javaTrim(javaLower(s))
	digits, suffix := splitNumberSuffix(lower)
	if digits == "" || !isLowerASCII(suffix) {
		if isByteFraction(lower) {
			return 0, errFraction
		}
		return 0, errByteSyntax
	}
	n, err := parseJavaInt(digits, 64)
	if err != nil {
		return 0, errByteSyntax
	}
	from := unit
	if suffix != "" {
		u, ok := byteSuffixes[suffix]
		if !ok && iecSuffixVersions.Contains(v) {
			u, ok = iecByteSuffixes[suffix]
		}
		if !ok {
			return 0, fmt.Errorf("%w %q", errByteSuffix, suffix)
		}
		from = u
	}
	if from > unit {
		ratio := int64(from / unit)
		if n > math.MaxInt64/ratio {
			return 0, errByteOverrun
		}
		return n * ratio, nil
	}
	return n / int64(unit/from), nil
}

// isByteFraction matches BYTE_STRING_FRACTION_PATTERN, ([0-9]+\.[0-9]+)([a-z]+)?.
func isByteFraction(lower string) bool {
	whole, rest, ok := strings.Cut(lower, ".")
	if !ok || whole == "" || !isASCIIDigits(whole) {
		return false
	}
	frac, suffix := splitNumberSuffix(rest)
	return frac != "" && isLowerASCII(suffix)
}

// parseDuration is JavaUtils.timeStringAs: the lower-cased, trimmed value
// must match (-?[0-9]+)([a-z]+)?; TimeUnit.convert then converts to unit,
// saturating at the limits of a long rather than failing.
func parseDuration(s string, unit Unit) (int64, error) {
	lower := javaTrim(javaLower(s))
	body := strings.TrimPrefix(lower, "-")
	digits, suffix := splitNumberSuffix(body)
	if digits == "" || !isLowerASCII(suffix) {
		return 0, errTimeSyntax
	}
	n, err := parseJavaInt(lower[:len(lower)-len(body)]+digits, 64)
	if err != nil {
		return 0, errTimeSyntax
	}
	from := unit
	if suffix != "" {
		u, ok := timeSuffixes[suffix]
		if !ok {
			return 0, fmt.Errorf("%w %q", errTimeSuffix, suffix)
		}
		from = u
	}
	if from <= unit {
		return n / int64(unit/from), nil
	}
	ratio := int64(from / unit)
	switch {
	case n > math.MaxInt64/ratio:
		return math.MaxInt64, nil
	case n < math.MinInt64/ratio:
		return math.MinInt64, nil
	}
	return n * ratio, nil
}

// splitNumberSuffix splits leading ASCII digits from the rest.
func splitNumberSuffix(s string) (digits, suffix string) {
	i := 0
	for i < len(s) && isDecDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

func isASCIIDigits(s string) bool {
	d, rest := splitNumberSuffix(s)
	return d != "" && rest == ""
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// javaLower is String.toLowerCase(Locale.ROOT) as far as it matters here:
// the KELVIN SIGN lower-cases to k in Java as in Go, so "4\u212A" is 4 KiB
// to Spark. The one rune Go maps differently, U+0130, becomes "i̇" in Java;
// it is kept out of [a-z] either way.
func javaLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\u0130' {
			return r
		}
		return unicode.ToLower(r)
	}, s)
}
