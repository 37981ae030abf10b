package sparkconf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidateRealDriverConfigMap validates the spark.properties of a real
// driver ConfigMap written by spark-submit (EMR 6.10, Spark 3.3.1): header
// comments, escaped k8s\://https\:// master. It must pass clean against
// its own release and the newest.
func TestValidateRealDriverConfigMap(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "spark-drv-conf-map.properties"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewValidator(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"", "3.3.1-amzn-0", "3.5.3", "4.0.1"} {
		if got := v.ValidateData(data, at(t, version)).Problems; len(got) != 0 {
			t.Errorf("version %q: problems %v, want none", version, got)
		}
	}
	props, _ := Parse(data)
	if e, _ := props.Get("spark.master"); e.Value != "k8s://https://87C2A505AF21618F97F402E454E530AF.yl4.ap-northeast-2.eks.amazonaws.com" || e.Line != 6 {
		t.Errorf("spark.master = %+v", e)
	}
}

// TestValidateKeys covers keys rather than values: unknown keys and their
// suggestions, keys Spark ignores, families, duplicates, versions.
func TestValidateKeys(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		version string
		want    []Problem
	}{{
		name:  "misspelt key",
		input: "spark.executor.memroy=4g\n",
		want:  []Problem{{Line: 1, Key: "spark.executor.memroy", Message: "unknown key, did you mean spark.executor.memory?", Severity: Warning}},
	}, {
		name:  "wrong letter case",
		input: "spark.Executor.Memory=4g\n",
		want:  []Problem{{Line: 1, Key: "spark.Executor.Memory", Message: "unknown key, did you mean spark.executor.memory?", Severity: Warning}},
	}, {
		name:  "misspelt family prefix",
		input: "spark.kubernetes.driver.labels.team=data\n",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.driver.labels.team",
			Message: "unknown key, did you mean spark.kubernetes.driver.label.team?", Severity: Warning}},
	}, {
		name:  "driverEnv is spelt spark.kubernetes.driverEnv",
		input: "spark.driverEnv.TZ=UTC\n",
		want: []Problem{{Line: 1, Key: "spark.driverEnv.TZ",
			Message: "unknown key, did you mean spark.kubernetes.driverEnv.TZ?", Severity: Warning}},
	}, {
		name: "families and unknown keys far from any known key are fine",
		input: "spark.kubernetes.driver.annotation.prometheus.io/scrape=true\n" +
			"spark.hadoop.fs.s3a.endpoint=http://minio\nspark.executorEnv.TZ=UTC\n" +
			"spark.sql.catalog.iceberg=org.apache.iceberg.spark.SparkCatalog\n" +
			"spark.sql.iceberg.handle-timestamp-without-timezone=true\nspark.myteam.owner=data\n",
	}, {
		name:  "non-spark keys are dropped by spark-submit",
		input: "log4j.rootCategory=INFO\nsprak.executor.memory=4g\n",
		want: []Problem{
			{Line: 1, Key: "log4j.rootCategory", Severity: Warning,
				Message: `ignored by Spark: spark-submit drops keys that do not start with "spark." (SparkSubmitArguments.ignoreNonSparkProperties)`},
			{Line: 2, Key: "sprak.executor.memory", Severity: Warning,
				Message: `ignored by Spark: spark-submit drops keys that do not start with "spark." (SparkSubmitArguments.ignoreNonSparkProperties); did you mean spark.executor.memory?`},
		},
	}, {
		name:  "duplicates: the last wins",
		input: "spark.executor.cores=2\n# tuned\nspark.executor.cores=4\n",
		want: []Problem{{Line: 1, Key: "spark.executor.cores",
			Message: "duplicate key, line 1 overridden by line 3", Severity: Warning}},
	}, {
		name:    "a key newer than the target release",
		input:   "spark.kubernetes.executor.useDriverPodIP=true\n",
		version: "3.5.3",
		want: []Problem{{Line: 1, Key: "spark.kubernetes.executor.useDriverPodIP",
			Message: "not a key before Spark 4.1.0, which added it: older releases ignore it", Severity: Warning}},
	}, {
		name:  "deprecated key",
		input: "spark.blacklist.enabled=true\n",
		want: []Problem{{Line: 1, Key: "spark.blacklist.enabled",
			Message: "deprecated: use spark.excludeOnFailure.enabled (Spark 3.0.0 to 4.0.x)", Severity: Warning}},
	}, {

		name: "volumes",
		input: "spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path=/data\n" +
			"spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.readonly=true\n" +
			"spark.kubernetes.executor.volumes.hostpath.logs.mount.path=/logs\n" +
			"spark.kubernetes.executor.volumes.emptyDir.tmp.options.medium=Memory\n" +
			"spark.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName=data\n",
		want: []Problem{
			{Line: 2, Key: "spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.readonly", Severity: Warning,
				Message: "unknown volume option, ignored by Spark; did you mean spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.readOnly?"},
			{Line: 3, Key: "spark.kubernetes.executor.volumes.hostpath.logs.mount.path", Severity: Error,
				Message: "Kubernetes Volume type `hostpath` is not supported: use one of hostPath, persistentVolumeClaim, emptyDir, nfs"},
			{Line: 4, Key: "spark.kubernetes.executor.volumes.emptyDir.tmp.options.medium", Severity: Error,
				Message: "volume tmp has no spark.kubernetes.executor.volumes.emptyDir.tmp.mount.path, which Spark requires"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewValidator(Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, v.ValidateData([]byte(tt.input), at(t, tt.version)).Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateSubmit follows SparkSubmitArguments.validateSubmitArguments,
// which the driver pod's own spark-submit runs.
func TestValidateSubmit(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Problem
	}{{
		name:  "zero executors",
		input: "spark.executor.instances=0\n",
		want: []Problem{{Line: 1, Key: "spark.executor.instances", Severity: Error,
			Message: `invalid value "0": Number of executors must be a positive number (spark-submit)`}},
	}, {
		name:  "zero executors with dynamic allocation",
		input: "spark.executor.instances=0\nspark.dynamicAllocation.enabled=TRUE\n",
	}, {
		name:  "negative memory parses for bytesConf but not for spark-submit",
		input: "spark.driver.memory=-1g\n",
		want: []Problem{{Line: 1, Key: "spark.driver.memory", Severity: Error,
			Message: `invalid value "-1g": Driver memory must be a positive number (spark-submit)`}},
	}, {
		name:  "zero cores",
		input: "spark.executor.cores=0\nspark.driver.cores=1\nspark.cores.max=-1\n",
		want: []Problem{
			{Line: 1, Key: "spark.executor.cores", Severity: Error,
				Message: `invalid value "0": Executor cores must be a positive number (spark-submit)`},
			{Line: 3, Key: "spark.cores.max", Severity: Error,
				Message: `invalid value "-1": Total executor cores must be a positive number (spark-submit)`},
		},
	}, {
		name:  "one mistake, one problem",
		input: "spark.executor.memory=4GB RAM\n",
		want: []Problem{{Line: 1, Key: "spark.executor.memory", Severity: Error,
			Message: `invalid byte size "4GB RAM": expected a whole number with an optional unit suffix; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := NewValidator(Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, v.ValidateData([]byte(tt.input), Target{}).Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateSyntaxErrors checks that syntax errors join the other
// problems, in line order.
func TestValidateSyntaxErrors(t *testing.T) {
	v, err := NewValidator(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := v.ValidateData([]byte("spark.executor.memory=4x\nspark.local.dir=C:\\users\\x\n"), Target{}).Problems
	want := []Problem{
		{Line: 1, Key: "spark.executor.memory", Severity: Error,
			Message: `invalid byte size "4x": invalid suffix "x"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`},
		{Line: 2, Message: `malformed \uxxxx encoding`, Severity: Error},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if s := got[1].String(); s != `line 2: malformed \uxxxx encoding` {
		t.Errorf("String() = %q", s)
	}
	if s := got[0].String(); s != `line 1: spark.executor.memory: invalid byte size "4x": invalid suffix "x"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)` {
		t.Errorf("String() = %q", s)
	}
}
