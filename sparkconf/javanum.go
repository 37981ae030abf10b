package sparkconf

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Errors of the Java number parsers. Each mirrors the exception Spark's
// ConfigHelpers turns into "<key> should be <type>, but was <value>".
var (
	errNotANumber = errors.New("not a number")
	errOutOfRange = errors.New("out of range")
	errNotBoolean = errors.New("not true or false")
)

// javaTrim is Java's String.trim: it drops leading and trailing characters
// up to U+0020, control characters included. Spark's ConfigHelpers trims
// every int, long, double and boolean value this way before parsing it.
func javaTrim(s string) string {
	first, last := 0, len(s)-1
	for first <= last && s[first] <= ' ' {
		first++
	}
	for last >= first && s[last] <= ' ' {
		last--
	}
	return s[first : last+1]
}

// parseJavaInt parses s as Integer.parseInt (bits 32) or Long.parseLong
// (bits 64) do: an optional '+' or '-', then one or more decimal digits of
// any script — Java's Character.digit accepts every Unicode Nd digit, so
// "٤٢" is 42 — and nothing else, no spaces, no underscores.
func parseJavaInt(s string, bits int) (int64, error) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	if s == "" {
		return 0, errNotANumber
	}
	limit := uint64(1)<<(bits-1) - 1
	if neg {
		limit++
	}
	var v uint64
	for _, r := range s {
		d, ok := javaDigit(r)
		if !ok {
			return 0, errNotANumber
		}
		if v > (limit-uint64(d))/10 {
			return 0, errOutOfRange
		}
		v = v*10 + uint64(d)
	}
	if neg {
		return -int64(v-1) - 1, nil
	}
	return int64(v), nil
}

// javaDigit is Character.digit(r, 10): the value of a decimal digit of any
// script. Unicode lays out every Nd digit in runs of ten starting at zero,
// so the value is the offset in its run.
func javaDigit(r rune) (int, bool) {
	if '0' <= r && r <= '9' {
		return int(r - '0'), true
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}

// parseJavaDouble parses s as Double.parseDouble does (the grammar of
// Double.valueOf's Javadoc): surrounding characters up to U+0020 ignored, an
// optional sign, then "NaN", "Infinity", a decimal number with optional
// fraction and exponent ("1.", ".5", "1e3"), or a hexadecimal one with a
// mandatory binary exponent ("0x1.8p1"), optionally followed by one of
// f, F, d, D. Overflow gives ±Infinity, as in Java.
func parseJavaDouble(s string) (float64, error) {
	body, sign := javaTrim(s), ""
	if body != "" && (body[0] == '+' || body[0] == '-') {
		sign, body = body[:1], body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		if sign == "-" {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	// A trailing f, F, d or D is the type suffix. In a hexadecimal number
	// it cannot be a digit: the number must end in its p exponent.
	if n := len(body); n > 0 && strings.IndexByte("fFdD", body[n-1]) >= 0 {
		body = body[:n-1]
	}
	if !javaFloatSyntax(body) {
		return 0, errNotANumber
	}
	v, err := strconv.ParseFloat(sign+body, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, errNotANumber
	}
	return v, nil
}

// isHexPrefixed reports whether a number starts with 0x or 0X.
func isHexPrefixed(s string) bool {
	return len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

// javaFloatSyntax checks an unsigned, suffix-less floating-point literal
// against Java's grammar, which is stricter than strconv's: no underscores,
// no "inf", and a hexadecimal number needs its p exponent.
func javaFloatSyntax(s string) bool {
	if isHexPrefixed(s) {
		mant, exp, ok := strings.Cut(s[2:], "p")
		if !ok {
			mant, exp, ok = strings.Cut(s[2:], "P")
		}
		return ok && digitsWithPoint(mant, isHexDigit) && signedDigits(exp)
	}
	mant, exp, hasExp := strings.Cut(strings.Replace(s, "E", "e", 1), "e")
	if hasExp && !signedDigits(exp) {
		return false
	}
	return digitsWithPoint(mant, isDecDigit)
}

// digitsWithPoint matches digits, optionally with one '.', and at least one
// digit in all.
func digitsWithPoint(s string, digit func(byte) bool) bool {
	seen, point := false, false
	for i := 0; i < len(s); i++ {
		switch {
		case digit(s[i]):
			seen = true
		case s[i] == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return seen
}

// signedDigits matches an exponent: an optional sign and decimal digits.
func signedDigits(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

func isDecDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return isDecDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// parseScalaBoolean is Scala 2.13's StringOps.toBoolean, which Spark's
// ConfigHelpers.toBoolean applies to the trimmed value: "true" or "false" in
// any letter case, and nothing else — not "yes", not "1".
func parseScalaBoolean(s string) (bool, error) {
	switch {
	case strings.EqualFold(s, "true") && len(s) == 4:
		return true, nil
	case strings.EqualFold(s, "false") && len(s) == 5:
		return false, nil
	}
	return false, errNotBoolean
}
