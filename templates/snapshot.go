package templates

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// Snapshot returns a copy of pod that keeps pod's present value while
// templates are merged into pod (Apply) and sparkhook's annotations are
// added: the "before" that the admission patch is diffed from.
//
// It is not a deep copy. A deep copy of a Spark driver is most of what an
// admission allocates, and diffing it walks every field of two Pods that are
// nearly all alike. The merges write to a Pod in three ways only, and
// Snapshot copies just what the first one reaches:
//   - in place, into the Pod's own struct, its labels, annotations and
//     nodeSelector, and the fields of its containers (the Spark container's
//     env, mounts, resources, …): Snapshot copies the Pod struct, those maps
//     and the containers' list;
//   - by appending to a list, which writes past the end a copy still sees;
//   - by replacing a list's element (Enforce) or a container's resources,
//     which the merge does on a fresh copy of that list or of those maps
//     (mergeByName, mergeResources), never on the memory it was handed.
//
// Everything else the copy shares with pod, and the patch differ skips what
// two values share (patch.Diff). The property tests hold this to account:
// on every golden and fuzzed Pod, the patch diffed from the Snapshot must
// give the Pod the merges made (TestPatchMatchesCreatePatch), and the
// Snapshot must still equal a deep copy taken beside it (TestSnapshot…).
func Snapshot(pod *corev1.Pod) *corev1.Pod {
	s := *pod
	s.Labels = maps.Clone(pod.Labels)
	s.Annotations = maps.Clone(pod.Annotations)
	s.Spec.NodeSelector = maps.Clone(pod.Spec.NodeSelector)
	s.Spec.Containers = slices.Clone(pod.Spec.Containers)
	return &s
}
