package templates

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// nameKeptSources rewrites the conflict warnings of report, which say the
// Pod's value was kept, where the value kept is in fact one a template
// merged before in this pass set (earlier, in merge order): the submitter
// must learn which template to look at, not be told that its own Pod holds
// a value it never wrote. before is the Pod as it came to this pass, pod
// the Pod now. Only conflicts pay for this: nothing records who set what
// on the common path.
func nameKeptSources(report *Report, key string, pod, before *corev1.Pod, earlier []*Template, role v1alpha1.SparkRole) {
	for _, k := range report.kept {
		if src := keptSource(k.path.String(), pod, before, earlier, role); src != nil {
			report.Warnings[k.warning] = conflictWarning(key, k.path, fmt.Sprintf("the value of template %q", src.Key()), k.detail)
		}
	}
}

// keptSource returns the template whose value pod holds at the field path,
// or nil when it is the Pod's own: the value the Pod came with, else that
// of the first earlier template that sets the same value there (a Default
// merge only sets what is unset, so the first setter's value stays).
func keptSource(path string, pod, before *corev1.Pod, earlier []*Template, role v1alpha1.SparkRole) *Template {
	segs := splitFieldPath(path)
	now, ok := valueAt(reflect.ValueOf(pod), segs)
	if !ok {
		return nil
	}
	if was, ok := valueAt(reflect.ValueOf(before), segs); ok && equality.Semantic.DeepEqual(was.Interface(), now.Interface()) {
		return nil
	}
	spark := ""
	if i := SparkContainerIndex(pod, role); i >= 0 {
		spark = pod.Spec.Containers[i].Name
	}
	for _, t := range earlier {
		if v, ok := valueAt(reflect.ValueOf(templateAsPod(t, role, spark)), segs); ok && equality.Semantic.DeepEqual(v.Interface(), now.Interface()) {
			return t
		}
	}
	return nil
}

// templateAsPod lays out what t merges into a Pod of role as a Pod, at the
// paths a merge reports conflicts at: its Spark container (with
// spec.secretEnv) under the Pod's Spark container's name spark.
func templateAsPod(t *Template, role v1alpha1.SparkRole, spark string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Labels: t.Labels, Annotations: t.Annotations}, Spec: t.Spec}
	p.Spec.Containers = slices.Clone(t.Sidecars)
	if sc := t.SparkContainers[role]; sc != nil || len(t.SecretEnv) > 0 {
		c := corev1.Container{}
		if sc != nil {
			c = *sc
		}
		c.Name = spark
		c.Env = append(slices.Clip(c.Env), t.SecretEnv...)
		p.Spec.Containers = append(p.Spec.Containers, c)
	}
	return p
}

// valueAt follows a field path (splitFieldPath) through v by JSON member
// names: a key selects a map's entry, or the last element of a list whose
// merge key (listKeys) equals it, as merges compare the last copy. It
// reports false where the path leads to nothing.
func valueAt(v reflect.Value, segs []segment) (reflect.Value, bool) {
	for _, s := range segs {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		switch {
		case s.name != "":
			if v = memberByJSONName(v, s.name); !v.IsValid() {
				return v, false
			}
		case s.index >= 0:
			if v.Kind() != reflect.Slice || s.index >= v.Len() {
				return v, false
			}
			v = v.Index(s.index)
		case v.Kind() == reflect.Map:
			if v = v.MapIndex(reflect.ValueOf(s.key).Convert(v.Type().Key())); !v.IsValid() {
				return v, false
			}
		case v.Kind() == reflect.Slice:
			if v = elementByKey(v, s.key); !v.IsValid() {
				return v, false
			}
		default:
			return v, false
		}
	}
	return v, v.IsValid()
}

// listKeys are the members named lists merge by, most specific first: a
// mount has both a name and the path it merges by.
var listKeys = []string{"mountPath", "devicePath", "name"}

func elementByKey(list reflect.Value, key string) reflect.Value {
	for i := list.Len() - 1; i >= 0; i-- {
		e := list.Index(i)
		if e.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		for _, k := range listKeys {
			if f := memberByJSONName(e, k); f.IsValid() {
				if f.Kind() == reflect.String && f.String() == key {
					return e
				}
				break
			}
		}
	}
	return reflect.Value{}
}

// memberByJSONName is the field of struct v encoded as member name, looked
// through embedded structs as encoding/json flattens them.
func memberByJSONName(v reflect.Value, name string) reflect.Value {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case sf.Anonymous && tag == "":
			if f := memberByJSONName(v.Field(i), name); f.IsValid() {
				return f
			}
		case tag == name && sf.IsExported():
			return v.Field(i)
		}
	}
	return reflect.Value{}
}
