package sparkconf

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// lineReader splits input into logical lines exactly as the JDK 17
// Properties.LineReader.readLine does: natural lines end at \n, \r or \r\n;
// blank lines and comment lines (whose first non-blank character is '#' or
// '!') are skipped; leading space, tab and form feed are dropped; a line
// ending in an odd number of backslashes continues on the next natural line,
// whose leading whitespace is dropped too. It works on UTF-8 bytes: every
// character the algorithm looks at is ASCII, and UTF-8 never uses ASCII
// bytes inside a multi-byte character, so those pass through untouched.
//
// On top of Java's algorithm it tracks physical line numbers, for the key
// (startLine) and for every natural line joined by a continuation (joins).
type lineReader struct {
	in   []byte
	off  int
	line int // physical line of in[off]

	buf       []byte // the current logical line, escapes not yet converted
	startLine int    // physical line of buf[0]
	joins     []join // where continuation lines start in buf
}

// join records that buf[off:] came from physical line line.
type join struct{ off, line int }

// read returns the next byte and its physical line, and advances. A \r
// followed by \n ends one line, not two.
func (lr *lineReader) read() (byte, int) {
	c, line := lr.in[lr.off], lr.line
	lr.off++
	if c == '\n' || (c == '\r' && (lr.off == len(lr.in) || lr.in[lr.off] != '\n')) {
		lr.line++
	}
	return c, line
}

// next reads the next logical line into buf and reports whether there was
// one. The control flow mirrors readLine's so that the two can be compared
// statement by statement.
func (lr *lineReader) next() bool {
	lr.buf, lr.joins = lr.buf[:0], lr.joins[:0]
	skipWhiteSpace, appendedLineBegin, precedingBackslash, needJoin := true, false, false, false
	for {
		if lr.off >= len(lr.in) {
			if len(lr.buf) == 0 {
				return false
			}
			if precedingBackslash {
				lr.buf = lr.buf[:len(lr.buf)-1]
			}
			return true
		}
		c, line := lr.read()
		if skipWhiteSpace {
			if isPropertiesSpace(c) || (!appendedLineBegin && (c == '\r' || c == '\n')) {
				continue
			}
			skipWhiteSpace, appendedLineBegin = false, false
		}
		if len(lr.buf) == 0 && (c == '#' || c == '!') {
			if !lr.skipComment() {
				return false
			}
			skipWhiteSpace = true
			continue
		}
		if c != '\n' && c != '\r' {
			lr.appendByte(c, line, &needJoin)
			precedingBackslash = c == '\\' && !precedingBackslash
			continue
		}
		// End of a natural line.
		if len(lr.buf) == 0 {
			skipWhiteSpace = true
			continue
		}
		if lr.off >= len(lr.in) || !precedingBackslash {
			if precedingBackslash {
				lr.buf = lr.buf[:len(lr.buf)-1]
			}
			return true
		}
		// A continuation: the backslash is not part of the line, and the
		// \n of a \r\n is not a blank line.
		lr.buf = lr.buf[:len(lr.buf)-1]
		skipWhiteSpace, appendedLineBegin, precedingBackslash, needJoin = true, true, false, true
		if c == '\r' && lr.in[lr.off] == '\n' {
			lr.read()
		}
	}
}

// appendByte adds c, read on physical line line, to the logical line.
func (lr *lineReader) appendByte(c byte, line int, needJoin *bool) {
	if len(lr.buf) == 0 {
		lr.startLine = line
	}
	if *needJoin {
		lr.joins = append(lr.joins, join{off: len(lr.buf), line: line})
		*needJoin = false
	}
	if len(lr.buf) == cap(lr.buf) {
		lr.grow()
	}
	lr.buf = append(lr.buf, c)
}

// grow makes room in buf for at least one more byte. Lines grow by
// doubling up to 4 KiB; a longer one gets room at once for all the input
// left, which bounds it: append's own growth, 1.25× at that size, would
// allocate about five times the longest line, megabytes for a 1 MiB key
// (BenchmarkHostileConfigMap).
func (lr *lineReader) grow() {
	size := max(2*cap(lr.buf), 64)
	if size > 4096 {
		size = len(lr.buf) + len(lr.in) - lr.off + 1
	}
	grown := make([]byte, len(lr.buf), size)
	copy(grown, lr.buf)
	lr.buf = grown
}

// skipComment consumes the rest of a comment line, its terminator included.
// It reports false at the end of input, where readLine returns -1.
func (lr *lineReader) skipComment() bool {
	for lr.off < len(lr.in) {
		if c, _ := lr.read(); c == '\r' || c == '\n' {
			return true
		}
	}
	return false
}

// lineAt returns the physical line of buf[off].
func (lr *lineReader) lineAt(off int) int {
	line := lr.startLine
	for _, j := range lr.joins {
		if j.off > off {
			break
		}
		line = j.line
	}
	return line
}

// converter turns the escapes of keys and values into characters, as
// Properties.loadConvert does: \t \r \n \f, \uXXXX (either case of hex
// digit), and a backslash before any other character stands for that
// character. It appends every result to out, the arena of one Parse.
type converter struct {
	out []byte
	// base is the offset in the logical line of what unescape is reading,
	// and lone the offsets in the line of the lone-surrogate escapes found.
	base int
	lone []int
}

// unescape appends the conversion of in, found at offset base of the
// logical line, to out. It returns the offset in in of the backslash of a
// malformed \u escape — where loadConvert throws "Malformed \uxxxx
// encoding." — or -1. It records in lone where (in the line) an escape
// stands for half a surrogate pair without the other half.
func (cv *converter) unescape(in []byte, base int) int {
	cv.base = base
	i := bytes.IndexByte(in, '\\')
	if i < 0 {
		cv.out = append(cv.out, in...)
		return -1
	}
	out := append(cv.out, in[:i]...)
	high, highAt := rune(0), 0 // a pending UTF-16 high surrogate from a \u escape, and where
	for i < len(in) {
		c := in[i]
		if c != '\\' || i+1 == len(in) {
			out, high = cv.flushHigh(out, high, highAt), 0
			out = append(out, c)
			i++
			continue
		}
		e := in[i+1]
		if e != 'u' {
			out, high = cv.flushHigh(out, high, highAt), 0
			out = append(out, unescapeChar(e))
			i += 2
			continue
		}
		unit, ok := hex4(in[i+2:])
		if !ok {
			cv.out = out
			return i
		}
		switch {
		case high != 0 && utf16.IsSurrogate(unit) && unit >= 0xDC00:
			out, high = utf8.AppendRune(out, utf16.DecodeRune(high, unit)), 0
		case utf16.IsSurrogate(unit) && unit < 0xDC00:
			out, high, highAt = cv.flushHigh(out, high, highAt), unit, i
		case utf16.IsSurrogate(unit):
			out, high = cv.flushHigh(out, high, highAt), 0
			out = cv.appendLone(out, i)
		default:
			out, high = cv.flushHigh(out, high, highAt), 0
			out = utf8.AppendRune(out, unit)
		}
		i += 6
	}
	cv.out = cv.flushHigh(out, high, highAt)
	return -1
}

// flushHigh writes a high surrogate that found no low surrogate, escaped at
// offset at, as a lone one.
func (cv *converter) flushHigh(out []byte, high rune, at int) []byte {
	if high != 0 {
		return cv.appendLone(out, at)
	}
	return out
}

// appendLone writes the lone surrogate escaped at offset at as U+FFFD, as
// utf16.Decode reads it: Java strings are UTF-16 and keep it, UTF-8 cannot.
func (cv *converter) appendLone(out []byte, at int) []byte {
	cv.lone = append(cv.lone, cv.base+at)
	return utf8.AppendRune(out, utf8.RuneError)
}

// loneSurrogates returns an error for each line of the current logical line
// where unescape found a lone surrogate escape, and forgets them.
func (cv *converter) loneSurrogates(lr *lineReader) []*SyntaxError {
	var errs []*SyntaxError
	for _, off := range cv.lone {
		if line := lr.lineAt(off); len(errs) == 0 || errs[len(errs)-1].Line != line {
			errs = append(errs, &SyntaxError{Line: line, Err: ErrLoneSurrogate})
		}
	}
	cv.lone = cv.lone[:0]
	return errs
}

// unescapeChar maps the character after a backslash to what it stands for.
func unescapeChar(e byte) byte {
	switch e {
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'n':
		return '\n'
	case 'f':
		return '\f'
	}
	return e
}

// hex4 reads the four hexadecimal digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var v rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 + rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 + rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
