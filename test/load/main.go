// Command load measures sparkhook's Pod webhook over HTTPS on loopback
// against a baseline, in one process: both on controller-runtime's webhook
// server with sparkhook's TLS settings, sent the same real AdmissionReviews
// (a Spark driver and executor) over keep-alive connections. It measures
// saturation throughput, then latency at half the baseline's saturation
// rate, prints one table with the ratios sparkhook/baseline, and measures
// the RSS of a real `sparkhook serve` with as many template files.
//
// It exits non-zero only when a request fails (not HTTP 200, not allowed, or
// a malformed reply); the budgets are printed for people to read, since on
// a shared machine a slow run is not a broken build.
//
// With -hostile it runs the hostile run instead (hostile.go): a `sparkhook
// serve` process under Spark Pod reviews at a fixed rate, quiet and then
// while clients send worst-case 1 MiB ConfigMap reviews, its RSS sampled.
//
//	go run ./test/load -hostile [-hostile-duration 60s] [-quiet-duration 30s] [-hostile-clients 3] [-hostile-rate 100]
//	go run ./test/load [-templates 1000] [-saturation 500ms] [-rate-duration 1s] [-rounds 16]
//	    [-workers 4] [-cpuprofile cpu.out] [-memprofile mem.out] [-rss=false]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
)

// options are the command's flags.
type options struct {
	templates    int
	workers      int
	rateWorkers  int
	warmup       time.Duration
	saturation   time.Duration
	rateDuration time.Duration
	rounds       int
	cpuProfile   string
	memProfile   string
	rss          bool
	rssRequests  int
	sparkhookBin string
	// The hostile run's (-hostile).
	hostile         bool
	hostileRate     float64
	hostileClients  int
	quietDuration   time.Duration
	hostileDuration time.Duration
	memLimit        string
	gomaxprocs      int
	hostileRounds   int
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.IntVar(&o.templates, "templates", 1000, "registered templates (5 of them match the Pods sent)")
	fs.IntVar(&o.workers, "workers", 4, "concurrent keep-alive clients at saturation")
	fs.IntVar(&o.rateWorkers, "rate-workers", 32, "concurrent keep-alive clients at the fixed rate (enough that none waits for another)")
	fs.DurationVar(&o.warmup, "warmup", 500*time.Millisecond, "saturation run per webhook before measuring, not counted")
	fs.DurationVar(&o.saturation, "saturation", 500*time.Millisecond, "length of each saturation run")
	// The defaults pool about 50,000 latency samples per webhook: a p99
	// rests on its slowest 1 %, and with half as many one stall of a
	// shared machine moves it by a third.
	fs.DurationVar(&o.rateDuration, "rate-duration", time.Second, "length of each fixed-rate run")
	fs.IntVar(&o.rounds, "rounds", 16, "runs of each phase per webhook, back to back, alternating which goes first; ratios are medians of the rounds' ratios, latencies are over all runs")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the load phases to this file (goroutines are labelled server=NAME and client=NAME, for pprof -tagfocus)")
	fs.StringVar(&o.memProfile, "memprofile", "", "write an allocation profile (pprof -sample_index=alloc_space) to this file at the end")
	fs.BoolVar(&o.rss, "rss", true, "also measure the RSS of a 'sparkhook serve' process")
	fs.IntVar(&o.rssRequests, "rss-requests", 2000, "reviews sent to 'sparkhook serve' before its RSS is read")
	fs.StringVar(&o.sparkhookBin, "sparkhook-bin", "", "sparkhook binary for the RSS measurement (default: go build ./cmd/sparkhook)")
	fs.BoolVar(&o.hostile, "hostile", false, "instead: the hostile run (Pod reviews at a fixed rate, quiet, then while clients send worst-case 1 MiB ConfigMaps; RSS sampled)")
	fs.Float64Var(&o.hostileRate, "hostile-rate", 100, "hostile run: Pod reviews per second")
	fs.IntVar(&o.hostileClients, "hostile-clients", 3, "hostile run: clients sending 1 MiB ConfigMap reviews back to back (at most 16)")
	fs.DurationVar(&o.quietDuration, "quiet-duration", 30*time.Second, "hostile run: length of the quiet phase (at most 5m)")
	fs.DurationVar(&o.hostileDuration, "hostile-duration", 60*time.Second, "hostile run: length of the hostile phase (at most 5m)")
	fs.StringVar(&o.memLimit, "memory-limit", "256MiB", "hostile run: the server's GOMEMLIMIT, as deploy/base's Deployment sets it from its memory limit")
	fs.IntVar(&o.hostileRounds, "hostile-rounds", 1, "hostile run: alternate the quiet and hostile phases this many times, each a share of its duration")
	fs.IntVar(&o.gomaxprocs, "gomaxprocs", 0, "hostile run: the server's GOMAXPROCS (0: Go's default)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.hostileRounds < 1 || o.hostileRounds > 60 || o.hostileClients < 1 || o.hostileClients > 16 || o.hostileRate <= 0 || o.quietDuration <= 0 || o.hostileDuration <= 0 ||
		o.quietDuration > 5*time.Minute || o.hostileDuration > 5*time.Minute {
		return o, fmt.Errorf("-hostile-rounds must be 1 to 60, -hostile-clients 1 to 16, -hostile-rate positive, the hostile run's durations up to 5m")
	}
	if o.templates < 5 || o.workers < 1 || o.rateWorkers < 1 || o.rounds < 1 || o.saturation <= 0 || o.rateDuration <= 0 {
		return o, fmt.Errorf("-templates must be at least 5; -workers, -rate-workers and -rounds at least 1; durations positive")
	}
	return o, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 2
	}
	logf.SetLogger(logr.Discard())
	dir, err := os.MkdirTemp("", "sparkhook-load-")
	if err != nil {
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if o.hostile {
		res, errs, err := runHostile(ctx, o, dir, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "load: %v\n", err)
			return 1
		}
		printHostile(stdout, o, res)
		return reportErrors(errs, stderr)
	}
	res, errs, err := measure(ctx, o, dir, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 1
	}
	printTable(stdout, o, res)
	return reportErrors(errs, stderr)
}

// reportErrors prints the failed requests, if any, and returns the exit
// code.
func reportErrors(errs *errorLog, stderr io.Writer) int {
	if errs.count > 0 {
		fmt.Fprintf(stderr, "load: %d failed requests; the first:\n", errs.count)
		for _, e := range errs.first {
			fmt.Fprintf(stderr, "  %s\n", e)
		}
		return 1
	}
	return 0
}

// startProfiles starts the CPU profile and returns what writes both
// profiles.
func startProfiles(o options) (func() error, error) {
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	return func() error {
		if o.cpuProfile != "" {
			pprof.StopCPUProfile()
		}
		if o.memProfile == "" {
			return nil
		}
		f, err := os.Create(o.memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}, nil
}

func runtimeCPUs() int { return runtime.NumCPU() }
