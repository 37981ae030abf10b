package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Kind is the kind of the SparkPodTemplate type, as it appears in manifests.
const Kind = "SparkPodTemplate"

// SparkRole is the value of Spark's spark-role label: the role a Spark Pod
// plays in its application.
// +kubebuilder:validation:Enum=driver;executor
type SparkRole string

// The two roles Spark gives its Pods (Spark's Constants.scala:
// SPARK_POD_DRIVER_ROLE, SPARK_POD_EXECUTOR_ROLE).
const (
	RoleDriver   SparkRole = "driver"
	RoleExecutor SparkRole = "executor"
)

// MergePolicy says who wins when a template and a Pod set the same field.
// +kubebuilder:validation:Enum=Default;Enforce
type MergePolicy string

const (
	// PolicyDefault keeps the Pod's own value and reports the conflict as an
	// admission warning: the template supplies defaults.
	PolicyDefault MergePolicy = "Default"
	// PolicyEnforce replaces the Pod's value with the template's; a template
	// that cannot be applied denies the Pod.
	PolicyEnforce MergePolicy = "Enforce"
)

// SecretEnvVar puts one key of a Secret into the Spark container's
// environment, as Spark's spark.kubernetes.{driver,executor}.secretKeyRef.ENV
// = secret:key does.
type SecretEnvVar struct {
	// Name is the environment variable's name.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern=`^[^=]+$`
	Name string `json:"name"`
	// Secret is the name of a Secret in the Pod's namespace.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Secret string `json:"secret"`
	// Key is the key within the Secret.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern=`^[-._a-zA-Z0-9]+$`
	Key string `json:"key"`
}

// SparkPodTemplateSpec says which Spark Pods a template applies to and what it
// merges into them.
// +kubebuilder:validation:XValidation:rule="!has(self.roles) || self.roles.size() > 0",message="roles, when set, names at least one role"
type SparkPodTemplateSpec struct {
	// Roles are the Spark roles the template applies to; empty means both.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=2
	Roles []SparkRole `json:"roles,omitempty"`

	// Selector matches the Spark Pod's labels; empty means every Spark Pod.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`

	// NamespaceSelector matches the labels of the Pod's namespace. It is only
	// honoured on templates in sparkhook's own namespace and in files: a
	// template in any other namespace applies to that namespace alone.
	// +optional
	NamespaceSelector *metav1.LabelSelector `json:"namespaceSelector,omitempty"`

	// Priority orders templates: lower priorities are applied first, ties by
	// name.
	// +optional
	Priority int32 `json:"priority,omitempty"`

	// Policy is Default (the Pod's own values win) or Enforce (the
	// template's values win).
	// +optional
	// +kubebuilder:default=Default
	Policy MergePolicy `json:"policy,omitempty"`

	// OnRequest limits the template to Pods that name it in their
	// sparkhook.io/templates annotation.
	// +optional
	OnRequest bool `json:"onRequest,omitempty"`

	// SecretEnv adds env entries with valueFrom.secretKeyRef to the Spark
	// container.
	// +optional
	// +listType=map
	// +listMapKey=name
	SecretEnv []SecretEnvVar `json:"secretEnv,omitempty"`

	// SparkContainerName names the container of the template that is Spark's
	// own: the counterpart of Spark's
	// spark.kubernetes.{driver,executor}.podTemplateContainerName
	// (KubernetesUtils.selectSparkContainer). That container merges into the
	// Spark container of every Pod the template applies to, driver or
	// executor; the template's other containers are sidecars. Unset, the
	// Spark container is the one named spark-kubernetes-driver or
	// spark-kubernetes-executor (one of each merges per role), else the
	// first container, as Spark takes it. A name no container of the
	// template has says the template has no Spark container: every container
	// is a sidecar, the way a template adds only sidecars. A Pod template
	// file says the same with the annotation sparkhook.io/spark-container.
	// +optional
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	SparkContainerName string `json:"sparkContainerName,omitempty"`

	// Template is a pod template exactly as written for Spark's
	// spark.kubernetes.{driver,executor}.podTemplateFile: metadata and spec,
	// every field optional. It is schemaless here and checked by sparkhook's
	// validating webhook, so that no placeholder container or image is needed.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:validation:Type=object
	// +kubebuilder:pruning:PreserveUnknownFields
	Template runtime.RawExtension `json:"template,omitempty"`
}

// SparkPodTemplate is a pod template that sparkhook merges into matching
// Spark driver and executor Pods.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:shortName=spt,categories=spark
// +kubebuilder:printcolumn:name="Roles",type=string,JSONPath=`.spec.roles`
// +kubebuilder:printcolumn:name="Priority",type=integer,JSONPath=`.spec.priority`
// +kubebuilder:printcolumn:name="Policy",type=string,JSONPath=`.spec.policy`
// +kubebuilder:printcolumn:name="On-Request",type=boolean,JSONPath=`.spec.onRequest`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type SparkPodTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the template and the rules for where it applies.
	Spec SparkPodTemplateSpec `json:"spec"`
}

// SparkPodTemplateList is a list of SparkPodTemplates.
//
// +kubebuilder:object:root=true
type SparkPodTemplateList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the templates.
	Items []SparkPodTemplate `json:"items"`
}
