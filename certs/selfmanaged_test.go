package certs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
)

// selfManaged is a SelfManaged over a fake API server; funcs intercept its
// writes. Only Bootstrap and reconcile without publishing run on it: the
// cache and the webhook configurations are the end-to-end tests' (test/deploy).
func selfManaged(t *testing.T, funcs interceptor.Funcs, objs ...client.Object) (*SelfManaged, client.Client) {
	t.Helper()
	c := fake.NewClientBuilder().WithScheme(clientgoscheme.Scheme).WithObjects(objs...).WithInterceptorFuncs(funcs).Build()
	return &SelfManaged{
		Client: c, Reader: c, Namespace: "sparkhook-system", SecretName: "sparkhook-tls",
		CertDir: t.TempDir(), Policy: Policy{Hosts: testHosts, ServingLifetime: time.Hour, CALifetime: 3 * time.Hour},
	}, c
}

func secretWith(m *Material) *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "sparkhook-system", Name: "sparkhook-tls"},
		Type:       corev1.SecretTypeTLS, Data: m.SecretData(),
	}
}

// TestSelfManagedAdoptsTheWinner: another replica creates the Secret
// between this one's read and its create. The create fails with
// AlreadyExists, and the next reconcile serves the other's certificates.
func TestSelfManagedAdoptsTheWinner(t *testing.T) {
	winner := material(t, Policy{Hosts: testHosts, ServingLifetime: time.Hour, CALifetime: 3 * time.Hour}, time.Now(), time.Now())
	raced := false
	s, c := selfManaged(t, interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			if !raced {
				raced = true
				if err := c.Create(ctx, secretWith(winner)); err != nil {
					return err
				}
			}
			return c.Create(ctx, obj, opts...)
		},
	})
	ctx := context.Background()
	if _, err := s.reconcile(ctx, false); !errors.Is(err, errRaced) {
		t.Fatalf("first reconcile = %v, want errRaced", err)
	}
	if err := s.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, s.CertDir, winner)
	stored := &corev1.Secret{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: s.Namespace, Name: s.SecretName}, stored); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stored.Data[FileCert], winner.Serving.CertPEM) {
		t.Error("the loser overwrote the winner's Secret")
	}
}

// TestSelfManagedUpdateConflict: another replica renews first. The update
// carries the resourceVersion read, so it fails with a Conflict instead of
// overwriting, and the next reconcile serves the other's renewal.
func TestSelfManagedUpdateConflict(t *testing.T) {
	p := Policy{Hosts: testHosts, ServingLifetime: time.Hour, CALifetime: 10 * time.Hour}
	now := time.Now()
	// Expired, so that even Bootstrap, which cannot see whether the CA is
	// published, renews it.
	due := material(t, p, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	renewed := &Material{Bundle: due.Bundle, CA: due.CA, Serving: mustIssue(t, p, now, due.CA)}
	raced := false
	s, _ := selfManaged(t, interceptor.Funcs{
		Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			if !raced {
				raced = true
				other := &corev1.Secret{}
				if err := c.Get(ctx, client.ObjectKeyFromObject(obj), other); err != nil {
					return err
				}
				other.Data = renewed.SecretData()
				if err := c.Update(ctx, other); err != nil {
					return err
				}
			}
			return c.Update(ctx, obj, opts...)
		},
	}, secretWith(due))
	ctx := context.Background()
	if _, err := s.reconcile(ctx, false); !errors.Is(err, errRaced) {
		t.Fatalf("first reconcile = %v, want errRaced", err)
	}
	if _, err := s.reconcile(ctx, false); err != nil {
		t.Fatal(err)
	}
	checkFiles(t, s.CertDir, renewed)
}

// TestSelfManagedReplacesUnusableContent: a Secret of that name whose
// content does not parse is replaced, not served.
func TestSelfManagedReplacesUnusableContent(t *testing.T) {
	broken := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "sparkhook-system", Name: "sparkhook-tls"},
		Type:       corev1.SecretTypeTLS, Data: map[string][]byte{FileCert: []byte("x"), FileKey: []byte("y")},
	}
	s, c := selfManaged(t, interceptor.Funcs{}, broken)
	ctx := context.Background()
	if err := s.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	stored := &corev1.Secret{}
	if err := c.Get(ctx, client.ObjectKeyFromObject(broken), stored); err != nil {
		t.Fatal(err)
	}
	m, err := ParseSecretData(stored.Data)
	if err != nil {
		t.Fatalf("the Secret still does not parse: %v", err)
	}
	checkFiles(t, s.CertDir, m)
}

func mustIssue(t *testing.T, p Policy, now time.Time, ca *KeyPair) *KeyPair {
	t.Helper()
	k, err := p.issue(now, ca)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// checkFiles: dir holds m's bundle and serving key pair.
func checkFiles(t *testing.T, dir string, m *Material) {
	t.Helper()
	for name, want := range map[string][]byte{FileCA: m.BundlePEM(), FileCert: m.Serving.CertPEM, FileKey: m.Serving.KeyPEM} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s does not hold the expected content (%v)", name, err)
		}
	}
}
