package sparkconf

import (
	"regexp"
	"strings"
)

// Spark substitutes variable references in a value before it parses it:
// ConfigEntry.readString reads every typed conf through a ConfigReader
// (core/src/main/scala/org/apache/spark/internal/config/ConfigReader.scala,
// the same in 3.0.0 through 4.x), whose substitute replaces each match of
// REF_RE, ${prefix:name} or ${name}, before the value converter runs:
//
//   - no prefix: another conf, read through SparkConfigProvider, which only
//     answers keys that start with "spark." (ConfigProvider.scala), else the
//     default of that key's ConfigEntry;
//   - env: an environment variable of the JVM; system: a system property;
//   - a reference that cannot be resolved is kept as written.
//
// So spark.executor.memoryOverhead=${spark.driver.memory} is 4g to Spark
// when the file sets spark.driver.memory=4g, and ${env:EXEC_MEM} is whatever
// the driver's environment holds. sparkhook substitutes the references to
// other keys of the same file and checks the result; a value with a
// reference it cannot resolve (env, system, a key the file does not set) is
// not type-checked, since only the driver can know its value.
//
// Several readers do not substitute, and check the value as written:
// spark-submit's own checks (SparkSubmitArguments.loadEnvironmentArguments
// copies sparkProperties as read from the file); SQL confs, which
// BaseSessionStateBuilder.mergeSparkConf hands raw to
// SQLConf.setConfString, whose entry.valueConverter(value) validates the
// literal text when the session state is built (3.x and 4.x); the
// launcher and SparkConf.validateSettings (readsRaw).

// refPattern is ConfigReader.REF_RE, \$\{(?:(\w+?):)?(\S+?)\}, with Java's
// \S spelt out: Java's \s includes the vertical tab, Go's does not.
var refPattern = regexp.MustCompile(`\$\{(?:(\w+?):)?([^ \t\n\x0B\f\r]+?)\}`)

// maxSubstitutionDepth bounds nested references. ConfigReader has no
// limit, only a check for cycles, which it refuses; a file nesting deeper
// than this is left unchecked rather than guessed at.
const maxSubstitutionDepth = 16

// hasReference reports whether s holds a reference ConfigReader would try
// to substitute.
func hasReference(s string) bool {
	return strings.Contains(s, "${") && refPattern.MatchString(s)
}

// readsRaw reports whether Spark validates key k's value without
// substituting references first: the SQL confs, whose values
// SQLConf.setConfString converts as written; the launcher's checks of the
// driver's JVM options (SparkSubmitCommandBuilder reads the properties
// file itself); SparkConf.validateSettings, which reads its keys with
// getOption and getDouble; and spark-submit's own arguments.
func readsRaw(k *Key) bool {
	switch k.Source {
	case srcSQL, srcStaticSQL, srcLauncher, srcSparkConf, srcSubmitArgs:
		return true
	}
	return false
}

// typeless reports whether k's rows leave nothing to check: a string
// with no checkValue, whose value Spark takes whatever it is.
func typeless(k *Key) bool {
	return k.Type == TypeString && len(k.Checks) == 0
}

// substitute replaces the references of s to keys the file sets, as
// ConfigReader.substitute does, and reports whether every reference was
// resolved. A reference to the environment, a system property, a key the
// file does not set, or a cycle leaves ok false: the value then depends on
// what only the driver knows.
func substitute(s string, props *Properties) (out string, ok bool) {
	return substituteRefs(s, props, map[string]bool{}, 0)
}

// substituteRefs is substitute with the references being expanded, to stop
// at cycles as ConfigReader's usedRefs does.
func substituteRefs(s string, props *Properties, used map[string]bool, depth int) (string, bool) {
	if !hasReference(s) {
		return s, true
	}
	if depth >= maxSubstitutionDepth {
		return s, false
	}
	ok := true
	out := refPattern.ReplaceAllStringFunc(s, func(m string) string {
		sub := refPattern.FindStringSubmatch(m)
		prefix, name := sub[1], sub[2]
		if prefix != "" || !strings.HasPrefix(name, "spark.") || used[name] {
			ok = false
			return m
		}
		e, found := props.Get(name)
		if !found {
			ok = false
			return m
		}
		used[name] = true
		v, vok := substituteRefs(e.Value, props, used, depth+1)
		delete(used, name)
		ok = ok && vok
		return v
	})
	return out, ok
}
