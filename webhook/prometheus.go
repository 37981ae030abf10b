package webhook

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// The annotations Prometheus' kubernetes_sd pod role conventionally relabels
// on.
const (
	AnnotationPrometheusScrape = "prometheus.io/scrape"
	AnnotationPrometheusPort   = "prometheus.io/port"
	AnnotationPrometheusPath   = "prometheus.io/path"
)

// Defaults for Prometheus annotations.
const (
	// DefaultSparkUIPort is spark.ui.port's default (Spark's UI.scala).
	DefaultSparkUIPort = 4040
	// DefaultDriverMetricsPath is where the driver's UI serves executor
	// metrics in Prometheus format (Spark 3.0+, spark.ui.prometheus.enabled,
	// on by default from Spark 4.0).
	DefaultDriverMetricsPath = "/metrics/executors/prometheus"
	// DefaultExecutorMetricsPath is a conventional exporter path for
	// executors, which serve no UI of their own.
	DefaultExecutorMetricsPath = "/metrics"
	// sparkUIPortName is the container port Spark names for the UI
	// (Spark's Constants.scala UI_PORT_NAME).
	sparkUIPortName = "spark-ui"
)

// PrometheusConfig says which Spark Pods get scrape annotations.
type PrometheusConfig struct {
	// Driver defaults to enabled, on the Spark UI port.
	Driver ScrapeConfig `json:"driver"`
	// Executor defaults to disabled; enabling it needs a port.
	Executor ScrapeConfig `json:"executor"`
}

// ScrapeConfig is how Pods of one role are scraped.
type ScrapeConfig struct {
	// Enabled adds the annotations to Pods of the role.
	Enabled bool `json:"enabled"`
	// Port is the port to scrape; 0 on drivers means the Pod's Spark UI
	// port (its container port named spark-ui), else 4040.
	Port int32 `json:"port,omitempty"`
	// Path is the metrics path.
	Path string `json:"path,omitempty"`
}

// AnnotatePrometheus adds the scrape annotations of the Pod's role where the
// Pod does not already have them: a submitter's own choice (set through
// spark.kubernetes.driver.annotation.prometheus.io/port, say) wins.
func AnnotatePrometheus(pod *corev1.Pod, role v1alpha1.SparkRole, cfg PrometheusConfig) {
	sc := cfg.Driver
	if role == v1alpha1.RoleExecutor {
		sc = cfg.Executor
	}
	if !sc.Enabled {
		return
	}
	port := sc.Port
	if port == 0 {
		port = sparkUIPort(pod, role)
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	setIfAbsent(pod.Annotations, AnnotationPrometheusScrape, "true")
	setIfAbsent(pod.Annotations, AnnotationPrometheusPort, strconv.Itoa(int(port)))
	setIfAbsent(pod.Annotations, AnnotationPrometheusPath, sc.Path)
}

// sparkUIPort is the Spark container's port named spark-ui, which Spark's
// BasicDriverFeatureStep sets from spark.ui.port, else Spark's default.
func sparkUIPort(pod *corev1.Pod, role v1alpha1.SparkRole) int32 {
	if i := templates.SparkContainerIndex(pod, role); i >= 0 {
		for _, p := range pod.Spec.Containers[i].Ports {
			if p.Name == sparkUIPortName && p.ContainerPort > 0 {
				return p.ContainerPort
			}
		}
	}
	return DefaultSparkUIPort
}

func setIfAbsent(m map[string]string, key, value string) {
	if _, ok := m[key]; !ok {
		m[key] = value
	}
}
