// Package v1alpha1 holds the sparkhook.io/v1alpha1 API: the SparkPodTemplate
// a platform team registers so that every Spark driver and executor Pod is
// merged with it on its way into the API server.
//
// +kubebuilder:object:generate=true
// +groupName=sparkhook.io
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

var (
	// GroupVersion is the group and version of every type in this package.
	GroupVersion = schema.GroupVersion{Group: "sparkhook.io", Version: "v1alpha1"}

	// SchemeBuilder registers this package's types with a runtime.Scheme.
	SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

	// AddToScheme adds this package's types to a runtime.Scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
