package sparkconf

// coreMiscKeys are the remaining application keys of Spark core:
// PySpark's workers (Python.scala), DStreams' dynamic allocation
// (Streaming.scala), SparkR (R.scala), the context cleaner, spark-submit's
// own switches, security and logging.
var coreMiscKeys = []Key{
	{Name: "spark.python.task.killTimeout", Type: TypeTime, Unit: Milliseconds, Since: "2.2.2", Source: srcPython},
	{Name: "spark.python.use.daemon", Type: TypeBool, Since: "2.3.0", Source: srcPython},
	{Name: "spark.python.daemon.module", Type: TypeString, Since: "2.4.0", Source: srcPython},
	{Name: "spark.python.worker.module", Type: TypeString, Since: "2.4.0", Source: srcPython},
	{Name: "spark.python.authenticate.socketTimeout", Type: TypeTime, Unit: Seconds, Since: "3.1.0", Source: srcPython},
	{Name: "spark.python.worker.faulthandler.enabled", Type: TypeBool, Since: "3.2.0", Source: srcPython},
	{Name: "spark.executor.python.worker.log.details", Type: TypeBool, Since: "3.5.0", Source: srcPython},
	{Name: "spark.python.worker.idleTimeoutSeconds", Type: TypeTime, Unit: Seconds, Since: "4.0.0", Source: srcPython},
	// .version("4.1.0") in Python.scala, unlike idleTimeoutSeconds beside it.
	{Name: "spark.python.worker.killOnIdleTimeout", Type: TypeBool, Since: "4.1.0", Source: srcPython},
	{Name: "spark.streaming.dynamicAllocation.enabled", Type: TypeBool, Since: "3.0.0", Source: srcStreaming},
	{Name: "spark.streaming.dynamicAllocation.minExecutors", Type: TypeInt, Since: "3.0.0", Source: srcStreaming,
		Checks: []Check{gt(0, "The min executor number of streaming dynamic allocation must be positive.")}},
	{Name: "spark.streaming.dynamicAllocation.maxExecutors", Type: TypeInt, Since: "3.0.0", Source: srcStreaming,
		Checks: []Check{gt(0, "The max executor number of streaming dynamic allocation must be positive.")}},
	{Name: "spark.streaming.dynamicAllocation.scalingInterval", Type: TypeTime, Unit: Seconds, Since: "3.0.0", Source: srcStreaming,
		Checks: []Check{gt(0, "The scaling interval of streaming dynamic allocation must be positive.")}},
	{Name: "spark.streaming.dynamicAllocation.scalingUpRatio", Type: TypeDouble, Since: "3.0.0", Source: srcStreaming,
		Checks: []Check{gt(0, "The scaling up ratio of streaming dynamic allocation must be positive.")}},
	{Name: "spark.streaming.dynamicAllocation.scalingDownRatio", Type: TypeDouble, Since: "3.0.0", Source: srcStreaming,
		Checks: []Check{gt(0, "The scaling down ratio of streaming dynamic allocation must be positive.")}},
	{Name: "spark.r.backendConnectionTimeout", Type: TypeInt, Since: "2.1.0", Source: srcR},
	{Name: "spark.r.numRBackendThreads", Type: TypeInt, Since: "1.4.0", Source: srcR},
	{Name: "spark.r.heartBeatInterval", Type: TypeInt, Since: "2.1.0", Source: srcR},
	{Name: "spark.r.command", Type: TypeString, Since: "1.5.3", Source: srcR},
	{Name: "spark.sparkr.r.command", Type: TypeString, Since: "1.5.3", Source: srcR},
	{Name: "spark.cleaner.periodicGC.interval", Type: TypeTime, Unit: Seconds, Since: "1.6.0", Source: srcCore},
	{Name: "spark.cleaner.referenceTracking", Type: TypeBool, Since: "1.0.0", Source: srcCore},
	{Name: "spark.cleaner.referenceTracking.blocking", Type: TypeBool, Since: "1.0.0", Source: srcCore},
	{Name: "spark.cleaner.referenceTracking.blocking.shuffle", Type: TypeBool, Since: "1.1.1", Source: srcCore},
	{Name: "spark.cleaner.referenceTracking.cleanCheckpoints", Type: TypeBool, Since: "1.4.0", Source: srcCore},
	// A fallbackConf of spark.network.timeout (4.2.0): seconds.
	{Name: "spark.cleaner.referenceTracking.blocking.timeout", Type: TypeTime, Unit: Seconds, Since: "4.2.0", Source: srcCore},
	// Read by SparkSubmit, which in cluster mode runs in the driver Pod.
	{Name: "spark.submit.callSystemExitOnMainExit", Type: TypeBool, Since: "4.1.0", Source: srcCore},
	{Name: "spark.submit.proxyUser.allowCustomClasspathInClusterMode", Type: TypeBool, Since: "3.4.0", Source: srcCore},
	// Lower-cased, then classic or connect: checked in core from 4.1.0
	// (SPARK-51789); 4.0.0 introduced the key (SPARK-50605), and which
	// check it had there is not established, so none is applied.
	{Name: "spark.api.mode", Type: TypeString, Since: "4.0.0", Source: srcCore,
		Checks: []Check{oneOfFolded(false, "classic", "connect").in(since("4.1.0"))}},
	{Name: "spark.resources.discoveryPlugin", Type: TypeString, Seq: true, Since: "3.0.0", Source: srcCore},
	{Name: "spark.authenticate.secretBitLength", Type: TypeInt, Since: "1.6.0", Source: srcCore},
	{Name: "spark.authenticate.secret.driver.file", Type: TypeString, Since: "3.0.0", Source: srcCore},
	{Name: "spark.authenticate.secret.executor.file", Type: TypeString, Since: "3.0.0", Source: srcCore},
	{Name: "spark.security.credentials.renewalRatio", Type: TypeDouble, Since: "2.4.0", Source: srcCore},
	{Name: "spark.security.credentials.retryWait", Type: TypeTime, Unit: Seconds, Since: "2.4.0", Source: srcCore},
	{Name: "spark.kerberos.relogin.period", Type: TypeTime, Unit: Seconds, Since: "3.0.0", Source: srcCore},
	{Name: "spark.log.callerContext", Type: TypeString, Since: "2.2.0", Source: srcCore},
	{Name: "spark.log.legacyTaskNameMdc.enabled", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.shutdown.timeout", Type: TypeTime, Unit: Milliseconds, Since: "4.0.0", Source: srcCore},
}
