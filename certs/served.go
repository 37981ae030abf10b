package certs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/certwatcher"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// ReloadInterval is how often the served files are re-read even without a
// file event (fsnotify reports replaced files at once; the poll is the
// safety net, e.g. for a kubelet-projected Secret volume).
const ReloadInterval = 2 * time.Second

// errNotLoaded says Load has not run: a wiring bug, never a user error.
var errNotLoaded = errors.New("no serving certificate loaded yet")

// Served is the certificate the webhook server presents, in every
// certificate mode: controller-runtime's certwatcher over tls.crt and
// tls.key in a directory, which the webhook server would otherwise create
// for itself. Owning it lets readiness and the expiry metric look at
// exactly the certificate that is served, and reload it within seconds of
// a change on disk.
type Served struct {
	dir     string
	metrics *Metrics
	watcher atomic.Pointer[certwatcher.CertWatcher]
}

var _ manager.Runnable = &Served{}

// NewServed serves tls.crt and tls.key from dir once Load has read them;
// metrics, when not nil, receives the served certificate's expiry.
func NewServed(dir string, metrics *Metrics) *Served {
	return &Served{dir: dir, metrics: metrics}
}

// Load reads the key pair, which must exist by then: in the self-managed
// mode after SelfManaged.Bootstrap, in the other modes at start-up.
func (s *Served) Load() error {
	w, err := certwatcher.New(filepath.Join(s.dir, FileCert), filepath.Join(s.dir, FileKey))
	if err != nil {
		return fmt.Errorf("loading the serving certificate from %s: %w", s.dir, err)
	}
	w = w.WithWatchInterval(ReloadInterval)
	if s.metrics != nil {
		w.RegisterCallback(s.metrics.served)
	}
	s.watcher.Store(w)
	return nil
}

// Start watches the files until ctx ends.
func (s *Served) Start(ctx context.Context) error {
	w := s.watcher.Load()
	if w == nil {
		return errNotLoaded
	}
	return w.Start(ctx)
}

// NeedLeaderElection is false: every replica serves.
func (s *Served) NeedLeaderElection() bool { return false }

// GetCertificate is the webhook server's tls.Config.GetCertificate.
func (s *Served) GetCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	w := s.watcher.Load()
	if w == nil {
		return nil, errNotLoaded
	}
	return w.GetCertificate(hello)
}

// TLSOption makes a webhook server serve through s: with GetCertificate
// set, controller-runtime creates no certwatcher of its own.
func (s *Served) TLSOption() func(*tls.Config) {
	return func(c *tls.Config) { c.GetCertificate = s.GetCertificate }
}

// Leaf is the served certificate.
func (s *Served) Leaf() (*x509.Certificate, error) {
	c, err := s.GetCertificate(nil)
	if err != nil {
		return nil, err
	}
	if c == nil || c.Leaf == nil {
		return nil, errNotLoaded
	}
	return c.Leaf, nil
}

// Valid is a readiness check: a certificate is loaded and within its
// validity. The self-managed and cert-manager modes add their own checks.
func (s *Served) Valid() healthz.Checker {
	return func(*http.Request) error {
		leaf, err := s.Leaf()
		if err != nil {
			return err
		}
		if now := time.Now(); now.After(leaf.NotAfter) || now.Before(leaf.NotBefore) {
			return fmt.Errorf("the served certificate is valid from %v to %v, not now", leaf.NotBefore, leaf.NotAfter)
		}
		return nil
	}
}
