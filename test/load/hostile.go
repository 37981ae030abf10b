package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// hostileResult is what the hostile run measured.
type hostileResult struct {
	quiet, hostile       latencyStats
	quietN, hostileN     int
	quietRSS, hostileRSS int64 // peak VmRSS sampled in each phase
	hwm                  int64 // VmHWM at the end
	configMaps           map[int32]int
	configMapLatency     latencyStats
	roundRatios          []float64 // p99 hostile/quiet per round
}

// runHostile starts `sparkhook serve` as the Deployment runs it (its
// memory limit as GOMEMLIMIT), sends it Spark Pod reviews at a fixed rate
// alone, then again while hostile clients send worst-case 1 MiB ConfigMap
// reviews back to back, sampling its RSS. With several rounds the two
// phases alternate, each round a share of both durations, so that the
// ratio of a round compares phases a few seconds apart on a machine whose
// load drifts.
func runHostile(ctx context.Context, o options, dir string, log io.Writer) (*hostileResult, *errorLog, error) {
	certDir := filepath.Join(dir, "certs")
	roots, err := writeCerts(certDir)
	if err != nil {
		return nil, nil, err
	}
	p, port, err := startHostileServe(ctx, o, dir, certDir)
	if err != nil {
		return nil, nil, err
	}
	defer p.Stop(5 * time.Second)
	base := "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// As the API server calls webhooks: ?timeout= their timeoutSeconds.
	pods := &target{name: "sparkhook serve", url: base + webhook.PathMutatePod + "?timeout=5s", client: newClient(roots, o.rateWorkers)}
	if err := waitServing(ctx, pods, p.Done()); err != nil {
		return nil, nil, fmt.Errorf("%w; its log ends:\n%s", err, p.LogTail(20))
	}
	reviews, err := loadReviews()
	if err != nil {
		return nil, nil, err
	}
	hostile, err := hostileReviews()
	if err != nil {
		return nil, nil, err
	}
	if err := checkReplies(pods, reviews); err != nil {
		return nil, nil, err
	}
	errs := &errorLog{}
	fixedRate(pods, reviews, o.hostileRate, o.rateWorkers, 2*time.Second, errs) // warm-up
	sampler := startRSSSampler(p.Pid())
	flood := &floodTarget{url: base + webhook.PathValidateConfigMap + "?timeout=5s", roots: roots, reviews: hostile}
	res := hostileRounds(ctx, o, pods, reviews, flood, sampler, errs, log)
	sampler.stop()
	if _, res.hwm, err = procMemory(p.Pid()); err != nil {
		return nil, nil, err
	}
	return res, errs, nil
}

// floodTarget is where the hostile clients send what.
type floodTarget struct {
	url     string
	roots   *x509.CertPool
	reviews []review
}

// hostileRounds runs the quiet and hostile phases, o.hostileRounds times.
func hostileRounds(ctx context.Context, o options, pods *target, reviews []review, target *floodTarget, sampler *rssSampler, errs *errorLog, log io.Writer) *hostileResult {
	res := &hostileResult{configMaps: map[int32]int{}}
	var quietLat, hostileLat []time.Duration
	var cmLat []time.Duration
	for round := range o.hostileRounds {
		quiet, hostileFor := o.quietDuration/time.Duration(o.hostileRounds), o.hostileDuration/time.Duration(o.hostileRounds)
		lat, _ := fixedRate(pods, reviews, o.hostileRate, o.rateWorkers, quiet, errs)
		q := stats(lat)
		quietLat = append(quietLat, lat...)
		res.quietRSS = max(res.quietRSS, sampler.takePeak())
		floodCtx, stop := context.WithTimeout(ctx, hostileFor)
		running := startFlood(floodCtx, target.url, target.roots, target.reviews, o.hostileClients, errs)
		lat, _ = fixedRate(pods, reviews, o.hostileRate, o.rateWorkers, hostileFor, errs)
		codes, latencies := running.wait()
		stop()
		for c, n := range codes {
			res.configMaps[c] += n
		}
		cmLat = append(cmLat, latencies...)
		h := stats(lat)
		hostileLat = append(hostileLat, lat...)
		res.hostileRSS = max(res.hostileRSS, sampler.takePeak())
		res.roundRatios = append(res.roundRatios, float64(h.p99)/float64(q.p99))
		fmt.Fprintf(log, "round %d: quiet %v p50 %v p99 %v; hostile %v (%d ConfigMaps) p50 %v p99 %v\n",
			round+1, quiet, q.p50, q.p99, hostileFor, len(latencies), h.p50, h.p99)
	}
	res.quiet, res.quietN = stats(quietLat), len(quietLat)
	res.hostile, res.hostileN = stats(hostileLat), len(hostileLat)
	res.configMapLatency = stats(cmLat)
	return res
}

// startHostileServe starts the built sparkhook as `sparkhook serve` with no
// cluster, o.templates template files, and the Deployment's GOMEMLIMIT.
func startHostileServe(ctx context.Context, o options, dir, certDir string) (*cluster.Process, int, error) {
	bin := o.sparkhookBin
	if bin == "" {
		var err error
		if bin, err = cluster.Build(ctx, "", dir); err != nil {
			return nil, 0, err
		}
	}
	tdir := filepath.Join(dir, "templates")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return nil, 0, err
	}
	for _, f := range benchdata.Templates(o.templates) {
		if err := os.WriteFile(filepath.Join(tdir, f.Name), f.Data, 0o644); err != nil {
			return nil, 0, err
		}
	}
	port, err := cluster.FreePort()
	if err != nil {
		return nil, 0, err
	}
	probe, err := cluster.FreePort()
	if err != nil {
		return nil, 0, err
	}
	// The child inherits this process's environment: deploy/base's
	// Deployment sets GOMEMLIMIT to its memory limit.
	os.Setenv("GOMEMLIMIT", o.memLimit)
	if o.gomaxprocs > 0 {
		os.Setenv("GOMAXPROCS", strconv.Itoa(o.gomaxprocs))
	}
	args := []string{"serve", "--cert-dir", certDir, "--templates", tdir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(port), "--metrics-bind-address", "0",
		"--health-probe-bind-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(probe))}
	p, err := cluster.StartProcess(bin, args, filepath.Join(dir, "sparkhook-hostile.log"), "", "")
	return p, port, err
}

// printHostile prints the hostile run against its bars: RSS under the
// Deployment's memory limit, Pod p99 within 2× of the quiet run's.
func printHostile(w io.Writer, o options, r *hostileResult) {
	fmt.Fprintf(w, "\nhostile run: sparkhook serve, %d template files, GOMEMLIMIT=%s, GOMAXPROCS=%s; Pod reviews (driver, executor) at %.0f/s, open loop\n",
		o.templates, o.memLimit, procsLabel(o.gomaxprocs), o.hostileRate)
	fmt.Fprintf(w, "%-8s %8s %9s %9s %9s %9s %13s\n", "phase", "reviews", "p50 ms", "p90 ms", "p99 ms", "max ms", "RSS peak MiB")
	for _, row := range []struct {
		name string
		n    int
		s    latencyStats
		rss  int64
	}{{"quiet", r.quietN, r.quiet, r.quietRSS}, {"hostile", r.hostileN, r.hostile, r.hostileRSS}} {
		fmt.Fprintf(w, "%-8s %8d %9.2f %9.2f %9.2f %9.2f %13.1f\n", row.name, row.n, ms(row.s.p50), ms(row.s.p90), ms(row.s.p99), ms(row.s.max), mib(row.rss))
	}
	fmt.Fprintf(w, "Pod p99 hostile/quiet: %.2f over all samples, %.2f median of %d rounds' ratios (bar <= 2.00); p50 %.2f\n",
		float64(r.hostile.p99)/float64(r.quiet.p99), median(r.roundRatios), len(r.roundRatios), float64(r.hostile.p50)/float64(r.quiet.p50))
	fmt.Fprintf(w, "RSS peak %.1f MiB (VmHWM %.1f MiB) of the Deployment's 256 MiB limit\n", mib(max(r.quietRSS, r.hostileRSS)), mib(r.hwm))
	total := 0
	for _, n := range r.configMaps {
		total += n
	}
	fmt.Fprintf(w, "ConfigMap reviews answered: %d by code %v (200 allowed, 422 denied, 429 no slot in time, 503 abandoned); latency p50 %.0f ms, max %.0f ms\n",
		total, r.configMaps, ms(r.configMapLatency.p50), ms(r.configMapLatency.max))
}

func procsLabel(n int) string {
	if n <= 0 {
		return "default (" + strconv.Itoa(runtimeCPUs()) + " CPUs)"
	}
	return strconv.Itoa(n)
}
