package templates

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// RepresentativePod returns a Spark Pod of the given role as Spark 3.5's
// spark-submit (driver) and driver (executor) create it with no pod
// template of their own: the shape of test/testdata/pods/spark-3.5-driver.yaml
// and spark-3.5-executor.yaml (held to them by TestRepresentativePods), with
// the env cut to what Spark always sets. A template is merged into one of
// each role it applies to when it is registered, and the result must pass
// the API server's Pod validation.
func RepresentativePod(role v1alpha1.SparkRole) *corev1.Pod {
	const localDir = "/var/data/spark-f28c105d-1fb1-4c23-90c1-92cfd3ac94af"
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:      "spark-pi-52e6b4900bf20b6c-driver",
			Namespace: "spark-jobs",
			Labels: map[string]string{
				"spark-app-name": "spark-pi", LabelSparkAppSelector: "spark-3d9c172411e24b8fab0d549b6f03675a",
				LabelSparkRole: string(role), LabelSparkVersion: "3.5.1",
			},
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:            SparkContainerName(role),
				Image:           "apache/spark:3.5.1",
				ImagePullPolicy: corev1.PullIfNotPresent,
				Args:            []string{"driver", "--properties-file", "/opt/spark/conf/spark.properties"},
				Env: []corev1.EnvVar{
					{Name: "SPARK_USER", Value: "alice"},
					{Name: "SPARK_APPLICATION_ID", Value: "spark-3d9c172411e24b8fab0d549b6f03675a"},
					{Name: "SPARK_DRIVER_BIND_ADDRESS", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
					{Name: "SPARK_LOCAL_DIRS", Value: localDir},
					{Name: "SPARK_CONF_DIR", Value: "/opt/spark/conf"},
				},
				Ports: []corev1.ContainerPort{
					{Name: "driver-rpc-port", ContainerPort: 7078, Protocol: corev1.ProtocolTCP},
					{Name: "blockmanager", ContainerPort: 7079, Protocol: corev1.ProtocolTCP},
					{Name: "spark-ui", ContainerPort: 4040, Protocol: corev1.ProtocolTCP},
				},
				Resources: corev1.ResourceRequirements{
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("2432Mi")},
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("2432Mi")},
				},
				VolumeMounts: []corev1.VolumeMount{
					{Name: "spark-local-dir-1", MountPath: localDir},
					{Name: "spark-conf-volume-driver", MountPath: "/opt/spark/conf"},
				},
			}},
			RestartPolicy:      corev1.RestartPolicyNever,
			ServiceAccountName: "spark",
			Volumes: []corev1.Volume{
				{Name: "spark-local-dir-1", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "spark-conf-volume-driver", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
					LocalObjectReference: corev1.LocalObjectReference{Name: "spark-drv-f2a74d900bf20b72-conf-map"},
					Items: []corev1.KeyToPath{
						{Key: "log4j2.properties", Path: "log4j2.properties"},
						{Key: "spark.properties", Path: "spark.properties"},
					},
				}}},
			},
		},
	}
	if role == v1alpha1.RoleExecutor {
		toExecutor(pod)
	}
	return pod
}

// toExecutor turns the representative driver into its first executor, as
// Spark's BasicExecutorFeatureStep builds it: owned by the driver, the
// block manager port only, the executor's conf volume.
func toExecutor(pod *corev1.Pod) {
	pod.Name = "spark-pi-269e0d900bf2384f-exec-1"
	pod.Labels["spark-exec-id"] = "1"
	pod.Labels["spark-exec-resourceprofile-id"] = "0"
	pod.OwnerReferences = []metav1.OwnerReference{{
		APIVersion: "v1", Kind: "Pod", Name: "spark-pi-52e6b4900bf20b6c-driver",
		UID: "0f21ddb6-6cad-4a26-8d11-6ece1738f7d9", Controller: ptr.To(true),
	}}
	pod.Spec.Hostname = pod.Name
	c := &pod.Spec.Containers[0]
	c.Args = []string{"executor"}
	c.Env = append(c.Env[:2],
		corev1.EnvVar{Name: "SPARK_DRIVER_URL", Value: "spark://CoarseGrainedScheduler@spark-pi-52e6b4900bf20b6c-driver-svc.spark-jobs.svc:7078"},
		corev1.EnvVar{Name: "SPARK_EXECUTOR_ID", Value: "1"},
		corev1.EnvVar{Name: "SPARK_EXECUTOR_POD_IP", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
	)
	c.Ports = c.Ports[1:2]
	mem := resource.MustParse("1408Mi")
	c.Resources.Limits[corev1.ResourceMemory] = mem
	c.Resources.Requests[corev1.ResourceMemory] = mem
	// The executor's conf volume comes first, its items the log4j2
	// configuration only (Spark's executor conf map).
	local, conf := pod.Spec.Volumes[0], pod.Spec.Volumes[1]
	conf.Name = "spark-conf-volume-exec"
	conf.ConfigMap.Name = "spark-exec-651327900bf23857-conf-map"
	conf.ConfigMap.Items = conf.ConfigMap.Items[:1]
	pod.Spec.Volumes = []corev1.Volume{conf, local}
	c.VolumeMounts = []corev1.VolumeMount{{Name: conf.Name, MountPath: "/opt/spark/conf"}, c.VolumeMounts[0]}
}
