package webhook_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook"
)

// The benchmarks of the Pod webhook measure one admission as the webhook
// server runs it, minus TLS and HTTP: controller-runtime reads the
// AdmissionReview, PodHandler decodes the Pod, selects and merges the
// templates, builds the patch, and the reply is encoded. Each case is
// checked once (the patch applies and records every matching template)
// before it is timed. `make bench` runs them; test/load measures the same
// over HTTPS against a baseline.

// BenchmarkPodWebhook is sparkhook's Pod webhook on the real driver and
// executor with 10, 100 and 1000 registered templates of which 5 match, and
// on a 1500-env driver, a 64 KB driver, a reinvoked (already mutated)
// driver and a non-Spark Pod with 1000.
func BenchmarkPodWebhook(b *testing.B) {
	workloads, err := benchdata.Workloads()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10, 100, 1000} {
		registry, err := benchdata.Registry(n)
		if err != nil {
			b.Fatal(err)
		}
		metrics, err := webhook.NewMetrics(prometheus.NewRegistry())
		if err != nil {
			b.Fatal(err)
		}
		// As `sparkhook serve` registers it (cmd/sparkhook/server.go).
		wh := &admission.Webhook{Handler: webhook.EncodePatches(webhook.NewPodHandler(benchdata.Scheme(), registry, config.Default(), metrics))}
		for _, w := range workloads {
			if n != 1000 && w.Name != "driver" && w.Name != "executor" {
				continue
			}
			review := mustReview(b, w)
			mutated, err := benchdata.CheckMutation(review, serve(wh, review), w.Applied)
			if err != nil {
				b.Fatalf("%s: %v", w.Name, err)
			}
			b.Run(fmt.Sprintf("%s/templates=%d", w.Name, n), func(b *testing.B) { run(b, wh, review) })
			if n == 1000 && w.Name == "driver" {
				// The API server sends a mutated Pod again when another
				// webhook changed it (reinvocationPolicy: IfNeeded).
				again := mustReview(b, benchdata.Workload{Pod: mutated})
				if _, err := benchdata.CheckMutation(again, serve(wh, again), 0); err != nil {
					b.Fatalf("reinvoked: %v", err)
				}
				b.Run(fmt.Sprintf("driver-reinvoked/templates=%d", n), func(b *testing.B) { run(b, wh, again) })
			}
		}
	}
}

// BenchmarkAllowWebhook is the floor of BenchmarkPodWebhook: the same
// plumbing with a handler that decodes the Pod and allows it.
func BenchmarkAllowWebhook(b *testing.B) {
	workloads, err := benchdata.Workloads()
	if err != nil {
		b.Fatal(err)
	}
	wh := &admission.Webhook{Handler: &benchdata.AllowHandler{Decoder: admission.NewDecoder(benchdata.Scheme())}}
	for _, w := range workloads {
		b.Run(w.Name, func(b *testing.B) {
			review := mustReview(b, w)
			if _, err := benchdata.CheckMutation(review, serve(wh, review), 0); err != nil {
				b.Fatal(err)
			}
			run(b, wh, review)
		})
	}
}

func mustReview(b *testing.B, w benchdata.Workload) []byte {
	b.Helper()
	review, err := benchdata.Review(w.Pod, "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")
	if err != nil {
		b.Fatal(err)
	}
	return review
}

func run(b *testing.B, wh *admission.Webhook, review []byte) {
	b.SetBytes(int64(len(review)))
	b.ReportAllocs()
	w := &discard{header: http.Header{}}
	cpu := benchdata.CPUTime()
	for b.Loop() {
		w.Reset()
		wh.ServeHTTP(w, request(review))
		if w.status != 0 && w.status != http.StatusOK {
			b.Fatalf("HTTP %d", w.status)
		}
	}
	// The process' CPU time per review (GC included): on a machine shared
	// with other processes, the figure to compare, not ns/op.
	b.ReportMetric(float64(benchdata.CPUTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// serve returns the reply to one review.
func serve(wh *admission.Webhook, review []byte) []byte {
	w := &discard{header: http.Header{}}
	wh.ServeHTTP(w, request(review))
	return w.Bytes()
}

func request(review []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, webhook.PathMutatePod, bytes.NewReader(review))
	if err != nil {
		panic(err)
	}
	r.Header.Set("Content-Type", "application/json")
	return r
}

// discard is a ResponseWriter that keeps the reply in a reused buffer.
type discard struct {
	bytes.Buffer
	header http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) WriteHeader(status int)      { d.status = status }
func (d *discard) Write(p []byte) (int, error) { return d.Buffer.Write(p) }
