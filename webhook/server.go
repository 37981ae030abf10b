package webhook

import (
	"crypto/tls"

	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"
)

// NewServer returns controller-runtime's webhook server with sparkhook's TLS
// settings (SecureTLS) ahead of any in opts: `sparkhook serve` and the load
// generator (test/load) serve through it, so that what is measured is what
// runs.
func NewServer(opts ctrlwebhook.Options) ctrlwebhook.Server {
	opts.TLSOpts = append([]func(*tls.Config){SecureTLS}, opts.TLSOpts...)
	return ctrlwebhook.NewServer(opts)
}

// SecureTLS sets TLS 1.2 as the least version and turns HTTP/2 off: the API
// server speaks HTTP/1.1 to webhooks, and HTTP/2 brings the Rapid Reset
// attacks (CVE-2023-44487) for nothing.
func SecureTLS(c *tls.Config) {
	c.MinVersion = tls.VersionTLS12
	c.NextProtos = []string{"http/1.1"}
}
