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
	if err := fs.Parse(args); err != nil {
		return o, err
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
	res, errs, err := measure(ctx, o, dir, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 1
	}
	printTable(stdout, o, res)
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
