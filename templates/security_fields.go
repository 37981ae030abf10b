package templates

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/pod-security-admission/policy"
)

// failure is one place of a template that fails a check.
type failure struct {
	path   *field.Path
	result policy.CheckResult
}

// containerFields and podFields say where, below a container or the pod
// spec, the field a check looks at is: only to name it in the error. What
// is allowed is the library's decision; a check not listed here (a new one)
// is reported at the container or the spec.
var (
	containerFields = map[policy.CheckID][]string{
		"privileged":                {"securityContext", "privileged"},
		"capabilities_baseline":     {"securityContext", "capabilities", "add"},
		"capabilities_restricted":   {"securityContext", "capabilities"},
		"allowPrivilegeEscalation":  {"securityContext", "allowPrivilegeEscalation"},
		"runAsNonRoot":              {"securityContext", "runAsNonRoot"},
		"runAsUser":                 {"securityContext", "runAsUser"},
		"seccompProfile_baseline":   {"securityContext", "seccompProfile", "type"},
		"seccompProfile_restricted": {"securityContext", "seccompProfile"},
		"appArmorProfile":           {"securityContext", "appArmorProfile", "type"},
		"seLinuxOptions":            {"securityContext", "seLinuxOptions"},
		"procMount":                 {"securityContext", "procMount"},
		"procMount_restricted":      {"securityContext", "procMount"},
		"windowsHostProcess":        {"securityContext", "windowsOptions", "hostProcess"},
	}
	podFields = map[policy.CheckID][]string{
		"sysctls":                   {"securityContext", "sysctls"},
		"seccompProfile_baseline":   {"securityContext", "seccompProfile", "type"},
		"seccompProfile_restricted": {"securityContext", "seccompProfile"},
		"seLinuxOptions":            {"securityContext", "seLinuxOptions"},
		"runAsNonRoot":              {"securityContext", "runAsNonRoot"},
		"runAsUser":                 {"securityContext", "runAsUser"},
		"windowsHostProcess":        {"securityContext", "windowsOptions", "hostProcess"},
	}
)

// failures finds where the template fails a check that its whole spec
// fails: at the pod level alone (host namespaces, pod securityContext,
// annotations), else in each container, init container and volume,
// each evaluated with the pod securityContext, which the restricted checks
// accept in place of a container's own. The first place found at the pod
// level is enough: every container would inherit it.
func (c pssCheck) failures(level SecurityLevel, pt *corev1.PodTemplateSpec, whole *corev1.PodSpec, path *field.Path) []failure {
	spec := path.Child("spec")
	podLevel := corev1.PodSpec{HostNetwork: whole.HostNetwork, HostPID: whole.HostPID, HostIPC: whole.HostIPC, SecurityContext: whole.SecurityContext}
	if r := c.allowed(level, &pt.ObjectMeta, &podLevel); !r.Allowed {
		return []failure{{podFieldPath(c.id, pt, path), r}}
	}
	var out []failure
	none := &metav1.ObjectMeta{}
	for _, list := range []struct {
		name       string
		containers []corev1.Container
	}{{"initContainers", whole.InitContainers}, {"containers", whole.Containers}} {
		for i := range list.containers {
			one := podLevel
			one.Containers = list.containers[i : i+1]
			if r := c.allowed(level, none, &one); !r.Allowed {
				out = append(out, failure{containerFieldPath(c.id, &list.containers[i], spec.Child(list.name).Index(i)), r})
			}
		}
	}
	for i := range whole.Volumes {
		one := corev1.PodSpec{Volumes: whole.Volumes[i : i+1]}
		if r := c.allowed(level, none, &one); !r.Allowed {
			p := spec.Child("volumes").Index(i)
			if whole.Volumes[i].HostPath != nil {
				p = p.Child("hostPath")
			}
			out = append(out, failure{p, r})
		}
	}
	if len(out) == 0 {
		// Only the combination fails: name the spec.
		out = append(out, failure{spec, c.allowed(level, &pt.ObjectMeta, whole)})
	}
	return out
}

// podFieldPath is the pod-level field that fails check id.
func podFieldPath(id policy.CheckID, pt *corev1.PodTemplateSpec, path *field.Path) *field.Path {
	spec := path.Child("spec")
	switch id {
	case "hostNamespaces":
		for _, f := range []struct {
			name string
			set  bool
		}{{"hostNetwork", pt.Spec.HostNetwork}, {"hostPID", pt.Spec.HostPID}, {"hostIPC", pt.Spec.HostIPC}} {
			if f.set {
				return spec.Child(f.name)
			}
		}
	case "appArmorProfile":
		// Either the pod's field or the annotations of the beta API.
		if sc := pt.Spec.SecurityContext; sc == nil || sc.AppArmorProfile == nil {
			return path.Child("metadata", "annotations")
		}
		return spec.Child("securityContext", "appArmorProfile", "type")
	}
	if f, ok := podFields[id]; ok {
		return spec.Child(f[0], f[1:]...)
	}
	return spec
}

// containerFieldPath is the field of container c, at path, that fails
// check id.
func containerFieldPath(id policy.CheckID, c *corev1.Container, path *field.Path) *field.Path {
	if id == "hostPorts" {
		for j, p := range c.Ports {
			if p.HostPort != 0 {
				return path.Child("ports").Index(j).Child("hostPort")
			}
		}
	}
	if f, ok := containerFields[id]; ok {
		return path.Child(f[0], f[1:]...)
	}
	return path
}
