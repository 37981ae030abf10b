package templates

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// fieldMapper finds, for a field of a Pod a template was merged into, the
// field of the template that put it there: the API server reports
// spec.containers[2].ports[0].containerPort, the template's author needs
// spec.template.spec.containers[0].ports[0].containerPort. Elements are
// found as the merge placed them: containers, volumes and pull secrets by
// name, env by name, mounts by path, tolerations and spread constraints by
// value.
type fieldMapper struct {
	pt        *corev1.PodTemplateSpec
	secretEnv []v1alpha1.SecretEnvVar
	spark     sparkContainers
	role      v1alpha1.SparkRole
	pod       *corev1.Pod
	spec      *field.Path // the SparkPodTemplate's spec
}

// segment is one step of a field path: a child's name, or an index or key.
type segment struct {
	name  string
	index int // -1 for a name or a key
	key   string
}

// splitFieldPath reads a field.Path's string form back into its steps.
func splitFieldPath(s string) []segment {
	var out []segment
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return append(out, segment{name: s, index: -1})
			}
			inner := s[1:end]
			if i, err := strconv.Atoi(inner); err == nil {
				out = append(out, segment{index: i})
			} else {
				out = append(out, segment{index: -1, key: inner})
			}
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			out = append(out, segment{name: s[:end], index: -1})
			s = s[end:]
		}
	}
	return out
}

// appendSegments extends p with segs.
func appendSegments(p *field.Path, segs []segment) *field.Path {
	for _, s := range segs {
		switch {
		case s.name != "":
			p = p.Child(s.name)
		case s.index >= 0:
			p = p.Index(s.index)
		default:
			p = p.Key(s.key)
		}
	}
	return p
}

// templateField is the template's field for podField, and false when the
// field is not the template's (Spark's own args or ports, say).
func (m *fieldMapper) templateField(podField string) (*field.Path, bool) {
	segs := splitFieldPath(podField)
	tmpl := m.spec.Child("template")
	if len(segs) < 2 {
		return nil, false
	}
	switch {
	case segs[0].name == "metadata" && (segs[1].name == "labels" || segs[1].name == "annotations"):
		return appendSegments(tmpl.Child("metadata"), segs[1:]), true
	case segs[0].name != "spec":
		return nil, false
	}
	spec := tmpl.Child("spec")
	name, rest := segs[1].name, segs[2:]
	if len(rest) == 0 || rest[0].index < 0 {
		if mergedPodSpecFields.Has(name) && name != "containers" && name != "initContainers" {
			return appendSegments(spec.Child(name), rest), true
		}
		return nil, false
	}
	i, rest := rest[0].index, rest[1:]
	s := &m.pod.Spec
	var j int
	switch name {
	case "containers":
		if i >= len(s.Containers) {
			return nil, false
		}
		return m.containerField(i, rest)
	case "initContainers":
		j = indexAt(s.InitContainers, i, m.pt.Spec.InitContainers, func(c *corev1.Container) string { return c.Name })
	case "volumes":
		j = indexAt(s.Volumes, i, m.pt.Spec.Volumes, func(v *corev1.Volume) string { return v.Name })
	case "imagePullSecrets":
		j = indexAt(s.ImagePullSecrets, i, m.pt.Spec.ImagePullSecrets, func(r *corev1.LocalObjectReference) string { return r.Name })
	case "tolerations":
		j = valueIndexAt(s.Tolerations, i, m.pt.Spec.Tolerations)
	case "topologySpreadConstraints":
		j = valueIndexAt(s.TopologySpreadConstraints, i, m.pt.Spec.TopologySpreadConstraints)
	case "hostAliases":
		j = valueIndexAt(s.HostAliases, i, m.pt.Spec.HostAliases)
	case "readinessGates":
		j = valueIndexAt(s.ReadinessGates, i, m.pt.Spec.ReadinessGates)
	default:
		return nil, false
	}
	if j < 0 {
		return nil, false
	}
	return appendSegments(spec.Child(name).Index(j), rest), true
}

// containerField maps a field of the Pod's container i.
func (m *fieldMapper) containerField(i int, rest []segment) (*field.Path, bool) {
	containers := m.spec.Child("template", "spec", "containers")
	c := &m.pod.Spec.Containers[i]
	if i != SparkContainerIndex(m.pod, m.role) {
		j := indexByName(m.pt.Spec.Containers, c.Name, func(c *corev1.Container) string { return c.Name })
		if j < 0 {
			return nil, false
		}
		return appendSegments(containers.Index(j), rest), true
	}
	j := m.sparkContainerIndex()
	if len(rest) == 0 {
		return nil, false
	}
	switch field := rest[0].name; {
	case field == "env" && len(rest) > 1 && rest[1].index >= 0 && rest[1].index < len(c.Env):
		envName := c.Env[rest[1].index].Name
		if j >= 0 {
			if k := indexByName(m.pt.Spec.Containers[j].Env, envName, func(e *corev1.EnvVar) string { return e.Name }); k >= 0 {
				return appendSegments(containers.Index(j).Child("env").Index(k), rest[2:]), true
			}
		}
		if k := indexByName(m.secretEnv, envName, func(e *v1alpha1.SecretEnvVar) string { return e.Name }); k >= 0 {
			return m.spec.Child("secretEnv").Index(k), true
		}
	case field == "volumeMounts" && len(rest) > 1 && rest[1].index >= 0 && rest[1].index < len(c.VolumeMounts) && j >= 0:
		mount := c.VolumeMounts[rest[1].index].MountPath
		if k := indexByName(m.pt.Spec.Containers[j].VolumeMounts, mount, mountPath); k >= 0 {
			return appendSegments(containers.Index(j).Child("volumeMounts").Index(k), rest[2:]), true
		}
	case field == "ports" && len(rest) > 1 && rest[1].index >= 0 && rest[1].index < len(c.Ports) && j >= 0:
		if k := templatePortIndex(m.pt.Spec.Containers[j].Ports, &c.Ports[rest[1].index]); k >= 0 {
			return appendSegments(containers.Index(j).Child("ports").Index(k), rest[2:]), true
		}
	case j >= 0 && mergedSparkContainerFields.Has(field) && field != "env" && field != "volumeMounts":
		return appendSegments(containers.Index(j), rest), true
	}
	return nil, false
}

// sparkContainerIndex is the index of the template's container that merges
// into the Spark container of m.role, or -1.
func (m *fieldMapper) sparkContainerIndex() int {
	return m.spark.forRole(m.role)
}

// indexAt finds the element of template that element i of pod came from,
// by name.
func indexAt[T any](pod []T, i int, template []T, name func(*T) string) int {
	if i >= len(pod) {
		return -1
	}
	return indexByName(template, name(&pod[i]), name)
}

// valueIndexAt finds the element of template equal to element i of pod.
func valueIndexAt[T any](pod []T, i int, template []T) int {
	if i >= len(pod) {
		return -1
	}
	for j := range template {
		if equality.Semantic.DeepEqual(pod[i], template[j]) {
			return j
		}
	}
	return -1
}
