package deploy

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/test/cluster"
)

var (
	crdsOnce      sync.Mutex
	crdsInstalled bool
)

// installCertManagerCRDs installs cert-manager's CRDs, as they ship in the
// module go.mod requires (deploy/crds), once.
func installCertManagerCRDs(t *testing.T) {
	t.Helper()
	crdsOnce.Lock()
	defer crdsOnce.Unlock()
	if crdsInstalled {
		return
	}
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cert-manager/cert-manager")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("finding the cert-manager module: %v", err)
	}
	kubectl(t, "apply", "--server-side", "-f", filepath.Join(strings.TrimSpace(string(out)), "deploy", "crds"))
	kubectl(t, "wait", "--for=condition=Established", "--timeout=60s", "crd/certificates.cert-manager.io", "crd/issuers.cert-manager.io")
	crdsInstalled = true
}

// TestServerSideDryRun renders each overlay and applies it with the
// README's command and --dry-run=server: the API server validates every
// object (schemas, CRDs, RBAC, webhook configurations) and stores none. A
// dry run creates nothing, so what the objects need first exists for real:
// cert-manager's CRDs, and the namespace.
func TestServerSideDryRun(t *testing.T) {
	requireCluster(t)
	installCertManagerCRDs(t)
	ensureNamespace(t, adminClient(t), namespace)
	for _, tc := range []struct{ overlay, command string }{
		{overlaySelfManaged, installSelfManaged},
		{overlayCertManager, installCertManager},
	} {
		t.Run(filepath.Base(tc.overlay), func(t *testing.T) {
			want := len(render(t, tc.overlay))
			out := command(t, tc.command, "--dry-run=server")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			for _, l := range lines {
				if !strings.HasSuffix(l, "serverside-applied (server dry run)") {
					t.Errorf("unexpected output: %s", l)
				}
			}
			if len(lines) != want {
				t.Errorf("%d objects accepted, want the %d rendered:\n%s", len(lines), want, out)
			}
		})
	}
}

// TestCertManagerMode installs the cert-manager overlay (no cert-manager
// controller runs: the test plays it) and runs sparkhook with its
// Deployment's arguments, the serving certificate in --cert-dir as the
// kubelet would mount it. Until the Certificate is Ready, sparkhook must
// not be ready and must export ready 0; once the test marks it Ready, it
// must turn ready and export the Certificate's expiry.
func TestCertManagerMode(t *testing.T) {
	requireCluster(t)
	installCertManagerCRDs(t)
	command(t, installCertManager)
	t.Cleanup(func() { command(t, installSelfManaged) }) // drop the annotations again
	r := startCertManagerReplica(t)
	ctx := context.Background()
	label := `certificate="sparkhook-system/sparkhook-serving"`
	cluster.Eventually(t, 30*time.Second, func() error { return expectMetric(r, "sparkhook_certificate_ready", label, 0) })
	if err := r.WaitReadyWithin(ctx, 2*time.Second); err == nil {
		t.Fatal("ready before the Certificate is")
	}
	log, err := os.ReadFile(r.LogFile)
	if err != nil || !strings.Contains(string(log), "cert-manager Certificate\t{\"certificate\": \"sparkhook-system/sparkhook-serving\", \"ready\": false") {
		t.Errorf("no start-up report of the Certificate, not ready, in the log (%v)", err)
	}

	notAfter := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second)
	markReady(t, notAfter)
	if err := r.WaitReadyWithin(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	cluster.Eventually(t, 10*time.Second, func() error {
		return expectMetric(r, "sparkhook_certificate_expiry_timestamp_seconds", label, float64(notAfter.Unix()))
	})
	if err := expectMetric(r, "sparkhook_certificate_ready", label, 1); err != nil {
		t.Error(err)
	}

	// Deleted, the Certificate is no longer Ready, and has no expiry.
	if err := adminClient(t).Delete(ctx, certificate()); err != nil {
		t.Fatal(err)
	}
	cluster.Eventually(t, 10*time.Second, func() error { return expectMetric(r, "sparkhook_certificate_ready", label, 0) })
	if _, err := r.sample("sparkhook_certificate_expiry_timestamp_seconds", label); err == nil {
		t.Error("sparkhook_certificate_expiry_timestamp_seconds is still exported for a deleted Certificate")
	}
}

// certificate is sparkhook's cert-manager Certificate, unstructured: the
// tests do not register cert-manager's types.
func certificate() *unstructured.Unstructured {
	cert := &unstructured.Unstructured{}
	cert.SetGroupVersionKind(schema.GroupVersionKind{Group: "cert-manager.io", Version: "v1", Kind: "Certificate"})
	cert.SetNamespace(namespace)
	cert.SetName("sparkhook-serving")
	return cert
}

// startCertManagerReplica writes a serving certificate where the
// Certificate's Secret would be mounted and starts sparkhook on it.
func startCertManagerReplica(t *testing.T) *replica {
	t.Helper()
	dir := t.TempDir()
	if err := certs.DevelopmentCerts(dir, []string{serviceHost}, time.Hour); err != nil {
		t.Fatal(err)
	}
	return startReplicas(t, overlayCertManager, []string{"sparkhook"}, "--cert-dir="+dir)[0]
}

// markReady does what cert-manager does once it has issued the
// certificate: Ready=True and status.notAfter.
func markReady(t *testing.T, notAfter time.Time) {
	t.Helper()
	c := adminClient(t)
	cert := certificate()
	if err := c.Get(context.Background(), client.ObjectKeyFromObject(cert), cert); err != nil {
		t.Fatal(err)
	}
	cert.Object["status"] = map[string]any{
		"notAfter": notAfter.Format(time.RFC3339),
		"conditions": []any{map[string]any{
			"type": "Ready", "status": "True", "reason": "Ready", "message": "Certificate is up to date and has not expired",
			"lastTransitionTime": time.Now().UTC().Format(time.RFC3339),
		}},
	}
	if err := c.Status().Update(context.Background(), cert); err != nil {
		t.Fatal(err)
	}
}

func expectMetric(r *replica, name, label string, want float64) error {
	got, err := r.sample(name, label)
	if err == nil && got != want {
		err = fmt.Errorf("%s{%s} = %v, want %v", name, label, got, want)
	}
	return err
}
