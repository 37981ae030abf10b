package sparkconf

// coreSchedulerKeys are the keys of Spark core's config/package.scala that
// the driver's schedulers read: locality, speculation, exclusion of failing
// executors and nodes, barrier stages, the listener bus, stages and
// decommissioning. The most common ones (spark.scheduler.mode,
// spark.speculation, …) are in coreRuntimeKeys.
var coreSchedulerKeys = []Key{
	{Name: "spark.scheduler.revive.interval", Type: TypeTime, Unit: Milliseconds, Since: "0.8.1", Source: srcCore},
	{Name: "spark.scheduler.resource.profileMergeConflicts", Type: TypeBool, Since: "3.1.0", Source: srcCore},
	// Internal; the check has no release of its own in the copies read
	// (the 3.0 one has none), so none is applied.
	{Name: "spark.scheduler.listenerbus.metrics.maxListenerClassesTimed", Type: TypeInt, Since: "2.3.0", Source: srcCore},
	{Name: "spark.scheduler.listenerbus.logSlowEvent", Type: TypeBool, Since: "3.0.0", Source: srcCore},
	{Name: "spark.scheduler.listenerbus.logSlowEvent.threshold", Type: TypeTime, Unit: Nanoseconds, Since: "3.0.0", Source: srcCore},
	{Name: "spark.scheduler.listenerbus.exitTimeout", Type: TypeTime, Unit: Milliseconds, Since: "4.0.0", Source: srcCore,
		Checks: []Check{ge(0, "Listener bus exit timeout must be non-negative duration")}},
	{Name: "spark.scheduler.numCancelledJobGroupsToTrack", Type: TypeInt, Since: "4.0.0", Source: srcCore,
		Checks: []Check{gt(0, "The size of the set should be a positive value.")}},
	{Name: "spark.scheduler.maxRetainedRemovedDecommissionExecutors", Type: TypeInt, Since: "3.4.0", Source: srcCore,
		Checks: []Check{ge(0, "needs to be a non-negative value")}},
	{Name: "spark.scheduler.maxRetainedUnknownDecommissionExecutors", Type: TypeInt, Since: "3.5.0", Source: srcCore,
		Checks: []Check{ge(0, "needs to be a non-negative value")}},
	{Name: "spark.scheduler.stage.legacyAbortAfterKillTasks", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.scheduler.dropTaskInfoAccumulablesOnTaskCompletion.enabled", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.scheduler.streaming.idAwareLogging.enabled", Type: TypeBool, Since: "4.2.0", Source: srcCore},
	{Name: "spark.scheduler.streaming.idAwareLogging.queryIdLength", Type: TypeInt, Since: "4.2.0", Source: srcCore},
	{Name: "spark.scheduler.barrier.maxConcurrentTasksCheck.interval", Type: TypeTime, Unit: Seconds, Since: "2.4.0", Source: srcCore},
	{Name: "spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", Type: TypeInt, Since: "2.4.0", Source: srcCore,
		Checks: []Check{gt(0, "The max failures should be a positive value.")}},
	{Name: "spark.barrier.sync.timeout", Type: TypeTime, Unit: Seconds, Since: "2.4.0", Source: srcCore,
		Checks: []Check{gt(0, "The value should be a positive time value.")}},
	// spark.locality.wait.{process,node,rack} are fallbackConfs of
	// spark.locality.wait: milliseconds.
	{Name: "spark.locality.wait.process", Type: TypeTime, Unit: Milliseconds, Since: "0.8.0", Source: srcCore},
	{Name: "spark.locality.wait.node", Type: TypeTime, Unit: Milliseconds, Since: "0.8.0", Source: srcCore},
	{Name: "spark.locality.wait.rack", Type: TypeTime, Unit: Milliseconds, Since: "0.8.0", Source: srcCore},
	{Name: "spark.locality.wait.legacyResetOnTaskLaunch", Type: TypeBool, Since: "3.1.0", Source: srcCore},
	{Name: "spark.speculation.task.duration.threshold", Type: TypeTime, Unit: Milliseconds, Since: "3.0.0", Source: srcCore},
	{Name: "spark.speculation.efficiency.enabled", Type: TypeBool, Since: "3.4.0", Source: srcCore},
	{Name: "spark.stage.maxAttempts", Type: TypeInt, Since: "3.5.0", Source: srcCore},
	{Name: "spark.stage.ignoreDecommissionFetchFailure", Type: TypeBool, Since: "3.4.0", Source: srcCore},
	{Name: "spark.decommission.enabled", Type: TypeBool, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.application.enabled", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.taskAndStage.enabled", Type: TypeBool, Since: "4.0.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.task.maxTaskAttemptsPerExecutor", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.task.maxTaskAttemptsPerNode", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.application.maxFailedTasksPerExecutor", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.stage.maxFailedTasksPerExecutor", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.application.maxFailedExecutorsPerNode", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.stage.maxFailedExecutorsPerNode", Type: TypeInt, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.killExcludedExecutors", Type: TypeBool, Since: "3.1.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.killExcludedExecutors.decommission", Type: TypeBool, Since: "3.2.0", Source: srcCore},
	{Name: "spark.excludeOnFailure.application.fetchFailure.enabled", Type: TypeBool, Since: "3.1.0", Source: srcCore},
	{Name: "spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout", Type: TypeTime, Unit: Seconds, Since: "3.1.0", Source: srcCore,
		Checks: []Check{ge(0, "The value should be a non negative time value.")}},
	// The blacklist names: the keys themselves in 3.0, alternatives of
	// the excludeOnFailure keys from 3.1.0 (SPARK-32037), no longer read
	// from 4.1.0 (SPARK-53856).
	{Name: "spark.blacklist.task.maxTaskAttemptsPerExecutor", Type: TypeInt, Since: "2.1.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.task.maxTaskAttemptsPerExecutor"},
	{Name: "spark.blacklist.task.maxTaskAttemptsPerNode", Type: TypeInt, Since: "2.1.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.task.maxTaskAttemptsPerNode"},
	{Name: "spark.blacklist.application.maxFailedTasksPerExecutor", Type: TypeInt, Since: "2.1.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.application.maxFailedTasksPerExecutor"},
	{Name: "spark.blacklist.stage.maxFailedTasksPerExecutor", Type: TypeInt, Since: "2.1.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.stage.maxFailedTasksPerExecutor"},
	{Name: "spark.blacklist.application.maxFailedExecutorsPerNode", Type: TypeInt, Since: "2.2.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.application.maxFailedExecutorsPerNode"},
	{Name: "spark.blacklist.stage.maxFailedExecutorsPerNode", Type: TypeInt, Since: "2.1.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.stage.maxFailedExecutorsPerNode"},
	{Name: "spark.blacklist.killBlacklistedExecutors", Type: TypeBool, Since: "2.2.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.killExcludedExecutors"},
	{Name: "spark.blacklist.application.fetchFailure.enabled", Type: TypeBool, Since: "2.3.0", Until: "4.1.0", Source: srcCore,
		Deprecated: "spark.excludeOnFailure.application.fetchFailure.enabled"},
	{Name: "spark.scheduler.blacklist.unschedulableTaskSetTimeout", Type: TypeTime, Unit: Seconds, Since: "2.4.1", Until: "4.1.0",
		Source: srcCore, Deprecated: "spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout",
		Checks: []Check{ge(0, "The value should be a non negative time value.")}},
}
