package patch_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/sparkhook/sparkhook/webhook/patch"
)

// sharedPod is the document TestDiffSharedValues changes.
const sharedPod = `{"metadata":{"name":"p","labels":{"spark-role":"driver"}},
"spec":{"nodeSelector":{"pool":"spark"},"securityContext":{"runAsUser":185},
"containers":[{"name":"spark-kubernetes-driver","image":"spark","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}`

// TestDiffSharedValues diffs values that share memory, as a
// templates.Snapshot and the Pod merged after it do: what both share gives
// no operation, and what was appended past the end of a shared list, or
// replaced in a copy of it, does.
func TestDiffSharedValues(t *testing.T) {
	tests := []struct {
		name string
		// change returns the value to diff from with, made from a shallow
		// copy of from and sharing what it did not copy.
		change func(from *corev1.Pod) *corev1.Pod
		want   string
	}{{
		name:   "everything shared",
		change: func(from *corev1.Pod) *corev1.Pod { to := *from; return &to },
		want:   `[]`,
	}, {
		name: "a field set beside shared maps, pointers and lists",
		change: func(from *corev1.Pod) *corev1.Pod {
			to := *from
			to.Spec.NodeName = "n"
			return &to
		},
		want: `[{"op":"add","path":"/spec/nodeName","value":"n"}]`,
	}, {
		name: "an element appended past the end of a shared list",
		change: func(from *corev1.Pod) *corev1.Pod {
			c := &from.Spec.Containers[0]
			c.Env = slices.Grow(c.Env, 1) // room, so append writes into the array from shares
			to := *from
			to.Spec.Containers = slices.Clone(from.Spec.Containers)
			to.Spec.Containers[0].Env = append(c.Env, corev1.EnvVar{Name: "C", Value: "3"})
			return &to
		},
		want: `[{"op":"add","path":"/spec/containers/0/env/2","value":{"name":"C","value":"3"}}]`,
	}, {
		name: "an element replaced in a copy of a list",
		change: func(from *corev1.Pod) *corev1.Pod {
			to := *from
			to.Spec.Containers = slices.Clone(from.Spec.Containers)
			env := slices.Clone(from.Spec.Containers[0].Env)
			env[1].Value = "two"
			to.Spec.Containers[0].Env = env
			return &to
		},
		want: `[{"op":"add","path":"/spec/containers/0/env/1/value","value":"two"}]`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := decode[corev1.Pod](t, []byte(sharedPod))
			to := tc.change(from)
			if !equality.Semantic.DeepEqual(from, decode[corev1.Pod](t, []byte(sharedPod))) {
				t.Fatal("the case changed the value it diffs from")
			}
			ops, err := patch.Diff(from, to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(marshal(t, ops))); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
			patched, err := apply([]byte(sharedPod), marshal(t, ops))
			if err != nil {
				t.Fatalf("applying the patch: %v", err)
			}
			if got := decode[corev1.Pod](t, patched); !equality.Semantic.DeepEqual(got, to) {
				t.Errorf("the patched document (-want +got):\n%s", cmp.Diff(to, got))
			}
		})
	}
}
