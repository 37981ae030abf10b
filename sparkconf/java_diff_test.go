package sparkconf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestParseAgreesWithJava runs every file of testdata/corpus through the
// Go parser and through java.util.Properties.load (test/javaprops), and
// requires the same result. A disagreement is a bug in the Go parser.
func TestParseAgreesWithJava(t *testing.T) {
	o, err := getOracle()
	if errors.Is(err, errNoJava) {
		t.Skip(err)
	} else if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.properties"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("the corpus has %d files, want at least 40", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".properties"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			compareWithJava(t, o, data)
		})
	}
}

// FuzzParse checks that Parse never panics, that its line numbers and
// trimmed values are consistent, and — where java is installed — that it
// agrees with java.util.Properties.load on every input, made UTF-8. Seeds
// live in testdata/fuzz/FuzzParse; the corpus files are seeds too.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.properties"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	o, oerr := getOracle()
	f.Fuzz(func(t *testing.T, data []byte) {
		props, err := Parse(data)
		lines := 1 + strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") +
			strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r")
		for _, e := range props.Entries {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("entry %q at line %d, input has %d lines", e.Key, e.Line, lines)
			}
			if e.Value != trimExceptCRLF(e.RawValue) {
				t.Fatalf("entry %q: value %q is not the trimmed raw value %q", e.Key, e.Value, e.RawValue)
			}
		}
		var perr *ParseError
		if err != nil && !errors.As(err, &perr) {
			t.Fatalf("Parse returned %T %v, want *ParseError", err, err)
		}
		if oerr == nil {
			// Mutations are mostly not UTF-8, which Java and Parse read
			// differently by design; compare their UTF-8 repair instead,
			// so that every input reaches the JDK.
			compareWithJava(t, o, bytes.ToValidUTF8(data, []byte("\uFFFD")))
		}
	})
}

// compareWithJava requires Parse and Java to agree on data: the same
// pairs, or — where Java throws for a malformed \u escape — the same
// error and the same pairs before it. Input that is not UTF-8 is not
// compared: Java replaces it silently, Parse reports it.
func compareWithJava(t *testing.T, o *javaOracle, data []byte) {
	t.Helper()
	props, err := Parse(data)
	if !utf8.Valid(data) {
		if !errors.Is(err, ErrInvalidUTF8) {
			t.Fatalf("Parse of invalid UTF-8 returned %v, want ErrInvalidUTF8", err)
		}
		return
	}
	java, jerr := o.load(data)
	if jerr != nil {
		t.Fatal(jerr)
	}
	got := map[string]string{}
	switch {
	case java.exception == "":
		if err != nil && !onlyLoneSurrogates(err) {
			t.Fatalf("Java loads the input, Parse fails: %v\ninput: %q", err, data)
		}
		for _, e := range props.Entries {
			got[e.Key] = e.RawValue
		}
	case java.exception == "java.lang.IllegalArgumentException: Malformed \\uxxxx encoding.":
		first := firstMalformedEscape(err)
		if first == nil {
			t.Fatalf("Java throws %s, Parse returns %v\ninput: %q", java.exception, err, data)
		}
		for _, e := range props.Entries {
			if e.Line < first.Line {
				got[e.Key] = e.RawValue
			}
		}
	default:
		t.Fatalf("Java throws %s\ninput: %q", java.exception, data)
	}
	// Java's final strings can hold a lone surrogate only if Parse reported
	// one; Parse may report one Java later overwrote (a repeated key).
	reported := errors.Is(err, ErrLoneSurrogate)
	if java.lone && !reported {
		t.Fatalf("Java's strings hold a lone surrogate, Parse reports none\ninput: %q", data)
	}
	if java.lone || reported {
		// Java keeps lone surrogates, which Go strings cannot: both sides
		// show them as U+FFFD, where two keys can become one. Parse reports
		// them (checked above); compare the pairs that hold none.
		java.props, got = withoutReplacement(java.props), withoutReplacement(got)
	}
	if diff := cmp.Diff(java.props, got); diff != "" {
		t.Errorf("Parse disagrees with java.util.Properties.load (-java +go):\n%s\ninput: %q", diff, data)
	}
}

// onlyLoneSurrogates reports whether every error of a *ParseError is a lone
// surrogate, which Java reads without a word.
func onlyLoneSurrogates(err error) bool {
	var perr *ParseError
	if !errors.As(err, &perr) {
		return false
	}
	for _, se := range perr.Errs {
		if !errors.Is(se, ErrLoneSurrogate) {
			return false
		}
	}
	return true
}

// firstMalformedEscape is the first malformed \u escape Parse reports,
// where Java stops; nil when there is none.
func firstMalformedEscape(err error) *SyntaxError {
	var perr *ParseError
	if !errors.As(err, &perr) {
		return nil
	}
	for _, se := range perr.Errs {
		if errors.Is(se, ErrMalformedUnicodeEscape) {
			return se
		}
	}
	return nil
}

// withoutReplacement drops the pairs whose key or value holds U+FFFD.
func withoutReplacement(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if !strings.ContainsRune(k, utf8.RuneError) && !strings.ContainsRune(v, utf8.RuneError) {
			out[k] = v
		}
	}
	return out
}
