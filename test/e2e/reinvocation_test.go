package e2e

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// meshProxy is the container the second webhook injects.
var meshProxy = corev1.Container{Name: "mesh-proxy", Image: "registry.example.com/mesh/proxy:1.0"}

// TestReinvocation installs a second mutating webhook, served by the test
// on loopback, that runs after sparkhook (configurations run in name order)
// and adds a container, as a service mesh or secrets injector does. With
// reinvocationPolicy: IfNeeded the API server calls sparkhook again on the
// changed Pod: the stored Pod is the golden Pod plus the injected
// container, nothing duplicated, the golden warnings sent once.
func TestReinvocation(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "reinvoke", nil)
	var injected atomic.Int32
	installInjector(t, c, ns, &injected)
	cluster.Eventually(t, propagation, func() error {
		if names := containerNames(probeDriver(t, c, ns).Spec.Containers); !slices.Contains(names, meshProxy.Name) {
			return fmt.Errorf("containers %v: the injector is not called yet", names)
		}
		return nil
	})

	before := requests(t, webhook.PathMutatePod)
	injected.Store(0)
	warned.take()
	pod := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	pod.Namespace = ns
	if err := c.Create(ctx, pod); err != nil {
		t.Fatalf("creating the driver: %v", err)
	}
	gotWarnings := warned.take()
	cluster.Eventually(t, 5*time.Second, func() error {
		if n := requests(t, webhook.PathMutatePod) - before; n != 2 {
			return fmt.Errorf("sparkhook answered %v requests for the Pod, want 2: the first call and the reinvocation", n)
		}
		return nil
	})
	if n := injected.Load(); n != 1 {
		t.Errorf("the injector was called %d times, want once (sparkhook's second call changes nothing)", n)
	}

	want, wantWarnings := readGolden(t, filepath.Join(root, goldenDir, "spark-3.5-driver.yaml"))
	qualifyTemplateNames(want, wantWarnings)
	want.Spec.Containers = append(want.Spec.Containers, meshProxy)
	want.Namespace = env.Namespace // no webhook there: the API server's defaults only
	if err := c.Create(ctx, want, client.DryRunAll); err != nil {
		t.Fatalf("dry-run creating the expected Pod: %v", err)
	}
	if diff := cmp.Diff(normalized(want), normalized(pod)); diff != "" {
		t.Errorf("stored Pod differs from the golden Pod plus %s (-want +stored):\n%s", meshProxy.Name, diff)
	}
	if diff := cmp.Diff(wantWarnings, gotWarnings); diff != "" {
		t.Errorf("warnings (-golden +received):\n%s", diff)
	}
}

// installInjector serves the second webhook and installs its configuration,
// limited to namespace ns; both are removed when the test ends. calls counts
// the Pods it changed.
func installInjector(t *testing.T, c client.Client, ns string, calls *atomic.Int32) {
	t.Helper()
	inject := admission.HandlerFunc(func(_ context.Context, req admission.Request) admission.Response {
		pod := &corev1.Pod{}
		if err := json.Unmarshal(req.Object.Raw, pod); err != nil {
			return admission.Errored(http.StatusBadRequest, err)
		}
		if slices.Contains(containerNames(pod.Spec.Containers), meshProxy.Name) {
			return admission.Allowed("already injected")
		}
		calls.Add(1)
		pod.Spec.Containers = append(pod.Spec.Containers, meshProxy)
		mutated, err := json.Marshal(pod)
		if err != nil {
			return admission.Errored(http.StatusInternalServerError, err)
		}
		return admission.PatchResponseFromRaw(req.Object.Raw, mutated)
	})
	srv := httptest.NewTLSServer(&admission.Webhook{Handler: inject})
	t.Cleanup(srv.Close)
	caBundle := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	cfg := &admissionregistrationv1.MutatingWebhookConfiguration{
		// After "sparkhook": the API server runs configurations in name order.
		ObjectMeta: metav1.ObjectMeta{Name: "zz-e2e-mesh-injector-" + ns},
		Webhooks: []admissionregistrationv1.MutatingWebhook{{
			Name:                    "mesh-injector.e2e.sparkhook.io",
			ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: ptr.To(srv.URL + "/inject"), CABundle: caBundle},
			Rules:                   []admissionregistrationv1.RuleWithOperations{podCreate()},
			NamespaceSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{corev1.LabelMetadataName: ns}},
			ReinvocationPolicy:      ptr.To(admissionregistrationv1.IfNeededReinvocationPolicy),
			FailurePolicy:           ptr.To(admissionregistrationv1.Fail),
			SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
			AdmissionReviewVersions: []string{"v1"},
			TimeoutSeconds:          ptr.To[int32](5),
		}},
	}
	if err := c.Create(context.Background(), cfg); err != nil {
		t.Fatalf("installing the injector: %v", err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), cfg) })
}

// podCreate is the rule for Pod creation.
func podCreate() admissionregistrationv1.RuleWithOperations {
	return admissionregistrationv1.RuleWithOperations{
		Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
		Rule: admissionregistrationv1.Rule{
			APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"},
			Scope: ptr.To(admissionregistrationv1.NamespacedScope),
		},
	}
}
