package sparkconf

import (
	"regexp"
	"strings"
)

// Source says what decided the releases a spark.properties is checked
// against, from the most to the least precise.
type Source string

// The sources of a Target, in the order Resolve tries them.
const (
	// SourceDriverPod is the spark-version label of the driver Pod that
	// owns the ConfigMap (Spark 3.3+ labels its Pods so); the caller finds
	// it and passes it to Resolve.
	SourceDriverPod Source = "driver-pod"
	// SourceFlag is a release set given on the command line.
	SourceFlag Source = "flag"
	// SourceImage is the tag of the Spark image the properties name
	// (spark.kubernetes.driver.container.image, else
	// spark.kubernetes.container.image).
	SourceImage Source = "image"
	// SourceConfig is the platform's configured releases
	// (properties.sparkVersions).
	SourceConfig Source = "config"
	// SourceAll is every release the catalogue knows: nothing named one.
	SourceAll Source = "all-releases"
)

// Target is the set of releases a file is checked against and what
// decided it.
type Target struct {
	Releases Releases
	Source   Source
	// Detail says where the releases were read, for logs and messages:
	// "pod spark-pi-driver", "spark.kubernetes.container.image".
	Detail string
}

// String describes the target for messages: "Spark 3.5.1 (from the driver
// Pod spark-pi-driver)".
func (t Target) String() string {
	from := map[Source]string{
		SourceDriverPod: "the driver Pod's spark-version label",
		SourceFlag:      "--spark-version",
		SourceImage:     "the Spark image tag",
		SourceConfig:    "the configured properties.sparkVersions",
		SourceAll:       "no release named anywhere: every release the catalogue knows",
	}[t.Source]
	if t.Detail != "" {
		from += ", " + t.Detail
	}
	return t.Releases.String() + " (" + from + ")"
}

// imageKeys are the confs naming the image the driver runs, the most
// specific first (Config.scala: DRIVER_CONTAINER_IMAGE falls back to
// CONTAINER_IMAGE); executors run the same release.
var imageKeys = []string{
	"spark.kubernetes.driver.container.image",
	"spark.kubernetes.container.image",
	"spark.kubernetes.executor.container.image",
}

// Resolve picks the releases that will read props: known when the caller
// found them (the driver Pod's label, a command-line flag), else the image
// the properties name, else configured, else every release.
func Resolve(props *Properties, known Target, configured Releases) Target {
	if len(known.Releases) > 0 {
		known.Releases = known.Releases.normalize()
		return known
	}
	if props != nil {
		for _, k := range imageKeys {
			if e, ok := props.Get(k); ok {
				if rs, ok := ImageReleases(e.Value); ok {
					return Target{Releases: rs, Source: SourceImage, Detail: k + "=" + e.Value}
				}
			}
		}
	}
	if len(configured) > 0 {
		return Target{Releases: configured, Source: SourceConfig}
	}
	return Target{Releases: AllReleases(), Source: SourceAll}
}

// imageTag matches a tag that starts with a Spark release: 3.5.1,
// v3.4.0, 3.5.1-scala2.12-java17-python3-ubuntu, 4.0.0-preview2.
var imageTag = regexp.MustCompile(`^v?([1-9])\.(\d{1,2})(?:\.(\d{1,2}))?(?:[-_].*)?$`)

// ImageReleases reads the Spark release from an image reference whose
// repository is a Spark image (its last path element contains "spark":
// apache/spark, spark-py, my-registry:5000/team/spark-etl) and whose tag
// starts with a release number. A tag of two numbers (3.5) names every
// patch release of it. A release before Spark ran on Kubernetes names
// none. Any other image — an application's own tag,
// latest, a digest alone — names no release.
func ImageReleases(image string) (Releases, bool) {
	ref, _, _ := strings.Cut(strings.TrimSpace(image), "@")
	slash := strings.LastIndexByte(ref, '/')
	colon := strings.LastIndexByte(ref, ':')
	if colon <= slash {
		return nil, false
	}
	repo, tag := ref[slash+1:colon], ref[colon+1:]
	if !strings.Contains(strings.ToLower(repo), "spark") {
		return nil, false
	}
	m := imageTag.FindStringSubmatch(tag)
	if m == nil {
		return nil, false
	}
	release := m[1] + "." + m[2]
	if m[3] != "" {
		release += "." + m[3]
	}
	rs, err := ParseReleases(release)
	if err != nil || !sparkReleaseLine(rs[0].Since) {
		return nil, false
	}
	return rs, true
}

// sparkReleaseLine reports whether v can be a Spark release on Kubernetes:
// 2.3 or 2.4 (the last 2.x line), 3.0 to 3.5 (the last 3.x line), or 4.0
// and later. Any other number in a tag is the application's own version.
func sparkReleaseLine(v Version) bool {
	if v.Compare(firstKubernetesRelease) < 0 {
		return false
	}
	switch v.Major {
	case 2:
		return v.Minor <= 4
	case 3:
		return v.Minor <= 5
	}
	return true
}

// firstKubernetesRelease is the first Spark release that runs on
// Kubernetes (SPARK-18278, Spark 2.3.0). An image tag naming an older
// release — spark-etl-job:v1.1.0, spark352-rapids:v1.1.0 — is the
// application's own version, not Spark's: taken for Spark 1.1.0 it would
// deny what the real release accepts (an nfs volume, a 4Gi size).
var firstKubernetesRelease = mustVersion("2.3.0")
