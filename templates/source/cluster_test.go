package source

import (
	"context"
	"errors"
	"testing"

	"github.com/go-logr/logr"
	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// listCache is a cache.Cache that lists a fixed set of SparkPodTemplates,
// all that rebuild reads.
type listCache struct {
	cache.Cache
	items []v1alpha1.SparkPodTemplate
}

func (c *listCache) List(_ context.Context, list client.ObjectList, _ ...client.ListOption) error {
	out := list.(*v1alpha1.SparkPodTemplateList)
	out.Items = nil
	for i := range c.items {
		out.Items = append(out.Items, *c.items[i].DeepCopy())
	}
	return nil
}

// clusterTemplate is a SparkPodTemplate in namespace team that labels
// drivers version=<version>, or a broken one when version is "".
func clusterTemplate(t *testing.T, uid, resourceVersion, version string) v1alpha1.SparkPodTemplate {
	t.Helper()
	spec := `{template: {metadata: {labels: {version: "` + version + `"}}}}`
	if version == "" {
		spec = `{template: {spec: {containers: not-a-list}}}`
	}
	obj := v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{
		Name: "tpl-" + uid, Namespace: "team", UID: types.UID(uid), ResourceVersion: resourceVersion,
	}}
	if err := yaml.Unmarshal([]byte(spec), &obj.Spec); err != nil {
		t.Fatal(err)
	}
	return obj
}

// TestClusterSourceKeepsLastGood rebuilds the cluster templates as objects
// change: an object that stops compiling keeps its last good version, a new
// broken one is left out, and each refusal is reported as a failed load.
func TestClusterSourceKeepsLastGood(t *testing.T) {
	type load struct {
		templates int
		failed    bool
	}
	steps := []struct {
		name         string
		items        func(t *testing.T) []v1alpha1.SparkPodTemplate
		wantVersions []string // the version labels of the templates a driver in team gets
		wantLoads    []load
	}{{
		name: "two good templates",
		items: func(t *testing.T) []v1alpha1.SparkPodTemplate {
			return []v1alpha1.SparkPodTemplate{clusterTemplate(t, "a", "1", "a1"), clusterTemplate(t, "b", "1", "b1")}
		},
		wantVersions: []string{"a1", "b1"},
		wantLoads:    []load{{templates: 2}},
	}, {
		name: "a is edited into a broken template: its last good version stays",
		items: func(t *testing.T) []v1alpha1.SparkPodTemplate {
			return []v1alpha1.SparkPodTemplate{clusterTemplate(t, "a", "2", ""), clusterTemplate(t, "b", "1", "b1")}
		},
		wantVersions: []string{"a1", "b1"},
		wantLoads:    []load{{templates: 2, failed: true}},
	}, {
		name: "a new broken template is left out",
		items: func(t *testing.T) []v1alpha1.SparkPodTemplate {
			return []v1alpha1.SparkPodTemplate{clusterTemplate(t, "a", "3", "a3"), clusterTemplate(t, "b", "1", "b1"), clusterTemplate(t, "c", "1", "")}
		},
		wantVersions: []string{"a3", "b1"},
		wantLoads:    []load{{templates: 2, failed: true}},
	}}
	fake := &listCache{}
	var loads []load
	source := &ClusterSource{Cache: fake, Registry: templates.NewRegistry(), OwnNamespace: "sparkhook-system", OnLoad: func(n int, err error) {
		loads = append(loads, load{templates: n, failed: err != nil})
	}}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			fake.items, loads = step.items(t), nil
			if err := source.rebuild(context.Background(), logr.Discard()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(step.wantLoads, loads, cmp.AllowUnexported(load{})); diff != "" {
				t.Errorf("loads reported (-want +got):\n%s", diff)
			}
			selected, _, err := source.Registry.Set().Select(templates.Query{
				Role: v1alpha1.RoleDriver, Namespace: "team", PodLabels: labels.Set{templates.LabelSparkRole: "driver"},
				NamespaceLabels: func() (labels.Labels, error) { return nil, errors.New("not needed") },
			})
			if err != nil {
				t.Fatal(err)
			}
			var versions []string
			for _, tpl := range selected {
				versions = append(versions, tpl.Labels["version"])
			}
			if diff := cmp.Diff(step.wantVersions, versions); diff != "" {
				t.Errorf("templates selected for a driver (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCacheTransform(t *testing.T) {
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{
		Name:          "t",
		Annotations:   map[string]string{corev1.LastAppliedConfigAnnotation: `{"big": "copy"}`, "team": "data"},
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}},
	}}
	out, err := CacheTransform(obj)
	if err != nil {
		t.Fatal(err)
	}
	want := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Annotations: map[string]string{"team": "data"}}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("transformed (-want +got):\n%s", diff)
	}
}
