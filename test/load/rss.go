package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// rssResult is the memory of a `sparkhook serve` process after load.
type rssResult struct {
	rss, hwm  int64 // bytes: VmRSS and VmHWM (peak)
	templates int
	reviews   int
}

// measureRSS runs the sparkhook binary as `sparkhook serve` with no cluster
// and a --templates directory of n template files, sends it reviews
// requests, and reads its resident set size from /proc.
func measureRSS(ctx context.Context, bin, dir, certDir string, roots *x509.CertPool, n int, reviews []review, requests int, errs *errorLog) (rssResult, error) {
	tdir := filepath.Join(dir, "templates")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return rssResult{}, err
	}
	for _, f := range benchdata.Templates(n) {
		if err := os.WriteFile(filepath.Join(tdir, f.Name), f.Data, 0o644); err != nil {
			return rssResult{}, err
		}
	}
	port, err := cluster.FreePort()
	if err != nil {
		return rssResult{}, err
	}
	probe, err := cluster.FreePort()
	if err != nil {
		return rssResult{}, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve", "--cert-dir", certDir, "--templates", tdir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(port), "--metrics-bind-address", "0",
		"--health-probe-bind-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(probe)))
	// No cluster: file templates only, even when run inside a Pod.
	cmd.Env = append(os.Environ(), "KUBERNETES_SERVICE_HOST=")
	stderr := &tail{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return rssResult{}, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	t := &target{
		name:   "sparkhook serve",
		url:    "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + webhook.PathMutatePod,
		client: newClient(roots, 4),
	}
	if err := waitServing(ctx, t, exited); err != nil {
		return rssResult{}, fmt.Errorf("%w: %s", err, stderr)
	}
	if err := checkReplies(t, reviews); err != nil {
		return rssResult{}, err
	}
	var buf bytes.Buffer
	for i := range requests {
		if err := send(t, reviews[i%len(reviews)], &buf); err != nil {
			errs.add(t.name, err)
		}
	}
	res := rssResult{templates: n, reviews: requests}
	res.rss, res.hwm, err = procMemory(cmd.Process.Pid)
	return res, err
}

// procMemory reads VmRSS and VmHWM of a process.
func procMemory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %q: %w", key, value, err)
		}
		if key == "VmRSS" {
			rss = kb << 10
		} else {
			hwm = kb << 10
		}
	}
	if rss == 0 {
		return 0, 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return rss, hwm, sc.Err()
}

// buildSparkhook builds cmd/sparkhook into dir.
func buildSparkhook(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "sparkhook")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/sparkhook/sparkhook/cmd/sparkhook")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building sparkhook: %w", err)
	}
	return bin, nil
}

// tail keeps the last 2 KB written to it, for error messages.
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = t.b[len(t.b)-2048:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
