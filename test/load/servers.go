package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// target is one webhook under load: its URL and a keep-alive client that
// trusts it.
type target struct {
	name   string
	url    string
	client *http.Client
}

// writeCerts writes development certificates for 127.0.0.1 into dir and
// returns a pool holding their CA.
func writeCerts(dir string) (*x509.CertPool, error) {
	if err := certs.DevelopmentCerts(dir, []string{"127.0.0.1"}, time.Hour); err != nil {
		return nil, err
	}
	ca, err := os.ReadFile(filepath.Join(dir, "ca.crt"))
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(ca) {
		return nil, fmt.Errorf("no CA in %s/ca.crt", dir)
	}
	return roots, nil
}

// startServers serves, in this process, sparkhook's Pod handler over a
// registry of n templates and the baseline, each on its own
// controller-runtime webhook server built by webhook.NewServer (the TLS
// settings of `sparkhook serve`), on free loopback ports.
func startServers(ctx context.Context, certDir string, roots *x509.CertPool, templates, workers int) ([]*target, error) {
	registry, err := benchdata.Registry(templates)
	if err != nil {
		return nil, err
	}
	scheme := benchdata.Scheme()
	metrics, err := webhook.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		return nil, err
	}
	handlers := []struct {
		name    string
		handler admission.Handler
	}{
		{"baseline", &benchdata.AllowHandler{Decoder: admission.NewDecoder(scheme)}},
		// As `sparkhook serve` registers it (cmd/sparkhook/server.go).
		{"sparkhook", webhook.EncodePatches(webhook.NewPodHandler(scheme, registry, config.Default(), metrics))},
	}
	var targets []*target
	for _, h := range handlers {
		port, err := cluster.FreePort()
		if err != nil {
			return nil, err
		}
		srv := webhook.NewServer(ctrlwebhook.Options{Host: "127.0.0.1", Port: port, CertDir: certDir})
		srv.Register(webhook.PathMutatePod, &admission.Webhook{Handler: h.handler})
		stopped := make(chan struct{})
		var startErr error
		go func() {
			// Everything the server runs carries its name, so that
			// `pprof -tagfocus server=sparkhook` shows one server only.
			pprof.Do(ctx, pprof.Labels("server", h.name), func(ctx context.Context) { startErr = srv.Start(ctx) })
			close(stopped)
		}()
		t := &target{
			name:   h.name,
			url:    "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + webhook.PathMutatePod,
			client: newClient(roots, workers),
		}
		if err := waitServing(ctx, t, stopped); err != nil {
			select {
			case <-stopped:
				err = fmt.Errorf("%w: %w", err, startErr)
			default:
			}
			return nil, fmt.Errorf("%s: %w", h.name, err)
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// newClient is an HTTP/1.1 client with up to conns keep-alive connections,
// as the API server keeps them to a webhook.
func newClient(roots *x509.CertPool, conns int) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
		},
	}
}

// waitServing waits until the server accepts TLS connections, or stopped
// is closed.
func waitServing(ctx context.Context, t *target, stopped <-chan struct{}) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := t.client.Get(t.url)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-stopped:
			return fmt.Errorf("server stopped")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not serving after 10s: %w", err)
		}
	}
}
