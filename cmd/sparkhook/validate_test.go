package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validateTestdata is where the spark.properties fixtures live.
const validateTestdata = "../../sparkconf/testdata"

// TestValidateCommand runs `sparkhook validate` on the fixtures and
// compares its whole output and exit status.
func TestValidateCommand(t *testing.T) {
	cli := func(name string) string { return filepath.Join(validateTestdata, "cli", name) }
	realProps := filepath.Join(validateTestdata, "spark-drv-conf-map.properties")
	badConfig := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(badConfig, []byte("prometheus:\n  driver:\n    port: 70000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	warnConf := writeTemp(t, "warn.conf", "spark.executor.memroy=4g\n")
	const everyRelease = "Spark 3.0.0 and later (no release named anywhere: every release the catalogue knows)"
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantOut    []string
		wantOutHas string // when set, the output need only contain it
		wantStderr string
		wantCode   int
	}{{
		name:     "a real driver spark.properties and its ConfigMap pass clean",
		args:     []string{realProps, cli("driver-configmap.yaml")},
		wantCode: exitOK,
	}, {
		name: "a broken spark-defaults.conf, checked against Spark 4.1",
		args: []string{"--spark-version", "4.1.1", cli("broken.properties")},
		wantOut: []string{
			cli("broken.properties") + `:2: spark.executor.memory: invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`,
			cli("broken.properties") + ":3: warning: spark.executor.memroy: unknown key, did you mean spark.executor.memory?",
			cli("broken.properties") + `:4: spark.driver.memory: invalid byte size "1.5g": fractional values are not supported; use 1536m`,
			cli("broken.properties") + `:5: spark.kubernetes.container.image.pullPolicy: invalid value "always": must be one of Always, Never, IfNotPresent (case-sensitive)`,
			cli("broken.properties") + `:6: malformed \uxxxx encoding`,
			cli("broken.properties") + `:7: spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID: invalid value "aws-secrets": SecretKeyRef must be in the form name:key.`,
			cli("broken.properties") + `:8: warning: log4j.rootCategory: ignored by Spark: spark-submit drops keys that do not start with "spark." (SparkSubmitArguments.ignoreNonSparkProperties)`,
		},
		wantCode: exitFailed,
	}, {
		name: "ConfigMaps: lines of a literal block and of a quoted string; a ConfigMap's own spark-version label is not read, so every release",
		args: []string{cli("configmaps.yaml")},
		wantOut: []string{
			cli("configmaps.yaml") + `:11: warning: spark.kubernetes.memoryOverheadFactor: Spark 3.0.0 to 3.2.x would refuse "1.5": invalid value "1.5": Ensure that memory overhead is a double between 0 --> 1.0 (Spark < 3.3.0); not denied, since other releases that may read this file accept it`,
			cli("configmaps.yaml") + `:12: warning: spark.kubernetes.executor.podNamePrefix: Spark 3.2.0 to 3.2.x would refuse "nightly-orders-etl-0123456789abcdef-xyz": invalid value "nightly-orders-etl-0123456789abcdef-xyz": must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 38 (Spark 3.2.0 to 3.3.0); not denied, since other releases that may read this file accept it`,
			cli("configmaps.yaml") + `:21: spark.properties line 1: spark.executor.cores: invalid value "0": Executor cores must be a positive number (spark-submit)`,
			cli("configmaps.yaml") + ":31: warning: not checked: sparkhook validate does not check kind Deployment",
		},
		wantCode: exitFailed,
	}, {
		name: "ConfigMaps checked against Spark 3.2.4, as their driver Pod's label would say: what 3.2 refuses is denied",
		args: []string{"--spark-version", "3.2.4", cli("configmaps.yaml")},
		wantOut: []string{
			cli("configmaps.yaml") + `:11: spark.kubernetes.memoryOverheadFactor: invalid value "1.5": Ensure that memory overhead is a double between 0 --> 1.0 (Spark < 3.3.0)`,
			cli("configmaps.yaml") + `:12: spark.kubernetes.executor.podNamePrefix: invalid value "nightly-orders-etl-0123456789abcdef-xyz": must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 38 (Spark 3.2.0 to 3.3.0)`,
			cli("configmaps.yaml") + `:21: spark.properties line 1: spark.executor.cores: invalid value "0": Executor cores must be a positive number (spark-submit)`,
			cli("configmaps.yaml") + ":31: warning: not checked: sparkhook validate does not check kind Deployment",
		},
		wantCode: exitFailed,
	}, {
		name: "-v says, at each ConfigMap's spark.properties, which releases were checked",
		args: []string{"-v", cli("configmaps.yaml")},
		wantOut: []string{
			cli("configmaps.yaml") + ":9: checked against " + everyRelease,
			cli("configmaps.yaml") + `:11: warning: spark.kubernetes.memoryOverheadFactor: Spark 3.0.0 to 3.2.x would refuse "1.5": invalid value "1.5": Ensure that memory overhead is a double between 0 --> 1.0 (Spark < 3.3.0); not denied, since other releases that may read this file accept it`,
			cli("configmaps.yaml") + `:12: warning: spark.kubernetes.executor.podNamePrefix: Spark 3.2.0 to 3.2.x would refuse "nightly-orders-etl-0123456789abcdef-xyz": invalid value "nightly-orders-etl-0123456789abcdef-xyz": must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 38 (Spark 3.2.0 to 3.3.0); not denied, since other releases that may read this file accept it`,
			cli("configmaps.yaml") + ":21: checked against " + everyRelease,
			cli("configmaps.yaml") + `:21: spark.properties line 1: spark.executor.cores: invalid value "0": Executor cores must be a positive number (spark-submit)`,
			cli("configmaps.yaml") + ":31: warning: not checked: sparkhook validate does not check kind Deployment",
		},
		wantCode: exitFailed,
	}, {
		name:     "warnings alone pass",
		args:     []string{warnConf},
		wantCode: exitOK,
		wantOut:  []string{warnConf + ":1: warning: spark.executor.memroy: unknown key, did you mean spark.executor.memory?"},
	}, {
		name:       "an unreadable file fails",
		args:       []string{filepath.Join(validateTestdata, "missing.properties")},
		wantStderr: "missing.properties: open",
		wantCode:   exitFailed,
	}, {
		name:       "no files is a usage error",
		args:       nil,
		wantStderr: "sparkhook validate: no files to validate",
		wantCode:   exitUsage,
	}, {
		name:       "an invalid --config is a usage error",
		args:       []string{"--config", badConfig, realProps},
		wantStderr: "prometheus.driver.port: 70000 is not a port",
		wantCode:   exitUsage,
	}, {
		name:       "an invalid --spark-version is a usage error naming the flag",
		args:       []string{"--spark-version", "latest", realProps},
		wantStderr: `sparkhook validate: --spark-version: invalid Spark release set: "latest"`,
		wantCode:   exitUsage,
	}, {
		name:       "a backward range is a usage error",
		args:       []string{"--spark-version", "3.5..3.3", realProps},
		wantStderr: `sparkhook validate: --spark-version: invalid Spark release set: "3.5..3.3": the range ends before it starts`,
		wantCode:   exitUsage,
	}, {
		name:       "help shows the release syntax and examples, on stdout",
		args:       []string{"-h"},
		wantOutHas: "sparkhook validate --spark-version 3.4,3.5 --config config.yaml configmaps.yaml",
		wantCode:   exitOK,
	}, {
		name:       "an unknown flag is a usage error",
		args:       []string{"--spark-versions", "3.5", realProps},
		wantStderr: "sparkhook validate: unknown flag: --spark-versions\nRun 'sparkhook validate --help' for usage.\n",
		wantCode:   exitUsage,
	}, {
		name:     "-f files and arguments together, -f repeated",
		args:     []string{"-f", warnConf, realProps, "--filename", cli("driver-configmap.yaml")},
		wantOut:  []string{warnConf + ":1: warning: spark.executor.memroy: unknown key, did you mean spark.executor.memory?"},
		wantCode: exitOK,
	}, {
		name:     "-f - reads a spark.properties from standard input",
		args:     []string{"--spark-version=4.1.1", "-f", "-"},
		stdin:    "spark.app.name=etl\nspark.executor.memory=4Gi\n",
		wantOut:  []string{stdinName + `:2: spark.executor.memory: invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
		wantCode: exitFailed,
	}, {
		name:     "-f - reads a ConfigMap from standard input",
		args:     []string{"--verbose", "-f", "-", "--spark-version", "3.5"},
		stdin:    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  spark.properties: |\n    spark.executor.cores=0\n",
		wantOut:  []string{stdinName + ":5: checked against Spark 3.5.0 to 3.5.x (--spark-version)", stdinName + `:6: spark.executor.cores: invalid value "0": Executor cores must be a positive number (spark-submit)`},
		wantCode: exitFailed,
	}, {
		name:     "a spark.properties written key: value on standard input is no YAML",
		args:     []string{"-f", "-"},
		stdin:    "spark.app.name: etl\nspark.executor.cores: 0\n",
		wantOut:  []string{stdinName + `:2: spark.executor.cores: invalid value "0": Executor cores must be a positive number (spark-submit)`},
		wantCode: exitFailed,
	}, {
		name:     "flag package style -spark-version and --v",
		args:     []string{"-spark-version=4.2", "--v", warnConf},
		wantOut:  []string{warnConf + ": checked against Spark 4.2.0 to 4.2.x (--spark-version)", warnConf + ":1: warning: spark.executor.memroy: unknown key, did you mean spark.executor.memory?"},
		wantCode: exitOK,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkValidateIn(t, tt.args, tt.stdin, tt.wantOut, tt.wantOutHas, tt.wantStderr, tt.wantCode)
		})
	}
}

// checkValidate runs `sparkhook validate args` and compares its whole
// output and exit status; stderr need only contain wantStderr.
func checkValidate(t *testing.T, args, wantOut []string, wantStderr string, wantCode int) {
	t.Helper()
	checkValidateIn(t, args, "", wantOut, "", wantStderr, wantCode)
}

// checkValidateIn is checkValidate with stdin; when wantOutHas is set,
// the output need only contain it.
func checkValidateIn(t *testing.T, args []string, stdin string, wantOut []string, wantOutHas, wantStderr string, wantCode int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"validate"}, args...), strings.NewReader(stdin), &stdout, &stderr)
	if code != wantCode {
		t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr.String())
	}
	if wantOutHas != "" {
		if !strings.Contains(stdout.String(), wantOutHas) {
			t.Errorf("output %q does not contain %q", stdout.String(), wantOutHas)
		}
	} else if diff := cmp.Diff(wantOut, nonEmptyLines(stdout.String())); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr.String(), wantStderr) {
		t.Errorf("stderr %q does not contain %q", stderr.String(), wantStderr)
	}
}

// writeTemp writes a file into a fresh temporary directory.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// nonEmptyLines splits output into lines, nil for none.
func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
