package sparkconf

// SQLConf's enumerations. Up to 4.0 they are stringConfs with
// checkValues, most behind .transform(_.toUpperCase(Locale.ROOT)) or
// toLowerCase; 4.1 turned the Scala and Java enumerations into enumConf,
// which trims and ignores case (ConfigHelpers.toEnum). Where 4.1 made an
// enumeration case-insensitive that was not before, the row folds case
// and an exactly check restores the older releases' rule. Values a later
// release added are allowed by the row and refused for the releases
// before it by a notBefore check (SQLConf.scala compared at 3.0.0, 3.1.1,
// the 3.2 to 4.0 branch points, and 4.1.1).

// The enumerations SQLConf defines or imports, as their values print.
var (
	legacyPolicies = []string{"EXCEPTION", "LEGACY", "CORRECTED"}
	logLevels      = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"} // 4.1: org.slf4j.event.Level
	storageLevels  = []string{"NONE", "DISK_ONLY", "DISK_ONLY_2", "DISK_ONLY_3", "MEMORY_ONLY", "MEMORY_ONLY_2",
		"MEMORY_ONLY_SER", "MEMORY_ONLY_SER_2", "MEMORY_AND_DISK", "MEMORY_AND_DISK_2", "MEMORY_AND_DISK_SER",
		"MEMORY_AND_DISK_SER_2", "OFF_HEAP"} // StorageLevelMapper.java
)

var sqlEnumKeys = []Key{
	{Name: "spark.sql.sources.partitionOverwriteMode", Type: TypeEnum, Fold: FoldUpper, Since: "2.3.0", Source: srcSQL,
		Values: []string{"STATIC", "DYNAMIC"}},
	{Name: "spark.sql.storeAssignmentPolicy", Type: TypeEnum, Fold: FoldUpper, Since: "3.0.0", Source: srcSQL,
		Values: []string{"ANSI", "LEGACY", "STRICT"}},
	{Name: "spark.sql.mapKeyDedupPolicy", Type: TypeEnum, Fold: FoldUpper, Since: "3.0.0", Source: srcSQL,
		Values: []string{"EXCEPTION", "LAST_WIN"}},
	{Name: "spark.sql.legacy.timeParserPolicy", Type: TypeEnum, Fold: FoldUpper, Since: "3.0.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.legacy.ctePrecedencePolicy", Type: TypeEnum, Fold: FoldUpper, Since: "3.0.0", Source: srcSQL, Values: legacyPolicies},
	// The rebase modes took these names in 3.2, out of spark.sql.legacy.*
	// (absent from 3.1.1, present at the 3.2 branch point); the .version
	// they carry is that of their 3.0/3.1 originals.
	{Name: "spark.sql.parquet.datetimeRebaseModeInWrite", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.parquet.datetimeRebaseModeInRead", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.parquet.int96RebaseModeInWrite", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.parquet.int96RebaseModeInRead", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.avro.datetimeRebaseModeInWrite", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.avro.datetimeRebaseModeInRead", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL, Values: legacyPolicies},
	{Name: "spark.sql.parquet.outputTimestampType", Type: TypeEnum, Fold: FoldUpper, Since: "2.3.0", Source: srcSQL,
		Values: []string{"INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"}},
	{Name: "spark.sql.hive.caseSensitiveInferenceMode", Type: TypeEnum, Fold: FoldUpper, Since: "2.1.1", Source: srcSQL,
		Values: []string{"INFER_AND_SAVE", "INFER_ONLY", "NEVER_INFER"}},
	// Before 4.1 the codegen mode had checkValues with no case transform.
	{Name: "spark.sql.codegen.factoryMode", Type: TypeEnum, Fold: FoldUpper, Since: "2.4.0", Source: srcSQL,
		Values: []string{"FALLBACK", "CODEGEN_ONLY", "NO_CODEGEN"},
		Checks: []Check{exactly(until("4.1.0"), "must be one of FALLBACK, CODEGEN_ONLY, NO_CODEGEN (case-sensitive)",
			"FALLBACK", "CODEGEN_ONLY", "NO_CODEGEN")}},
	// Present from the 3.2 branch point with these values, though its
	// .version says 3.4.0, when it became public.
	{Name: "spark.sql.timestampType", Type: TypeEnum, Fold: FoldUpper, Since: "3.2.0", Source: srcSQL,
		Values: []string{"TIMESTAMP_NTZ", "TIMESTAMP_LTZ"}},
	// ErrorMessageFormat (SparkThrowableHelper.scala); master documents a
	// DEBUG format 4.1.1 lacks, refused up to 4.1.1 only, like NONE above.
	{Name: "spark.sql.error.messageFormat", Type: TypeEnum, Fold: FoldUpper, Since: "3.4.0", Source: srcSQL,
		Values: []string{"PRETTY", "MINIMAL", "STANDARD", "DEBUG"},
		Checks: []Check{notBefore(until("4.1.2"), "must be one of PRETTY, MINIMAL, STANDARD", "DEBUG")}},
	// BinaryOutputStyle's UTF8 value prints as UTF-8.
	{Name: "spark.sql.binaryOutputStyle", Type: TypeEnum, Fold: FoldUpper, Since: "4.0.0", Source: srcSQL,
		Values: []string{"UTF-8", "BASIC", "BASE64", "HEX", "HEX_DISCRETE"}},
	{Name: "spark.sql.defaultCacheStorageLevel", Type: TypeEnum, Fold: FoldUpper, Since: "4.0.0", Source: srcSQL, Values: storageLevels},
	// NONE is in master's list (SQLConf.scala of MaxGekk/spark, 4.4
	// development) but not 4.1.1's; which release took it is not known
	// here, so only the releases known to lack it (up to 4.1.1) refuse it.
	{Name: "spark.sql.ui.explainMode", Type: TypeEnum, Fold: FoldUpper, Since: "3.1.0", Source: srcSQL,
		Values: []string{"NONE", "SIMPLE", "EXTENDED", "CODEGEN", "COST", "FORMATTED"},
		Checks: []Check{notBefore(until("4.1.2"), "must be one of SIMPLE, EXTENDED, CODEGEN, COST, FORMATTED", "NONE")}},
	{Name: "spark.sql.adaptive.logLevel", Type: TypeEnum, Fold: FoldUpper, Since: "3.0.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.planChangeLog.level", Type: TypeEnum, Fold: FoldUpper, Since: "3.1.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.expressionTreeChangeLog.level", Type: TypeEnum, Fold: FoldUpper, Since: "4.0.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.dataframeCache.logLevel", Type: TypeEnum, Fold: FoldUpper, Since: "4.0.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.nameResolutionLog.level", Type: TypeEnum, Fold: FoldUpper, Since: "4.1.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.codegen.logLevel", Type: TypeEnum, Fold: FoldUpper, Since: "4.1.0", Source: srcSQL, Values: logLevels},
	{Name: "spark.sql.streaming.multipleWatermarkPolicy", Type: TypeEnum, Fold: FoldLower, Since: "2.4.0", Source: srcSQL,
		Values: []string{"min", "max"}},
	{Name: "spark.sql.streaming.stateStore.encodingFormat", Type: TypeEnum, Fold: FoldLower, Since: "4.0.0", Source: srcSQL,
		Values: []string{"unsaferow", "avro"}},
	{Name: "spark.sql.pyspark.udf.profiler", Type: TypeEnum, Fold: FoldLower, Since: "4.0.0", Source: srcSQL,
		Values: []string{"perf", "memory"}},
	// No case transform on these: "Hive" or "ROW" is refused.
	{Name: "spark.sql.catalogImplementation", Type: TypeEnum, Since: "2.0.0", Source: srcStaticSQL,
		Values: []string{"hive", "in-memory"}},
	{Name: "spark.sql.orc.impl", Type: TypeEnum, Since: "2.3.0", Source: srcSQL, Values: []string{"hive", "native"}},
	{Name: "spark.sql.execution.pandas.structHandlingMode", Type: TypeEnum, Since: "3.5.0", Source: srcSQL,
		Values: []string{"legacy", "row", "dict"}},
}
