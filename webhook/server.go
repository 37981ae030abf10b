package webhook

import (
	"crypto/tls"
	"crypto/x509"

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

// SecureTLS sets TLS 1.2 as the least version, with only forward-secret
// AEAD cipher suites for it (TLS 1.3, preferred by Go whenever both sides
// speak it, has only such suites), and turns HTTP/2 off: the API server
// speaks HTTP/1.1 to webhooks, and HTTP/2 brings the Rapid Reset attacks
// (CVE-2023-44487) for nothing.
func SecureTLS(c *tls.Config) {
	c.MinVersion = tls.VersionTLS12
	c.CipherSuites = []uint16{
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	}
	c.NextProtos = []string{"http/1.1"}
}

// RequireClientCertificate makes the server verify that its caller — the API
// server, configured with a client certificate for webhooks through its
// AdmissionConfiguration — presents a certificate signed by one of cas.
func RequireClientCertificate(cas *x509.CertPool) func(*tls.Config) {
	return func(c *tls.Config) {
		c.ClientCAs = cas
		c.ClientAuth = tls.RequireAndVerifyClientCert
	}
}
