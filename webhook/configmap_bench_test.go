package webhook_test

import (
	"encoding/json"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook"
)

// BenchmarkHostileConfigMapWebhook is the ConfigMap webhook, as `sparkhook
// serve` registers it, on each worst-case 1 MiB ConfigMap with no release
// named (every release checked, the costliest): controller-runtime reads
// the review, the ConfigMap is decoded and validated, the answer (its
// problems capped) encoded.
func BenchmarkHostileConfigMapWebhook(b *testing.B) {
	v, err := sparkconf.NewValidator(sparkconf.Options{ProblemLimit: webhook.ProblemLimit})
	if err != nil {
		b.Fatal(err)
	}
	metrics, err := webhook.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	h := &webhook.ConfigMapHandler{Validator: v, Decoder: webhook.NewDecoder(benchdata.Scheme()), Metrics: metrics}
	wh := &admission.Webhook{Handler: metrics.Observe("ConfigMap", webhook.RequireRequest(h)), WithContextFunc: webhook.RequestDeadline}
	for name, props := range benchdata.HostileProperties() {
		review := hostileConfigMapReview(b, props)
		if reply := serve(wh, review); len(reply) > 64<<10 {
			b.Fatalf("%s: a reply of %d bytes", name, len(reply))
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(props)))
			run(b, wh, review)
		})
	}
}

// hostileConfigMapReview is the AdmissionReview of a driver ConfigMap's CREATE.
func hostileConfigMapReview(b *testing.B, props string) []byte {
	raw, err := json.Marshal(&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-0-conf-map", Namespace: "tenant"},
		Data:       map[string]string{webhook.SparkPropertiesKey: props},
	})
	if err != nil {
		b.Fatal(err)
	}
	review, err := json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID: "b0b0b0b0-0000-4000-8000-000000000001", Kind: metav1.GroupVersionKind{Version: "v1", Kind: "ConfigMap"},
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: "configmaps"}, Namespace: "tenant",
			Operation: admissionv1.Create, Object: runtime.RawExtension{Raw: raw},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return review
}
