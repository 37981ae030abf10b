package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// The chart, as the README's Helm section names it, and the release the
// tests install.
const (
	chartDir = "charts/sparkhook"
	release  = "sparkhook"
)

// helmBinary is bin/helm (make helm), or $HELM. Without it the chart tests
// are skipped, except in CI (CI set), where make test builds it first.
func helmBinary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HELM")
	if path == "" {
		path = filepath.Join(root, "bin", "helm")
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("helm: %v (make helm builds it)", err)
		}
		t.Skipf("helm: %v (make helm builds it)", err)
	}
	return path
}

// helm runs helm with args in the repository root against the test
// cluster (when there is one), and returns its standard output.
func helm(t *testing.T, args ...string) string {
	t.Helper()
	out, err := tryHelm(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tryHelm(t *testing.T, args ...string) (string, error) {
	t.Helper()
	bin := helmBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = root
	// Helm's caches and settings in a directory of the test's own, never
	// the user's.
	home := filepath.Join(os.TempDir(), "sparkhook-test-helm")
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+home+"/cache", "HELM_CONFIG_HOME="+home+"/config", "HELM_DATA_HOME="+home+"/data")
	if env != nil {
		cmd.Env = append(cmd.Env, "KUBECONFIG="+env.Kubeconfig)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("helm %s: %w\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// setFlags turns values (key=value) into helm's --set flags.
func setFlags(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, "--set", v)
	}
	return out
}

// renderChart runs `helm template` of the chart into namespace with the CRD,
// and decodes what it prints.
func renderChart(t *testing.T, values ...string) objects {
	t.Helper()
	args := append([]string{"template", release, chartDir, "--namespace", namespace, "--include-crds"}, setFlags(values)...)
	objs, err := decodeAll(strings.NewReader(helm(t, args...)))
	if err != nil {
		t.Fatalf("helm template: %v", err)
	}
	return objs
}

// TestHelmLint: the chart passes `helm lint --strict` in both certificate
// modes, with and without the example templates.
func TestHelmLint(t *testing.T) {
	tests := []struct {
		name   string
		values []string
	}{
		{name: "defaults"},
		{name: "cert-manager", values: []string{"certificates.mode=cert-manager"}},
		{name: "example templates, one replica", values: []string{"exampleTemplates.enabled=true", "replicas=1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			helm(t, append([]string{"lint", "--strict", chartDir}, setFlags(tc.values)...)...)
		})
	}
}

// TestHelmTemplate renders the chart with values a user would set and
// checks that each reaches its object; the schema refuses values that
// would not.
func TestHelmTemplate(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		// check inspects the rendered objects.
		check func(*testing.T, objects)
		// refused: the schema or a template refuses the values with an
		// error holding this text.
		refused string
	}{
		{name: "self-managed", check: func(t *testing.T, objs objects) {
			checkKinds(t, objs, map[string]int{"Role": 1, "ClusterRole": 2, "Issuer": 0, "Certificate": 0, "PodDisruptionBudget": 1})
		}},
		{name: "cert-manager", values: []string{"certificates.mode=cert-manager"}, check: func(t *testing.T, objs objects) {
			checkKinds(t, objs, map[string]int{"Role": 1, "ClusterRole": 1, "Issuer": 2, "Certificate": 2, "PodDisruptionBudget": 1})
		}},
		{name: "settings", values: []string{
			"replicas=1", "webhooks.pods.failurePolicy=Ignore", "webhooks.timeoutSeconds=3",
			"webhooks.excludeNamespaces={kube-system,monitoring}", "image.repository=registry.example.com/sparkhook",
			"image.tag=v1.2.3", "image.pullPolicy=IfNotPresent", "resources.limits.memory=512Mi",
			"config.prometheus.executor.enabled=Always",
		}, check: checkSettings},
		{name: "unknown value", values: []string{"replica=3"}, refused: "replica"},
		{name: "unknown mode", values: []string{"certificates.mode=files"}, refused: "certificates.mode"},
		{name: "bad failure policy", values: []string{"webhooks.pods.failurePolicy=Retry"}, refused: "failurePolicy"},
		{name: "no replica", values: []string{"replicas=0"}, refused: "replicas"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.refused != "" {
				args := append([]string{"template", release, chartDir, "--namespace", namespace}, setFlags(tc.values)...)
				_, err := tryHelm(t, args...)
				if err == nil || !strings.Contains(err.Error(), tc.refused) {
					t.Errorf("helm template with %v: %v, want an error about %s", tc.values, err, tc.refused)
				}
				return
			}
			tc.check(t, renderChart(t, tc.values...))
		})
	}
}

// checkKinds counts the rendered objects of each kind in want.
func checkKinds(t *testing.T, objs objects, want map[string]int) {
	t.Helper()
	got := map[string]int{}
	for kind := range want {
		got[kind] = 0
	}
	for _, o := range objs {
		if _, ok := want[o.GetKind()]; ok {
			got[o.GetKind()]++
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects by kind (-want +got):\n%s", diff)
	}
}

// checkSettings: the values of TestHelmTemplate's "settings" case, each
// where it belongs.
func checkSettings(t *testing.T, objs objects) {
	t.Helper()
	dep := &appsv1.Deployment{}
	objs.into(t, "Deployment", "sparkhook", dep)
	c := dep.Spec.Template.Spec.Containers[0]
	m := &admissionregistrationv1.MutatingWebhookConfiguration{}
	objs.into(t, "MutatingWebhookConfiguration", "sparkhook", m)
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	objs.into(t, "ValidatingWebhookConfiguration", "sparkhook", v)
	cm := &corev1.ConfigMap{}
	objs.into(t, "ConfigMap", "sparkhook-config", cm)
	var config map[string]any
	if err := yaml.Unmarshal([]byte(cm.Data["config.yaml"]), &config); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{
		"replicas":    *dep.Spec.Replicas,
		"image":       c.Image,
		"pullPolicy":  string(c.ImagePullPolicy),
		"memoryLimit": c.Resources.Limits.Memory().String(),
		"pods":        string(*m.Webhooks[0].FailurePolicy),
		"configMaps":  string(*v.Webhooks[0].FailurePolicy),
		"timeouts":    []int32{*m.Webhooks[0].TimeoutSeconds, *v.Webhooks[0].TimeoutSeconds, *v.Webhooks[1].TimeoutSeconds},
		"excluded":    m.Webhooks[0].NamespaceSelector.MatchExpressions[0].Values,
		"executor":    config["prometheus"].(map[string]any)["executor"],
		"pdb":         len(objs.kind("PodDisruptionBudget")),
	}
	want := map[string]any{
		"replicas": int32(1), "image": "registry.example.com/sparkhook:v1.2.3", "pullPolicy": "IfNotPresent",
		"memoryLimit": "512Mi", "pods": "Ignore", "configMaps": "Fail", "timeouts": []int32{3, 3, 3},
		"excluded": []string{"kube-system", "monitoring", namespace},
		"executor": map[string]any{"enabled": "Always", "path": "/metrics"},
		"pdb":      0,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rendered settings (-want +got):\n%s", diff)
	}
}

// kind is every object of kind.
func (objs objects) kind(kind string) objects {
	var out objects
	for _, o := range objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

// TestHelmTemplateOtherNamespace: installed into another namespace, no
// object names sparkhook-system — not the Service the webhooks call, the
// certificate's names, the ServiceAccount subjects nor sparkhook's
// --namespace.
func TestHelmTemplateOtherNamespace(t *testing.T) {
	for _, mode := range []string{"self-managed", "cert-manager"} {
		t.Run(mode, func(t *testing.T) {
			out := helm(t, "template", release, chartDir, "--namespace", "spark-platform", "--set", "certificates.mode="+mode)
			if strings.Contains(out, namespace) {
				t.Errorf("rendered into spark-platform, the chart still names %s:\n%s", namespace, out)
			}
		})
	}
}
