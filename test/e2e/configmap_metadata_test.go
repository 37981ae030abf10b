package e2e

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// TestInvalidConfigMapMetadataUpdates checks, through the API server with
// the webhook in place, that a ConfigMap whose spark.properties the rules
// now refuse can still be relabelled and, once deleted, lose its finalizer
// and go. Such a ConfigMap cannot be created through the webhook; it
// arises when the rules change under a stored one. Here the release does:
// the executors' ConfigMap is stored while its driver Pod says Spark 3.5.1,
// whose rules accept a 50ms batch delay, and the Pod is then relabelled
// 4.0.1, whose rules refuse it (SPARK-49447) — as a Pod written by one
// tool and relabelled by another would be; a platform tightening
// properties policy does the same. A dry-run edit of spark.properties
// shows the webhook now refusing the file, before the metadata updates.
func TestInvalidConfigMapMetadataUpdates(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "metadata", nil)
	driver := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	driver.Namespace, driver.Name = ns, "spark-pi-"+rand.String(8)+"-driver"
	driver.Labels["spark-version"] = "3.5.1"
	if err := c.Create(ctx, driver); err != nil {
		t.Fatalf("creating the driver Pod: %v", err)
	}
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name: "spark-exec-" + rand.String(16) + "-conf-map", Namespace: ns,
			Labels:     map[string]string{"spark-role": "executor"},
			Finalizers: []string{"example.com/keep"},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "v1", Kind: "Pod", Name: driver.Name, UID: driver.UID, Controller: ptr.To(true),
			}},
		},
		Data: map[string]string{webhook.SparkPropertiesKey: releaseSensitive},
	}
	if err := c.Create(ctx, cm); err != nil {
		t.Fatalf("creating the ConfigMap for Spark 3.5.1: %v", err)
	}
	driver.Labels["spark-version"] = "4.0.1"
	if err := c.Update(ctx, driver); err != nil {
		t.Fatalf("relabelling the driver Pod: %v", err)
	}
	cluster.Eventually(t, 30*time.Second, func() error {
		edit := cm.DeepCopy()
		edit.Data[webhook.SparkPropertiesKey] += "# edited\n"
		err := c.Update(ctx, edit, client.DryRunAll)
		if !apierrors.IsInvalid(err) {
			return fmt.Errorf("a dry-run edit of spark.properties gave %v, want it refused for Spark 4.0.1", err)
		}
		return nil
	})

	cm.Labels["team"] = "analytics"
	if err := c.Update(ctx, cm); err != nil {
		t.Fatalf("relabelling the ConfigMap: %v", err)
	}
	if err := c.Delete(ctx, cm); err != nil {
		t.Fatalf("deleting the ConfigMap: %v", err)
	}
	if err := c.Get(ctx, client.ObjectKeyFromObject(cm), cm); err != nil || cm.DeletionTimestamp == nil {
		t.Fatalf("the deleted ConfigMap: %v, deletionTimestamp %v; want it Terminating", err, cm.DeletionTimestamp)
	}
	cm.Finalizers = nil
	if err := c.Update(ctx, cm); err != nil {
		t.Fatalf("removing the finalizer: %v", err)
	}
	cluster.Eventually(t, 10*time.Second, func() error {
		if err := c.Get(ctx, client.ObjectKeyFromObject(cm), &corev1.ConfigMap{}); !apierrors.IsNotFound(err) {
			return errors.Join(errors.New("the ConfigMap is still there"), err)
		}
		return nil
	})
}

// TestBinaryDataConfigMapValidated checks that a spark.properties under
// binaryData, which the kubelet mounts as the same file Spark reads,
// reaches the webhook (its matchCondition) and is refused like data's.
func TestBinaryDataConfigMapValidated(t *testing.T) {
	c, _ := newClient(t)
	ns := newNamespace(t, c, "binary", nil)
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "spark-exec-" + rand.String(16) + "-conf-map", Namespace: ns},
		BinaryData: map[string][]byte{webhook.SparkPropertiesKey: []byte("spark.executor.cores=2\nspark.executor.cores=0\n")},
	}
	err := c.Create(context.Background(), cm)
	if !apierrors.IsInvalid(err) {
		t.Fatalf("creating the ConfigMap gave %v, want it refused as Invalid", err)
	}
	containsAll(t, "the error", err.Error(), `binaryData[spark.properties]: Invalid value: "line 2": spark.executor.cores: invalid value "0"`)
}
