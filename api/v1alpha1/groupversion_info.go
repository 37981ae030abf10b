// Package v1alpha1 holds the sparkhook.io/v1alpha1 API: the SparkPodTemplate
// a platform team registers so that every Spark driver and executor Pod is
// merged with it on its way into the API server.
//
// +kubebuilder:object:generate=true
// +groupName=sparkhook.io
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is the group and version of every type in this package.
	GroupVersion = schema.GroupVersion{Group: "sparkhook.io", Version: "v1alpha1"}

	// SchemeBuilder registers this package's types with a runtime.Scheme,
	// as the k8s.io/api packages do.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)

	// AddToScheme adds this package's types to a runtime.Scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

// addKnownTypes adds SparkPodTemplate and its list to s under GroupVersion,
// with the meta types (ListOptions, …) every API group registers.
func addKnownTypes(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion, &SparkPodTemplate{}, &SparkPodTemplateList{})
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}
