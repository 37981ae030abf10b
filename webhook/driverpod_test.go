package webhook

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/sparkconf"
)

// fakePods is a client.Reader holding PartialObjectMetadata Pods by name.
// err, when set, is every Get's answer; block makes Get wait for its
// context, as a GET to an API server that does not answer.
type fakePods struct {
	pods  map[string]*metav1.PartialObjectMetadata
	err   error
	block bool
	gets  int
}

func (f *fakePods) Get(ctx context.Context, key client.ObjectKey, obj client.Object, _ ...client.GetOption) error {
	f.gets++
	if f.block {
		<-ctx.Done()
		return ctx.Err()
	}
	if f.err != nil {
		return f.err
	}
	p, ok := f.pods[key.Name]
	if !ok || p.Namespace != key.Namespace {
		return apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, key.Name)
	}
	p.DeepCopyInto(obj.(*metav1.PartialObjectMetadata))
	return nil
}

func (f *fakePods) List(context.Context, client.ObjectList, ...client.ListOption) error {
	return errors.New("not implemented")
}

// driverPod is a driver Pod's metadata as the API server returns it, with
// the spark-version label when version is not empty.
func driverPod(name string, uid types.UID, version string) *metav1.PartialObjectMetadata {
	p := DriverPodObject()
	p.Name, p.Namespace, p.UID = name, "spark", uid
	p.Labels = map[string]string{"spark-role": "driver", "spark-app-selector": "spark-3d9c1724"}
	if version != "" {
		p.Labels["spark-version"] = version
	}
	return p
}

// cached is pod as the cache holds it, after StripDriverPod.
func cached(pod *metav1.PartialObjectMetadata) *metav1.PartialObjectMetadata {
	out, _ := StripDriverPod(pod)
	return out.(*metav1.PartialObjectMetadata)
}

func pods(ps ...*metav1.PartialObjectMetadata) map[string]*metav1.PartialObjectMetadata {
	m := map[string]*metav1.PartialObjectMetadata{}
	for _, p := range ps {
		m[p.Name] = p
	}
	return m
}

func exactly(t *testing.T, v string) sparkconf.Releases {
	t.Helper()
	rs, err := sparkconf.ParseReleases(v)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestDriverPodReleases covers the lookup of the driver Pod a ConfigMap's
// ownerReference names: from the cache, live after a miss, and every case
// where it gives up so that the release is resolved from the properties.
func TestDriverPodReleases(t *testing.T) {
	const uid = types.UID("9b0e6c1a-0000-4000-8000-000000000001")
	owner := metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: "spark-pi-driver", UID: uid, Controller: ptr.To(true)}
	tests := []struct {
		name       string
		cache      *fakePods
		notSynced  bool
		live       *fakePods
		want       sparkconf.Target
		wantOK     bool
		wantResult string
		wantLive   int // GETs sent to the API server
	}{{
		name:       "cache hit",
		cache:      &fakePods{pods: pods(cached(driverPod("spark-pi-driver", uid, "3.5.1")))},
		live:       &fakePods{},
		want:       sparkconf.Target{Releases: exactly(t, "3.5.1"), Source: sparkconf.SourceDriverPod, Detail: "pod spark-pi-driver"},
		wantOK:     true,
		wantResult: LookupCache,
	}, {
		name:       "vendor suffix: the Apache release is the leading numbers",
		cache:      &fakePods{pods: pods(cached(driverPod("spark-pi-driver", uid, "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT")))},
		live:       &fakePods{},
		want:       sparkconf.Target{Releases: exactly(t, "3.4.2"), Source: sparkconf.SourceDriverPod, Detail: "pod spark-pi-driver"},
		wantOK:     true,
		wantResult: LookupCache,
	}, {
		name:       "cache miss: the Pod created a moment ago is read live",
		cache:      &fakePods{},
		live:       &fakePods{pods: pods(driverPod("spark-pi-driver", uid, "4.0.1"))},
		want:       sparkconf.Target{Releases: exactly(t, "4.0.1"), Source: sparkconf.SourceDriverPod, Detail: "pod spark-pi-driver"},
		wantOK:     true,
		wantResult: LookupLive,
		wantLive:   1,
	}, {
		name:       "cache not synced after a restart: read live without waiting for it",
		cache:      &fakePods{block: true},
		notSynced:  true,
		live:       &fakePods{pods: pods(driverPod("spark-pi-driver", uid, "3.5.1"))},
		want:       sparkconf.Target{Releases: exactly(t, "3.5.1"), Source: sparkconf.SourceDriverPod, Detail: "pod spark-pi-driver"},
		wantOK:     true,
		wantResult: LookupLive,
		wantLive:   1,
	}, {
		name:       "the cache holds an older Pod of the same name: read live",
		cache:      &fakePods{pods: pods(cached(driverPod("spark-pi-driver", "old-uid", "3.3.0")))},
		live:       &fakePods{pods: pods(driverPod("spark-pi-driver", uid, "3.5.1"))},
		want:       sparkconf.Target{Releases: exactly(t, "3.5.1"), Source: sparkconf.SourceDriverPod, Detail: "pod spark-pi-driver"},
		wantOK:     true,
		wantResult: LookupLive,
		wantLive:   1,
	}, {
		name:       "uid mismatch everywhere: not the owner",
		cache:      &fakePods{},
		live:       &fakePods{pods: pods(driverPod("spark-pi-driver", "another-uid", "3.5.1"))},
		wantResult: LookupMissing,
		wantLive:   1,
	}, {
		name:       "the Pod is gone",
		cache:      &fakePods{},
		live:       &fakePods{},
		wantResult: LookupMissing,
		wantLive:   1,
	}, {
		name:       "no spark-version label (Spark before 3.3)",
		cache:      &fakePods{pods: pods(cached(driverPod("spark-pi-driver", uid, "")))},
		live:       &fakePods{},
		wantResult: LookupUnlabelled,
	}, {
		name:       "a label that names no release",
		cache:      &fakePods{pods: pods(cached(driverPod("spark-pi-driver", uid, "main")))},
		live:       &fakePods{},
		wantResult: LookupUnlabelled,
	}, {
		name:  "the owner read live is not a Spark driver",
		cache: &fakePods{},
		live: &fakePods{pods: pods(&metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
			Name: "spark-pi-driver", Namespace: "spark", UID: uid, Labels: map[string]string{"spark-version": "3.5.1"},
		}})},
		wantResult: LookupUnlabelled,
		wantLive:   1,
	}, {
		name:       "lookup error",
		cache:      &fakePods{},
		live:       &fakePods{err: apierrors.NewInternalError(errors.New("etcd is down"))},
		wantResult: LookupError,
		wantLive:   1,
	}, {
		name:       "the API server does not answer: the timeout ends the lookup",
		cache:      &fakePods{},
		live:       &fakePods{block: true},
		wantResult: LookupError,
		wantLive:   1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			metrics, err := NewMetrics(prometheus.NewRegistry())
			if err != nil {
				t.Fatal(err)
			}
			d := &CachedDriverPods{Cache: tt.cache, Live: tt.live, Timeout: 50 * time.Millisecond, Metrics: metrics,
				Synced: func() bool { return !tt.notSynced }}
			start := time.Now()
			got, ok := d.DriverPodReleases(context.Background(), "spark", owner)
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("the lookup took %s, want it bounded by its timeout", elapsed)
			}
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("target (-want +got):\n%s", diff)
			}
			if tt.live.gets != tt.wantLive {
				t.Errorf("%d live GETs, want %d", tt.live.gets, tt.wantLive)
			}
			if n := testutil.ToFloat64(metrics.driverPodLookups.WithLabelValues(tt.wantResult)); n != 1 {
				t.Errorf("sparkhook_driver_pod_lookups_total{result=%q} = %v, want 1", tt.wantResult, n)
			}
		})
	}
}

// TestStripDriverPod checks that the cache keeps only what the lookup
// reads.
func TestStripDriverPod(t *testing.T) {
	in := driverPod("spark-pi-driver", "u1", "3.5.1")
	in.ResourceVersion = "42"
	in.Annotations = map[string]string{"sparkhook.io/applied": "a@1"}
	in.OwnerReferences = []metav1.OwnerReference{{Kind: "SparkApplication", Name: "pi"}}
	in.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "spark-submit"}}
	got, err := StripDriverPod(in)
	if err != nil {
		t.Fatal(err)
	}
	want := DriverPodObject()
	want.Name, want.Namespace, want.UID = "spark-pi-driver", "spark", "u1"
	want.Labels = map[string]string{"spark-version": "3.5.1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	tombstone := "not a Pod"
	if got, _ := StripDriverPod(tombstone); got != tombstone {
		t.Errorf("StripDriverPod(%v) = %v, want it unchanged", tombstone, got)
	}
}

// TestDriverPodOwner checks which ownerReference names the driver Pod.
func TestDriverPodOwner(t *testing.T) {
	pod := func(name string, controller bool) metav1.OwnerReference {
		return metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: name, UID: types.UID(name), Controller: ptr.To(controller)}
	}
	tests := []struct {
		name   string
		refs   []metav1.OwnerReference
		want   string
		wantOK bool
	}{
		{name: "no owner", refs: nil},
		{name: "not a Pod", refs: []metav1.OwnerReference{{APIVersion: "sparkoperator.k8s.io/v1beta2", Kind: "SparkApplication", Name: "pi"}}},
		{name: "a Pod of another API version", refs: []metav1.OwnerReference{{APIVersion: "v2", Kind: "Pod", Name: "x"}}},
		{name: "spark-submit's controller reference", refs: []metav1.OwnerReference{pod("spark-pi-driver", true)}, want: "spark-pi-driver", wantOK: true},
		{name: "the controller wins", refs: []metav1.OwnerReference{pod("other", false), pod("spark-pi-driver", true)}, want: "spark-pi-driver", wantOK: true},
		{name: "else the first Pod", refs: []metav1.OwnerReference{pod("first", false), pod("second", false)}, want: "first", wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := driverPodOwner(tt.refs)
			if ok != tt.wantOK || got.Name != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got.Name, ok, tt.want, tt.wantOK)
			}
		})
	}
}
