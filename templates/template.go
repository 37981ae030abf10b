package templates

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Template is a SparkPodTemplate compiled for the admission path: selectors
// parsed, the pod template decoded and split into the Spark container and
// its sidecars, and a content hash taken, all once when it is registered, so
// that nothing is parsed or sorted per request.
type Template struct {
	// Name is the template's name; Pods request on-request templates by it.
	Name string
	// Namespace is the namespace the template applies to, or "" for a
	// cluster-wide template (a file, or sparkhook's own namespace).
	Namespace string
	// Source says where the template came from, for messages: a file path
	// or namespace/name.
	Source string
	// Hash identifies the template's content in sparkhook.io/applied.
	Hash string

	// Roles are the Spark roles it applies to.
	Roles RoleSet
	// Selector matches the Pod's labels.
	Selector labels.Selector
	// NamespaceSelector matches the labels of the Pod's namespace; nil
	// matches every namespace.
	NamespaceSelector labels.Selector
	// Priority orders templates, ascending, ties broken by Name.
	Priority int32
	// Policy is who wins a conflict.
	Policy v1alpha1.MergePolicy
	// OnRequest limits the template to Pods that name it in
	// sparkhook.io/templates.
	OnRequest bool

	// Labels and Annotations merge by key into the Pod's metadata.
	Labels, Annotations map[string]string
	// Spec is the template's pod spec without its containers.
	Spec corev1.PodSpec
	// SparkContainers holds, per role, the template container that merges
	// into the Pod's Spark container.
	SparkContainers map[v1alpha1.SparkRole]*corev1.Container
	// Sidecars are the template's other containers.
	Sidecars []corev1.Container
	// SecretEnv are spec.secretEnv as env entries for the Spark container.
	SecretEnv []corev1.EnvVar

	key string
	// emptySpec says Spec sets nothing, so a merge need not copy it.
	emptySpec bool
}

// Key is the template's unique name in a registry and in
// sparkhook.io/applied: a file template's name, or a cluster template's
// namespace/name.
func (t *Template) Key() string { return t.key }

// AppliedEntry is how the template is recorded in sparkhook.io/applied.
func (t *Template) AppliedEntry() string { return t.Key() + "@" + t.Hash }

// RoleSet is a set of Spark roles.
type RoleSet uint8

// RoleSet values.
const (
	RolesDriver RoleSet = 1 << iota
	RolesExecutor
	RolesAll = RolesDriver | RolesExecutor
)

// Has reports whether the set contains role.
func (s RoleSet) Has(role v1alpha1.SparkRole) bool {
	return s&roleBit(role) != 0
}

func roleBit(role v1alpha1.SparkRole) RoleSet {
	switch role {
	case v1alpha1.RoleDriver:
		return RolesDriver
	case v1alpha1.RoleExecutor:
		return RolesExecutor
	}
	return 0
}

// allRoles lists the roles in a fixed order, for deterministic iteration.
var allRoles = [...]v1alpha1.SparkRole{v1alpha1.RoleDriver, v1alpha1.RoleExecutor}
