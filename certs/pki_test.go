package certs

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIssueServing(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name      string
		hosts     []string
		wantDNS   []string
		wantIPs   []string
		verifyFor string
	}{{
		name:      "service DNS names",
		hosts:     []string{"sparkhook.sparkhook-system.svc", "sparkhook.sparkhook-system.svc.cluster.local"},
		wantDNS:   []string{"sparkhook.sparkhook-system.svc", "sparkhook.sparkhook-system.svc.cluster.local"},
		verifyFor: "sparkhook.sparkhook-system.svc",
	}, {
		name:      "loopback for local runs",
		hosts:     []string{"localhost", "127.0.0.1"},
		wantDNS:   []string{"localhost"},
		wantIPs:   []string{"127.0.0.1"},
		verifyFor: "127.0.0.1",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ca, err := NewCA("test CA", now, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			serving, err := IssueServing(ca, tc.hosts, now, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			cert := serving.Certificate()
			var ips []string
			for _, ip := range cert.IPAddresses {
				ips = append(ips, ip.String())
			}
			if diff := cmp.Diff(tc.wantDNS, cert.DNSNames); diff != "" {
				t.Errorf("DNS SANs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantIPs, ips); diff != "" {
				t.Errorf("IP SANs (-want +got):\n%s", diff)
			}
			roots := x509.NewCertPool()
			roots.AddCert(ca.Certificate())
			if _, err := cert.Verify(x509.VerifyOptions{DNSName: tc.verifyFor, Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err != nil {
				t.Errorf("the serving certificate does not verify for %s against its CA: %v", tc.verifyFor, err)
			}
			if cert.NotAfter.After(now.Add(time.Hour + time.Second)) {
				t.Errorf("NotAfter = %v, want at most an hour from now", cert.NotAfter)
			}
		})
	}
}

func TestIssueServingNeedsAHost(t *testing.T) {
	ca, err := NewCA("test CA", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := IssueServing(ca, nil, time.Now(), time.Hour); err == nil {
		t.Fatal("IssueServing with no host succeeded; want an error")
	}
}

func TestDevelopmentCerts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "certs")
	if err := DevelopmentCerts(dir, []string{"localhost", "127.0.0.1"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, FileCert), filepath.Join(dir, FileKey))
	if err != nil {
		t.Fatalf("the written key pair does not load: %v", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, FileCA))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.crt holds no certificate")
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "localhost"}); err != nil {
		t.Errorf("tls.crt does not verify against ca.crt: %v", err)
	}
	if !leaf.IPAddresses[0].Equal(net.ParseIP("127.0.0.1")) {
		t.Errorf("IP SAN = %v, want 127.0.0.1", leaf.IPAddresses)
	}
	info, err := os.Stat(filepath.Join(dir, FileKey))
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("tls.key mode = %v, want 0600", mode)
	}
}
