package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// propagation bounds how long a template change may take to reach
// sparkhook's cache and so the next Pod.
const propagation = 30 * time.Second

// TestTemplateLifecycle registers a SparkPodTemplate through the API server
// and probes with a dry-run Spark driver until the change shows: created,
// it applies to the next Pod; updated, the next Pod gets the new values;
// updated into a broken template, the update is refused and the old values
// stay; deleted, it applies no more. sparkhook is never restarted.
func TestTemplateLifecycle(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "lifecycle", nil)
	tmpl := parseTemplate(t, ns, `
metadata: {name: pool}
spec:
  roles: [driver]
  template:
    metadata: {labels: {team: data}}
    spec: {nodeSelector: {pool: a}}`)
	if err := c.Create(ctx, tmpl); err != nil {
		t.Fatalf("creating the template: %v", err)
	}
	waitForPool := func(want string) {
		t.Helper()
		cluster.Eventually(t, propagation, func() error {
			if got := probeDriver(t, c, ns).Spec.NodeSelector["pool"]; got != want {
				return fmt.Errorf("the next driver has nodeSelector pool=%q, want %q", got, want)
			}
			return nil
		})
	}
	waitForPool("a")
	if got := probeDriver(t, c, ns).Labels["team"]; got != "data" {
		t.Errorf("the next driver has label team=%q, want data", got)
	}

	tmpl.Spec.Template.Raw = []byte(`{"spec": {"nodeSelector": {"pool": "b"}}}`)
	if err := c.Update(ctx, tmpl); err != nil {
		t.Fatalf("updating the template: %v", err)
	}
	waitForPool("b")

	broken := tmpl.DeepCopy()
	broken.Spec.Template.Raw = []byte(`{"spec": {"nodeSelector": {"pool": "c"}, "volumes": [{"name": "pod-template-volume", "emptyDir": {}}]}}`)
	err := c.Update(ctx, broken)
	if err == nil {
		t.Fatal("updating the template into a broken one succeeded")
	}
	containsAll(t, "the error", err.Error(), `admission webhook "sparkpodtemplates.sparkhook.io" denied the request`, "pod-template-volume")
	stored := &v1alpha1.SparkPodTemplate{}
	if err := c.Get(ctx, client.ObjectKeyFromObject(tmpl), stored); err != nil || stored.ResourceVersion != tmpl.ResourceVersion {
		t.Fatalf("after the refused update the stored template is %v (%v), want resourceVersion %s", stored.ResourceVersion, err, tmpl.ResourceVersion)
	}
	waitForPool("b")

	if err := c.Delete(ctx, tmpl); err != nil {
		t.Fatalf("deleting the template: %v", err)
	}
	waitForPool("")
	if applied := probeDriver(t, c, ns).Annotations[v1alpha1.AnnotationApplied]; strings.Contains(applied, ns+"/pool@") {
		t.Errorf("sparkhook.io/applied = %q still names the deleted template", applied)
	}
}

// TestBrokenTemplatesRefused creates templates the registry would refuse:
// each is refused by sparkhook's validating webhook with its reason, and
// nothing is stored.
func TestBrokenTemplatesRefused(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "broken", nil)
	tests := []struct {
		name, yaml string
		want       []string // each in the error
	}{
		{"Spark's reserved volume name", `
spec:
  template:
    spec: {volumes: [{name: pod-template-volume, emptyDir: {}}]}`, []string{"pod-template-volume"}},
		{"sidecar without an image", `
spec:
  sparkContainerName: spark-kubernetes-driver
  template:
    spec: {containers: [{name: log-shipper}]}`, []string{"spec.template.spec.containers", "image"}},
		{"duplicate sidecar names", `
spec:
  template:
    spec: {containers: [{name: a, image: busybox}, {name: a, image: busybox}]}`, []string{"Duplicate value"}},
		{"not a pod template", `
spec:
  template:
    spec: {containers: not-a-list}`, []string{"spec.template", "does not decode as a pod template"}},
		{"invalid selector", `
spec:
  selector: {matchExpressions: [{key: spark-app-name, operator: In}]}`, []string{"spec.selector.matchExpressions[0].values"}},
		{"namespaceSelector outside sparkhook's namespace", `
spec:
  namespaceSelector: {matchLabels: {team: a}}`, []string{"spec.namespaceSelector", "only templates in sparkhook's own namespace"}},
		{"secretEnv clashing with the template's env", `
spec:
  secretEnv: [{name: TOKEN, secret: s, key: k}]
  template:
    spec: {containers: [{name: spark-kubernetes-driver, env: [{name: TOKEN, value: x}]}]}`, []string{"TOKEN"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := parseTemplate(t, ns, tt.yaml)
			tmpl.Name = fmt.Sprintf("broken-%d", i)
			err := c.Create(ctx, tmpl)
			if err == nil {
				t.Fatal("the template was stored")
			}
			containsAll(t, "the error", err.Error(), append([]string{`admission webhook "sparkpodtemplates.sparkhook.io" denied the request`}, tt.want...)...)
			if err := c.Get(ctx, client.ObjectKeyFromObject(tmpl), &v1alpha1.SparkPodTemplate{}); !apierrors.IsNotFound(err) {
				t.Errorf("getting the refused template gave %v, want NotFound", err)
			}
		})
	}
}

// parseTemplate reads a SparkPodTemplate written in YAML (apiVersion, kind
// and namespace filled in).
func parseTemplate(t *testing.T, ns, text string) *v1alpha1.SparkPodTemplate {
	t.Helper()
	tmpl := &v1alpha1.SparkPodTemplate{}
	if err := yaml.UnmarshalStrict([]byte(text), tmpl); err != nil {
		t.Fatalf("template %s: %v", text, err)
	}
	tmpl.Namespace = ns
	return tmpl
}

// probeDriver dry-runs the creation of a Spark 3.5 driver in ns, with extra
// annotations, and returns the Pod the API server would store.
func probeDriver(t *testing.T, c client.Client, ns string, annotations ...string) *corev1.Pod {
	t.Helper()
	pod := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	pod.Namespace = ns
	for i := 0; i+1 < len(annotations); i += 2 {
		if pod.Annotations == nil {
			pod.Annotations = map[string]string{}
		}
		pod.Annotations[annotations[i]] = annotations[i+1]
	}
	if err := c.Create(context.Background(), pod, client.DryRunAll); err != nil {
		t.Fatalf("dry-run creating a driver in %s: %v", ns, err)
	}
	return pod
}
