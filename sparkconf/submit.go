package sparkconf

import "strings"

// submitCheck is one of SparkSubmitArguments.validateSubmitArguments'
// checks. In Kubernetes cluster mode the driver pod itself runs spark-submit
// (in client mode, with --properties-file /opt/spark/conf/spark.properties),
// so these checks run when the driver starts and fail it with
// "Error: <message>".
//
// The checks and their messages are the same in every release the
// catalogue covers: a 3.x copy of SparkSubmitArguments.scala (Scala 2.13
// build, error(...) messages) and a copy with 4.2.0 confs
// (G-Research/spark 322295cd) agree, and dynamic allocation has excused
// spark.executor.instances since SPARK-24241 (2.4.0).
type submitCheck struct {
	message string
	valid   func(s string, p *Properties, v Version) bool
}

// submitChecks are keyed by the property each check reads. They run only on
// values that parsed as their key's type, so that one mistake is one
// problem.
var submitChecks = map[string]submitCheck{
	"spark.driver.memory":      {"Driver memory must be a positive number", positiveBytes},
	"spark.executor.memory":    {"Executor memory must be a positive number", positiveBytes},
	"spark.driver.cores":       {"Driver cores must be a positive number", positiveInt},
	"spark.executor.cores":     {"Executor cores must be a positive number", positiveInt},
	"spark.cores.max":          {"Total executor cores must be a positive number", positiveInt},
	"spark.executor.instances": {"Number of executors must be a positive number", executorsPositive},
}

// positiveBytes is Try(JavaUtils.byteStringAsBytes(s)).getOrElse(-1L) > 0:
// measured in bytes, with no leading '-' allowed, so "-1g" fails although
// bytesConf would read it.
func positiveBytes(s string, _ *Properties, v Version) bool {
	n, err := byteStringAs(s, Byte, v)
	return err == nil && n > 0
}

// positiveInt is Try(s.toInt).getOrElse(-1) > 0.
func positiveInt(s string, _ *Properties, _ Version) bool {
	n, err := parseJavaInt(s, 32)
	return err == nil && n > 0
}

// executorsPositive checks spark.executor.instances unless dynamic
// allocation is on, which spark-submit decides with
// "true".equalsIgnoreCase(spark.dynamicAllocation.enabled).
func executorsPositive(s string, p *Properties, v Version) bool {
	if e, ok := p.Get("spark.dynamicAllocation.enabled"); ok && strings.EqualFold(e.Value, "true") {
		return true
	}
	return positiveInt(s, p, v)
}
