package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Paths of the goldens of Spark's own template rules, from this package's
// directory.
const (
	sparkTemplatesDir = "../../test/testdata/spark-templates"
	sparkRulesDir     = "../../test/testdata/spark-rules"
	sparkRulesGolden  = "../../test/testdata/spark-rules/golden"
)

// sparkRuleCases are real Spark Pods mutated with one template each, under
// both policies, for the rules sparkhook takes from Spark: a template's
// spark-local-dir-N volume (LocalDirsFeatureStep) and the resources of
// executors of a non-default resource profile (BasicExecutorFeatureStep).
var sparkRuleCases = []struct {
	golden   string // file name in sparkRulesGolden
	pod      string // fixture in podsDir
	template string // path from this package's directory
	policy   v1alpha1.MergePolicy
}{
	{"nvme-executor-default.yaml", "spark-3.5-executor.yaml", sparkTemplatesDir + "/data-on-eks-nvme-executor-pod-template.yaml", v1alpha1.PolicyDefault},
	{"nvme-executor-enforce.yaml", "spark-3.5-executor.yaml", sparkTemplatesDir + "/data-on-eks-nvme-executor-pod-template.yaml", v1alpha1.PolicyEnforce},
	{"nvme-driver-default.yaml", "spark-3.5-driver.yaml", sparkTemplatesDir + "/data-on-eks-nvme-driver-pod-template.yaml", v1alpha1.PolicyDefault},
	{"nvme-driver-enforce.yaml", "spark-3.5-driver.yaml", sparkTemplatesDir + "/data-on-eks-nvme-driver-pod-template.yaml", v1alpha1.PolicyEnforce},
	{"ephemeral-executor-default.yaml", "spark-3.5-executor.yaml", sparkRulesDir + "/executor-scratch-ephemeral.yaml", v1alpha1.PolicyDefault},
	{"ephemeral-executor-enforce.yaml", "spark-3.5-executor.yaml", sparkRulesDir + "/executor-scratch-ephemeral.yaml", v1alpha1.PolicyEnforce},
	{"ephemeral-operator-executor-enforce.yaml", "spark-operator-v2-executor.yaml", sparkRulesDir + "/executor-scratch-ephemeral.yaml", v1alpha1.PolicyEnforce},
	{"resources-profile-0-default.yaml", "spark-3.5-executor.yaml", sparkRulesDir + "/executor-resources.yaml", v1alpha1.PolicyDefault},
	{"resources-profile-0-enforce.yaml", "spark-3.5-executor.yaml", sparkRulesDir + "/executor-resources.yaml", v1alpha1.PolicyEnforce},
	{"resources-profile-1-default.yaml", "spark-3.5-executor-resourceprofile.yaml", sparkRulesDir + "/executor-resources.yaml", v1alpha1.PolicyDefault},
	{"resources-profile-1-enforce.yaml", "spark-3.5-executor-resourceprofile.yaml", sparkRulesDir + "/executor-resources.yaml", v1alpha1.PolicyEnforce},
}

// TestGoldenSparkRules runs `sparkhook mutate` on each of sparkRuleCases,
// the template alone in its templates directory with the policy of the
// case (sparkhook.io/policy, the templates being Pod files) and a platform
// granted hostPath volumes (the NVMe templates mount the node's disks),
// and compares the result with its golden file. Regenerate with
//
//	go test ./cmd/sparkhook -run GoldenSparkRules -update
//
// and read the diff.
func TestGoldenSparkRules(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(config, []byte("security: {platform: privileged}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range sparkRuleCases {
		t.Run(tc.golden, func(t *testing.T) {
			dir := templateWithPolicy(t, tc.template, tc.policy)
			cfg := mutateConfig{TemplatesDir: dir, ConfigFile: config, File: filepath.Join(podsDir, tc.pod), Output: "yaml", Namespace: "default"}
			out, warnings, err := mutate(context.Background(), cfg, nil)
			if err != nil {
				t.Fatalf("mutate: %v (warnings %q)", err, warnings)
			}
			// Loading warns of the template file, at its temporary path.
			for i := range warnings {
				warnings[i] = strings.ReplaceAll(warnings[i], dir, "TEMPLATES")
			}
			compareGolden(t, filepath.Join(sparkRulesGolden, tc.golden), sparkRuleGolden(tc.pod, tc.template, tc.policy, out, warnings), "TestGoldenSparkRules")
			strictPod(t, out)
			again := cfg
			again.File, again.Output = "-", "patch"
			patch, againWarnings, err := mutate(context.Background(), again, bytes.NewReader(out))
			againWarnings = slices.DeleteFunc(againWarnings, func(w string) bool { return strings.HasPrefix(w, dir) })
			if err != nil || string(bytes.TrimSpace(patch)) != "[]" || len(againWarnings) > 0 {
				t.Errorf("mutating the mutated Pod again: patch %s, warnings %q, error %v; want no change", patch, againWarnings, err)
			}
		})
	}
}

// templateWithPolicy copies the Pod-file template at path into a new
// templates directory, with sparkhook.io/policy set to policy.
func templateWithPolicy(t *testing.T, path string, policy v1alpha1.MergePolicy) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	meta, _ := doc["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	if annotations == nil {
		annotations = map[string]any{}
	}
	annotations[v1alpha1.AnnotationPolicy] = string(policy)
	meta["annotations"] = annotations
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), out, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sparkRuleGolden renders a golden file of TestGoldenSparkRules: what was
// run, the warnings, then the mutated Pod.
func sparkRuleGolden(pod, template string, policy v1alpha1.MergePolicy, out []byte, warnings []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Pod: test/testdata/pods/%s\n# template: test/testdata/%s/%s, policy %s\n",
		pod, filepath.Base(filepath.Dir(template)), filepath.Base(template), policy)
	b.WriteString("# config: security: {platform: privileged}\n# Generated by: go test ./cmd/sparkhook -run GoldenSparkRules -update\n")
	if len(warnings) == 0 {
		b.WriteString("# warnings: none\n")
	} else {
		b.WriteString("# warnings:\n")
	}
	for _, w := range warnings {
		fmt.Fprintf(&b, "# - %s\n", w)
	}
	b.Write(out)
	return b.Bytes()
}
