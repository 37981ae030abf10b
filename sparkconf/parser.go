package sparkconf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrMalformedUnicodeEscape is the error Java's Properties.load throws, as
// IllegalArgumentException("Malformed \uxxxx encoding."), for a \u not
// followed by four hexadecimal digits — typically a Windows path such as
// C:\users written without doubled backslashes.
var ErrMalformedUnicodeEscape = errors.New(`malformed \uxxxx encoding`)

// ErrInvalidUTF8 marks input that is not UTF-8. Spark decodes
// spark.properties as UTF-8 and silently turns such bytes into U+FFFD, so a
// file saved in another encoding (Latin-1, Windows-1252) is corrupted without
// a word; sparkhook reports it instead.
var ErrInvalidUTF8 = errors.New("invalid UTF-8 (Spark reads spark.properties as UTF-8)")

// ErrLoneSurrogate marks a \u escape of half a UTF-16 surrogate pair
// without its other half (\uD800 alone). Java keeps such a string, which is
// no Unicode text, and Spark would pass it on; Parse reads it as U+FFFD, so
// it could stand for a key it is not, and reports it instead of guessing.
var ErrLoneSurrogate = errors.New(`\u escape of a lone UTF-16 surrogate: no Unicode character (read as U+FFFD)`)

// SyntaxError is one place where reading the file fails, at its physical
// line. It wraps ErrMalformedUnicodeEscape, ErrInvalidUTF8 or
// ErrLoneSurrogate.
type SyntaxError struct {
	Line int
	Err  error
}

// Error formats the error as "line 7: malformed \uxxxx encoding".
func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the sentinel error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// ParseError lists every SyntaxError of a file. Java stops at the first
// malformed escape; the parser goes on, so that a denial can list them all.
type ParseError struct {
	Errs []*SyntaxError
}

// Error joins the syntax errors with "; ".
func (e *ParseError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, se := range e.Errs {
		msgs[i] = se.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the syntax errors, for errors.Is and errors.As.
func (e *ParseError) Unwrap() []error {
	errs := make([]error, len(e.Errs))
	for i, se := range e.Errs {
		errs[i] = se
	}
	return errs
}

// Entry is one key/value pair as written in the file, at the physical line
// (1-based) where its key starts.
type Entry struct {
	Key string
	// Value is the value as Spark sees it: RawValue trimmed by Spark's
	// Utils.trimExceptCRLF.
	Value string
	// RawValue is the value exactly as java.util.Properties returns it.
	RawValue string
	Line     int
}

// Properties is a parsed spark.properties, as Parse makes it: every entry
// in file order, duplicates included, because a duplicate is worth a
// warning even though, as in Java's Hashtable, the last one wins.
type Properties struct {
	Entries []Entry
	index   map[string]int // key → index of its last entry
}

// Get returns the value Spark sees for key — the last occurrence's — and
// whether the key is set.
func (p *Properties) Get(key string) (Entry, bool) {
	i, ok := p.index[key]
	if !ok {
		return Entry{}, false
	}
	return p.Entries[i], true
}

// Effective returns the entries Spark sees: the last occurrence of each key,
// in file order.
func (p *Properties) Effective() []Entry {
	out := make([]Entry, 0, len(p.index))
	for i, e := range p.Entries {
		if p.index[e.Key] == i {
			out = append(out, e)
		}
	}
	return out
}

// Map returns the effective key → value (Spark's view) as a map.
func (p *Properties) Map() map[string]string {
	m := make(map[string]string, len(p.index))
	for k, i := range p.index {
		m[k] = p.Entries[i].Value
	}
	return m
}

// Parse reads data as java.util.Properties.load(new InputStreamReader(in,
// UTF_8)) does — the call Spark's Utils.getPropertiesFromFile makes — and
// keeps the line of every key. Where Java would throw (a malformed \u
// escape) Parse skips that logical line, goes on, and returns the entries it
// read together with a *ParseError listing every failure. Bytes that are not
// UTF-8 are reported too, and read as U+FFFD, as Java's decoder reads them
// (one U+FFFD per run of bad bytes, where Java may write several).
func Parse(data []byte) (*Properties, error) {
	var errs []*SyntaxError
	if !utf8.Valid(data) {
		errs = invalidUTF8Lines(data)
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	// Keys and values are unescaped into one arena and sliced out of one
	// string: two allocations for the whole file instead of two per entry.
	lines := bytes.Count(data, []byte{'\n'}) + 1
	spans := make([]span, 0, lines)
	conv := converter{out: make([]byte, 0, len(data))}
	lr := lineReader{in: data, line: 1}
	for lr.next() {
		sp, err := splitLogicalLine(&lr, &conv)
		errs = append(errs, conv.loneSurrogates(&lr)...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		spans = append(spans, sp)
	}
	arena := string(conv.out)
	props := &Properties{Entries: make([]Entry, len(spans)), index: make(map[string]int, len(spans))}
	for i, sp := range spans {
		raw := arena[sp.valStart:sp.valEnd]
		props.Entries[i] = Entry{Key: arena[sp.keyStart:sp.keyEnd], Value: trimExceptCRLF(raw), RawValue: raw, Line: sp.line}
		props.index[props.Entries[i].Key] = i
	}
	if len(errs) > 0 {
		sortSyntaxErrors(errs)
		return props, &ParseError{Errs: errs}
	}
	return props, nil
}

// span locates an entry's key and value in the converter's arena.
type span struct {
	keyStart, keyEnd, valStart, valEnd, line int
}

// splitLogicalLine splits the logical line in lr.buf into its key and value
// and unescapes both, as Properties.load0 does: the key ends at the first
// unescaped '=', ':' or whitespace; whitespace, and one '=' or ':' if the
// key ended at whitespace, are skipped before the value.
func splitLogicalLine(lr *lineReader, conv *converter) (span, *SyntaxError) {
	line := lr.buf
	limit := len(line)
	keyLen, valueStart := 0, limit
	hasSep, precedingBackslash := false, false
	for keyLen < limit {
		c := line[keyLen]
		if (c == '=' || c == ':') && !precedingBackslash {
			valueStart, hasSep = keyLen+1, true
			break
		} else if isPropertiesSpace(c) && !precedingBackslash {
			valueStart = keyLen + 1
			break
		}
		precedingBackslash = c == '\\' && !precedingBackslash
		keyLen++
	}
	for valueStart < limit {
		c := line[valueStart]
		if !isPropertiesSpace(c) {
			if hasSep || (c != '=' && c != ':') {
				break
			}
			hasSep = true
		}
		valueStart++
	}
	mark := len(conv.out)
	sp := span{keyStart: mark, line: lr.startLine}
	if bad := conv.unescape(line[:keyLen], 0); bad >= 0 {
		conv.out = conv.out[:mark]
		return span{}, &SyntaxError{Line: lr.lineAt(bad), Err: ErrMalformedUnicodeEscape}
	}
	sp.keyEnd, sp.valStart = len(conv.out), len(conv.out)
	if bad := conv.unescape(line[valueStart:], valueStart); bad >= 0 {
		conv.out = conv.out[:mark]
		return span{}, &SyntaxError{Line: lr.lineAt(valueStart + bad), Err: ErrMalformedUnicodeEscape}
	}
	sp.valEnd = len(conv.out)
	return sp, nil
}

// isPropertiesSpace reports whether c is whitespace to Properties.load:
// space, tab and form feed, nothing else.
func isPropertiesSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

// trimExceptCRLF trims a value as Spark's Utils.trimExceptCRLF does when it
// reads a properties file: like Java's String.trim it drops leading and
// trailing characters up to U+0020, but it keeps '\r' and '\n', which in a
// properties file can only come from explicit \r and \n escapes.
func trimExceptCRLF(s string) string {
	keep := func(c byte) bool { return c > ' ' || c == '\r' || c == '\n' }
	first, last := 0, len(s)-1
	for first <= last && !keep(s[first]) {
		first++
	}
	for last >= first && !keep(s[last]) {
		last--
	}
	return s[first : last+1]
}

// invalidUTF8Lines returns one SyntaxError per physical line holding bytes
// that are not UTF-8.
func invalidUTF8Lines(data []byte) []*SyntaxError {
	var errs []*SyntaxError
	line, reported := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 && line != reported {
			errs = append(errs, &SyntaxError{Line: line, Err: ErrInvalidUTF8})
			reported = line
		}
		if data[i] == '\n' || (data[i] == '\r' && (i+1 == len(data) || data[i+1] != '\n')) {
			line++
		}
		i += max(size, 1)
	}
	return errs
}

// sortSyntaxErrors orders errors by line; the UTF-8 scan and the parse each
// produce them in order, so an insertion sort of the merged list is cheap.
func sortSyntaxErrors(errs []*SyntaxError) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Line < errs[j-1].Line; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}
