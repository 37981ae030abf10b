package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
	// No --kubeconfig: file templates only.
	args := []string{"serve", "--cert-dir", certDir, "--templates", tdir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(port), "--metrics-bind-address", "0",
		"--health-probe-bind-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(probe))}
	p, err := cluster.StartProcess(bin, args, filepath.Join(dir, "sparkhook-serve.log"), "", "")
	if err != nil {
		return rssResult{}, err
	}
	defer p.Stop(5 * time.Second)
	t := &target{
		name:   "sparkhook serve",
		url:    "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + webhook.PathMutatePod,
		client: newClient(roots, 4),
	}
	if err := waitServing(ctx, t, p.Done()); err != nil {
		return rssResult{}, fmt.Errorf("%w; its log ends:\n%s", err, p.LogTail(20))
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
	res.rss, res.hwm, err = procMemory(p.Pid())
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
