package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// webhooksFile is the one definition of sparkhook's webhook configurations.
const webhooksFile = "deploy/base/webhooks.yaml"

// TestWebhookConfigurationsAsDeployed checks that what the API server holds
// is deploy/base/webhooks.yaml with only the client configuration changed:
// every field the file sets (rules, objectSelector, namespaceSelector,
// matchConditions, reinvocationPolicy, failurePolicy, timeouts...) is
// stored as written, and each webhook is called at sparkhook's loopback
// address with envtest's CA.
func TestWebhookConfigurationsAsDeployed(t *testing.T) {
	c, _ := newClient(t)
	data, err := os.ReadFile(filepath.Join(root, webhooksFile))
	if err != nil {
		t.Fatal(err)
	}
	docs := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	seen := 0
	for {
		want := &unstructured.Unstructured{}
		if err := docs.Decode(&want.Object); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("%s: %v", webhooksFile, err)
		}
		seen++
		t.Run(want.GetKind(), func(t *testing.T) {
			got := &unstructured.Unstructured{}
			got.SetGroupVersionKind(want.GroupVersionKind())
			if err := c.Get(context.Background(), client.ObjectKey{Name: want.GetName()}, got); err != nil {
				t.Fatalf("the installed %s: %v", want.GetKind(), err)
			}
			wantHooks, _, _ := unstructured.NestedSlice(want.Object, "webhooks")
			gotHooks, _, _ := unstructured.NestedSlice(got.Object, "webhooks")
			if len(gotHooks) != len(wantHooks) {
				t.Fatalf("%d webhooks installed, %s has %d", len(gotHooks), webhooksFile, len(wantHooks))
			}
			for i := range wantHooks {
				w, g := wantHooks[i].(map[string]any), gotHooks[i].(map[string]any)
				checkClientConfig(t, w, g)
				delete(w, "clientConfig")
				for _, problem := range notSubset(fmt.Sprintf("webhooks[%v]", w["name"]), asJSON(t, w), asJSON(t, g)) {
					t.Error(problem)
				}
			}
		})
	}
	if seen != 2 {
		t.Errorf("%s holds %d documents, want a mutating and a validating configuration", webhooksFile, seen)
	}
}

// checkClientConfig checks that a webhook is called at sparkhook's loopback
// port on the file's path, trusting envtest's CA.
func checkClientConfig(t *testing.T, want, got map[string]any) {
	t.Helper()
	path, _, _ := unstructured.NestedString(want, "clientConfig", "service", "path")
	url, _, _ := unstructured.NestedString(got, "clientConfig", "url")
	ca, _, _ := unstructured.NestedString(got, "clientConfig", "caBundle")
	opts := env.Env.WebhookInstallOptions
	prefix := fmt.Sprintf("https://%s:%d/", opts.LocalServingHost, opts.LocalServingPort)
	if !strings.HasPrefix(url, prefix) || !strings.HasSuffix(url, path) || path == "" {
		t.Errorf("webhook %v: clientConfig.url = %q, want %s…%s", want["name"], url, prefix, path)
	}
	if ca == "" {
		t.Errorf("webhook %v: no caBundle", want["name"])
	}
}

// asJSON is v as encoding/json decodes it, so that numbers from YAML and
// from the API server compare equal.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// notSubset lists where want (decoded JSON) is not contained in got: every
// map key of want must be in got with a contained value, lists must have
// the same length and contained elements, and scalars must be equal. got
// may have more (the API server's defaults).
func notSubset(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: installed %v, want %v", path, got, want)}
		}
		var out []string
		for k, v := range w {
			out = append(out, notSubset(path+"."+k, v, g[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: installed %v, want %v", path, got, want)}
		}
		var out []string
		for i := range w {
			out = append(out, notSubset(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: installed %v, want %v", path, got, want)}
	}
	return nil
}

// TestNonSparkObjectsNeverReachSparkhook creates Pods and ConfigMaps that
// the webhook configurations' objectSelector, namespaceSelector and
// matchConditions keep away from sparkhook, each followed by one that must
// reach it, and counts the admission requests sparkhook answered on that
// path (controller_runtime_webhook_requests_total on its /metrics): exactly
// one, the second object's. Pods it never sees are stored untouched.
func TestNonSparkObjectsNeverReachSparkhook(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "non-spark", nil)
	driver := func(ns string) client.Object {
		pod := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
		pod.Namespace = ns
		return pod
	}
	props := func(ns string, data map[string]string) client.Object {
		return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cm-" + fmt.Sprint(time.Now().UnixNano()), Namespace: ns}, Data: data}
	}
	valid := map[string]string{webhook.SparkPropertiesKey: "spark.executor.memory=4g\n"}
	tests := []struct {
		name    string
		object  client.Object
		path    string
		reaches client.Object // an object that does reach sparkhook on path
	}{
		{"Pod without labels", plainPod(ns, nil), webhook.PathMutatePod, driver(ns)},
		{"Pod with spark-role=submitter", plainPod(ns, map[string]string{"spark-role": "submitter"}), webhook.PathMutatePod, driver(ns)},
		{"Pod with Spark labels but spark-role", plainPod(ns, map[string]string{"spark-app-selector": "spark-1", "spark-app-name": "x"}), webhook.PathMutatePod, driver(ns)},
		{"Spark driver in kube-system", driver("kube-system"), webhook.PathMutatePod, driver(ns)},
		{"Spark driver in sparkhook's namespace", driver(env.Namespace), webhook.PathMutatePod, driver(ns)},
		{"ConfigMap without spark.properties", props(ns, map[string]string{"app.conf": "spark.executor.memory=nonsense"}), webhook.PathValidateConfigMap, props(ns, valid)},
		{"ConfigMap without data", props(ns, nil), webhook.PathValidateConfigMap, props(ns, valid)},
		{"spark.properties in sparkhook's namespace", props(env.Namespace, map[string]string{webhook.SparkPropertiesKey: "spark.executor.memory=nonsense"}), webhook.PathValidateConfigMap, props(ns, valid)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := requests(t, tt.path)
			if err := c.Create(ctx, tt.object); err != nil {
				t.Fatalf("creating the object: %v", err)
			}
			if pod, ok := tt.object.(*corev1.Pod); ok && len(pod.Annotations) > 0 {
				t.Errorf("Pod stored with annotations %v, want it untouched", pod.Annotations)
			}
			if err := c.Create(ctx, tt.reaches, client.DryRunAll); err != nil {
				t.Fatalf("creating the object that reaches sparkhook: %v", err)
			}
			cluster.Eventually(t, 5*time.Second, func() error {
				if n := requests(t, tt.path) - before; n != 1 {
					return fmt.Errorf("sparkhook answered %v requests on %s, want 1 (the second object's)", n, tt.path)
				}
				return nil
			})
		})
	}
}

// plainPod is a Pod that is not Spark's.
func plainPod(ns string, labels map[string]string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "plain-", Namespace: ns, Labels: labels},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example.com/app:1"}}},
	}
}

// requests is how many admission requests sparkhook has answered on path.
func requests(t *testing.T, path string) float64 {
	t.Helper()
	n, err := env.Sparkhook.WebhookRequests(context.Background(), path)
	if err != nil {
		t.Fatalf("reading sparkhook's metrics: %v", err)
	}
	return n
}
