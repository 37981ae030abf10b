package certs

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-logr/logr"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/fields"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
)

// CacheOptions limits the manager's cache, for the self-managed mode, to
// the one Secret and the two webhook configurations sparkhook owns. The
// field selector on metadata.name is what lets RBAC grant list and watch by
// resourceNames, so sparkhook needs no right on any other Secret or
// configuration.
func CacheOptions(namespace, secretName, webhookConfigName string) map[client.Object]cache.ByObject {
	byName := func(name string) fields.Selector { return fields.OneTermEqualSelector("metadata.name", name) }
	return map[client.Object]cache.ByObject{
		&corev1.Secret{}: {
			Namespaces: map[string]cache.Config{namespace: {}},
			Field:      byName(secretName),
		},
		&admissionregistrationv1.MutatingWebhookConfiguration{}:   {Field: byName(webhookConfigName)},
		&admissionregistrationv1.ValidatingWebhookConfiguration{}: {Field: byName(webhookConfigName)},
	}
}

// watchedObjects are the kinds whose changes start a reconcile.
func watchedObjects() []client.Object {
	return append([]client.Object{&corev1.Secret{}}, configurations()...)
}

// configurations are sparkhook's two webhook configurations, empty.
func configurations() []client.Object {
	return []client.Object{
		&admissionregistrationv1.MutatingWebhookConfiguration{},
		&admissionregistrationv1.ValidatingWebhookConfiguration{},
	}
}

// caBundle is one webhook's caBundle and where it is, for messages.
type caBundle struct {
	where string
	pem   []byte
}

// bundles reads (from the cache) the caBundle of every webhook of both
// configurations. A missing configuration is an error: sparkhook cannot be
// trusted through a configuration that does not exist.
func (s *SelfManaged) bundles(ctx context.Context) ([]caBundle, error) {
	var out []caBundle
	for _, obj := range configurations() {
		if err := s.Client.Get(ctx, client.ObjectKey{Name: s.WebhookConfigName}, obj); err != nil {
			return nil, fmt.Errorf("reading %s %s: %w", kindOf(obj), s.WebhookConfigName, err)
		}
		for _, w := range clientConfigs(obj) {
			out = append(out, caBundle{where: fmt.Sprintf("%s %s webhook %s", kindOf(obj), s.WebhookConfigName, w.name), pem: w.config.CABundle})
		}
	}
	return out, nil
}

// publish writes bundle into every webhook of both configurations whose
// caBundle differs, with the resourceVersion the cache holds (a stale copy
// is a Conflict: errRaced).
func (s *SelfManaged) publish(ctx context.Context, bundle []byte) error {
	for _, obj := range configurations() {
		if err := s.Client.Get(ctx, client.ObjectKey{Name: s.WebhookConfigName}, obj); err != nil {
			return fmt.Errorf("reading %s %s (install it from deploy/): %w", kindOf(obj), s.WebhookConfigName, err)
		}
		changed := false
		for _, w := range clientConfigs(obj) {
			if !bytes.Equal(w.config.CABundle, bundle) {
				w.config.CABundle, changed = bundle, true
			}
		}
		if !changed {
			continue
		}
		err := s.Client.Update(ctx, obj)
		if apierrors.IsConflict(err) {
			return fmt.Errorf("%w: %s %s: %w", errRaced, kindOf(obj), s.WebhookConfigName, err)
		}
		if err != nil {
			return fmt.Errorf("writing the CA bundle into %s %s: %w", kindOf(obj), s.WebhookConfigName, err)
		}
		logr.FromContextOrDiscard(ctx).Info("Wrote the CA bundle", "kind", kindOf(obj), "name", s.WebhookConfigName)
	}
	return nil
}

// kindOf names a webhook configuration's kind, for messages.
func kindOf(obj client.Object) string {
	if _, ok := obj.(*admissionregistrationv1.MutatingWebhookConfiguration); ok {
		return "MutatingWebhookConfiguration"
	}
	return "ValidatingWebhookConfiguration"
}

type namedClientConfig struct {
	name   string
	config *admissionregistrationv1.WebhookClientConfig
}

// clientConfigs points at the clientConfig of each webhook of obj.
func clientConfigs(obj client.Object) []namedClientConfig {
	var out []namedClientConfig
	switch c := obj.(type) {
	case *admissionregistrationv1.MutatingWebhookConfiguration:
		for i := range c.Webhooks {
			out = append(out, namedClientConfig{c.Webhooks[i].Name, &c.Webhooks[i].ClientConfig})
		}
	case *admissionregistrationv1.ValidatingWebhookConfiguration:
		for i := range c.Webhooks {
			out = append(out, namedClientConfig{c.Webhooks[i].Name, &c.Webhooks[i].ClientConfig})
		}
	}
	return out
}

// Trusted is the self-managed readiness check: the certificate this
// replica serves (served) must verify, for the service's DNS name, against
// the caBundle of every webhook of both configurations. Until it does, the
// API server would refuse this replica's TLS, so it must get no traffic.
func (s *SelfManaged) Trusted(served func() (*x509.Certificate, error)) healthz.Checker {
	return func(req *http.Request) error {
		leaf, err := served()
		if err != nil {
			return err
		}
		bundles, err := s.bundles(req.Context())
		if err != nil {
			return err
		}
		var errs []error
		for _, b := range bundles {
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(b.pem)
			_, err := leaf.Verify(x509.VerifyOptions{
				DNSName: s.Policy.Hosts[0], Roots: roots, CurrentTime: time.Now(),
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			})
			if err != nil {
				errs = append(errs, fmt.Errorf("the served certificate is not trusted by %s: %w", b.where, err))
			}
		}
		return errors.Join(errs...)
	}
}
