package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
)

// decodeLikeSpark decodes data into out strictly, as sparkhook reads every
// template, but reads a JSON number or boolean where out has a string (a
// label, an annotation, an env value, a nodeSelector value, an argument) as
// that string, with a warning naming the field. Spark loads a
// podTemplateFile with the fabric8 client (KubernetesUtils.loadPodFromTemplate),
// whose Jackson mapping turns such scalars into strings, so templates that
// work with Spark say `spark-driver-cpu: 1` or `value: 0.9` unquoted; the
// API server, and so k8s.io/api's types, refuse them. Nothing else is
// loosened: unknown fields are still returned as strict errors, and any
// other type mismatch is still an error.
//
// The first strict decode does all the work for a template without such
// scalars; only one that fails is walked and decoded again. path is where
// data sits (nil at a document's root), for the warnings.
func decodeLikeSpark(data []byte, out any, path *field.Path) (strict []error, warnings []string, err error) {
	strict, err = kjson.UnmarshalStrict(data, out)
	if err == nil {
		return strict, nil, nil
	}
	coerced, warnings, ok := coerceScalars(data, reflect.TypeOf(out), path)
	if !ok {
		return strict, nil, err
	}
	// out may hold part of the failed decode: start again from its zero
	// value.
	v := reflect.ValueOf(out).Elem()
	v.Set(reflect.Zero(v.Type()))
	// What still fails is what Spark would not read either: that error,
	// not the first, which may have been a scalar read since.
	strict, err = kjson.UnmarshalStrict(coerced, out)
	if err != nil {
		return strict, nil, err
	}
	return strict, warnings, nil
}

// coerceScalars rewrites data, JSON, with every number or boolean where typ
// has a string replaced by its text, and says so for each. ok is false
// when nothing was rewritten (or data is not JSON).
func coerceScalars(data []byte, typ reflect.Type, path *field.Path) (out []byte, warnings []string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return nil, nil, false
	}
	c := &coercer{}
	doc = c.walk(doc, typ, path)
	if len(c.warnings) == 0 {
		return nil, nil, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, false
	}
	return out, c.warnings, true
}

// coercer walks a decoded JSON document along the Go type it decodes into.
type coercer struct {
	warnings []string
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// walk returns v with the scalars under a string of t turned into strings.
// A type with its own JSON decoding (resource.Quantity, intstr.IntOrString,
// runtime.RawExtension, metav1.Time) decides for itself: quantities and
// int-or-strings already take numbers.
func (c *coercer) walk(v any, t reflect.Type, path *field.Path) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return v
	}
	switch t.Kind() {
	case reflect.String:
		return c.scalar(v, path)
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			fields := jsonFields(t)
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if ft, ok := fields[k]; ok {
					m[k] = c.walk(m[k], ft, pathChild(path, k))
				}
			}
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok && t.Key().Kind() == reflect.String {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				m[k] = c.walk(m[k], t.Elem(), pathKey(path, k))
			}
		}
	case reflect.Slice, reflect.Array:
		if s, ok := v.([]any); ok && t.Elem().Kind() != reflect.Uint8 {
			for i := range s {
				s[i] = c.walk(s[i], t.Elem(), pathIndex(path, i))
			}
		}
	}
	return v
}

// scalar turns a number or boolean into the string Spark's loader reads.
func (c *coercer) scalar(v any, path *field.Path) any {
	var kind, text string
	switch x := v.(type) {
	case json.Number:
		kind, text = "number", x.String()
	case bool:
		kind, text = "boolean", strconv.FormatBool(x)
	default:
		return v
	}
	c.warnings = append(c.warnings, fmt.Sprintf("%s: the %s %s was read as the string %q, as Spark reads it; quote it", path, kind, text, text))
	return text
}

var jsonFieldCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the JSON names of a struct's fields to their types,
// embedded structs' fields included, as encoding/json names them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := jsonFieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || (!f.IsExported() && !f.Anonymous):
			continue
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			maps.Copy(m, jsonFields(f.Type))
			continue
		case name == "":
			name = f.Name
		}
		m[name] = f.Type
	}
	jsonFieldCache.Store(t, m)
	return m
}

// pathChild, pathKey and pathIndex extend a path that is nil at a document's root.
func pathChild(p *field.Path, name string) *field.Path {
	if p == nil {
		return field.NewPath(name)
	}
	return p.Child(name)
}

func pathKey(p *field.Path, k string) *field.Path {
	if p == nil {
		return field.NewPath("").Key(k)
	}
	return p.Key(k)
}

func pathIndex(p *field.Path, i int) *field.Path {
	if p == nil {
		return field.NewPath("").Index(i)
	}
	return p.Index(i)
}
