package webhook

import (
	"fmt"

	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
)

func TestPrometheusWarnings(t *testing.T) {
	const (
		endpoint   = config.DefaultDriverMetricsPath
		setTrue    = "spark.app.name=etl\nspark.ui.prometheus.enabled=true\n"
		setFalse   = "spark.app.name=etl\nspark.ui.prometheus.enabled=false\n"
		unset      = "spark.app.name=etl\n"
		ownScrape  = "spark.kubernetes.driver.annotation.prometheus.io/scrape=false\nspark.ui.prometheus.enabled=false\n"
		always     = "every driver for Prometheus to scrape it (prometheus.driver.enabled: Always)"
		auto       = "the drivers of Spark 4.0.0 and later for Prometheus to scrape it (prometheus.driver.enabled: Auto)"
		notSet     = "not set, so under %s it is false (its default before Spark 4.0.0) and the driver UI serves no " + endpoint + ", yet sparkhook annotates %s; set it to true"
		setOff     = `"false": under %s the driver UI then serves no ` + endpoint + ", yet sparkhook annotates %s; set it to true, or set spark.kubernetes.driver.annotation.prometheus.io/scrape=false"
		noEndpoint = "under %s the driver UI serves no " + endpoint + " (Spark added it in 3.0.0), yet sparkhook annotates " + always
	)
	warn := func(line int, key, format string, args ...any) sparkconf.Problem {
		return sparkconf.Problem{Line: line, Key: key, Severity: sparkconf.Warning, Message: fmt.Sprintf(format, args...)}
	}
	key := "spark.ui.prometheus.enabled"
	tests := []struct {
		name     string
		mode     config.ScrapeMode
		path     string // default: Spark's endpoint
		releases string
		props    string
		want     []sparkconf.Problem
	}{
		{name: "Auto, label 4.0.1, unset: on by default", mode: config.ScrapeAuto, releases: "4.0.1", props: unset},
		{name: "Auto, label 4.0.1, false", mode: config.ScrapeAuto, releases: "4.0.1", props: setFalse,
			want: []sparkconf.Problem{warn(2, key, setOff, "Spark 4.0.1", auto)}},
		{name: "Auto, label 3.5.1, unset: not annotated", mode: config.ScrapeAuto, releases: "3.5.1", props: unset},
		{name: "Auto, label 3.5.1, false: not annotated", mode: config.ScrapeAuto, releases: "3.5.1", props: setFalse},
		{name: "Auto, vendor 3.4.2, unset", mode: config.ScrapeAuto, releases: vendorLabel, props: unset},
		{name: "Auto, image 4.0.0, unset", mode: config.ScrapeAuto, releases: "4.0.0", props: unset},
		{name: "Auto, every release, unset", mode: config.ScrapeAuto, releases: "3.0+", props: unset},
		{name: "Auto, every release, false: the 4.x drivers", mode: config.ScrapeAuto, releases: "3.0+", props: setFalse,
			want: []sparkconf.Problem{warn(2, key, setOff, "Spark 4.0.0 and later", auto)}},
		{name: "Always, label 4.0.1, unset", mode: config.ScrapeAlways, releases: "4.0.1", props: unset},
		{name: "Always, label 4.0.1, true", mode: config.ScrapeAlways, releases: "4.0.1", props: setTrue},
		{name: "Always, label 4.0.1, false", mode: config.ScrapeAlways, releases: "4.0.1", props: setFalse,
			want: []sparkconf.Problem{warn(2, key, setOff, "Spark 4.0.1", always)}},
		{name: "Always, label 3.5.1, unset", mode: config.ScrapeAlways, releases: "3.5.1", props: unset,
			want: []sparkconf.Problem{warn(0, key, notSet, "Spark 3.5.1", always)}},
		{name: "Always, label 3.5.1, true", mode: config.ScrapeAlways, releases: "3.5.1", props: setTrue},
		{name: "Always, label 3.5.1, TRUE as Spark reads it", mode: config.ScrapeAlways, releases: "3.5.1", props: "spark.ui.prometheus.enabled= TRUE\n"},
		{name: "Always, label 3.5.1, false", mode: config.ScrapeAlways, releases: "3.5.1", props: setFalse,
			want: []sparkconf.Problem{warn(2, key, setOff, "Spark 3.5.1", always)}},
		{name: "Always, vendor 3.4.2, unset", mode: config.ScrapeAlways, releases: vendorLabel, props: unset,
			want: []sparkconf.Problem{warn(0, key, notSet, "Spark 3.4.2", always)}},
		{name: "Always, image 4.0.0, unset", mode: config.ScrapeAlways, releases: "4.0.0", props: unset},
		{name: "Always, every release, unset: the 3.x drivers", mode: config.ScrapeAlways, releases: "3.0+", props: unset,
			want: []sparkconf.Problem{warn(0, key, notSet, "Spark 3.0.0 to 3.x", always)}},
		{name: "Always, every release, false: all of them", mode: config.ScrapeAlways, releases: "3.0+", props: setFalse,
			want: []sparkconf.Problem{warn(2, key, setOff, "Spark 3.0.0 and later", always)}},
		{name: "Always, 2.4 and 3.5, unset: no endpoint before 3.0", mode: config.ScrapeAlways, releases: "2.4, 3.5", props: unset,
			want: []sparkconf.Problem{
				warn(0, "", noEndpoint, "Spark 2.4.0 to 2.4.x"),
				warn(0, key, notSet, "Spark 3.5.0 to 3.5.x", always),
			}},
		{name: "Always, 2.4, true: still no endpoint", mode: config.ScrapeAlways, releases: "2.4.8", props: setTrue,
			want: []sparkconf.Problem{warn(0, "", noEndpoint, "Spark 2.4.8")}},
		{name: "Always, the submitter sets the scrape annotation", mode: config.ScrapeAlways, releases: "3.5.1", props: ownScrape},
		{name: "Always, an exporter's path", mode: config.ScrapeAlways, path: "/metrics", releases: "3.5.1", props: unset},
		{name: "Never", mode: config.ScrapeNever, releases: "3.5.1", props: setFalse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default().Prometheus
			cfg.Driver.Enabled = tc.mode
			if tc.path != "" {
				cfg.Driver.Path = tc.path
			}
			props, err := sparkconf.Parse([]byte(tc.props))
			if err != nil {
				t.Fatal(err)
			}
			target := sparkconf.Target{Releases: releases(t, tc.releases), Source: sparkconf.SourceDriverPod}
			got := PrometheusWarnings(cfg, props, target)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("PrometheusWarnings() (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("no properties", func(t *testing.T) {
		if got := PrometheusWarnings(config.Default().Prometheus, nil, sparkconf.Target{}); got != nil {
			t.Errorf("PrometheusWarnings(nil) = %v, want nil", got)
		}
	})
}
