package sparkconf

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAcrossReleases checks how the releases that may read a file decide
// between an error and a warning: an error only when every one of them
// refuses the value, otherwise a warning naming those that would.
func TestAcrossReleases(t *testing.T) {
	const (
		batchDelay   = "spark.kubernetes.allocation.batch.delay"
		maxSize      = "spark.kubernetes.configMap.maxSize"
		overhead     = "spark.executor.memoryOverhead"
		useDriverIP  = "spark.kubernetes.executor.useDriverPodIP"
		delayRefusal = `invalid value "50ms": Allocation batch delay must be greater than 0.1s. (Spark 4.0.0+)`
		sizeRefusal  = `invalid value "1572864": Must have at most 1048576 bytes (Spark 4.0.0+)`
		gibRefusal   = `invalid byte size "1Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`
	)
	valid3 := batchDelay + "=50ms\n" + maxSize + "=1572864\n"
	tests := []struct {
		name     string
		input    string
		releases string
		want     []Problem
	}{{
		name: "3.x values under 3.5.1", input: valid3, releases: "3.5.1",
	}, {
		name: "3.x values under a vendor 3.4.2", input: valid3, releases: "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT",
	}, {
		name: "3.x values under 4.0.1", input: valid3, releases: "4.0.1",
		want: []Problem{
			{Line: 1, Key: batchDelay, Severity: Error, Message: delayRefusal},
			{Line: 2, Key: maxSize, Severity: Error, Message: sizeRefusal},
		},
	}, {
		name: "3.x values when any release may read them", input: valid3, releases: "3.0+",
		want: []Problem{
			{Line: 1, Key: batchDelay, Severity: Warning, Message: `Spark 4.0.0 and later would refuse "50ms": ` + delayRefusal +
				"; not denied, since other releases that may read this file accept it"},
			{Line: 2, Key: maxSize, Severity: Warning, Message: `Spark 4.0.0 and later would refuse "1572864": ` + sizeRefusal +
				"; not denied, since other releases that may read this file accept it"},
		},
	}, {
		name: "a Kubernetes quantity under 3.5.1", input: overhead + "=1Gi\n", releases: "3.5.1",
		want: []Problem{{Line: 1, Key: overhead, Severity: Error, Message: gibRefusal}},
	}, {
		name: "a Kubernetes quantity under 4.2.1", input: overhead + "=1Gi\n", releases: "4.2.1",
	}, {
		name: "a Kubernetes quantity when any release may read it", input: overhead + "=1Gi\n", releases: "3.0+",
		want: []Problem{{Line: 1, Key: overhead, Severity: Warning, Message: `Spark 3.0.0 to 4.1.x would refuse "1Gi": ` + gibRefusal +
			"; not denied, since other releases that may read this file accept it"}},
	}, {
		name: "refused by every release for different reasons", input: batchDelay + "=0\n", releases: "3.5..4.0",
		want: []Problem{{Line: 1, Key: batchDelay, Severity: Error, Message: `invalid value "0": Allocation batch delay must be a positive time value. (Spark < 4.0.0) (Spark 3.5.0 to 3.x); ` +
			`invalid value "0": Allocation batch delay must be greater than 0.1s. (Spark 4.0.0+) (Spark 4.0.0 to 4.0.x)`}},
	}, {
		name: "refused by every release for one reason", input: overhead + "=lots\n", releases: "3.0+",
		want: []Problem{{Line: 1, Key: overhead, Severity: Error,
			Message: `invalid byte size "lots": expected a whole number with an optional unit suffix; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`}},
	}, {
		name: "a key some releases lack is checked by those that have it", input: useDriverIP + "=maybe\n", releases: "4.1+",
		want: []Problem{{Line: 1, Key: useDriverIP, Severity: Error, Message: `invalid boolean "maybe": Spark accepts true or false`}},
	}, {
		name: "releases that lack a key ignore it, so a bad value is a warning", input: useDriverIP + "=maybe\n", releases: "3.5+",
		want: []Problem{{Line: 1, Key: useDriverIP, Severity: Warning, Message: `Spark 4.1.0 and later would refuse "maybe": invalid boolean "maybe": Spark accepts true or false` +
			"; not denied, since other releases that may read this file accept it"}},
	}, {
		name: "a key no release that may read the file has", input: useDriverIP + "=true\n", releases: "3.3..3.5",
		want: []Problem{{Line: 1, Key: useDriverIP, Severity: Warning, Message: "not a key before Spark 4.1.0, which added it: older releases ignore it"}},
	}, {
		name: "a key newer releases have is no warning when they may read the file", input: useDriverIP + "=true\n", releases: "3.5+",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, tt.input, tt.releases)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAcrossReleasesImage checks that the image a file names decides its
// release when the caller knows none.
func TestAcrossReleasesImage(t *testing.T) {
	v, err := NewValidator(Options{})
	if err != nil {
		t.Fatal(err)
	}
	input := "spark.kubernetes.container.image=apache/spark:3.5.1\nspark.kubernetes.allocation.batch.delay=50ms\n"
	rep := v.ValidateData([]byte(input), Target{})
	if len(rep.Problems) != 0 || rep.Target.Source != SourceImage {
		t.Errorf("3.5.1 image: problems %v, target %+v", rep.Problems, rep.Target)
	}
	input = "spark.kubernetes.container.image=apache/spark:4.0.1\nspark.kubernetes.allocation.batch.delay=50ms\n"
	rep = v.ValidateData([]byte(input), Target{})
	if len(rep.Problems) != 1 || rep.Problems[0].Severity != Error {
		t.Errorf("4.0.1 image: problems %v, want one error", rep.Problems)
	}
}

// TestValidateDataContext checks that a review the caller gave up on stops
// with the context's error rather than running to the end.
func TestValidateDataContext(t *testing.T) {
	v, err := NewValidator(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := []byte(strings.Repeat("spark.executor.memroy=4g\n", 2*checkEvery))
	if _, err := v.ValidateDataContext(ctx, data, Target{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
	rep, err := v.ValidateDataContext(context.Background(), data, Target{})
	if err != nil || len(rep.Problems) != 2*checkEvery {
		t.Errorf("not cancelled: %d problems, error %v", len(rep.Problems), err)
	}
}

// TestPluginOnlyKeys checks keys that only a plugin reads: without the
// plugin in spark.plugins Spark never parses them, so a bad value is a
// warning; with it, an error.
func TestPluginOnlyKeys(t *testing.T) {
	const key = "spark.kubernetes.executor.rollPolicy"
	refusal := `invalid value "newest": must be one of ID, ADD_TIME, TOTAL_GC_TIME, TOTAL_DURATION, AVERAGE_DURATION, FAILED_TASKS, PEAK_JVM_ONHEAP_MEMORY, PEAK_JVM_OFFHEAP_MEMORY, TOTAL_SHUFFLE_WRITE, DISK_USED, OUTLIER, OUTLIER_NO_FALLBACK`
	tests := []struct {
		name  string
		input string
		want  []Problem
	}{{
		name:  "no plugin",
		input: key + "=newest\n",
		want: []Problem{{Line: 1, Key: key, Severity: Warning, Message: refusal +
			"; only ExecutorRollPlugin reads it, and spark.plugins does not enable it, so Spark ignores the value"}},
	}, {
		name:  "another plugin",
		input: key + "=newest\nspark.plugins=com.example.MetricsPlugin\n",
		want: []Problem{{Line: 1, Key: key, Severity: Warning, Message: refusal +
			"; only ExecutorRollPlugin reads it, and spark.plugins does not enable it, so Spark ignores the value"}},
	}, {
		name:  "the plugin",
		input: key + "=newest\nspark.plugins=com.example.MetricsPlugin, org.apache.spark.scheduler.cluster.k8s.ExecutorRollPlugin\n",
		want:  []Problem{{Line: 1, Key: key, Severity: Error, Message: refusal}},
	}, {
		name:  "the plugin in the default list",
		input: key + "=newest\nspark.plugins.defaultList=org.apache.spark.scheduler.cluster.k8s.ExecutorRollPlugin\n",
		want:  []Problem{{Line: 1, Key: key, Severity: Error, Message: refusal}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, problemsOf(t, tt.input, "3.5.1")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
