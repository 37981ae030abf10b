package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// parityCases pair each way deploy/ installs sparkhook with the chart's
// values for the same installation.
var parityCases = []struct {
	name string
	// overlay is the kustomize overlay; withTemplates adds the
	// example-templates component to it, as the README says.
	overlay       string
	withTemplates bool
	// values are the chart's --set values equivalent to it.
	values []string
}{
	{name: "self-managed", overlay: overlaySelfManaged, values: []string{"certificates.mode=self-managed"}},
	{name: "cert-manager", overlay: overlayCertManager, values: []string{"certificates.mode=cert-manager"}},
	{
		name: "self-managed with example templates", overlay: overlaySelfManaged, withTemplates: true,
		values: []string{"certificates.mode=self-managed", "exampleTemplates.enabled=true"},
	},
	{
		name: "cert-manager with example templates", overlay: overlayCertManager, withTemplates: true,
		values: []string{"certificates.mode=cert-manager", "exampleTemplates.enabled=true"},
	},
}

// TestChartMatchesKustomize holds the chart to deploy/, the one definition
// of what sparkhook installs: for each overlay, `helm template` with the
// equivalent values must render the same objects — kinds, names and every
// field (RBAC rules, webhooks, the Deployment, Service, PDB, ConfigMaps, the
// CRD) — but for what legitimately differs (normalizeKustomize,
// normalizeChart). When deploy/ changes, this test says what the chart must
// follow.
func TestChartMatchesKustomize(t *testing.T) {
	for _, tc := range parityCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.overlay
			if tc.withTemplates {
				dir = overlayWithComponent(t, tc.overlay)
			}
			want := byKey(t, normalizeKustomize(t, render(t, dir), tc.withTemplates))
			got := byKey(t, normalizeChart(t, renderChart(t, tc.values...)))
			if diff := cmp.Diff(sortedKeys(want), sortedKeys(got)); diff != "" {
				t.Fatalf("objects (-kustomize +chart):\n%s", diff)
			}
			for key, w := range want {
				if diff := cmp.Diff(w.Object, got[key].Object); diff != "" {
					t.Errorf("%s (-kustomize +chart):\n%s", key, diff)
				}
			}
		})
	}
}

// TestChartFilesMatchDeploy: the chart's copies of deploy/'s files (Helm
// reads files only from inside the chart) are the same bytes.
func TestChartFilesMatchDeploy(t *testing.T) {
	pairs := map[string]string{
		"deploy/crd/sparkhook.io_sparkpodtemplates.yaml": chartDir + "/crds/sparkhook.io_sparkpodtemplates.yaml",
	}
	examples, err := filepath.Glob(filepath.Join(root, "deploy/examples/templates/*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	copies, err := filepath.Glob(filepath.Join(root, chartDir, "files/example-templates/*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != len(examples) {
		t.Errorf("%d example templates in the chart, %d in deploy/examples/templates", len(copies), len(examples))
	}
	for _, f := range examples {
		pairs["deploy/examples/templates/"+filepath.Base(f)] = chartDir + "/files/example-templates/" + filepath.Base(f)
	}
	for src, dst := range pairs {
		want, err := os.ReadFile(filepath.Join(root, src))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(filepath.Join(root, dst)); err != nil || string(got) != string(want) {
			t.Errorf("%s is not a copy of %s (%v): cp %s %s", dst, src, err, src, dst)
		}
	}
}

// overlayWithComponent writes, under tmp/, an overlay of overlay with the
// example-templates component, and returns its directory relative to the
// repository root.
func overlayWithComponent(t *testing.T, overlay string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(filepath.Join(root, "tmp"), "overlay-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	k := "resources: [../../" + overlay + "]\ncomponents: [../../deploy/components/example-templates]\n"
	if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(k), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// configHash is the suffix kustomize's configMapGenerator gives
// sparkhook-config.
var configHash = regexp.MustCompile(`^(sparkhook-config)-[a-z0-9]{10}$`)

// normalizeKustomize removes from kustomize's output what the chart
// legitimately does otherwise:
//   - the Namespace: a chart installs into its release's namespace, which
//     `helm install --create-namespace` (or the user) creates;
//   - the example templates' ConfigMap when they are not served: the chart
//     renders it only with exampleTemplates.enabled;
//   - the hash suffix of sparkhook-config: the chart rolls the Deployment
//     with a checksum annotation instead of a new name;
//   - the CRD's labels: Helm installs crds/ as they are, untemplated;
//   - app.kubernetes.io/part-of (see partOf).
func normalizeKustomize(t *testing.T, objs objects, withTemplates bool) objects {
	t.Helper()
	var out objects
	for _, o := range objs {
		switch {
		case o.GetKind() == "Namespace":
			continue
		case o.GetKind() == "ConfigMap" && o.GetName() == "sparkhook-example-templates" && !withTemplates:
			continue
		case o.GetKind() == "CustomResourceDefinition":
			o.SetLabels(nil)
		}
		dropLabels(o, partOf)
		if o.GetKind() == "ConfigMap" {
			o.SetName(configHash.ReplaceAllString(o.GetName(), "$1"))
		}
		if o.GetKind() == "Deployment" {
			renameConfigVolume(t, o)
		}
		out = append(out, o)
	}
	return parseConfigFile(t, out)
}

// helmLabels are the labels Helm's conventions add to every object.
var helmLabels = []string{"helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance", "app.kubernetes.io/version"}

// partOf is set by the chart on every object, by deploy/ on its base's only
// (kustomize's labels transformer in deploy/base): it is compared on
// neither side.
const partOf = "app.kubernetes.io/part-of"

// dropLabels removes keys from o's labels.
func dropLabels(o *unstructured.Unstructured, keys ...string) {
	labels := o.GetLabels()
	for _, k := range keys {
		delete(labels, k)
	}
	o.SetLabels(labels)
}

// normalizeChart removes from the chart's output what deploy/ does not
// have: Helm's labels, and the checksum annotation that rolls the
// Deployment when the --config file changes.
func normalizeChart(t *testing.T, objs objects) objects {
	t.Helper()
	for _, o := range objs {
		dropLabels(o, append(helmLabels, partOf)...)
		if o.GetKind() == "Deployment" {
			unstructured.RemoveNestedField(o.Object, "spec", "template", "metadata", "annotations", "checksum/config")
		}
	}
	return parseConfigFile(t, objs)
}

// renameConfigVolume drops the hash suffix from the Deployment's reference
// to sparkhook-config.
func renameConfigVolume(t *testing.T, dep *unstructured.Unstructured) {
	t.Helper()
	volumes, _, err := unstructured.NestedSlice(dep.Object, "spec", "template", "spec", "volumes")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range volumes {
		if cm, ok := v.(map[string]any)["configMap"].(map[string]any); ok {
			cm["name"] = configHash.ReplaceAllString(cm["name"].(string), "$1")
		}
	}
	if err := unstructured.SetNestedSlice(dep.Object, volumes, "spec", "template", "spec", "volumes"); err != nil {
		t.Fatal(err)
	}
}

// parseConfigFile replaces the --config file's text by what it holds: the
// chart writes the same settings from its values, without deploy/'s
// comments.
func parseConfigFile(t *testing.T, objs objects) objects {
	t.Helper()
	for _, o := range objs {
		if o.GetKind() != "ConfigMap" || o.GetName() != "sparkhook-config" {
			continue
		}
		text, _, _ := unstructured.NestedString(o.Object, "data", "config.yaml")
		var parsed any
		if err := yaml.Unmarshal([]byte(text), &parsed); err != nil {
			t.Fatalf("sparkhook-config: %v", err)
		}
		o.Object["data"] = map[string]any{"config.yaml": parsed}
	}
	return objs
}

// byKey indexes objects by kind, namespace and name; a duplicate fails.
func byKey(t *testing.T, objs objects) map[string]*unstructured.Unstructured {
	t.Helper()
	out := map[string]*unstructured.Unstructured{}
	for _, o := range objs {
		key := strings.Join([]string{o.GetKind(), o.GetNamespace(), o.GetName()}, "/")
		if _, dup := out[key]; dup {
			t.Errorf("%s rendered twice", key)
		}
		out[key] = o
	}
	return out
}

func sortedKeys(m map[string]*unstructured.Unstructured) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
