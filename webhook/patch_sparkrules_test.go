package webhook

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
)

// TestPatchMatchesCreatePatchSparkRules is TestPatchMatchesCreatePatch with
// the templates of Spark's own rules: spark-local-dir-N volumes that replace
// the source of Spark's scratch volumes (hostPath, generic ephemeral) and
// Spark-container resources, which executors of a non-default resource
// profile do not get, each under Default and under Enforce.
func TestPatchMatchesCreatePatchSparkRules(t *testing.T) {
	sets := sparkRuleTemplateSets(t)
	for _, fx := range readFixtures(t, podFixtureGlobs...) {
		t.Run(fx.name, func(t *testing.T) { checkPatches(t, sets, fx.json) })
	}
	for seed := range uint64(60) {
		t.Run(fmt.Sprintf("random/%d", seed), func(t *testing.T) { checkRandomSparkPod(t, sets, seed) })
	}
}

// sparkRuleTemplateSets loads the templates of Spark's rules, once as they
// are and once with sparkhook.io/policy: Enforce, for a platform granted
// hostPath volumes (the NVMe templates mount the node's disks).
func sparkRuleTemplateSets(t *testing.T) map[string]*templates.Registry {
	t.Helper()
	var paths []string
	for _, glob := range []string{"../test/testdata/spark-rules/*.yaml", "../test/testdata/spark-templates/data-on-eks-nvme-*.yaml"} {
		matches, err := filepath.Glob(glob)
		if err != nil || len(matches) == 0 {
			t.Fatalf("%s: %v", glob, err)
		}
		paths = append(paths, matches...)
	}
	sets := map[string]*templates.Registry{}
	for _, policy := range []v1alpha1.MergePolicy{v1alpha1.PolicyDefault, v1alpha1.PolicyEnforce} {
		var files []templates.File
		for _, p := range paths {
			files = append(files, templates.File{Name: filepath.Base(p), Data: withPolicy(t, p, policy)})
		}
		ts, _, err := templates.LoadFilesWith(files, templates.SecurityPolicy{Platform: templates.LevelPrivileged})
		if err != nil {
			t.Fatalf("%s: %v", policy, err)
		}
		sets["spark-rules-"+string(policy)] = templates.NewRegistry()
		sets["spark-rules-"+string(policy)].Replace(source.Files, ts)
	}
	return sets
}

// withPolicy is the Pod-file template at path with sparkhook.io/policy set.
func withPolicy(t *testing.T, path string, policy v1alpha1.MergePolicy) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pod := map[string]any{}
	if err := yaml.Unmarshal(data, &pod); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	meta, _ := pod["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	if annotations == nil {
		annotations = map[string]any{}
	}
	annotations[v1alpha1.AnnotationPolicy] = string(policy)
	meta["annotations"] = annotations
	out, err := yaml.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
