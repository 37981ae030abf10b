package webhook

import (
	"context"
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// DefaultDriverPodLookupTimeout bounds the live lookup of a driver Pod the
// cache does not hold yet: well within the ConfigMap webhook's
// timeoutSeconds (5 s in deploy/base/webhooks.yaml), so that a slow API
// server costs the review a second, never the submission.
const DefaultDriverPodLookupTimeout = time.Second

// The results of a driver Pod lookup, as sparkhook_driver_pod_lookups_total
// counts them.
const (
	// LookupCache: the Pod was in the cache.
	LookupCache = "cache"
	// LookupLive: the cache did not hold it (yet); a GET found it.
	LookupLive = "live"
	// LookupMissing: neither found the Pod the ownerReference names (gone,
	// or another Pod of the same name).
	LookupMissing = "missing"
	// LookupUnlabelled: the Pod has no spark-version label naming a
	// release, or is not a Spark driver.
	LookupUnlabelled = "unlabelled"
	// LookupError: the live lookup failed or timed out.
	LookupError = "error"
)

// DriverPodObject is the metadata-only Pod the driver Pod cache holds.
func DriverPodObject() *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}}
}

// DriverPodCacheOptions are the manager cache's options for driver Pods:
// metadata only (the API server sends no spec or status, and the cache
// decodes none), only Pods labelled spark-role=driver (executors, which
// outnumber drivers, never reach sparkhook), each stripped by
// StripDriverPod to what DriverPodReleases reads.
func DriverPodCacheOptions() (client.Object, cache.ByObject) {
	return DriverPodObject(), cache.ByObject{
		Label:     labels.SelectorFromSet(labels.Set{templates.LabelSparkRole: string(v1alpha1.RoleDriver)}),
		Transform: StripDriverPod,
	}
}

// StripDriverPod is the cache's TransformFunc for driver Pods: it keeps
// the name, namespace, uid and the spark-version label, and drops the rest
// (the other labels, annotations, ownerReferences, managedFields), so that
// a cached driver costs under a kilobyte (BenchmarkDriverPodCacheMemory).
func StripDriverPod(obj any) (any, error) {
	in, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		// Anything else (client-go's DeletedFinalStateUnknown tombstone)
		// passes as it is.
		return obj, nil
	}
	out := DriverPodObject()
	// No resourceVersion: the reflector reads it from the watch event
	// before the transform, and the store never compares versions.
	out.Name, out.Namespace, out.UID = in.Name, in.Namespace, in.UID
	if v, ok := in.Labels[templates.LabelSparkVersion]; ok {
		out.Labels = map[string]string{templates.LabelSparkVersion: v}
	}
	return out, nil
}

// CachedDriverPods finds driver Pods in the manager's cache (filled as
// DriverPodCacheOptions says) and, when the cache does not hold the Pod,
// with one bounded metadata-only GET.
//
// A miss is expected: spark-submit creates the ConfigMap milliseconds after
// the Pod, and the Pod's watch event may not have reached this replica yet
// (each replica has its own cache), or the replica has just started and its
// cache has not synced. Waiting for the cache would have no bound; the GET
// has one.
type CachedDriverPods struct {
	// Cache is the manager's cache.
	Cache client.Reader
	// Synced reports whether the cache has listed the driver Pods (the
	// informer's HasSynced); the cache's Get blocks until then, so the
	// lookup goes live instead. Nil means synced.
	Synced func() bool
	// Live reads from the API server (the manager's APIReader).
	Live client.Reader
	// Timeout bounds the whole lookup; DefaultDriverPodLookupTimeout when
	// zero.
	Timeout time.Duration
	// Metrics counts the lookups by result; nil counts nothing.
	Metrics *Metrics
}

var _ DriverPods = &CachedDriverPods{}

// DriverPodReleases implements DriverPods.
func (d *CachedDriverPods) DriverPodReleases(ctx context.Context, namespace string, owner metav1.OwnerReference) (sparkconf.Target, bool) {
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = DefaultDriverPodLookupTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pod, result := d.lookup(ctx, client.ObjectKey{Namespace: namespace, Name: owner.Name}, owner.UID)
	var target sparkconf.Target
	ok := false
	if pod != nil {
		if target, ok = releasesFromLabel(pod.Labels, pod.Name); !ok {
			result = LookupUnlabelled
		}
	}
	d.Metrics.driverPodLookup(result)
	logf.FromContext(ctx).V(1).Info("Looked up the driver Pod", "pod", owner.Name, "result", result)
	return target, ok
}

// lookup returns the Pod key names if its uid is uid, and how it was found.
func (d *CachedDriverPods) lookup(ctx context.Context, key client.ObjectKey, uid types.UID) (*metav1.PartialObjectMetadata, string) {
	if d.Synced == nil || d.Synced() {
		pod := DriverPodObject()
		if err := d.Cache.Get(ctx, key, pod); err == nil && pod.UID == uid {
			return pod, LookupCache
		}
		// Not there, or an older Pod of the same name whose deletion the
		// cache has not seen yet: ask the API server.
	}
	pod := DriverPodObject()
	err := d.Live.Get(ctx, key, pod)
	switch {
	case apierrors.IsNotFound(err):
		return nil, LookupMissing
	case err != nil:
		logf.FromContext(ctx).Info("Could not look up the driver Pod; resolving the Spark release from the properties", "pod", key.Name, "error", err,
			"timedOut", errors.Is(err, context.DeadlineExceeded))
		return nil, LookupError
	case pod.UID != uid:
		return nil, LookupMissing
	case pod.Labels[templates.LabelSparkRole] != string(v1alpha1.RoleDriver):
		return nil, LookupUnlabelled
	}
	return pod, LookupLive
}

// InformerGetter is what WatchDriverPods needs of the manager's cache.
type InformerGetter interface {
	GetInformer(ctx context.Context, obj client.Object, opts ...cache.InformerGetOption) (cache.Informer, error)
}

// WatchDriverPods starts the driver Pod informer in c (so that it lists
// with the cache, not on the first review) and returns its HasSynced, for
// CachedDriverPods.Synced. It does not wait for the sync: before the
// manager starts, nothing has listed yet.
func WatchDriverPods(ctx context.Context, c InformerGetter) (func() bool, error) {
	i, err := c.GetInformer(ctx, DriverPodObject(), cache.BlockUntilSynced(false))
	if err != nil {
		return nil, err
	}
	return i.HasSynced, nil
}
