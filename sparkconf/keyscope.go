package sparkconf

import "strings"

// maxSuggestions is how many unknown keys of one file get a did-you-mean
// search. Real files have a few dozen unknown keys at most (a library's
// own confs: spark.rapids.*, spark.cassandra.*); a file of thousands is
// hostile, and the admission answer shows only its first warnings anyway.
// Capping the searches bounds their cost per file.
const maxSuggestions = 256

// suggest is the package's suggest for the file's first maxSuggestions
// unknown keys, and "" after them.
func (r *report) suggest(key string) string {
	if r.suggestions >= maxSuggestions {
		return ""
	}
	r.suggestions++
	return suggest(key)
}

// checkUnavailable reports a catalogue key the release being checked does
// not have: Spark does not read it, so it is a warning, never an error.
func (r *report) checkUnavailable(e Entry, since, until Version) {
	if r.quietUnavailable {
		return
	}
	if r.version.Compare(since) < 0 {
		r.warn(e.Line, e.Key, "not a key before Spark %s, which added it: older releases ignore it", since)
		return
	}
	r.warn(e.Line, e.Key, "removed in Spark %s: later releases ignore it", until)
}

// unlessPluginReads turns the errors of a key only a plugin reads into
// warnings when the file does not enable that plugin: Spark would never
// parse the value, so the job runs.
func (r *report) unlessPluginReads(k *Key, found []Problem) {
	if k.ReadBy == "" || pluginEnabled(r.props, k.ReadBy) {
		return
	}
	for i := range found {
		if found[i].Severity == Error {
			found[i].Severity = Warning
			found[i].Message += "; only " + k.ReadBy + " reads it, and spark.plugins does not enable it, so Spark ignores the value"
		}
	}
}

// pluginEnabled reports whether spark.plugins or spark.plugins.defaultList
// (core's PLUGINS and DEFAULT_PLUGINS_LIST, class names separated by
// commas) names a class whose simple name is simpleName.
func pluginEnabled(props *Properties, simpleName string) bool {
	for _, key := range []string{"spark.plugins", "spark.plugins.defaultList"} {
		e, ok := props.Get(key)
		if !ok {
			continue
		}
		for _, class := range splitSeq(e.Value) {
			if class == simpleName || strings.HasSuffix(class, "."+simpleName) {
				return true
			}
		}
	}
	return false
}
