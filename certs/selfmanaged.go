package certs

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/go-logr/logr"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// Retry delays of SelfManaged after a failed reconcile.
const (
	minRetry = 200 * time.Millisecond
	maxRetry = 30 * time.Second
	// DefaultResync bounds the time between two reconciles when nothing
	// happens: a lost watch event costs at most this much.
	DefaultResync = 5 * time.Minute
	// bootstrapTimeout bounds Bootstrap: a replica that cannot get
	// certificates in this time exits, and its restarts show in kubectl.
	bootstrapTimeout = time.Minute
)

// errRaced says the Secret or a webhook configuration changed since it was
// read (AlreadyExists or Conflict) — another replica wrote first, or the
// cache has not yet seen this replica's own last write: reconcile again
// shortly, which adopts what is there now.
var errRaced = errors.New("changed since it was read")

// SelfManaged keeps sparkhook's certificates without cert-manager. It runs
// in every replica with no leader election: the Secret is the one source of
// truth, each write carries the resourceVersion it read, and the replica
// that loses a race (AlreadyExists, Conflict) reads the winner's Secret and
// serves that. It
//   - keeps one Secret (kubernetes.io/tls, plus ca.crt and ca.key) holding
//     the CA bundle, the signing CA and the serving certificate, renewed as
//     Policy.Plan decides;
//   - writes the bundle and the serving key pair into CertDir, where the
//     webhook server's certwatcher picks them up within seconds;
//   - writes the bundle into the caBundle of the MutatingWebhookConfiguration
//     and ValidatingWebhookConfiguration named WebhookConfigName, read
//     through the manager's cache and updated with optimistic concurrency.
//
// It never deletes anything, on shutdown or otherwise: a configuration that
// outlives sparkhook keeps its bundle, so the replicas of a rolling upgrade
// stay trusted.
type SelfManaged struct {
	// Client creates and updates the Secret and updates the webhook
	// configurations; its reads (the configurations) come from the cache.
	Client client.Client
	// Reader reads the Secret from the API server itself, never from a
	// cache, so that a replica never decides from a Secret older than the
	// one another replica just wrote.
	Reader client.Reader
	// Cache delivers the Secret's and the configurations' changes, so that
	// an adoption or a new bundle is acted on at once. It must be limited
	// to those objects: see CacheOptions.
	Cache cache.Cache
	// Namespace and SecretName name the Secret.
	Namespace, SecretName string
	// WebhookConfigName names both webhook configurations.
	WebhookConfigName string
	// CertDir receives ca.crt, tls.crt and tls.key.
	CertDir string
	// Policy says what the certificates look like and when they are renewed.
	Policy Policy
	// Resync is DefaultResync when zero.
	Resync time.Duration

	// signer and published record since when the current signing CA has
	// been in every webhook configuration; only reconcile touches them.
	signer    *x509.Certificate
	published time.Time
}

var _ manager.Runnable = &SelfManaged{}

// Bootstrap makes sure the Secret exists and its certificates are in
// CertDir, before the manager (and with it the webhook server, whose
// certwatcher needs the files) starts. It does not touch the webhook
// configurations: the cache is not running yet.
func (s *SelfManaged) Bootstrap(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, bootstrapTimeout)
	defer cancel()
	log := logr.FromContextOrDiscard(ctx).WithName("certs")
	retry := minRetry
	for {
		_, err := s.reconcile(logr.NewContext(ctx, log), false)
		if err == nil {
			return nil
		}
		if errors.Is(err, errRaced) {
			log.V(1).Info("Adopting the certificates another replica stored first", "reason", err.Error())
		} else {
			log.Error(err, "Getting certificates; retrying", "in", retry)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("self-managed certificates: %w (last: %w)", ctx.Err(), err)
		case <-time.After(retry):
		}
		retry = min(2*retry, maxRetry)
	}
}

// Start reconciles whenever the Secret or a webhook configuration changes,
// when Plan's next deadline comes, and at least every Resync, until ctx
// ends. Errors are logged and retried with backoff; readiness (Trusted)
// shows whether they matter.
func (s *SelfManaged) Start(ctx context.Context) error {
	log := logf.FromContext(ctx).WithName("certs")
	ctx = logr.NewContext(ctx, log)
	trigger := make(chan struct{}, 1)
	if err := s.watch(ctx, trigger); err != nil {
		return err
	}
	if !s.Cache.WaitForCacheSync(ctx) {
		return nil // ctx ended
	}
	retry := minRetry
	for {
		wake, err := s.reconcile(ctx, true)
		delay := min(time.Until(wake), s.resync())
		switch {
		case errors.Is(err, errRaced):
			log.V(1).Info("Reading again what changed since it was read (another replica's write is adopted)", "reason", err.Error())
			delay = minRetry
		case err != nil:
			log.Error(err, "Reconciling the self-managed certificates; retrying", "in", retry)
			delay, retry = retry, min(2*retry, maxRetry)
		default:
			retry = minRetry
		}
		timer := time.NewTimer(max(delay, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-trigger:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// NeedLeaderElection is false: every replica must keep its own files.
func (s *SelfManaged) NeedLeaderElection() bool { return false }

func (s *SelfManaged) resync() time.Duration {
	if s.Resync > 0 {
		return s.Resync
	}
	return DefaultResync
}

// watch pokes trigger on every change of the Secret and the webhook
// configurations the cache holds.
func (s *SelfManaged) watch(ctx context.Context, trigger chan<- struct{}) error {
	poke := func() {
		select {
		case trigger <- struct{}{}:
		default: // a reconcile is already pending
		}
	}
	handler := toolscache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke() },
		UpdateFunc: func(any, any) { poke() },
		DeleteFunc: func(any) { poke() },
	}
	for _, obj := range watchedObjects() {
		informer, err := s.Cache.GetInformer(ctx, obj)
		if err != nil {
			return fmt.Errorf("watching %T: %w", obj, err)
		}
		if _, err := informer.AddEventHandler(handler); err != nil {
			return fmt.Errorf("watching %T: %w", obj, err)
		}
	}
	return nil
}

// reconcile brings the Secret, CertDir and (with publish) the webhook
// configurations in line with Policy, and returns when it must run again.
func (s *SelfManaged) reconcile(ctx context.Context, publish bool) (time.Time, error) {
	log := logr.FromContextOrDiscard(ctx)
	now := time.Now()
	secret, cur, err := s.readSecret(ctx)
	if err != nil {
		return now, err
	}
	var signerPublished time.Time
	if publish && cur != nil {
		if signerPublished, err = s.signerPublished(ctx, cur.CA.cert, now); err != nil {
			log.V(1).Info("The webhook configurations do not trust the current CA yet", "reason", err.Error())
		}
	}
	d, err := s.Policy.Plan(now, cur, signerPublished)
	if err != nil {
		return now, err
	}
	if d.Next != nil {
		if err := s.storeSecret(ctx, secret, d.Next); err != nil {
			return now, err
		}
		log.Info("Stored new certificates", "secret", s.Namespace+"/"+s.SecretName, "reasons", d.Reasons,
			"servingNotAfter", d.Next.Serving.cert.NotAfter, "bundle", len(d.Next.Bundle))
		cur = d.Next
	}
	if err := s.writeFiles(ctx, cur); err != nil {
		return now, err
	}
	if publish {
		if err := s.publish(ctx, cur.BundlePEM()); err != nil {
			return now, err
		}
	}
	return d.Wake, nil
}

// signerPublished is since when signer has been in every webhook
// configuration's caBundle, as this replica first saw it; zero (with the
// reason as error) while it is not.
func (s *SelfManaged) signerPublished(ctx context.Context, signer *x509.Certificate, now time.Time) (time.Time, error) {
	bundles, err := s.bundles(ctx)
	for _, b := range bundles {
		if err == nil && !bundleHas(b.pem, signer) {
			err = fmt.Errorf("%s: the current CA is not in its caBundle", b.where)
		}
	}
	if err != nil {
		s.signer = nil
		return time.Time{}, err
	}
	if s.signer == nil || !s.signer.Equal(signer) {
		s.signer, s.published = signer, now
	}
	return s.published, nil
}
