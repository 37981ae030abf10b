// Package config is sparkhook's configuration file (--config): its format,
// defaults and validation. It stands apart from the admission handlers
// because the file format is a contract with users, read the same way by
// `sparkhook serve` and `sparkhook validate` (and `sparkhook mutate`); the
// handlers in package webhook receive its values and decide per object, they
// do not define what a user may write. It depends only on the pure packages
// templates and sparkconf.
package config

import (
	"errors"
	"fmt"

	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// Config is sparkhook's configuration file (--config). Every field has a
// documented default, so an empty file, or none, is a working setup.
type Config struct {
	// Prometheus says which Spark Pods get Prometheus scrape annotations.
	Prometheus Prometheus `json:"prometheus"`
	// Properties is how spark.properties ConfigMaps are checked.
	Properties Properties `json:"properties"`
	// Security is what templates may add to Spark Pods, as Pod Security
	// Standards levels per origin (the platform's templates, the teams',
	// namespaces granted more); by default baseline for every origin.
	Security templates.SecurityPolicy `json:"security"`
}

// Properties is the `properties` section: the Spark release to check
// spark.properties against, and the platform's policy.
type Properties struct {
	// SparkVersions are the Spark releases the platform runs: one release
	// (3.5.1), a list (3.4, 3.5) or a range (3.3..3.5, 3.4+), as
	// sparkconf.ParseReleases reads them. They apply to a spark.properties
	// whose release neither its driver Pod nor its image names; empty means
	// every release sparkhook knows, never the newest alone.
	SparkVersions string `json:"sparkVersions,omitempty"`
	// SparkVersion is another name for SparkVersions, so that a
	// configuration naming one release that way keeps loading (a
	// configuration that fails to load stops sparkhook from starting).
	// Setting both is an error.
	SparkVersion string `json:"sparkVersion,omitempty"`
	// Policy is forbidden, required, bounded and allowed keys.
	sparkconf.Policy `json:",inline"`
}

// PropertiesOptions are the options of the spark.properties validator.
// Validate has checked the releases, so a parse error here leaves them
// empty: every release, the safe side.
func (c Config) PropertiesOptions() sparkconf.Options {
	return sparkconf.Options{Releases: c.SparkReleases(), Policy: c.Properties.Policy}
}

// SparkReleases are the configured properties.sparkVersions, for a
// driver or a spark.properties whose release nothing closer names; empty
// when none are configured (or, Validate not having been called, they do
// not parse): every release.
func (c Config) SparkReleases() sparkconf.Releases {
	rs, _ := sparkconf.ParseReleases(c.Properties.sparkVersions())
	return rs
}

// sparkVersions is SparkVersions, else its other name SparkVersion.
func (p Properties) sparkVersions() string {
	if p.SparkVersions != "" {
		return p.SparkVersions
	}
	return p.SparkVersion
}

// Default is the configuration used when --config is not given, and the
// base a configuration file's fields override.
func Default() Config {
	return Config{
		Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeAuto, Path: DefaultDriverMetricsPath},
			Executor: Scrape{Enabled: ScrapeNever, Path: DefaultExecutorMetricsPath},
		},
	}
}

// Parse reads a configuration file's content over Default: fields the file
// leaves out keep their defaults. Unknown fields are errors, so a misspelt
// setting is never silently ignored; the result has passed Validate.
func Parse(data []byte) (Config, error) {
	// YAMLToJSONStrict refuses duplicate keys; sigs.k8s.io/json matches
	// field names case-sensitively (as the API server does) and names the
	// full path of an unknown field.
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return Config{}, fmt.Errorf("reading the configuration: %w", err)
	}
	cfg := Default()
	strict, err := kjson.UnmarshalStrict(js, &cfg)
	if err != nil {
		return Config{}, fmt.Errorf("reading the configuration: %w", err)
	}
	if len(strict) > 0 {
		return Config{}, fmt.Errorf("reading the configuration: %w", errors.Join(strict...))
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Validate reports every invalid setting, each error naming its field as
// the file writes it (prometheus.driver.port).
func (c Config) Validate() error {
	var errs []error
	if err := c.Security.Validate(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.Prometheus.validate()...)
	if _, err := sparkconf.ParseReleases(c.Properties.SparkVersions); err != nil {
		errs = append(errs, fmt.Errorf("properties.sparkVersions: %w", err))
	}
	if _, err := sparkconf.ParseReleases(c.Properties.SparkVersion); err != nil {
		errs = append(errs, fmt.Errorf("properties.sparkVersion: %w", err))
	}
	if c.Properties.SparkVersions != "" && c.Properties.SparkVersion != "" {
		errs = append(errs, errors.New("properties.sparkVersion: set properties.sparkVersions alone (sparkVersion is another name for it)"))
	}
	if _, err := sparkconf.NewValidator(c.PropertiesOptions()); err != nil {
		errs = append(errs, fmt.Errorf("properties: %w", err))
	}
	if c.Prometheus.Executor.Enabled != ScrapeNever && c.Prometheus.Executor.Port == 0 {
		errs = append(errs, errors.New("prometheus.executor.port: required when executors are scraped: executors serve no Spark UI, so name the port of their exporter (e.g. a JMX exporter agent)"))
	}
	return errors.Join(errs...)
}
