package certs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	cmmeta "github.com/cert-manager/cert-manager/pkg/apis/meta/v1"
	"github.com/go-logr/logr"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/fields"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// CertManager reports, in the cert-manager mode, the Certificate that
// cert-manager keeps sparkhook's serving certificate with: its Ready
// condition and expiry are logged at start-up and on every change, exported
// as metrics, and gate readiness. The certificate itself reaches sparkhook
// as the Certificate's Secret mounted at --cert-dir, and the CA bundle
// reaches the webhook configurations through cert-manager's cainjector;
// sparkhook writes nothing in this mode.
type CertManager struct {
	// Cache holds the Certificate; see CertManagerCacheOptions.
	Cache cache.Cache
	// Namespace and Name name the Certificate.
	Namespace, Name string
	// Metrics, when not nil, receives the Certificate's state.
	Metrics *Metrics

	// issued is set once the Certificate has been seen Ready in this
	// process; lastReady is the last Ready state logged.
	issued, lastReady atomic.Bool
}

var _ manager.Runnable = &CertManager{}

// CertManagerCacheOptions limits the manager's cache to the one
// Certificate, so that RBAC can grant list and watch by resourceNames.
func CertManagerCacheOptions(namespace, name string) map[client.Object]cache.ByObject {
	return map[client.Object]cache.ByObject{
		&cmapi.Certificate{}: {
			Namespaces: map[string]cache.Config{namespace: {}},
			Field:      fields.OneTermEqualSelector("metadata.name", name),
		},
	}
}

// CertificateState is what sparkhook reads from a Certificate.
type CertificateState struct {
	// Ready is the Ready condition's status being True.
	Ready bool
	// Message is the Ready condition's reason and message, or why there is
	// none.
	Message string
	// NotAfter is status.notAfter; zero before the first issue.
	NotAfter time.Time
}

// StateOf reads c's Ready condition and expiry.
func StateOf(c *cmapi.Certificate) CertificateState {
	st := CertificateState{Message: "no Ready condition yet"}
	if c.Status.NotAfter != nil {
		st.NotAfter = c.Status.NotAfter.Time
	}
	for _, cond := range c.Status.Conditions {
		if cond.Type == cmapi.CertificateConditionReady {
			st.Ready = cond.Status == cmmeta.ConditionTrue
			st.Message = cond.Reason + ": " + cond.Message
		}
	}
	return st
}

// Start reports the Certificate once the cache has synced, then on every
// change, until ctx ends.
func (c *CertManager) Start(ctx context.Context) error {
	log := logf.FromContext(ctx).WithName("certs")
	informer, err := c.Cache.GetInformer(ctx, &cmapi.Certificate{})
	if err != nil {
		return fmt.Errorf("watching Certificate %s/%s (are cert-manager's CRDs installed?): %w", c.Namespace, c.Name, err)
	}
	report := func(obj any, st func(*cmapi.Certificate) CertificateState, always bool) {
		if d, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
			obj = d.Obj
		}
		if cert, ok := obj.(*cmapi.Certificate); ok && cert.Namespace == c.Namespace && cert.Name == c.Name {
			c.observe(log, st(cert), always)
		}
	}
	deleted := func(*cmapi.Certificate) CertificateState {
		return CertificateState{Message: "the Certificate was deleted"}
	}
	// The first sight of the Certificate is logged whatever its state (the
	// informer's initial list is an add); after that, a change of Ready.
	_, err = informer.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { report(obj, StateOf, true) },
		UpdateFunc: func(_, obj any) { report(obj, StateOf, false) },
		DeleteFunc: func(obj any) { report(obj, deleted, true) },
	})
	if err != nil {
		return fmt.Errorf("watching Certificate %s/%s: %w", c.Namespace, c.Name, err)
	}
	if !c.Cache.WaitForCacheSync(ctx) {
		return nil // ctx ended
	}
	if _, err := c.get(ctx); err != nil {
		log.Error(err, "The serving Certificate is not there: is the cert-manager overlay applied?")
	}
	<-ctx.Done()
	return nil
}

// NeedLeaderElection is false: every replica reports.
func (c *CertManager) NeedLeaderElection() bool { return false }

// observe records st in the metrics — no expiry for a Certificate not (or
// no longer) issued — and logs it when always is set or Ready changed.
func (c *CertManager) observe(log logr.Logger, st CertificateState, always bool) {
	if c.Metrics != nil {
		name := c.Namespace + "/" + c.Name
		c.Metrics.ready.WithLabelValues(name).Set(map[bool]float64{true: 1}[st.Ready])
		if st.NotAfter.IsZero() {
			c.Metrics.expiry.DeleteLabelValues(name)
		} else {
			c.Metrics.expiry.WithLabelValues(name).Set(float64(st.NotAfter.Unix()))
		}
	}
	if st.Ready {
		c.issued.Store(true)
	}
	if c.lastReady.Swap(st.Ready) != st.Ready || always {
		log.Info("cert-manager Certificate", "certificate", c.Namespace+"/"+c.Name,
			"ready", st.Ready, "notAfter", st.NotAfter, "condition", st.Message)
	}
}

func (c *CertManager) get(ctx context.Context) (*cmapi.Certificate, error) {
	cert := &cmapi.Certificate{}
	err := c.Cache.Get(ctx, client.ObjectKey{Namespace: c.Namespace, Name: c.Name}, cert)
	if apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("Certificate %s/%s not found: %w", c.Namespace, c.Name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading Certificate %s/%s: %w", c.Namespace, c.Name, err)
	}
	return cert, nil
}

// Ready is the cert-manager readiness check:
//
//	Certificate                               | ready
//	------------------------------------------+------------------------------
//	missing, or status.notAfter passed        | no
//	Ready=True                                | yes
//	not Ready, never seen Ready by this pod   | no: a new replica does not
//	                                          | join on a certificate cert-manager
//	                                          | has not issued
//	not Ready, seen Ready before, not expired | yes: a failing renewal of a
//	                                          | still-valid certificate must not
//	                                          | pull every replica at once (the
//	                                          | metric and the log report it)
func (c *CertManager) Ready(req *http.Request) error {
	cert, err := c.get(req.Context())
	if err != nil {
		return err
	}
	st := StateOf(cert)
	if st.Ready {
		c.issued.Store(true)
	}
	if err := st.judge(time.Now(), c.issued.Load()); err != nil {
		return fmt.Errorf("Certificate %s/%s: %w", c.Namespace, c.Name, err)
	}
	return nil
}

// judge is the decision table of CertManager.Ready; issued says whether
// this process has seen the Certificate Ready.
func (st CertificateState) judge(now time.Time, issued bool) error {
	switch {
	case st.NotAfter.IsZero():
		return fmt.Errorf("not issued yet: %s", st.Message)
	case now.After(st.NotAfter):
		return fmt.Errorf("expired at %v: %s", st.NotAfter, st.Message)
	case !st.Ready && !issued:
		return errors.New("not Ready: " + st.Message)
	}
	return nil
}
