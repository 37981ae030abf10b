package sparkconf

// sqlTypedStreaming are the SQLConf and StaticSQLConf keys of Structured Streaming and session windows whose only rule is
// their type: a booleanConf, intConf, longConf, doubleConf, bytesConf or
// timeConf that setConfString parses at session start, or a stringConf
// listed so that its name is known. Since is the key's .version, or the
// first release found to have it when that is later; Until is the first
// release found without it. Comparing SQLConf.scala at 3.0.0, 3.1.1, the
// 3.2 to 4.0 branch points and 4.1.1 gave these rows; keys present in 4.1
// are taken to be in 4.2. A branch point lacks the keys merged for its
// release after the branch was cut: where the release's SQLConf.scala or
// configuration page has such a key, Since is that release (see
// catalogue_sql_since_test.go).
var sqlTypedStreaming = []Key{
	{Name: "spark.sql.sessionWindow.buffer.in.memory.threshold", Type: TypeInt, Since: "3.2.0", Source: srcSQL},
	{Name: "spark.sql.sessionWindow.buffer.spill.size.threshold", Type: TypeString, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.sessionWindow.buffer.spill.threshold", Type: TypeInt, Since: "3.2.0", Source: srcSQL},
	{Name: "spark.sql.streaming.asyncLogPurge.enabled", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpoint.escapedPathCheck.enabled", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpoint.fileChecksum.enabled", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpoint.fileChecksum.skipCreationIfFileMissingChecksum", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpoint.renamedFileCheck.enabled", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpointFileManagerClass", Type: TypeString, Since: "2.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.checkpointLocation", Type: TypeString, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.commitProtocolClass", Type: TypeString, Since: "2.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.continuous.epochBacklogQueueSize", Type: TypeInt, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.continuous.executorPollIntervalMs", Type: TypeTime, Unit: Milliseconds, Since: "2.3.0", Source: srcSQL},
	{Name: "spark.sql.streaming.continuous.executorQueueSize", Type: TypeInt, Since: "2.3.0", Source: srcSQL},
	{Name: "spark.sql.streaming.disabledV2MicroBatchReaders", Type: TypeString, Since: "2.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.disabledV2Writers", Type: TypeString, Since: "2.3.1", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSink.log.cleanupDelay", Type: TypeTime, Unit: Milliseconds, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSink.log.compactInterval", Type: TypeInt, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSink.log.deletion", Type: TypeBool, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSource.cleaner.numThreads", Type: TypeInt, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSource.log.cleanupDelay", Type: TypeTime, Unit: Milliseconds, Since: "2.0.1", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSource.log.compactInterval", Type: TypeInt, Since: "2.0.1", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSource.log.deletion", Type: TypeBool, Since: "2.0.1", Source: srcSQL},
	{Name: "spark.sql.streaming.fileSource.schema.forceNullable", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.fileStreamSink.ignoreMetadata", Type: TypeBool, Since: "3.2.0", Source: srcSQL},
	{Name: "spark.sql.streaming.flatMapGroupsWithState.skipEmittingInitialStateKeys", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.forceDeleteTempCheckpointLocation", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.kafka.useDeprecatedOffsetFetching", Type: TypeBool, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.maxBatchesToRetainInMemory", Type: TypeInt, Since: "2.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.metadataCache.enabled", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.metricsEnabled", Type: TypeBool, Since: "2.0.2", Source: srcSQL},
	{Name: "spark.sql.streaming.minBatchesToRetain", Type: TypeInt, Since: "2.1.1", Source: srcSQL},
	{Name: "spark.sql.streaming.noDataMicroBatches.enabled", Type: TypeBool, Since: "2.4.1", Source: srcSQL},
	{Name: "spark.sql.streaming.noDataProgressEventInterval", Type: TypeTime, Unit: Milliseconds, Since: "2.1.1", Source: srcSQL},
	{Name: "spark.sql.streaming.numRecentProgressUpdates", Type: TypeInt, Since: "2.1.1", Source: srcSQL},
	{Name: "spark.sql.streaming.optimizeOneRowPlan.enabled", Type: TypeBool, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.pollingDelay", Type: TypeTime, Unit: Milliseconds, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.ratioExtraSpaceAllowedInCheckpoint", Type: TypeDouble, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.realTimeMode.allowlistCheck", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.realTimeMode.minBatchDuration", Type: TypeTime, Unit: Milliseconds, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.schemaInference", Type: TypeBool, Since: "2.0.0", Source: srcSQL},
	// Session windows are 3.2.0's (.version "3.2.0"), although the 3.2
	// branch point lacked this key.
	{Name: "spark.sql.streaming.sessionWindow.merge.sessions.in.local.partition", Type: TypeBool, Since: "3.2.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.checkpointFormatVersion", Type: TypeInt, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.commitValidation.enabled", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.compression.codec", Type: TypeString, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.coordinatorReportSnapshotUploadLag", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.formatValidation.enabled", Type: TypeBool, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.maintenanceInterval", Type: TypeTime, Unit: Milliseconds, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.maintenanceProcessingTimeout", Type: TypeTime, Unit: Seconds, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.maintenanceShutdownTimeout", Type: TypeTime, Unit: Seconds, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.maxNumStateSchemaFiles", Type: TypeInt, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.maxVersionsToDeletePerMaintenance", Type: TypeInt, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.minDeltasForSnapshot", Type: TypeInt, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.providerClass", Type: TypeString, Since: "2.3.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.skipNullsForStreamStreamJoins.enabled", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.snapshotLagReportInterval", Type: TypeTime, Unit: Milliseconds, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.stateSchemaCheck", Type: TypeBool, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.unloadOnCommit", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stateStore.valueStateSchemaEvolutionThreshold", Type: TypeInt, Since: "4.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.statefulOperator.allowMultiple", Type: TypeBool, Since: "3.4.0", Source: srcSQL},
	{Name: "spark.sql.streaming.statefulOperator.checkCorrectness.enabled", Type: TypeBool, Since: "3.1.0", Source: srcSQL},
	{Name: "spark.sql.streaming.statefulOperator.useStrictDistribution", Type: TypeBool, Since: "3.3.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stopActiveRunOnRestart", Type: TypeBool, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.stopTimeout", Type: TypeTime, Unit: Milliseconds, Since: "3.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.transformWithState.stateSchemaVersion", Type: TypeInt, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.triggerAvailableNowWrapper.enabled", Type: TypeBool, Since: "4.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.ui.enabled", Type: TypeBool, Since: "3.0.0", Source: srcStaticSQL},
	{Name: "spark.sql.streaming.ui.retainedProgressUpdates", Type: TypeInt, Since: "3.0.0", Source: srcStaticSQL},
	{Name: "spark.sql.streaming.ui.retainedQueries", Type: TypeInt, Since: "3.0.0", Source: srcStaticSQL},
	{Name: "spark.sql.streaming.unsupportedOperationCheck", Type: TypeBool, Since: "2.0.0", Source: srcSQL},
	{Name: "spark.sql.streaming.verifyCheckpointDirectoryEmptyOnStart", Type: TypeBool, Since: "4.1.0", Source: srcSQL},
}
