package templates

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestMergeExecutorPortsByRelease covers an executor template's ports:
// Spark keeps them from 3.4 (SPARK-39546) and dropped them before, and the
// executor's spark-version label says which Spark built it.
func TestMergeExecutorPortsByRelease(t *testing.T) {
	executorOf := func(version string) func() *corev1.Pod {
		return func() *corev1.Pod {
			p := executorPod()
			if version != "" {
				p.Labels[LabelSparkVersion] = version
			}
			return p
		}
	}
	spec := `template: {spec: {containers: [{name: spark-kubernetes-executor, ports: [{name: jmx, containerPort: 9404}]}]}}`
	withPort := func(p *corev1.Pod) {
		sparkOf(p).Ports = []corev1.ContainerPort{{Name: "jmx", ContainerPort: 9404}}
	}
	cases := []mergeCase{
		{name: "no spark-version label (Spark 3.2 or older): not merged", pod: executorOf("")},
		{name: "Spark 3.3: not merged", pod: executorOf("3.3.4")},
		{name: "Spark 3.4: merged", pod: executorOf("3.4.0"), want: withPort},
		{name: "a vendor's 3.4 build: merged", pod: executorOf("3.4.1-amzn-0"), want: withPort},
		{name: "Spark 4.0: merged", pod: executorOf("4.0.1"), want: withPort},
		{name: "a label that is no release: not merged", pod: executorOf("latest")},
	}
	for i := range cases {
		cases[i].spec, cases[i].role = spec, v1alpha1.RoleExecutor
	}
	runMergeCases(t, cases)
}
