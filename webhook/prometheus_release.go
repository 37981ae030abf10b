package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// The releases where Spark's driver endpoint config.DefaultDriverMetricsPath
// changed.
var (
	// endpointAdded: Spark 3.0.0 added the endpoint (SPARK-29032,
	// core/.../status/api/v1/PrometheusResource.scala), attached to the
	// driver UI only when spark.ui.prometheus.enabled is true (UI.scala,
	// UI_PROMETHEUS_ENABLED, .version("3.0.0"), default false). Spark 2.x
	// has no such endpoint at all.
	endpointAdded = sparkconf.Version{Major: 3}
	// endpointOnByDefault: Spark 4.0.0 turned spark.ui.prometheus.enabled
	// on by default (SPARK-46886, UI.scala createWithDefault(true)).
	endpointOnByDefault = sparkconf.Version{Major: 4}
)

// servesEndpointByDefault reports whether every release of rs serves
// config.DefaultDriverMetricsPath without any configuration.
func servesEndpointByDefault(rs sparkconf.Releases) bool {
	return rs.AllFrom(endpointOnByDefault)
}

// DriverReleases resolves the Spark releases a driver Pod may run, the way
// spark.properties are resolved (sparkconf.Resolve): the Pod's own
// spark-version label (Spark 3.3+ sets it, Constants.scala
// SPARK_VERSION_LABEL), else the tag of its Spark container's image
// (sparkconf.ImageReleases), else the platform's configured releases,
// else every release. A label or tag that names no release is skipped.
func DriverReleases(pod *corev1.Pod, configured sparkconf.Releases) sparkconf.Target {
	if v := pod.Labels[templates.LabelSparkVersion]; v != "" {
		if rs, err := sparkconf.ParseReleases(v); err == nil && len(rs) > 0 {
			return sparkconf.Target{Releases: rs, Source: sparkconf.SourceDriverPod, Detail: templates.LabelSparkVersion + "=" + v}
		}
	}
	if i := templates.SparkContainerIndex(pod, v1alpha1.RoleDriver); i >= 0 {
		image := pod.Spec.Containers[i].Image
		if rs, ok := sparkconf.ImageReleases(image); ok {
			return sparkconf.Target{Releases: rs, Source: sparkconf.SourceImage, Detail: "container " + pod.Spec.Containers[i].Name + " image " + image}
		}
	}
	return sparkconf.Resolve(nil, sparkconf.Target{}, configured)
}

// clip is the part of rs from lo (inclusive) to hi (exclusive); a zero hi
// means no end. rs is sorted and disjoint, and so is the result.
func clip(rs sparkconf.Releases, lo, hi sparkconf.Version) sparkconf.Releases {
	var out sparkconf.Releases
	for _, r := range rs {
		if r.Since.Compare(lo) < 0 {
			r.Since = lo
		}
		if hi != (sparkconf.Version{}) && (r.Until == (sparkconf.Version{}) || r.Until.Compare(hi) > 0) {
			r.Until = hi
		}
		if r.Until == (sparkconf.Version{}) || r.Since.Compare(r.Until) < 0 {
			out = append(out, r)
		}
	}
	return out
}
