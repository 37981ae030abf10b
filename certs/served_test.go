package certs

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestServedReloads checks what both certificate modes rely on: a key pair
// replaced in the directory (as SelfManaged and the kubelet replace it) is
// served within seconds, and the expiry metric follows it.
func TestServedReloads(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	first := material(t, testPolicy, now, now)
	if err := WriteDir(dir, first.BundlePEM(), first.Serving); err != nil {
		t.Fatal(err)
	}
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	served := NewServed(dir, metrics)
	if _, err := served.Leaf(); err == nil {
		t.Fatal("Leaf before Load succeeded")
	}
	if err := served.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go served.Start(ctx)

	second, err := IssueServing(first.CA, testHosts, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, first.BundlePEM(), second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		leaf, err := served.Leaf()
		if err == nil && leaf.Equal(second.cert) {
			break
		}
		if time.Now().After(deadline) {
			serving := "nothing"
			if leaf != nil {
				serving = leaf.SerialNumber.String()
			}
			t.Fatalf("the replaced certificate is not served after 5s (serving %s, %v)", serving, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	want := float64(second.cert.NotAfter.Unix())
	for time.Now().Before(deadline) && testutil.ToFloat64(metrics.servedExpiry) != want {
		time.Sleep(50 * time.Millisecond) // the callback runs on its own goroutine
	}
	if got := testutil.ToFloat64(metrics.servedExpiry); got != want {
		t.Errorf("sparkhook_serving_certificate_expiry_timestamp_seconds = %v, want %v", got, want)
	}
	if err := served.Valid()(&http.Request{}); err != nil {
		t.Errorf("Valid() = %v", err)
	}
}
