package source

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// Cluster is the registry source name of SparkPodTemplate objects.
const Cluster = "cluster"

// CacheTransform is the cache's transform for SparkPodTemplates
// (cache.ByObject{Transform: CacheTransform}): it drops what the cache
// would otherwise keep of each object a second time. `kubectl apply`
// stores the whole object again in the kubectl.kubernetes.io/
// last-applied-configuration annotation, and the API server's managedFields
// list every field of spec.template once more: with both, a template's
// content is held three times over in every replica before it is compiled.
// Neither is read by sparkhook.
func CacheTransform(obj any) (any, error) {
	t, ok := obj.(*v1alpha1.SparkPodTemplate)
	if !ok {
		return obj, nil
	}
	t.ManagedFields = nil
	if _, ok := t.Annotations[corev1.LastAppliedConfigAnnotation]; ok {
		t.Annotations = maps.Clone(t.Annotations)
		delete(t.Annotations, corev1.LastAppliedConfigAnnotation)
	}
	return t, nil
}

// ClusterSource keeps a templates.Registry's cluster templates in step with the
// SparkPodTemplates in a controller-runtime cache: every change rebuilds the
// source's set from the cache, in memory, reusing what was compiled for an
// unchanged object. The admission path never calls the API server.
type ClusterSource struct {
	// Cache holds SparkPodTemplates.
	Cache cache.Cache
	// Registry receives the templates.
	Registry *templates.Registry
	// OwnNamespace is sparkhook's namespace.
	OwnNamespace string
	// Security is what privileges templates may add.
	Security templates.SecurityPolicy
	// OnLoad, when set, is told the outcome of every rebuild, for metrics:
	// how many of this source's templates the registry holds after it, or
	// templates.NotReplaced when the load replaced nothing (the last good set stays),
	// and the objects it refused, if any.
	OnLoad func(templates int, refused error)

	changed  chan struct{}
	synced   atomic.Bool
	compiled map[types.UID]compiledObject
}

type compiledObject struct {
	resourceVersion string
	template        *templates.Template
}

// Start watches SparkPodTemplates until ctx is done. It is a
// controller-runtime Runnable.
func (s *ClusterSource) Start(ctx context.Context) error {
	log := logr.FromContextOrDiscard(ctx).WithName("cluster-templates")
	s.changed = make(chan struct{}, 1)
	s.compiled = map[types.UID]compiledObject{}
	informer, err := s.Cache.GetInformer(ctx, &v1alpha1.SparkPodTemplate{})
	if err != nil {
		return fmt.Errorf("watching SparkPodTemplates: %w", err)
	}
	notify := func(any) { s.notify() }
	if _, err := informer.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc:    notify,
		UpdateFunc: func(_, obj any) { notify(obj) },
		DeleteFunc: notify,
	}); err != nil {
		return fmt.Errorf("watching SparkPodTemplates: %w", err)
	}
	if !s.Cache.WaitForCacheSync(ctx) {
		return ctx.Err()
	}
	s.notify()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.changed:
			if err := s.rebuild(ctx, log); err != nil {
				log.Error(err, "Rebuilding cluster templates failed; keeping the last good set")
			}
		}
	}
}

func (s *ClusterSource) notify() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// Synced reports whether the cluster templates were loaded at least once:
// until then sparkhook must not report ready, or Spark Pods would be
// admitted without them.
func (s *ClusterSource) Synced() bool { return s.synced.Load() }

// rebuild compiles every SparkPodTemplate in the cache. An object that does
// not compile (stored while the validating webhook was down or bypassed,
// say) is logged and counted as a failed load, and keeps the version
// compiled last time, if any: a bad edit never takes a working template
// away from the Pods it applies to. The other objects apply either way.
func (s *ClusterSource) rebuild(ctx context.Context, log logr.Logger) error {
	var list v1alpha1.SparkPodTemplateList
	if err := s.Cache.List(ctx, &list); err != nil {
		s.report(templates.NotReplaced, err)
		return err
	}
	next := make(map[types.UID]compiledObject, len(list.Items))
	out := make([]*templates.Template, 0, len(list.Items))
	var refused []error
	for i := range list.Items {
		obj := &list.Items[i]
		last, known := s.compiled[obj.UID]
		if !known || last.resourceVersion != obj.ResourceVersion {
			t, _, errs := templates.Compile(obj, templates.ClusterCompileOptions(obj, s.OwnNamespace, s.Security))
			if len(errs) > 0 {
				key := client.ObjectKeyFromObject(obj)
				refused = append(refused, fmt.Errorf("SparkPodTemplate %s: %w", key, errs.ToAggregate()))
				log.Error(errs.ToAggregate(), "Refusing an invalid SparkPodTemplate", "template", key,
					"resourceVersion", obj.ResourceVersion, "keepingLastGood", known)
				if !known {
					continue
				}
			} else {
				last = compiledObject{obj.ResourceVersion, t}
			}
		}
		next[obj.UID] = last
		out = append(out, last.template)
	}
	s.compiled = next
	s.Registry.Replace(Cluster, out)
	s.synced.Store(true)
	s.report(len(out), errors.Join(refused...))
	log.V(1).Info("Cluster templates rebuilt", "templates", len(out), "refused", len(refused))
	return nil
}

func (s *ClusterSource) report(n int, err error) {
	if s.OnLoad != nil {
		s.OnLoad(n, err)
	}
}

// namespaceCacheWait bounds how long CachedNamespaceLabels waits for the
// cache to learn of a namespace it does not know yet: well within the
// webhook's timeoutSeconds (5 in deploy/).
const namespaceCacheWait = 2 * time.Second

// CachedNamespaceLabels returns the labels of a namespace from reader, a
// cache: namespaceSelectors are evaluated without calling the API server.
//
// The API server admits a Pod only into a namespace that exists (its
// NamespaceLifecycle plugin runs before the webhooks), so a namespace the
// cache does not know was created a moment ago and its watch event is on
// the way — `kubectl create namespace x && spark-submit …`. It waits for
// the cache, up to namespaceCacheWait, rather than refuse the Pod.
func CachedNamespaceLabels(reader client.Reader) func(context.Context, string) (labels.Set, error) {
	return func(ctx context.Context, name string) (labels.Set, error) {
		var ns corev1.Namespace
		deadline := time.Now().Add(namespaceCacheWait)
		for {
			err := reader.Get(ctx, client.ObjectKey{Name: name}, &ns)
			if err == nil {
				return ns.Labels, nil
			}
			if !apierrors.IsNotFound(err) || time.Now().After(deadline) {
				return nil, fmt.Errorf("namespace %q: %w", name, err)
			}
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("namespace %q: %w (%w)", name, err, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}
