package benchdata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"
)

// Fixtures of test/testdata/pods the workloads are made of: the driver as
// the webhook receives it (after API-server defaulting and the built-in
// admission plugins), and its first executor.
const (
	DriverFixture   = "spark-3.5-driver-admitted.yaml"
	ExecutorFixture = "spark-3.5-executor.yaml"
)

// PodsDir is test/testdata/pods, found from this source file so that
// benchmarks (run in their package's directory) and `go run ./test/load`
// (run anywhere in the module) read the same files.
func PodsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "pods")
}

// LoadPod reads a Pod fixture of test/testdata/pods.
func LoadPod(name string) (*corev1.Pod, error) {
	return ReadPod(filepath.Join(PodsDir(), name))
}

// ReadPod reads a Pod manifest, YAML or JSON, refusing fields a Pod does
// not have: a fixture with a typo would otherwise test less than it says.
func ReadPod(path string) (*corev1.Pod, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pod := &corev1.Pod{}
	if err := yaml.UnmarshalStrict(data, pod); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pod, nil
}

// WithEnv adds n plain env vars to the Pod's Spark container (its last
// container), as a driver configured with many spark.kubernetes.driverEnv.*
// entries has them (istio#34799 took 15 s on such a Pod).
func WithEnv(pod *corev1.Pod, n int) *corev1.Pod {
	pod = pod.DeepCopy()
	c := &pod.Spec.Containers[len(pod.Spec.Containers)-1]
	for i := range n {
		c.Env = append(c.Env, corev1.EnvVar{
			Name:  fmt.Sprintf("APP_SETTING_%04d", i),
			Value: fmt.Sprintf("value-%04d-of-a-driver-env-var", i),
		})
	}
	return pod
}

// WithSize grows the Pod to at least size bytes of JSON the way large
// Spark Pods grow: secret and ConfigMap volumes with their mounts, long
// annotations from spark.kubernetes.driver.annotation.*, and arguments.
func WithSize(pod *corev1.Pod, size int) (*corev1.Pod, error) {
	pod = pod.DeepCopy()
	c := &pod.Spec.Containers[len(pod.Spec.Containers)-1]
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	for i := 0; ; i++ {
		data, err := json.Marshal(pod)
		if err != nil {
			return nil, err
		}
		if len(data) >= size {
			return pod, nil
		}
		name := fmt.Sprintf("app-secret-%03d", i)
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: name, Items: []corev1.KeyToPath{{Key: "credentials.json", Path: "credentials.json"}}},
		}})
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: name, MountPath: "/etc/secrets/" + name, ReadOnly: true})
		pod.Annotations[fmt.Sprintf("example.com/lineage-%03d", i)] = fmt.Sprintf("s3a://warehouse/raw/events/year=2026/month=11/day=%02d/part-%05d.parquet", i%28+1, i)
		c.Args = append(c.Args, fmt.Sprintf("--input=s3a://warehouse/raw/events/part-%05d.parquet", i))
	}
}

// NonSparkPod is an ordinary Pod, which sparkhook allows untouched.
func NonSparkPod() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-7c9f8d6b5-x2x7q", Namespace: "shop", Labels: map[string]string{"app": "web", "pod-template-hash": "7c9f8d6b5"}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name: "nginx", Image: "nginx:1.27",
				Ports:     []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}},
				Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: mustQuantity("100m")}},
			}},
		},
	}
}

// Review is the AdmissionReview the API server sends for the CREATE of pod,
// as JSON, and its UID.
func Review(pod *corev1.Pod, uid string) ([]byte, error) {
	raw, err := json.Marshal(pod)
	if err != nil {
		return nil, err
	}
	return json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:             types.UID(uid),
			Kind:            metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:        metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			RequestKind:     &metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			RequestResource: &metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Name:            pod.Name,
			Namespace:       pod.Namespace,
			Operation:       admissionv1.Create,
			UserInfo:        authenticationv1.UserInfo{Username: "system:serviceaccount:spark-jobs:spark", Groups: []string{"system:serviceaccounts", "system:authenticated"}},
			Object:          kruntime.RawExtension{Raw: raw},
			DryRun:          new(bool),
			Options:         kruntime.RawExtension{Raw: []byte(`{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}`)},
		},
	})
}

// ConfigMapReview is the AdmissionReview the API server sends for the
// CREATE of cm, as JSON, with the given UID: what spark-submit's driver
// ConfigMap reaches the ConfigMap webhook as.
func ConfigMapReview(cm *corev1.ConfigMap, uid string) ([]byte, error) {
	raw, err := json.Marshal(cm)
	if err != nil {
		return nil, err
	}
	return json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       types.UID(uid),
			Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "ConfigMap"},
			Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "configmaps"},
			Name:      cm.Name,
			Namespace: cm.Namespace,
			Operation: admissionv1.Create,
			Object:    kruntime.RawExtension{Raw: raw},
		},
	})
}
