package templates

import (
	"reflect"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// mergeByName merges src into dst, matching elements by name: a template
// element the Pod lacks is added; one the Pod has is left alone when the
// Pod's already holds the template's values, else replaced whole under
// Enforce or reported under Default. Replacing rather than overlaying keeps
// one-of fields valid: a template env var's valueFrom never lands beside
// the Pod's value, nor a configMap volume source beside an emptyDir. prepare,
// when not nil, adjusts a template element before it is used (it drops
// mounts of missing volumes).
//
// Only env may repeat a name in a Pod (the API server accepts it, and the
// kubelet gives the container the last copy: makeEnvironmentVariables
// fills a map in order). Under Enforce every copy is replaced, else the
// last, which the container sees, could keep the Pod's value; under
// Default the last copy is the Pod's value.
//
// dst is never written in place: elements are appended, past the end of
// what a Snapshot sees, and the first replacement copies the list.
func mergeByName[T any](m *merger, dst, src []T, name func(*T) string, path *field.Path, prepare ...func(*T, *field.Path)) []T {
	copied := false
	for i := range src {
		s := &src[i]
		key := name(s)
		for _, fix := range prepare {
			fix(s, path.Key(key))
		}
		last := lastIndexByName(dst, key, name)
		switch {
		case last < 0:
			dst = append(dst, *s)
		case m.enforce:
			for j := range dst {
				if name(&dst[j]) != key || covers(s, &dst[j]) {
					continue
				}
				if !copied {
					dst, copied = slices.Clone(dst), true
				}
				dst[j] = *s
			}
		case !covers(s, &dst[last]):
			m.conflict(path.Key(key), "the Pod has its own of that name")
		}
	}
	return dst
}

func lastIndexByName[T any](list []T, want string, name func(*T) string) int {
	for i := len(list) - 1; i >= 0; i-- {
		if name(&list[i]) == want {
			return i
		}
	}
	return -1
}

func indexByName[T any](list []T, want string, name func(*T) string) int {
	for i := range list {
		if name(&list[i]) == want {
			return i
		}
	}
	return -1
}

// mergeByValue adds every element of src that dst does not already hold,
// equal in value: tolerations and topology spread constraints have no name,
// and an element differing in any field means something else.
func mergeByValue[T any](dst, src []T) []T {
	for i := range src {
		found := false
		for j := range dst {
			if equality.Semantic.DeepEqual(&src[i], &dst[j]) {
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, src[i])
		}
	}
	return dst
}

// mergeStruct merges a single struct-valued field: set where the Pod has
// none (nil or empty, as the API server defaults spec.securityContext to
// {}), else replaced under Enforce or reported under Default.
func mergeStruct[T any](m *merger, dst, src *T, path *field.Path) *T {
	switch {
	case src == nil || isEmpty(src):
		return dst
	case dst == nil || isEmpty(dst):
		return src
	case covers(src, dst):
		return dst
	case !m.enforce:
		m.conflict(path, "the Pod sets its own")
		return dst
	}
	return src
}

// mergeWhole merges a list that is one value as a whole (hostAliases): set
// where the Pod has none, replaced under Enforce.
func mergeWhole[T any](m *merger, dst, src []T, path *field.Path) []T {
	switch {
	case len(src) == 0 || equality.Semantic.DeepEqual(dst, src):
		return dst
	case len(dst) == 0 || m.enforce:
		return src
	}
	m.conflict(path, "the Pod sets its own")
	return dst
}

// isEmpty reports whether v is its zero value, taking empty slices and maps
// for nil ones: the zero check first, as most values are zero or not
// nearly so.
func isEmpty[T any](v *T) bool {
	return reflect.ValueOf(v).Elem().IsZero() || equality.Semantic.DeepEqual(v, new(T))
}

func volumeName(v *corev1.Volume) string                   { return v.Name }
func pullSecretName(s *corev1.LocalObjectReference) string { return s.Name }
func containerName(c *corev1.Container) string             { return c.Name }
func envName(e *corev1.EnvVar) string                      { return e.Name }
func mountPath(v *corev1.VolumeMount) string               { return v.MountPath }
func devicePath(v *corev1.VolumeDevice) string             { return v.DevicePath }

// dropDanglingMounts removes from c the mounts of volumes that exist
// neither in the template nor in the Pod: the API server would reject the
// Pod for them (README, Templates). Under Enforce each is a reason to deny.
func (m *merger) dropDanglingMounts(c *corev1.Container, path *field.Path) {
	c.VolumeMounts = m.keepMounted(c.VolumeMounts, path)
}

func (m *merger) keepMounted(mounts []corev1.VolumeMount, path *field.Path) []corev1.VolumeMount {
	kept := mounts[:0]
	for _, vm := range mounts {
		// A Pod has a few volumes: a scan costs less than a set per template.
		if slices.Contains(m.leftOut, vm.Name) {
			// Left out with its volume, under either policy, as the volume
			// was (mergeSparkVolumes).
			m.warn(path.Child("volumeMounts").Key(vm.MountPath), m.danglingMountDetail(vm.Name)+"; left out")
			continue
		}
		if indexByName(m.pod.Spec.Volumes, vm.Name, volumeName) >= 0 {
			kept = append(kept, vm)
			continue
		}
		m.report.DanglingMounts++
		m.cannot(path.Child("volumeMounts").Key(vm.MountPath), vm.Name, m.danglingMountDetail(vm.Name))
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}
