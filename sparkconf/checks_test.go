package sparkconf

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// valueCase is one entry run through a Validator, naming the Spark source
// of the rule it follows. want is "" for a value Spark accepts.
type valueCase struct {
	name    string
	spark   string // the rule's Spark source
	key     string
	value   string
	version string
	want    string
	// with are more lines of the file, after the key's: what a rule
	// depends on, such as the plugin that reads the key.
	with string
}

// TestValueTypes checks parsing per value type, as ConfigBuilder.scala's
// ConfigHelpers and JavaUtils parse.
func TestValueTypes(t *testing.T) {
	runValueCases(t, []valueCase{
		{name: "boolean any case", spark: "ConfigHelpers.toBoolean", key: "spark.eventLog.enabled", value: "TRUE"},
		{name: "boolean yes", spark: "ConfigHelpers.toBoolean", key: "spark.eventLog.enabled", value: "yes",
			want: `invalid boolean "yes": Spark accepts true or false`},
		{name: "int fraction", spark: "ConfigHelpers.toNumber(_.toInt)", key: "spark.driver.port", value: "70.5",
			want: `invalid int "70.5"`},
		{name: "int overflow", spark: "Integer.parseInt", key: "spark.ui.port", value: "3000000000",
			want: `int "3000000000" is out of range`},
		{name: "long accepts what int cannot", spark: "Long.parseLong", key: "spark.kubernetes.configMap.maxSize", value: "1000000"},
		{name: "double comma", spark: "Double.parseDouble", key: "spark.memory.fraction", value: "0,6",
			want: `invalid double "0,6"`},
		{name: "byte size", spark: "JavaUtils.byteStringAs", key: "spark.executor.memory", value: "4g"},
		{name: "byte size Kubernetes quantity before 4.2", spark: "JavaUtils.byteSuffixes", key: "spark.executor.memory",
			value: "4Gi", version: "4.1.1",
			want: `invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
		{name: "byte size Kubernetes quantity from 4.2", spark: "SPARK-55051", key: "spark.executor.memory", value: "4Gi", version: "4.2.0"},
		{name: "byte size fraction", spark: "JavaUtils.BYTE_STRING_FRACTION_PATTERN", key: "spark.driver.memory", value: "1.5g",
			want: `invalid byte size "1.5g": fractional values are not supported; use 1536m`},
		{name: "duration", spark: "JavaUtils.timeStringAs", key: "spark.network.timeout", value: "5min"},
		{name: "duration with a space", spark: "JavaUtils.TIME_STRING_PATTERN", key: "spark.network.timeout", value: "5 minutes",
			want: `invalid duration "5 minutes": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`},
		{name: "enum case-sensitive", spark: "Config.scala CONTAINER_IMAGE_PULL_POLICY checkValues", key: "spark.kubernetes.container.image.pullPolicy",
			value: "always", want: `invalid value "always": must be one of Always, Never, IfNotPresent (case-sensitive)`},
		{name: "enum exact", spark: "Config.scala CONTAINER_IMAGE_PULL_POLICY", key: "spark.kubernetes.container.image.pullPolicy", value: "IfNotPresent"},
		{name: "enum upper-cased first", spark: "Config.scala EXECUTOR_ROLL_POLICY transform(_.toUpperCase)", key: "spark.kubernetes.executor.rollPolicy", value: "outlier"},
		{name: "enum unknown", spark: "Config.scala EXECUTOR_ROLL_POLICY checkValues", with: "spark.plugins=org.apache.spark.scheduler.cluster.k8s.ExecutorRollPlugin\n", key: "spark.kubernetes.executor.rollPolicy", value: "newest",
			want: `invalid value "newest": must be one of ID, ADD_TIME, TOTAL_GC_TIME, TOTAL_DURATION, AVERAGE_DURATION, FAILED_TASKS, PEAK_JVM_ONHEAP_MEMORY, PEAK_JVM_OFFHEAP_MEMORY, TOTAL_SHUFFLE_WRITE, DISK_USED, OUTLIER, OUTLIER_NO_FALLBACK`},
		{name: "enum with a comma", spark: "Config.scala KUBERNETES_DRIVER_SERVICE_IP_FAMILIES", key: "spark.kubernetes.driver.service.ipFamilies", value: "IPv4,IPv6"},
		{name: "enum lower-cased first", spark: "SQLConf PARQUET_COMPRESSION", key: "spark.sql.parquet.compression.codec", value: "ZSTD"},
		{name: "scheduler mode", spark: "TaskSchedulerImpl SchedulingMode.withName", key: "spark.scheduler.mode", value: "fifo"},
		{name: "log level", spark: "package.scala SPARK_LOG_LEVEL", key: "spark.log.level", value: "VERBOSE",
			want: `invalid value "VERBOSE": must be one of ALL, DEBUG, ERROR, FATAL, INFO, OFF, TRACE, WARN`},
	})
}

// TestCheckValueRules checks the checkValue and checkValues rules of
// Config.scala, package.scala, UI.scala and SQLConf, with the versions
// where they changed.
func TestCheckValueRules(t *testing.T) {
	runValueCases(t, []valueCase{
		{name: "allocation batch size positive", spark: "Config.scala KUBERNETES_ALLOCATION_BATCH_SIZE", key: "spark.kubernetes.allocation.batch.size",
			value: "0", want: `invalid value "0": Allocation batch size should be a positive integer`},
		{name: "batch delay of 50ms before 4.0", spark: "Config.scala KUBERNETES_ALLOCATION_BATCH_DELAY", key: "spark.kubernetes.allocation.batch.delay",
			value: "50ms", version: "3.5.3"},
		{name: "batch delay of 50ms from 4.0", spark: "SPARK-49447", key: "spark.kubernetes.allocation.batch.delay", value: "50ms", version: "4.0.0",
			want: `invalid value "50ms": Allocation batch delay must be greater than 0.1s. (Spark 4.0.0+)`},
		{name: "batch delay zero before 4.0", spark: "Config.scala KUBERNETES_ALLOCATION_BATCH_DELAY", key: "spark.kubernetes.allocation.batch.delay",
			value: "0", version: "3.5.3", want: `invalid value "0": Allocation batch delay must be a positive time value. (Spark < 4.0.0)`},
		{name: "memory overhead factor 1.5 before 3.3", spark: "Config.scala MEMORY_OVERHEAD_FACTOR", key: "spark.kubernetes.memoryOverheadFactor",
			value: "1.5", version: "3.2.4", want: `invalid value "1.5": Ensure that memory overhead is a double between 0 --> 1.0 (Spark < 3.3.0)`},
		{name: "memory overhead factor 1.5 from 3.3", spark: "SPARK-37611", key: "spark.kubernetes.memoryOverheadFactor", value: "1.5"},
		{name: "memory overhead factor negative", spark: "Config.scala MEMORY_OVERHEAD_FACTOR", key: "spark.kubernetes.memoryOverheadFactor",
			value: "-0.1", want: `invalid value "-0.1": Ensure that memory overhead is non-negative (Spark 3.3.0+)`},
		{name: "pod name prefix DNS", spark: "Config.scala isValidExecutorPodNamePrefix", key: "spark.kubernetes.executor.podNamePrefix",
			value: "My_Job", want: `invalid value "My_Job": must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names and the value length <= 237 (Spark 3.3.1+)`},
		{name: "pod name prefix of 40 in 3.2", spark: "SPARK-35460", key: "spark.kubernetes.executor.podNamePrefix", version: "3.2.1",
			value: "a234567890123456789012345678901234567890",
			want:  `invalid value "a234567890123456789012345678901234567890": must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 38 (Spark 3.2.0 to 3.3.0)`},
		{name: "pod name prefix of 40 from 3.3.1", spark: "SPARK-39614", key: "spark.kubernetes.executor.podNamePrefix",
			value: "a234567890123456789012345678901234567890"},
		{name: "python version 2 from 3.1", spark: "Config.scala PYSPARK_MAJOR_PYTHON_VERSION", key: "spark.kubernetes.pyspark.pythonVersion",
			value: "2", want: `invalid value "2": Python 2 was dropped from Spark 3.1, and only 3 is allowed in this configuration. Note that this configuration was deprecated in Spark 3.1. Please set 'spark.pyspark.python' and 'spark.pyspark.driver.python' configurations or PYSPARK_PYTHON and PYSPARK_DRIVER_PYTHON environment variables instead. (Spark 3.1.0+)`},
		{name: "python version 2 in 3.0", spark: "Config.scala PYSPARK_MAJOR_PYTHON_VERSION", key: "spark.kubernetes.pyspark.pythonVersion", value: "2", version: "3.0.3"},
		{name: "config map max size from 4.0", spark: "Config.scala CONFIG_MAP_MAXSIZE", key: "spark.kubernetes.configMap.maxSize",
			value: "1572864", want: `invalid value "1572864": Must have at most 1048576 bytes (Spark 4.0.0+)`},
		{name: "roll interval non-negative", spark: "Config.scala EXECUTOR_ROLL_INTERVAL", with: "spark.plugins=org.apache.spark.scheduler.cluster.k8s.ExecutorRollPlugin\n", key: "spark.kubernetes.executor.rollInterval",
			value: "-1s", want: `invalid value "-1s": Interval should be non-negative`},
		{name: "max pending pods positive", spark: "Config.scala KUBERNETES_MAX_PENDING_PODS", key: "spark.kubernetes.allocation.maxPendingPods",
			value: "-5", want: `invalid value "-5": Maximum number of pending pods should be a positive integer`},
		{name: "storage fraction below one", spark: "package.scala MEMORY_STORAGE_FRACTION", key: "spark.memory.storageFraction",
			value: "1.0", want: `invalid value "1.0": Storage fraction must be in [0,1)`},
		{name: "event log file at least 10 MiB", spark: "package.scala EVENT_LOG_ROLLING_MAX_FILE_SIZE", key: "spark.eventLog.rolling.maxFileSize",
			value: "1m", want: `invalid value "1m": Max file size of event log should be configured to be at least 2 MiB. (Spark 4.1.0+)`},
		{name: "fallback storage path ends with /", spark: "package.scala STORAGE_DECOMMISSION_FALLBACK_STORAGE_PATH", key: "spark.storage.decommission.fallbackStorage.path",
			value: "s3a://bucket/spark", want: `invalid value "s3a://bucket/spark": Path should end with separator.`},
		{name: "reverse proxy URL", spark: "UI.scala UI_REVERSE_PROXY_URL", key: "spark.ui.reverseProxyUrl", value: "https://gw/proxy/app",
			want: `invalid value "https://gw/proxy/app": Cannot use the keyword 'proxy' or 'history' in reverse proxy URL. Spark UI relies on both keywords for getting REST API endpoints from URIs.`},
		{name: "encryption key size", spark: "package.scala IO_ENCRYPTION_KEY_SIZE_BITS checkValues", key: "spark.io.encryption.keySizeBits",
			value: "512", want: `invalid value "512": must be one of 128, 192, 256`},
		{name: "shuffle partitions positive", spark: "SQLConf SHUFFLE_PARTITIONS", key: "spark.sql.shuffle.partitions",
			value: "0", want: `invalid value "0": The value of spark.sql.shuffle.partitions must be positive`},
		{name: "memory overhead factor of the driver", spark: "package.scala DRIVER_MEMORY_OVERHEAD_FACTOR", key: "spark.driver.memoryOverheadFactor",
			value: "0", want: `invalid value "0": Ensure that memory overhead is a double greater than 0`},
	})
}

// TestFamilyRules checks the rules Spark applies to keys it reads by
// prefix.
func TestFamilyRules(t *testing.T) {
	runValueCases(t, []valueCase{
		{name: "secretKeyRef name:key", spark: "EnvSecretsFeatureStep", key: "spark.kubernetes.driver.secretKeyRef.AWS_KEY", value: "aws-secrets:key"},
		{name: "secretKeyRef without key", spark: "EnvSecretsFeatureStep", key: "spark.kubernetes.executor.secretKeyRef.AWS_KEY", value: "aws-secrets",
			want: `invalid value "aws-secrets": SecretKeyRef must be in the form name:key.`},
		{name: "reserved driver label", spark: "KubernetesConf.scala KubernetesDriverConf.labels", key: "spark.kubernetes.driver.label.spark-role",
			value: "driver", want: "Label with key spark-role is not allowed as it is reserved for Spark bookkeeping operations."},
		{name: "reserved executor label", spark: "KubernetesConf.scala KubernetesExecutorConf.labels", key: "spark.kubernetes.executor.label.spark-exec-id",
			value: "1", want: "Custom executor labels cannot contain spark-exec-id as it is reserved for Spark."},
		{name: "secretKeyRef trailing colon", spark: "EnvSecretsFeatureStep String.split", key: "spark.kubernetes.driver.secretKeyRef.A", value: "s:k:"},
	})
}

// runValueCases validates "key=value" of each case against its version.
func runValueCases(t *testing.T, tests []valueCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewValidator(Options{})
			if err != nil {
				t.Fatal(err)
			}
			version := tt.version
			if version == "" {
				version = NewestRelease
			}
			got := v.ValidateData([]byte(tt.key+"="+tt.value+"\n"+tt.with), at(t, version)).Problems
			var want []Problem
			if tt.want != "" {
				want = []Problem{{Line: 1, Key: tt.key, Message: tt.want, Severity: Error}}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (%s) (-want +got):\n%s", tt.key, tt.spark, diff)
			}
		})
	}
}
