package sparkconf

import "strings"

// legacyRebase are the 3.0/3.1 names of the datetime rebase modes: enums
// while they were the keys themselves (3.0 and 3.1), then alternatives
// of the spark.sql.parquet.* and spark.sql.avro.* keys (3.2 to 3.5),
// which setConfString does not check under the old name, and (all but
// parquet.datetimeRebaseModeInRead) removed configs from 4.0, which take
// nothing but CORRECTED.
func legacyRebase(key, since, current string) Key {
	return removedConf(key, since, "4.0.0", "CORRECTED", "Use '"+current+"' instead.", legacyRebaseEnum)
}

// legacyRebaseEnum is the rebase modes' checkValues of 3.0 and 3.1, after
// their upper-casing transform.
var legacyRebaseEnum = Check{Kind: Predicate, Versions: until("3.2.0"), Message: "must be one of EXCEPTION, LEGACY, CORRECTED",
	Pred: func(s string, _ float64, _ string) bool {
		switch strings.ToUpper(s) {
		case "EXCEPTION", "LEGACY", "CORRECTED":
			return true
		}
		return false
	}}

// sqlRemovedKeys are SQLConf.removedSQLConfigs (3.0.0 to 4.1.1): from
// the release in each row's rule, a value other than the removed key's
// old default fails session creation. The comment each message ends with
// is the newest release's wording.
var sqlRemovedKeys = []Key{
	removedConf("spark.sql.fromJsonForceNullableSchema", "3.0.0", "3.0.0", "true",
		"It was removed to prevent errors like SPARK-23173 for non-default value."),
	removedConf("spark.sql.legacy.allowCreatingManagedTableUsingNonemptyLocation", "3.0.0", "3.0.0", "false",
		"It was removed to prevent loss of user data for non-default value."),
	removedConf("spark.sql.legacy.compareDateTimestampInTimestamp", "3.0.0", "3.0.0", "true",
		"It was removed to prevent errors like SPARK-23549 for non-default value."),
	removedConf("spark.sql.parquet.int64AsTimestampMillis", "3.0.0", "3.0.0", "false",
		"The config was deprecated since Spark 2.3. Use 'spark.sql.parquet.outputTimestampType' instead of it."),
	removedConf("spark.sql.execution.pandas.respectSessionTimeZone", "3.0.0", "3.0.0", "true",
		"The non-default behavior is considered as a bug, see SPARK-22395. The config was deprecated since Spark 2.3."),
	// 3.0 had these under spark.sql.optimizer.*; 3.1 moved them to
	// spark.sql.planChangeLog.*. 3.0's level took the five log levels in
	// any case; its rules and batches were free strings.
	removedConf("spark.sql.optimizer.planChangeLog.level", "3.0.0", "3.1.0", "trace",
		"Please use `spark.sql.planChangeLog.level` instead.",
		Check{Kind: Predicate, Versions: until("3.1.0"),
			Message: "Invalid value for 'spark.sql.optimizer.planChangeLog.level'. Valid values are 'trace', 'debug', 'info', 'warn' and 'error'.",
			Pred: func(s string, _ float64, _ string) bool {
				switch strings.ToUpper(s) {
				case "TRACE", "DEBUG", "INFO", "WARN", "ERROR":
					return true
				}
				return false
			}}),
	removedConf("spark.sql.optimizer.planChangeLog.rules", "3.0.0", "3.1.0", "",
		"Please use `spark.sql.planChangeLog.rules` instead."),
	removedConf("spark.sql.optimizer.planChangeLog.batches", "3.0.0", "3.1.0", "",
		"Please use `spark.sql.planChangeLog.batches` instead."),
	removedConf("spark.sql.ansi.strictIndexOperator", "3.3.0", "3.4.0", "true",
		"This was an internal configuration. It is not needed anymore since Spark SQL always returns null when getting a map value with a non-existing key. See SPARK-40066 for more details.",
		scalaBoolean(until("3.4.0"))),
	removedConf("spark.sql.hive.verifyPartitionPath", "1.4.0", "4.0.0", "false",
		"This config was replaced by 'spark.sql.files.ignoreMissingFiles'.",
		scalaBoolean(until("4.0.0"))),
	removedConf("spark.sql.optimizer.runtimeFilter.semiJoinReduction.enabled", "3.3.0", "4.0.0", "false",
		"This optimizer config is useless as runtime filter cannot be an IN subquery now.",
		scalaBoolean(until("4.0.0"))),
	legacyRebase("spark.sql.legacy.parquet.int96RebaseModeInWrite", "3.1.0", "spark.sql.parquet.int96RebaseModeInWrite"),
	legacyRebase("spark.sql.legacy.parquet.int96RebaseModeInRead", "3.1.0", "spark.sql.parquet.int96RebaseModeInRead"),
	legacyRebase("spark.sql.legacy.parquet.datetimeRebaseModeInWrite", "3.0.0", "spark.sql.parquet.datetimeRebaseModeInWrite"),
	// The one old name 4.1 still reads as an alternative, not removed.
	{Name: "spark.sql.legacy.parquet.datetimeRebaseModeInRead", Type: TypeString, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{legacyRebaseEnum}},
	legacyRebase("spark.sql.legacy.avro.datetimeRebaseModeInWrite", "3.0.0", "spark.sql.avro.datetimeRebaseModeInWrite"),
	legacyRebase("spark.sql.legacy.avro.datetimeRebaseModeInRead", "3.0.0", "spark.sql.avro.datetimeRebaseModeInRead"),
}
