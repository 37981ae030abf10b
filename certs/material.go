package certs

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// SecretKeyCAKey is the key of the self-managed Secret that holds the
// signing CA's private key. The other keys are a kubernetes.io/tls Secret's
// own: tls.crt, tls.key and ca.crt (FileCert, FileKey, FileCA).
const SecretKeyCAKey = "ca.key"

// Material is everything the self-managed Secret holds: the CA bundle the
// webhook configurations must trust, the CA that signs new serving
// certificates, and the serving key pair.
//
// Bundle[0] is always the signing CA. A CA stays in the bundle after it is
// replaced, until it expires (see Policy.Plan): a replica that has not yet
// picked up the new serving certificate is still trusted meanwhile.
type Material struct {
	Bundle  []*x509.Certificate
	CA      *KeyPair
	Serving *KeyPair
}

// BundlePEM is the CA bundle as the webhook configurations' caBundle and the
// Secret's ca.crt hold it: one PEM block per CA, the signing CA first.
func (m *Material) BundlePEM() []byte {
	var b bytes.Buffer
	for _, c := range m.Bundle {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

// SecretData is the content of the self-managed Secret.
func (m *Material) SecretData() map[string][]byte {
	return map[string][]byte{
		FileCA:         m.BundlePEM(),
		SecretKeyCAKey: m.CA.KeyPEM,
		FileCert:       m.Serving.CertPEM,
		FileKey:        m.Serving.KeyPEM,
	}
}

// ParseSecretData reads what SecretData wrote. Anything missing, unparsable
// or inconsistent (a CA key that is not the first CA's) is an error: the
// caller then replaces the content rather than serve from it.
func ParseSecretData(data map[string][]byte) (*Material, error) {
	bundle, err := ParseCertificates(data[FileCA])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FileCA, err)
	}
	var firstPEM bytes.Buffer
	pem.Encode(&firstPEM, &pem.Block{Type: "CERTIFICATE", Bytes: bundle[0].Raw})
	ca, err := ParseKeyPair(firstPEM.Bytes(), data[SecretKeyCAKey])
	if err != nil {
		return nil, fmt.Errorf("%s and the first CA of %s: %w", SecretKeyCAKey, FileCA, err)
	}
	if !ca.cert.IsCA {
		return nil, fmt.Errorf("the first certificate of %s is not a CA", FileCA)
	}
	serving, err := ParseKeyPair(data[FileCert], data[FileKey])
	if err != nil {
		return nil, fmt.Errorf("%s and %s: %w", FileCert, FileKey, err)
	}
	return &Material{Bundle: bundle, CA: ca, Serving: serving}, nil
}

// ParseCertificates reads every certificate of a PEM bundle; a bundle with
// none is an error.
func ParseCertificates(data []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing a certificate: %w", err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no PEM certificate")
	}
	return out, nil
}

// bundleHas reports whether bundle (PEM) holds the certificate c.
func bundleHas(bundle []byte, c *x509.Certificate) bool {
	certs, err := ParseCertificates(bundle)
	if err != nil {
		return false
	}
	for _, b := range certs {
		if b.Equal(c) {
			return true
		}
	}
	return false
}
