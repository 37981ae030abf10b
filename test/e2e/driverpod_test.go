package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/webhook"
)

// Properties whose validity depends on the Spark release.
const (
	// Valid under 3.x; from Spark 4.0.0 the batch delay must exceed 0.1 s
	// (SPARK-49447) and spark.kubernetes.configMap.maxSize is at most 1 MiB
	// (Config.scala's checkValue).
	releaseSensitive = "spark.kubernetes.allocation.batch.delay=50ms\nspark.kubernetes.configMap.maxSize=1572864\n"
	// A binary suffix: a byte size only from Spark 4.2.0 (SPARK-55051).
	binaryOverhead = "spark.executor.memoryOverhead=1Gi\n"
	// The Spark 3.x label of a vendor build.
	vendorVersion = "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT"
)

// submission is one spark-submit: a driver Pod labelled version, then at
// once its ConfigMap holding properties.
type submission struct {
	name       string
	version    string // the driver Pod's spark-version label
	properties string
	executor   bool     // the executors' ConfigMap instead of the driver's
	wantErrors []string // each in the error; none: stored
}

// submissions are the release-dependent cases, checked against the
// release of the driver Pod's label.
func submissions() []submission {
	checked := func(release string) string {
		return "checked against Spark " + release + " (the driver Pod's spark-version label, pod "
	}
	return []submission{
		{name: "vendor 3.4.2 accepts a 50ms batch delay and a 1.5 MiB ConfigMap", version: vendorVersion, properties: releaseSensitive},
		{name: "3.5.1 accepts them", version: "3.5.1", properties: releaseSensitive},
		{name: "4.0.1 refuses them", version: "4.0.1", properties: releaseSensitive, wantErrors: []string{
			`"line 1": spark.kubernetes.allocation.batch.delay: invalid value "50ms"`,
			`"line 2": spark.kubernetes.configMap.maxSize: invalid value "1572864"`,
			checked("4.0.1"),
		}},
		{name: "4.0.1 refuses them in the executors' ConfigMap", version: "4.0.1", properties: releaseSensitive, executor: true, wantErrors: []string{
			`spark.kubernetes.allocation.batch.delay: invalid value "50ms"`, checked("4.0.1"),
		}},
		{name: "vendor 3.4.2 refuses 1Gi", version: vendorVersion, properties: binaryOverhead, wantErrors: []string{
			`"line 1": spark.executor.memoryOverhead: invalid byte size "1Gi"`, checked("3.4.2"),
		}},
		{name: "3.5.1 refuses 1Gi", version: "3.5.1", properties: binaryOverhead, wantErrors: []string{
			`spark.executor.memoryOverhead: invalid byte size "1Gi"`, checked("3.5.1"),
		}},
	}
}

// TestDriverPodRelease replays spark-submit against two sparkhook replicas
// behind one endpoint, as the Deployment runs them: each driver Pod is
// created, then its ConfigMap at once, owned by the Pod, so that the
// replica answering may not have received the Pod from its watch yet. The
// driver Pod's spark-version label decides the rules whichever replica
// answers, also when one has just restarted and answers as soon as its
// port opens, before its cache has synced, and when its cache holds no Pod
// at all (every lookup a live GET); a ConfigMap no Pod owns, naming no
// image, gets warnings for what only some releases refuse.
func TestDriverPodRelease(t *testing.T) {
	c, warned := newClient(t)
	replicas := startReplicas(t, c, 2)
	proxy := startProxy(t, replicas)
	routeConfigMaps(t, c, proxy.URL, func() int {
		n := 0
		for _, v := range proxy.servedBy() {
			n += v
		}
		return n
	})
	ns := newNamespace(t, c, "release", nil)
	t.Run("two replicas", func(t *testing.T) {
		for _, s := range submissions() {
			t.Run(s.name, func(t *testing.T) { submit(t, c, ns, s) })
		}
		for i, r := range replicas {
			reviews := metric(t, r, "sparkhook_spark_properties_reviews_total", `source="driver-pod"`)
			t.Logf("replica %d: %v reviews decided by the driver Pod; lookups: %v from the cache, %v live after a miss",
				i, reviews, metric(t, r, "sparkhook_driver_pod_lookups_total", `result="cache"`), metric(t, r, "sparkhook_driver_pod_lookups_total", `result="live"`))
			if reviews == 0 {
				t.Errorf("replica %d decided no review from the driver Pod (proxy: %v)", i, proxy.servedBy())
			}
		}
	})
	t.Run("right after a restart", func(t *testing.T) {
		restarted := replicas[1]
		proxy.only.Store(0) // out of the endpoints while it restarts
		restarted.restart(t)
		proxy.only.Store(1)
		defer proxy.only.Store(-1)
		cases := submissions()
		for _, s := range cases {
			t.Run(s.name, func(t *testing.T) { submit(t, c, ns, s) })
		}
		if err := restarted.WaitReadyWithin(context.Background(), time.Minute); err != nil {
			t.Fatal(err) // its metrics server may start after its webhooks
		}
		reviews := metric(t, restarted, "sparkhook_spark_properties_reviews_total", `source="driver-pod"`)
		t.Logf("restarted replica: lookups %v from the cache, %v live after a miss (cache not synced yet, or the Pod not delivered yet)",
			metric(t, restarted, "sparkhook_driver_pod_lookups_total", `result="cache"`), metric(t, restarted, "sparkhook_driver_pod_lookups_total", `result="live"`))
		if int(reviews) != len(cases) {
			t.Errorf("the restarted replica decided %v reviews from the driver Pod, want %d", reviews, len(cases))
		}
	})
	t.Run("a ConfigMap no Pod owns gets warnings", func(t *testing.T) {
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-" + rand.String(16) + "-conf-map", Namespace: ns},
			Immutable:  ptr.To(true),
			Data:       map[string]string{webhook.SparkPropertiesKey: releaseSensitive + binaryOverhead},
		}
		warned.take()
		if err := c.Create(context.Background(), cm); err != nil {
			t.Fatalf("the ConfigMap was refused: %v", err)
		}
		containsAll(t, "the warnings", strings.Join(warned.take(), "\n"),
			`spark.kubernetes.allocation.batch.delay: Spark 4.0.0 and later would refuse "50ms"`,
			`spark.kubernetes.configMap.maxSize: Spark 4.0.0 and later would refuse "1572864"`,
			`spark.executor.memoryOverhead: Spark 3.0.0 to 4.1.x would refuse "1Gi"`)
	})
	t.Run("a replica whose cache misses reads the driver Pod live", func(t *testing.T) {
		checkLiveLookups(t, c, proxy, ns)
	})
}

// submit creates the driver Pod of s, then at once its ConfigMap, and
// checks the answer; on a refusal it deletes the Pod, as spark-submit does.
func submit(t *testing.T, c client.Client, ns string, s submission) {
	t.Helper()
	ctx := context.Background()
	driver := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	driver.Namespace, driver.Name = ns, "spark-pi-"+rand.String(8)+"-driver"
	driver.Labels["spark-version"] = s.version
	if err := c.Create(ctx, driver); err != nil {
		t.Fatalf("creating the driver Pod: %v", err)
	}
	cm := ownedConfigMap(driver, s)
	err := c.Create(ctx, cm)
	if len(s.wantErrors) == 0 {
		if err != nil {
			t.Fatalf("the ConfigMap was refused: %v", err)
		}
		return
	}
	if !apierrors.IsInvalid(err) {
		t.Fatalf("creating the ConfigMap gave %v, want it refused as Invalid", err)
	}
	containsAll(t, "the error", err.Error(), append(s.wantErrors, "pod "+driver.Name+")")...)
	if err := c.Delete(ctx, driver); err != nil {
		t.Errorf("deleting the driver Pod: %v", err)
	}
}

// ownedConfigMap is the ConfigMap spark-submit creates for driver: the
// driver's (spark-drv-<hex>-conf-map, unlabelled) or the executors'
// (spark-exec-<hex>-conf-map, labelled spark-role=executor), immutable,
// owned by the driver Pod (KubernetesUtils.addOwnerReference).
func ownedConfigMap(driver *corev1.Pod, s submission) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name: fmt.Sprintf("spark-drv-%s-conf-map", rand.String(16)), Namespace: driver.Namespace,
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "v1", Kind: "Pod", Name: driver.Name, UID: driver.UID, Controller: ptr.To(true),
			}},
		},
		Immutable: ptr.To(true),
		Data: map[string]string{
			webhook.SparkPropertiesKey: s.properties,
			"log4j2.properties":        "rootLogger.level = info\n",
		},
	}
	if s.executor {
		cm.Name = strings.Replace(cm.Name, "spark-drv-", "spark-exec-", 1)
		cm.Labels = map[string]string{"spark-role": "executor"}
	}
	return cm
}

// metric reads one of a replica's metrics, summed over the samples whose
// labels include label.
func metric(t *testing.T, r *replica, name, label string) float64 {
	t.Helper()
	v, _, err := r.Metric(context.Background(), name, label)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
