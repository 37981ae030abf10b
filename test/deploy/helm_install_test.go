package deploy

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// crdName is the SparkPodTemplate CRD, which the chart installs from crds/
// and Helm never deletes.
const crdName = "sparkpodtemplates.sparkhook.io"

// helmModes are the chart's certificate modes, each with how the test
// stands in for what a cluster would do to get sparkhook serving behind the
// installed objects.
var helmModes = []struct {
	name   string
	values []string
	serve  func(*testing.T, client.Client) *replica
}{
	{name: "self-managed", values: []string{"certificates.mode=self-managed"}, serve: serveSelfManaged},
	{name: "cert-manager", values: []string{"certificates.mode=cert-manager"}, serve: serveCertManager},
}

// TestHelmInstallUpgradeUninstall installs the chart with helm into the
// test's kube-apiserver, in each certificate mode, after removing what
// deploy/'s tests installed (the two would own the same names). There is no
// kubelet: sparkhook runs as a local process with the installed
// Deployment's arguments, ConfigMap and ServiceAccount, the Service routed
// to it (route). A Spark driver created through the API server must come
// back mutated; `helm upgrade` must apply changed values and keep the CA
// bundle; `helm uninstall` must leave nothing of the chart's but the CRD.
func TestHelmInstallUpgradeUninstall(t *testing.T) {
	requireCluster(t)
	helmBinary(t)
	installCertManagerCRDs(t)
	c := adminClient(t)
	ensureNamespace(t, c, namespace)
	removeKustomizeInstall(t, c)
	// Leave deploy/'s installation for the tests after this one.
	t.Cleanup(func() { command(t, installSelfManaged) })
	for _, mode := range helmModes {
		t.Run(mode.name, func(t *testing.T) {
			helm(t, append([]string{"install", release, chartDir, "--namespace", namespace}, setFlags(mode.values)...)...)
			// A failed case leaves no release behind for the next one.
			t.Cleanup(func() { tryHelm(t, "uninstall", release, "--namespace", namespace, "--ignore-not-found") })
			installed := releaseObjects(t)
			checkExist(t, c, installed)
			r := mode.serve(t, c)
			ensureTemplate(t, c, r)
			ctx := context.Background()
			if err := createSparkPod(ctx, c); err != nil {
				t.Fatal(err)
			}

			upgrade(t, c, r)
			if err := createSparkPod(ctx, c); err != nil {
				t.Fatalf("after the upgrade: %v", err)
			}

			if err := r.Stop(10 * time.Second); err != nil {
				t.Fatal(err)
			}
			helm(t, "uninstall", release, "--namespace", namespace)
			checkUninstalled(t, c, installed)
		})
	}
}

// upgrade runs `helm upgrade` with three replicas and failurePolicy Ignore
// for Pods and checks both reach the cluster while the CA bundle stays.
func upgrade(t *testing.T, c client.Client, r *replica) {
	t.Helper()
	bundles := caBundles(t, c)
	unroute(t, c)
	helm(t, "upgrade", release, chartDir, "--namespace", namespace, "--reuse-values",
		"--set", "replicas=3", "--set", "webhooks.pods.failurePolicy=Ignore")
	ctx := context.Background()
	dep := &appsv1.Deployment{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: "sparkhook"}, dep); err != nil {
		t.Fatal(err)
	}
	m := &admissionregistrationv1.MutatingWebhookConfiguration{}
	if err := c.Get(ctx, client.ObjectKey{Name: configName}, m); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"replicas": *dep.Spec.Replicas, "failurePolicy": *m.Webhooks[0].FailurePolicy, "caBundles": caBundles(t, c)}
	want := map[string]any{"replicas": int32(3), "failurePolicy": admissionregistrationv1.Ignore, "caBundles": bundles}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after helm upgrade (-want +got):\n%s", diff)
	}
	route(t, c, r.Port)
}

// serveSelfManaged starts sparkhook from no Secret: it must make its CA,
// publish the bundle into the chart's webhook configurations and turn
// ready.
func serveSelfManaged(t *testing.T, c client.Client) *replica {
	t.Helper()
	err := c.Delete(context.Background(), &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: secretName}})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	r := startInstalled(t, c)
	route(t, c, r.Port)
	if err := r.WaitReadyWithin(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	return r
}

// serveCertManager plays cert-manager: a serving certificate where the
// Certificate's Secret would be mounted, its CA in the webhooks (cainjector)
// and the Certificate marked Ready, then starts sparkhook on it.
func serveCertManager(t *testing.T, c client.Client) *replica {
	t.Helper()
	dir := t.TempDir()
	if err := certs.DevelopmentCerts(dir, []string{serviceHost}, time.Hour); err != nil {
		t.Fatal(err)
	}
	ca, err := os.ReadFile(filepath.Join(dir, certs.FileCA))
	if err != nil {
		t.Fatal(err)
	}
	editWebhooks(t, c, func(cc *admissionregistrationv1.WebhookClientConfig) { cc.CABundle = ca })
	markReady(t, time.Now().Add(time.Hour).UTC().Truncate(time.Second))
	r := startInstalled(t, c, "--cert-dir="+dir)
	route(t, c, r.Port)
	if err := r.WaitReadyWithin(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	return r
}

// startInstalled runs sparkhook as a replica of the installed Deployment
// would run: its arguments, the installed --config ConfigMap's file, the
// ServiceAccount's identity, a loopback port. extra flags come last and win.
func startInstalled(t *testing.T, c client.Client, extra ...string) *replica {
	t.Helper()
	ctx := context.Background()
	dep := &appsv1.Deployment{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: "sparkhook"}, dep); err != nil {
		t.Fatal(err)
	}
	cm := &corev1.ConfigMap{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: "sparkhook-config"}, cm); err != nil {
		t.Fatal(err)
	}
	r := &replica{Port: cluster.TestPort(t), CertDir: t.TempDir()}
	config := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(config, []byte(cm.Data["config.yaml"]), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(dep.Spec.Template.Spec.Containers[0].Args),
		"--kubeconfig="+serviceAccountKubeconfig(t), "--cert-dir="+r.CertDir, "--config="+config,
		"--host=127.0.0.1", "--port="+strconv.Itoa(r.Port), "--zap-devel", "--shutdown-delay=0s")
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	p, err := env.RunSparkhook(cluster.RunOptions{Binary: binary, Args: append(args, extra...), Name: name})
	if err != nil {
		t.Fatal(err)
	}
	r.Process = p
	t.Cleanup(func() {
		if err := p.Stop(10 * time.Second); err != nil {
			t.Errorf("stopping sparkhook: %v", err)
		}
		if t.Failed() || os.Getenv("SPARKHOOK_TEST_LOGS") != "" {
			t.Logf("sparkhook's log ends:\n%s", p.LogTail(80))
		}
	})
	return r
}

// unroute undoes route: the Service and the webhooks as the chart has them,
// so that helm's server-side apply meets no field another manager changed.
func unroute(t *testing.T, c client.Client) {
	t.Helper()
	ctx := context.Background()
	svc := &corev1.Service{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: "sparkhook"}, svc); err != nil {
		t.Fatal(err)
	}
	svc.Spec = corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Ports: svc.Spec.Ports,
		Selector: map[string]string{"app.kubernetes.io/name": "sparkhook"}}
	if err := c.Update(ctx, svc); err != nil {
		t.Fatalf("restoring the Service: %v", err)
	}
	editWebhooks(t, c, func(cc *admissionregistrationv1.WebhookClientConfig) { cc.Service.Port = ptr.To(int32(443)) })
}
