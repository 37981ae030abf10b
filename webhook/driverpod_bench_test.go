package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/webhook"
)

// storeReader reads PartialObjectMetadata from a client-go store as
// controller-runtime's CacheReader does: the stored object by its
// namespace/name key, deep-copied.
type storeReader struct{ store toolscache.Store }

func (s storeReader) Get(_ context.Context, key client.ObjectKey, obj client.Object, _ ...client.GetOption) error {
	item, ok, err := s.store.GetByKey(key.String())
	if err != nil {
		return err
	}
	if !ok {
		return apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, key.Name)
	}
	item.(*metav1.PartialObjectMetadata).DeepCopyInto(obj.(*metav1.PartialObjectMetadata))
	return nil
}

func (storeReader) List(context.Context, client.ObjectList, ...client.ListOption) error {
	return errors.New("not implemented")
}

// newPodIndexer is the store a controller-runtime informer keeps: keyed by
// namespace/name, indexed by namespace.
func newPodIndexer() toolscache.Indexer {
	return toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, toolscache.Indexers{toolscache.NamespaceIndex: toolscache.MetaNamespaceIndexFunc})
}

// apiDriverPod is a driver Pod's metadata as the API server sends it in a
// metadata-only watch: what spark-submit and the Pod webhook set. Every
// string is its own allocation, as JSON decoding makes them.
func apiDriverPod(i int) *metav1.PartialObjectMetadata {
	p := webhook.DriverPodObject()
	p.Name = fmt.Sprintf("spark-pi-%016x-driver", i)
	p.Namespace = strings.Clone("spark-jobs")
	p.UID = types.UID(fmt.Sprintf("3d9c1724-11e2-4b8f-ab0d-%012x", i))
	p.ResourceVersion = fmt.Sprint(1000000 + i)
	p.CreationTimestamp = metav1.Now()
	p.Labels = map[string]string{
		"spark-app-name":     strings.Clone("spark-pi"),
		"spark-app-selector": fmt.Sprintf("spark-%032x", i),
		"spark-role":         strings.Clone("driver"),
		"spark-version":      strings.Clone("4.2.1"),
	}
	p.Annotations = map[string]string{
		"sparkhook.io/applied": strings.Clone("spot-executors@5d41402a,driver-defaults@7d793037"),
		"prometheus.io/scrape": strings.Clone("true"),
		"prometheus.io/port":   strings.Clone("4040"),
		"prometheus.io/path":   strings.Clone("/metrics/executors/prometheus"),
	}
	p.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "spark-submit", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1",
		FieldsType: "FieldsV1", FieldsV1: metav1.NewFieldsV1(`{"f:metadata":{"f:labels":{".":{},"f:spark-app-name":{},"f:spark-app-selector":{},"f:spark-role":{},"f:spark-version":{}}}}`)}}
	return p
}

// BenchmarkDriverPodCacheMemory measures the heap a driver Pod cache holds
// per Pod: 10,000 driver Pods, each as the metadata-only watch delivers it,
// put through the cache's TransformFunc (StripDriverPod) into the indexer
// a controller-runtime informer keeps; the heap after a GC, less the heap
// before, divided by 10,000. "untransformed" is the same without the
// transform, for comparison.
func BenchmarkDriverPodCacheMemory(b *testing.B) {
	const pods = 10000
	for _, tc := range []struct {
		name      string
		transform func(any) (any, error)
	}{
		{name: "stripped", transform: webhook.StripDriverPod},
		{name: "untransformed", transform: func(o any) (any, error) { return o, nil }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var perPod float64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				store := newPodIndexer()
				for i := range pods {
					obj, err := tc.transform(apiDriverPod(i))
					if err != nil {
						b.Fatal(err)
					}
					if err := store.Add(obj); err != nil {
						b.Fatal(err)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perPod = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / pods
				runtime.KeepAlive(store)
			}
			b.ReportMetric(perPod, "B/pod")
		})
	}
}

// BenchmarkConfigMapReview is one review of a driver ConfigMap holding a
// 200-line spark.properties, as the webhook server runs it minus TLS and
// HTTP: with the release from the owning driver Pod, read from a cache
// holding 10,000 driver Pods ("driver-pod=cache"), and with no Pod lookup
// at all, the release from the image tag ("offline"): the difference is
// what the lookup adds to a review.
func BenchmarkConfigMapReview(b *testing.B) {
	props, err := os.ReadFile(filepath.Join("..", "sparkconf", "testdata", "bench-200.properties"))
	if err != nil {
		b.Fatal(err)
	}
	store := newPodIndexer()
	for i := range 10000 {
		obj, _ := webhook.StripDriverPod(apiDriverPod(i))
		store.Add(obj)
	}
	owner := apiDriverPod(4242)
	review := configMapReview(b, string(props), owner)
	validator, err := sparkconf.NewValidator(sparkconf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	metrics, err := webhook.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		driverPods webhook.DriverPods
	}{
		{name: "driver-pod=cache", driverPods: &webhook.CachedDriverPods{Cache: storeReader{store}, Live: storeReader{newPodIndexer()}, Metrics: metrics}},
		{name: "offline", driverPods: nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h := &webhook.ConfigMapHandler{Validator: validator, Decoder: admission.NewDecoder(benchdata.Scheme()), DriverPods: tc.driverPods, Metrics: metrics}
			wh := &admission.Webhook{Handler: metrics.Observe("ConfigMap", webhook.RequireRequest(h))}
			if reply := serve(wh, review); !strings.Contains(string(reply), `"allowed":true`) {
				b.Fatalf("the review was not allowed: %s", reply)
			}
			run(b, wh, review)
		})
	}
}

// BenchmarkDriverPodLookup is what resolving the release from the driver
// Pod adds to a review when the cache holds the Pod: the cache read (as
// controller-runtime's CacheReader does it), the uid check and the label's
// parse, among 10,000 cached drivers.
func BenchmarkDriverPodLookup(b *testing.B) {
	store := newPodIndexer()
	for i := range 10000 {
		obj, _ := webhook.StripDriverPod(apiDriverPod(i))
		store.Add(obj)
	}
	pod := apiDriverPod(4242)
	owner := metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: pod.Name, UID: pod.UID, Controller: ptr.To(true)}
	d := &webhook.CachedDriverPods{Cache: storeReader{store}, Live: storeReader{newPodIndexer()}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := d.DriverPodReleases(ctx, pod.Namespace, owner); !ok {
			b.Fatal("not found")
		}
	}
}

// configMapReview is the AdmissionReview of the driver ConfigMap spark-submit
// creates for owner, holding props.
func configMapReview(b *testing.B, props string, owner *metav1.PartialObjectMetadata) []byte {
	b.Helper()
	cm := &corev1.ConfigMap{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-8b9fd589dcfc5820-conf-map", Namespace: owner.Namespace,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: owner.Name, UID: owner.UID, Controller: ptr.To(true)}}},
		Immutable: ptr.To(true),
		Data:      map[string]string{webhook.SparkPropertiesKey: props, "log4j2.properties": "rootLogger.level = info\n"},
	}
	review, err := benchdata.ConfigMapReview(cm, "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")
	if err != nil {
		b.Fatal(err)
	}
	return review
}
