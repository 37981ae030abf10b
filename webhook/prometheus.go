package webhook

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
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
	// sparkUIPortName is the container port Spark names for the UI
	// (Spark's Constants.scala UI_PORT_NAME).
	sparkUIPortName = "spark-ui"
)

// AnnotatePrometheus adds the scrape annotations of the Pod's role where the
// configuration wants them for this Pod (config.ScrapeMode) and the Pod does
// not already have them: a submitter's own choice (set through
// spark.kubernetes.driver.annotation.prometheus.io/port, say) wins.
// configured are the platform's releases (properties.sparkVersions), for a
// driver whose own label and image name none.
func AnnotatePrometheus(pod *corev1.Pod, role v1alpha1.SparkRole, cfg config.Prometheus, configured sparkconf.Releases) {
	sc := cfg.Driver
	if role == v1alpha1.RoleExecutor {
		sc = cfg.Executor
	}
	if !wantsScrape(sc, pod, role, configured) {
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

// wantsScrape reports whether a Pod of the role gets the annotations sc
// configures for the role. Only Auto on Spark's own driver endpoint looks at
// the Pod: its releases must all serve the endpoint by default (see
// endpointOnByDefault), or Prometheus would scrape a 404.
func wantsScrape(sc config.Scrape, pod *corev1.Pod, role v1alpha1.SparkRole, configured sparkconf.Releases) bool {
	switch sc.Enabled {
	case config.ScrapeAlways:
		return true
	case config.ScrapeAuto:
		if role != v1alpha1.RoleDriver || !scrapesSparkEndpoint(sc) {
			return true
		}
		return servesEndpointByDefault(DriverReleases(pod, configured).Releases)
	}
	return false
}

// scrapesSparkEndpoint reports whether the path is the one Spark's driver
// UI serves under spark.ui.prometheus.enabled; any other path is an
// exporter of the platform's own.
func scrapesSparkEndpoint(sc config.Scrape) bool {
	return sc.Path == config.DefaultDriverMetricsPath
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
