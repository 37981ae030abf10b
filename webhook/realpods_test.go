package webhook

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/templates"
)

// realPod is what the Pod webhook must make of one Spark Pod of
// test/testdata/pods before any template: Spark's own facts about it.
type realPod struct {
	// Role is the spark-role label's (Constants.scala SPARK_ROLE_LABEL).
	Role v1alpha1.SparkRole
	// Container is the Spark container's name: Spark's default
	// (spark-kubernetes-driver/-executor, 2.x executors "executor") or the
	// template's, which Spark keeps (KubernetesUtils.selectSparkContainer).
	Container string
	// Release and Source are a driver's Spark releases and where they were
	// read: the spark-version label from Spark 3.3 (SPARK-37339), else the
	// Spark container's image tag. Empty for executors.
	Release string
	Source  sparkconf.Source
	// Scraped is whether the default configuration adds Prometheus
	// annotations: drivers of Spark 4.0+ only, whose UI serves the endpoint
	// by default (SPARK-46886); never over annotations the Pod has.
	Scraped bool
}

// realPods lists every file of test/testdata/pods; a fixture missing here
// fails the test, so that each new Spark release or shape gets its row.
var realPods = map[string]realPod{
	"spark-2.4-driver.yaml":                            {Role: "driver", Container: "spark-kubernetes-driver", Release: "2.4.8", Source: sparkconf.SourceImage},
	"spark-2.4-executor.yaml":                          {Role: "executor", Container: "executor"},
	"spark-3.0-driver.yaml":                            {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.0.3", Source: sparkconf.SourceImage},
	"spark-3.0-executor.yaml":                          {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.2-driver-secrets-tmpfs.yaml":              {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.2.1", Source: sparkconf.SourceImage},
	"spark-3.2-executor-resourceprofile.yaml":          {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.2-executor-secrets-tmpfs.yaml":            {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.3-driver-kerberos.yaml":                   {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.3.4", Source: sparkconf.SourceDriverPod},
	"spark-3.3-executor-decommission.yaml":             {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.4-driver-gpu.yaml":                        {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.4.4", Source: sparkconf.SourceDriverPod},
	"spark-3.4-executor-gpu.yaml":                      {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.4-executor-pvc-ondemand.yaml":             {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.5-driver-admitted.yaml":                   {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.5.1", Source: sparkconf.SourceDriverPod},
	"spark-3.5-driver-template-renamed.yaml":           {Role: "driver", Container: "test-driver-container", Release: "3.5.1", Source: sparkconf.SourceDriverPod},
	"spark-3.5-driver-template-sidecar.yaml":           {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.5.1", Source: sparkconf.SourceDriverPod},
	"spark-3.5-driver.yaml":                            {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.5.1", Source: sparkconf.SourceDriverPod},
	"spark-3.5-executor-resourceprofile.yaml":          {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-3.5-executor-template-renamed-sidecar.yaml": {Role: "executor", Container: "spark-executor"},
	"spark-3.5-executor-template-renamed.yaml":         {Role: "executor", Container: "test-executor-container"},
	"spark-3.5-executor.yaml":                          {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-4.0-driver.yaml":                            {Role: "driver", Container: "spark-kubernetes-driver", Release: "4.0.1", Source: sparkconf.SourceDriverPod, Scraped: true},
	"spark-4.0-executor.yaml":                          {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-operator-v2-driver.yaml":                    {Role: "driver", Container: "spark-kubernetes-driver", Release: "3.5.3", Source: sparkconf.SourceDriverPod},
	"spark-operator-v2-executor.yaml":                  {Role: "executor", Container: "spark-kubernetes-executor"},
	"spark-operator-v2.5-driver.yaml":                  {Role: "driver", Container: "spark-kubernetes-driver", Release: "4.0.4", Source: sparkconf.SourceDriverPod, Scraped: true},
	"spark-operator-v2.5-executor-decommission.yaml":   {Role: "executor", Container: "spark-kubernetes-executor"},
}

// TestRealSparkPods checks, on every real Spark Pod of test/testdata/pods
// (Spark 2.4 to 4.0, spark-submit and the Spark Operator), the facts the
// Pod webhook reads before it merges anything: the role, the Spark
// container, a driver's releases and the Prometheus annotations.
func TestRealSparkPods(t *testing.T) {
	seen := map[string]bool{}
	for _, fx := range readFixtures(t, "../test/testdata/pods/*.yaml") {
		name := fx.name[len("pods/"):]
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			want, ok := realPods[name]
			if !ok {
				t.Fatalf("no row in realPods: add what Spark says of this Pod")
			}
			pod := &corev1.Pod{}
			if err := json.Unmarshal(fx.json, pod); err != nil {
				t.Fatal(err)
			}
			if want.Release != "" {
				want.Release = releases(t, want.Release).String()
			}
			if diff := cmp.Diff(want, realPodOf(t, pod)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, name := range slices.Sorted(maps.Keys(realPods)) {
		if !seen[name] {
			t.Errorf("realPods[%q]: no such fixture in test/testdata/pods: remove the row", name)
		}
	}
}

// realPodOf is what the webhook's helpers make of pod. The Prometheus
// decision runs on a copy with the default configuration and no configured
// releases, as `sparkhook serve` without --config.
func realPodOf(t *testing.T, pod *corev1.Pod) realPod {
	t.Helper()
	var got realPod
	role, ok := templates.RoleFromLabels(pod.Labels)
	if !ok {
		t.Fatalf("not a Spark Pod by its labels: %v", pod.Labels)
	}
	got.Role = role
	if i := templates.SparkContainerIndex(pod, role); i >= 0 {
		got.Container = pod.Spec.Containers[i].Name
	}
	if role == v1alpha1.RoleDriver {
		target := DriverReleases(pod, nil)
		got.Release, got.Source = target.Releases.String(), target.Source
	}
	annotated := pod.DeepCopy()
	AnnotatePrometheus(annotated, role, config.Default().Prometheus, nil)
	got.Scraped = len(annotated.Annotations) > len(pod.Annotations)
	return got
}
