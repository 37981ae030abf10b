package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/webhook"
)

// spark.properties fixtures, from the repository root.
const (
	realProperties   = "sparkconf/testdata/spark-drv-conf-map.properties"
	brokenProperties = "sparkconf/testdata/cli/broken.properties"
)

// TestSparkSubmitOrder replays what spark-submit does in cluster mode: it
// creates the driver Pod, then the driver's ConfigMap
// (spark-drv-<hex>-conf-map: unlabelled, immutable, spark.properties next to
// log4j2.properties), and deletes the Pod when the ConfigMap is refused. A
// malformed spark.properties is refused with every problem, each with its
// line, in the one error the client sees; warnings reach the client whether
// the ConfigMap is stored or refused.
func TestSparkSubmitOrder(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	real := readFile(t, realProperties)
	tests := []struct {
		name         string
		properties   string
		wantErrors   []string // each in the error; none: stored
		wantWarnings []string // each in one warning
	}{
		{name: "spark-submit's own spark.properties", properties: real},
		{
			name:         "a misspelt key",
			properties:   real + "spark.executor.memroy=4g\n",
			wantWarnings: []string{"line 25", "spark.executor.memroy: unknown key, did you mean spark.executor.memory?"},
		},
		{
			name:       "the mistakes people make",
			properties: readFile(t, brokenProperties),
			wantErrors: []string{
				`admission webhook "configmaps.sparkhook.io" denied the request`,
				`data[spark.properties]: Invalid value: "line 4": spark.driver.memory: invalid byte size "1.5g"`,
				`"line 5": spark.kubernetes.container.image.pullPolicy: invalid value "always"`,
				`"line 6": malformed \uxxxx encoding`,
				`"line 7": spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID: invalid value "aws-secrets"`,
			},
			wantWarnings: []string{
				"spark.executor.memroy: unknown key, did you mean spark.executor.memory?",
				"log4j.rootCategory: ignored by Spark",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := newNamespace(t, c, "submit", nil)
			driver := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
			driver.Namespace = ns
			if err := c.Create(ctx, driver); err != nil {
				t.Fatalf("creating the driver Pod: %v", err)
			}
			cm := driverConfigMap(t, driver, tt.properties)
			warned.take()
			err := c.Create(ctx, cm)
			warnings := strings.Join(warned.take(), "\n")
			containsAll(t, "the warnings", warnings, tt.wantWarnings...)
			if len(tt.wantErrors) == 0 {
				if err != nil {
					t.Fatalf("the ConfigMap was refused: %v", err)
				}
				stored := &corev1.ConfigMap{}
				if err := c.Get(ctx, client.ObjectKeyFromObject(cm), stored); err != nil {
					t.Fatalf("the ConfigMap was not stored: %v", err)
				}
				if stored.Data[webhook.SparkPropertiesKey] != tt.properties || !ptr.Deref(stored.Immutable, false) {
					t.Errorf("stored ConfigMap differs from the one created: immutable %v", stored.Immutable)
				}
				return
			}
			if !apierrors.IsInvalid(err) {
				t.Fatalf("creating the ConfigMap gave %v, want it refused as Invalid", err)
			}
			containsAll(t, "the error", err.Error(), tt.wantErrors...)
			// spark-submit deletes the driver Pod: the submission fails cleanly.
			if err := c.Delete(ctx, driver); err != nil {
				t.Fatalf("deleting the driver Pod: %v", err)
			}
			if err := c.Get(ctx, client.ObjectKeyFromObject(cm), &corev1.ConfigMap{}); !apierrors.IsNotFound(err) {
				t.Errorf("getting the refused ConfigMap gave %v, want NotFound", err)
			}
		})
	}
}

// TestConfigMapUpdateValidated updates an executor ConfigMap
// (spark-exec-<hex>-conf-map, labelled spark-role=executor, not immutable):
// an update that breaks its spark.properties is refused like a create.
func TestConfigMapUpdateValidated(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "update", nil)
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "spark-exec-0123456789abcdef-conf-map", Namespace: ns, Labels: map[string]string{"spark-role": "executor"}},
		Data:       map[string]string{webhook.SparkPropertiesKey: "spark.executor.cores=2\n"},
	}
	if err := c.Create(ctx, cm); err != nil {
		t.Fatalf("creating the ConfigMap: %v", err)
	}
	cm.Data[webhook.SparkPropertiesKey] = "spark.executor.instances=2\nspark.executor.cores=0\n"
	err := c.Update(ctx, cm)
	if !apierrors.IsInvalid(err) {
		t.Fatalf("updating the ConfigMap gave %v, want it refused as Invalid", err)
	}
	containsAll(t, "the error", err.Error(), `"line 2": spark.executor.cores: invalid value "0"`)
}

// driverConfigMap is the ConfigMap spark-submit creates for driver: named
// as the driver's conf volume says, unlabelled and immutable.
func driverConfigMap(t *testing.T, driver *corev1.Pod, properties string) *corev1.ConfigMap {
	t.Helper()
	for _, v := range driver.Spec.Volumes {
		if v.ConfigMap != nil && strings.HasPrefix(v.Name, "spark-conf-volume") {
			return &corev1.ConfigMap{
				ObjectMeta: metav1.ObjectMeta{Name: v.ConfigMap.Name, Namespace: driver.Namespace},
				Immutable:  ptr.To(true),
				Data: map[string]string{
					webhook.SparkPropertiesKey: properties,
					"log4j2.properties":        "rootLogger.level = info\n",
				},
			}
		}
	}
	t.Fatalf("driver Pod %s has no spark-conf-volume", driver.Name)
	return nil
}

// readFile reads a file of the repository.
func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
