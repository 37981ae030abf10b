package sparkconf

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestParse covers what the differential test cannot: the physical line of
// every key, and Spark's trimmed value next to Java's raw one. Expected
// values follow JDK 17 Properties.load0/LineReader and Spark's
// Utils.trimExceptCRLF.
func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Entry
	}{{
		name:  "separators",
		input: "a=1\nb:2\nc 3\nd\n",
		want: []Entry{
			{Key: "a", Value: "1", RawValue: "1", Line: 1}, {Key: "b", Value: "2", RawValue: "2", Line: 2},
			{Key: "c", Value: "3", RawValue: "3", Line: 3}, {Key: "d", Value: "", RawValue: "", Line: 4},
		},
	}, {
		name:  "comments and blank lines keep counting",
		input: "# header\n\n! bang\n   \nkey=v\n",
		want:  []Entry{{Key: "key", Value: "v", RawValue: "v", Line: 5}},
	}, {
		name:  "CRLF is one line break, a lone CR another",
		input: "a=1\r\nb=2\rc=3\r\n\r\nd=4",
		want: []Entry{
			{Key: "a", Value: "1", RawValue: "1", Line: 1}, {Key: "b", Value: "2", RawValue: "2", Line: 2},
			{Key: "c", Value: "3", RawValue: "3", Line: 3}, {Key: "d", Value: "4", RawValue: "4", Line: 5},
		},
	}, {
		name:  "a continued entry is at the line of its key",
		input: "first=1\nlong=a \\\n   b \\\n   c\nnext=2\n",
		want: []Entry{
			{Key: "first", Value: "1", RawValue: "1", Line: 1}, {Key: "long", Value: "a b c", RawValue: "a b c", Line: 2},
			{Key: "next", Value: "2", RawValue: "2", Line: 5},
		},
	}, {
		name:  "a key after a continued empty line starts where it is written",
		input: "\\\n  spark.app.name=x\n",
		want:  []Entry{{Key: "spark.app.name", Value: "x", RawValue: "x", Line: 2}},
	}, {
		name:  "Spark trims the value except escaped CR and LF",
		input: "a=\\ \\t v \\t\\ \nb=\\n v \\r\n",
		want: []Entry{
			{Key: "a", Value: "v", RawValue: " \t v \t ", Line: 1},
			{Key: "b", Value: "\n v \r", RawValue: "\n v \r", Line: 2},
		},
	}, {
		name:  "escaped Kubernetes master URL",
		input: "spark.master=k8s\\://https\\://host\\:6443\n",
		want: []Entry{{Key: "spark.master", Value: "k8s://https://host:6443",
			RawValue: "k8s://https://host:6443", Line: 1}},
	}, {
		name:  "a UTF-8 BOM is part of the first key, as in Java",
		input: "\ufeffa=1\n",
		want:  []Entry{{Key: "\ufeffa", Value: "1", RawValue: "1", Line: 1}},
	}, {
		name:  "surrogate pairs combine",
		input: "a=\\uD83D\\uDE00\n",
		want:  []Entry{{Key: "a", Value: "😀", RawValue: "😀", Line: 1}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			props, err := Parse([]byte(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, props.Entries); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseErrors checks that every place Java would throw is reported
// with its physical line, and that parsing goes on past it.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		wantErrs  []string
		wantIs    error
		wantKeys  []string
		wantError string
	}{{
		name:      "Windows path in a value",
		input:     "a=1\nb=2\n\n\n\n\nspark.local.dir=C:\\users\\spark\nc=3\n",
		wantErrs:  []string{`line 7: malformed \uxxxx encoding`},
		wantIs:    ErrMalformedUnicodeEscape,
		wantKeys:  []string{"a", "b", "c"},
		wantError: `line 7: malformed \uxxxx encoding`,
	}, {
		name:     "malformed escape on a continuation line is reported there",
		input:    "key=start \\\n   \\u00G1\n",
		wantErrs: []string{`line 2: malformed \uxxxx encoding`},
		wantIs:   ErrMalformedUnicodeEscape,
	}, {
		name:     "every malformed escape, key or value",
		input:    "\\uZZZZ=1\nok=2\nv=\\u12\n",
		wantErrs: []string{`line 1: malformed \uxxxx encoding`, `line 3: malformed \uxxxx encoding`},
		wantIs:   ErrMalformedUnicodeEscape,
		wantKeys: []string{"ok"},
	}, {
		name:     "Latin-1 bytes are not UTF-8",
		input:    "a=1\nname=caf\xe9\n",
		wantErrs: []string{"line 2: invalid UTF-8 (Spark reads spark.properties as UTF-8)"},
		wantIs:   ErrInvalidUTF8,
		wantKeys: []string{"a", "name"},
	}, {
		// Java keeps them in its UTF-16 strings; read as U+FFFD, b and c
		// would be one key.
		name:  "lone surrogates: high then text, low alone, high at the end, on a continuation line",
		input: "a=\\uD83D\\uDE00\nb\\uD83Dx=1\nc\\uFFFDx=2\nd=\\uDE00\ne=x\\\n  \\uD800\n",
		wantErrs: []string{
			`line 2: \u escape of a lone UTF-16 surrogate: no Unicode character (read as U+FFFD)`,
			`line 4: \u escape of a lone UTF-16 surrogate: no Unicode character (read as U+FFFD)`,
			`line 6: \u escape of a lone UTF-16 surrogate: no Unicode character (read as U+FFFD)`,
		},
		wantIs:   ErrLoneSurrogate,
		wantKeys: []string{"a", "b\uFFFDx", "c\uFFFDx", "d", "e"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			props, err := Parse([]byte(tt.input))
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("Parse error = %v, want a *ParseError", err)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			var got []string
			for _, se := range perr.Errs {
				got = append(got, se.Error())
			}
			if diff := cmp.Diff(tt.wantErrs, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if tt.wantError != "" && err.Error() != tt.wantError {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantError)
			}
			var keys []string
			for _, e := range props.Entries {
				keys = append(keys, e.Key)
			}
			if diff := cmp.Diff(tt.wantKeys, keys, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("keys read past the errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPropertiesDuplicates checks Java's last-wins while every occurrence
// is kept.
func TestPropertiesDuplicates(t *testing.T) {
	props, err := Parse([]byte("a=1\nb=2\na=3\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := props.Get("a")
	if !ok || got.Value != "3" || got.Line != 3 {
		t.Errorf("Get(a) = %+v, %v; want value 3 at line 3", got, ok)
	}
	if diff := cmp.Diff(map[string]string{"a": "3", "b": "2"}, props.Map()); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	var keys []string
	for _, e := range props.Effective() {
		keys = append(keys, e.Key)
	}
	if diff := cmp.Diff([]string{"b", "a"}, keys); diff != "" {
		t.Errorf("Effective keys (-want +got):\n%s", diff)
	}
	if len(props.Entries) != 3 {
		t.Errorf("Entries has %d entries, want all 3 occurrences", len(props.Entries))
	}
}
