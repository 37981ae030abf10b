package sparkconf

import (
	"errors"
	"math"
	"testing"
)

// TestParseJavaInt follows Integer.parseInt and Long.parseLong (JDK 17),
// which intConf and longConf apply to the trimmed value
// (core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala).
func TestParseJavaInt(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		bits    int
		want    int64
		wantErr error
	}{
		{name: "plain", input: "42", bits: 32, want: 42},
		{name: "plus sign", input: "+42", bits: 32, want: 42},
		{name: "minus zero", input: "-0", bits: 32, want: 0},
		{name: "Arabic-Indic digits", input: "٤٢", bits: 32, want: 42},
		{name: "fullwidth digits", input: "１２", bits: 32, want: 12},
		{name: "int max", input: "2147483647", bits: 32, want: math.MaxInt32},
		{name: "int min", input: "-2147483648", bits: 32, want: math.MinInt32},
		{name: "int overflow", input: "2147483648", bits: 32, wantErr: errOutOfRange},
		{name: "long min", input: "-9223372036854775808", bits: 64, want: math.MinInt64},
		{name: "long overflow", input: "9223372036854775808", bits: 64, wantErr: errOutOfRange},
		{name: "sign alone", input: "-", bits: 32, wantErr: errNotANumber},
		{name: "empty", input: "", bits: 32, wantErr: errNotANumber},
		{name: "inner space", input: "4 2", bits: 32, wantErr: errNotANumber},
		{name: "fraction", input: "1.0", bits: 32, wantErr: errNotANumber},
		{name: "underscore", input: "1_000", bits: 32, wantErr: errNotANumber},
		{name: "hex", input: "0x10", bits: 32, wantErr: errNotANumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJavaInt(tt.input, tt.bits)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("parseJavaInt(%q) error = %v, want %v", tt.input, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("parseJavaInt(%q) = %d, want %d", tt.input, got, tt.want)
			}
		})
	}
}

// TestParseJavaDouble follows Double.parseDouble's grammar (the Javadoc of
// Double.valueOf), which doubleConf applies.
func TestParseJavaDouble(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    float64
		wantErr bool
	}{
		{name: "decimal", input: "0.1", want: 0.1},
		{name: "trailing point", input: "1.", want: 1},
		{name: "leading point", input: ".5", want: 0.5},
		{name: "exponent", input: "1e3", want: 1000},
		{name: "signed exponent", input: "-2.5E-1", want: -0.25},
		{name: "type suffix d", input: "0.4d", want: 0.4},
		{name: "type suffix F", input: "2F", want: 2},
		{name: "hexadecimal", input: "0x1.8p1", want: 3},
		{name: "control characters trimmed", input: "\t0.1\x00", want: 0.1},
		{name: "Infinity", input: "-Infinity", want: math.Inf(-1)},
		{name: "overflow is Infinity", input: "1e999", want: math.Inf(1)},
		{name: "inf is not Java", input: "inf", wantErr: true},
		{name: "lower-case nan is not Java", input: "nan", wantErr: true},
		{name: "hexadecimal needs an exponent", input: "0x10", wantErr: true},
		{name: "underscore", input: "1_0", wantErr: true},
		{name: "comma decimal", input: "0,1", wantErr: true},
		{name: "percent", input: "10%", wantErr: true},
		{name: "point alone", input: ".", wantErr: true},
		{name: "exponent without digits", input: "1e", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJavaDouble(tt.input)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseJavaDouble(%q) error = %v, want error %v", tt.input, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("parseJavaDouble(%q) = %v, want %v", tt.input, got, tt.want)
			}
		})
	}
	if got, err := parseJavaDouble("NaN"); err != nil || !math.IsNaN(got) {
		t.Errorf("parseJavaDouble(NaN) = %v, %v", got, err)
	}
}

// TestParseScalaBoolean follows Scala 2.13 StringOps.toBoolean behind
// ConfigHelpers.toBoolean: true or false, any case, nothing else.
func TestParseScalaBoolean(t *testing.T) {
	tests := []struct {
		input   string
		want    bool
		wantErr bool
	}{
		{input: "true", want: true},
		{input: "TRUE", want: true},
		{input: "False", want: false},
		{input: "yes", wantErr: true},
		{input: "1", wantErr: true},
		{input: "on", wantErr: true},
		{input: "", wantErr: true},
		{input: "truee", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got, err := parseScalaBoolean(tt.input)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseScalaBoolean(%q) = %v, %v; want %v, error %v", tt.input, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
