package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// Overlays, as the README names them.
const (
	overlaySelfManaged = "deploy/overlays/self-managed"
	overlayCertManager = "deploy/overlays/cert-manager"
)

// objects is a rendered overlay.
type objects []*unstructured.Unstructured

func requireKubectl(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("kubectl"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// render runs `kubectl kustomize dir` (dir relative to the repository
// root) and decodes what it prints.
func render(t *testing.T, dir string) objects {
	t.Helper()
	requireKubectl(t)
	out, err := tryKubectl("kustomize", dir)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := decodeAll(strings.NewReader(out))
	if err != nil {
		t.Fatalf("kubectl kustomize %s: %v", dir, err)
	}
	return objs
}

func decodeAll(r io.Reader) (objects, error) {
	var out objects
	dec := utilyaml.NewYAMLOrJSONDecoder(r, 4096)
	for {
		obj := &unstructured.Unstructured{}
		if err := dec.Decode(&obj.Object); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if len(obj.Object) > 0 {
			out = append(out, obj)
		}
	}
}

// get finds the object of kind and name; the test fails without it.
func (objs objects) get(t *testing.T, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	t.Fatalf("no %s %s rendered", kind, name)
	return nil
}

// into converts the object of kind and name to a typed object.
func (objs objects) into(t *testing.T, kind, name string, out any) {
	t.Helper()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(objs.get(t, kind, name).Object, out); err != nil {
		t.Fatalf("%s %s: %v", kind, name, err)
	}
}

func TestOverlaysRender(t *testing.T) {
	tests := []struct {
		overlay, mode string
		checks        func(*testing.T, objects, *appsv1.Deployment)
	}{
		{overlaySelfManaged, "self-managed", checkSelfManaged},
		{overlayCertManager, "cert-manager", checkCertManager},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			objs := render(t, tc.overlay)
			objs.get(t, "Namespace", "sparkhook-system")
			objs.get(t, "ServiceAccount", "sparkhook")
			objs.get(t, "CustomResourceDefinition", "sparkpodtemplates.sparkhook.io")
			dep := &appsv1.Deployment{}
			objs.into(t, "Deployment", "sparkhook", dep)
			checkDeployment(t, dep, tc.mode)
			checkService(t, objs)
			checkWebhooksAsInBase(t, objs)
			checkConfigMaps(t, objs, dep)
			checkRBAC(t, objs)
			tc.checks(t, objs, dep)
		})
	}
}

// checkWebhooksAsInBase: deploy/base/webhooks.yaml stays the one definition
// of the webhooks; overlays add annotations at most.
func checkWebhooksAsInBase(t *testing.T, objs objects) {
	data, err := os.ReadFile(filepath.Join(root, "deploy/base/webhooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base, err := decodeAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range base {
		got := objs.get(t, want.GetKind(), want.GetName())
		if diff := cmp.Diff(want.Object["webhooks"], got.Object["webhooks"]); diff != "" {
			t.Errorf("%s %s differs from deploy/base/webhooks.yaml (-base +rendered):\n%s", want.GetKind(), want.GetName(), diff)
		}
	}
}

func checkService(t *testing.T, objs objects) {
	svc := &corev1.Service{}
	objs.into(t, "Service", "sparkhook", svc)
	ports := map[string]string{}
	for _, p := range svc.Spec.Ports {
		ports[p.Name] = fmt.Sprintf("%d->%s", p.Port, p.TargetPort.String())
	}
	want := map[string]string{"https": "443->webhook", "metrics": "8080->metrics"}
	if diff := cmp.Diff(want, ports); diff != "" {
		t.Errorf("Service ports (-want +got):\n%s", diff)
	}
}

// checkConfigMaps: the --config file is mounted from the generated
// ConfigMap, and the example templates' ConfigMap holds every example.
func checkConfigMaps(t *testing.T, objs objects, dep *appsv1.Deployment) {
	var configName string
	for _, v := range dep.Spec.Template.Spec.Volumes {
		if v.Name == "config" && v.ConfigMap != nil {
			configName = v.ConfigMap.Name
		}
	}
	cm := &corev1.ConfigMap{}
	objs.into(t, "ConfigMap", configName, cm)
	example, err := os.ReadFile(filepath.Join(root, "deploy/examples/config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cm.Data["config.yaml"] != string(example) {
		t.Errorf("ConfigMap %s does not hold deploy/examples/config.yaml", configName)
	}
	templates := &corev1.ConfigMap{}
	objs.into(t, "ConfigMap", "sparkhook-example-templates", templates)
	files, err := filepath.Glob(filepath.Join(root, "deploy/examples/templates/*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, f := range files {
		want = append(want, filepath.Base(f))
	}
	for k := range templates.Data {
		got = append(got, k)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sparkhook-example-templates keys differ from deploy/examples/templates (add the file to deploy/examples/kustomization.yaml) (-files +keys):\n%s", diff)
	}
}

// TestExampleTemplatesComponent renders an overlay of the self-managed one
// with the example-templates component, as the README tells users to, and
// checks the Deployment serves the examples from the ConfigMap.
func TestExampleTemplatesComponent(t *testing.T) {
	requireKubectl(t)
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(filepath.Join(root, "tmp"), "overlay-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	kustomization := "resources: [../../deploy/overlays/self-managed]\ncomponents: [../../deploy/components/example-templates]\n"
	if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(kustomization), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	dep := &appsv1.Deployment{}
	render(t, rel).into(t, "Deployment", "sparkhook", dep)
	spec := dep.Spec.Template.Spec
	if !slices.Contains(spec.Containers[0].Args, "--templates=/etc/sparkhook/templates") {
		t.Errorf("args %q lack --templates", spec.Containers[0].Args)
	}
	if i := slices.IndexFunc(spec.Volumes, func(v corev1.Volume) bool { return v.Name == "example-templates" }); i < 0 ||
		spec.Volumes[i].ConfigMap == nil || spec.Volumes[i].ConfigMap.Name != "sparkhook-example-templates" {
		t.Errorf("no volume example-templates from ConfigMap sparkhook-example-templates: %+v", spec.Volumes)
	}
}
