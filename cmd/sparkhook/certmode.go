package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/pflag"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"

	"github.com/sparkhook/sparkhook/certs"
)

// Certificate modes (--cert-mode): where the serving certificate in
// --cert-dir comes from.
const (
	// certModeFiles: whoever wrote --cert-dir (a mounted Secret, `sparkhook
	// certs`, a test) keeps it; sparkhook only reloads it.
	certModeFiles = "files"
	// certModeSelfManaged: sparkhook creates, stores, rotates and publishes
	// its certificates itself (certs.SelfManaged).
	certModeSelfManaged = "self-managed"
	// certModeCertManager: a cert-manager Certificate's Secret is mounted
	// at --cert-dir; sparkhook reports the Certificate (certs.CertManager).
	certModeCertManager = "cert-manager"
)

// Defaults of the certificate flags: the names deploy/ uses.
const (
	DefaultServiceName       = "sparkhook"
	DefaultWebhookConfigName = "sparkhook"
	DefaultSecretName        = "sparkhook-tls"
	DefaultCertificateName   = "sparkhook-serving"
)

// certConfig is `sparkhook serve`'s certificate flags.
type certConfig struct {
	Mode              string
	ServiceName       string
	WebhookConfigName string
	SecretName        string
	CertificateName   string
	CertLifetime      time.Duration
	CALifetime        time.Duration
}

// addFlags adds serve's certificate flags to fs, parsed into c.
func (c *certConfig) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&c.Mode, "cert-mode", certModeFiles, "where the serving certificate comes from: files (--cert-dir as given), self-managed (sparkhook creates and rotates it; needs a cluster) or cert-manager (a cert-manager Certificate's Secret mounted at --cert-dir; needs a cluster)")
	fs.StringVar(&c.ServiceName, "service-name", DefaultServiceName, "self-managed: the Service the API server calls sparkhook through; the certificate is for <service>.<namespace>.svc and .svc.cluster.local")
	fs.StringVar(&c.WebhookConfigName, "webhook-config-name", DefaultWebhookConfigName, "self-managed: name of the MutatingWebhookConfiguration and the ValidatingWebhookConfiguration whose caBundle sparkhook writes")
	fs.StringVar(&c.SecretName, "secret-name", DefaultSecretName, "self-managed: the Secret in --namespace holding the CA and the serving certificate")
	fs.DurationVar(&c.CertLifetime, "cert-lifetime", certs.DefaultServingLifetime, "self-managed: lifetime of a serving certificate; renewed at two thirds")
	fs.DurationVar(&c.CALifetime, "ca-lifetime", certs.DefaultCALifetime, "self-managed: lifetime of a CA; renewed at two thirds, the old one trusted until it expires")
	fs.StringVar(&c.CertificateName, "certificate-name", DefaultCertificateName, "cert-manager: the Certificate in --namespace whose Secret is mounted at --cert-dir")
}

// validate reports a usage error in the certificate flags.
func (c certConfig) validate(namespace string) error {
	switch c.Mode {
	case certModeFiles, "": // "": a serveConfig built in code, not from flags
		return nil
	case certModeSelfManaged:
		var errs []error
		for flag, v := range map[string]string{"--service-name": c.ServiceName, "--webhook-config-name": c.WebhookConfigName, "--secret-name": c.SecretName} {
			if v == "" {
				errs = append(errs, fmt.Errorf("%s is required with --cert-mode=%s", flag, c.Mode))
			}
		}
		// Without a service name the policy has no host, which the line
		// above already says; its lifetimes are checked once it has one.
		if c.ServiceName != "" {
			if err := c.policy(namespace).Validate(); err != nil {
				errs = append(errs, fmt.Errorf("--cert-lifetime, --ca-lifetime: %w", err))
			}
		}
		return errors.Join(errs...)
	case certModeCertManager:
		if c.CertificateName == "" {
			return fmt.Errorf("--certificate-name is required with --cert-mode=%s", c.Mode)
		}
		return nil
	}
	return fmt.Errorf("--cert-mode %q: want %s, %s or %s", c.Mode, certModeFiles, certModeSelfManaged, certModeCertManager)
}

// needsCluster reports a mode that reads or writes API objects.
func (c certConfig) needsCluster() bool {
	return c.Mode == certModeSelfManaged || c.Mode == certModeCertManager
}

// policy is the self-managed certificates' policy: names the API server
// verifies (<service>.<namespace>.svc) and the in-cluster DNS name.
func (c certConfig) policy(namespace string) certs.Policy {
	var hosts []string
	if c.ServiceName != "" {
		svc := c.ServiceName + "." + namespace + ".svc"
		hosts = []string{svc, svc + ".cluster.local"}
	}
	return certs.Policy{Hosts: hosts, ServingLifetime: c.CertLifetime, CALifetime: c.CALifetime}
}

// cacheOptions limits the manager's cache, for the objects the mode reads,
// to the ones sparkhook owns (and RBAC lets it read).
func (c certConfig) cacheOptions(namespace string) map[client.Object]cache.ByObject {
	switch c.Mode {
	case certModeSelfManaged:
		return certs.CacheOptions(namespace, c.SecretName, c.WebhookConfigName)
	case certModeCertManager:
		return certs.CertManagerCacheOptions(namespace, c.CertificateName)
	}
	return nil
}

// setupCertificates adds to r what the certificate mode runs, and its
// readiness checks. In the self-managed mode it first makes sure the
// certificates exist in --cert-dir, which the served certificate is loaded
// from before the webhook server starts.
func (s *server) setupCertificates(ctx context.Context, mgr manager.Manager, r *runnables) error {
	c := s.cfg.Certs
	switch c.Mode {
	case certModeSelfManaged:
		sm := &certs.SelfManaged{
			Client: mgr.GetClient(), Reader: mgr.GetAPIReader(), Cache: mgr.GetCache(),
			Namespace: s.cfg.Namespace, SecretName: c.SecretName, WebhookConfigName: c.WebhookConfigName,
			CertDir: s.cfg.CertDir, Policy: c.policy(s.cfg.Namespace),
		}
		if err := sm.Bootstrap(ctx); err != nil {
			return err
		}
		r.add(sm)
		r.ready("trusted", sm.Trusted(s.served.Leaf))
	case certModeCertManager:
		cm := &certs.CertManager{Cache: mgr.GetCache(), Namespace: s.cfg.Namespace, Name: c.CertificateName, Metrics: s.certMetrics}
		r.add(cm)
		r.ready("cert-manager", cm.Ready)
	}
	return s.served.Load()
}
