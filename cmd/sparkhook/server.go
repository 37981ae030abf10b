package main

import (
	"context"
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
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/webhook"
	"github.com/sparkhook/sparkhook/webhook/sparkconf"
)

// server is everything `sparkhook serve` runs, wired from a serveConfig.
type server struct {
	cfg      serveConfig
	scheme   *runtime.Scheme
	registry *templates.Registry
	metrics  *webhook.Metrics
	mutator  *webhook.PodMutator
	webhooks ctrlwebhook.Server
	files    []func(context.Context) error
}

// serve wires the webhook server, the template sources, metrics and probes,
// and runs them until ctx is done: under a controller-runtime manager when
// there is a cluster, on their own when there is none.
func serve(ctx context.Context, cfg serveConfig) error {
	restConfig, err := clusterConfig(cfg.Kubeconfig)
	if err != nil {
		return err
	}
	s, err := newServer(ctx, cfg, restConfig == nil)
	if err != nil {
		return err
	}
	logr.FromContextOrDiscard(ctx).Info("Serving", "port", cfg.Port, "cluster", restConfig != nil, "fileTemplates", s.registry.Set().Len())
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
	s := &server{cfg: cfg, registry: templates.NewRegistry()}
	if s.scheme, err = newScheme(); err != nil {
		return nil, err
	}
	if s.metrics, err = webhook.NewMetrics(webhook.DefaultRegistry()); err != nil {
		return nil, err
	}
	if s.files, err = fileTemplates(ctx, cfg.TemplatesDir, offline, s.registry, s.metrics); err != nil {
		return nil, err
	}
	s.mutator = &webhook.PodMutator{Templates: s.registry, Config: conf}
	s.webhooks = webhook.NewServer(ctrlwebhook.Options{Host: cfg.Host, Port: cfg.Port, CertDir: cfg.CertDir})
	s.webhooks.Register(webhook.PathMutatePod, &admission.Webhook{
		Handler: &webhook.PodHandler{Mutator: s.mutator, Decoder: admission.NewDecoder(s.scheme)},
	})
	properties, err := sparkconf.NewValidator(conf.PropertiesOptions())
	if err != nil {
		return nil, err
	}
	s.webhooks.Register(webhook.PathValidateConfigMap, &admission.Webhook{
		Handler: &webhook.ConfigMapHandler{Validator: properties, Decoder: admission.NewDecoder(s.scheme)},
	})
	s.webhooks.Register(webhook.PathValidateSparkPodTemplate,
		admission.WithValidator[*v1alpha1.SparkPodTemplate](s.scheme, &webhook.TemplateValidator{OwnNamespace: cfg.Namespace}))
	return s, nil
}

// runOffline serves with no cluster: file templates only.
func (s *server) runOffline(ctx context.Context) error {
	runnables := append([]func(context.Context) error{s.webhooks.Start, probeServer(s.cfg.ProbeAddr, s.webhooks.StartedChecker())}, s.files...)
	if s.cfg.MetricsAddr != "0" {
		metrics, err := metricsserver.NewServer(metricsserver.Options{BindAddress: s.cfg.MetricsAddr}, nil, nil)
		if err != nil {
			return err
		}
		runnables = append(runnables, metrics.Start)
	}
	return runAll(ctx, runnables...)
}

// runInCluster serves under a manager whose cache watches SparkPodTemplates
// and Namespaces. Readiness waits for the cluster templates, so no Spark Pod
// is admitted without them after a restart.
func (s *server) runInCluster(ctx context.Context, restConfig *rest.Config) error {
	mgr, err := ctrl.NewManager(restConfig, ctrl.Options{
		Scheme:                 s.scheme,
		WebhookServer:          s.webhooks,
		Metrics:                metricsserver.Options{BindAddress: s.cfg.MetricsAddr},
		HealthProbeBindAddress: s.cfg.ProbeAddr,
		Logger:                 logr.FromContextOrDiscard(ctx),
	})
	if err != nil {
		return fmt.Errorf("creating the manager: %w", err)
	}
	source := &templates.ClusterSource{
		Cache: mgr.GetCache(), Registry: s.registry, OwnNamespace: s.cfg.Namespace,
		OnLoad: func(n int, err error) { s.metrics.TemplatesLoaded(templates.SourceCluster, n, err) },
	}
	// Start the Namespace informer with the cache rather than on the first
	// namespaceSelector, so that no admission waits for it.
	if _, err := mgr.GetCache().GetInformer(ctx, &corev1.Namespace{}); err != nil {
		return fmt.Errorf("watching namespaces: %w", err)
	}
	s.mutator.NamespaceLabels = templates.CachedNamespaceLabels(mgr.GetCache())
	runnables := append([]func(context.Context) error{source.Start}, s.files...)
	for _, r := range runnables {
		if err := mgr.Add(manager.RunnableFunc(r)); err != nil {
			return err
		}
	}
	checks := []error{
		mgr.AddHealthzCheck("ping", healthz.Ping),
		mgr.AddReadyzCheck("webhook", s.webhooks.StartedChecker()),
		mgr.AddReadyzCheck("templates", func(*http.Request) error {
			if !source.Synced() {
				return errors.New("cluster templates not loaded yet")
			}
			return nil
		}),
	}
	if err := errors.Join(checks...); err != nil {
		return err
	}
	return mgr.Start(ctx)
}
