package templates

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// driverPod is a fresh Spark 3.5 driver Pod as spark-submit creates it, cut
// to the fields the merge tests touch.
func driverPod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:      "spark-pi-driver",
			Namespace: "spark",
			Labels:    map[string]string{"spark-role": "driver", "spark-app-selector": "spark-0123", "app": "pi"},
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:  ContainerSparkDriver,
				Image: "apache/spark:3.5.1",
				Args:  []string{"driver", "--properties-file", "/opt/spark/conf/spark.properties"},
				Env:   []corev1.EnvVar{{Name: "SPARK_USER", Value: "root"}},
				Ports: []corev1.ContainerPort{{Name: "spark-ui", ContainerPort: 4040}},
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1408Mi"), corev1.ResourceCPU: resource.MustParse("1")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1408Mi")},
				},
				ImagePullPolicy: corev1.PullIfNotPresent,
				VolumeMounts: []corev1.VolumeMount{
					{Name: "spark-local-dir-1", MountPath: "/var/data/spark-1"},
					{Name: "spark-conf-volume-driver", MountPath: "/opt/spark/conf"},
				},
			}},
			Volumes: []corev1.Volume{
				{Name: "spark-local-dir-1", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "spark-conf-volume-driver", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
					LocalObjectReference: corev1.LocalObjectReference{Name: "spark-drv-0123-conf-map"},
				}}},
			},
			RestartPolicy:      corev1.RestartPolicyNever,
			ServiceAccountName: "spark",
		},
	}
}

// executorPod is a fresh Spark 3.5 executor Pod.
func executorPod() *corev1.Pod {
	p := driverPod()
	p.Name = "spark-pi-exec-1"
	p.Labels = map[string]string{"spark-role": "executor", "spark-app-selector": "spark-0123", "spark-exec-id": "1"}
	c := &p.Spec.Containers[0]
	c.Name, c.Args, c.Ports = ContainerSparkExecutor, []string{"executor"}, nil
	c.VolumeMounts[1] = corev1.VolumeMount{Name: "spark-conf-volume-exec", MountPath: "/opt/spark/conf"}
	p.Spec.Volumes[1].Name = "spark-conf-volume-exec"
	return p
}

// templateFrom compiles a template named tpl from the YAML of its spec (the
// SparkPodTemplateSpec, spec.template included), failing the test on error.
func templateFrom(t *testing.T, specYAML string) *Template {
	t.Helper()
	return templateNamed(t, "tpl", specYAML)
}

// templateNamed is templateFrom with a name of the test's choosing.
func templateNamed(t *testing.T, name, specYAML string) *Template {
	t.Helper()
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if err := yaml.UnmarshalStrict([]byte(specYAML), &obj.Spec); err != nil {
		t.Fatalf("template spec: %v", err)
	}
	tpl, _, errs := Compile(obj, CompileOptions{Source: "test", ClusterWide: true})
	if len(errs) > 0 {
		t.Fatalf("compiling the template: %v", errs.ToAggregate())
	}
	return tpl
}
