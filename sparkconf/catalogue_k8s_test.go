package sparkconf

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestK8sKeyRules checks the Kubernetes rows of Config.scala on both sides
// of each release boundary: refused where Spark refuses, accepted where it
// accepts.
func TestK8sKeyRules(t *testing.T) {
	runValueCases(t, []valueCase{
		{name: "allocation maximum zero", spark: "Config.scala KUBERNETES_ALLOCATION_MAXIMUM (4.1.0)",
			key: "spark.kubernetes.allocation.maximum", value: "0", version: "4.1.0",
			want: `invalid value "0": Allocation maximum should be a positive integer`},
		{name: "allocation maximum positive", spark: "Config.scala KUBERNETES_ALLOCATION_MAXIMUM",
			key: "spark.kubernetes.allocation.maximum", value: "500"},
		{name: "allocation maximum Int.MaxValue", spark: "intConf",
			key: "spark.kubernetes.allocation.maximum", value: "2147483647"},
		{name: "allocation maximum past an int", spark: "intConf",
			key: "spark.kubernetes.allocation.maximum", value: "2147483648",
			want: `int "2147483648" is out of range`},
		{name: "lost check attempts zero in 3.0", spark: "Config.scala KUBERNETES_EXECUTOR_LOST_REASON_CHECK_MAX_ATTEMPTS",
			key: "spark.kubernetes.executor.lostCheck.maxAttempts", value: "0", version: "3.0.3",
			want: `invalid value "0": Maximum attempts of checks of executor lost reason must be a positive integer (Spark < 3.3.3)`},
		{name: "lost check attempts zero in 3.3.2", spark: "Config.scala KUBERNETES_EXECUTOR_LOST_REASON_CHECK_MAX_ATTEMPTS",
			key: "spark.kubernetes.executor.lostCheck.maxAttempts", value: "0", version: "3.3.2",
			want: `invalid value "0": Maximum attempts of checks of executor lost reason must be a positive integer (Spark < 3.3.3)`},
		{name: "lost check attempts zero in 3.3.3", spark: "SPARK-44158",
			key: "spark.kubernetes.executor.lostCheck.maxAttempts", value: "0", version: "3.3.3"},
		{name: "lost check attempts zero in 3.4.0", spark: "Config.scala KUBERNETES_EXECUTOR_LOST_REASON_CHECK_MAX_ATTEMPTS",
			key: "spark.kubernetes.executor.lostCheck.maxAttempts", value: "0", version: "3.4.0",
			want: `invalid value "0": Maximum attempts of checks of executor lost reason must be a positive integer (Spark 3.4.0 to 3.4.1)`},
		{name: "lost check attempts positive", spark: "Config.scala KUBERNETES_EXECUTOR_LOST_REASON_CHECK_MAX_ATTEMPTS",
			key: "spark.kubernetes.executor.lostCheck.maxAttempts", value: "5", version: "3.2.4"},
		{name: "pending pods per profile", spark: "SPARK-53324", key: "spark.kubernetes.allocation.maxPendingPodsPerRp",
			value: "20", version: "4.1.0"},
		{name: "pending pods per profile not a number", spark: "SPARK-53324 intConf",
			key: "spark.kubernetes.allocation.maxPendingPodsPerRp", value: "twenty", version: "4.1.0",
			want: `invalid int "twenty"`},
		{name: "resize threshold", spark: "SPARK-55432", key: "spark.kubernetes.executor.resizeThreshold", value: "0.9"},
		{name: "resize factor not a number", with: "spark.plugins=org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin\n", spark: "SPARK-55432 doubleConf",
			key: "spark.kubernetes.executor.resizeFactor", value: "10%", want: `invalid double "10%"`},
		{name: "resize interval", spark: "SPARK-55432", key: "spark.kubernetes.executor.resizeInterval", value: "1m"},
		{name: "resize interval zero", spark: "SPARK-55432", key: "spark.kubernetes.executor.resizeInterval", value: "0"},
		{name: "resize interval with a space", with: "spark.plugins=org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin\n", spark: "SPARK-55432 timeConf",
			key: "spark.kubernetes.executor.resizeInterval", value: "1 m",
			want: `invalid duration "1 m": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`},
		{name: "PVC resize interval", spark: "SPARK-56699", key: "spark.kubernetes.executor.pvc.resizeInterval", value: "10min"},
		{name: "PVC resize threshold", spark: "SPARK-56693", key: "spark.kubernetes.executor.pvc.resizeThreshold", value: "0.5"},
		{name: "PVC resize factor", spark: "SPARK-56693", key: "spark.kubernetes.executor.pvc.resizeFactor", value: "1.0"},
		{name: "PVC resize factor not a number", with: "spark.plugins=org.apache.spark.scheduler.cluster.k8s.ExecutorPVCResizePlugin\n", spark: "SPARK-56693 doubleConf",
			key: "spark.kubernetes.executor.pvc.resizeFactor", value: "double", want: `invalid double "double"`},
		{name: "pod deletion cost", spark: "SPARK-54173", key: "spark.kubernetes.executor.podDeletionCost", value: "-100"},
		{name: "pod deletion cost not a number", spark: "SPARK-54173", key: "spark.kubernetes.executor.podDeletionCost",
			value: "low", want: `invalid long "low"`},
		{name: "deleted executors cache timeout", spark: "SPARK-54184",
			key: "spark.kubernetes.executor.deletedExecutorsCacheTimeout", value: "3m"},
		{name: "termination grace period", spark: "SPARK-53096",
			key: "spark.kubernetes.executor.terminationGracePeriodSeconds", value: "30"},
		{name: "termination grace period as a duration", spark: "SPARK-53096, Spark 4.2 docs: --conf ...terminationGracePeriodSeconds=60s",
			key: "spark.kubernetes.executor.terminationGracePeriodSeconds", value: "60s", version: "4.2.1"},
		{name: "termination grace period not a duration", spark: "SPARK-53096",
			key: "spark.kubernetes.executor.terminationGracePeriodSeconds", value: "soon", version: "4.2.1",
			want: `invalid duration "soon": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`},
	})
}

// TestK8sKeyReleases checks that a key outside its releases is a warning,
// never an error, and that a key read by releases on both sides of a
// boundary is refused only where every one of them refuses it.
func TestK8sKeyReleases(t *testing.T) {
	runProblemCases(t, []problemCase{{
		name:    "allocation maximum before 4.1",
		input:   "spark.kubernetes.allocation.maximum=0\n",
		version: "4.0.1",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.allocation.maximum", Severity: Warning,
			Message: "not a key before Spark 4.1.0, which added it: older releases ignore it"}},
	}, {
		name:    "lost check attempts after its removal",
		input:   "spark.kubernetes.executor.lostCheck.maxAttempts=0\n",
		version: "3.5.1",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.executor.lostCheck.maxAttempts", Severity: Warning,
			Message: "removed in Spark 3.4.1: later releases ignore it"}},
	}, {
		name:    "lost check attempts read by 3.3 releases with and without it",
		input:   "spark.kubernetes.executor.lostCheck.maxAttempts=0\n",
		version: "3.3",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.executor.lostCheck.maxAttempts", Severity: Warning,
			Message: `Spark 3.3.0 to 3.3.2 would refuse "0": invalid value "0": Maximum attempts of checks of executor lost reason must be a positive integer (Spark < 3.3.3); not denied, since other releases that may read this file accept it`}},
	}, {
		name:    "resize keys before 4.2",
		input:   "spark.kubernetes.executor.resizeFactor=0.1\n",
		version: "4.1.1",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.executor.resizeFactor", Severity: Warning,
			Message: "not a key before Spark 4.2.0, which added it: older releases ignore it"}},
	}})
}

// problemCase is a whole spark.properties and every problem it has for the
// releases version names.
type problemCase struct {
	name    string
	input   string
	version string
	want    []Problem
}

// runProblemCases validates each case's input and compares all problems.
func runProblemCases(t *testing.T, tests []problemCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, tt.input, tt.version)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
