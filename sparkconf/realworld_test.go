package sparkconf

import (
	"slices"
	"strings"
	"testing"
)

// realWorldCase is one shape of value found in public spark-defaults.conf
// files, Spark Operator sparkConf maps and driver ConfigMaps, or typed by
// hand the way people write them, with what Spark does with it.
type realWorldCase struct {
	name string
	// spark cites the Spark source and release that decides the case.
	spark string
	// input is the spark.properties, in the minimal lines that show it.
	input string
	// version is the release set the file is checked for ("" resolves it).
	version string
	// errors are the keys that must be denied; every other key must not be.
	errors []string
	// warnings are keys that must carry a warning.
	warnings []string
}

// realWorldCases are values Spark accepts and sparkhook once denied, kept
// as regressions, next to values Spark does refuse, to show where the line
// is.
var realWorldCases = []realWorldCase{{
	name:    "reference to another key of the file is substituted before parsing",
	spark:   "ConfigReader.substitute via ConfigEntry.readString (core/.../internal/config/ConfigReader.scala, ConfigEntry.scala, 3.5.1)",
	input:   "spark.driver.memory=4g\nspark.executor.memoryOverhead=${spark.driver.memory}\n",
	version: "3.5.1",
}, {
	name:    "references concatenated into one value",
	spark:   "ConfigReader.REF_RE replaces every match (3.0.0 and 4.x)",
	input:   "spark.overhead.amount=1\nspark.overhead.unit=g\nspark.driver.maxResultSize=${spark.overhead.amount}${spark.overhead.unit}\n",
	version: "3.0.0",
}, {
	name:     "environment reference is not type-checked",
	spark:    "ConfigReader binds env to EnvProvider: only the driver's environment decides (3.5.1)",
	input:    "spark.network.timeout=${env:NETWORK_TIMEOUT}\n",
	warnings: []string{"spark.network.timeout"},
}, {
	name:     "system property reference is not type-checked",
	spark:    "ConfigReader binds system to SystemProvider (4.0.0)",
	input:    "spark.kubernetes.allocation.batch.size=${system:alloc.batch}\n",
	version:  "4.0.0",
	warnings: []string{"spark.kubernetes.allocation.batch.size"},
}, {
	name:     "reference to a key the file does not set falls back to the driver",
	spark:    "ConfigReader.getOrDefault: the entry's default, else the text kept as written (3.5.1)",
	input:    "spark.dynamicAllocation.executorIdleTimeout=${spark.idle.timeout}\n",
	version:  "3.5.1",
	warnings: []string{"spark.dynamicAllocation.executorIdleTimeout"},
}, {
	name:    "reference resolving to a value of the wrong type is still refused",
	spark:   "ConfigBuilder.timeConf converts the substituted 4g: JavaUtils.timeStringAs refuses the suffix g (3.5.1)",
	input:   "spark.driver.memory=4g\nspark.executor.heartbeatInterval=${spark.driver.memory}\n",
	version: "3.5.1",
	errors:  []string{"spark.executor.heartbeatInterval"},
}, {
	name:    "spark-submit checks the memory as written, without substitution",
	spark:   "SparkSubmitArguments.loadEnvironmentArguments reads sparkProperties raw; validateSubmitArguments: byteStringAsBytes fails (3.5.1, 4.0.0)",
	input:   "spark.driver.memory=4g\nspark.executor.memory=${spark.driver.memory}\n",
	version: "3.5.1",
	errors:  []string{"spark.executor.memory"},
}, {
	name:    "SQL confs are validated as written, without substitution",
	spark:   "BaseSessionStateBuilder.mergeSparkConf -> SQLConf.setConfString -> entry.valueConverter(raw value) (3.5.1)",
	input:   "spark.sql.shuffle.partitions=${env:SHUFFLE_PARTITIONS}\n",
	version: "3.5.1",
	errors:  []string{"spark.sql.shuffle.partitions"},
}, {
	name: "an application's own image tag is not a Spark release",
	spark: "KubernetesVolumeUtils reads nfs volumes since 3.1.0 (SPARK-31394); Spark runs on Kubernetes " +
		"since 2.3.0, so a tag v1.1.0 (seen on a Spark 3.5.2 RAPIDS image in awslabs/data-on-eks) names no Spark release",
	input: "spark.kubernetes.container.image=registry.example/spark352-rapids:v1.1.0\n" +
		"spark.kubernetes.executor.volumes.nfs.shared.mount.path=/shared\n" +
		"spark.kubernetes.executor.volumes.nfs.shared.options.server=10.0.0.1\n" +
		"spark.kubernetes.executor.volumes.nfs.shared.options.path=/exports\n",
	warnings: []string{"spark.kubernetes.executor.volumes.nfs.shared.mount.path"},
}, {
	name:    "SparkConf.validateSettings reads the memory fraction as written",
	spark:   "SparkConf.validateSettings: getDouble(spark.memory.fraction) parses the raw value (3.5.1)",
	input:   "spark.memory.fraction=${env:MEMORY_FRACTION}\n",
	version: "3.5.1",
	errors:  []string{"spark.memory.fraction"},
}, {
	name:    "the launcher refuses -Xmx in the driver's options whatever they refer to",
	spark:   "SparkSubmitCommandBuilder.checkJavaOptions reads the properties file itself (3.5.1)",
	input:   "spark.driver.extraJavaOptions=-Xmx4g -Dlog.dir=${env:LOG_DIR}\n",
	version: "3.5.1",
	errors:  []string{"spark.driver.extraJavaOptions"},
}, {
	name:    "a free string with a reference is no finding at all",
	spark:   "ConfigReader substitutes spark.metrics.namespace, a stringConf with no check (3.5.1)",
	input:   "spark.metrics.namespace=${spark.app.name}\n",
	version: "3.5.1",
}, {
	name:    "hand-typed values Spark reads: case, spaces, units, signs",
	spark:   "ConfigHelpers.toBoolean trims and lower-cases; JavaUtils.byteStringAs lower-cases; Integer.parseInt takes '+'; timeConf(SECONDS) reads 60 as 60s (3.5.1)",
	input:   "spark.eventLog.enabled=  TRUE  \nspark.kryoserializer.buffer.max=512M\nspark.task.maxFailures=+4\nspark.dynamicAllocation.executorIdleTimeout=60\nspark.executor.heartbeatInterval=20S\n",
	version: "3.5.1",
}, {
	name:    "upper-case enumeration of a transformed conf",
	spark:   "SQLConf PARTITION_OVERWRITE_MODE .transform(_.toUpperCase(Locale.ROOT)) (3.0.0)",
	input:   "spark.sql.sources.partitionOverwriteMode=dynamic\nspark.io.compression.codec=ZSTD\n",
	version: "3.0.0",
}}

// TestRealWorldValues checks realWorldCases: the keys that must be denied
// are, no other key is, and the expected warnings are there.
func TestRealWorldValues(t *testing.T) {
	for _, tc := range realWorldCases {
		t.Run(tc.name, func(t *testing.T) {
			var errs, warns []string
			for _, p := range problemsOf(t, tc.input, tc.version) {
				if p.Severity == Error {
					errs = append(errs, p.Key)
				} else {
					warns = append(warns, p.Key)
				}
			}
			slices.Sort(errs)
			want := slices.Clone(tc.errors)
			slices.Sort(want)
			if !slices.Equal(errs, want) {
				t.Errorf("denied keys %v, want %v (Spark: %s)", errs, want, tc.spark)
			}
			for _, k := range tc.warnings {
				if !slices.Contains(warns, k) {
					t.Errorf("no warning for %s; warnings on %v", k, warns)
				}
			}
		})
	}
}

// TestImageReleasesBeforeKubernetes: tags older than Spark 2.3.0, the first
// release on Kubernetes, or in a line Spark never had (2.5+, 3.6+), are an
// application's version and name no release; a genuine 2.4.5 image, or a
// 4.x release newer than the catalogue, still does.
func TestImageReleasesBeforeKubernetes(t *testing.T) {
	for image, want := range map[string]bool{
		"registry.example/spark352-rapids:v1.1.0": false,
		"ghcr.io/acme/spark-etl-job:2.0.1":        false,
		"ghcr.io/acme/spark-etl-job:2.7.0":        false,
		"ghcr.io/acme/spark-etl-job:3.6.2":        false,
		"apache/spark:4.3.0":                      true,
		"uprush/apache-spark:2.4.5":               true,
		"apache/spark:3.5.3":                      true,
	} {
		if _, ok := ImageReleases(image); ok != want {
			t.Errorf("ImageReleases(%q) ok = %v, want %v", image, ok, want)
		}
	}
}

// TestSubstitute covers the reference syntax of ConfigReader.REF_RE and
// its resolution against the file.
func TestSubstitute(t *testing.T) {
	props, _ := Parse([]byte("spark.a=1\nspark.b=${spark.a}g\nspark.c=${spark.c}\nspark.d=${spark.e}\nspark.e=${spark.d}\n"))
	tests := []struct {
		in, want string
		ok       bool
	}{
		{in: "4g", want: "4g", ok: true},
		{in: "${spark.b}", want: "1g", ok: true},
		{in: "x${spark.a}y${spark.a}", want: "x1y1", ok: true},
		{in: "${env:HOME}", want: "${env:HOME}"},
		{in: "${system:user.dir}", want: "${system:user.dir}"},
		{in: "${spark.unset}", want: "${spark.unset}"},
		{in: "${HOME}", want: "${HOME}"},
		{in: "${spark.c}", want: "${spark.c}"},
		{in: "${spark.d}", want: "${spark.d}"},
		{in: "${ spark.a}", want: "${ spark.a}", ok: true},
		{in: "${}", want: "${}", ok: true},
	}
	for _, tc := range tests {
		got, ok := substitute(tc.in, props)
		if ok != tc.ok || (ok && got != tc.want) || (!ok && !strings.Contains(got, "${")) {
			t.Errorf("substitute(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
