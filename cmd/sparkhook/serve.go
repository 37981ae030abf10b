package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/go-logr/logr"
	"golang.org/x/sync/errgroup"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/webhook"
)

// Defaults of `sparkhook serve` (DESIGN §5).
const (
	DefaultWebhookPort = 9443
	DefaultMetricsAddr = ":8080"
	DefaultProbeAddr   = ":8081"
	DefaultNamespace   = "sparkhook-system"
)

// serveConfig is `sparkhook serve`'s flags.
type serveConfig struct {
	CertDir      string
	TemplatesDir string
	ConfigFile   string
	Host         string
	Port         int
	MetricsAddr  string
	ProbeAddr    string
	Development  bool
	Kubeconfig   string
	Namespace    string
}

// Validate reports a usage error.
func (c serveConfig) Validate() error {
	var errs []error
	if c.CertDir == "" {
		errs = append(errs, errors.New("--cert-dir is required: the API server calls webhooks over HTTPS only"))
	}
	if c.Port <= 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("--port %d is not a port", c.Port))
	}
	return errors.Join(errs...)
}

func parseServeFlags(args []string, stderr io.Writer) (serveConfig, error) {
	c := serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.CertDir, "cert-dir", "", "directory with tls.crt and tls.key, reloaded when they change (required)")
	fs.StringVar(&c.TemplatesDir, "templates", "", "directory of template files, reloaded when they change (default with no cluster: the embedded examples)")
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file (default: built-in defaults)")
	fs.StringVar(&c.Host, "host", "", "address to serve the webhooks on (default: all)")
	fs.IntVar(&c.Port, "port", DefaultWebhookPort, "HTTPS port of the webhooks")
	fs.StringVar(&c.MetricsAddr, "metrics-bind-address", DefaultMetricsAddr, "address of the Prometheus metrics endpoint; 0 disables it")
	fs.StringVar(&c.ProbeAddr, "health-probe-bind-address", DefaultProbeAddr, "address of /healthz and /readyz")
	fs.BoolVar(&c.Development, "zap-devel", false, "human-readable development logs")
	fs.StringVar(&c.Kubeconfig, "kubeconfig", "", "kubeconfig of the cluster to watch SparkPodTemplates in (default: in-cluster when running in a Pod, else no cluster)")
	fs.StringVar(&c.Namespace, "namespace", DefaultNamespace, "sparkhook's own namespace, whose SparkPodTemplates apply cluster-wide")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, c.Validate()
}

// runServe serves the admission webhooks until ctx is done.
func runServe(ctx context.Context, args []string, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "sparkhook serve: %v\n", err)
		}
		return usageError(err)
	}
	log := zap.New(zap.UseDevMode(cfg.Development), zap.WriteTo(stderr))
	logf.SetLogger(log)
	ctx = logr.NewContext(ctx, log)
	if err := serve(ctx, cfg); err != nil {
		log.Error(err, "sparkhook serve stopped")
		return exitFailed
	}
	return exitOK
}

// fileTemplates loads the template files (or the embedded examples) into
// registry, and returns what keeps them current.
func fileTemplates(ctx context.Context, dir string, useExamples bool, registry *templates.Registry, metrics *webhook.Metrics) ([]func(context.Context) error, error) {
	log := logr.FromContextOrDiscard(ctx)
	if dir == "" && !useExamples {
		return nil, nil
	}
	if dir == "" {
		files, err := exampleTemplates()
		if err != nil {
			return nil, err
		}
		ts, _, err := templates.LoadFiles(files)
		if err != nil {
			return nil, fmt.Errorf("the embedded example templates: %w", err)
		}
		registry.Replace(templates.SourceFiles, ts)
		metrics.TemplatesLoaded(templates.SourceFiles, len(ts), nil)
		log.Info("No --templates given and no cluster: serving the embedded example templates", "templates", len(ts))
		return nil, nil
	}
	source := &templates.FileSource{Dir: dir, Registry: registry, OnLoad: func(n int, err error) {
		metrics.TemplatesLoaded(templates.SourceFiles, n, err)
	}}
	warnings, err := source.Load()
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		log.Info("Template warning", "warning", w)
	}
	return []func(context.Context) error{source.Start}, nil
}

// probeServer serves /healthz (the process is alive) and /readyz (the
// webhook server accepts TLS connections).
func probeServer(addr string, webhookStarted healthz.Checker) func(context.Context) error {
	mux := http.NewServeMux()
	mux.Handle("/healthz", http.StripPrefix("/healthz", &healthz.Handler{Checks: map[string]healthz.Checker{"ping": healthz.Ping}}))
	mux.Handle("/readyz", http.StripPrefix("/readyz", &healthz.Handler{Checks: map[string]healthz.Checker{"webhook": webhookStarted}}))
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	return func(ctx context.Context) error {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("health probes: %w", err)
		}
		go func() {
			<-ctx.Done()
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(shutdown)
		}()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// runAll runs every runnable until ctx is done or one fails, which stops the
// others.
func runAll(ctx context.Context, runnables ...func(context.Context) error) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, r := range runnables {
		g.Go(func() error { return r(ctx) })
	}
	return g.Wait()
}
