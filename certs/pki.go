// Package certs creates and keeps sparkhook's TLS material: a CA and the
// serving certificate it signs, as the API server needs to call a webhook.
//
//   - pki.go, material.go: keys and certificates, and the self-managed
//     Secret's content.
//   - rotation.go: Policy.Plan, when a CA or serving certificate is
//     replaced and which CAs the bundle keeps (pure, no I/O).
//   - selfmanaged.go, secret.go, inject.go: SelfManaged, the runnable that
//     keeps the Secret, the files and the webhook configurations' caBundle.
//   - certmanager.go: CertManager, which reports a cert-manager Certificate.
//   - served.go, dir.go, metrics.go: the served certificate (reloaded from
//     a directory), atomic directory writes, metrics.
package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// File names in a certificate directory, as Kubernetes names the keys of a
// kubernetes.io/tls Secret and as controller-runtime's webhook server reads
// them by default.
const (
	FileCA   = "ca.crt"
	FileCert = "tls.crt"
	FileKey  = "tls.key"
)

// backdate is how far before its issue a certificate's validity starts,
// so that a peer whose clock is a little behind accepts it at once.
// Renewal times count from the issue, not from NotBefore (see renewAt).
const backdate = time.Minute

// KeyPair is a PEM certificate and its PEM private key.
type KeyPair struct {
	CertPEM []byte
	KeyPEM  []byte
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
}

// Certificate returns the parsed certificate.
func (k *KeyPair) Certificate() *x509.Certificate { return k.cert }

// ParseKeyPair reads a PEM certificate and its PEM ECDSA private key (as
// sign writes them), checking that they belong together: a Secret's or a
// directory's content is only trusted once it parses back.
func ParseKeyPair(certPEM, keyPEM []byte) (*KeyPair, error) {
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("parsing a key pair: %w", err)
	}
	key, ok := pair.PrivateKey.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("parsing a key pair: the key is a %T, not ECDSA", pair.PrivateKey)
	}
	return &KeyPair{CertPEM: certPEM, KeyPEM: keyPEM, cert: pair.Leaf, key: key}, nil
}

// NewCA creates a self-signed CA valid from now for lifetime.
func NewCA(commonName string, now time.Time, lifetime time.Duration) (*KeyPair, error) {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(lifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	return sign(tmpl, nil)
}

// IssueServing signs a serving certificate for hosts (DNS names or IP
// addresses) with ca, valid from now for lifetime.
func IssueServing(ca *KeyPair, hosts []string, now time.Time, lifetime time.Duration) (*KeyPair, error) {
	if len(hosts) == 0 {
		return nil, fmt.Errorf("a serving certificate needs at least one host")
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: hosts[0]},
		NotBefore:   now.Add(-backdate),
		NotAfter:    now.Add(lifetime),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	return sign(tmpl, ca)
}

// IssueClient signs a client certificate for commonName with ca, valid
// from now for lifetime: what an API server presents to a webhook served
// with --client-ca-file (its admission configuration's kubeConfigFile).
func IssueClient(ca *KeyPair, commonName string, now time.Time, lifetime time.Duration) (*KeyPair, error) {
	return sign(&x509.Certificate{
		Subject:     pkix.Name{CommonName: commonName},
		NotBefore:   now.Add(-backdate),
		NotAfter:    now.Add(lifetime),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca)
}

// sign creates a P-256 key and a certificate for it from tmpl, signed by
// parent, or self-signed when parent is nil.
func sign(tmpl *x509.Certificate, parent *KeyPair) (*KeyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating a key: %w", err)
	}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)); err != nil {
		return nil, fmt.Errorf("generating a serial number: %w", err)
	}
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, signer)
	if err != nil {
		return nil, fmt.Errorf("signing %q: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parsing %q: %w", tmpl.Subject.CommonName, err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding the key of %q: %w", tmpl.Subject.CommonName, err)
	}
	return &KeyPair{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		cert:    cert,
		key:     key,
	}, nil
}
