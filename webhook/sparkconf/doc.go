// Package sparkconf reads a Spark driver's spark.properties the way Spark
// itself reads it, and checks it the way Spark checks it — minutes earlier,
// at admission, instead of when the driver JVM starts.
//
// Reading follows java.util.Properties.load(Reader) exactly (JDK 17
// Properties.load0 and its LineReader), over a UTF-8 decoded stream as in
// Spark's Utils.getPropertiesFromFile, whose trimExceptCRLF then trims each
// value. A test compares this parser with the JDK itself on a corpus of edge
// cases and under go test -fuzz (see java_diff_test.go).
//
// Checking uses a catalogue of Spark's configuration keys written as data
// (catalogue_*.go): each row names the key's value type, the checkValue
// rules of its ConfigBuilder, the Spark versions the rules apply to, and the
// Spark source file they come from. Values are parsed as Spark parses them —
// JavaUtils.byteStringAs, JavaUtils.timeStringAs, Integer.parseInt,
// Double.parseDouble, Scala's toBoolean — so that what Spark would reject
// when the driver starts is rejected here instead.
//
// The package does no I/O and imports nothing from Kubernetes: the admission
// handler (package webhook) and the offline command (sparkhook validate)
// feed it bytes and report its Problems.
package sparkconf
