package sparkconf

import (
	"fmt"
	"slices"
	"strings"
)

// Spark core sources the core rows cite besides those of catalogue.go, all
// relative to the root of apache/spark.
const (
	srcKryo       = "core/src/main/scala/org/apache/spark/internal/config/Kryo.scala"
	srcStreaming  = "core/src/main/scala/org/apache/spark/internal/config/Streaming.scala"
	srcR          = "core/src/main/scala/org/apache/spark/internal/config/R.scala"
	srcRPCUtils   = "core/src/main/scala/org/apache/spark/util/RpcUtils.scala"
	srcFileAppend = "core/src/main/scala/org/apache/spark/util/logging/FileAppender.scala"
	srcLauncher   = "launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java"
)

// Limits Spark writes as expressions in its checks, spelled out.
const (
	// maxRoundedArrayLength is ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH,
	// Integer.MAX_VALUE - 15: the largest byte array Spark allocates.
	maxRoundedArrayLength = 2147483632
	// maxIntValue is Java's Int.MaxValue.
	maxIntValue = 2147483647
	// spillReaderMaxBuffer is UnsafeSorterSpillReader.MAX_BUFFER_SIZE_BYTES
	// (16 MiB).
	spillReaderMaxBuffer = 16 << 20
)

// within builds the pair of checks lo <= v <= hi (or lo < v when open is
// set) that Spark writes as one checkValue with one message.
func within(lo, hi float64, openLow bool, msg string) []Check {
	first := ge(lo, msg)
	if openLow {
		first = gt(lo, msg)
	}
	return []Check{first, le(hi, msg)}
}

// oneOfFolded is a checkValues rule over a string conf whose value Spark
// first transforms with toUpperCase(Locale.ROOT) (upper) or
// toLowerCase(Locale.ROOT): the transformed value must be one of values.
// The message lists the values as sparkhook's own enumerations do.
func oneOfFolded(upper bool, values ...string) Check {
	return Check{Kind: Predicate, Message: "must be one of " + strings.Join(values, ", "),
		Pred: func(s string, _ float64, _ string) bool {
			t := javaLower(s)
			if upper {
				t = strings.ToUpper(s)
			}
			return slices.Contains(values, t)
		}}
}

// oneOfMessage is oneOfFolded with Spark's own checkValue message, for
// rules written as checkValue(Set(...).contains, msg).
func oneOfMessage(upper bool, msg string, values ...string) Check {
	c := oneOfFolded(upper, values...)
	c.Message = msg
	return c
}

// fileBufferMessage is the message of the KiB buffer checks of
// spark.shuffle.file.buffer and its fallbacks, whose bound Spark computes
// as MAX_ROUNDED_ARRAY_LENGTH / 1024.
func fileBufferMessage(what string) string {
	return fmt.Sprintf("The %s must be positive and less than or equal to %d.", what, maxRoundedArrayLength/1024)
}

// lacks is a rule that the value does not contain text anywhere, as
// String.contains tests it.
func lacks(text, msg string) Check {
	return Check{Kind: Predicate, Message: msg,
		Pred: func(s string, _ float64, _ string) bool { return !strings.Contains(s, text) }}
}

// driverHeapMessage is what the launcher prints when the driver's JVM
// options set the maximum heap.
const driverHeapMessage = "Not allowed to specify max heap(Xmx) memory settings through java options. " +
	"Use the corresponding --driver-memory or spark.driver.memory configuration instead."

// driverHeapChecks are SparkSubmitCommandBuilder.checkJavaOptions, which the
// driver Pod's spark-submit (client mode, reading the properties file)
// applies to the driver's JVM options: until 3.5.0 any "Xmx" in the value
// is refused; SPARK-44242 (3.5.0) narrowed that to a real -Xmx option, of
// which sparkhook refuses only the unmistakable form, -Xmx followed by a
// size, as its own whitespace-separated option.
var driverHeapChecks = []Check{
	lacks("Xmx", driverHeapMessage).in(until("3.5.0")),
	{Kind: Predicate, Message: driverHeapMessage, Versions: since("3.5.0"),
		Pred: func(s string, _ float64, _ string) bool {
			return !slices.ContainsFunc(strings.Fields(s), func(f string) bool {
				return strings.HasPrefix(f, "-Xmx") && len(f) > 4 && f[4] >= '0' && f[4] <= '9'
			})
		}},
}

// executorOptionsChecks are SparkConf.validateSettings' rules on an
// executor JVM options key: no Spark confs, no maximum heap.
func executorOptionsChecks(key string) []Check {
	return []Check{
		lacks("-Dspark", key+" is not allowed to set Spark options. "+
			"Set them directly on a SparkConf or in a properties file when using ./bin/spark-submit."),
		lacks("-Xmx", key+" is not allowed to specify max heap memory settings. Use spark.executor.memory instead."),
	}
}

// inAll restricts every check to r.
func inAll(r Versions, cs []Check) []Check {
	out := make([]Check, len(cs))
	for i, c := range cs {
		out[i] = c.in(r)
	}
	return out
}
