package sparkconf

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sinceCase is a key set for a release that, by its SQLConf.scala or its
// configuration page, already had it although the release's branch point
// did not (the key was merged for that release after the branch was cut),
// or a key whose release or type the catalogue once had wrong.
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
}, {
	name:    "storage-partitioned joins and nested Parquet vectorization on a 3.3 driver",
	spark:   "SQLConf V2_BUCKETING_ENABLED, PARQUET_VECTORIZED_READER_NESTED_COLUMN_ENABLED .version(\"3.3.0\")",
	input:   "spark.sql.sources.v2.bucketing.enabled=true\nspark.sql.parquet.enableNestedColumnVectorizedReader=true\n",
	version: "3.3.1",
}, {
	name: "3.4 keys listed at 3.4.0 on Spark 4.0's configuration page",
	spark: "SQLConf .version(\"3.4.0\"): HIVE_DROP_PARTITION_BY_NAME_ENABLED, PARQUET_INFER_TIMESTAMP_NTZ_ENABLED, " +
		"V2_BUCKETING_PARTIALLY_CLUSTERED_DISTRIBUTION_ENABLED",
	input: "spark.sql.hive.dropPartitionByName.enabled=true\n" +
		"spark.sql.parquet.inferTimestampNTZ.enabled=false\n" +
		"spark.sql.sources.v2.bucketing.partiallyClusteredDistribution.enabled=true\n",
	version: "3.4.0",
}, {
	name:    "base64 chunking was backported to 3.5.2",
	spark:   "SQLConf CHUNK_BASE64_STRING_ENABLED .version(\"3.5.2\")",
	input:   "spark.sql.chunkBase64String.enabled=false\n",
	version: "3.5.2",
}, {
	name:    "3.5.1 has no base64 chunking",
	spark:   "SQLConf CHUNK_BASE64_STRING_ENABLED .version(\"3.5.2\")",
	input:   "spark.sql.chunkBase64String.enabled=false\n",
	version: "3.5.1",
	want: []Problem{{Line: 1, Key: "spark.sql.chunkBase64String.enabled",
		Message: "not a key before Spark 3.5.2, which added it: older releases ignore it", Severity: Warning}},
}, {
	name:    "Python UDF traceback and idle timeout on a 4.0 driver",
	spark:   "Spark 4.0 configuration page: spark.sql.execution.pyspark.udf.hideTraceback.enabled and idleTimeoutSeconds at 4.0.0",
	input:   "spark.sql.execution.pyspark.udf.hideTraceback.enabled=true\nspark.sql.execution.pyspark.udf.idleTimeoutSeconds=60\n",
	version: "4.0.0",
}, {
	name:    "the UDF idle timeout is read as its fallback's timeConf(SECONDS)",
	spark:   "PYTHON_UDF_WORKER_IDLE_TIMEOUT_SECONDS.fallbackConf(Python.PYTHON_WORKER_IDLE_TIMEOUT_SECONDS) (4.0)",
	input:   "spark.sql.execution.pyspark.udf.idleTimeoutSeconds=1 min\n",
	version: "4.0.0",
	want: []Problem{{Line: 1, Key: "spark.sql.execution.pyspark.udf.idleTimeoutSeconds", Severity: Error,
		Message: `invalid duration "1 min": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`}},
}, {
	name: "a number for the UDF kill switch fails a 4.1 session",
	spark: "PYTHON_UDF_WORKER_KILL_ON_IDLE_TIMEOUT .version(\"4.1.0\").fallbackConf(Python.PYTHON_WORKER_KILL_ON_IDLE_TIMEOUT): " +
		"setConfString runs the booleanConf converter",
	input:   "spark.sql.execution.pyspark.udf.killOnIdleTimeout=60\n",
	version: "4.1.1",
	want: []Problem{{Line: 1, Key: "spark.sql.execution.pyspark.udf.killOnIdleTimeout",
		Message: `invalid boolean "60": Spark accepts true or false`, Severity: Error}},
}, {
	name:    "4.0 reads neither kill switch",
	spark:   "Python.scala PYTHON_WORKER_KILL_ON_IDLE_TIMEOUT .version(\"4.1.0\")",
	input:   "spark.python.worker.killOnIdleTimeout=true\n",
	version: "4.0.1",
	want: []Problem{{Line: 1, Key: "spark.python.worker.killOnIdleTimeout",
		Message: "not a key before Spark 4.1.0, which added it: older releases ignore it", Severity: Warning}},
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
