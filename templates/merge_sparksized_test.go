package templates

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

const resourceGPU corev1.ResourceName = "nvidia.com/gpu"

// driverPodWithLimits is driverPod whose Spark container has the limits
// Spark adds on request: a cpu limit (limit.cores) and a GPU
// (spark.driver.resource.gpu.amount), with the GPU request the API server
// copies from its limit.
func driverPodWithLimits() *corev1.Pod {
	p := driverPod()
	c := sparkOf(p)
	c.Resources.Limits[corev1.ResourceCPU] = resource.MustParse("2")
	c.Resources.Limits[resourceGPU] = resource.MustParse("1")
	c.Resources.Requests[resourceGPU] = resource.MustParse("1")
	return p
}

// TestMergeSparkSizedOnRequest covers the limits Spark sets only when a
// conf asks for them: where the Pod has one, Spark's stays under either
// policy; where it has none, the template's is merged.
func TestMergeSparkSizedOnRequest(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "Enforce keeps the GPU count and the cpu limit Spark set",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {cpu: 500m, nvidia.com/gpu: "2"}, requests: {nvidia.com/gpu: "2"}}}]}}}`,
		pod:  driverPodWithLimits,
	}, {
		name: "Default keeps them too, without a conflict: Spark's value is not the submitter's",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {cpu: "4", nvidia.com/gpu: "2"}}}]}}`,
		pod:  driverPodWithLimits,
	}, {
		name: "where Spark set none, Enforce adds the template's GPU and cpu limit",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {cpu: "2", nvidia.com/gpu: "1"}}}]}}}`,
		want: func(p *corev1.Pod) {
			sparkOf(p).Resources.Limits[corev1.ResourceCPU] = resource.MustParse("2")
			sparkOf(p).Resources.Limits[resourceGPU] = resource.MustParse("1")
		},
	}, {
		name: "the rest of the template's resources still merge beside Spark's limits",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {nvidia.com/gpu: "4", ephemeral-storage: 8Gi}}}]}}}`,
		pod:  driverPodWithLimits,
		want: func(p *corev1.Pod) {
			sparkOf(p).Resources.Limits[corev1.ResourceEphemeralStorage] = resource.MustParse("8Gi")
		},
	}})
}
