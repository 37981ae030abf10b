package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
)

// Defaults of `sparkhook serve` (README, `sparkhook serve`).
const (
	DefaultWebhookPort = 9443
	DefaultMetricsAddr = ":8080"
	DefaultProbeAddr   = ":8081"
	DefaultNamespace   = "sparkhook-system"
	// DefaultShutdownDelay leaves the endpoints controller and kube-proxy
	// time to stop routing reviews to a terminating replica.
	DefaultShutdownDelay = 5 * time.Second
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
	ClientCAFile string
	// ShutdownDelay is how long readiness reports false before the servers
	// stop, so that endpoints stop sending reviews first.
	ShutdownDelay time.Duration
	// Certs says where the serving certificate comes from.
	Certs certConfig
}

// Validate reports a usage error.
func (c serveConfig) Validate() error {
	var errs []error
	if c.CertDir == "" {
		errs = append(errs, errors.New("--cert-dir is required: the API server calls webhooks over HTTPS only"))
	}
	if c.ShutdownDelay < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-delay %v is negative", c.ShutdownDelay))
	}
	if c.Port <= 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("--port %d is not a port", c.Port))
	}
	errs = append(errs, c.Certs.validate(c.Namespace))
	return errors.Join(errs...)
}

// newServeCommand is `sparkhook serve`, its flags parsed into cfg.
func newServeCommand(cfg *serveConfig) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve --cert-dir DIR [flags]",
		Short: "Serve the admission webhooks over HTTPS",
		Long: `Serves the Pod mutating webhook, the ConfigMap (spark.properties) and
SparkPodTemplate validating webhooks over HTTPS, Prometheus metrics and the
/healthz and /readyz probes. Template files (--templates) are reloaded when
they change; given a cluster (--kubeconfig, or running in a Pod) sparkhook
also watches SparkPodTemplate objects. --cert-mode says where the serving
certificate in --cert-dir comes from.`,
		Example: `  # No cluster: a development certificate and the embedded example templates
  sparkhook certs --dir /tmp/certs
  sparkhook serve --cert-dir /tmp/certs

  # As deploy/ and the Helm chart run it
  sparkhook serve --cert-dir=/etc/sparkhook/certs --config=/etc/sparkhook/config/config.yaml \
    -n sparkhook-system --cert-mode=self-managed`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cfg.Validate(); err != nil {
				return usageError(err)
			}
			return runServe(cmd.Context(), *cfg, cmd.ErrOrStderr())
		},
	}
	addServeFlags(cmd, cfg)
	return cmd
}

// addServeFlags adds serve's flags to cmd, parsed into c.
func addServeFlags(cmd *cobra.Command, c *serveConfig) {
	fs := cmd.Flags()
	fs.StringVar(&c.CertDir, "cert-dir", "", "directory with tls.crt and tls.key, reloaded when they change (required)")
	fs.StringVar(&c.TemplatesDir, "templates", "", "directory of template files, reloaded when they change (default with no cluster: the embedded examples)")
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file (default: built-in defaults)")
	fs.StringVar(&c.Host, "host", "", "address to serve the webhooks on (default: all)")
	fs.IntVar(&c.Port, "port", DefaultWebhookPort, "HTTPS port of the webhooks")
	fs.StringVar(&c.MetricsAddr, "metrics-bind-address", DefaultMetricsAddr, "address of the Prometheus metrics endpoint; 0 disables it")
	fs.StringVar(&c.ProbeAddr, "health-probe-bind-address", DefaultProbeAddr, "address of /healthz and /readyz")
	fs.BoolVar(&c.Development, "zap-devel", false, "human-readable development logs")
	fs.StringVar(&c.Kubeconfig, "kubeconfig", "", "kubeconfig of the cluster to watch SparkPodTemplates in (default: in-cluster when running in a Pod, else no cluster)")
	fs.StringVarP(&c.Namespace, "namespace", "n", DefaultNamespace, "sparkhook's own namespace, whose SparkPodTemplates apply cluster-wide")
	fs.StringVar(&c.ClientCAFile, "client-ca-file", "", "PEM CA bundle: require callers (the API server) to present a client certificate it signed")
	fs.DurationVar(&c.ShutdownDelay, "shutdown-delay", DefaultShutdownDelay, "on SIGTERM, how long readiness fails before the servers stop, in-flight reviews then completing")
	c.Certs.addFlags(fs)
	mustRegister(cmd.MarkFlagDirname("cert-dir"))
	mustRegister(cmd.MarkFlagDirname("templates"))
	mustRegister(cmd.MarkFlagFilename("config", "yaml", "yml", "json"))
	mustRegister(cmd.MarkFlagFilename("kubeconfig"))
	mustRegister(cmd.MarkFlagFilename("client-ca-file"))
	mustRegister(cmd.RegisterFlagCompletionFunc("cert-mode", completeValues(
		certModeFiles+"\t--cert-dir as given",
		certModeSelfManaged+"\tsparkhook creates and rotates it",
		certModeCertManager+"\ta cert-manager Certificate's Secret")))
}

// runServe serves the admission webhooks until ctx is done; its errors are
// logged, and end it with exit status 1.
func runServe(ctx context.Context, cfg serveConfig, stderr io.Writer) error {
	log := zap.New(zap.UseDevMode(cfg.Development), zap.WriteTo(stderr))
	logf.SetLogger(log)
	ctx = logr.NewContext(ctx, log)
	if err := serve(drain(ctx, cfg.ShutdownDelay), cfg); err != nil {
		log.Error(err, "sparkhook serve stopped")
		return failed(nil)
	}
	return nil
}

// draining is carried in a serve context: it reports whether shutdown has
// begun, so that readiness fails while reviews in flight still complete.
type drainingKey struct{}

// drain returns a context that ends delay after ctx does, marked with a
// flag that turns true as soon as ctx ends: SIGTERM first fails readiness,
// and only then stops the servers.
func drain(ctx context.Context, delay time.Duration) context.Context {
	draining := &atomic.Bool{}
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		<-ctx.Done()
		draining.Store(true)
		logr.FromContextOrDiscard(ctx).Info("Shutting down: readiness fails now, the servers stop after the delay", "delay", delay)
		time.Sleep(delay)
		cancel()
	}()
	return context.WithValue(out, drainingKey{}, draining)
}

// notDraining is a readiness check that fails once shutdown has begun.
func notDraining(ctx context.Context) healthz.Checker {
	draining, _ := ctx.Value(drainingKey{}).(*atomic.Bool)
	return func(*http.Request) error {
		if draining != nil && draining.Load() {
			return errors.New("shutting down")
		}
		return nil
	}
}

// probeServer serves /healthz (the process is alive) and /readyz (the
// webhook server accepts TLS connections).
func probeServer(addr string, readiness map[string]healthz.Checker) func(context.Context) error {
	mux := http.NewServeMux()
	mux.Handle("/healthz", http.StripPrefix("/healthz", &healthz.Handler{Checks: map[string]healthz.Checker{"ping": healthz.Ping}}))
	mux.Handle("/readyz", http.StripPrefix("/readyz", &healthz.Handler{Checks: readiness}))
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
