package sparkconf

import (
	"slices"
	"strings"
	"testing"
)

// sqlRemovedConfigsCases check SQLConf.removedSQLConfigs on both sides of
// each removal: the old default passes as written, anything else fails.
func sqlRemovedConfigsCases() []valueCase {
	const removed = "SQLConf.requireDefaultValueOfRemovedConf"
	return []valueCase{
		{name: "removed in 3.0, default", spark: removed, key: "spark.sql.fromJsonForceNullableSchema", value: "true"},
		{name: "removed in 3.0, other value", spark: removed, key: "spark.sql.fromJsonForceNullableSchema", value: "false",
			want: `invalid value "false": The SQL config 'spark.sql.fromJsonForceNullableSchema' was removed in the version 3.0.0. It was removed to prevent errors like SPARK-23173 for non-default value. (Spark 3.0.0+)`},
		{name: "removed default compared as written", spark: removed, key: "spark.sql.parquet.int64AsTimestampMillis", value: "FALSE",
			want: `invalid value "FALSE": The SQL config 'spark.sql.parquet.int64AsTimestampMillis' was removed in the version 3.0.0. The config was deprecated since Spark 2.3. Use 'spark.sql.parquet.outputTimestampType' instead of it. (Spark 3.0.0+)`},
		{name: "plan change log level in 3.0", spark: "SQLConf 3.0 OPTIMIZER_PLAN_CHANGE_LOG_LEVEL", key: "spark.sql.optimizer.planChangeLog.level",
			value: "debug", version: "3.0.3"},
		{name: "plan change log level unknown in 3.0", spark: "SQLConf 3.0 OPTIMIZER_PLAN_CHANGE_LOG_LEVEL", key: "spark.sql.optimizer.planChangeLog.level",
			value: "fine", version: "3.0.3",
			want: `invalid value "fine": Invalid value for 'spark.sql.optimizer.planChangeLog.level'. Valid values are 'trace', 'debug', 'info', 'warn' and 'error'. (Spark < 3.1.0)`},
		{name: "plan change log level removed in 3.1", spark: removed, key: "spark.sql.optimizer.planChangeLog.level", value: "debug", version: "3.1.1",
			want: "invalid value \"debug\": The SQL config 'spark.sql.optimizer.planChangeLog.level' was removed in the version 3.1.0. Please use `spark.sql.planChangeLog.level` instead. (Spark 3.1.0+)"},
		{name: "plan change log level default in 3.1", spark: removed, key: "spark.sql.optimizer.planChangeLog.level", value: "trace", version: "3.1.1"},
		{name: "plan change log rules free in 3.0", spark: "SQLConf 3.0 OPTIMIZER_PLAN_CHANGE_LOG_RULES", key: "spark.sql.optimizer.planChangeLog.rules",
			value: "org.apache.spark.sql.catalyst.optimizer.PushDownPredicates", version: "3.0.0"},
		{name: "plan change log rules empty in 4.0", spark: removed, key: "spark.sql.optimizer.planChangeLog.rules", value: "", version: "4.0.0"},
		{name: "strict index operator in 3.3", spark: "SQLConf 3.3 ANSI_STRICT_INDEX_OPERATOR", key: "spark.sql.ansi.strictIndexOperator", value: "False", version: "3.3.2"},
		{name: "strict index operator not boolean in 3.3", spark: "SQLConf 3.3 booleanConf", key: "spark.sql.ansi.strictIndexOperator", value: "no", version: "3.3.2",
			want: `invalid value "no": Spark accepts true or false (Spark < 3.4.0)`},
		{name: "strict index operator removed in 3.4", spark: removed, key: "spark.sql.ansi.strictIndexOperator", value: "false", version: "3.4.0",
			want: `invalid value "false": The SQL config 'spark.sql.ansi.strictIndexOperator' was removed in the version 3.4.0. This was an internal configuration. It is not needed anymore since Spark SQL always returns null when getting a map value with a non-existing key. See SPARK-40066 for more details. (Spark 3.4.0+)`},
		{name: "verify partition path in 3.5", spark: "SQLConf 3.5 HIVE_VERIFY_PARTITION_PATH", key: "spark.sql.hive.verifyPartitionPath", value: "true", version: "3.5.4"},
		{name: "verify partition path removed in 4.0", spark: removed, key: "spark.sql.hive.verifyPartitionPath", value: "true", version: "4.0.0",
			want: `invalid value "true": The SQL config 'spark.sql.hive.verifyPartitionPath' was removed in the version 4.0.0. This config was replaced by 'spark.sql.files.ignoreMissingFiles'. (Spark 4.0.0+)`},
		{name: "semi join reduction removed in 4.0", spark: removed, key: "spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled", value: "true", version: "4.1.0",
			want: `invalid value "true": The SQL config 'spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled' was removed in the version 4.0.0. This optimizer config is useless as runtime filter cannot be an IN subquery now. (Spark 4.0.0+)`},
		{name: "semi join reduction in 3.5", spark: "SQLConf 3.5 RUNTIME_FILTER_SEMI_JOIN_REDUCTION_ENABLED", key: "spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled", value: "true", version: "3.5.0"},
		{name: "legacy rebase mode in 3.1", spark: "SQLConf 3.1 LEGACY_PARQUET_INT96_REBASE_MODE_IN_WRITE", key: "spark.sql.legacy.parquet.int96RebaseModeInWrite", value: "legacy", version: "3.1.1"},
		{name: "legacy rebase mode unknown in 3.1", spark: "SQLConf 3.1 checkValues", key: "spark.sql.legacy.parquet.int96RebaseModeInWrite", value: "foo", version: "3.1.1",
			want: `invalid value "foo": must be one of EXCEPTION, LEGACY, CORRECTED (Spark < 3.2.0)`},
		{name: "legacy rebase mode an unchecked alternative in 3.2", spark: "SQLConf 3.2 withAlternative", key: "spark.sql.legacy.parquet.int96RebaseModeInWrite", value: "foo", version: "3.2.0"},
		{name: "legacy rebase mode removed in 4.0", spark: removed, key: "spark.sql.legacy.avro.datetimeRebaseModeInRead", value: "LEGACY", version: "4.0.0",
			want: `invalid value "LEGACY": The SQL config 'spark.sql.legacy.avro.datetimeRebaseModeInRead' was removed in the version 4.0.0. Use 'spark.sql.avro.datetimeRebaseModeInRead' instead. (Spark 4.0.0+)`},
		{name: "legacy rebase mode default in 4.0", spark: removed, key: "spark.sql.legacy.parquet.datetimeRebaseModeInWrite", value: "CORRECTED", version: "4.0.0"},
		{name: "legacy parquet read mode still an alternative", spark: "SQLConf 4.1 PARQUET_REBASE_MODE_IN_READ withAlternative", key: "spark.sql.legacy.parquet.datetimeRebaseModeInRead", value: "LEGACY"},
	}
}

// TestSQLRemovedConfigs runs sqlRemovedConfigsCases.
func TestSQLRemovedConfigs(t *testing.T) { runValueCases(t, sqlRemovedConfigsCases()) }

// sqlRangedChecksCases check the rules that changed between releases.
func sqlRangedChecksCases() []valueCase {
	const skew, advisory = "spark.sql.adaptive.skewJoin.skewedPartitionFactor", "spark.sql.adaptive.advisoryPartitionSizeInBytes"
	return []valueCase{
		{name: "skew factor fraction as an int", spark: "SQLConf 3.3 intConf", key: skew, value: "2.5", version: "3.3.4",
			want: `invalid value "2.5": spark.sql.adaptive.skewJoin.skewedPartitionFactor should be int (Spark < 3.4.0)`},
		{name: "skew factor fraction as a double", spark: "SQLConf 3.4 doubleConf", key: skew, value: "2.5", version: "3.4.0"},
		{name: "skew factor zero in 3.0", spark: "SQLConf 3.0 SKEW_JOIN_SKEWED_PARTITION_FACTOR", key: skew, value: "0", version: "3.0.1",
			want: `invalid value "0": The skew factor must be positive. (Spark < 3.1.0)`},
		{name: "skew factor zero from 3.1", spark: "SQLConf 3.1 SKEW_JOIN_SKEWED_PARTITION_FACTOR", key: skew, value: "0", version: "3.1.1"},
		{name: "skew factor negative", spark: "SQLConf SKEW_JOIN_SKEWED_PARTITION_FACTOR", key: skew, value: "-1",
			want: `invalid value "-1": The skew factor cannot be negative. (Spark 3.1.0+)`},
		{name: "advisory size zero before 3.3", spark: "SQLConf 3.2 SHUFFLE_TARGET_POSTSHUFFLE_INPUT_SIZE", key: advisory, value: "0", version: "3.2.1"},
		{name: "advisory size zero from 3.3", spark: "SQLConf 3.3 checkValue", key: advisory, value: "0", version: "3.3.0",
			want: `invalid value "0": advisoryPartitionSizeInBytes must be positive (Spark 3.3.0+)`},
		{name: "advisory size", spark: "SQLConf ADVISORY_PARTITION_SIZE_IN_BYTES", key: advisory, value: "128m"},
		{name: "min partition size zero from 3.3", spark: "SQLConf 3.3 COALESCE_PARTITIONS_MIN_PARTITION_SIZE", key: "spark.sql.adaptive.coalescePartitions.minPartitionSize",
			value: "0b", version: "3.5.0", want: `invalid value "0b": minPartitionSize must be positive (Spark 3.3.0+)`},
		{name: "join state version 3 before 4.1", spark: "SQLConf 4.0 STREAMING_JOIN_STATE_FORMAT_VERSION", key: "spark.sql.streaming.join.stateFormatVersion",
			value: "3", version: "4.0.1", want: `invalid value "3": Valid versions are 1 and 2 (Spark < 4.1.0)`},
		{name: "join state version 3 from 4.1", spark: "SPARK-51779", key: "spark.sql.streaming.join.stateFormatVersion", value: "3", version: "4.1.0"},
		{name: "join state version 4 in 4.1", spark: "SQLConf 4.1 STREAMING_JOIN_STATE_FORMAT_VERSION", key: "spark.sql.streaming.join.stateFormatVersion",
			value: "4", version: "4.1.1", want: `invalid value "4": Valid versions are 1, 2, and 3 (Spark 4.1.0 to 4.1.2)`},
		{name: "join state version 4 after 4.1.1", spark: "SQLConf master STREAMING_JOIN_STATE_FORMAT_VERSION", key: "spark.sql.streaming.join.stateFormatVersion", value: "4"},
		{name: "join state version 5", spark: "SQLConf master STREAMING_JOIN_STATE_FORMAT_VERSION", key: "spark.sql.streaming.join.stateFormatVersion",
			value: "5", want: `invalid value "5": Valid versions are 1, 2, 3, and 4 (Spark 4.1.2+)`},
		{name: "aggregation state version", spark: "SQLConf STREAMING_AGGREGATION_STATE_FORMAT_VERSION", key: "spark.sql.streaming.aggregation.stateFormatVersion",
			value: "3", want: `invalid value "3": Valid versions are 1 and 2`},
		{name: "session window state version", spark: "SQLConf STREAMING_SESSION_WINDOW_STATE_FORMAT_VERSION", key: "spark.sql.streaming.sessionWindow.stateFormatVersion",
			value: "2", want: `invalid value "2": Valid version is 1`},
		{name: "compression factor in 3.0", spark: "SQLConf 3.0 FILE_COMPRESSION_FACTOR", key: "spark.sql.sources.fileCompressionFactor", value: "0", version: "3.0.0",
			want: `invalid value "0": the value of fileDataSizeFactor must be greater than 0 (Spark < 3.1.0)`},
		{name: "compression factor from 3.1", spark: "SQLConf FILE_COMPRESSION_FACTOR", key: "spark.sql.sources.fileCompressionFactor", value: "-0.5",
			want: `invalid value "-0.5": the value of fileCompressionFactor must be greater than 0 (Spark 3.1.0+)`},
		{name: "open cost as bytes", spark: "SQLConf FILES_OPEN_COST_IN_BYTES", key: "spark.sql.files.openCostInBytes", value: "4m"},
		{name: "open cost as a number in 3.0", spark: "SQLConf 3.0 longConf", key: "spark.sql.files.openCostInBytes", value: "4194304", version: "3.0.0"},
		{name: "broadcast threshold off", spark: "SQLConf AUTO_BROADCASTJOIN_THRESHOLD", key: "spark.sql.autoBroadcastJoinThreshold", value: "-1", version: "3.0.0"},
		{name: "broadcast threshold", spark: "SQLConf AUTO_BROADCASTJOIN_THRESHOLD", key: "spark.sql.autoBroadcastJoinThreshold", value: "100MB"},
		{name: "adaptive not a boolean", spark: "ConfigHelpers.toBoolean", key: "spark.sql.adaptive.enabled", value: "on",
			want: `invalid boolean "on": Spark accepts true or false`},
		{name: "broadcast timeout", spark: "SQLConf BROADCAST_TIMEOUT timeConf(SECONDS)", key: "spark.sql.broadcastTimeout", value: "600"},
		{name: "max plan string length negative", spark: "SQLConf MAX_PLAN_STRING_LENGTH", key: "spark.sql.maxPlanStringLength", value: "-1",
			want: `invalid value "-1": Invalid value for 'spark.sql.maxPlanStringLength'.  Length must be a valid string length (nonnegative and shorter than the maximum size).`},
		{name: "max plan string length 2g", spark: "ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH", key: "spark.sql.maxPlanStringLength", value: "2g",
			want: `invalid value "2g": Invalid value for 'spark.sql.maxPlanStringLength'.  Length must be a valid string length (nonnegative and shorter than the maximum size).`},
		{name: "arrow batch of 3g", spark: "SQLConf ARROW_EXECUTION_MAX_BYTES_PER_BATCH", key: "spark.sql.execution.arrow.maxBytesPerBatch", value: "3g",
			want: `invalid value "3g": The value of spark.sql.execution.arrow.maxBytesPerBatch should be greater than zero and less than INT_MAX.`},
		{name: "in-set switch threshold", spark: "SQLConf OPTIMIZER_INSET_SWITCH_THRESHOLD", key: "spark.sql.optimizer.inSetSwitchThreshold", value: "601",
			want: `invalid value "601": The max set size for using switch statements in InSet must be non-negative and less than or equal to 600`},
	}
}

// TestSQLRangedChecks runs sqlRangedChecksCases.
func TestSQLRangedChecks(t *testing.T) { runValueCases(t, sqlRangedChecksCases()) }

// sqlRemovedDefaults are SQLConf.removedSQLConfigs: the release that
// removed each key, its old default and the comment Spark's message ends
// with.
var sqlRemovedDefaults = []struct{ key, removedIn, def, comment string }{
	{"spark.sql.fromJsonForceNullableSchema", "3.0.0", "true",
		`It was removed to prevent errors like SPARK-23173 for non-default value.`},
	{"spark.sql.legacy.allowCreatingManagedTableUsingNonemptyLocation", "3.0.0", "false",
		`It was removed to prevent loss of user data for non-default value.`},
	{"spark.sql.legacy.compareDateTimestampInTimestamp", "3.0.0", "true",
		`It was removed to prevent errors like SPARK-23549 for non-default value.`},
	{"spark.sql.parquet.int64AsTimestampMillis", "3.0.0", "false",
		`The config was deprecated since Spark 2.3. Use 'spark.sql.parquet.outputTimestampType' instead of it.`},
	{"spark.sql.execution.pandas.respectSessionTimeZone", "3.0.0", "true",
		`The non-default behavior is considered as a bug, see SPARK-22395. The config was deprecated since Spark 2.3.`},
	{"spark.sql.optimizer.planChangeLog.level", "3.1.0", "trace",
		`Please use ` + "`" + `spark.sql.planChangeLog.level` + "`" + ` instead.`},
	{"spark.sql.optimizer.planChangeLog.rules", "3.1.0", "",
		`Please use ` + "`" + `spark.sql.planChangeLog.rules` + "`" + ` instead.`},
	{"spark.sql.optimizer.planChangeLog.batches", "3.1.0", "",
		`Please use ` + "`" + `spark.sql.planChangeLog.batches` + "`" + ` instead.`},
	{"spark.sql.ansi.strictIndexOperator", "3.4.0", "true",
		`This was an internal configuration. It is not needed anymore since Spark SQL always returns null when getting a map value with a non-existing key. See SPARK-40066 for more details.`},
	{"spark.sql.hive.verifyPartitionPath", "4.0.0", "false",
		`This config was replaced by 'spark.sql.files.ignoreMissingFiles'.`},
	{"spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled", "4.0.0", "false",
		`This optimizer config is useless as runtime filter cannot be an IN subquery now.`},
	{"spark.sql.legacy.parquet.int96RebaseModeInWrite", "4.0.0", "CORRECTED",
		`Use 'spark.sql.parquet.int96RebaseModeInWrite' instead.`},
	{"spark.sql.legacy.parquet.int96RebaseModeInRead", "4.0.0", "CORRECTED",
		`Use 'spark.sql.parquet.int96RebaseModeInRead' instead.`},
	{"spark.sql.legacy.parquet.datetimeRebaseModeInWrite", "4.0.0", "CORRECTED",
		`Use 'spark.sql.parquet.datetimeRebaseModeInWrite' instead.`},
	{"spark.sql.legacy.avro.datetimeRebaseModeInWrite", "4.0.0", "CORRECTED",
		`Use 'spark.sql.avro.datetimeRebaseModeInWrite' instead.`},
	{"spark.sql.legacy.avro.datetimeRebaseModeInRead", "4.0.0", "CORRECTED",
		`Use 'spark.sql.avro.datetimeRebaseModeInRead' instead.`},
}

// sqlRemovalCases check each removed config at the release that removed
// it: its old default passes, a spelling that differs only in case fails
// with Spark's message naming that release.
func sqlRemovalCases() []valueCase {
	var cases []valueCase
	for _, r := range sqlRemovedDefaults {
		other := strings.ToUpper(r.def)
		if other == r.def {
			other = strings.ToLower(r.def)
		}
		if other == "" {
			other = "org.example.Rule"
		}
		cases = append(cases,
			valueCase{name: r.key + " default", spark: "SQLConf.removedSQLConfigs", key: r.key, value: r.def, version: r.removedIn},
			valueCase{name: r.key + " other", spark: "SQLConf.requireDefaultValueOfRemovedConf", key: r.key, value: other, version: r.removedIn,
				want: `invalid value "` + other + `": The SQL config '` + r.key + `' was removed in the version ` + r.removedIn + ". " +
					r.comment + " (Spark " + r.removedIn + "+)"})
	}
	return cases
}

// TestSQLRemovals runs sqlRemovalCases.
func TestSQLRemovals(t *testing.T) { runValueCases(t, sqlRemovalCases()) }

// sqlLegacyCases check the rules of the keys before their removal: the
// boolean ones, the 3.0/3.1 rebase modes, and the state format versions.
func sqlLegacyCases() []valueCase {
	var cases []valueCase
	for _, k := range []string{"spark.sql.hive.verifyPartitionPath", "spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled"} {
		cases = append(cases, valueCase{name: k + " not boolean", spark: "SQLConf 3.5 booleanConf", key: k, value: "1", version: "3.5.0",
			want: `invalid value "1": Spark accepts true or false (Spark < 4.0.0)`})
	}
	for _, k := range []string{"spark.sql.legacy.parquet.int96RebaseModeInRead", "spark.sql.legacy.parquet.datetimeRebaseModeInWrite",
		"spark.sql.legacy.parquet.datetimeRebaseModeInRead", "spark.sql.legacy.avro.datetimeRebaseModeInWrite", "spark.sql.legacy.avro.datetimeRebaseModeInRead"} {
		cases = append(cases,
			valueCase{name: k + " in 3.1", spark: "SQLConf 3.1 checkValues", key: k, value: "Exception", version: "3.1.1"},
			valueCase{name: k + " unknown in 3.1", spark: "SQLConf 3.1 checkValues", key: k, value: "NONE", version: "3.1.1",
				want: `invalid value "NONE": must be one of EXCEPTION, LEGACY, CORRECTED (Spark < 3.2.0)`})
	}
	return append(cases,
		valueCase{name: "flatMapGroupsWithState version", spark: "SQLConf FLATMAPGROUPSWITHSTATE_STATE_FORMAT_VERSION",
			key: "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion", value: "0", want: `invalid value "0": Valid versions are 1 and 2`},
		valueCase{name: "flatMapGroupsWithState version 1", spark: "SQLConf", key: "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion", value: "1"},
		valueCase{name: "aggregation version 2", spark: "SQLConf", key: "spark.sql.streaming.aggregation.stateFormatVersion", value: "2"},
		valueCase{name: "session window version 1", spark: "SQLConf", key: "spark.sql.streaming.sessionWindow.stateFormatVersion", value: "1"},
		valueCase{name: "rocksdb format negative", spark: "SQLConf STATE_STORE_ROCKSDB_FORMAT_VERSION", key: "spark.sql.streaming.stateStore.rocksdb.formatVersion",
			value: "-1", want: `invalid value "-1": Must not be negative`},
		valueCase{name: "rocksdb format 5", spark: "SQLConf", key: "spark.sql.streaming.stateStore.rocksdb.formatVersion", value: "5"},
		valueCase{name: "min partition size", spark: "SQLConf", key: "spark.sql.adaptive.coalescePartitions.minPartitionSize", value: "1MB"},
		valueCase{name: "compression factor", spark: "SQLConf", key: "spark.sql.sources.fileCompressionFactor", value: "1.5"},
		valueCase{name: "pandas state batch as an int in 4.0", spark: "SQLConf 4.0 intConf", key: "spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch",
			value: "10k", version: "4.0.0", want: `invalid value "10k": spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch should be int (Spark < 4.1.0)`},
		valueCase{name: "pandas state batch in 4.0", spark: "SQLConf 4.0 intConf", key: "spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch",
			value: "5000", version: "4.0.0"},
		valueCase{name: "pandas state batch an unchecked alternative in 4.1", spark: "SQLConf 4.1 withAlternative",
			key: "spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch", value: "10k", version: "4.1.0"},
	)
}

// TestSQLLegacy runs sqlLegacyCases.
func TestSQLLegacy(t *testing.T) { runValueCases(t, sqlLegacyCases()) }

// sqlDeprecatedCases are cases of keys SQLConf.deprecatedSQLConfigs
// names: Spark only logs a warning, so their values are still checked.
func sqlDeprecatedCases() []valueCase {
	const post = "spark.sql.adaptive.shuffle.targetPostShuffleInputSize"
	return []valueCase{
		{name: "post-shuffle size", spark: "SQLConf SHUFFLE_TARGET_POSTSHUFFLE_INPUT_SIZE", key: post, value: "64MB"},
		{name: "post-shuffle size zero from 3.3", spark: "SQLConf SHUFFLE_TARGET_POSTSHUFFLE_INPUT_SIZE", key: post, value: "0", version: "3.3.0",
			want: `invalid value "0": advisoryPartitionSizeInBytes must be positive (Spark 3.3.0+)`},
		{name: "arrow", spark: "SQLConf ARROW_EXECUTION_ENABLED", key: "spark.sql.execution.arrow.enabled", value: "true"},
	}
}

// TestSQLDeprecated runs sqlDeprecatedCases: each adds the deprecation
// warning to what the case wants.
func TestSQLDeprecated(t *testing.T) {
	for _, c := range sqlDeprecatedCases() {
		k, _ := Lookup(c.key)
		version := c.version
		if version == "" {
			version = NewestRelease
		}
		want := []Problem{{Line: 1, Key: c.key, Message: "deprecated: use " + k.Deprecated, Severity: Warning}}
		if c.want != "" {
			want = append([]Problem{{Line: 1, Key: c.key, Message: c.want, Severity: Error}}, want...)
		}
		if got := problemsOf(t, c.key+"="+c.value+"\n", version); !slices.Equal(got, want) {
			t.Errorf("%s=%s in %s: got %v, want %v", c.key, c.value, version, got, want)
		}
	}
}
