package certs

import (
	"bytes"
	"crypto/x509"
	"strings"
	"testing"
	"time"
)

func TestSecretDataRoundTrip(t *testing.T) {
	now := time.Now()
	old, err := NewCA("old", now.Add(-time.Hour), 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	m := material(t, testPolicy, now, now, old)
	got, err := ParseSecretData(m.SecretData())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Bundle) != 2 || !got.Bundle[0].Equal(m.CA.cert) || !got.Bundle[1].Equal(old.cert) {
		t.Errorf("bundle did not survive the round trip")
	}
	if !got.Serving.cert.Equal(m.Serving.cert) || !bytes.Equal(got.CA.KeyPEM, m.CA.KeyPEM) {
		t.Errorf("key pairs did not survive the round trip")
	}
	// The parsed CA can sign again.
	if _, err := IssueServing(got.CA, testHosts, now, time.Hour); err != nil {
		t.Errorf("signing with the parsed CA: %v", err)
	}
}

func TestParseSecretDataRefusesInconsistentContent(t *testing.T) {
	now := time.Now()
	m := material(t, testPolicy, now, now)
	other := material(t, testPolicy, now, now)
	serving, err := IssueServing(m.CA, testHosts, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		edit    func(map[string][]byte)
		wantErr string
	}{
		{name: "empty Secret", edit: func(d map[string][]byte) { clear(d) }, wantErr: "ca.crt: no PEM certificate"},
		{name: "CA key of another CA", edit: func(d map[string][]byte) { d[SecretKeyCAKey] = other.CA.KeyPEM }, wantErr: "ca.key and the first CA"},
		{name: "serving key of another certificate", edit: func(d map[string][]byte) { d[FileKey] = serving.KeyPEM }, wantErr: "tls.crt and tls.key"},
		{name: "first bundle entry not a CA", edit: func(d map[string][]byte) {
			d[FileCA], d[SecretKeyCAKey] = m.Serving.CertPEM, m.Serving.KeyPEM
		}, wantErr: "not a CA"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := m.SecretData()
			tc.edit(data)
			_, err := ParseSecretData(data)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseSecretData = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestBundleHas(t *testing.T) {
	now := time.Now()
	a, b := material(t, testPolicy, now, now), material(t, testPolicy, now, now)
	both := append(a.BundlePEM(), b.BundlePEM()...)
	for _, tc := range []struct {
		name   string
		bundle []byte
		cert   *x509.Certificate
		want   bool
	}{
		{"in a bundle of two", both, b.CA.cert, true},
		{"not in it", a.BundlePEM(), b.CA.cert, false},
		{"empty bundle", nil, a.CA.cert, false},
	} {
		if got := bundleHas(tc.bundle, tc.cert); got != tc.want {
			t.Errorf("%s: bundleHas = %v, want %v", tc.name, got, tc.want)
		}
	}
}
