package sparkconf

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sinceCase is a SQL key set for a release that, by its SQLConf.scala,
// already had it, although the release's branch point did not: the key
// was merged for that release after the branch was cut.
type sinceCase struct {
	name string
	// spark cites the Spark source and release that decide the case.
	spark   string
	input   string
	version string
	want    []Problem
}

var sinceCases = []sinceCase{{
	name: "runtime bloom filter on a 3.3 driver, the tuning tip of that release",
	spark: "SQLConf.scala 3.3: RUNTIME_BLOOM_FILTER_ENABLED .version(\"3.3.0\"), " +
		"RUNTIME_FILTER_SEMI_JOIN_REDUCTION_ENABLED, RUNTIME_FILTER_NUMBER_THRESHOLD (SPARK-32268)",
	input: "spark.sql.optimizer.runtime.bloomFilter.enabled=true\n" +
		"spark.sql.optimizer.runtime.bloomFilter.creationSideThreshold=100MB\n" +
		"spark.sql.optimizer.runtime.bloomFilter.expectedNumItems=2000000\n" +
		"spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled=true\n" +
		"spark.sql.optimizer.runtimeFilter.number.threshold=20\n",
	version: "3.3.0",
}, {
	name:    "3.3 spells the scan-size threshold with a lower-case t",
	spark:   "SQLConf.scala 3.3: buildConf(\"spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizethreshold\")",
	input:   "spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizethreshold=1GB\n",
	version: "3.3.4",
}, {
	name:    "3.4 reads only the corrected spelling",
	spark:   "SQLConf.scala 3.4 on: applicationSideScanSizeThreshold",
	input:   "spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizethreshold=1GB\n",
	version: "3.4.0",
	want: []Problem{{Line: 1, Key: "spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizethreshold",
		Message: "removed in Spark 3.4.0: later releases ignore it", Severity: Warning}},
}, {
	name:    "3.3 parses the bloom filter keys at session start",
	spark:   "SQLConf.setConfString -> booleanConf / checkValue(threshold >= 0) (3.3)",
	input:   "spark.sql.optimizer.runtime.bloomFilter.enabled=yes\nspark.sql.optimizer.runtimeFilter.number.threshold=-1\n",
	version: "3.3.0",
	want: []Problem{
		{Line: 1, Key: "spark.sql.optimizer.runtime.bloomFilter.enabled", Message: `invalid boolean "yes": Spark accepts true or false`, Severity: Error},
		{Line: 2, Key: "spark.sql.optimizer.runtimeFilter.number.threshold", Message: `invalid value "-1": The threshold should be >= 0`, Severity: Error},
	},
}, {
	name:    "3.2 still has no runtime bloom filter",
	spark:   "SQLConf.scala: .version(\"3.3.0\")",
	input:   "spark.sql.optimizer.runtime.bloomFilter.enabled=true\n",
	version: "3.2.4",
	want: []Problem{{Line: 1, Key: "spark.sql.optimizer.runtime.bloomFilter.enabled",
		Message: "not a key before Spark 3.3.0, which added it: older releases ignore it", Severity: Warning}},
}, {
	name: "session windows, RocksDB format and custom AQE cost evaluator on a 3.2 driver",
	spark: "SQLConf.scala: STREAMING_SESSION_WINDOW_STATE_FORMAT_VERSION, ..._MERGE_SESSIONS_IN_LOCAL_PARTITION, " +
		"STATE_STORE_ROCKSDB_FORMAT_VERSION (SPARK-36519), ADAPTIVE_CUSTOM_COST_EVALUATOR_CLASS (SPARK-35794), all .version(\"3.2.0\")",
	input: "spark.sql.streaming.sessionWindow.stateFormatVersion=1\n" +
		"spark.sql.streaming.sessionWindow.merge.sessions.in.local.partition=true\n" +
		"spark.sql.streaming.stateStore.rocksdb.formatVersion=5\n" +
		"spark.sql.adaptive.customCostEvaluatorClass=com.example.SizeAwareCostEvaluator\n",
	version: "3.2.0",
}, {
	name:    "3.2 checks the session window state version",
	spark:   "SQLConf.scala 3.2: checkValue(v => Set(1).contains(v), \"Valid version is 1\")",
	input:   "spark.sql.streaming.sessionWindow.stateFormatVersion=2\n",
	version: "3.2.0",
	want: []Problem{{Line: 1, Key: "spark.sql.streaming.sessionWindow.stateFormatVersion",
		Message: `invalid value "2": Valid version is 1`, Severity: Error}},
}}

// TestKeysMergedAfterBranchPoint checks sinceCases: keys a release carries
// are neither reported as unknown to it nor left unchecked in it.
func TestKeysMergedAfterBranchPoint(t *testing.T) {
	for _, tc := range sinceCases {
		t.Run(tc.name, func(t *testing.T) {
			got := problemsOf(t, tc.input, tc.version)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Spark: %s (-want +got):\n%s", tc.spark, diff)
			}
		})
	}
}
