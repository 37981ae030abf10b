package sparkconf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// volumeType is a volume type KubernetesVolumeUtils mounts, with the
// releases that know it.
type volumeType struct {
	Name     string
	Versions Versions
}

// volumeOption is a per-volume key KubernetesVolumeUtils reads after
// spark.kubernetes.{driver,executor}.volumes.<type>.<name>., with the
// releases that read it: any other is silently ignored by Spark, so a
// misspelling ("mount.readonly") loses the setting without a word.
type volumeOption struct {
	Name     string
	Versions Versions
}

// volumeChanges are the releases where the volume rules change: 3.1.0
// added nfs volumes (SPARK-31394) and named the missing option in its error
// (SPARK-33063); 4.0.0 added mount.subPathExpr and hostPath's options.type
// (SPARK-49731, with subPath and subPathExpr mutually exclusive) and the
// sizeLimit check (SPARK-47003).
var volumeChanges = []string{"3.1.0", "4.0.0"}

// volumeOptions are the options KubernetesVolumeUtils.parseVolumesWithPrefix
// and parseVolumeSpecificConf read. label.* and annotation.* (PVC metadata)
// are open-ended and checked apart.
var volumeOptions = []volumeOption{
	{Name: "mount.path"}, {Name: "mount.subPath"},
	{Name: "mount.subPathExpr", Versions: since("4.0.0")}, {Name: "mount.readOnly"},
	{Name: "options.path"}, {Name: "options.type", Versions: since("4.0.0")},
	{Name: "options.claimName"}, {Name: "options.storageClass"},
	{Name: "options.medium"}, {Name: "options.sizeLimit"}, {Name: "options.server"},
}

// requiredVolumeOptions are the options parseVolumeSpecificConf cannot do
// without, per volume type: it looks them up with no default.
var requiredVolumeOptions = map[string][]string{
	"hostPath":              {"options.path"},
	"persistentVolumeClaim": {"options.claimName"},
	"nfs":                   {"options.path", "options.server"},
}

// volumeSizeVersions are the releases that refuse a sizeLimit of emptyDir
// and persistentVolumeClaim volumes written as a bare number under 1024
// (KubernetesVolumeUtils.verifySize, SPARK-47003: "100" meant as 100Gi).
var volumeSizeVersions = since("4.0.0")

// checkVolume checks a volume key as KubernetesVolumeUtils.parseVolumesWithPrefix
// reads it in the release being checked: a known volume type, the option's
// own rules, and, once per volume, the options Spark requires.
func (r *report) checkVolume(e Entry, f *Family) {
	rest := strings.TrimPrefix(e.Key, f.Prefix)
	vtype, name, option, ok := splitVolumeKey(rest)
	switch {
	case !ok:
		// getVolumeTypesAndNames needs a type and a name: Spark skips it.
		r.warn(e.Line, e.Key, "not a volume key, ignored by Spark: it reads %s<type>.<name>.<option>", f.Prefix)
		return
	case name == "":
		r.fail(e.Line, e.Key, "not a volume key: Spark expects %s<type>.<name>.<option>, and a volume needs a name", f.Prefix)
		return
	}
	if msg := volumeTypeProblem(vtype, r.version); msg != "" {
		r.fail(e.Line, e.Key, "%s", msg)
		return
	}
	r.checkVolumeOption(e, f, vtype, name, option)
	if r.firstOfVolume(e, f.Prefix+vtype+"."+name+".") {
		r.checkVolumeRequired(e, f, vtype, name)
	}
}

// splitVolumeKey reads a key after the family's prefix as
// getVolumeTypesAndNames does, with Java's String.split('.'), which drops
// trailing empty parts: ok is false when fewer than a type and a name are
// left, which Spark skips. option is the rest after "<type>.<name>.".
func splitVolumeKey(rest string) (vtype, name, option string, ok bool) {
	parts := strings.Split(rest, ".")
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 2 {
		return "", "", "", false
	}
	vtype, name = parts[0], parts[1]
	if len(rest) > len(vtype)+len(name)+2 {
		option = rest[len(vtype)+len(name)+2:]
	}
	return vtype, name, option, true
}

// volumeTypeProblem is Spark's refusal of a volume type in release v, or "".
func volumeTypeProblem(vtype string, v Version) string {
	i := slices.IndexFunc(volumeTypes, func(t volumeType) bool { return t.Name == vtype })
	switch {
	case i < 0:
		names := make([]string, len(volumeTypes))
		for j, t := range volumeTypes {
			names[j] = t.Name
		}
		return fmt.Sprintf("Kubernetes Volume type `%s` is not supported: use one of %s", vtype, strings.Join(names, ", "))
	case !volumeTypes[i].Versions.Contains(v):
		return fmt.Sprintf("Kubernetes Volume type `%s` is not supported: Spark %s added it", vtype, volumeTypes[i].Versions.Since)
	}
	return ""
}

// checkVolumeOption applies the rules of one option: mount.readOnly is a
// Scala boolean, subPath and subPathExpr exclude each other, sizeLimit is
// no bare number under 1 KiB, and an option Spark does not read is a
// warning.
func (r *report) checkVolumeOption(e Entry, f *Family, vtype, name, option string) {
	volume := vtype + "." + name + "."
	switch {
	case option == "mount.readOnly":
		if _, err := parseScalaBoolean(e.Value); err != nil {
			r.fail(e.Line, e.Key, "invalid boolean %q: Spark accepts true or false", e.Value)
		}
	case option == "options.sizeLimit" && (vtype == "emptyDir" || vtype == "persistentVolumeClaim") &&
		volumeSizeVersions.Contains(r.version):
		if msg := volumeSizeProblem(e.Value); msg != "" {
			r.fail(e.Line, e.Key, "%s", msg)
		}
	case option == "mount.subPathExpr" && knownVolumeOption(option, r.version):
		// verifyMutuallyExclusiveOptionKeys names both, subPath first;
		// reported on the subPathExpr entry only.
		if _, ok := r.props.Get(f.Prefix + volume + "mount.subPath"); ok {
			r.fail(e.Line, e.Key, "These config options are mutually exclusive: %smount.subPath, %smount.subPathExpr", volume, volume)
		}
	}
	if knownVolumeOption(option, r.version) ||
		strings.HasPrefix(option, "label.") || strings.HasPrefix(option, "annotation.") {
		return
	}
	msg := "unknown volume option, ignored by Spark"
	if s := closestOption(option); s != "" && s != option {
		msg += "; did you mean " + f.Prefix + volume + s + "?"
	}
	r.warn(e.Line, e.Key, "%s", msg)
}

// knownVolumeOption reports whether release v reads the option.
func knownVolumeOption(option string, v Version) bool {
	return slices.ContainsFunc(volumeOptions, func(o volumeOption) bool {
		return o.Name == option && o.Versions.Contains(v)
	})
}

// volumeSizeProblem is verifySize's refusal of a sizeLimit, or "": a value
// of ASCII digits only is parsed with Long.parseLong and must be at least
// 1024; "" and numbers past Long.MAX_VALUE make parseLong throw. Other
// digits Java counts (Character.isDigit) are left alone.
func volumeSizeProblem(v string) string {
	for _, c := range v {
		if c < '0' || c > '9' {
			return ""
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return `For input string: "` + v + `"`
	}
	if n < 1024 {
		return "Volume size `" + v + "` is smaller than 1KiB. Missing units?"
	}
	return ""
}

// checkVolumeRequired reports, on the first entry of a volume, the keys
// Spark looks up without a default: mount.path for every volume, and the
// options of its type. Before 3.1.0 a missing option surfaced as Scala's
// "key not found"; SPARK-33063 named it.
func (r *report) checkVolumeRequired(e Entry, f *Family, vtype, name string) {
	volume := vtype + "." + name + "."
	if _, ok := r.props.Get(f.Prefix + volume + "mount.path"); !ok {
		r.fail(e.Line, e.Key, "volume %s has no %smount.path, which Spark requires", name, f.Prefix+volume)
	}
	for _, opt := range requiredVolumeOptions[vtype] {
		if _, ok := r.props.Get(f.Prefix + volume + opt); ok {
			continue
		}
		if r.version.Compare(mustVersion("3.1.0")) < 0 {
			r.fail(e.Line, e.Key, "key not found: %s%s", volume, opt)
		} else {
			r.fail(e.Line, e.Key, "%s%s is required for %s", volume, opt, vtype)
		}
	}
}

// firstOfVolume reports whether e is the first effective entry of its
// volume (an entry a later duplicate overrides does not count), so that a
// volume's missing keys are reported once.
func (r *report) firstOfVolume(e Entry, volumePrefix string) bool {
	if r.firstVolumeEntry == nil {
		r.indexVolumes()
	}
	i, ok := r.firstVolumeEntry[volumePrefix]
	if !ok {
		return true
	}
	o := r.props.Entries[i]
	return o.Line == e.Line && o.Key == e.Key
}

// indexVolumes finds, once per file, the first effective entry of each
// volume, so that a file of many volume keys is checked in linear time.
func (r *report) indexVolumes() {
	r.firstVolumeEntry = map[string]int{}
	for i, o := range r.props.Entries {
		if r.props.index[o.Key] != i {
			continue
		}
		f, ok := matchFamily(o.Key)
		if !ok || !f.Volumes {
			continue
		}
		vtype, name, _, ok := splitVolumeKey(strings.TrimPrefix(o.Key, f.Prefix))
		if !ok {
			continue
		}
		prefix := f.Prefix + vtype + "." + name + "."
		if _, seen := r.firstVolumeEntry[prefix]; !seen {
			r.firstVolumeEntry[prefix] = i
		}
	}
}

// closestOption suggests a volume option within one edit, ignoring case.
func closestOption(option string) string {
	for _, o := range volumeOptions {
		if osaDistance(strings.ToLower(option), strings.ToLower(o.Name)) <= 1 {
			return o.Name
		}
	}
	return ""
}
