package config

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sparkhook/sparkhook/sparkconf"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    Config
		wantErr []string // substrings of the error, each naming a field
	}{{
		name: "an empty file is the default configuration",
		data: "",
		want: Default(),
	}, {
		name: "a file of comments is the default configuration",
		data: "# nothing set\n",
		want: Default(),
	}, {
		name: "a partial override keeps the other defaults",
		data: "prometheus:\n  driver:\n    port: 4041\n",
		want: Config{Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeAuto, Port: 4041, Path: DefaultDriverMetricsPath},
			Executor: Scrape{Enabled: ScrapeNever, Path: DefaultExecutorMetricsPath},
		}},
	}, {
		name: "executors enabled with a port, as files wrote it with a boolean",
		data: "prometheus: {executor: {enabled: true, port: 8090}}",
		want: Config{Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeAuto, Path: DefaultDriverMetricsPath},
			Executor: Scrape{Enabled: ScrapeAuto, Port: 8090, Path: DefaultExecutorMetricsPath},
		}},
	}, {
		name: "enabled with no value keeps the default",
		data: "prometheus: {driver: {enabled: }}",
		want: Default(),
	}, {
		name: "drivers enabled: true is Auto",
		data: "prometheus: {driver: {enabled: true}}",
		want: Default(),
	}, {
		name: "drivers disabled need no valid path",
		data: "prometheus: {driver: {enabled: false, path: ''}}",
		want: Config{Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeNever},
			Executor: Scrape{Enabled: ScrapeNever, Path: DefaultExecutorMetricsPath},
		}},
	}, {
		name: "drivers annotated whatever their release",
		data: "prometheus: {driver: {enabled: Always}}",
		want: Config{Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeAlways, Path: DefaultDriverMetricsPath},
			Executor: Scrape{Enabled: ScrapeNever, Path: DefaultExecutorMetricsPath},
		}},
	}, {
		name: "drivers never annotated by name",
		data: "prometheus: {driver: {enabled: Never}}",
		want: Config{Prometheus: Prometheus{
			Driver:   Scrape{Enabled: ScrapeNever, Path: DefaultDriverMetricsPath},
			Executor: Scrape{Enabled: ScrapeNever, Path: DefaultExecutorMetricsPath},
		}},
	}, {
		name: "the releases the platform runs",
		data: "properties: {sparkVersions: '3.4, 3.5.1, 4.0+'}",
		want: func() Config {
			c := Default()
			c.Properties.SparkVersions = "3.4, 3.5.1, 4.0+"
			return c
		}(),
	}, {
		name:    "a mode is case-sensitive, as Kubernetes enumerations are",
		data:    "prometheus: {driver: {enabled: always}}",
		wantErr: []string{`prometheus.driver.enabled: "always" is not one of Auto, Always, Never`},
	}, {
		name:    "a number is no mode",
		data:    "prometheus: {executor: {enabled: 1, port: 8090}}",
		wantErr: []string{`prometheus.executor.enabled: "1" is not one of Auto, Always, Never`},
	}, {
		name:    "invalid releases name their field",
		data:    "properties: {sparkVersions: latest}",
		wantErr: []string{"properties.sparkVersions: invalid Spark release set"},
	}, {
		name: "sparkVersion is another name for sparkVersions",
		data: "properties: {sparkVersion: 3.5.3}",
		want: func() Config {
			c := Default()
			c.Properties.SparkVersion = "3.5.3"
			return c
		}(),
	}, {
		name:    "sparkVersion and sparkVersions together",
		data:    "properties: {sparkVersion: 3.5.3, sparkVersions: '3.5'}",
		wantErr: []string{"properties.sparkVersion: set properties.sparkVersions alone"},
	}, {
		name:    "an invalid sparkVersion names its field",
		data:    "properties: {sparkVersion: latest}",
		wantErr: []string{"properties.sparkVersion: invalid Spark release set"},
	}, {
		name:    "an unknown field is an error",
		data:    "prometheus: {driver: {enable: false}}",
		wantErr: []string{`unknown field "prometheus.driver.enable"`},
	}, {
		name:    "a field of the wrong type is an error",
		data:    "prometheus: {driver: {port: http}}",
		wantErr: []string{"reading the configuration"},
	}, {
		name:    "executors enabled without a port",
		data:    "prometheus: {executor: {enabled: Always}}",
		wantErr: []string{"prometheus.executor.port: required"},
	}, {
		name:    "every invalid setting is reported",
		data:    "prometheus: {driver: {port: 70000, path: metrics}, executor: {port: -1}}",
		wantErr: []string{"prometheus.driver.port: 70000 is not a port", `prometheus.driver.path: "metrics" must start with /`, "prometheus.executor.port: -1 is not a port"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.data))
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("Parse() = %+v, want an error", got)
				}
				for _, want := range tc.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("Parse() error = %q, want it to contain %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExampleConfigIsTheDefault keeps deploy/examples/config.yaml, which
// documents the defaults, in step with Default.
func TestExampleConfigIsTheDefault(t *testing.T) {
	data, err := os.ReadFile("../../deploy/examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(deploy/examples/config.yaml) error = %v", err)
	}
	if diff := cmp.Diff(Default(), got); diff != "" {
		t.Errorf("deploy/examples/config.yaml differs from Default (-default +example):\n%s", diff)
	}
}

func TestSparkReleases(t *testing.T) {
	tests := []struct {
		name       string
		properties Properties
		want       string
	}{
		{name: "none: every release, left to the resolvers", want: ""},
		{name: "sparkVersions", properties: Properties{SparkVersions: "3.5, 4.0+"}, want: "3.5, 4.0+"},
		{name: "its other name", properties: Properties{SparkVersion: "3.5.3"}, want: "3.5.3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Default()
			cfg.Properties = tc.properties
			want, err := sparkconf.ParseReleases(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, cfg.SparkReleases()); diff != "" {
				t.Errorf("SparkReleases() (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, cfg.PropertiesOptions().Releases); diff != "" {
				t.Errorf("PropertiesOptions().Releases (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseSecurity checks the per-origin security levels as the
// configuration file writes them, and that a bad namespace entry is
// refused when sparkhook starts rather than at the first template.
func TestParseSecurity(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr bool
	}{
		{name: "levels per origin", yaml: "security:\n  platform: privileged\n  teams: baseline\n  namespaces:\n  - {names: [ml-infra], level: privileged}\n"},
		{name: "a misspelt level", yaml: "security:\n  teams: basline\n", wantErr: true},
		{name: "a namespace entry without names", yaml: "security:\n  namespaces:\n  - {level: privileged}\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml))
			if (err != nil) != tt.wantErr {
				t.Errorf("Parse error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
