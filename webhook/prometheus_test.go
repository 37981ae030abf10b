package webhook

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
)

// TestAnnotatePrometheus checks the port, the path and the annotations a
// Pod keeps, on Spark 4.0 drivers, which every mode annotates;
// TestAnnotatePrometheusReleases checks which drivers are annotated.
func TestAnnotatePrometheus(t *testing.T) {
	defaults := config.Default().Prometheus
	withExecutor := config.Default().Prometheus
	withExecutor.Executor = config.Scrape{Enabled: config.ScrapeAlways, Port: 8090, Path: "/metrics"}
	driverPort := config.Default().Prometheus
	driverPort.Driver.Port = 9091
	driverOff := config.Default().Prometheus
	driverOff.Driver.Enabled = config.ScrapeNever

	container := func(name string, uiPort int32) corev1.Container {
		c := corev1.Container{Name: name, Image: "apache/spark:4.0.1"}
		if uiPort != 0 {
			c.Ports = []corev1.ContainerPort{{Name: "driver-rpc-port", ContainerPort: 7078}, {Name: "spark-ui", ContainerPort: uiPort}}
		}
		return c
	}
	driverScrape := func(port string) map[string]string {
		return map[string]string{
			AnnotationPrometheusScrape: "true",
			AnnotationPrometheusPort:   port,
			AnnotationPrometheusPath:   config.DefaultDriverMetricsPath,
		}
	}
	tests := []struct {
		name        string
		role        v1alpha1.SparkRole
		labels      map[string]string
		containers  []corev1.Container
		annotations map[string]string
		cfg         config.Prometheus
		want        map[string]string
	}{{
		name:       "a driver is scraped on its spark-ui container port",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("spark-kubernetes-driver", 4041)},
		cfg:        defaults,
		want:       driverScrape("4041"),
	}, {
		name:       "a driver without a spark-ui port is scraped on Spark's default 4040",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("spark-kubernetes-driver", 0)},
		cfg:        defaults,
		want:       driverScrape("4040"),
	}, {
		name:       "a driver without containers, of a release its label names, is scraped on 4040",
		role:       v1alpha1.RoleDriver,
		labels:     map[string]string{templates.LabelSparkVersion: "4.0.1"},
		containers: nil,
		cfg:        defaults,
		want:       driverScrape("4040"),
	}, {
		name:       "a configured driver port wins over the UI port",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("spark-kubernetes-driver", 4041)},
		cfg:        driverPort,
		want:       driverScrape("9091"),
	}, {
		name:        "annotations the Pod has are kept, the others added",
		role:        v1alpha1.RoleDriver,
		containers:  []corev1.Container{container("spark-kubernetes-driver", 4041)},
		annotations: map[string]string{AnnotationPrometheusPort: "8080", AnnotationPrometheusScrape: "false", "team": "data"},
		cfg:         defaults,
		want: map[string]string{
			AnnotationPrometheusScrape: "false",
			AnnotationPrometheusPort:   "8080",
			AnnotationPrometheusPath:   config.DefaultDriverMetricsPath,
			"team":                     "data",
		},
	}, {
		name:       "drivers are left alone when disabled",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("spark-kubernetes-driver", 4041)},
		cfg:        driverOff,
		want:       nil,
	}, {
		name:       "executors are off by default",
		role:       v1alpha1.RoleExecutor,
		containers: []corev1.Container{container("spark-kubernetes-executor", 0)},
		cfg:        defaults,
		want:       nil,
	}, {
		name:       "executors are scraped on the configured port when enabled",
		role:       v1alpha1.RoleExecutor,
		containers: []corev1.Container{container("spark-kubernetes-executor", 0)},
		cfg:        withExecutor,
		want:       map[string]string{AnnotationPrometheusScrape: "true", AnnotationPrometheusPort: "8090", AnnotationPrometheusPath: "/metrics"},
	}, {
		name:       "a renamed Spark container is the first container",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("test-driver-container", 4050), container("sidecar", 5050)},
		cfg:        defaults,
		want:       driverScrape("4050"),
	}, {
		name: "a renamed Spark container after a template's sidecar is found by its driver argument",
		role: v1alpha1.RoleDriver,
		containers: func() []corev1.Container {
			spark := container("my-driver", 4060)
			spark.Args = []string{"driver", "--properties-file", "/opt/spark/conf/spark.properties"}
			return []corev1.Container{container("sidecar", 5050), spark}
		}(),
		cfg:  defaults,
		want: driverScrape("4060"),
	}, {
		name:       "the container named spark-kubernetes-driver wins over the first",
		role:       v1alpha1.RoleDriver,
		containers: []corev1.Container{container("sidecar", 5050), container("spark-kubernetes-driver", 4041)},
		cfg:        defaults,
		want:       driverScrape("4041"),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{}
			pod.Annotations = tc.annotations
			pod.Labels = tc.labels
			pod.Spec.Containers = tc.containers
			AnnotatePrometheus(pod, tc.role, tc.cfg, nil)
			if diff := cmp.Diff(tc.want, pod.Annotations); diff != "" {
				t.Errorf("annotations (-want +got):\n%s", diff)
			}
		})
	}
}
