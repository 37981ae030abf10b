package sparkconf

// sqlCheckedKeys2 are the SQL numbers whose checks or type changed between
// releases, each rule with the releases that hold it (SQLConf.scala at
// 3.0.0, 3.1.1, the 3.2 to 4.0 branch points and 4.1.1).
var sqlCheckedKeys2 = []Key{
	// The positive-size check of the advisory partition size came with
	// 3.3; it guards the internal key and the public one that falls back
	// to it (fallbackConf shares the converter).
	{Name: "spark.sql.adaptive.shuffle.targetPostShuffleInputSize", Type: TypeBytes, Unit: Byte, Since: "1.6.0", Source: srcSQL,
		Deprecated: "spark.sql.adaptive.advisoryPartitionSizeInBytes", // SQLConf.deprecatedSQLConfigs, 3.0 on
		Checks:     []Check{gt(0, "advisoryPartitionSizeInBytes must be positive").in(since("3.3.0"))}},
	{Name: "spark.sql.adaptive.advisoryPartitionSizeInBytes", Type: TypeBytes, Unit: Byte, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{gt(0, "advisoryPartitionSizeInBytes must be positive").in(since("3.3.0"))}},
	{Name: "spark.sql.adaptive.coalescePartitions.minPartitionSize", Type: TypeBytes, Unit: Byte, Since: "3.2.0", Source: srcSQL,
		Checks: []Check{gt(0, "minPartitionSize must be positive").in(since("3.3.0"))}},
	// An intConf up to 3.3 and a doubleConf from 3.4; 3.0 wanted it
	// positive, 3.1 on only not negative.
	{Name: "spark.sql.adaptive.skewJoin.skewedPartitionFactor", Type: TypeDouble, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			wholeInt("spark.sql.adaptive.skewJoin.skewedPartitionFactor", until("3.4.0")),
			gt(0, "The skew factor must be positive.").in(until("3.1.0")),
			ge(0, "The skew factor cannot be negative.").in(since("3.1.0")),
		}},
	// A longConf up to 3.2 and a bytesConf from 3.3. Up to 3.2 the row is
	// a plain string: Long.parseLong takes "+5", which a byte size
	// refuses, and a byte size takes "4m", which Long.parseLong refuses;
	// checking neither there never refuses what Spark reads.
	{Name: "spark.sql.files.openCostInBytes", Type: TypeString, Since: "2.0.0", Until: "3.3.0", Source: srcSQL},
	{Name: "spark.sql.files.openCostInBytes", Type: TypeBytes, Unit: Byte, Since: "3.3.0", Source: srcSQL},
	// 3.0 named the factor fileDataSizeFactor in its message.
	{Name: "spark.sql.sources.fileCompressionFactor", Type: TypeDouble, Since: "2.3.1", Source: srcSQL,
		Checks: []Check{
			gt(0, "the value of fileDataSizeFactor must be greater than 0").in(until("3.1.0")),
			gt(0, "the value of fileCompressionFactor must be greater than 0").in(since("3.1.0")),
		}},
	// The state format versions of streaming operators; stream-stream
	// joins gained version 3 in 4.1 (SPARK-51779) and version 4 after
	// 4.1.1 (master's SQLConf.scala): refused up to 4.1.1 only.
	{Name: "spark.sql.streaming.aggregation.stateFormatVersion", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{{Kind: OneOf, Text: "1,2", Message: "Valid versions are 1 and 2"}}},
	{Name: "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{{Kind: OneOf, Text: "1,2", Message: "Valid versions are 1 and 2"}}},
	{Name: "spark.sql.streaming.join.stateFormatVersion", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			{Kind: OneOf, Text: "1,2", Message: "Valid versions are 1 and 2", Versions: until("4.1.0")},
			{Kind: OneOf, Text: "1,2,3", Message: "Valid versions are 1, 2, and 3", Versions: between("4.1.0", "4.1.2")},
			{Kind: OneOf, Text: "1,2,3,4", Message: "Valid versions are 1, 2, 3, and 4", Versions: since("4.1.2")},
		}},
	// Session windows and the RocksDB format version came with 3.2.0, as
	// their .version says (the format version merged just before 3.2.0's
	// first release candidate, SPARK-36519), though the 3.2 branch point
	// lacked them.
	{Name: "spark.sql.streaming.sessionWindow.stateFormatVersion", Type: TypeInt, Since: "3.2.0", Source: srcSQL,
		Checks: []Check{{Kind: OneOf, Text: "1", Message: "Valid version is 1"}}},
	{Name: "spark.sql.streaming.stateStore.rocksdb.formatVersion", Type: TypeInt, Since: "3.2.0", Source: srcSQL,
		Checks: []Check{ge(0, "Must not be negative")}},
	// An intConf in 4.0, then an alternative name of
	// spark.sql.execution.arrow.transformWithStateInPySpark.maxStateRecordsPerBatch,
	// which setConfString does not check under the old name.
	{Name: "spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch", Type: TypeString, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{wholeInt("spark.sql.execution.arrow.transformWithStateInPandas.maxRecordsPerBatch", until("4.1.0"))}},
	// fallbackConf rows, typed as the entry they fall back to.
	{Name: "spark.sql.columnVector.offheap.enabled", Type: TypeBool, Since: "2.3.0", Source: srcSQL},
	{Name: "spark.sql.thriftServer.interruptOnCancel", Type: TypeBool, Since: "3.2.0", Source: srcSQL},
	{Name: "spark.sql.execution.arrow.pyspark.enabled", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.execution.arrow.pyspark.fallback.enabled", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.parquet.filterPushdown.stringPredicate", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	// The Python UDF workers' idle settings fall back to Python.scala's
	// spark.python.worker.idleTimeoutSeconds (timeConf(SECONDS), 4.0.0) and
	// spark.python.worker.killOnIdleTimeout (booleanConf, 4.1.0); Spark 4.0's
	// configuration page lists the first at 4.0.0.
	{Name: "spark.sql.execution.pyspark.udf.idleTimeoutSeconds", Type: TypeTime, Unit: Seconds, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.execution.pyspark.udf.killOnIdleTimeout", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
}
