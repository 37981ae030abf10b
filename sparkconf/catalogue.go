package sparkconf

import (
	"slices"
	"strings"
)

// The Spark source files the catalogue's rows come from, relative to the
// root of apache/spark.
const (
	srcK8s         = "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/Config.scala"
	srcK8sConf     = "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/KubernetesConf.scala"
	srcK8sVolumes  = "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/KubernetesVolumeUtils.scala"
	srcK8sSecrets  = "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/EnvSecretsFeatureStep.scala"
	srcVolcano     = "resource-managers/kubernetes/core/volcano/src/main/scala/org/apache/spark/deploy/k8s/features/VolcanoFeatureStep.scala"
	srcCore        = "core/src/main/scala/org/apache/spark/internal/config/package.scala"
	srcUI          = "core/src/main/scala/org/apache/spark/internal/config/UI.scala"
	srcStatus      = "core/src/main/scala/org/apache/spark/internal/config/Status.scala"
	srcNetwork     = "core/src/main/scala/org/apache/spark/internal/config/Network.scala"
	srcPython      = "core/src/main/scala/org/apache/spark/internal/config/Python.scala"
	srcScheduler   = "core/src/main/scala/org/apache/spark/scheduler/TaskSchedulerImpl.scala"
	srcSparkConf   = "core/src/main/scala/org/apache/spark/SparkConf.scala"
	srcSubmitArgs  = "core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala"
	srcSQL         = "sql/catalyst/src/main/scala/org/apache/spark/sql/internal/SQLConf.scala"
	srcStaticSQL   = "sql/catalyst/src/main/scala/org/apache/spark/sql/internal/StaticSQLConf.scala"
	srcSparkHadoop = "core/src/main/scala/org/apache/spark/deploy/SparkHadoopUtil.scala"
)

// catalogue is the table of Spark configuration keys sparkhook knows: one
// row per key, grouped by area into the catalogue_*.go files.
var catalogue = slices.Concat(k8sCatalogue, coreCatalogue, sqlCatalogue)

// row is one catalogue row with its releases parsed.
type row struct {
	key      *Key
	releases Versions
}

// catalogueRows finds the rows of a key, oldest first: most keys have one,
// a key whose type or values changed has one per definition.
var catalogueRows = func() map[string][]row {
	m := make(map[string][]row, len(catalogue))
	for i := range catalogue {
		k := &catalogue[i]
		r := Versions{Since: mustVersion(k.Since)}
		if k.Until != "" {
			r.Until = mustVersion(k.Until)
		}
		m[k.Name] = append(m[k.Name], row{key: k, releases: r})
	}
	for _, rows := range m {
		slices.SortFunc(rows, func(a, b row) int { return a.releases.Since.Compare(b.releases.Since) })
	}
	return m
}()

// newestRow is the current definition of a key, for the policy, which is
// written against the releases the platform runs now.
func newestRow(name string) (*Key, bool) {
	rows := catalogueRows[name]
	if len(rows) == 0 {
		return nil, false
	}
	return rows[len(rows)-1].key, true
}

// rowAt is the definition of a key in release v. When v has none, ok is
// false and since/until say why: the key came later (v < since) or was
// removed (v >= until).
func rowAt(name string, v Version) (k *Key, since, until Version, ok bool) {
	rows := catalogueRows[name]
	for _, r := range rows {
		if r.releases.Contains(v) {
			return r.key, Version{}, Version{}, true
		}
	}
	if len(rows) > 0 {
		since, until = rows[0].releases.Since, rows[len(rows)-1].releases.Until
	}
	return nil, since, until, false
}

// Catalogue returns a copy of the catalogue's rows, for documentation and
// tests.
func Catalogue() []Key {
	return slices.Clone(catalogue)
}

// Lookup returns the current catalogue row of key.
func Lookup(key string) (Key, bool) {
	k, ok := newestRow(key)
	if !ok {
		return Key{}, false
	}
	return *k, true
}

// Family is a set of keys Spark reads by prefix — spark.kubernetes.driver.
// label.<name>, spark.hadoop.<anything> — which are therefore never unknown,
// with the checks Spark applies to their values.
type Family struct {
	// Prefix ends with a dot: "spark.kubernetes.driver.label.".
	Prefix string
	// Checks apply to every value of the family.
	Checks []Check
	// Volumes marks spark.kubernetes.{driver,executor}.volumes.: the next
	// segment of the key is a volume type Spark must know.
	Volumes bool
	// Reserved are names after the prefix that Spark refuses, each in the
	// releases that reserve it: the labels Spark keeps for its own
	// bookkeeping (KubernetesConf's presetLabels), with each role's message.
	Reserved []ReservedName
	// Source is the Spark source file reading the family.
	Source string
	// Changes are the releases where the family's rules change (a
	// reserved label, a volume type or option added), so that a file
	// several releases may read is checked against each.
	Changes []string
}

// matchFamily returns the family with the longest prefix of key.
func matchFamily(key string) (*Family, bool) {
	var best *Family
	for i := range families {
		f := &families[i]
		if strings.HasPrefix(key, f.Prefix) && len(key) > len(f.Prefix) &&
			(best == nil || len(f.Prefix) > len(best.Prefix)) {
			best = f
		}
	}
	return best, best != nil
}

// secretKeyRefCheck is EnvSecretsFeatureStep's require on every
// spark.kubernetes.{driver,executor}.secretKeyRef.<ENV> value.
var secretKeyRefCheck = Check{Kind: SplitsInto, Text: ":", Bound: 2,
	Message: "SecretKeyRef must be in the form name:key."}

// families are the prefix-read key families.
var families = []Family{
	{Prefix: "spark.kubernetes.driver.label.", Source: srcK8sConf,
		Reserved: driverReservedLabels, Changes: []string{"3.3.0"}},
	{Prefix: "spark.kubernetes.driver.annotation.", Source: srcK8s},
	{Prefix: "spark.kubernetes.driver.service.label.", Source: srcK8s},
	{Prefix: "spark.kubernetes.driver.service.annotation.", Source: srcK8s},
	{Prefix: "spark.kubernetes.driver.secrets.", Source: srcK8s},
	{Prefix: "spark.kubernetes.driver.secretKeyRef.", Checks: []Check{secretKeyRefCheck}, Source: srcK8sSecrets},
	{Prefix: "spark.kubernetes.driver.volumes.", Volumes: true, Source: srcK8sVolumes, Changes: volumeChanges},
	{Prefix: "spark.kubernetes.driver.node.selector.", Source: srcK8s},
	{Prefix: "spark.kubernetes.executor.label.", Source: srcK8sConf,
		Reserved: executorReservedLabels, Changes: []string{"3.1.0", "3.3.0"}},
	{Prefix: "spark.kubernetes.executor.annotation.", Source: srcK8s},
	{Prefix: "spark.kubernetes.executor.secrets.", Source: srcK8s},
	{Prefix: "spark.kubernetes.executor.secretKeyRef.", Checks: []Check{secretKeyRefCheck}, Source: srcK8sSecrets},
	{Prefix: "spark.kubernetes.executor.volumes.", Volumes: true, Source: srcK8sVolumes, Changes: volumeChanges},
	{Prefix: "spark.kubernetes.executor.node.selector.", Source: srcK8s},
	{Prefix: "spark.kubernetes.node.selector.", Source: srcK8s},
	{Prefix: "spark.kubernetes.driverEnv.", Source: srcK8s},
	{Prefix: "spark.kubernetes.authenticate.", Source: srcK8s},
	{Prefix: "spark.executorEnv.", Source: srcSparkConf},
	{Prefix: "spark.yarn.appMasterEnv.", Source: "resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/config.scala"},
	{Prefix: "spark.hadoop.", Source: srcSparkHadoop},
	{Prefix: "spark.hive.", Source: srcSparkHadoop},
	{Prefix: "spark.sql.catalog.", Source: srcSQL},
	{Prefix: "spark.metrics.conf.", Source: "core/src/main/scala/org/apache/spark/metrics/MetricsConfig.scala"},
	{Prefix: "spark.driver.resource.", Source: "core/src/main/scala/org/apache/spark/resource/ResourceUtils.scala"},
	{Prefix: "spark.executor.resource.", Source: "core/src/main/scala/org/apache/spark/resource/ResourceUtils.scala"},
	{Prefix: "spark.task.resource.", Source: "core/src/main/scala/org/apache/spark/resource/ResourceUtils.scala"},
	{Prefix: "spark.scheduler.listenerbus.eventqueue.", Source: srcCore},
}

// volumeTypes are the volume types KubernetesVolumeUtils.parseVolumeSpecificConf
// knows, each from the release that added it; any other throws "Kubernetes
// Volume type `…` is not supported". nfs came with SPARK-31394 (3.1.0).
var volumeTypes = []volumeType{
	{Name: "hostPath"},
	{Name: "persistentVolumeClaim"},
	{Name: "emptyDir"},
	{Name: "nfs", Versions: since("3.1.0")},
}
