package sparkconf

import (
	"slices"
	"strings"
)

// volumeOptions are the per-volume keys KubernetesVolumeUtils reads after
// spark.kubernetes.{driver,executor}.volumes.<type>.<name>. — anything else
// is silently ignored by Spark, so a misspelling ("mount.readonly") loses
// the setting without a word. label.* and annotation.* (PVC metadata) are
// open-ended.
var volumeOptions = []string{
	"mount.path", "mount.subPath", "mount.subPathExpr", "mount.readOnly",
	"options.path", "options.type", "options.claimName", "options.storageClass",
	"options.medium", "options.sizeLimit", "options.server",
}

// checkVolume checks a volume key as KubernetesVolumeUtils.parseVolumesWithPrefix
// reads it: a known volume type, a boolean mount.readOnly, a mount.path for
// every volume (Spark looks it up without a default), and known options.
func (r *report) checkVolume(e Entry, f *Family) {
	rest := strings.TrimPrefix(e.Key, f.Prefix)
	vtype, after, ok1 := strings.Cut(rest, ".")
	name, option, ok2 := strings.Cut(after, ".")
	if !ok1 || !ok2 || name == "" || option == "" {
		r.fail(e.Line, e.Key, "not a volume key: Spark expects %s<type>.<name>.<option>", f.Prefix)
		return
	}
	if !slices.Contains(volumeTypes, vtype) {
		r.fail(e.Line, e.Key, "Kubernetes Volume type `%s` is not supported: use one of %s", vtype, strings.Join(volumeTypes, ", "))
		return
	}
	switch {
	case option == "mount.readOnly":
		if _, err := parseScalaBoolean(e.Value); err != nil {
			r.fail(e.Line, e.Key, "invalid boolean %q: Spark accepts true or false", e.Value)
		}
	case slices.Contains(volumeOptions, option),
		strings.HasPrefix(option, "label."), strings.HasPrefix(option, "annotation."):
	default:
		msg := "unknown volume option, ignored by Spark"
		if s := closestOption(option); s != "" {
			msg += "; did you mean " + f.Prefix + vtype + "." + name + "." + s + "?"
		}
		r.warn(e.Line, e.Key, "%s", msg)
	}
	if option != "mount.path" {
		pathKey := f.Prefix + vtype + "." + name + ".mount.path"
		if _, ok := r.props.Get(pathKey); !ok && r.firstOfVolume(e, f.Prefix+vtype+"."+name+".") {
			r.fail(e.Line, e.Key, "volume %s has no %s, which Spark requires", name, pathKey)
		}
	}
}

// firstOfVolume reports whether e is the first effective entry of its
// volume, so that a missing mount.path is reported once.
func (r *report) firstOfVolume(e Entry, volumePrefix string) bool {
	for _, o := range r.props.Entries {
		if strings.HasPrefix(o.Key, volumePrefix) {
			return o.Line == e.Line && o.Key == e.Key
		}
	}
	return true
}

// closestOption suggests a volume option within one edit, ignoring case.
func closestOption(option string) string {
	for _, o := range volumeOptions {
		if osaDistance(strings.ToLower(option), strings.ToLower(o)) <= 1 {
			return o
		}
	}
	return ""
}
