package main

import (
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/webhook"
)

// registerWebhooks registers the three webhooks on the server. Each
// review's context ends when the API server stops waiting for it
// (webhook.RequestDeadline); ConfigMap reviews are served at most
// webhook.DefaultValidationConcurrency at once, at a lower OS priority
// (webhook.Deprioritized), so that a flood of large ConfigMaps leaves cores
// for the Pod reviews, which never wait; and the
// SparkPodTemplate webhook, whose objects the CRD leaves schemaless, is
// guarded against nesting controller-runtime could not decode
// (webhook.LimitDepth), so that its answer always carries the uid.
func (s *server) registerWebhooks(pods *webhook.PodHandler) error {
	s.webhooks.Register(webhook.PathMutatePod, &admission.Webhook{
		Handler:         webhook.EncodePatches(pods),
		WithContextFunc: webhook.RequestDeadline,
	})
	opts := s.conf.PropertiesOptions()
	opts.ProblemLimit = webhook.ProblemLimit
	properties, err := sparkconf.NewValidator(opts)
	if err != nil {
		return err
	}
	validations := webhook.DefaultValidationConcurrency()
	webhook.ReserveProcsForValidations(validations)
	s.configMaps = &webhook.ConfigMapHandler{
		Validator: properties, Decoder: webhook.NewDecoder(s.scheme), Metrics: s.metrics, Prometheus: s.conf.Prometheus,
	}
	// Deprioritized gives the review its deadline (RequestDeadline).
	s.webhooks.Register(webhook.PathValidateConfigMap, webhook.Deprioritized(&admission.Webhook{
		Handler: s.metrics.Observe("ConfigMap", webhook.RequireRequest(s.configMaps)),
	}, webhook.NewLimiter(validations), s.metrics, "ConfigMap"))
	s.templateValidator = &webhook.TemplateValidator{OwnNamespace: s.cfg.Namespace, Security: s.conf.Security}
	templateWebhook := admission.WithValidator[*v1alpha1.SparkPodTemplate](s.scheme, s.templateValidator)
	templateWebhook.Handler = s.metrics.Observe(v1alpha1.Kind, webhook.RequireRequest(templateWebhook.Handler))
	templateWebhook.WithContextFunc = webhook.RequestDeadline
	s.webhooks.Register(webhook.PathValidateSparkPodTemplate, webhook.LimitDepth(templateWebhook))
	return nil
}
