package sparkconf

import "slices"

// coreCatalogue is every Spark core key of the catalogue: the typed keys of
// core/src/main/scala/org/apache/spark/internal/config/*.scala that a Spark
// application (its driver or executors) reads, and the string keys people
// commonly set. Keys only the history server, the standalone Master and
// Worker or YARN read are left out: they cannot fail a job on Kubernetes.
//
// The rules follow these copies of Spark's sources, dated by the newest
// .version they carry:
//   - 3.0: package.scala of a 3.0.0 development snapshot, before the
//     .version tags (SaurabhChawla100/spark a6ff57a9);
//   - 3.3: package.scala with .version("3.3.0") (Aiden-Dong/spark3-source-code-analyze);
//   - 4.0: package.scala with .version("4.0.0") (apache/spark ba6e1ce1);
//   - 4.2: package.scala with .version("4.2.0") and later (G-Research/spark 48397868),
//     UI.scala (G-Research/spark 39afb8c1), Python.scala with
//     .version("4.0.0") (ueshin/apache-spark f65d1eb8), Network.scala of
//     4.x (snmvaughan/spark 6b536ab5);
//   - Status.scala, Kryo.scala, Streaming.scala and R.scala of 3.x
//     (apache/spark), SparkConf.validateSettings of 3.0 (apache/spark
//     00124490) and 3.1+ (huldarchen/spark be727ce8), RpcUtils.scala.
//
// Where a rule changed inside that span the release comes from the JIRA
// that changed it, cited at the row. Rules across several keys
// (spark.executor.cores >= spark.task.cpus, the heartbeat interval below
// spark.network.timeout, dynamic allocation's min <= max) are not modelled:
// a row checks its own value only.
var coreCatalogue = slices.Concat(coreResourceKeys, coreRuntimeKeys, uiNetworkKeys,
	coreSchedulerKeys, coreShuffleKeys, coreStorageKeys, coreIOKeys, coreMiscKeys)

// coreResourceKeys are the keys of Spark core's config/package.scala that
// size the driver and its executors (memory, cores, overheads) and scale
// them (dynamic allocation). spark-submit's own checks on some of them live
// in submit.go.
var coreResourceKeys = []Key{
	{Name: "spark.master", Type: TypeString, Since: "0.9.0", Source: srcSubmitArgs},
	{Name: "spark.app.name", Type: TypeString, Since: "0.9.0", Source: srcSubmitArgs},
	{Name: "spark.app.id", Type: TypeString, Since: "1.0.0", Source: srcSparkConf},
	{Name: "spark.app.submitTime", Type: TypeString, Since: "3.2.0", Source: srcSparkConf},
	{Name: "spark.submit.deployMode", Type: TypeString, Since: "1.5.0", Source: srcCore},
	{Name: "spark.submit.pyFiles", Type: TypeString, Seq: true, Since: "1.0.1", Source: srcCore},
	{Name: "spark.jars", Type: TypeString, Seq: true, Since: "0.9.0", Source: srcCore},
	{Name: "spark.jars.packages", Type: TypeString, Seq: true, Since: "1.5.0", Source: srcCore},
	{Name: "spark.jars.excludes", Type: TypeString, Seq: true, Since: "1.5.0", Source: srcCore},
	{Name: "spark.jars.repositories", Type: TypeString, Seq: true, Since: "2.3.0", Source: srcCore},
	{Name: "spark.jars.ivy", Type: TypeString, Since: "1.3.0", Source: srcCore},
	{Name: "spark.jars.ivySettings", Type: TypeString, Since: "2.2.0", Source: srcCore},
	{Name: "spark.files", Type: TypeString, Seq: true, Since: "1.0.0", Source: srcCore},
	{Name: "spark.archives", Type: TypeString, Seq: true, Since: "3.1.0", Source: srcCore},
	{Name: "spark.driver.cores", Type: TypeInt, Since: "1.3.0", Source: srcCore},
	{Name: "spark.driver.memory", Type: TypeBytes, Unit: MiB, Since: "1.1.1", Source: srcCore},
	// Byte sizes take Kubernetes spellings (1Gi) only from 4.2.0
	// (SPARK-55051, units.go): these keys are bytesConf so that a 1Gi
	// overhead is refused by every release before.
	{Name: "spark.driver.memoryOverhead", Type: TypeBytes, Unit: MiB, Since: "2.3.0", Source: srcCore},
	{Name: "spark.driver.minMemoryOverhead", Type: TypeBytes, Unit: MiB, Since: "4.0.0", Source: srcCore},
	{Name: "spark.driver.memoryOverheadFactor", Type: TypeDouble, Since: "3.3.0", Source: srcCore,
		Checks: []Check{gt(0, "Ensure that memory overhead is a double greater than 0")}},
	{Name: "spark.driver.maxResultSize", Type: TypeBytes, Unit: Byte, Since: "1.2.0", Source: srcCore},
	{Name: "spark.driver.host", Type: TypeString, Since: "0.7.0", Source: srcCore},
	{Name: "spark.driver.port", Type: TypeInt, Since: "0.7.0", Source: srcCore},
	{Name: "spark.driver.bindAddress", Type: TypeString, Since: "2.1.0", Source: srcCore},
	// A fallbackConf: set, it is read with spark.blockManager.port's type.
	{Name: "spark.driver.blockManager.port", Type: TypeInt, Since: "2.1.0", Source: srcCore},
	{Name: "spark.driver.extraJavaOptions", Type: TypeString, Since: "1.0.0", Source: srcLauncher, Checks: driverHeapChecks},
	{Name: "spark.driver.defaultJavaOptions", Type: TypeString, Since: "3.0.0", Source: srcLauncher, Checks: driverHeapChecks},
	{Name: "spark.driver.extraClassPath", Type: TypeString, Since: "1.0.0", Source: srcCore},
	{Name: "spark.driver.extraLibraryPath", Type: TypeString, Since: "1.0.0", Source: srcCore},
	{Name: "spark.driver.userClassPathFirst", Type: TypeBool, Since: "1.3.0", Source: srcCore},
	{Name: "spark.driver.supervise", Type: TypeBool, Since: "1.3.0", Source: srcCore},
	{Name: "spark.driver.timeout", Type: TypeTime, Unit: Minutes, Since: "4.0.0", Source: srcCore,
		Checks: []Check{ge(0, "The value should be a non-negative time value.")}},
	// A fallbackConf of spark.executor.heartbeatInterval (4.1.0).
	{Name: "spark.driver.metrics.pollingInterval", Type: TypeTime, Unit: Milliseconds, Since: "4.1.0", Source: srcCore},
	{Name: "spark.driver.log.persistToDfs.enabled", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	{Name: "spark.driver.log.dfsDir", Type: TypeString, Since: "3.0.0", Source: srcCore},
	{Name: "spark.driver.log.localDir", Type: TypeString, Since: "4.0.0", Source: srcCore},
	{Name: "spark.driver.log.layout", Type: TypeString, Since: "3.0.0", Source: srcCore},
	{Name: "spark.driver.log.allowErasureCoding", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	// Lower-cased, split on commas; every element stdout or stderr (4.1.0).
	{Name: "spark.driver.log.redirectConsoleOutputs", Type: TypeString, Seq: true, Since: "4.1.0", Source: srcCore,
		Checks: []Check{oneOfMessage(false, "The value only can be one or more of 'stdout, stderr'.", "stdout", "stderr")}},
	{Name: "spark.executor.instances", Type: TypeInt, Since: "1.0.0", Source: srcCore},
	{Name: "spark.executor.cores", Type: TypeInt, Since: "1.0.0", Source: srcCore},
	{Name: "spark.executor.memory", Type: TypeBytes, Unit: MiB, Since: "0.7.0", Source: srcCore},
	{Name: "spark.executor.memoryOverhead", Type: TypeBytes, Unit: MiB, Since: "2.3.0", Source: srcCore},
	{Name: "spark.executor.minMemoryOverhead", Type: TypeBytes, Unit: MiB, Since: "4.0.0", Source: srcCore},
	{Name: "spark.executor.memoryOverheadFactor", Type: TypeDouble, Since: "3.3.0", Source: srcCore,
		Checks: []Check{gt(0, "Ensure that memory overhead is a double greater than 0")}},
	{Name: "spark.executor.pyspark.memory", Type: TypeBytes, Unit: MiB, Since: "2.4.0", Source: srcPython},
	// SparkConf.validateSettings refuses, when the SparkContext starts,
	// executor JVM options that set Spark confs or the maximum heap (same
	// rule in the 3.0 and 3.1+ copies of SparkConf.scala read); SPARK-44650
	// extended it to the default options, here from 4.0.0 as the release
	// that has it for certain.
	{Name: "spark.executor.extraJavaOptions", Type: TypeString, Since: "1.0.0", Source: srcSparkConf,
		Checks: executorOptionsChecks("spark.executor.extraJavaOptions")},
	{Name: "spark.executor.defaultJavaOptions", Type: TypeString, Since: "3.0.0", Source: srcSparkConf,
		Checks: inAll(since("4.0.0"), executorOptionsChecks("spark.executor.defaultJavaOptions"))},
	{Name: "spark.executor.extraClassPath", Type: TypeString, Since: "1.0.0", Source: srcCore},
	{Name: "spark.executor.extraLibraryPath", Type: TypeString, Since: "1.0.0", Source: srcCore},
	{Name: "spark.executor.userClassPathFirst", Type: TypeBool, Since: "1.3.0", Source: srcCore},
	{Name: "spark.executor.heartbeatInterval", Type: TypeTime, Unit: Milliseconds, Since: "1.1.0", Source: srcCore},
	{Name: "spark.executor.heartbeat.maxFailures", Type: TypeInt, Since: "1.6.2", Source: srcCore},
	{Name: "spark.executor.heartbeat.dropZeroAccumulatorUpdates", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	{Name: "spark.executor.processTreeMetrics.enabled", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	{Name: "spark.executor.metrics.pollingInterval", Type: TypeTime, Unit: Milliseconds, Since: "3.0.0", Source: srcCore},
	{Name: "spark.executor.metrics.fileSystemSchemes", Type: TypeString, Since: "3.1.0", Source: srcCore},
	{Name: "spark.executor.isolatedSessionCache.size", Type: TypeInt, Since: "4.1.0", Source: srcCore,
		Checks: []Check{gt(0, "The cache size must be positive.")}},
	{Name: "spark.executor.maxNumFailures", Type: TypeInt, Since: "3.5.0", Source: srcCore},
	{Name: "spark.executor.failuresValidityInterval", Type: TypeTime, Unit: Milliseconds, Since: "3.5.0", Source: srcCore},
	{Name: "spark.executor.allowSparkContext", Type: TypeBool, Since: "3.0.1", Source: srcCore},
	{Name: "spark.executor.syncLogLevel.enabled", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.executor.killOnFatalError.depth", Type: TypeInt, Since: "3.1.0", Source: srcCore,
		Checks: []Check{ge(0, "needs to be a non-negative value")}},
	{Name: "spark.executor.decommission.killInterval", Type: TypeTime, Unit: Seconds, Since: "3.1.0", Source: srcCore},
	{Name: "spark.executor.decommission.forceKillTimeout", Type: TypeTime, Unit: Seconds, Since: "3.2.0", Source: srcCore},
	{Name: "spark.executor.decommission.signal", Type: TypeString, Since: "3.2.0", Source: srcCore},
	{Name: "spark.executor.logs.redirectConsoleOutputs", Type: TypeString, Seq: true, Since: "4.1.0", Source: srcCore,
		Checks: []Check{oneOfMessage(false, "The value only can be one or more of 'stdout, stderr'.", "stdout", "stderr")}},
	// Only the standalone Worker's FileAppender reads the executor log
	// rolling keys, so on Kubernetes no value of them fails a job: strings.
	{Name: "spark.executor.logs.rolling.maxRetainedFiles", Type: TypeString, Since: "1.1.0", Source: srcFileAppend},
	{Name: "spark.executor.logs.rolling.strategy", Type: TypeString, Since: "1.1.0", Source: srcFileAppend},
	{Name: "spark.executor.logs.rolling.maxSize", Type: TypeString, Since: "1.4.0", Source: srcFileAppend},
	{Name: "spark.executor.logs.rolling.time.interval", Type: TypeString, Since: "1.1.0", Source: srcFileAppend},
	{Name: "spark.cores.max", Type: TypeInt, Since: "0.6.0", Source: srcCore},
	// SPARK-55757 (4.2.0) checks the value; before, 0 failed later with a
	// division by zero, which sparkhook does not model.
	{Name: "spark.task.cpus", Type: TypeInt, Since: "0.5.0", Source: srcCore,
		Checks: []Check{gt(0, "Number of cores to allocate for each task should be positive.").in(since("4.2.0"))}},
	{Name: "spark.task.maxFailures", Type: TypeInt, Since: "0.8.0", Source: srcCore},
	// The 2 GB bound came with SPARK-40622 (3.4.0); the 3.0 copy has none.
	{Name: "spark.task.maxDirectResultSize", Type: TypeBytes, Unit: Byte, Since: "2.0.0", Source: srcCore,
		Checks: []Check{lt(maxRoundedArrayLength, "The max direct result size is 2GB").in(since("3.4.0"))}},
	{Name: "spark.task.reaper.enabled", Type: TypeBool, Since: "2.0.3", Source: srcCore},
	{Name: "spark.task.reaper.killTimeout", Type: TypeTime, Unit: Milliseconds, Since: "2.0.3", Source: srcCore},
	{Name: "spark.task.reaper.pollingInterval", Type: TypeTime, Unit: Milliseconds, Since: "2.0.3", Source: srcCore},
	{Name: "spark.task.reaper.threadDump", Type: TypeBool, Since: "2.0.3", Source: srcCore},
	{Name: "spark.default.parallelism", Type: TypeInt, Since: "0.5.0", Source: srcCore},
	// SparkConf.validateSettings: a fraction outside [0, 1] fails the
	// SparkContext.
	{Name: "spark.memory.fraction", Type: TypeDouble, Since: "1.6.0", Source: srcSparkConf,
		Checks: within(0, 1, false, "spark.memory.fraction should be between 0 and 1")},
	{Name: "spark.memory.storageFraction", Type: TypeDouble, Since: "1.6.0", Source: srcCore,
		Checks: []Check{ge(0, "Storage fraction must be in [0,1)"), lt(1, "Storage fraction must be in [0,1)")}},
	{Name: "spark.memory.offHeap.enabled", Type: TypeBool, Since: "1.6.0", Source: srcCore},
	{Name: "spark.unsafe.offHeap", Type: TypeBool, Since: "1.6.0", Source: srcCore, Deprecated: "spark.memory.offHeap.enabled"},
	{Name: "spark.memory.offHeap.size", Type: TypeBytes, Unit: Byte, Since: "1.6.0", Source: srcCore,
		Checks: []Check{ge(0, "The off-heap memory size must not be negative")}},
	{Name: "spark.memory.unmanagedMemoryPollingInterval", Type: TypeTime, Unit: Milliseconds, Since: "4.1.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.enabled", Type: TypeBool, Since: "1.2.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.minExecutors", Type: TypeInt, Since: "1.2.0", Source: srcCore},
	// A fallbackConf of minExecutors: an int as well.
	{Name: "spark.dynamicAllocation.initialExecutors", Type: TypeInt, Since: "1.3.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.maxExecutors", Type: TypeInt, Since: "1.2.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.executorAllocationRatio", Type: TypeDouble, Since: "2.4.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.executorIdleTimeout", Type: TypeTime, Unit: Seconds, Since: "1.2.0", Source: srcCore,
		Checks: []Check{ge(0, "Timeout must be >= 0.")}},
	{Name: "spark.dynamicAllocation.cachedExecutorIdleTimeout", Type: TypeTime, Unit: Seconds, Since: "1.4.0", Source: srcCore,
		Checks: []Check{ge(0, "Timeout must be >= 0.")}},
	{Name: "spark.dynamicAllocation.shuffleTracking.enabled", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	{Name: "spark.dynamicAllocation.shuffleTracking.timeout", Type: TypeTime, Unit: Milliseconds, Since: "3.0.0", Source: srcCore,
		Checks: []Check{ge(0, "Timeout must be >= 0.")}},
	{Name: "spark.dynamicAllocation.schedulerBacklogTimeout", Type: TypeTime, Unit: Seconds, Since: "1.2.0", Source: srcCore},
	// A fallbackConf of schedulerBacklogTimeout: seconds as well.
	{Name: "spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", Type: TypeTime, Unit: Seconds, Since: "1.2.0", Source: srcCore},
}
