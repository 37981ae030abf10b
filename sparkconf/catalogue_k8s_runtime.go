package sparkconf

// k8sRuntimeKeys are the keys of Spark's Kubernetes Config.scala that drive
// the running application: executor allocation, the watch and polling of
// executor pods, executor rolling and resizing.
var k8sRuntimeKeys = []Key{
	{Name: "spark.kubernetes.allocation.pods.allocator", Type: TypeString, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.allocation.batch.size", Type: TypeInt, Since: "2.3.0", Source: srcK8s,
		Checks: []Check{gt(0, "Allocation batch size should be a positive integer")}},
	{Name: "spark.kubernetes.allocation.batch.delay", Type: TypeTime, Unit: Milliseconds, Since: "2.3.0", Source: srcK8s,
		// SPARK-49447 (4.0.0): a bare "1", meant as 1s, hammered the API
		// server with 1 ms rounds.
		Checks: []Check{
			gt(0, "Allocation batch delay must be a positive time value.").in(until("4.0.0")),
			gt(100, "Allocation batch delay must be greater than 0.1s.").in(since("4.0.0")),
		}},
	{Name: "spark.kubernetes.allocation.driver.readinessTimeout", Type: TypeTime, Unit: Seconds, Since: "3.1.3", Source: srcK8s,
		Checks: []Check{gt(0, "Allocation driver readiness timeout must be a positive time value.")}},
	{Name: "spark.kubernetes.allocation.executor.timeout", Type: TypeTime, Unit: Milliseconds, Since: "3.1.0", Source: srcK8s,
		Checks: []Check{gt(0, "Allocation executor timeout must be a positive time value.")}},
	{Name: "spark.kubernetes.allocation.maxPendingPods", Type: TypeInt, Since: "3.2.0", Source: srcK8s,
		Checks: []Check{gt(0, "Maximum number of pending pods should be a positive integer")}},
	// SPARK-53324 (4.1.0): the same cap per resource profile, an int
	// defaulting to Int.MaxValue; its check, if any, is unverified.
	{Name: "spark.kubernetes.allocation.maxPendingPodsPerRp", Type: TypeInt, Since: "4.1.0", Source: srcK8s},
	// 4.1.0: a cap on the executor ids ever issued (Config.scala of 4.1.2).
	{Name: "spark.kubernetes.allocation.maximum", Type: TypeInt, Since: "4.1.0", Source: srcK8s,
		Checks: []Check{gt(0, "Allocation maximum should be a positive integer")}},
	{Name: "spark.kubernetes.allocation.recoveryMode.enabled", Type: TypeBool, Since: "4.2.0", Source: srcK8s},
	// Unused since 2.4 and removed by SPARK-44158 (June 2023), merged to
	// master and to branches 3.3 and 3.4 after 3.4.1: the last releases
	// reading it are 3.3.2 and 3.4.0 (3.4.1 is left out, in doubt). One
	// row to 3.4.1, its check only where Spark still reads the key.
	{Name: "spark.kubernetes.executor.lostCheck.maxAttempts", Type: TypeInt, Since: "2.3.0", Until: "3.4.1", Source: srcK8s,
		Checks: []Check{
			gt(0, lostCheckMessage).in(until("3.3.3")),
			gt(0, lostCheckMessage).in(between("3.4.0", "3.4.1")),
		}},
	{Name: "spark.kubernetes.report.interval", Type: TypeTime, Unit: Milliseconds, Since: "2.3.0", Source: srcK8s,
		Checks: []Check{gt(0, "Logging interval must be a positive time value.")}},
	// SPARK-54184 (4.1.0): the deleted-executors cache TTL. Its builder's
	// type and check are unverified, so any text passes.
	{Name: "spark.kubernetes.executor.deletedExecutorsCacheTimeout", Type: TypeString, Since: "4.1.0", Source: srcK8s},
	// SPARK-53096 (4.1.0): the executors' grace period, handed to
	// fabric8's withTerminationGracePeriodSeconds(java.lang.Long). Spark
	// 4.2's documentation gives its default as 30s and its examples set
	// "60s", which a longConf would refuse: read as a duration in seconds
	// (a bare 60 is 60 s either way), so neither spelling is refused. Its
	// range check, if any, is unverified.
	{Name: "spark.kubernetes.executor.terminationGracePeriodSeconds", Type: TypeTime, Unit: Seconds, Since: "4.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.enableApiPolling", Type: TypeBool, Since: "3.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.enableApiWatcher", Type: TypeBool, Since: "3.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.apiPollingInterval", Type: TypeTime, Unit: Milliseconds, Since: "2.4.0", Source: srcK8s,
		Checks: []Check{gt(0, "API server polling interval must be a positive time value.")}},
	{Name: "spark.kubernetes.executor.enablePollingWithResourceVersion", Type: TypeBool, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.eventProcessingInterval", Type: TypeTime, Unit: Milliseconds, Since: "2.4.0", Source: srcK8s,
		Checks: []Check{gt(0, "Event processing interval must be a positive time value.")}},
	{Name: "spark.kubernetes.executor.missingPodDetectDelta", Type: TypeTime, Unit: Milliseconds, Since: "3.1.1", Source: srcK8s,
		Checks: []Check{gt(0, "delay must be a positive time value")}},
	{Name: "spark.kubernetes.executorSnapshotsSubscribersShutdownGracePeriod", Type: TypeTime, Unit: Seconds, Since: "3.4.0", Source: srcK8s,
		Checks: []Check{gt(0, "Gracefully shutdown period must be a positive time value")}},
	{Name: "spark.kubernetes.dynamicAllocation.deleteGracePeriod", Type: TypeTime, Unit: Milliseconds, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.appKillPodDeletionGracePeriod", Type: TypeTime, Unit: Seconds, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.rollInterval", ReadBy: "ExecutorRollPlugin", Type: TypeTime, Unit: Seconds, Since: "3.3.0", Source: srcK8s,
		Checks: []Check{ge(0, "Interval should be non-negative")}},
	{Name: "spark.kubernetes.executor.rollPolicy", ReadBy: "ExecutorRollPlugin", Type: TypeEnum, Fold: FoldUpper, Since: "3.3.0", Source: srcK8s,
		Values: []string{"ID", "ADD_TIME", "TOTAL_GC_TIME", "TOTAL_DURATION", "AVERAGE_DURATION", "FAILED_TASKS",
			"PEAK_JVM_ONHEAP_MEMORY", "PEAK_JVM_OFFHEAP_MEMORY", "TOTAL_SHUFFLE_WRITE", "DISK_USED",
			"OUTLIER", "OUTLIER_NO_FALLBACK"}},
	{Name: "spark.kubernetes.executor.minTasksPerExecutorBeforeRolling", ReadBy: "ExecutorRollPlugin", Type: TypeInt, Since: "3.3.0", Source: srcK8s,
		Checks: []Check{ge(0, "The minimum number of tasks should be non-negative.")}},
	// SPARK-55432 and SPARK-56693 (4.2.0): the executor memory and PVC
	// resize plugins. Their intervals are durations ("5min", 0 disables;
	// the units, which no check here depends on, are unverified) and their
	// thresholds and factors fractions; Spark 4.2's ranges for
	// them and the 5-minute step of pvc.resizeInterval (SPARK-56699) are
	// left out: the Config.scala of 4.2 that prints their messages could
	// not be read, so no value is refused on their account.
	{Name: "spark.kubernetes.executor.resizeInterval", ReadBy: "ExecutorResizePlugin", Type: TypeTime, Unit: Seconds, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.resizeThreshold", ReadBy: "ExecutorResizePlugin", Type: TypeDouble, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.resizeFactor", ReadBy: "ExecutorResizePlugin", Type: TypeDouble, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeInterval", ReadBy: "ExecutorPVCResizePlugin", Type: TypeTime, Unit: Minutes, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeThreshold", ReadBy: "ExecutorPVCResizePlugin", Type: TypeDouble, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeFactor", ReadBy: "ExecutorPVCResizePlugin", Type: TypeDouble, Since: "4.2.0", Source: srcK8s},
	// SPARK-54173 (4.2.0): the pod-deletion-cost annotation value for the
	// deployment allocator. KubernetesClusterSchedulerBackendSuite sets it
	// from the number 7, so it is an int or a long builder: long, which
	// accepts every int, refuses only what both refuse.
	{Name: "spark.kubernetes.executor.podDeletionCost", Type: TypeLong, Since: "4.2.0", Source: srcK8s},
}

// lostCheckMessage is KUBERNETES_EXECUTOR_LOST_REASON_CHECK_MAX_ATTEMPTS's
// checkValue message.
const lostCheckMessage = "Maximum attempts of checks of executor lost reason must be a positive integer"
