package patch

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// shape is how a type is encoded in JSON, as far as diffing goes.
type shape uint8

const (
	// leaf values are compared and written whole: strings, numbers,
	// booleans, []byte, arrays, interfaces, and every type with its own
	// MarshalJSON or MarshalText (resource.Quantity, metav1.Time, …).
	leaf shape = iota
	object
	pointer
	list
	dict
)

// field is one member of a struct's JSON object.
type field struct {
	index     []int  // through embedded structs, as encoding/json flattens them
	token     string // the member name, escaped for a JSON pointer
	omitEmpty bool
	omitZero  bool
	info      *typeInfo
}

// typeInfo is what the differ needs to know of a type, computed once per
// type with those of every type it contains.
type typeInfo struct {
	typ    reflect.Type
	shape  shape
	fields []field   // object
	elem   *typeInfo // pointer, list, dict
	scalar bool      // a leaf compared with ==: string, bool, number
	err    error     // a type this package does not diff; callers fall back
}

var (
	cache         sync.Map // reflect.Type -> *typeInfo
	building      sync.Mutex
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// infoOf returns the typeInfo of t, building it (and those of the types in
// it) on first use.
func infoOf(t reflect.Type) *typeInfo {
	if ti, ok := cache.Load(t); ok {
		return ti.(*typeInfo)
	}
	building.Lock()
	defer building.Unlock()
	if ti, ok := cache.Load(t); ok {
		return ti.(*typeInfo)
	}
	// Recursive types meet their own, still incomplete, typeInfo in
	// inProgress; nothing is published before every one is complete.
	inProgress := map[reflect.Type]*typeInfo{}
	ti := build(t, inProgress)
	for t, ti := range inProgress {
		cache.Store(t, ti)
	}
	return ti
}

func build(t reflect.Type, inProgress map[reflect.Type]*typeInfo) *typeInfo {
	if ti, ok := cache.Load(t); ok {
		return ti.(*typeInfo)
	}
	if ti, ok := inProgress[t]; ok {
		return ti
	}
	ti := &typeInfo{typ: t, shape: leaf}
	inProgress[t] = ti
	if marshals(t) {
		return ti
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		ti.scalar = true
	case reflect.Struct:
		ti.shape = object
		ti.fields, ti.err = fieldsOf(t, nil, inProgress)
	case reflect.Pointer:
		ti.shape, ti.elem = pointer, build(t.Elem(), inProgress)
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 { // []byte is a base64 string
			ti.shape, ti.elem = list, build(t.Elem(), inProgress)
		}
	case reflect.Map:
		ti.shape, ti.elem = dict, build(t.Elem(), inProgress)
		if t.Key().Kind() != reflect.String || marshals(t.Key()) {
			ti.err = fmt.Errorf("patch: map key type %s", t.Key())
		}
	case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		ti.err = fmt.Errorf("patch: type %s has no JSON encoding", t)
	}
	return ti
}

func marshals(t reflect.Type) bool {
	return t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) ||
		t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)
}

// fieldsOf lists the JSON members of struct type t as encoding/json does:
// exported fields by their tag name, "-" skipped, untagged embedded structs
// flattened into their parent.
func fieldsOf(t reflect.Type, prefix []int, inProgress map[reflect.Type]*typeInfo) ([]field, error) {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" || (!sf.IsExported() && !sf.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" {
			if sf.Type.Kind() != reflect.Struct || !sf.IsExported() {
				return nil, fmt.Errorf("patch: %s embeds %s, not an exported struct", t, sf.Type)
			}
			inner, err := fieldsOf(sf.Type, index, inProgress)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		f := field{index: index, token: escape(cmpOr(name, sf.Name)), info: build(sf.Type, inProgress)}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
			case "string":
				return nil, fmt.Errorf("patch: %s.%s is encoded as a string", t, sf.Name)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// escape makes s a JSON pointer reference token (RFC 6901).
func escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return tokenEscaper.Replace(s)
}

var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")
