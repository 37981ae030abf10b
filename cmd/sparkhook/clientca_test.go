package main

import (
	"bytes"
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/webhook"
)

// TestServeClientCA serves with --client-ca-file and checks that only a
// caller presenting a client certificate that CA signed — the API server,
// configured with one — gets a review answered.
func TestServeClientCA(t *testing.T) {
	now := time.Now()
	trusted, err := certs.NewCA("api-server-clients", now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := certs.NewCA("someone-else", now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "client-ca.crt")
	if err := os.WriteFile(caFile, trusted.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServeWith(t, exampleTemplatesDir, func(c *serveConfig) { c.ClientCAFile = caFile })

	tests := []struct {
		name     string
		issuer   *certs.KeyPair // nil: no client certificate
		answered bool
	}{
		{name: "no client certificate", issuer: nil},
		{name: "a certificate from another CA", issuer: stranger},
		{name: "a certificate from the client CA", issuer: trusted, answered: true},
	}
	review := readJSON(t, driverReview)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &tls.Config{RootCAs: s.roots, MinVersion: tls.VersionTLS12}
			if tc.issuer != nil {
				pair, err := certs.IssueClient(tc.issuer, "kube-apiserver", now, time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				cert, err := tls.X509KeyPair(pair.CertPEM, pair.KeyPEM)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Certificates = []tls.Certificate{cert}
			}
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
			defer client.CloseIdleConnections()
			resp, err := client.Post("https://"+s.addr+webhook.PathMutatePod, "application/json", bytes.NewReader(review))
			if resp != nil {
				resp.Body.Close()
			}
			switch {
			case tc.answered && (err != nil || resp.StatusCode != http.StatusOK):
				t.Fatalf("a trusted caller got %v, %v; want HTTP 200", resp, err)
			case !tc.answered && err == nil:
				t.Fatalf("answered HTTP %d without a trusted client certificate", resp.StatusCode)
			}
		})
	}
}
