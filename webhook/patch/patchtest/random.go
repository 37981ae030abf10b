// Package patchtest makes random values of Kubernetes API types, and random
// changes to them, for the property tests of package patch and of the Pod
// webhook.
package patchtest

import (
	"math/rand/v2"
	"reflect"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// maxDepth bounds how deep Fill goes, so that values stay small.
const maxDepth = 8

var (
	quantityType    = reflect.TypeFor[resource.Quantity]()
	timeType        = reflect.TypeFor[metav1.Time]()
	microTimeType   = reflect.TypeFor[metav1.MicroTime]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	fieldsType      = reflect.TypeFor[metav1.FieldsV1]()
)

// strs are the strings values are made of: empty, plain, and ones that JSON
// or JSON pointers escape.
var strs = []string{"", "a", "spark", "spark-role", "driver", "x/y", "a~b", "~1", "<&>", "é", "0", "true", "null", "k.io/name"}

var quantities = []string{"0", "1", "100m", "2432Mi", "1Gi", "2", "1.5", "10G"}

// Fill sets *v to a random value: every field set or left zero at random,
// slices and maps nil, empty or with a few elements.
func Fill[T any](v *T, r *rand.Rand) {
	fill(reflect.ValueOf(v).Elem(), r, 0)
}

func fill(v reflect.Value, r *rand.Rand, depth int) {
	if special(v, r) || depth > maxDepth {
		return
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		v.SetString(strs[r.IntN(len(strs))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(100) - 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(r.Uint64N(100))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(r.IntN(100)) / 8)
	case reflect.Pointer:
		if r.IntN(3) > 0 {
			p := reflect.New(t.Elem())
			fill(p.Elem(), r, depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		n := r.IntN(6) - 2 // nil, empty, or up to 3 elements
		if n < -1 {
			return
		}
		s := reflect.MakeSlice(t, max(n, 0), max(n, 0))
		for i := range s.Len() {
			fill(s.Index(i), r, depth+1)
		}
		v.Set(s)
	case reflect.Map:
		n := r.IntN(6) - 2
		if n < -1 {
			return
		}
		m := reflect.MakeMap(t)
		for range max(n, 0) {
			m.SetMapIndex(randomKey(t.Key(), r), randomValue(t.Elem(), r, depth+1))
		}
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && r.IntN(2) == 0 {
				fill(v.Field(i), r, depth+1)
			}
		}
	}
}

// special fills the types whose JSON encoding is their own.
func special(v reflect.Value, r *rand.Rand) bool {
	switch v.Type() {
	case quantityType:
		v.Set(reflect.ValueOf(resource.MustParse(quantities[r.IntN(len(quantities))])))
	case timeType:
		v.Set(reflect.ValueOf(metav1.NewTime(time.Unix(r.Int64N(2e9), 0))))
	case microTimeType:
		v.Set(reflect.ValueOf(metav1.NewMicroTime(time.UnixMicro(r.Int64N(2e15)))))
	case intOrStringType:
		if r.IntN(2) == 0 {
			v.Set(reflect.ValueOf(intstr.FromInt32(r.Int32N(100))))
		} else {
			v.Set(reflect.ValueOf(intstr.FromString(strs[r.IntN(len(strs))])))
		}
	case fieldsType:
		v.Set(reflect.ValueOf(*metav1.NewFieldsV1(`{"f:metadata":{"f:labels":{}}}`)))
	default:
		return false
	}
	return true
}

// randomKey is a map key: any string but the empty one, which Kubernetes
// allows in no map and evanphx/json-patch (the API server's) cannot address.
func randomKey(t reflect.Type, r *rand.Rand) reflect.Value {
	return reflect.ValueOf(strs[1+r.IntN(len(strs)-1)]).Convert(t)
}

func randomValue(t reflect.Type, r *rand.Rand, depth int) reflect.Value {
	v := reflect.New(t).Elem()
	fill(v, r, depth)
	return v
}

// Change makes random changes to *v: fields cleared, replaced or changed
// inside, elements appended, removed or changed, map keys added, removed or
// changed.
func Change[T any](v *T, r *rand.Rand) {
	change(reflect.ValueOf(v).Elem(), r, 0)
}

func change(v reflect.Value, r *rand.Rand, depth int) {
	if depth > 1 {
		switch r.IntN(8) {
		case 0:
			v.Set(reflect.Zero(v.Type()))
			return
		case 1:
			v.Set(randomValue(v.Type(), r, depth))
			return
		}
	}
	switch v.Type() {
	case quantityType, timeType, microTimeType, intOrStringType, fieldsType:
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		var exported []int
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				exported = append(exported, i)
			}
		}
		for range min(len(exported), 1+r.IntN(3)) {
			change(v.Field(exported[r.IntN(len(exported))]), r, depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(randomValue(v.Type(), r, depth))
		} else {
			change(v.Elem(), r, depth+1)
		}
	case reflect.Slice:
		changeSlice(v, r, depth)
	case reflect.Map:
		changeMap(v, r, depth)
	default:
		fill(v, r, depth)
	}
}

func changeSlice(v reflect.Value, r *rand.Rand, depth int) {
	switch {
	case r.IntN(3) == 0:
		v.Set(reflect.Append(v, randomValue(v.Type().Elem(), r, depth+1)))
	case r.IntN(3) == 0 && v.Len() > 0:
		v.Set(v.Slice(0, r.IntN(v.Len())))
	case v.Len() > 0:
		change(v.Index(r.IntN(v.Len())), r, depth+1)
	}
}

func changeMap(v reflect.Value, r *rand.Rand, depth int) {
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	keys := v.MapKeys()
	switch {
	case r.IntN(3) == 0 || len(keys) == 0:
		v.SetMapIndex(randomKey(v.Type().Key(), r), randomValue(v.Type().Elem(), r, depth+1))
	case r.IntN(2) == 0:
		v.SetMapIndex(keys[r.IntN(len(keys))], reflect.Value{})
	default:
		k := keys[r.IntN(len(keys))]
		e := reflect.New(v.Type().Elem()).Elem()
		e.Set(v.MapIndex(k))
		change(e, r, depth+1)
		v.SetMapIndex(k, e)
	}
}
