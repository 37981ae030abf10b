package templates

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// compileAll compiles SparkPodTemplates written as YAML; one in a namespace
// other than "sparkhook" (sparkhook's own) applies to that namespace only.
func compileAll(t *testing.T, docs ...string) []*Template {
	t.Helper()
	var out []*Template
	for _, doc := range docs {
		obj := &v1alpha1.SparkPodTemplate{}
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			t.Fatalf("decoding %s: %v", doc, err)
		}
		tpl, _, errs := Compile(obj, CompileOptions{Source: "test", ClusterWide: obj.Namespace == "" || obj.Namespace == "sparkhook"})
		if len(errs) > 0 {
			t.Fatalf("compiling %s: %v", doc, errs.ToAggregate())
		}
		out = append(out, tpl)
	}
	return out
}

func keys(ts []*Template) []string {
	var out []string
	for _, tpl := range ts {
		out = append(out, tpl.Key())
	}
	return out
}

var errNamespaceCache = errors.New("namespace cache not synced")

func TestSelect(t *testing.T) {
	cases := []struct {
		name         string
		templates    []string
		role         v1alpha1.SparkRole // default driver
		namespace    string             // default spark
		podLabels    map[string]string
		annotations  map[string]string
		nsLabels     labels.Set
		nsErr        error
		want         []string
		wantWarnings []string
		wantNSCalls  int
		wantErr      error
	}{{
		name: "an empty registry selects nothing",
	}, {
		name:      "roles: driver only, executor only, both by default",
		templates: []string{`{metadata: {name: drv}, spec: {roles: [driver]}}`, `{metadata: {name: exe}, spec: {roles: [executor]}}`, `{metadata: {name: both}}`},
		want:      []string{"both", "drv"},
	}, {
		name:      "roles, for an executor",
		templates: []string{`{metadata: {name: drv}, spec: {roles: [driver]}}`, `{metadata: {name: exe}, spec: {roles: [executor]}}`, `{metadata: {name: both}}`},
		role:      v1alpha1.RoleExecutor,
		want:      []string{"both", "exe"},
	}, {
		name: "label selector: matchLabels and matchExpressions",
		templates: []string{
			`{metadata: {name: team}, spec: {selector: {matchLabels: {team: data}}}}`,
			`{metadata: {name: other-team}, spec: {selector: {matchLabels: {team: web}}}}`,
			`{metadata: {name: in}, spec: {selector: {matchExpressions: [{key: tier, operator: In, values: [batch, ml]}]}}}`,
			`{metadata: {name: notin}, spec: {selector: {matchExpressions: [{key: tier, operator: NotIn, values: [ml]}]}}}`,
			`{metadata: {name: exists}, spec: {selector: {matchExpressions: [{key: gpu, operator: Exists}]}}}`,
			`{metadata: {name: absent}, spec: {selector: {matchExpressions: [{key: gpu, operator: DoesNotExist}]}}}`,
		},
		podLabels: map[string]string{"spark-role": "driver", "team": "data", "tier": "batch"},
		want:      []string{"absent", "in", "notin", "team"},
	}, {
		name: "ascending priority, ties by name",
		templates: []string{
			`{metadata: {name: a}, spec: {priority: 10}}`, `{metadata: {name: z}, spec: {priority: -1}}`,
			`{metadata: {name: m}}`, `{metadata: {name: b}, spec: {priority: 0}}`,
		},
		want: []string{"z", "b", "m", "a"},
	}, {
		name: "on-request templates only when the Pod names them; blanks and duplicates ignored",
		templates: []string{
			`{metadata: {name: gpu}, spec: {onRequest: true}}`, `{metadata: {name: spot}, spec: {onRequest: true}}`,
			`{metadata: {name: always}}`,
		},
		annotations: map[string]string{"sparkhook.io/templates": " gpu, ,gpu,always,"},
		want:        []string{"always", "gpu"},
	}, {
		name:         "an unknown requested name is a warning",
		templates:    []string{`{metadata: {name: gpu}, spec: {onRequest: true}}`},
		annotations:  map[string]string{"sparkhook.io/templates": "gpu,gpus"},
		want:         []string{"gpu"},
		wantWarnings: []string{`sparkhook.io/templates: no template named "gpus" is registered`},
	}, {
		name: "namespaced templates only in their namespace, merged in order with cluster-wide ones",
		templates: []string{
			`{metadata: {name: g, namespace: sparkhook}}`, `{metadata: {name: l, namespace: spark}, spec: {priority: -1}}`,
			`{metadata: {name: m, namespace: spark}, spec: {priority: 1}}`, `{metadata: {name: g, namespace: spark}}`,
			`{metadata: {name: x, namespace: other}}`, `{metadata: {name: h}, spec: {priority: 2}}`,
		},
		want: []string{"spark/l", "g", "spark/g", "spark/m", "h"},
	}, {
		name:         "a template requested from another namespace is unknown here",
		templates:    []string{`{metadata: {name: x, namespace: other}, spec: {onRequest: true}}`},
		annotations:  map[string]string{"sparkhook.io/templates": "x"},
		wantWarnings: []string{`sparkhook.io/templates: no template named "x" is registered`},
	}, {
		name: "namespace labels are not read when no candidate has a namespaceSelector",
		templates: []string{
			`{metadata: {name: a}}`,
			`{metadata: {name: exe}, spec: {roles: [executor], namespaceSelector: {}}}`,
			`{metadata: {name: other}, spec: {selector: {matchLabels: {app: x}}, namespaceSelector: {}}}`,
			`{metadata: {name: req}, spec: {onRequest: true, namespaceSelector: {}}}`,
		},
		nsErr: errNamespaceCache,
		want:  []string{"a"},
	}, {
		name: "namespace labels are read once for every candidate with a namespaceSelector",
		templates: []string{
			`{metadata: {name: a}, spec: {namespaceSelector: {matchLabels: {spark: enabled}}}}`,
			`{metadata: {name: b}, spec: {namespaceSelector: {matchLabels: {spark: disabled}}}}`,
			`{metadata: {name: c}, spec: {namespaceSelector: {}}}`,
		},
		nsLabels:    labels.Set{"spark": "enabled"},
		want:        []string{"a", "c"},
		wantNSCalls: 1,
	}, {
		name: "a namespace without labels is read once too",
		templates: []string{
			`{metadata: {name: a}, spec: {namespaceSelector: {matchLabels: {spark: enabled}}}}`,
			`{metadata: {name: b}, spec: {namespaceSelector: {}}}`,
		},
		want:        []string{"b"},
		wantNSCalls: 1,
	}, {
		name:        "an error reading namespace labels is returned, wrapped",
		templates:   []string{`{metadata: {name: a}, spec: {namespaceSelector: {}}}`},
		nsErr:       errNamespaceCache,
		wantNSCalls: 1,
		wantErr:     errNamespaceCache,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reg := NewRegistry()
			reg.Replace("files", compileAll(t, tc.templates...))
			q := Query{Role: tc.role, Namespace: tc.namespace, PodLabels: labels.Set(tc.podLabels),
				Requested: RequestedTemplates(tc.annotations)}
			if q.Role == "" {
				q.Role = v1alpha1.RoleDriver
			}
			if q.Namespace == "" {
				q.Namespace = "spark"
			}
			calls := 0
			q.NamespaceLabels = func() (labels.Labels, error) {
				calls++
				if tc.nsLabels == nil {
					return nil, tc.nsErr // an untyped nil, as a careless NamespaceLabels may return
				}
				return tc.nsLabels, tc.nsErr
			}
			got, warnings, err := reg.Set().Select(q)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("Select error = %v, want %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, keys(got)); diff != "" {
				t.Errorf("selected (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if calls != tc.wantNSCalls {
				t.Errorf("NamespaceLabels called %d times, want %d", calls, tc.wantNSCalls)
			}
		})
	}
}

func TestRegistryReplace(t *testing.T) {
	type step struct {
		source    string
		templates []string
	}
	cases := []struct {
		name    string
		steps   []step
		want    []string // selected for a driver in namespace spark
		wantLen int
	}{{
		name:  "a new registry is empty",
		steps: nil,
	}, {
		name: "replacing one source keeps the other's templates",
		steps: []step{
			{"files", []string{`{metadata: {name: f1}}`, `{metadata: {name: f2}}`}},
			{"cluster", []string{`{metadata: {name: c, namespace: spark}}`}},
			{"files", []string{`{metadata: {name: f3}, spec: {priority: 1}}`}},
		},
		want:    []string{"spark/c", "f3"},
		wantLen: 2,
	}, {
		name: "replacing a source with nothing removes its templates",
		steps: []step{
			{"files", []string{`{metadata: {name: f1}}`}},
			{"cluster", []string{`{metadata: {name: c}}`}},
			{"cluster", nil},
		},
		want:    []string{"f1"},
		wantLen: 1,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reg := NewRegistry()
			before := reg.Set()
			for _, s := range tc.steps {
				reg.Replace(s.source, compileAll(t, s.templates...))
			}
			set := reg.Set()
			got, _, err := set.Select(Query{Role: v1alpha1.RoleDriver, Namespace: "spark", PodLabels: labels.Set{}})
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			if diff := cmp.Diff(tc.want, keys(got)); diff != "" {
				t.Errorf("selected (-want +got):\n%s", diff)
			}
			if set.Len() != tc.wantLen {
				t.Errorf("Len = %d, want %d", set.Len(), tc.wantLen)
			}
			if len(tc.steps) > 0 && before.Len() != 0 {
				t.Errorf("a Set taken before Replace changed: Len = %d", before.Len())
			}
		})
	}
}
