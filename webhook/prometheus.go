package webhook

import (
	"encoding/json"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/sparkconf"
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
	// metrics in Prometheus format: from Spark 3.0.0 when
	// spark.ui.prometheus.enabled is true, which it is by default from
	// Spark 4.0.0 (see endpointOnByDefault).
	DefaultDriverMetricsPath = "/metrics/executors/prometheus"
	// DefaultExecutorMetricsPath is a conventional exporter path for
	// executors, which serve no UI of their own.
	DefaultExecutorMetricsPath = "/metrics"
	// sparkUIPortName is the container port Spark names for the UI
	// (Spark's Constants.scala UI_PORT_NAME).
	sparkUIPortName = "spark-ui"
)

// ScrapeMode says which Pods of a role get scrape annotations.
type ScrapeMode string

// The scrape modes.
const (
	// ScrapeAuto annotates a Pod when its endpoint is there by default.
	// For Spark's own driver endpoint (DefaultDriverMetricsPath) that is a
	// driver every one of whose possible releases is 4.0.0 or later; any
	// other path is an exporter the platform runs, which sparkhook cannot
	// see, so every Pod of the role is annotated. `true` in a
	// configuration file reads as ScrapeAuto.
	ScrapeAuto ScrapeMode = "Auto"
	// ScrapeAlways annotates every Pod of the role: the platform makes sure
	// the endpoint is served (spark.ui.prometheus.enabled=true on Spark
	// 3.x, which PrometheusWarnings holds spark.properties to).
	ScrapeAlways ScrapeMode = "Always"
	// ScrapeNever annotates no Pod of the role. `false` in a configuration
	// file reads as ScrapeNever.
	ScrapeNever ScrapeMode = "Never"
)

// UnmarshalJSON reads a mode, or a boolean as configuration files wrote
// `enabled` before it had modes: true is Auto, false is Never. It never
// fails: whether the value is a known mode is Config.Validate's to say,
// naming the whole field (prometheus.driver.enabled).
func (m *ScrapeMode) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		// As encoding/json leaves a field at null: the default stays.
		return nil
	}
	var b bool
	if json.Unmarshal(data, &b) == nil {
		*m = ScrapeNever
		if b {
			*m = ScrapeAuto
		}
		return nil
	}
	var s string
	if json.Unmarshal(data, &s) != nil {
		s = string(data)
	}
	*m = ScrapeMode(s)
	return nil
}

// valid reports whether m is one of the modes.
func (m ScrapeMode) valid() bool {
	return m == ScrapeAuto || m == ScrapeAlways || m == ScrapeNever
}

// PrometheusConfig says which Spark Pods get scrape annotations.
type PrometheusConfig struct {
	// Driver defaults to Auto, on the Spark UI port.
	Driver ScrapeConfig `json:"driver"`
	// Executor defaults to Never; enabling it needs a port.
	Executor ScrapeConfig `json:"executor"`
}

// ScrapeConfig is how Pods of one role are scraped.
type ScrapeConfig struct {
	// Enabled says which Pods of the role get the annotations.
	Enabled ScrapeMode `json:"enabled"`
	// Port is the port to scrape; 0 on drivers means the Pod's Spark UI
	// port (its container port named spark-ui), else 4040.
	Port int32 `json:"port,omitempty"`
	// Path is the metrics path.
	Path string `json:"path,omitempty"`
}

// AnnotatePrometheus adds the scrape annotations of the Pod's role where the
// configuration wants them for this Pod (ScrapeMode) and the Pod does not
// already have them: a submitter's own choice (set through
// spark.kubernetes.driver.annotation.prometheus.io/port, say) wins.
// configured are the platform's releases (properties.sparkVersions), for a
// driver whose own label and image name none.
func AnnotatePrometheus(pod *corev1.Pod, role v1alpha1.SparkRole, cfg PrometheusConfig, configured sparkconf.Releases) {
	sc := cfg.Driver
	if role == v1alpha1.RoleExecutor {
		sc = cfg.Executor
	}
	if !sc.wants(pod, role, configured) {
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

// wants reports whether a Pod of the role gets the annotations. Only Auto
// on Spark's own driver endpoint looks at the Pod: its releases must all
// serve the endpoint by default, or Prometheus would scrape a 404.
func (sc ScrapeConfig) wants(pod *corev1.Pod, role v1alpha1.SparkRole, configured sparkconf.Releases) bool {
	switch sc.Enabled {
	case ScrapeAlways:
		return true
	case ScrapeAuto:
		if role != v1alpha1.RoleDriver || !sc.scrapesSparkEndpoint() {
			return true
		}
		return servesEndpointByDefault(DriverReleases(pod, configured).Releases)
	}
	return false
}

// scrapesSparkEndpoint reports whether the path is the one Spark's driver
// UI serves under spark.ui.prometheus.enabled; any other path is an
// exporter of the platform's own.
func (sc ScrapeConfig) scrapesSparkEndpoint() bool {
	return sc.Path == DefaultDriverMetricsPath
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
