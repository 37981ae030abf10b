package main

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook"
)

// configMapReview is the AdmissionReview the API server sends for the
// CREATE of a driver ConfigMap holding properties, as JSON.
func configMapReview(name, properties, uid string) ([]byte, error) {
	return benchdata.ConfigMapReview(&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-" + name + "-conf-map", Namespace: "tenant"},
		Data:       map[string]string{webhook.SparkPropertiesKey: properties},
	}, uid)
}

// hostileReviews are the AdmissionReviews of benchdata.HostileProperties.
func hostileReviews() ([]review, error) {
	var out []review
	for name, props := range benchdata.HostileProperties() {
		uid := fmt.Sprintf("4057113e-0000-4000-8000-%012d", len(out))
		body, err := configMapReview(name, props, uid)
		if err != nil {
			return nil, err
		}
		out = append(out, review{name: name, body: body, uid: uid})
	}
	return out, nil
}
