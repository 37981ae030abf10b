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
// It is not a deep copy. A deep copy of a Spark driver, and a diff walking
// every field of two Pods that are nearly all alike, were most of what an
// admission cost over decoding the Pod. The merges write to a Pod in three
// ways only, and Snapshot copies just what the first one reaches:
//   - in place, into the Pod's own struct, its labels, annotations and
//     nodeSelector, and the fields of its containers (the Spark container's
//     env, mounts, resources, …): Snapshot copies the Pod struct, those maps
//     and the containers' list;
//   - by appending to a list, which writes past the end of what a copy of
//     the list sees;
//   - by replacing a list's element (Enforce) or a container's resources,
//     which the merge does on a fresh copy of that list or of those maps
//     (mergeByName, mergeResources), never on the memory it was handed.
//
// Everything else the copy shares with pod, and the patch differ skips what
// two values share (patch.Diff). Tests hold this to account: the merge
// tables, TestApply and FuzzMergeTemplate check that the Snapshot still
// equals a deep copy taken beside it, and on every golden and fuzzed Pod
// the patch diffed from it must give the Pod the merges made
// (webhook.TestPatchMatchesCreatePatch).
func Snapshot(pod *corev1.Pod) *corev1.Pod {
	s := *pod
	s.Labels = maps.Clone(pod.Labels)
	s.Annotations = maps.Clone(pod.Annotations)
	s.Spec.NodeSelector = maps.Clone(pod.Spec.NodeSelector)
	s.Spec.Containers = slices.Clone(pod.Spec.Containers)
	return &s
}
