package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/certs"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
	"github.com/sparkhook/sparkhook/webhook"
)

// server is everything `sparkhook serve` runs, wired from a serveConfig.
type server struct {
	cfg      serveConfig
	conf     config.Config
	scheme   *runtime.Scheme
	registry *templates.Registry
	metrics  *webhook.Metrics
	mutator  *webhook.PodMutator
	// configMaps is the ConfigMap webhook's handler, which runInCluster
	// gives the driver Pod lookup.
	configMaps *webhook.ConfigMapHandler
	// templateValidator is the SparkPodTemplate webhook's validator, which
	// runInCluster gives the cache's PriorityClasses and RuntimeClasses.
	templateValidator *webhook.TemplateValidator
	webhooks          ctrlwebhook.Server
	files             []func(context.Context) error
	// served is the certificate the webhook server presents.
	served      *certs.Served
	certMetrics *certs.Metrics
}

// serve wires the webhook server, the template sources, metrics and probes,
// and runs them until ctx is done: under a controller-runtime manager when
// there is a cluster, on their own when there is none.
func serve(ctx context.Context, cfg serveConfig) error {
	restConfig, err := clusterConfig(cfg.Kubeconfig)
	if err != nil {
		return err
	}
	if restConfig == nil && cfg.Certs.needsCluster() {
		return fmt.Errorf("--cert-mode=%s needs a cluster: give --kubeconfig or run in a Pod", cfg.Certs.Mode)
	}
	s, err := newServer(ctx, cfg, restConfig == nil)
	if err != nil {
		return err
	}
	logr.FromContextOrDiscard(ctx).Info("Serving", "port", cfg.Port, "cluster", restConfig != nil, "fileTemplates", s.registry.Set().Len(), "certMode", cfg.Certs.Mode)
	if restConfig == nil {
		return s.runOffline(ctx)
	}
	return s.runInCluster(ctx, restConfig)
}

// clusterConfig is the cluster to watch: --kubeconfig, else the in-cluster
// config when running in a Pod, else none (nil).
func clusterConfig(kubeconfig string) (*rest.Config, error) {
	switch {
	case kubeconfig != "":
		c, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
		if err != nil {
			return nil, fmt.Errorf("--kubeconfig: %w", err)
		}
		return c, nil
	case os.Getenv("KUBERNETES_SERVICE_HOST") != "":
		return rest.InClusterConfig()
	}
	return nil, nil
}

func newServer(ctx context.Context, cfg serveConfig, offline bool) (*server, error) {
	conf, err := loadConfig(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, conf: conf, registry: templates.NewRegistry()}
	if s.scheme, err = newScheme(); err != nil {
		return nil, err
	}
	if s.metrics, err = webhook.NewMetrics(webhook.DefaultRegistry()); err != nil {
		return nil, err
	}
	// A template that leaves the registry takes its metric series along.
	s.registry.OnRemoved(s.metrics.ForgetTemplates)
	if s.certMetrics, err = certs.NewMetrics(webhook.DefaultRegistry()); err != nil {
		return nil, err
	}
	s.served = certs.NewServed(cfg.CertDir, s.certMetrics)
	if err := s.loadFileTemplates(ctx, offline); err != nil {
		return nil, err
	}
	pods := webhook.NewPodHandler(s.scheme, s.registry, conf, s.metrics)
	s.mutator = pods.Mutator
	opts := ctrlwebhook.Options{Host: cfg.Host, Port: cfg.Port, TLSOpts: []func(*tls.Config){s.served.TLSOption()}}
	if cfg.ClientCAFile != "" {
		cas, err := readCAs(cfg.ClientCAFile)
		if err != nil {
			return nil, err
		}
		opts.TLSOpts = append(opts.TLSOpts, webhook.RequireClientCertificate(cas))
	}
	s.webhooks = webhook.NewServer(opts)
	if err := s.registerWebhooks(pods); err != nil {
		return nil, err
	}
	return s, nil
}

// runOffline serves with no cluster: file templates only.
func (s *server) runOffline(ctx context.Context) error {
	if err := s.served.Load(); err != nil {
		return err
	}
	return s.runWithoutCluster(ctx, s.common(ctx))
}

// runInCluster serves under a manager whose cache watches SparkPodTemplates,
// Namespaces and the metadata of driver Pods. Readiness waits for the cluster templates, so no Spark Pod
// is admitted without them after a restart.
func (s *server) runInCluster(ctx context.Context, restConfig *rest.Config) error {
	mgr, err := ctrl.NewManager(restConfig, ctrl.Options{
		Scheme:                 s.scheme,
		WebhookServer:          s.webhooks,
		Metrics:                metricsserver.Options{BindAddress: s.cfg.MetricsAddr},
		HealthProbeBindAddress: s.cfg.ProbeAddr,
		Logger:                 logr.FromContextOrDiscard(ctx),
		Cache:                  cache.Options{ByObject: s.cacheByObject()},
	})
	if err != nil {
		return fmt.Errorf("creating the manager: %w", err)
	}
	r := s.common(ctx)
	if err := s.setupCertificates(ctx, mgr, r); err != nil {
		return err
	}
	// The manager runs its webhook server only once something asks it for
	// the server (the builder does; sparkhook registers its handlers on the
	// server directly): without this call nothing listens on --port and
	// readiness never comes.
	mgr.GetWebhookServer()
	cluster := &source.ClusterSource{
		Cache: mgr.GetCache(), Registry: s.registry, OwnNamespace: s.cfg.Namespace, Security: s.conf.Security,
		OnLoad: func(n int, err error) { s.metrics.TemplatesLoaded(source.Cluster, n, err) },
	}
	// Start the Namespace informer with the cache rather than on the first
	// namespaceSelector, so that no admission waits for it.
	if _, err := mgr.GetCache().GetInformer(ctx, &corev1.Namespace{}); err != nil {
		return fmt.Errorf("watching namespaces: %w", err)
	}
	s.mutator.NamespaceLabels = source.CachedNamespaceLabels(mgr.GetCache())
	// The template webhook warns of a PriorityClass or RuntimeClass that
	// does not exist, read from the cache: watched from the start, so no
	// review waits for the informers.
	if err := webhook.WatchClasses(ctx, mgr.GetCache()); err != nil {
		return err
	}
	s.templateValidator.Classes = mgr.GetCache()
	if err := s.watchDriverPods(ctx, mgr); err != nil {
		return err
	}
	r.add(cluster)
	r.ready("templates", func(*http.Request) error {
		if !cluster.Synced() {
			return errors.New("cluster templates not loaded yet")
		}
		return nil
	})
	if err := r.addTo(mgr); err != nil {
		return err
	}
	return mgr.Start(ctx)
}

// cacheByObject is the manager cache's per-type options: what the
// certificate mode reads, and the driver Pods' metadata.
func (s *server) cacheByObject() map[client.Object]cache.ByObject {
	byObject := map[client.Object]cache.ByObject{}
	for obj, opts := range s.cfg.Certs.cacheOptions(s.cfg.Namespace) {
		byObject[obj] = opts
	}
	pod, opts := webhook.DriverPodCacheOptions()
	byObject[pod] = opts
	// What the cache would otherwise keep of each template a second time.
	byObject[&v1alpha1.SparkPodTemplate{}] = cache.ByObject{Transform: source.CacheTransform}
	return byObject
}

// watchDriverPods gives the ConfigMap webhook the driver Pods: the cache's
// informer, started with the cache rather than on the first review, and
// the manager's API reader for the Pods the cache does not hold yet.
// The manager starts the template source only once every informer of its
// cache has synced, so readiness waits for this one too; a lookup before
// that (or of a Pod created a moment ago) goes to the API server, bounded
// by DefaultDriverPodLookupTimeout.
func (s *server) watchDriverPods(ctx context.Context, mgr manager.Manager) error {
	synced, err := webhook.WatchDriverPods(ctx, mgr.GetCache())
	if err != nil {
		return fmt.Errorf("watching driver Pods: %w", err)
	}
	s.configMaps.DriverPods = &webhook.CachedDriverPods{
		Cache: mgr.GetCache(), Synced: synced, Live: mgr.GetAPIReader(), Metrics: s.metrics,
	}
	return nil
}

// loadFileTemplates loads --templates (or, offline without it, the embedded
// examples) into the registry, and keeps what watches the directory.
func (s *server) loadFileTemplates(ctx context.Context, offline bool) error {
	log := logr.FromContextOrDiscard(ctx)
	dir := s.cfg.TemplatesDir
	if dir == "" && !offline {
		return nil
	}
	if dir == "" {
		files, err := exampleTemplates()
		if err != nil {
			return err
		}
		ts, _, err := templates.LoadFilesWith(files, s.conf.Security)
		if err != nil {
			return fmt.Errorf("the embedded example templates: %w", err)
		}
		s.registry.Replace(source.Files, ts)
		s.metrics.TemplatesLoaded(source.Files, len(ts), nil)
		log.Info("No --templates given and no cluster: serving the embedded example templates", "templates", len(ts))
		return nil
	}
	files := &source.FileSource{Dir: dir, Registry: s.registry, Security: s.conf.Security, OnLoad: func(n int, err error) {
		s.metrics.TemplatesLoaded(source.Files, n, err)
	}}
	warnings, err := files.Load()
	if err != nil {
		return err
	}
	for _, w := range warnings {
		log.Info("Template warning", "warning", w)
	}
	s.files = append(s.files, files.Start)
	return nil
}

// readCAs reads a PEM bundle of CA certificates.
func readCAs(file string) (*x509.CertPool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--client-ca-file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("--client-ca-file %s: no PEM certificate in it", file)
	}
	return pool, nil
}
