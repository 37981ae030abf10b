package sparkconf

import (
	"strings"
	"testing"
)

// coreResourceCases cover the rules of coreResourceKeys and spark-submit's
// checks (submit.go): memory, overheads, cores, tasks, dynamic allocation,
// each on both sides of the release where it changed.
var coreResourceCases = []valueCase{
	{name: "driver overhead 1Gi before 4.2", spark: "JavaUtils.byteSuffixes", key: "spark.driver.memoryOverhead", value: "1Gi", version: "4.1.1",
		want: `invalid byte size "1Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
	{name: "executor overhead 1Gi before 4.2", spark: "JavaUtils.byteSuffixes", key: "spark.executor.memoryOverhead", value: "1Gi", version: "3.0..4.1",
		want: `invalid byte size "1Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
	{name: "executor overhead 1Gi from 4.2", spark: "SPARK-55051", key: "spark.executor.memoryOverhead", value: "1Gi", version: "4.2.0"},
	{name: "executor overhead in MiB", spark: "package.scala EXECUTOR_MEMORY_OVERHEAD bytesConf(MiB)", key: "spark.executor.memoryOverhead", value: "1024", version: "3.0.0"},
	{name: "max result size 2Gi before 4.2", spark: "JavaUtils.byteSuffixes", key: "spark.driver.maxResultSize", value: "2Gi", version: "4.0.0",
		want: `invalid byte size "2Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
	{name: "max result size 2Gi from 4.2", spark: "SPARK-55051", key: "spark.driver.maxResultSize", value: "2Gi", version: "4.2.1"},
	{name: "max result size 0 is unlimited", spark: "package.scala MAX_RESULT_SIZE", key: "spark.driver.maxResultSize", value: "0", version: "3.0+"},
	{name: "min overhead", spark: "package.scala EXECUTOR_MIN_MEMORY_OVERHEAD", key: "spark.executor.minMemoryOverhead", value: "512m", version: "4.0.0"},
	{name: "executor overhead factor 0", spark: "package.scala EXECUTOR_MEMORY_OVERHEAD_FACTOR", key: "spark.executor.memoryOverheadFactor",
		value: "0", version: "3.3.0", want: `invalid value "0": Ensure that memory overhead is a double greater than 0`},
	{name: "executor overhead factor above 1", spark: "package.scala EXECUTOR_MEMORY_OVERHEAD_FACTOR", key: "spark.executor.memoryOverheadFactor", value: "1.5"},
	{name: "driver overhead factor 0", spark: "package.scala DRIVER_MEMORY_OVERHEAD_FACTOR", key: "spark.driver.memoryOverheadFactor",
		value: "0", version: "3.3+", want: `invalid value "0": Ensure that memory overhead is a double greater than 0`},
	{name: "driver overhead factor", spark: "package.scala DRIVER_MEMORY_OVERHEAD_FACTOR", key: "spark.driver.memoryOverheadFactor", value: "0.4", version: "3.3+"},
	{name: "driver memory negative", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.driver.memory", value: "-1g", version: "3.0+",
		want: `invalid value "-1g": Driver memory must be a positive number (spark-submit)`},
	{name: "executor memory zero", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.executor.memory", value: "0", version: "3.0+",
		want: `invalid value "0": Executor memory must be a positive number (spark-submit)`},
	{name: "executor memory 8g", spark: "package.scala EXECUTOR_MEMORY", key: "spark.executor.memory", value: "8g", version: "3.0+"},
	{name: "driver cores zero", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.driver.cores", value: "0", version: "3.0+",
		want: `invalid value "0": Driver cores must be a positive number (spark-submit)`},
	{name: "executor cores negative", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.executor.cores", value: "-2", version: "3.0+",
		want: `invalid value "-2": Executor cores must be a positive number (spark-submit)`},
	{name: "cores max zero", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.cores.max", value: "0", version: "3.0+",
		want: `invalid value "0": Total executor cores must be a positive number (spark-submit)`},
	{name: "executor instances zero", spark: "SparkSubmitArguments.validateSubmitArguments", key: "spark.executor.instances", value: "0", version: "3.0+",
		want: `invalid value "0": Number of executors must be a positive number (spark-submit)`},
	{name: "executor instances", spark: "package.scala EXECUTOR_INSTANCES", key: "spark.executor.instances", value: "12", version: "3.0+"},
	{name: "driver timeout negative", spark: "package.scala DRIVER_TIMEOUT", key: "spark.driver.timeout", value: "-1min", version: "4.0+",
		want: `invalid value "-1min": The value should be a non-negative time value.`},
	{name: "driver timeout in minutes", spark: "package.scala DRIVER_TIMEOUT timeConf(MINUTES)", key: "spark.driver.timeout", value: "30", version: "4.0+"},
	{name: "driver console outputs", spark: "package.scala DRIVER_REDIRECT_CONSOLE_OUTPUTS", key: "spark.driver.log.redirectConsoleOutputs",
		value: "stdout, STDERR", version: "4.1+"},
	{name: "driver console output unknown", spark: "package.scala DRIVER_REDIRECT_CONSOLE_OUTPUTS", key: "spark.driver.log.redirectConsoleOutputs",
		value: "stdout,console", version: "4.1+", want: `invalid value "console": The value only can be one or more of 'stdout, stderr'.`},
	{name: "executor console output unknown", spark: "package.scala EXEC_REDIRECT_CONSOLE_OUTPUTS", key: "spark.executor.logs.redirectConsoleOutputs",
		value: "log", version: "4.1.0", want: `invalid value "log": The value only can be one or more of 'stdout, stderr'.`},
	{name: "executor console outputs", spark: "package.scala EXEC_REDIRECT_CONSOLE_OUTPUTS", key: "spark.executor.logs.redirectConsoleOutputs", value: "stderr", version: "4.1.0"},
	{name: "isolated session cache zero", spark: "package.scala EXECUTOR_ISOLATED_SESSION_CACHE_SIZE", key: "spark.executor.isolatedSessionCache.size",
		value: "0", version: "4.1+", want: `invalid value "0": The cache size must be positive.`},
	{name: "isolated session cache", spark: "package.scala EXECUTOR_ISOLATED_SESSION_CACHE_SIZE", key: "spark.executor.isolatedSessionCache.size", value: "10", version: "4.1+"},
	{name: "fatal error depth negative", spark: "package.scala KILL_ON_FATAL_ERROR_DEPTH", key: "spark.executor.killOnFatalError.depth",
		value: "-1", version: "3.1+", want: `invalid value "-1": needs to be a non-negative value`},
	{name: "fatal error depth zero", spark: "package.scala KILL_ON_FATAL_ERROR_DEPTH", key: "spark.executor.killOnFatalError.depth", value: "0", version: "3.1+"},
	{name: "task cpus zero from 4.2", spark: "SPARK-55757", key: "spark.task.cpus", value: "0", version: "4.2.0",
		want: `invalid value "0": Number of cores to allocate for each task should be positive. (Spark 4.2.0+)`},
	{name: "task cpus zero before 4.2", spark: "package.scala CPUS_PER_TASK", key: "spark.task.cpus", value: "0", version: "4.1.1"},
	{name: "task cpus", spark: "package.scala CPUS_PER_TASK", key: "spark.task.cpus", value: "2", version: "3.0+"},
	{name: "direct result of 2g from 3.4", spark: "SPARK-40622", key: "spark.task.maxDirectResultSize", value: "2g", version: "3.4.0",
		want: `invalid value "2g": The max direct result size is 2GB (Spark 3.4.0+)`},
	{name: "direct result of 2g before 3.4", spark: "package.scala TASK_MAX_DIRECT_RESULT_SIZE", key: "spark.task.maxDirectResultSize", value: "2g", version: "3.3.4"},
	{name: "direct result of 4m", spark: "package.scala TASK_MAX_DIRECT_RESULT_SIZE", key: "spark.task.maxDirectResultSize", value: "4m", version: "3.4+"},
	{name: "executor options setting a Spark conf", spark: "SparkConf.validateSettings", key: "spark.executor.extraJavaOptions",
		value: "-XX:+UseG1GC -Dspark.foo=1", version: "3.0+",
		want: `invalid value "-XX:+UseG1GC -Dspark.foo=1": spark.executor.extraJavaOptions is not allowed to set Spark options. Set them directly on a SparkConf or in a properties file when using ./bin/spark-submit.`},
	{name: "executor options setting the heap", spark: "SparkConf.validateSettings", key: "spark.executor.extraJavaOptions",
		value: "-Xmx4g", version: "3.0+",
		want: `invalid value "-Xmx4g": spark.executor.extraJavaOptions is not allowed to specify max heap memory settings. Use spark.executor.memory instead.`},
	{name: "executor options", spark: "SparkConf.validateSettings", key: "spark.executor.extraJavaOptions",
		value: "-XX:+UseG1GC -Xss4m -Dlog4j.configurationFile=/opt/log4j2.properties", version: "3.0+"},
	{name: "executor default options setting the heap from 4.0", spark: "SPARK-44650", key: "spark.executor.defaultJavaOptions",
		value: "-Xmx2g", version: "4.0.0",
		want: `invalid value "-Xmx2g": spark.executor.defaultJavaOptions is not allowed to specify max heap memory settings. Use spark.executor.memory instead. (Spark 4.0.0+)`},
	{name: "executor default options setting a conf from 4.0", spark: "SPARK-44650", key: "spark.executor.defaultJavaOptions",
		value: "-Dspark.x=1", version: "4.0+",
		want: `invalid value "-Dspark.x=1": spark.executor.defaultJavaOptions is not allowed to set Spark options. Set them directly on a SparkConf or in a properties file when using ./bin/spark-submit. (Spark 4.0.0+)`},
	{name: "executor default options before 4.0", spark: "SparkConf.validateSettings", key: "spark.executor.defaultJavaOptions", value: "-Xmx2g", version: "3.4.1"},
	{name: "driver options with Xmx anywhere before 3.5", spark: "SparkSubmitCommandBuilder.checkJavaOptions", key: "spark.driver.extraJavaOptions",
		value: "-Dtest=Xmx", version: "3.4.1",
		want: `invalid value "-Dtest=Xmx": Not allowed to specify max heap(Xmx) memory settings through java options. Use the corresponding --driver-memory or spark.driver.memory configuration instead. (Spark < 3.5.0)`},
	{name: "driver options with Xmx in a property from 3.5", spark: "SPARK-44242", key: "spark.driver.extraJavaOptions", value: "-Dtest=Xmx", version: "3.5.0"},
	{name: "driver options setting the heap from 3.5", spark: "SPARK-44242", key: "spark.driver.extraJavaOptions", value: "-XX:+UseG1GC -Xmx8g", version: "3.5+",
		want: `invalid value "-XX:+UseG1GC -Xmx8g": Not allowed to specify max heap(Xmx) memory settings through java options. Use the corresponding --driver-memory or spark.driver.memory configuration instead. (Spark 3.5.0+)`},
	{name: "driver default options setting the heap before 3.5", spark: "SparkSubmitCommandBuilder.checkJavaOptions", key: "spark.driver.defaultJavaOptions",
		value: "-Xmx8g", version: "3.0..3.4",
		want: `invalid value "-Xmx8g": Not allowed to specify max heap(Xmx) memory settings through java options. Use the corresponding --driver-memory or spark.driver.memory configuration instead. (Spark < 3.5.0)`},
	{name: "driver default options setting the heap from 3.5", spark: "SPARK-44242", key: "spark.driver.defaultJavaOptions", value: "-Xmx8g", version: "3.5+",
		want: `invalid value "-Xmx8g": Not allowed to specify max heap(Xmx) memory settings through java options. Use the corresponding --driver-memory or spark.driver.memory configuration instead. (Spark 3.5.0+)`},
	{name: "driver options", spark: "SparkSubmitCommandBuilder.checkJavaOptions", key: "spark.driver.extraJavaOptions",
		value: "-XX:+UseG1GC -Xms2g -Divy.home=/tmp", version: "3.0+"},
	{name: "driver default options", spark: "SparkSubmitCommandBuilder.checkJavaOptions", key: "spark.driver.defaultJavaOptions", value: "-XX:+UseG1GC", version: "3.0+"},
	{name: "memory fraction above one", spark: "SparkConf.validateSettings", key: "spark.memory.fraction", value: "1.5", version: "3.0+",
		want: `invalid value "1.5": spark.memory.fraction should be between 0 and 1`},
	{name: "memory fraction", spark: "SparkConf.validateSettings", key: "spark.memory.fraction", value: "0.8", version: "3.0+"},
	{name: "storage fraction negative", spark: "package.scala MEMORY_STORAGE_FRACTION", key: "spark.memory.storageFraction",
		value: "-0.1", version: "3.0+", want: `invalid value "-0.1": Storage fraction must be in [0,1)`},
	{name: "storage fraction", spark: "package.scala MEMORY_STORAGE_FRACTION", key: "spark.memory.storageFraction", value: "0.3", version: "3.0+"},
	{name: "off-heap size negative", spark: "package.scala MEMORY_OFFHEAP_SIZE", key: "spark.memory.offHeap.size",
		value: "-1", version: "3.0+", want: `invalid value "-1": The off-heap memory size must not be negative`},
	{name: "off-heap size", spark: "package.scala MEMORY_OFFHEAP_SIZE", key: "spark.memory.offHeap.size", value: "2g", version: "3.0+"},
	{name: "idle timeout negative", spark: "package.scala DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT", key: "spark.dynamicAllocation.executorIdleTimeout",
		value: "-1s", version: "3.0+", want: `invalid value "-1s": Timeout must be >= 0.`},
	{name: "idle timeout zero", spark: "package.scala DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT", key: "spark.dynamicAllocation.executorIdleTimeout", value: "0", version: "3.0+"},
	{name: "cached idle timeout negative", spark: "package.scala DYN_ALLOCATION_CACHED_EXECUTOR_IDLE_TIMEOUT", key: "spark.dynamicAllocation.cachedExecutorIdleTimeout",
		value: "-5", version: "3.0+", want: `invalid value "-5": Timeout must be >= 0.`},
	{name: "cached idle timeout", spark: "package.scala DYN_ALLOCATION_CACHED_EXECUTOR_IDLE_TIMEOUT", key: "spark.dynamicAllocation.cachedExecutorIdleTimeout", value: "30min", version: "3.0+"},
	{name: "shuffle tracking timeout negative", spark: "package.scala DYN_ALLOCATION_SHUFFLE_TRACKING_TIMEOUT", key: "spark.dynamicAllocation.shuffleTracking.timeout",
		value: "-1ms", version: "3.0+", want: `invalid value "-1ms": Timeout must be >= 0.`},
	{name: "shuffle tracking timeout", spark: "package.scala DYN_ALLOCATION_SHUFFLE_TRACKING_TIMEOUT", key: "spark.dynamicAllocation.shuffleTracking.timeout", value: "1h", version: "3.0+"},
	{name: "initial executors an int", spark: "package.scala DYN_ALLOCATION_INITIAL_EXECUTORS fallbackConf", key: "spark.dynamicAllocation.initialExecutors",
		value: "two", version: "3.0+", want: `invalid int "two"`},
	{name: "sustained backlog timeout in seconds", spark: "package.scala DYN_ALLOCATION_SUSTAINED_SCHEDULER_BACKLOG_TIMEOUT fallbackConf",
		key: "spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", value: "5", version: "3.0+"},
	{name: "rolling log files: worker only", spark: "FileAppender", key: "spark.executor.logs.rolling.maxRetainedFiles", value: "ten", version: "3.0+"},
	{name: "python worker memory: PySpark's own parser", spark: "pyspark rdd._parse_memory", key: "spark.python.worker.memory", value: "1.5g", version: "3.0+"},
}

// TestCoreResourceRules runs coreResourceCases.
func TestCoreResourceRules(t *testing.T) {
	runValueCases(t, coreResourceCases)
}

// TestCoreRemovedKeys checks keys a later release no longer reads: the
// blacklist names, read until 4.1.0 (SPARK-53856), and the RPC retry keys,
// read until 3.4.0 (SPARK-39266). A bad value is refused where they are read
// and only warned about where they are not.
func TestCoreRemovedKeys(t *testing.T) {
	for _, key := range []string{"spark.rpc.numRetries", "spark.rpc.retry.wait"} {
		if got := problemsOf(t, key+"=often\n", "3.3.4"); len(got) != 1 || got[0].Severity != Error {
			t.Errorf("%s in 3.3.4: %v, want one error", key, got)
		}
		if got := problemsOf(t, key+"=often\n", "3.4.0"); len(got) != 1 || got[0].Severity != Warning ||
			!strings.Contains(got[0].Message, "removed in Spark 3.4.0") {
			t.Errorf("%s in 3.4.0: %v, want one removal warning", key, got)
		}
	}
	for _, key := range []string{"spark.blacklist.enabled", "spark.blacklist.killBlacklistedExecutors"} {
		if got := problemsOf(t, key+"=maybe\n", "4.0.1"); len(got) != 2 || got[0].Severity != Error ||
			got[0].Message != `invalid boolean "maybe": Spark accepts true or false` {
			t.Errorf("%s in 4.0.1: %v, want the deprecation warning and the boolean error", key, got)
		}
		got := problemsOf(t, key+"=maybe\n", "4.1.0")
		if len(got) != 1 || got[0].Severity != Warning || !strings.Contains(got[0].Message, "removed in Spark 4.1.0") {
			t.Errorf("%s in 4.1.0: %v, want one removal warning", key, got)
		}
		got = problemsOf(t, key+"=maybe\n", "4.0..4.1")
		if len(got) == 0 || got[len(got)-1].Severity != Warning {
			t.Errorf("%s in 4.0 and 4.1: %v, want warnings only", key, got)
		}
	}
}

// TestCoreKeysBeforeTheirRelease checks that a key a release does not have
// is never an error there, whatever its value.
func TestCoreKeysBeforeTheirRelease(t *testing.T) {
	for key, first := range map[string]string{
		"spark.executor.isolatedSessionCache.size":     "4.1.0",
		"spark.driver.timeout":                         "4.0.0",
		"spark.storage.blockManagerHeartbeatTimeoutMs": "3.1.0",
		"spark.unsafe.sorter.spill.merge.factor":       "4.2.0",
	} {
		got := problemsOf(t, key+"=-7\n", "3.0.0")
		if len(got) != 1 || got[0].Severity != Warning || !strings.Contains(got[0].Message, "not a key before Spark "+first) {
			t.Errorf("%s in 3.0.0: %v, want one warning that %s added it", key, got, first)
		}
	}
}
