package sparkconf

import "math"

// sqlMaxStringLength is ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH,
// Integer.MAX_VALUE - 15, the bound of spark.sql.maxPlanStringLength.
const sqlMaxStringLength = math.MaxInt32 - 15

// sqlCheckedKeys are the SQLConf and StaticSQLConf numbers with a
// checkValue that has not changed since the key came (or since 3.0.0):
// each message is the one Spark puts after "'<value>' in <key> is
// invalid." (3.x) or in INVALID_CONF_VALUE.REQUIREMENT (4.x). Since is the
// key's .version, or the first release found to have the key when that
// is later (a key renamed, or added after a branch point).
var sqlCheckedKeys = []Key{
	{Name: "spark.sql.session.localRelationBatchOfChunksSizeBytes", Type: TypeLong, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The batch size in bytes must be positive"),
		}},
	{Name: "spark.sql.session.localRelationChunkSizeBytes", Type: TypeLong, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The chunk size in bytes must be positive"),
		}},
	{Name: "spark.sql.adaptive.coalescePartitions.initialPartitionNum", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The initial number of partitions must be positive."),
		}},
	{Name: "spark.sql.adaptive.coalescePartitions.minPartitionNum", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The minimum number of partitions must be positive."),
		}},
	{Name: "spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin", Type: TypeDouble, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The non-empty partition ratio must be positive number."),
		}},
	{Name: "spark.sql.adaptive.rebalancePartitionsSmallPartitionFactor", Type: TypeDouble, Since: "3.3.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "the factor must be in (0, 1)"),
			lt(1, "the factor must be in (0, 1)"),
		}},
	{Name: "spark.sql.addPartitionInBatch.size", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.addPartitionInBatch.size must be positive"),
		}},
	{Name: "spark.sql.broadcastExchange.maxThreadThreshold", Type: TypeInt, Since: "3.0.0", Source: srcStaticSQL,
		Checks: []Check{
			gt(0, "The threshold must be in (0,128]."),
			le(128, "The threshold must be in (0,128]."),
		}},
	{Name: "spark.sql.bucketing.coalesceBucketsInJoin.maxBucketRatio", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The difference must be positive."),
		}},
	{Name: "spark.sql.cbo.joinReorder.card.weight", Type: TypeDouble, Since: "2.2.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The weight value must be in [0, 1]."),
			le(1, "The weight value must be in [0, 1]."),
		}},
	{Name: "spark.sql.cbo.joinReorder.dp.threshold", Type: TypeInt, Since: "2.2.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The maximum number must be a positive integer."),
		}},
	{Name: "spark.sql.codegen.aggregate.fastHashMap.capacityBit", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{
			ge(10, "The bit value must be in [10, 30]."),
			le(30, "The bit value must be in [10, 30]."),
		}},
	{Name: "spark.sql.codegen.cache.maxEntries", Type: TypeInt, Since: "2.4.0", Source: srcStaticSQL,
		Checks: []Check{ge(0, "The maximum must not be negative")}},
	{Name: "spark.sql.codegen.logging.maxLines", Type: TypeInt, Since: "2.3.0", Source: srcSQL,
		Checks: []Check{
			ge(-1, "The maximum must be a positive integer, 0 to disable logging or -1 to apply no limit."),
		}},
	{Name: "spark.sql.codegen.methodSplitThreshold", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{gt(0, "The threshold must be a positive integer.")}},
	{Name: "spark.sql.event.truncate.length", Type: TypeInt, Since: "3.0.0", Source: srcStaticSQL,
		Checks: []Check{ge(0, "Must be set greater or equal to zero")}},
	{Name: "spark.sql.execution.arrow.localRelationThreshold", Type: TypeBytes, Unit: Byte, Since: "3.4.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "This value must be equal to or greater than 0."),
		}},
	{Name: "spark.sql.execution.arrow.maxBytesPerBatch", Type: TypeBytes, Unit: Byte, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.execution.arrow.maxBytesPerBatch should be greater than zero and less than INT_MAX."),
			le(math.MaxInt32, "The value of spark.sql.execution.arrow.maxBytesPerBatch should be greater than zero and less than INT_MAX."),
		}},
	{Name: "spark.sql.execution.arrow.maxBytesPerOutputBatch", Type: TypeBytes, Unit: Byte, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			le(math.MaxInt32, "The value of spark.sql.execution.arrow.maxBytesPerOutputBatch should be less than INT_MAX."),
		}},
	{Name: "spark.sql.execution.broadcastHashJoin.outputPartitioningExpandLimit", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The value must be non-negative."),
		}},
	{Name: "spark.sql.execution.python.udf.maxRecordsPerBatch", Type: TypeInt, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.execution.python.udf.maxRecordsPerBatch must be positive."),
		}},
	{Name: "spark.sql.execution.pythonUDF.arrow.concurrency.level", Type: TypeInt, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{
			gt(1, "The value of spark.sql.execution.pythonUDF.arrow.concurrency.level must be more than one."),
		}},
	{Name: "spark.sql.files.maxPartitionNum", Type: TypeInt, Since: "3.5.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The maximum number of partitions must be a positive integer."),
		}},
	{Name: "spark.sql.files.minPartitionNum", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The min partition number must be a positive integer."),
		}},
	{Name: "spark.sql.filesourceTableRelationCacheSize", Type: TypeInt, Since: "2.2.0", Source: srcStaticSQL,
		Checks: []Check{
			ge(0, "The maximum size of the cache must not be negative"),
		}},
	{Name: "spark.sql.hive.metastorePartitionPruningInSetThreshold", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of metastorePartitionPruningInSetThreshold must be positive"),
		}},
	{Name: "spark.sql.leafNodeDefaultParallelism", Type: TypeInt, Since: "3.2.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.leafNodeDefaultParallelism must be positive."),
		}},
	{Name: "spark.sql.limit.initialNumPartitions", Type: TypeInt, Since: "3.4.0", Source: srcSQL,
		Checks: []Check{gt(0, "value should be positive")}},
	{Name: "spark.sql.maxMetadataStringLength", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{gt(3, "This value must be bigger than 3.")}},
	{Name: "spark.sql.maxPlanStringLength", Type: TypeBytes, Unit: Byte, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "Invalid value for 'spark.sql.maxPlanStringLength'.  Length must be a valid string length (nonnegative and shorter than the maximum size)."),
			le(sqlMaxStringLength, "Invalid value for 'spark.sql.maxPlanStringLength'.  Length must be a valid string length (nonnegative and shorter than the maximum size)."),
		}},
	{Name: "spark.sql.optimizer.dynamicPartitionPruning.pruningSideExtraFilterRatio", Type: TypeDouble, Since: "3.2.0", Until: "3.3.0", Source: srcSQL,
		Checks: []Check{
			gt(0.0, "The ratio value must be in (0.0, 1.0]."),
			le(1.0, "The ratio value must be in (0.0, 1.0]."),
		}},
	{Name: "spark.sql.optimizer.inSetSwitchThreshold", Type: TypeInt, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The max set size for using switch statements in InSet must be non-negative and less than or equal to 600"),
			le(600, "The max set size for using switch statements in InSet must be non-negative and less than or equal to 600"),
		}},
	{Name: "spark.sql.optimizer.runtimeFilter.number.threshold", Type: TypeInt, Since: "3.3.0", Source: srcSQL,
		Checks: []Check{ge(0, "The threshold should be >= 0")}},
	{Name: "spark.sql.optimizer.windowGroupLimitThreshold", Type: TypeInt, Since: "3.5.0", Source: srcSQL,
		Checks: []Check{
			ge(-1, "The threshold of window group limit must be -1, 0 or positive integer."),
		}},
	{Name: "spark.sql.parquet.pushdown.inFilterThreshold", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{ge(0, "The threshold must not be negative.")}},
	{Name: "spark.sql.parser.parserDfaCacheFlushRatio", Type: TypeDouble, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{le(100.0, "The ratio must be less than 100%")}},
	{Name: "spark.sql.resultQueryStage.maxThreadThreshold", Type: TypeInt, Since: "4.1.0", Source: srcStaticSQL,
		Checks: []Check{
			gt(0, "The threshold must be in (0,1024]."),
			le(1024, "The threshold must be in (0,1024]."),
		}},
	{Name: "spark.sql.scriptTransformation.exitTimeoutInSeconds", Type: TypeTime, Unit: Seconds, Since: "3.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The timeout value must be positive"),
		}},
	{Name: "spark.sql.session.localRelationCacheThreshold", Type: TypeInt, Since: "3.5.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The threshold of cached local relations must not be negative"),
		}},
	{Name: "spark.sql.session.localRelationChunkSizeRows", Type: TypeInt, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The chunk size in number of rows must be positive"),
		}},
	{Name: "spark.sql.shuffle.partitions", Type: TypeInt, Since: "1.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.shuffle.partitions must be positive"),
		}},
	{Name: "spark.sql.shuffleExchange.maxThreadThreshold", Type: TypeInt, Since: "4.0.0", Source: srcStaticSQL,
		Checks: []Check{
			gt(0, "The threshold must be in (0,1024]."),
			le(1024, "The threshold must be in (0,1024]."),
		}},
	{Name: "spark.sql.shuffledHashJoinFactor", Type: TypeInt, Since: "3.3.0", Source: srcSQL,
		Checks: []Check{ge(1, "The shuffle hash join factor cannot be negative.")}},
	{Name: "spark.sql.sources.bucketing.maxBuckets", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "the value of spark.sql.sources.bucketing.maxBuckets must be greater than 0"),
		}},
	{Name: "spark.sql.sources.parallelPartitionDiscovery.threshold", Type: TypeInt, Since: "1.5.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The maximum number of paths allowed for listing files at driver side must not be negative"),
		}},
	{Name: "spark.sql.stackTracesInDataFrameContext", Type: TypeInt, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The number of stack traces in the DataFrame context must be positive."),
		}},
	{Name: "spark.sql.statistics.histogram.numBins", Type: TypeInt, Since: "2.3.0", Source: srcSQL,
		Checks: []Check{gt(1, "The number of bins must be greater than 1.")}},
	{Name: "spark.sql.streaming.internal.stateStore.partitions", Type: TypeInt, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The value of spark.sql.streaming.internal.stateStore.partitions must be a positive integer."),
		}},
	{Name: "spark.sql.streaming.stateStore.maxLaggingStoresToReport", Type: TypeInt, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "Must be greater than or equal to 0"),
		}},
	{Name: "spark.sql.streaming.stateStore.multiplierForMinTimeDiffToLog", Type: TypeLong, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			ge(1, "Must be greater than or equal to 1"),
		}},
	{Name: "spark.sql.streaming.stateStore.multiplierForMinVersionDiffToLog", Type: TypeLong, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			ge(1, "Must be greater than or equal to 1"),
		}},
	{Name: "spark.sql.streaming.stateStore.numStateStoreInstanceMetricsToReport", Type: TypeInt, Since: "4.1.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "Must be greater than or equal to 0"),
		}},
	{Name: "spark.sql.streaming.stateStore.numStateStoreMaintenanceThreads", Type: TypeInt, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "Must be greater than 0"),
		}},
	{Name: "spark.sql.subexpressionElimination.cache.maxEntries", Type: TypeInt, Since: "3.1.0", Source: srcSQL,
		Checks: []Check{
			ge(0, "The maximum must not be negative"),
		}},
	{Name: "spark.sql.subquery.maxThreadThreshold", Type: TypeInt, Since: "2.4.6", Source: srcStaticSQL,
		Checks: []Check{
			gt(0, "The threshold must be in (0,128]."),
			le(128, "The threshold must be in (0,128]."),
		}},
	{Name: "spark.sql.view.maxNestedViewDepth", Type: TypeInt, Since: "2.2.0", Source: srcSQL,
		Checks: []Check{
			gt(0, "The maximum depth of a view reference in a nested view must be positive."),
		}},
}
