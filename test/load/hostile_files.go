package main

import (
	"encoding/json"
	"fmt"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook"
)

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
