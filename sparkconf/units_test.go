package sparkconf

import (
	"errors"
	"math"
	"testing"
)

// TestParseBytes follows JavaUtils.byteStringAs
// (common/utils-java/src/main/java/org/apache/spark/network/util/JavaUtils.java)
// behind ConfigHelpers.byteFromString
// (core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala).
func TestParseBytes(t *testing.T) {
	v41, v42 := mustVersion("4.1.0"), mustVersion("4.2.0")
	tests := []struct {
		name    string
		input   string
		unit    Unit
		version Version
		want    int64
		wantErr error
	}{
		{name: "no suffix is the default unit", input: "512", unit: MiB, version: v41, want: 512},
		{name: "m in MiB", input: "512m", unit: MiB, version: v41, want: 512},
		{name: "g in MiB", input: "4g", unit: MiB, version: v41, want: 4096},
		{name: "gb in MiB", input: "4gb", unit: MiB, version: v41, want: 4096},
		{name: "upper case is lower-cased", input: "4G", unit: MiB, version: v41, want: 4096},
		{name: "surrounding whitespace is trimmed", input: " 4g\t", unit: MiB, version: v41, want: 4096},
		{name: "k in MiB truncates to zero", input: "512k", unit: MiB, version: v41, want: 0},
		{name: "b", input: "100b", unit: Byte, version: v41, want: 100},
		{name: "t and p", input: "1p", unit: TiB, version: v41, want: 1024},
		{name: "KELVIN SIGN lower-cases to k in Java", input: "2\u212A", unit: Byte, version: v41, want: 2048},
		{name: "leading minus is ConfigHelpers' negation", input: "-1g", unit: MiB, version: v41, want: -1024},
		{name: "Kubernetes quantity before 4.2", input: "4Gi", unit: MiB, version: v41, wantErr: errByteSuffix},
		{name: "Kubernetes quantity from 4.2 (SPARK-55051)", input: "4Gi", unit: MiB, version: v42, want: 4096},
		{name: "GiB from 4.2", input: "2GiB", unit: MiB, version: v42, want: 2048},
		{name: "fraction", input: "1.5g", unit: MiB, version: v42, wantErr: errFraction},
		{name: "fraction with unknown suffix is still a fraction", input: "1.5x", unit: MiB, version: v42, wantErr: errFraction},
		{name: "unknown suffix", input: "4x", unit: MiB, version: v42, wantErr: errByteSuffix},
		{name: "space before the suffix", input: "4 g", unit: MiB, version: v42, wantErr: errByteSyntax},
		{name: "empty", input: "", unit: MiB, version: v42, wantErr: errByteSyntax},
		{name: "double minus", input: "--1g", unit: MiB, version: v42, wantErr: errByteSyntax},
		{name: "Arabic-Indic digits are not [0-9]", input: "٤g", unit: MiB, version: v42, wantErr: errByteSyntax},
		{name: "too many digits for a long", input: "99999999999999999999", unit: Byte, version: v42, wantErr: errByteSyntax},
		{name: "conversion overflows a long", input: "9999999p", unit: Byte, version: v42, wantErr: errByteOverrun},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBytes(tt.input, tt.unit, tt.version)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("parseBytes(%q) error = %v, want %v", tt.input, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("parseBytes(%q) = %d, want %d", tt.input, got, tt.want)
			}
		})
	}
}

// TestParseDuration follows JavaUtils.timeStringAs and TimeUnit.convert.
func TestParseDuration(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		unit    Unit
		want    int64
		wantErr error
	}{
		{name: "no suffix is the default unit", input: "30", unit: Seconds, want: 30},
		{name: "s to ms", input: "30s", unit: Milliseconds, want: 30000},
		{name: "ms to s truncates", input: "1500ms", unit: Seconds, want: 1},
		{name: "us", input: "250us", unit: Microseconds, want: 250},
		{name: "m is minutes", input: "2m", unit: Seconds, want: 120},
		{name: "min", input: "2min", unit: Seconds, want: 120},
		{name: "h and d", input: "1d", unit: Hours, want: 24},
		{name: "upper case and spaces", input: " 5S ", unit: Milliseconds, want: 5000},
		{name: "negative durations parse", input: "-1s", unit: Milliseconds, want: -1000},
		{name: "conversion saturates", input: "9223372036854775807d", unit: Milliseconds, want: math.MaxInt64},
		{name: "ns is not a suffix", input: "5ns", unit: Milliseconds, wantErr: errTimeSuffix},
		{name: "sec is not a suffix", input: "5sec", unit: Milliseconds, wantErr: errTimeSuffix},
		{name: "fraction", input: "1.5s", unit: Milliseconds, wantErr: errTimeSyntax},
		{name: "space before the suffix", input: "5 min", unit: Milliseconds, wantErr: errTimeSyntax},
		{name: "empty", input: "", unit: Milliseconds, wantErr: errTimeSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDuration(tt.input, tt.unit)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("parseDuration(%q) error = %v, want %v", tt.input, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("parseDuration(%q) = %d, want %d", tt.input, got, tt.want)
			}
		})
	}
}
