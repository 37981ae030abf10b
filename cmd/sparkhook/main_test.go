package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUsageErrors: what is not a command line of sparkhook's exits 2 and
// says what is wrong and where the help is.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		want       runResult
		stderrHas  string // when set, stderr need only contain it
		stderrFrom string // ... and start with it
	}{{
		name:      "no command: the help, on stderr",
		args:      nil,
		want:      runResult{code: exitUsage},
		stderrHas: "Available Commands:",
	}, {
		name: "an unknown command",
		args: []string{"mutat"},
		want: runResult{code: exitUsage, stderr: "sparkhook: unknown command \"mutat\" for \"sparkhook\"\n\nDid you mean this?\n\tmutate\n\nRun 'sparkhook --help' for usage.\n"},
	}, {
		name: "an unknown flag of the root",
		args: []string{"--verbose"},
		want: runResult{code: exitUsage, stderr: "sparkhook: unknown flag: --verbose\nRun 'sparkhook --help' for usage.\n"},
	}, {
		name: "an unknown shorthand",
		args: []string{"validate", "-x", "spark.properties"},
		want: runResult{code: exitUsage, stderr: "sparkhook validate: unknown shorthand flag: 'x' in -x\nRun 'sparkhook validate --help' for usage.\n"},
	}, {
		name: "serve without --cert-dir",
		args: []string{"serve", "--metrics-bind-address=0"},
		want: runResult{code: exitUsage, stderr: "sparkhook serve: --cert-dir is required: the API server calls webhooks over HTTPS only\nRun 'sparkhook serve --help' for usage.\n"},
	}, {
		name: "serve: a bad duration",
		args: []string{"serve", "--cert-dir=/certs", "--shutdown-delay=soon"},
		want: runResult{code: exitUsage, stderr: "sparkhook serve: invalid argument \"soon\" for \"--shutdown-delay\" flag: time: invalid duration \"soon\"\nRun 'sparkhook serve --help' for usage.\n"},
	}, {
		name: "certs without --dir",
		args: []string{"certs"},
		want: runResult{code: exitUsage, stderr: "sparkhook certs: --dir is required and --lifetime must be positive\nRun 'sparkhook certs --help' for usage.\n"},
	}, {
		name: "version: an unknown output",
		args: []string{"version", "-o", "xml"},
		want: runResult{code: exitUsage, stderr: "sparkhook version: -o \"xml\": must be json or yaml\nRun 'sparkhook version --help' for usage.\n"},
	}, {
		name: "version takes no arguments",
		args: []string{"version", "now"},
		want: runResult{code: exitUsage, stderr: "sparkhook version: unexpected arguments [\"now\"]\nRun 'sparkhook version --help' for usage.\n"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runWith(tc.args, nil)
			if tc.stderrHas != "" {
				if !strings.Contains(got.stderr, tc.stderrHas) {
					t.Errorf("stderr = %q, want it to contain %q", got.stderr, tc.stderrHas)
				}
				got.stderr = ""
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(runResult{})); diff != "" {
				t.Errorf("sparkhook %s (-want +got):\n%s", strings.Join(tc.args, " "), diff)
			}
		})
	}
}

// TestHelp: every command's help, on stdout with exit status 0, shows its
// usage, its examples and its flags with their short forms.
func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // each in the help
	}{{
		name: "sparkhook --help",
		args: []string{"--help"},
		want: []string{"Usage:\n  sparkhook [command]", "Examples:", "sparkhook mutate --templates ./templates -f driver.yaml -o patch",
			"Available Commands:", "serve ", "mutate ", "validate ", "certs ", "version ", "completion "},
	}, {
		name: "sparkhook help mutate",
		args: []string{"help", "mutate"},
		want: []string{"Usage:\n  sparkhook mutate -f FILE [flags]", "Examples:", "sparkhook mutate --templates ./templates -f driver.yaml -o patch",
			"-f, --filename string", "-o, --output string", "-n, --namespace string", "--templates string", "--config string", "Exit status:"},
	}, {
		name: "sparkhook validate -h",
		args: []string{"validate", "-h"},
		want: []string{"Usage:\n  sparkhook validate [flags] FILE...", "Examples:", "sparkhook validate --spark-version 3.5 spark.properties",
			"-v, --verbose", "-f, --filename stringArray", "--spark-version string", "--config string", "3.3..3.5", "Exit status:"},
	}, {
		name: "sparkhook serve --help",
		args: []string{"serve", "--help"},
		want: []string{"Usage:\n  sparkhook serve --cert-dir DIR [flags]", "Examples:", "sparkhook serve --cert-dir /tmp/certs",
			"-n, --namespace string", "--cert-dir string", "--config string", "--cert-mode string", "--shutdown-delay duration"},
	}, {
		name: "sparkhook certs --help",
		args: []string{"certs", "--help"},
		want: []string{"Usage:\n  sparkhook certs --dir DIR [flags]", "Examples:", "sparkhook certs --dir /tmp/sparkhook-certs", "--hosts string"},
	}, {
		name: "sparkhook version --help",
		args: []string{"version", "--help"},
		want: []string{"Usage:\n  sparkhook version [flags]", "Examples:", "sparkhook version -o json", "-o, --output string", "--short"},
	}, {
		name: "sparkhook completion --help",
		args: []string{"completion", "--help"},
		want: []string{"bash", "zsh", "fish", "powershell"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runWith(tc.args, nil)
			if got.code != exitOK || got.stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", got.code, got.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("the help does not contain %q:\n%s", w, got.stdout)
				}
			}
		})
	}
}

// TestCompletion generates each shell's completion script, and asks the
// program for completions as those scripts do (sparkhook __complete …):
// commands, flags, and the values of -o and --spark-version.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		got := runWith([]string{"completion", shell}, nil)
		if got.code != exitOK || got.stderr != "" || !strings.Contains(got.stdout, "sparkhook") || !strings.Contains(got.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, stderr %q, %d bytes naming neither sparkhook nor __complete", shell, got.code, got.stderr, len(got.stdout))
		}
	}
	tests := []struct {
		name string
		args []string // after __complete
		want []string // completions, descriptions cut
	}{{
		name: "commands",
		args: []string{""},
		want: []string{"certs", "completion", "help", "mutate", "serve", "validate", "version"},
	}, {
		name: "mutate's flags",
		args: []string{"mutate", "--"},
		want: []string{"--config", "--filename", "--help", "--namespace", "--output", "--templates"},
	}, {
		name: "mutate -o",
		args: []string{"mutate", "-o", ""},
		want: []string{"yaml", "json", "patch"},
	}, {
		name: "mutate --output p",
		args: []string{"mutate", "--output", "p"},
		want: []string{"patch"},
	}, {
		name: "validate --spark-version",
		args: []string{"validate", "--spark-version", ""},
		want: []string{"3.5.1", "3.5", "3.3..3.5", "4.0+", "3.5,4.0+"},
	}, {
		name: "serve --cert-mode",
		args: []string{"serve", "--cert-mode", ""},
		want: []string{certModeFiles, certModeSelfManaged, certModeCertManager},
	}, {
		name: "version -o",
		args: []string{"version", "-o", ""},
		want: []string{"json", "yaml"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runWith(append([]string{"__complete"}, tc.args...), nil)
			if got.code != exitOK {
				t.Fatalf("exit %d, stderr %q", got.code, got.stderr)
			}
			if diff := cmp.Diff(tc.want, completions(got.stdout)); diff != "" {
				t.Errorf("completions (-want +got):\n%s", diff)
			}
		})
	}
}

// completions reads `sparkhook __complete`'s answer: a completion a line,
// its description after a tab, then ":directive".
func completions(out string) []string {
	var got []string
	for _, line := range nonEmptyLines(out) {
		if strings.HasPrefix(line, ":") || strings.HasPrefix(line, "Completion ended") {
			continue
		}
		value, _, _ := strings.Cut(line, "\t")
		got = append(got, value)
	}
	return got
}

// TestVersion: the version stamped into the binary, its commit when Go
// stamped one, the Go version and the platform, as text, alone, or JSON.
func TestVersion(t *testing.T) {
	info := buildVersion()
	if info.Version != version || info.GoVersion != runtime.Version() || info.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("buildVersion() = %+v; want version %q, %s, %s/%s", info, version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	short := runWith([]string{"version", "--short"}, nil)
	if diff := cmp.Diff(runResult{code: exitOK, stdout: version + "\n"}, short, cmp.AllowUnexported(runResult{})); diff != "" {
		t.Errorf("version --short (-want +got):\n%s", diff)
	}
	text := runWith([]string{"version"}, nil)
	for _, w := range []string{"Version:    " + version + "\n", "Git commit: ", "Go version: " + runtime.Version() + "\n", "Platform:   "} {
		if !strings.Contains(text.stdout, w) {
			t.Errorf("version printed %q, without %q", text.stdout, w)
		}
	}
	js := runWith([]string{"version", "-o", "json"}, nil)
	var fields map[string]any
	if err := json.Unmarshal([]byte(js.stdout), &fields); err != nil || js.code != exitOK {
		t.Fatalf("version -o json: exit %d, %v in %q", js.code, err, js.stdout)
	}
	want := map[string]any{"version": version, "goVersion": runtime.Version(), "platform": runtime.GOOS + "/" + runtime.GOARCH}
	if info.GitCommit != "" {
		want["gitCommit"], want["gitTreeState"] = info.GitCommit, info.GitTreeState
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("version -o json (-want +got):\n%s", diff)
	}
	if yml := runWith([]string{"version", "-o", "yaml"}, nil); !strings.Contains(yml.stdout, "goVersion: "+runtime.Version()) {
		t.Errorf("version -o yaml printed %q", yml.stdout)
	}
}
