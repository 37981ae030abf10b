package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// envRunMain makes the test binary run sparkhook's main instead of the
// tests, so that a test can run `sparkhook serve` as a process of its own
// and send it real signals.
const envRunMain = "SPARKHOOK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestGracefulShutdown sends a `sparkhook serve` process SIGTERM while
// clients post Spark driver reviews, and checks the order Kubernetes
// relies on: readiness fails at once, reviews keep being answered for the
// shutdown delay (endpoints take a moment to drop the replica), a review in
// flight when the servers stop still completes, and the process exits 0
// well within a Pod's default 30 s grace period. No review may fail.
func TestGracefulShutdown(t *testing.T) {
	const delay = 2 * time.Second
	proc, s := startServeProcess(t, delay)
	review := readJSON(t, driverReview)

	var sent, failed atomic.Int64
	var firstErr atomic.Value
	stop := make(chan struct{})
	var senders sync.WaitGroup
	for range 4 {
		senders.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.post(bytes.NewReader(review)); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				sent.Add(1)
			}
		})
	}
	time.Sleep(300 * time.Millisecond) // reviews before the signal, too

	signalled := time.Now()
	if err := proc.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The kubelet counts any status from 400 up as a failed probe.
	poll(t, time.Second, "/readyz to fail after SIGTERM", func() bool { return s.probe("/readyz") >= http.StatusBadRequest })
	notReady := time.Since(signalled)

	// Endpoints stop routing to the replica some time into the delay.
	time.Sleep(time.Until(signalled.Add(delay / 2)))
	close(stop)
	senders.Wait()

	// A review whose body is still arriving when the delay ends and the
	// servers shut down: it is in flight, so it must be answered.
	time.Sleep(time.Until(signalled.Add(delay - 300*time.Millisecond)))
	if err := s.post(slowBody(review, 800*time.Millisecond)); err != nil {
		t.Errorf("the review in flight at shutdown failed: %v", err)
	}

	exited := make(chan error, 1)
	go func() { exited <- proc.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("sparkhook serve exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(delay + 10*time.Second):
		t.Fatalf("sparkhook serve still running %v after SIGTERM", delay+10*time.Second)
	}
	took := time.Since(signalled)
	t.Logf("readiness failed %v after SIGTERM; %d reviews answered; exit after %v", notReady.Round(time.Millisecond), sent.Load(), took.Round(time.Millisecond))
	if n := failed.Load(); n > 0 {
		t.Errorf("%d reviews failed during the shutdown; the first: %v", n, firstErr.Load())
	}
	if sent.Load() < 20 {
		t.Errorf("only %d reviews were answered: the test did not send throughout the shutdown", sent.Load())
	}
	if took < delay {
		t.Errorf("the process exited %v after SIGTERM, before the %v shutdown delay", took, delay)
	}
}

// startServeProcess runs `sparkhook serve` (this test binary, see TestMain)
// with the embedded example templates and no cluster, and waits until it
// is ready. The process is killed if the test leaves it running.
func startServeProcess(t *testing.T, shutdownDelay time.Duration) (*exec.Cmd, *testServer) {
	t.Helper()
	certDir := t.TempDir()
	if err := certs.DevelopmentCerts(certDir, []string{"127.0.0.1"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	port, probePort := cluster.TestPort(t), cluster.TestPort(t)
	probeAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(probePort))
	cmd := exec.Command(os.Args[0], "serve", "--cert-dir", certDir, "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--metrics-bind-address", "0", "--health-probe-bind-address", probeAddr, "--shutdown-delay", shutdownDelay.String())
	// No cluster, even when the tests run in a Pod: file templates only.
	cmd.Env = append(os.Environ(), envRunMain+"=1", "KUBERNETES_SERVICE_HOST=")
	logFile := filepath.Join(t.TempDir(), "serve.log")
	log, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		log.Close()
		if t.Failed() {
			data, _ := os.ReadFile(logFile)
			t.Logf("sparkhook serve's log:\n%s", data)
		}
	})
	s := newTestServer(t, certDir, port, probeAddr)
	poll(t, 30*time.Second, "sparkhook serve to be ready", func() bool { return s.probe("/readyz") == http.StatusOK })
	return cmd, s
}

// post sends one review and checks that it was answered: HTTP 200, allowed,
// with a patch.
func (s *testServer) post(body io.Reader) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "https://"+s.addr+webhook.PathMutatePod, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(data, []byte(`"allowed":true`)) || !bytes.Contains(data, []byte(`"patch":`)) {
		return fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, data)
	}
	return nil
}

// slowBody yields the first half of data at once and the rest after pause.
func slowBody(data []byte, pause time.Duration) io.Reader {
	r, w := io.Pipe()
	go func() {
		half := len(data) / 2
		if _, err := w.Write(data[:half]); err != nil {
			w.CloseWithError(err)
			return
		}
		time.Sleep(pause)
		_, err := w.Write(data[half:])
		w.CloseWithError(err) // nil: the body ends
	}()
	return r
}
