package main

import (
	"context"

	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// runnables is what `sparkhook serve` runs, in either mode: the
// long-running parts and the readiness checks that must all pass before a
// replica takes reviews. Both modes build it the same way — the parts they
// share (common), then their own (the cluster source, the certificate
// mode) — and differ only in who runs it: runWithoutCluster with no
// cluster, the controller-runtime manager (addTo) with one.
type runnables struct {
	parts     []manager.Runnable
	readiness map[string]healthz.Checker
}

// add adds parts to run.
func (r *runnables) add(parts ...manager.Runnable) { r.parts = append(r.parts, parts...) }

// ready adds a readiness check.
func (r *runnables) ready(name string, check healthz.Checker) {
	if r.readiness == nil {
		r.readiness = map[string]healthz.Checker{}
	}
	r.readiness[name] = check
}

// common is what every mode runs: the certificate the webhook server
// presents, the template files' watchers, and the readiness of both, of the
// webhook server and of shutdown (notDraining). The manager runs the
// webhook server itself; runWithoutCluster adds it.
func (s *server) common(ctx context.Context) *runnables {
	r := &runnables{}
	r.add(s.served)
	for _, f := range s.files {
		r.add(manager.RunnableFunc(f))
	}
	r.ready("certificate", s.served.Valid())
	r.ready("webhook", s.webhooks.StartedChecker())
	r.ready("shutdown", notDraining(ctx))
	return r
}

// runWithoutCluster runs r with what the manager would otherwise provide:
// the webhook server, the probe server, and the metrics server unless
// --metrics-bind-address is 0.
func (s *server) runWithoutCluster(ctx context.Context, r *runnables) error {
	run := []func(context.Context) error{s.webhooks.Start, probeServer(s.cfg.ProbeAddr, r.readiness)}
	if s.cfg.MetricsAddr != "0" {
		metrics, err := metricsserver.NewServer(metricsserver.Options{BindAddress: s.cfg.MetricsAddr}, nil, nil)
		if err != nil {
			return err
		}
		run = append(run, metrics.Start)
	}
	for _, p := range r.parts {
		run = append(run, p.Start)
	}
	return runAll(ctx, run...)
}

// addTo adds r to mgr, with the liveness ping the probe server of
// runWithoutCluster also serves.
func (r *runnables) addTo(mgr manager.Manager) error {
	for _, p := range r.parts {
		if err := mgr.Add(p); err != nil {
			return err
		}
	}
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return err
	}
	for name, check := range r.readiness {
		if err := mgr.AddReadyzCheck(name, check); err != nil {
			return err
		}
	}
	return nil
}
