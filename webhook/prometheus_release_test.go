package webhook

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// releases parses a release set of a test table.
func releases(t *testing.T, s string) sparkconf.Releases {
	t.Helper()
	rs, err := sparkconf.ParseReleases(s)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// releasePod is a driver Pod with a spark-version label (none when
// empty) and a Spark container running image (no container when empty).
func releasePod(label, image string) *corev1.Pod {
	pod := &corev1.Pod{}
	pod.Labels = map[string]string{templates.LabelSparkRole: "driver"}
	if label != "" {
		pod.Labels[templates.LabelSparkVersion] = label
	}
	if image != "" {
		pod.Spec.Containers = []corev1.Container{
			{Name: "log-shipper", Image: "fluent/fluent-bit:3.0.4"},
			{Name: templates.ContainerSparkDriver, Image: image},
		}
	}
	return pod
}

// vendorLabel is a vendor build's spark-version label; only 3.4.2 counts.
const vendorLabel = "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT"

func TestDriverReleases(t *testing.T) {
	tests := []struct {
		name       string
		label      string
		image      string
		configured string
		want       sparkconf.Target
	}{{
		name:  "the label wins over the image",
		label: "4.0.1", image: "apache/spark:3.5.1",
		want: sparkconf.Target{Releases: releases(t, "4.0.1"), Source: sparkconf.SourceDriverPod, Detail: "spark-version=4.0.1"},
	}, {
		name:  "a 3.5.1 label",
		label: "3.5.1", image: "apache/spark:3.5.1", configured: "4.0+",
		want: sparkconf.Target{Releases: releases(t, "3.5.1"), Source: sparkconf.SourceDriverPod, Detail: "spark-version=3.5.1"},
	}, {
		name:  "a vendor suffix is ignored",
		label: vendorLabel,
		want:  sparkconf.Target{Releases: releases(t, "3.4.2"), Source: sparkconf.SourceDriverPod, Detail: "spark-version=" + vendorLabel},
	}, {
		name:  "no label: the Spark container's image tag, not the sidecar's",
		image: "apache/spark:4.0.0", configured: "3.5",
		want: sparkconf.Target{Releases: releases(t, "4.0.0"), Source: sparkconf.SourceImage, Detail: "container spark-kubernetes-driver image apache/spark:4.0.0"},
	}, {
		name:  "a label that names no release falls back on the image",
		label: "nightly", image: "spark:3.5.1-scala2.12-java17-python3-ubuntu",
		want: sparkconf.Target{Releases: releases(t, "3.5.1"), Source: sparkconf.SourceImage, Detail: "container spark-kubernetes-driver image spark:3.5.1-scala2.12-java17-python3-ubuntu"},
	}, {
		name:  "an image that names no release falls back on the configured releases",
		image: "registry.example.com/etl/job:2024-06", configured: "3.4..3.5",
		want: sparkconf.Target{Releases: releases(t, "3.4..3.5"), Source: sparkconf.SourceConfig},
	}, {
		name:       "nothing at all, releases configured",
		configured: "4.0+",
		want:       sparkconf.Target{Releases: releases(t, "4.0+"), Source: sparkconf.SourceConfig},
	}, {
		name: "nothing at all: every release",
		want: sparkconf.Target{Releases: sparkconf.AllReleases(), Source: sparkconf.SourceAll},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DriverReleases(releasePod(tc.label, tc.image), releases(t, tc.configured))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("DriverReleases() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAnnotatePrometheusReleases checks which drivers each mode annotates:
// Auto only those whose every possible release serves Spark's endpoint by
// default (4.0.0 on, SPARK-46886), unless the path is the platform's own.
func TestAnnotatePrometheusReleases(t *testing.T) {
	scraped := map[string]string{
		AnnotationPrometheusScrape: "true",
		AnnotationPrometheusPort:   "4040",
		AnnotationPrometheusPath:   config.DefaultDriverMetricsPath,
	}
	exporter := map[string]string{
		AnnotationPrometheusScrape: "true",
		AnnotationPrometheusPort:   "8090",
		AnnotationPrometheusPath:   "/jmx",
	}
	type pod struct{ label, image, configured string }
	pods := []struct {
		name string
		pod  pod
		// wantAuto is whether Auto annotates the driver on Spark's path.
		wantAuto bool
	}{
		{name: "label 4.0.1", pod: pod{label: "4.0.1", image: "apache/spark:3.5.1"}, wantAuto: true},
		{name: "label 3.5.1", pod: pod{label: "3.5.1", image: "apache/spark:4.0.0"}},
		{name: "vendor label 3.4.2", pod: pod{label: vendorLabel}},
		{name: "no label, image 4.0.0", pod: pod{image: "apache/spark:4.0.0"}, wantAuto: true},
		{name: "no label, image 2.4.8", pod: pod{image: "registry.example.com/spark/spark:v2.4.8"}},
		{name: "nothing named", pod: pod{}},
		{name: "nothing named, 4.0+ configured", pod: pod{configured: "4.0+"}, wantAuto: true},
		{name: "nothing named, 3.5 and 4.0 configured", pod: pod{configured: "3.5, 4.0"}},
	}
	modes := []struct {
		mode config.ScrapeMode
		path string
		want func(auto bool) map[string]string
	}{
		{mode: config.ScrapeAuto, path: config.DefaultDriverMetricsPath, want: func(auto bool) map[string]string {
			if auto {
				return scraped
			}
			return nil
		}},
		{mode: config.ScrapeAlways, path: config.DefaultDriverMetricsPath, want: func(bool) map[string]string { return scraped }},
		{mode: config.ScrapeNever, path: config.DefaultDriverMetricsPath, want: func(bool) map[string]string { return nil }},
		{mode: config.ScrapeAuto, path: "/jmx", want: func(bool) map[string]string { return exporter }},
	}
	for _, p := range pods {
		for _, m := range modes {
			t.Run(p.name+"/"+string(m.mode)+m.path, func(t *testing.T) {
				cfg := config.Default().Prometheus
				cfg.Driver.Enabled, cfg.Driver.Path = m.mode, m.path
				if m.path != config.DefaultDriverMetricsPath {
					cfg.Driver.Port = 8090
				}
				got := releasePod(p.pod.label, p.pod.image)
				AnnotatePrometheus(got, v1alpha1.RoleDriver, cfg, releases(t, p.pod.configured))
				if diff := cmp.Diff(m.want(p.wantAuto), got.Annotations); diff != "" {
					t.Errorf("annotations (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestClip(t *testing.T) {
	v := func(s string) sparkconf.Version {
		if s == "" {
			return sparkconf.Version{}
		}
		ver, err := sparkconf.ParseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return ver
	}
	tests := []struct {
		name, set, lo, hi string
		want              string
	}{
		{name: "all releases before 4.0.0", set: "3.0+", lo: "", hi: "4.0.0", want: "3.0..3"},
		{name: "all releases from 4.0.0", set: "3.0+", lo: "4.0.0", hi: "", want: "4.0+"},
		{name: "a list cut in the middle", set: "2.4, 3.5, 4.1", lo: "3.0.0", hi: "4.0.0", want: "3.5"},
		{name: "nothing left", set: "3.5.1", lo: "4.0.0", hi: "", want: ""},
		{name: "a range ending on the cut", set: "3.3..3.5", lo: "", hi: "3.6.0", want: "3.3..3.5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := clip(releases(t, tc.set), v(tc.lo), v(tc.hi))
			if diff := cmp.Diff(releases(t, tc.want), got); diff != "" {
				t.Errorf("clip(%s, %s, %s) (-want +got):\n%s", tc.set, tc.lo, tc.hi, diff)
			}
		})
	}
}
