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
// rules of its ConfigBuilder, the Spark releases the rules apply to, and the
// Spark source file they come from. Values are parsed as Spark parses them —
// JavaUtils.byteStringAs, JavaUtils.timeStringAs, Integer.parseInt,
// Double.parseDouble, Scala's toBoolean — so that what Spark would reject
// when the driver starts is rejected here instead.
//
// Rules differ between Spark releases, so a file is checked against the
// set of releases that may read it (Releases, decided by Resolve: the
// driver Pod's spark-version label the caller found, else the Spark image
// the file names, else the platform's configured releases, else every
// release from FirstRelease). The set is cut where a key's rules change
// and the key is checked once per segment: a value is an error only when
// every release in the set refuses it, and a warning naming the releases
// that would refuse it otherwise. The newest release is never assumed, so
// a guess about the release cannot deny a valid job.
//
// The package does no I/O and imports nothing from Kubernetes: the admission
// handler (package webhook) and the offline command (sparkhook validate)
// feed it bytes and report its Problems.
package sparkconf
