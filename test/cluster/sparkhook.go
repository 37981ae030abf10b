package cluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Process is a running `sparkhook serve`.
type Process struct {
	// MetricsURL is its Prometheus endpoint, http://127.0.0.1:PORT/metrics.
	MetricsURL string
	// ReadyURL is its readiness probe, http://127.0.0.1:PORT/readyz.
	ReadyURL string
	// LogFile holds everything it logged.
	LogFile string

	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
	err  error // the process's exit status, once done is closed
}

// Build compiles cmd/sparkhook into dir, so that tests and measurements
// run the code they are built with, never a stale bin/sparkhook. It builds
// in root, or in the current directory when root is empty: anywhere in the
// module.
func Build(ctx context.Context, root, dir string) (string, error) {
	out := filepath.Join(dir, "sparkhook")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "github.com/sparkhook/sparkhook/cmd/sparkhook")
	cmd.Dir = root
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build cmd/sparkhook: %w\n%s", err, output)
	}
	return out, nil
}

// WaitReady polls /readyz until it answers 200, the process exits or ctx
// ends.
func (p *Process) WaitReady(ctx context.Context) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.ReadyURL, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("sparkhook serve exited before it was ready (%v); its log ends:\n%s", p.err, p.LogTail(40))
		case <-ctx.Done():
			return fmt.Errorf("sparkhook serve not ready (last: %v): %w; its log ends:\n%s", statusOrErr(resp, err), ctx.Err(), p.LogTail(40))
		case <-tick.C:
		}
	}
}

func statusOrErr(resp *http.Response, err error) any {
	if err != nil {
		return err
	}
	return resp.Status
}

// Pid is the process's id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// LogTail returns the last n lines of sparkhook's log.
func (p *Process) LogTail(n int) string {
	data, err := os.ReadFile(p.LogFile)
	if err != nil {
		return err.Error()
	}
	lines := strings.SplitAfter(string(data), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "")
}

// Stop interrupts sparkhook and waits for it to exit, killing it after
// timeout.
func (p *Process) Stop(timeout time.Duration) error {
	defer p.log.Close()
	select {
	case <-p.done:
		return nil
	default:
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(timeout):
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("sparkhook serve did not stop within %s; killed", timeout)
	}
}

// WebhookRequests is how many admission requests sparkhook has answered on
// the webhook path (e.g. /mutate--v1-pod), summed over response codes:
// controller-runtime's controller_runtime_webhook_requests_total, which has
// no sample for a path never requested.
func (p *Process) WebhookRequests(ctx context.Context, path string) (float64, error) {
	sum, _, err := p.Metric(ctx, "controller_runtime_webhook_requests_total", fmt.Sprintf("webhook=%q", path))
	return sum, err
}

// ClusterTemplates is how many SparkPodTemplate objects sparkhook has
// compiled into its registry (its sparkhook_templates gauge).
func (p *Process) ClusterTemplates(ctx context.Context) (float64, error) {
	sum, _, err := p.Metric(ctx, "sparkhook_templates", `source="cluster"`)
	return sum, err
}

// Metric reads sparkhook's /metrics and sums the samples of the metric
// name whose labels include label (name="value"; every sample of name when
// label is empty). found is how many there were: none is 0 for a counter
// never incremented, and a missing series for a gauge.
func (p *Process) Metric(ctx context.Context, name, label string) (sum float64, found int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.MetricsURL, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: %s", p.MetricsURL, resp.Status)
	}
	return sumSamples(resp.Body, name, label)
}

// sumSamples adds up the samples of metric whose labels include label, in
// the Prometheus text format, and counts them.
func sumSamples(r io.Reader, metric, label string) (sum float64, found int, err error) {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		var labels, value string
		if rest, ok := strings.CutPrefix(line, metric+"{"); ok {
			if labels, value, ok = strings.Cut(rest, "} "); !ok {
				continue
			}
		} else if value, ok = strings.CutPrefix(line, metric+" "); !ok {
			continue
		}
		if !strings.Contains(labels, label) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", line, err)
		}
		sum += v
		found++
	}
	return sum, found, scanner.Err()
}

// FreePort returns a loopback TCP port that was free a moment ago: another
// process may take it before the caller listens, which a test on a shared
// machine accepts for not having to pass listeners around.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// TestPort is FreePort for a test, which it fails when no port is free.
func TestPort(t testing.TB) int {
	t.Helper()
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}
