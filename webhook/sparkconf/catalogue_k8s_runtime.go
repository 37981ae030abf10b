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
	{Name: "spark.kubernetes.allocation.recoveryMode.enabled", Type: TypeBool, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.report.interval", Type: TypeTime, Unit: Milliseconds, Since: "2.3.0", Source: srcK8s,
		Checks: []Check{gt(0, "Logging interval must be a positive time value.")}},
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
	{Name: "spark.kubernetes.executor.rollInterval", Type: TypeTime, Unit: Seconds, Since: "3.3.0", Source: srcK8s,
		Checks: []Check{ge(0, "Interval should be non-negative")}},
	{Name: "spark.kubernetes.executor.rollPolicy", Type: TypeEnum, Fold: FoldUpper, Since: "3.3.0", Source: srcK8s,
		Values: []string{"ID", "ADD_TIME", "TOTAL_GC_TIME", "TOTAL_DURATION", "AVERAGE_DURATION", "FAILED_TASKS",
			"PEAK_JVM_ONHEAP_MEMORY", "PEAK_JVM_OFFHEAP_MEMORY", "TOTAL_SHUFFLE_WRITE", "DISK_USED",
			"OUTLIER", "OUTLIER_NO_FALLBACK"}},
	{Name: "spark.kubernetes.executor.minTasksPerExecutorBeforeRolling", Type: TypeInt, Since: "3.3.0", Source: srcK8s,
		Checks: []Check{ge(0, "The minimum number of tasks should be non-negative.")}},
	// The 4.2.0 vertical-scaling and deletion-cost keys; their types are
	// not re-derived here, so only their names are known.
	{Name: "spark.kubernetes.executor.podDeletionCost", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.resizeInterval", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.resizeThreshold", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.resizeFactor", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeInterval", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeThreshold", Type: TypeString, Since: "4.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pvc.resizeFactor", Type: TypeString, Since: "4.2.0", Source: srcK8s},
}
