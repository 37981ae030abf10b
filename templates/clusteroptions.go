package templates

import "github.com/sparkhook/sparkhook/api/v1alpha1"

// ClusterCompileOptions are how a SparkPodTemplate object is compiled: one
// in sparkhook's own namespace applies cluster-wide, any other only to its
// own namespace (README, Templates), so that a namespace's users can never reach
// another namespace's Pods; and it is held to the security level of its
// origin, the platform's or its namespace's (SecurityPolicy.ForNamespace).
func ClusterCompileOptions(obj *v1alpha1.SparkPodTemplate, ownNamespace string, security SecurityPolicy) CompileOptions {
	return CompileOptions{
		Source:      obj.Namespace + "/" + obj.Name,
		ClusterWide: obj.Namespace == ownNamespace,
		Namespace:   obj.Namespace,
		Security:    security.ForNamespace(obj.Namespace, ownNamespace),
	}
}
