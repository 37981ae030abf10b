package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

const driverReview = "../../test/testdata/reviews/driver-review.json"

// testServer is a running `sparkhook serve` and a client that trusts it.
type testServer struct {
	addr, probeAddr string
	roots           *x509.CertPool
	client          *http.Client
}

var quietControllerRuntime sync.Once

// startServe runs serve in-process with fresh development certificates on
// free loopback ports, and returns once /readyz answers 200. The server
// stops when the test ends.
func startServe(t *testing.T, templatesDir string) *testServer {
	t.Helper()
	return startServeWith(t, templatesDir, nil)
}

// startServeWith is startServe with edit applied to the configuration, and
// before it starts.
func startServeWith(t *testing.T, templatesDir string, edit func(*serveConfig)) *testServer {
	t.Helper()
	quietControllerRuntime.Do(func() { logf.SetLogger(logr.Discard()) })
	// No cluster, even when the tests run in a Pod: file templates only.
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	certDir := t.TempDir()
	if err := certs.DevelopmentCerts(certDir, []string{"127.0.0.1", "localhost"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	port, probePort := cluster.TestPort(t), cluster.TestPort(t)
	cfg := serveConfig{
		CertDir:      certDir,
		TemplatesDir: templatesDir,
		ConfigFile:   exampleConfig,
		Host:         "127.0.0.1",
		Port:         port,
		MetricsAddr:  "0",
		ProbeAddr:    net.JoinHostPort("127.0.0.1", strconv.Itoa(probePort)),
	}
	if edit != nil {
		edit(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after the context was cancelled", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop within 10s of the context being cancelled")
		}
	})

	s := newTestServer(t, certDir, port, cfg.ProbeAddr)
	poll(t, 20*time.Second, "/readyz to answer 200", func() bool {
		select {
		case err := <-done:
			t.Fatalf("serve stopped before it was ready: %v", err)
		default:
		}
		return s.probe("/readyz") == http.StatusOK
	})
	return s
}

// newTestServer is a client of a serve on 127.0.0.1:port that trusts the CA
// in certDir.
func newTestServer(t *testing.T, certDir string, port int, probeAddr string) *testServer {
	t.Helper()
	ca, err := os.ReadFile(filepath.Join(certDir, certs.FileCA))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	s := &testServer{
		addr:      net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		probeAddr: probeAddr,
		roots:     roots,
		client:    &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, MaxIdleConnsPerHost: 8}},
	}
	t.Cleanup(s.client.CloseIdleConnections)
	return s
}

// poll calls cond every 25ms until it holds, failing the test after timeout.
func poll(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// probe returns the status code of a GET on the probe server, or 0.
func (s *testServer) probe(path string) int {
	resp, err := http.Get("http://" + s.probeAddr + path)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// review posts an AdmissionReview to the Pod webhook and returns the HTTP
// response (body consumed) and the decoded reply.
func (s *testServer) review(t *testing.T, body []byte) (*http.Response, *admissionv1.AdmissionReview) {
	t.Helper()
	resp, err := s.client.Post("https://"+s.addr+webhook.PathMutatePod, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("posting the review: %v", err)
	}
	defer resp.Body.Close()
	out := &admissionv1.AdmissionReview{}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("decoding the reply (HTTP %d): %v", resp.StatusCode, err)
	}
	if out.Response == nil {
		t.Fatalf("the reply has no response: %+v", out)
	}
	return resp, out
}

// TestServe posts every Pod fixture, as the API server would, to a running
// `sparkhook serve` and checks that the served patch gives exactly what
// `sparkhook mutate` prints, and a Pod that decodes strictly.
func TestServe(t *testing.T) {
	s := startServe(t, exampleTemplatesDir)
	type input struct {
		name, pod string
		review    func(t *testing.T) []byte
	}
	var inputs []input
	for _, name := range podFixtures(t) {
		path := filepath.Join(podsDir, name)
		inputs = append(inputs, input{name: name, pod: path, review: func(t *testing.T) []byte {
			return reviewOf(t, readJSON(t, path), "uid-"+strings.TrimSuffix(name, ".yaml"))
		}})
	}
	inputs = append(inputs, input{name: "reviews/driver-review.json", pod: driverFixture, review: func(t *testing.T) []byte {
		data, err := os.ReadFile(driverReview)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}})
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			body := in.review(t)
			var sent admissionv1.AdmissionReview
			if err := json.Unmarshal(body, &sent); err != nil {
				t.Fatal(err)
			}
			resp, got := s.review(t, body)
			if resp.StatusCode != http.StatusOK || resp.Proto != "HTTP/1.1" {
				t.Errorf("HTTP status %d over %s, want 200 over HTTP/1.1", resp.StatusCode, resp.Proto)
			}
			r := got.Response
			if got.APIVersion != "admission.k8s.io/v1" || got.Kind != "AdmissionReview" || r.UID != sent.Request.UID {
				t.Errorf("reply %s %s uid %q, want admission.k8s.io/v1 AdmissionReview uid %q", got.APIVersion, got.Kind, r.UID, sent.Request.UID)
			}
			if !r.Allowed || r.PatchType == nil || *r.PatchType != admissionv1.PatchTypeJSONPatch {
				t.Fatalf("allowed %v, patch type %v, result %+v; want allowed with a JSONPatch", r.Allowed, r.PatchType, r.Result)
			}
			patched := applyJSONPatch(t, sent.Request.Object.Raw, r.Patch)
			strictPod(t, patched)

			offline, warnings, err := mutate(context.Background(), exampleMutateConfig(in.pod, "json"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decoded(t, offline), decoded(t, patched)); diff != "" {
				t.Errorf("served patch applied to the input differs from sparkhook mutate (-mutate +served):\n%s", diff)
			}
			if diff := cmp.Diff(warnings, r.Warnings); diff != "" {
				t.Errorf("warnings (-mutate +served):\n%s", diff)
			}
		})
	}
}

// TestDriverReviewFile keeps the review `make run` tells people to post in
// step with the fixture it carries.
func TestDriverReviewFile(t *testing.T) {
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(readJSON(t, driverReview), &review); err != nil {
		t.Fatal(err)
	}
	req := review.Request
	if review.APIVersion != "admission.k8s.io/v1" || req == nil || req.UID == "" || req.Operation != admissionv1.Create ||
		req.Kind.Kind != "Pod" || req.Resource.Resource != "pods" || req.Namespace != "spark-jobs" {
		t.Fatalf("%s is not a v1 CREATE review of a Pod in spark-jobs with a uid: %+v", driverReview, req)
	}
	if diff := cmp.Diff(decoded(t, readJSON(t, driverFixture)), decoded(t, req.Object.Raw)); diff != "" {
		t.Errorf("the review's object differs from %s (-fixture +review):\n%s", driverFixture, diff)
	}
}

func TestServeTLSAndProbes(t *testing.T) {
	s := startServe(t, exampleTemplatesDir)
	tests := []struct {
		name      string
		config    *tls.Config // RootCAs and ServerName are added
		wantErr   string      // substring of the handshake error
		wantProto string
	}{{
		name:    "TLS 1.1 is refused",
		config:  &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11},
		wantErr: "remote error: tls: protocol version not supported",
	}, {
		name:   "TLS 1.2 is accepted",
		config: &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12},
	}, {
		name:      "HTTP/2 is not offered",
		config:    &tls.Config{NextProtos: []string{"h2", "http/1.1"}},
		wantProto: "http/1.1",
	}, {
		name:    "a client offering only h2 is refused",
		config:  &tls.Config{NextProtos: []string{"h2"}},
		wantErr: "remote error: tls: no application protocol",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.config.Clone()
			cfg.RootCAs, cfg.ServerName = s.roots, "127.0.0.1"
			conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", s.addr, cfg)
			if tc.wantErr != "" {
				if err == nil {
					conn.Close()
					t.Fatalf("handshake succeeded, want an error containing %q", tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("handshake error %q, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("handshake: %v", err)
			}
			defer conn.Close()
			if got := conn.ConnectionState().NegotiatedProtocol; got != tc.wantProto {
				t.Errorf("negotiated protocol %q, want %q", got, tc.wantProto)
			}
		})
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if got := s.probe(path); got != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, got)
		}
	}
}

// TestServeReloadsTemplates changes the template directory of a running
// server and waits, bounded, for the next review to use the new template.
func TestServeReloadsTemplates(t *testing.T) {
	dir := templatesCopy(t, nil)
	s := startServe(t, dir)
	review := reviewOf(t, readJSON(t, driverFixture), "uid-reload")
	labels := func() map[string]string {
		var sent admissionv1.AdmissionReview
		if err := json.Unmarshal(review, &sent); err != nil {
			t.Fatal(err)
		}
		_, got := s.review(t, review)
		pod := podFrom(t, applyJSONPatch(t, sent.Request.Object.Raw, got.Response.Patch))
		return pod.Labels
	}
	if _, ok := labels()["reloaded"]; ok {
		t.Fatal("the label is there before the template is")
	}

	added := `{apiVersion: sparkhook.io/v1alpha1, kind: SparkPodTemplate, metadata: {name: reloaded},
  spec: {roles: [driver], template: {metadata: {labels: {reloaded: "yes"}}}}}`
	// Written aside and renamed, as an editor or a ConfigMap update does, so
	// the server never reads half a file.
	tmp := filepath.Join(dir, ".reloaded.yaml.tmp")
	if err := os.WriteFile(tmp, []byte(added), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "reloaded.yaml")); err != nil {
		t.Fatal(err)
	}
	// The FileSource watches with fsnotify and polls every 10s besides.
	poll(t, 25*time.Second, fmt.Sprintf("the template added to %s to be served", dir), func() bool {
		return labels()["reloaded"] == "yes"
	})
}
