package webhook

import (
	"fmt"
	"strings"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
)

// Confs PrometheusWarnings reads.
const (
	// confUIPrometheus turns the driver's config.DefaultDriverMetricsPath on
	// (Spark's UI.scala, UI_PROMETHEUS_ENABLED).
	confUIPrometheus = "spark.ui.prometheus.enabled"
	// confDriverScrapeAnnotation is how a submitter sets the driver's
	// scrape annotation themselves (Config.scala,
	// KUBERNETES_DRIVER_ANNOTATION_PREFIX); the Pod keeps it.
	confDriverScrapeAnnotation = "spark.kubernetes.driver.annotation." + AnnotationPrometheusScrape
)

// PrometheusWarnings returns the warnings a spark.properties deserves when
// sparkhook annotates its driver to be scraped on Spark's own endpoint
// (config.DefaultDriverMetricsPath) for releases of target where the properties
// leave that endpoint off: Prometheus would scrape a 404. The releases
// that need spark.ui.prometheus.enabled=true are those annotated: under
// Always every release from 3.0.0, under Auto those from 4.0.0 (the only
// ones it annotates). Unset, the key is false before 4.0.0 and true after
// (SPARK-46886). Before 3.0.0 there is no endpoint to turn on. Nothing is
// reported when drivers are not scraped, when the path is an exporter of
// the platform's, or when the properties set the driver's
// prometheus.io/scrape annotation themselves (the Pod keeps it).
//
// The ConfigMap review adds them to the validator's report, with target
// the report's Target.
func PrometheusWarnings(cfg config.Prometheus, props *sparkconf.Properties, target sparkconf.Target) []sparkconf.Problem {
	d := cfg.Driver
	if props == nil || (d.Enabled != config.ScrapeAuto && d.Enabled != config.ScrapeAlways) || !scrapesSparkEndpoint(d) {
		return nil
	}
	if _, ok := props.Get(confDriverScrapeAnnotation); ok {
		return nil
	}
	var out []sparkconf.Problem
	from := endpointOnByDefault
	if d.Enabled == config.ScrapeAlways {
		from = endpointAdded
		if none := clip(target.Releases, sparkconf.Version{}, endpointAdded); len(none) > 0 {
			out = append(out, sparkconf.Problem{Severity: sparkconf.Warning, Message: fmt.Sprintf(
				"under %s the driver UI serves no %s (Spark added it in %s), yet sparkhook annotates every driver for Prometheus to scrape it (prometheus.driver.enabled: %s)",
				none, config.DefaultDriverMetricsPath, endpointAdded, d.Enabled)})
		}
	}
	e, set := props.Get(confUIPrometheus)
	// Spark reads a boolean conf trimmed and case-insensitively
	// (ConfigHelpers.toBoolean); an invalid one the validator reports.
	if set && strings.EqualFold(strings.TrimSpace(e.Value), "true") {
		return out
	}
	if !set {
		// Unset, only the releases before the default changed need it.
		if off := clip(target.Releases, from, endpointOnByDefault); len(off) > 0 {
			out = append(out, sparkconf.Problem{Key: confUIPrometheus, Severity: sparkconf.Warning, Message: fmt.Sprintf(
				"not set, so under %s it is false (its default before Spark %s) and the driver UI serves no %s, yet sparkhook annotates %s for Prometheus to scrape it (prometheus.driver.enabled: %s); set it to true",
				off, endpointOnByDefault, config.DefaultDriverMetricsPath, annotated(d.Enabled), d.Enabled)})
		}
		return out
	}
	if off := clip(target.Releases, from, sparkconf.Version{}); len(off) > 0 {
		out = append(out, sparkconf.Problem{Line: e.Line, Key: confUIPrometheus, Severity: sparkconf.Warning, Message: fmt.Sprintf(
			"%q: under %s the driver UI then serves no %s, yet sparkhook annotates %s for Prometheus to scrape it (prometheus.driver.enabled: %s); set it to true, or set %s=false",
			e.Value, off, config.DefaultDriverMetricsPath, annotated(d.Enabled), d.Enabled, confDriverScrapeAnnotation)})
	}
	return out
}

// annotated names the drivers a mode annotates, for messages.
func annotated(m config.ScrapeMode) string {
	if m == config.ScrapeAlways {
		return "every driver"
	}
	return "the drivers of Spark " + endpointOnByDefault.String() + " and later"
}
