package deploy

import (
	"context"
	"crypto/x509"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/certs"
)

// Lifetimes of the rotation test: the serving certificate is renewed every
// 4 s, the CA every 16 s, and the previous CA leaves the bundle 8 s later.
const (
	rotationCertLifetime = 6 * time.Second
	rotationCALifetime   = 24 * time.Second
	rotationDeadline     = 90 * time.Second
	rotationWorkers      = 4
)

// TestRotationUnderLoad runs sparkhook with lifetimes of seconds while
// Spark driver Pods are created through the API server without pause, until
// sparkhook has served at least three serving certificates (two renewals)
// and renewed its CA and dropped the old one from the bundle. Every Pod
// must be admitted and mutated: no renewal may cost a single admission.
func TestRotationUnderLoad(t *testing.T) {
	c := install(t)
	r := startReplica(t, "sparkhook",
		"--cert-lifetime="+rotationCertLifetime.String(), "--ca-lifetime="+rotationCALifetime.String())
	route(t, c, r.Port)
	ctx := context.Background()
	if err := r.WaitReadyWithin(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	ensureTemplate(t, c, r)

	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	var created, failed atomic.Int64
	errs := make(chan error, 10)
	var wg sync.WaitGroup
	for range rotationWorkers {
		wg.Go(func() {
			for loadCtx.Err() == nil {
				err := createSparkPod(loadCtx, c)
				switch {
				case err == nil:
					created.Add(1)
				case loadCtx.Err() == nil:
					failed.Add(1)
					select {
					case errs <- fmt.Errorf("%s: %w", time.Now().Format(time.TimeOnly+".000"), err):
					default:
					}
				}
			}
		})
	}
	seen := watchRotation(t, c, r)
	stopLoad()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d Spark Pods created in %s, %d failed; %s", created.Load(), seen.elapsed.Round(time.Millisecond), failed.Load(), seen)
	if failed.Load() > 0 || created.Load() < 100 {
		t.Errorf("%d Pods failed, %d created (want none failed, at least 100 created)", failed.Load(), created.Load())
	}
}

// rotation is what watchRotation saw.
type rotation struct {
	servings, cas map[string]bool
	pruned        bool
	elapsed       time.Duration
	renewAfter    []time.Duration // when each new serving certificate was first served
}

func (s rotation) String() string {
	return fmt.Sprintf("%d serving certificates served (first seen at %v), %d CAs, old CA pruned: %v", len(s.servings), s.renewAfter, len(s.cas), s.pruned)
}

func (s rotation) done() bool { return len(s.servings) >= 3 && len(s.cas) >= 2 && s.pruned }

// watchRotation polls every 100 ms what r serves (a TLS handshake, as the
// API server makes) and the Secret's bundle, until the rotation has gone
// through two serving renewals, a CA renewal and the old CA's removal —
// failing the test at rotationDeadline.
func watchRotation(t *testing.T, c client.Client, r *replica) rotation {
	t.Helper()
	s := rotation{servings: map[string]bool{}, cas: map[string]bool{}}
	start, maxBundle := time.Now(), 0
	for !s.done() {
		s.elapsed = time.Since(start)
		if s.elapsed > rotationDeadline {
			t.Fatalf("after %s: %s", rotationDeadline, s)
		}
		if served, err := servedCert(r.Port); err == nil && !s.servings[serial(served)] {
			s.servings[serial(served)] = true
			s.renewAfter = append(s.renewAfter, s.elapsed.Round(100*time.Millisecond))
		}
		secret := &corev1.Secret{}
		if err := c.Get(context.Background(), client.ObjectKey{Namespace: namespace, Name: secretName}, secret); err == nil {
			if bundle, err := certs.ParseCertificates(secret.Data[certs.FileCA]); err == nil {
				s.cas[serial(bundle[0])] = true
				maxBundle = max(maxBundle, len(bundle))
				s.pruned = s.pruned || (maxBundle == 2 && len(bundle) == 1)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return s
}

func serial(c *x509.Certificate) string { return c.SerialNumber.Text(16) }
