package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// What the test template adds to every Spark Pod: seeing it on a Pod the
// API server returns proves the API server called sparkhook.
const (
	markLabel = "sparkhook-deploy-test"
	markValue = "mutated"
	// sparkNamespace is where the tests create Spark Pods.
	sparkNamespace = "spark-jobs"
)

// ensureTemplate registers (once) a cluster-wide SparkPodTemplate that
// labels every Spark Pod — through sparkhook's validating webhook, so the
// API server must already reach r — and waits until r has loaded it.
func ensureTemplate(t *testing.T, c client.Client, r *replica) {
	t.Helper()
	ctx := context.Background()
	raw, err := json.Marshal(map[string]any{"metadata": map[string]any{"labels": map[string]string{markLabel: markValue}}})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &v1alpha1.SparkPodTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "deploy-test", Namespace: namespace},
		Spec:       v1alpha1.SparkPodTemplateSpec{Template: runtime.RawExtension{Raw: raw}},
	}
	if err := c.Create(ctx, tmpl); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("creating a SparkPodTemplate through the validating webhook: %v", err)
	}
	cluster.Eventually(t, 30*time.Second, func() error {
		n, err := r.ClusterTemplates(ctx)
		if err == nil && n < 1 {
			err = fmt.Errorf("%v cluster templates loaded", n)
		}
		return err
	})
	ensureNamespace(t, c, sparkNamespace)
}

func ensureNamespace(t *testing.T, c client.Client, name string) {
	t.Helper()
	err := c.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// sparkDriver is a Spark driver Pod as spark-submit creates it, reduced to
// what sparkhook selects on.
func sparkDriver() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName: "spark-pi-driver-",
			Namespace:    sparkNamespace,
			Labels:       map[string]string{"spark-role": "driver", "spark-app-selector": "spark-0123456789abcdef"},
		},
		Spec: corev1.PodSpec{
			// Spark 4: its UI serves the Prometheus endpoint by default, so
			// sparkhook annotates it (a 3.5 driver is not annotated).
			Containers: []corev1.Container{{Name: "spark-kubernetes-driver", Image: "apache/spark:4.0.1"}},
		},
	}
}

// createSparkPod creates a driver through the API server and returns an
// error unless it comes back mutated by sparkhook.
func createSparkPod(ctx context.Context, c client.Client) error {
	pod := sparkDriver()
	if err := c.Create(ctx, pod); err != nil {
		return fmt.Errorf("creating a Spark driver: %w", err)
	}
	if pod.Labels[markLabel] != markValue || pod.Annotations["prometheus.io/scrape"] != "true" {
		return fmt.Errorf("Spark driver %s admitted unmutated: labels %v, annotations %v", pod.Name, pod.Labels, pod.Annotations)
	}
	return nil
}
