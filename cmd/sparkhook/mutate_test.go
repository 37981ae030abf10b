package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"
)

const (
	driverFixture = podsDir + "/spark-3.5-driver.yaml"
	// emrWarning is what the example templates warn about on every driver
	// without EMR's shared-volume.
	emrWarning = `warning: template "emr-driver": spec.containers[spark-kubernetes-driver].volumeMounts[/var/data]: volume "shared-volume" exists neither in the template nor in the Pod; left out` + "\n"
)

// runResult is what one `sparkhook mutate` run printed.
type runResult struct {
	code           int
	stdout, stderr string
}

// runMutateWith runs `sparkhook mutate args` with stdin.
func runMutateWith(args []string, stdin []byte) runResult {
	return runWith(append([]string{"mutate"}, args...), stdin)
}

// runWith runs `sparkhook args` with stdin, as main does.
func runWith(args []string, stdin []byte) runResult {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &stdout, &stderr)
	return runResult{code, stdout.String(), stderr.String()}
}

// exampleArgs are the flags of `sparkhook mutate` over the examples.
func exampleArgs(more ...string) []string {
	return append([]string{"--templates", exampleTemplatesDir, "--config", exampleConfig}, more...)
}

func readJSON(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// reviewOf wraps a Pod in the AdmissionReview the API server sends for its
// creation.
func reviewOf(t *testing.T, podJSON []byte, uid string) []byte {
	t.Helper()
	var meta struct{ Metadata metav1.ObjectMeta }
	if err := json.Unmarshal(podJSON, &meta); err != nil {
		t.Fatal(err)
	}
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       types.UID(uid),
			Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Name:      meta.Metadata.Name,
			Namespace: meta.Metadata.Namespace,
			Operation: admissionv1.Create,
			// spark-submit in cluster mode runs as the submitter; the
			// driver creates its executors as its service account.
			UserInfo: authenticationv1.UserInfo{Username: "system:serviceaccount:" + meta.Metadata.Namespace + ":spark"},
			Object:   runtime.RawExtension{Raw: podJSON},
		},
	}
	out, err := json.Marshal(review)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// decoded is data (JSON or YAML) as generic JSON values, for comparing
// documents regardless of key order and formatting.
func decoded(t *testing.T, data []byte) any {
	t.Helper()
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("%v in %.200s", err, data)
	}
	var v any
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func applyJSONPatch(t *testing.T, doc, patch []byte) []byte {
	t.Helper()
	p, err := jsonpatch.DecodePatch(patch)
	if err != nil {
		t.Fatalf("decoding the patch %.200s: %v", patch, err)
	}
	out, err := p.Apply(doc)
	if err != nil {
		t.Fatalf("applying the patch: %v", err)
	}
	return out
}

func TestRunMutateInputsAndOutputs(t *testing.T) {
	podYAML, err := os.ReadFile(driverFixture)
	if err != nil {
		t.Fatal(err)
	}
	podJSON := readJSON(t, driverFixture)
	tests := []struct {
		name  string
		file  string // written to a temporary file and passed with -f, unless stdin
		stdin bool
		data  func(t *testing.T) []byte
	}{
		{name: "a YAML Pod file", file: "pod.yaml", data: func(*testing.T) []byte { return podYAML }},
		{name: "a JSON Pod file", file: "pod.json", data: func(*testing.T) []byte { return podJSON }},
		{name: "a YAML Pod on standard input", stdin: true, data: func(*testing.T) []byte { return podYAML }},
		{name: "a JSON Pod on standard input", stdin: true, data: func(*testing.T) []byte { return podJSON }},
		{name: "an AdmissionReview file", file: "review.json", data: func(t *testing.T) []byte { return reviewOf(t, podJSON, "uid-1") }},
		{name: "a YAML AdmissionReview on standard input", stdin: true, data: func(t *testing.T) []byte {
			y, err := yaml.JSONToYAML(reviewOf(t, podJSON, "uid-1"))
			if err != nil {
				t.Fatal(err)
			}
			return y
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			input := tc.data(t)
			file := "-"
			if !tc.stdin {
				file = filepath.Join(t.TempDir(), tc.file)
				if err := os.WriteFile(file, input, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			patch := runMutateWith(exampleArgs("-f", file, "-o", "patch"), input)
			if patch.code != exitOK || patch.stderr != emrWarning {
				t.Fatalf("-o patch: exit %d, stderr %q; want 0 and the EMR warning", patch.code, patch.stderr)
			}
			want := decoded(t, applyJSONPatch(t, podJSON, []byte(patch.stdout)))
			for _, output := range []string{"json", "yaml"} {
				got := runMutateWith(exampleArgs("-f", file, "-o", output), input)
				if got.code != exitOK || got.stderr != emrWarning {
					t.Fatalf("-o %s: exit %d, stderr %q; want 0 and the EMR warning", output, got.code, got.stderr)
				}
				if isJSON := json.Valid([]byte(got.stdout)); isJSON != (output == "json") {
					t.Errorf("-o %s printed JSON: %v", output, isJSON)
				}
				if diff := cmp.Diff(want, decoded(t, []byte(got.stdout))); diff != "" {
					t.Errorf("-o %s differs from the input with -o patch applied (-want +got):\n%s", output, diff)
				}
			}
		})
	}
}

func TestRunMutateExitCodes(t *testing.T) {
	dangling := `{apiVersion: sparkhook.io/v1alpha1, kind: SparkPodTemplate, metadata: {name: dangling},
  spec: {priority: 50, policy: Enforce, sparkContainerName: spark-kubernetes-driver,
    template: {spec: {containers: [{name: shipper, image: busybox, volumeMounts: [{name: logs, mountPath: /logs}]}]}}}}`
	denial := `sparkhook mutate: denied: template "dangling" (policy Enforce) cannot be applied: spec.containers[shipper].volumeMounts[/logs]: Invalid value: "logs": volume "logs" exists neither in the template nor in the Pod` + "\n"
	nonSpark := `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}`
	const seeHelp = "Run 'sparkhook mutate --help' for usage.\n"
	tests := []struct {
		name      string
		args      []string
		extra     map[string]string // template files added to a copy of the examples
		stdin     string
		stdinFile string // read into stdin instead, as JSON
		want      runResult
		stderrHas string // when set, stderr need only contain it
		stdoutHas string // when set, stdout need only contain it
	}{{
		name: "no -f",
		args: exampleArgs(),
		want: runResult{code: exitUsage, stderr: "sparkhook mutate: -f is required (a file, or - for standard input)\n" + seeHelp},
	}, {
		name: "a bad -o",
		args: exampleArgs("-f", driverFixture, "-o", "xml"),
		want: runResult{code: exitUsage, stderr: `sparkhook mutate: -o "xml": must be yaml, json or patch` + "\n" + seeHelp},
	}, {
		name: "unexpected arguments",
		args: exampleArgs("-f", driverFixture, "extra"),
		want: runResult{code: exitUsage, stderr: `sparkhook mutate: unexpected arguments ["extra"]` + "\n" + seeHelp},
	}, {
		name: "an unknown flag",
		args: exampleArgs("-f", driverFixture, "--out", "json"),
		want: runResult{code: exitUsage, stderr: "sparkhook mutate: unknown flag: --out\n" + seeHelp},
	}, {
		name: "-o without a value",
		args: exampleArgs("-f", driverFixture, "-o"),
		want: runResult{code: exitUsage, stderr: "sparkhook mutate: flag needs an argument: 'o' in -o\n" + seeHelp},
	}, {
		name:      "-h prints the usage and examples on stdout",
		args:      []string{"-h"},
		want:      runResult{code: exitOK},
		stdoutHas: "sparkhook mutate --templates ./templates -f driver.yaml -o patch",
	}, {
		name:      "an Enforce template that cannot be applied denies, after the warnings",
		args:      []string{"-f", "-", "-o", "json"},
		extra:     map[string]string{"dangling.yaml": dangling},
		stdinFile: driverFixture,
		want: runResult{code: exitFailed, stderr: "warning: " + filepath.Join("TEMPLATES", "dangling.yaml") + `: template "dangling": spec.template.spec.containers[0]: "shipper" is a regular container in driver Pods: ` +
			"the driver Pod does not complete while it runs, and spark-submit waits for the Pod; unless it exits with the driver, make it a native sidecar, an init container with restartPolicy: Always\n" +
			emrWarning + denial},
	}, {
		name:  "a non-Spark Pod gets no patch",
		args:  exampleArgs("-f", "-", "-o", "patch"),
		stdin: nonSpark,
		want:  runResult{code: exitOK, stdout: "[]\n"},
	}, {
		name:  "a file that is not a Pod",
		args:  exampleArgs("-f", "-"),
		stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
		want:  runResult{code: exitFailed, stderr: `sparkhook mutate: the input is a "ConfigMap"; want a Pod or an AdmissionReview` + "\n"},
	}, {
		name:  "an AdmissionReview without a request",
		args:  exampleArgs("-f", "-"),
		stdin: `{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}`,
		want:  runResult{code: exitFailed, stderr: "sparkhook mutate: the AdmissionReview has no request\n"},
	}, {
		name:      "a missing file",
		args:      exampleArgs("-f", "does-not-exist.yaml"),
		want:      runResult{code: exitFailed},
		stderrHas: "does-not-exist.yaml: no such file or directory",
	}, {
		name:      "a broken template",
		args:      []string{"-f", driverFixture},
		extra:     map[string]string{"broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec: {volumes: [{name: pod-template-volume, emptyDir: {}}]}\n"},
		want:      runResult{code: exitFailed},
		stderrHas: `template "broken": spec.volumes[0].name`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args, dir := tc.args, ""
			if tc.extra != nil {
				dir = templatesCopy(t, tc.extra)
				args = append([]string{"--templates", dir}, args...)
			}
			stdin := []byte(tc.stdin)
			if tc.stdinFile != "" {
				stdin = readJSON(t, tc.stdinFile)
			}
			got := runMutateWith(args, stdin)
			if dir != "" {
				got.stderr = strings.ReplaceAll(got.stderr, dir, "TEMPLATES") // a temporary directory
			}
			if tc.stderrHas != "" {
				if !strings.Contains(got.stderr, tc.stderrHas) {
					t.Errorf("stderr = %q, want it to contain %q", got.stderr, tc.stderrHas)
				}
				got.stderr = ""
			}
			if tc.stdoutHas != "" {
				if !strings.Contains(got.stdout, tc.stdoutHas) {
					t.Errorf("stdout = %q, want it to contain %q", got.stdout, tc.stdoutHas)
				}
				got.stdout = ""
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(runResult{})); diff != "" {
				t.Errorf("runMutate (-want +got):\n%s", diff)
			}
		})
	}
}

// templatesCopy copies the example templates into a temporary directory and
// adds extra files.
func templatesCopy(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(exampleTemplatesDir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(exampleTemplatesDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	for name, data := range extra {
		files[name] = []byte(data)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRunMutateBigPods checks that Pods far larger than usual are mutated
// like the fixture they grew from (their speed is the benchmarks' business).
func TestRunMutateBigPods(t *testing.T) {
	bigEnv := make([]corev1.EnvVar, 1500)
	for i := range bigEnv {
		bigEnv[i] = corev1.EnvVar{Name: fmt.Sprintf("APP_SETTING_%04d", i), Value: fmt.Sprintf("value-%d", i)}
	}
	bigAnnotation := strings.Repeat("spark.sql.shuffle.partitions=200\n", 2200)
	tests := []struct {
		name    string
		grow    func(p *corev1.Pod) // applied to both the input and the expected output
		minSize int
	}{{
		name: "1500 env vars",
		grow: func(p *corev1.Pod) {
			c := &p.Spec.Containers[0]
			// Spark's own 5 come first, the template's after them.
			c.Env = append(append(append([]corev1.EnvVar{}, c.Env[:5]...), bigEnv...), c.Env[5:]...)
		},
	}, {
		name: "64 KB",
		grow: func(p *corev1.Pod) {
			metav1.SetMetaDataAnnotation(&p.ObjectMeta, "example.com/spark-defaults", bigAnnotation)
		},
		minSize: 64 << 10,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			input := podFrom(t, readJSON(t, driverFixture))
			tc.grow(input)
			data, err := json.Marshal(input)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) < tc.minSize {
				t.Fatalf("the input is %d bytes, want at least %d", len(data), tc.minSize)
			}
			plain := runMutateWith(exampleArgs("-f", driverFixture, "-o", "json"), nil)
			want := podFrom(t, []byte(plain.stdout))
			tc.grow(want)

			got := runMutateWith(exampleArgs("-f", "-", "-o", "json"), data)
			if got.code != exitOK || got.stderr != emrWarning {
				t.Fatalf("exit %d, stderr %q; want 0 and the EMR warning", got.code, got.stderr)
			}
			if diff := cmp.Diff(want, podFrom(t, []byte(got.stdout))); diff != "" {
				t.Errorf("mutated Pod (-want +got):\n%s", diff)
			}
		})
	}
}

func podFrom(t *testing.T, data []byte) *corev1.Pod {
	t.Helper()
	pod := &corev1.Pod{}
	if err := json.Unmarshal(data, pod); err != nil {
		t.Fatal(err)
	}
	return pod
}
