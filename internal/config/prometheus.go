package config

import (
	"encoding/json"
	"fmt"
)

// Defaults of the prometheus section.
const (
	// DefaultDriverMetricsPath is where the driver's UI serves executor
	// metrics in Prometheus format: from Spark 3.0.0 when
	// spark.ui.prometheus.enabled is true, which it is by default from
	// Spark 4.0.0.
	DefaultDriverMetricsPath = "/metrics/executors/prometheus"
	// DefaultExecutorMetricsPath is a conventional exporter path for
	// executors, which serve no UI of their own.
	DefaultExecutorMetricsPath = "/metrics"
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
	// 3.x, which sparkhook warns spark.properties about).
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

// Prometheus is the `prometheus` section: which Spark Pods get scrape
// annotations.
type Prometheus struct {
	// Driver defaults to Auto, on the Spark UI port.
	Driver Scrape `json:"driver"`
	// Executor defaults to Never; enabling it needs a port.
	Executor Scrape `json:"executor"`
}

// Scrape is how Pods of one role are scraped.
type Scrape struct {
	// Enabled says which Pods of the role get the annotations.
	Enabled ScrapeMode `json:"enabled"`
	// Port is the port to scrape; 0 on drivers means the Pod's Spark UI
	// port (its container port named spark-ui), else 4040.
	Port int32 `json:"port,omitempty"`
	// Path is the metrics path.
	Path string `json:"path,omitempty"`
}

// validate reports the invalid settings of each role, naming their fields.
func (p Prometheus) validate() []error {
	var errs []error
	for _, r := range []struct {
		name string
		s    Scrape
	}{{"driver", p.Driver}, {"executor", p.Executor}} {
		name, s := r.name, r.s
		if !s.Enabled.valid() {
			errs = append(errs, fmt.Errorf("prometheus.%s.enabled: %q is not one of %s, %s, %s (or true, meaning %[3]s, and false, meaning %[5]s)", name, s.Enabled, ScrapeAuto, ScrapeAlways, ScrapeNever))
		}
		if s.Port < 0 || s.Port > 65535 {
			errs = append(errs, fmt.Errorf("prometheus.%s.port: %d is not a port", name, s.Port))
		}
		if s.Enabled != ScrapeNever && (s.Path == "" || s.Path[0] != '/') {
			errs = append(errs, fmt.Errorf("prometheus.%s.path: %q must start with /", name, s.Path))
		}
	}
	return errs
}
