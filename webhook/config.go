// Package webhook holds sparkhook's admission handlers — decode, decide,
// respond — on controller-runtime's admission contracts. The decisions
// themselves live in the pure packages templates and webhook/sparkconf.
package webhook

import (
	"errors"
	"fmt"

	"sigs.k8s.io/yaml"
)

// Config is sparkhook's configuration file (--config). Every field has a
// documented default, so an empty file, or none, is a working setup.
type Config struct {
	// Prometheus says which Spark Pods get Prometheus scrape annotations.
	Prometheus PrometheusConfig `json:"prometheus"`
}

// DefaultConfig is the configuration used when --config is not given, and
// the base a config file's fields override.
func DefaultConfig() Config {
	return Config{
		Prometheus: PrometheusConfig{
			Driver:   ScrapeConfig{Enabled: true, Path: DefaultDriverMetricsPath},
			Executor: ScrapeConfig{Enabled: false, Path: DefaultExecutorMetricsPath},
		},
	}
}

// ParseConfig reads a configuration file's content over DefaultConfig:
// fields the file leaves out keep their defaults. Unknown fields are errors,
// so a misspelt setting is never silently ignored.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		return Config{}, fmt.Errorf("reading the configuration: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Validate reports every invalid setting.
func (c Config) Validate() error {
	var errs []error
	for _, r := range []struct {
		name string
		s    ScrapeConfig
	}{{"driver", c.Prometheus.Driver}, {"executor", c.Prometheus.Executor}} {
		name, s := r.name, r.s
		if s.Port < 0 || s.Port > 65535 {
			errs = append(errs, fmt.Errorf("prometheus.%s.port: %d is not a port", name, s.Port))
		}
		if s.Enabled && (s.Path == "" || s.Path[0] != '/') {
			errs = append(errs, fmt.Errorf("prometheus.%s.path: %q must start with /", name, s.Path))
		}
	}
	if c.Prometheus.Executor.Enabled && c.Prometheus.Executor.Port == 0 {
		errs = append(errs, errors.New("prometheus.executor.port: required when executors are scraped: executors serve no Spark UI, so name the port of their exporter (e.g. a JMX exporter agent)"))
	}
	return errors.Join(errs...)
}
