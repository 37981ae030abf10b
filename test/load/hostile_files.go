package main

import (
	"encoding/json"
	"fmt"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/sparkhook/sparkhook/webhook"
)

// hostileSize is the most a ConfigMap holds: the API server refuses larger
// ones (core validation's MaxSecretSize, 1 MiB, applies to ConfigMaps).
const hostileSize = 1 << 20

// hostileProperties are the worst 1 MiB spark.properties files a tenant can
// send, each aimed at one per-key cost of the validation — the shapes of
// webhook/sparkconf's BenchmarkHostileConfigMap: unknown keys near the
// catalogue's names (the did-you-mean search), thousands of volumes (the
// volume rules), known keys with bad values (the typed checks across every
// release), and one enormous key.
func hostileProperties() map[string]string {
	words := []string{"executor", "driver", "memory", "cores", "kubernetes", "sql", "shuffle",
		"network", "timeout", "enabled", "instances", "partitions", "adaptive", "allocation"}
	known := []string{"spark.executor.memory", "spark.kubernetes.allocation.batch.delay",
		"spark.sql.shuffle.partitions", "spark.executor.cores", "spark.kubernetes.configMap.maxSize"}
	fill := func(line func(i int) string) string {
		var b strings.Builder
		for i := 0; b.Len() < hostileSize-200; i++ {
			b.WriteString(line(i))
		}
		return b.String()
	}
	return map[string]string{
		"unknown-keys": fill(func(i int) string {
			return fmt.Sprintf("spark.%s%d.%s%d.%s%d=v\n", words[i%14], i%10, words[(i/14)%14], i%7, words[(i/196)%14], i%3)
		}),
		"volumes": fill(func(i int) string {
			return fmt.Sprintf("spark.kubernetes.executor.volumes.persistentVolumeClaim.v%d.options.claimName=c\n", i)
		}),
		"bad-values": fill(func(i int) string { return fmt.Sprintf("%s=bad%d\n", known[i%5], i) }),
		"one-key":    "spark." + strings.Repeat("a", hostileSize-20) + "=1\n",
	}
}

// configMapReview is the AdmissionReview the API server sends for the
// CREATE of a driver ConfigMap holding properties, as JSON.
func configMapReview(name, properties, uid string) ([]byte, error) {
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-" + name + "-conf-map", Namespace: "tenant"},
		Data:       map[string]string{webhook.SparkPropertiesKey: properties},
	}
	raw, err := json.Marshal(cm)
	if err != nil {
		return nil, err
	}
	return json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       types.UID(uid),
			Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "ConfigMap"},
			Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "configmaps"},
			Name:      cm.Name,
			Namespace: cm.Namespace,
			Operation: admissionv1.Create,
			Object:    kruntime.RawExtension{Raw: raw},
		},
	})
}

// hostileReviews are the AdmissionReviews of hostileProperties.
func hostileReviews() ([]review, error) {
	var out []review
	for name, props := range hostileProperties() {
		uid := fmt.Sprintf("4057113e-0000-4000-8000-%012d", len(out))
		body, err := configMapReview(name, props, uid)
		if err != nil {
			return nil, err
		}
		out = append(out, review{name: name, body: body, uid: uid})
	}
	return out, nil
}
