package main

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMutateFlagSpellings checks that kubectl's short and long forms, and
// the spellings Go's flag package accepted, give the same result.
func TestMutateFlagSpellings(t *testing.T) {
	want := runMutateWith(exampleArgs("-f", driverFixture, "-o", "patch"), nil)
	if want.code != exitOK || want.stdout == "" {
		t.Fatalf("-f %s -o patch: %+v", driverFixture, want)
	}
	podYAML, err := os.ReadFile(driverFixture)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin []byte
	}{
		{name: "long forms", args: exampleArgs("--filename", driverFixture, "--output", "patch", "--namespace", "spark-jobs")},
		{name: "long forms with =", args: exampleArgs("--filename="+driverFixture, "--output=patch")},
		{name: "short forms with =", args: exampleArgs("-f="+driverFixture, "-o=patch", "-n=spark-jobs")},
		{name: "short forms, value attached", args: exampleArgs("-f"+driverFixture, "-opatch", "-nspark-jobs")},
		{name: "flag package style --f and --o", args: exampleArgs("--f", driverFixture, "--o", "patch")},
		{name: "flag package style -templates and -config", args: []string{"-templates", exampleTemplatesDir, "-config=" + exampleConfig, "-f", driverFixture, "-o", "patch"}},
		{name: "flags after the file, from stdin", args: append([]string{"-f", "-", "-o", "patch"}, exampleArgs()...), stdin: podYAML},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runMutateWith(tc.args, tc.stdin)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(runResult{})); diff != "" {
				t.Errorf("sparkhook mutate %s (-want +got):\n%s", strings.Join(tc.args, " "), diff)
			}
		})
	}
}

// TestOneDashLongFlags: -name, as Go's flag package read --name, is
// rewritten for pflag when name is a long flag of sparkhook's; nothing else.
func TestOneDashLongFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{{
		name: "serve as the flag package read it",
		args: []string{"serve", "-cert-dir=/certs", "-config", "c.yaml", "-zap-devel", "-help"},
		want: []string{"serve", "--cert-dir=/certs", "--config", "c.yaml", "--zap-devel", "--help"},
	}, {
		name: "short forms, with and without attached values, stay",
		args: []string{"mutate", "-f", "-", "-ojson", "-nspark-jobs", "-v"},
		want: []string{"mutate", "-f", "-", "-ojson", "-nspark-jobs", "-v"},
	}, {
		name: "nothing after --",
		args: []string{"validate", "--", "-config"},
		want: []string{"validate", "--", "-config"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, oneDashLongFlags(newRootCommand(), tc.args)); diff != "" {
				t.Errorf("oneDashLongFlags (-want +got):\n%s", diff)
			}
		})
	}
}
