package patch

import (
	"reflect"

	"k8s.io/apimachinery/pkg/api/equality"
)

// fieldOf is v.FieldByIndex, without its checks for the fields that are not
// in an embedded struct.
func fieldOf(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	return v.FieldByIndex(index)
}

// present reports whether a decoded value proves that its document has the
// member it was decoded from: a zero value may come from an absent member.
func present(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		return !v.IsNil()
	}
	return !v.IsZero()
}

// emptyish reports whether v, which is not zero, is an empty list or map:
// the same as none to Kubernetes' semantic equality.
func emptyish(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		return v.Len() == 0
	}
	return false
}

// omitted reports whether encoding/json leaves the member out.
func omitted(v reflect.Value, f *field) bool {
	if f.omitZero && v.IsZero() {
		return true
	}
	if !f.omitEmpty {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Struct:
		return false
	}
	return v.IsZero()
}

// equal reports whether a and b are the same value, as Kubernetes' semantic
// equality sees it: nil and empty maps and slices alike, quantities equal
// by value. Scalars are compared directly.
func equal(a, b reflect.Value, ti *typeInfo) bool {
	switch {
	case ti.scalar:
		switch a.Kind() {
		case reflect.String:
			return a.String() == b.String()
		case reflect.Bool:
			return a.Bool() == b.Bool()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return a.Int() == b.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return a.Uint() == b.Uint()
		}
		return a.Float() == b.Float()
	case ti.shape != leaf:
		if k := a.Kind(); (k == reflect.Map || k == reflect.Slice) && a.Len() == 0 && b.Len() == 0 {
			return true
		}
	}
	// Quantities, times and the like: semantically equal values decode
	// to semantically equal values, whatever their text.
	return equality.Semantic.DeepEqual(a.Interface(), b.Interface())
}
