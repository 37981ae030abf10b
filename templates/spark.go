// Package templates is sparkhook's core: it loads and validates registered
// SparkPodTemplates, selects the ones that apply to a Spark Pod, and merges
// them into it. Everything here is a pure function of typed objects, so the
// admission webhook, the offline CLI and the tests run one code path.
package templates

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Labels Spark puts on the Pods it creates (Spark's Constants.scala).
const (
	// LabelSparkRole is "driver" or "executor" on every Spark Pod; it is what
	// Spark and the Spark Operator select on, and what sparkhook keys on.
	LabelSparkRole = "spark-role"
	// LabelSparkAppSelector carries the application id.
	LabelSparkAppSelector = "spark-app-selector"
	// LabelSparkVersion is set on drivers and executors from Spark 3.3.
	LabelSparkVersion = "spark-version"
)

// Names Spark gives the container that runs the JVM (Constants.scala:
// DEFAULT_DRIVER_CONTAINER_NAME, DEFAULT_EXECUTOR_CONTAINER_NAME).
const (
	ContainerSparkDriver   = "spark-kubernetes-driver"
	ContainerSparkExecutor = "spark-kubernetes-executor"
	// ContainerSpark2Executor is the executor container's name before Spark 3.
	ContainerSpark2Executor = "executor"
)

// RoleFromLabels returns the Spark role of a Pod from its spark-role label,
// and false for every Pod that is not a Spark driver or executor. It reads
// nothing but the label, so non-Spark Pods cost one map lookup.
func RoleFromLabels(podLabels map[string]string) (v1alpha1.SparkRole, bool) {
	switch r := v1alpha1.SparkRole(podLabels[LabelSparkRole]); r {
	case v1alpha1.RoleDriver, v1alpha1.RoleExecutor:
		return r, true
	}
	return "", false
}

// SparkContainerName is the name Spark gives the Spark container of a role.
func SparkContainerName(role v1alpha1.SparkRole) string {
	if role == v1alpha1.RoleDriver {
		return ContainerSparkDriver
	}
	return ContainerSparkExecutor
}

// SparkContainerIndex returns the index of the container that runs Spark in a
// Pod of the given role, or -1 when the Pod has no containers:
//
//  1. the container Spark names spark-kubernetes-driver or
//     spark-kubernetes-executor (executor in Spark 2.x);
//  2. else, when a user's podTemplateFile renamed it, the container whose
//     first argument is the role: Spark's entrypoint.sh dispatches on it
//     (DriverCommandFeatureStep adds "driver", BasicExecutorFeatureStep
//     "executor"), in every Spark version. Spark takes the template's first
//     container as its own but appends it after the template's others, so
//     in a created Pod it is not first when the template has sidecars;
//  3. else the first container, as Spark picks it in a template
//     (KubernetesUtils.selectSparkContainer).
func SparkContainerIndex(pod *corev1.Pod, role v1alpha1.SparkRole) int {
	cs := pod.Spec.Containers
	if len(cs) == 0 {
		return -1
	}
	// The Spark 3 name first: on a Spark 3 executor a sidecar may well be
	// called "executor", and must not be taken for the Spark container.
	if i := containerIndex(cs, SparkContainerName(role)); i >= 0 {
		return i
	}
	if role == v1alpha1.RoleExecutor {
		if i := containerIndex(cs, ContainerSpark2Executor); i >= 0 {
			return i
		}
	}
	for i := range cs {
		if len(cs[i].Args) > 0 && cs[i].Args[0] == string(role) {
			return i
		}
	}
	return 0
}

func containerIndex(cs []corev1.Container, name string) int {
	for i := range cs {
		if cs[i].Name == name {
			return i
		}
	}
	return -1
}
