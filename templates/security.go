package templates

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// SecurityPolicy says which privileges templates may give Spark Pods. Its
// zero value allows none: a template is a way to reach every Spark Pod of
// the cluster, so whoever may write one must not thereby gain what the Pod
// Security Standards' baseline profile withholds from them.
type SecurityPolicy struct {
	// AllowPrivileged lets templates run privileged containers, or
	// containers that may escalate privileges.
	AllowPrivileged bool `json:"allowPrivileged,omitempty"`
	// AllowHostNamespaces lets templates set hostNetwork, hostPID and
	// hostIPC.
	AllowHostNamespaces bool `json:"allowHostNamespaces,omitempty"`
	// AllowHostPath lets templates add hostPath volumes.
	AllowHostPath bool `json:"allowHostPath,omitempty"`
	// AllowedCapabilities are the Linux capabilities templates may add.
	AllowedCapabilities []corev1.Capability `json:"allowedCapabilities,omitempty"`
}

// validateSecurity refuses every privilege the policy does not allow, each
// with the field that asks for it and the setting that would allow it.
func validateSecurity(pt *corev1.PodTemplateSpec, p SecurityPolicy, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	spec := path.Child("spec")
	if !p.AllowHostNamespaces {
		for name, set := range map[string]bool{"hostNetwork": pt.Spec.HostNetwork, "hostPID": pt.Spec.HostPID, "hostIPC": pt.Spec.HostIPC} {
			if set {
				errs = append(errs, forbidden(spec.Child(name), "host namespaces", "security.allowHostNamespaces"))
			}
		}
	}
	for i, v := range pt.Spec.Volumes {
		if v.HostPath != nil && !p.AllowHostPath {
			errs = append(errs, forbidden(spec.Child("volumes").Index(i).Child("hostPath"), "hostPath volumes", "security.allowHostPath"))
		}
	}
	for i := range pt.Spec.InitContainers {
		errs = append(errs, validateContainerSecurity(&pt.Spec.InitContainers[i], p, spec.Child("initContainers").Index(i))...)
	}
	for i := range pt.Spec.Containers {
		errs = append(errs, validateContainerSecurity(&pt.Spec.Containers[i], p, spec.Child("containers").Index(i))...)
	}
	slices.SortFunc(errs, func(a, b *field.Error) int { return strings.Compare(a.Field, b.Field) })
	return errs
}

func validateContainerSecurity(c *corev1.Container, p SecurityPolicy, path *field.Path) field.ErrorList {
	sc := c.SecurityContext
	if sc == nil {
		return nil
	}
	var errs field.ErrorList
	path = path.Child("securityContext")
	if !p.AllowPrivileged {
		if sc.Privileged != nil && *sc.Privileged {
			errs = append(errs, forbidden(path.Child("privileged"), "privileged containers", "security.allowPrivileged"))
		}
		if sc.AllowPrivilegeEscalation != nil && *sc.AllowPrivilegeEscalation {
			errs = append(errs, forbidden(path.Child("allowPrivilegeEscalation"), "privilege escalation", "security.allowPrivileged"))
		}
	}
	if sc.Capabilities != nil {
		for i, capability := range sc.Capabilities.Add {
			if !slices.Contains(p.AllowedCapabilities, capability) {
				errs = append(errs, forbidden(path.Child("capabilities", "add").Index(i), fmt.Sprintf("capability %s", capability), "security.allowedCapabilities"))
			}
		}
	}
	return errs
}

func forbidden(path *field.Path, what, setting string) *field.Error {
	return field.Forbidden(path, fmt.Sprintf("templates may not add %s to Spark Pods unless sparkhook's --config allows it (%s)", what, setting))
}
