package templates

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/labels"
	selop "k8s.io/apimachinery/pkg/selection"
	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestSelectIndexMatchesFullScan checks that selecting through the index
// gives exactly what checking every template would: random templates (every
// selector operator, on-request, namespaced or cluster-wide, both roles)
// against random Pods.
func TestSelectIndexMatchesFullScan(t *testing.T) {
	keys, values := []string{"a", "b", "c", "spark-role"}, []string{"1", "2", "3", "driver"}
	ops := []selop.Operator{selop.Equals, selop.DoubleEquals, selop.In, selop.NotIn, selop.NotEquals, selop.Exists, selop.DoesNotExist, selop.GreaterThan, selop.LessThan}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 3))
		pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
		var ts []*Template
		for i := range 1 + r.IntN(60) {
			sel := labels.NewSelector()
			for range r.IntN(4) {
				op := ops[r.IntN(len(ops))]
				var vals []string
				switch op {
				case selop.Exists, selop.DoesNotExist:
				case selop.GreaterThan, selop.LessThan:
					vals = []string{fmt.Sprint(r.IntN(4))}
				case selop.In, selop.NotIn:
					vals = []string{pick(values), pick(values)}
				default:
					vals = []string{pick(values)}
				}
				req, err := labels.NewRequirement(pick(keys), op, vals)
				if err != nil {
					t.Fatal(err)
				}
				sel = sel.Add(*req)
			}
			ts = append(ts, &Template{
				Name: fmt.Sprintf("t%d", r.IntN(40)), Namespace: pick([]string{"", "", "ns1", "ns2"}), Source: fmt.Sprint(i),
				Roles: RoleSet(1 + r.IntN(3)), Selector: sel, Priority: int32(r.IntN(5)), OnRequest: r.IntN(5) == 0,
			})
		}
		registry := NewRegistry()
		registry.Replace("files", ts)
		for range 20 {
			pod := labels.Set{}
			for _, k := range keys {
				if r.IntN(2) == 0 {
					pod[k] = pick(values)
				}
			}
			q := Query{
				Role: v1alpha1.SparkRole(pick([]string{"driver", "executor"})), Namespace: pick([]string{"ns1", "ns2"}), PodLabels: pod,
				Requested:       sets.New(fmt.Sprintf("t%d", r.IntN(40)), fmt.Sprintf("t%d", r.IntN(40))),
				NamespaceLabels: func() (labels.Labels, error) { return labels.Set{}, nil },
			}
			got, _, err := registry.Set().Select(q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(keysOf(fullScan(ts, q)), keysOf(got)); diff != "" {
				t.Fatalf("seed %d, pod %v, requested %v: (-full scan +index):\n%s", seed, pod, sets.List(q.Requested), diff)
			}
		}
	}
}

// fullScan is selection without an index: every template, in order.
func fullScan(ts []*Template, q Query) []*Template {
	var out []*Template
	for _, t := range ts {
		if t.Roles.Has(q.Role) && (t.Namespace == "" || t.Namespace == q.Namespace) &&
			(!t.OnRequest || q.Requested.Has(t.Name)) && t.Selector.Matches(q.PodLabels) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, compareTemplates)
	return out
}

func keysOf(ts []*Template) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Key()+"#"+t.Source)
	}
	return out
}
