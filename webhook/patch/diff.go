// Package patch computes the JSON patch (RFC 6902) between two values of one
// Go type by walking them, instead of encoding the second and diffing the
// JSON documents as jsonpatch.CreatePatch does: on a Spark driver that
// diff, which decodes both documents again, took 30% of an admission, twice
// what selecting and merging the templates took.
//
// The patch is meant for the document the first value was decoded from
// (with encoding/json rules, as Kubernetes decodes), which may carry more
// than the value: members unknown to the Go type, explicit nulls and empty
// values. So the differ never assumes that a member it cannot see in the
// first value exists in the document: it replaces such members whole, with
// "add" (which sets an object member whether or not it exists), and walks
// into a member only when the first value proves the document has it (a
// non-nil pointer, map or slice, a non-zero struct). Members it has no
// reason to touch, unknown ones included, stay as they are.
//
// What the two values share — one pointer, one map, the elements of one
// backing array — is one value, and is not walked: a caller that copies
// only what it changes (templates.Snapshot) pays for the diff of that alone.
package patch

import (
	"reflect"
	"slices"
	"strconv"

	"gomodules.xyz/jsonpatch/v2"
)

// Diff returns the operations that turn a JSON document that decodes to
// *from into one that decodes to *to — to a value equal to it as Kubernetes'
// semantic equality sees values (nil and empty lists alike, quantities by
// value) —, or an error for a type it does not diff (a map with non-string
// keys, a field encoded as a string, …), for the caller to fall back on a
// JSON diff.
func Diff[T any](from, to *T) ([]jsonpatch.Operation, error) {
	a, b := reflect.ValueOf(from).Elem(), reflect.ValueOf(to).Elem()
	ti := infoOf(a.Type())
	if ti.err != nil {
		return nil, ti.err
	}
	// The document itself is there, whatever from holds.
	d := &differ{path: make([]byte, 0, 128), ops: make([]jsonpatch.Operation, 0, 16)}
	d.present(a, b, ti, "replace")
	return d.ops, d.err
}

// differ walks two values, keeping the JSON pointer of where it is.
type differ struct {
	path []byte
	ops  []jsonpatch.Operation
	err  error
}

// push appends a reference token to the path and returns what pop needs.
func (d *differ) push(token string) int {
	n := len(d.path)
	d.path = append(append(d.path, '/'), token...)
	return n
}

func (d *differ) pushIndex(i int) int {
	n := len(d.path)
	d.path = strconv.AppendInt(append(d.path, '/'), int64(i), 10)
	return n
}

func (d *differ) pop(n int) { d.path = d.path[:n] }

func (d *differ) op(op string, v reflect.Value) {
	var value any
	switch {
	case op == "remove":
	case v.CanAddr():
		value = v.Addr().Interface()
	default:
		value = v.Interface()
	}
	d.ops = append(d.ops, jsonpatch.Operation{Operation: op, Path: string(d.path), Value: value})
}

// member diffs an object member.
func (d *differ) member(a, b reflect.Value, f *field) {
	ti := f.info
	switch {
	case ti.err != nil:
		d.fail(ti.err)
	case omitted(b, f):
		if present(a) && !equal(a, b, ti) {
			d.op("remove", b)
		}
	case !present(a):
		// Most members are zero on both sides; a zero a and a non-zero b
		// differ, but for empty lists and maps (see emptyish).
		if present(b) && !emptyish(b) {
			d.op("add", b)
		}
	default:
		d.present(a, b, ti, "add")
	}
}

// present diffs a value the document is known to have; set is the
// operation that writes it whole: "add" in an object, "replace" in an array.
func (d *differ) present(a, b reflect.Value, ti *typeInfo, set string) {
	switch ti.shape {
	case object:
		for i := range ti.fields {
			f := &ti.fields[i]
			fa, fb := fieldOf(a, f.index), fieldOf(b, f.index)
			if !present(fa) && !present(fb) {
				continue // zero on both sides, as most members of a Pod are
			}
			n := d.push(f.token)
			d.member(fa, fb, f)
			d.pop(n)
		}
	case leaf:
		if !equal(a, b, ti) {
			d.op(set, b)
		}
	default:
		d.reference(a, b, ti, set)
	}
}

// reference diffs a pointer, list or map the document has: a null in b
// replaces it, and what a and b share is one value, not walked.
func (d *differ) reference(a, b reflect.Value, ti *typeInfo, set string) {
	switch {
	case b.IsNil():
		d.op(set, b)
	case ti.shape == list:
		d.list(a, b, ti.elem) // shares a prefix, if anything
	case a.Pointer() == b.Pointer(): // one pointer or map: nothing to walk
	case ti.shape == pointer:
		d.element(a.Elem(), b.Elem(), ti.elem, set)
	default:
		d.dict(a, b, ti.elem)
	}
}

// element diffs a value the document has and that may be null (an array
// element, a map value, what a pointer points to).
func (d *differ) element(a, b reflect.Value, ti *typeInfo, set string) {
	switch {
	case ti.err != nil:
		d.fail(ti.err)
	case !present(a):
		if present(b) && !emptyish(b) {
			d.op(set, b)
		}
	default:
		d.present(a, b, ti, set)
	}
}

// list diffs two lists element by element. Lists that start at one
// address share their first min(len) elements: b appended to a, as
// Go's append does when a has room.
func (d *differ) list(a, b reflect.Value, elem *typeInfo) {
	n := min(a.Len(), b.Len())
	first := 0
	if n > 0 && a.Pointer() == b.Pointer() {
		first = n // shared
	}
	for i := first; i < n; i++ {
		p := d.pushIndex(i)
		d.element(a.Index(i), b.Index(i), elem, "replace")
		d.pop(p)
	}
	for i := n; i < b.Len(); i++ {
		p := d.pushIndex(i)
		d.op("add", b.Index(i))
		d.pop(p)
	}
	for i := a.Len() - 1; i >= n; i-- {
		p := d.pushIndex(i)
		d.op("remove", reflect.Value{})
		d.pop(p)
	}
}

func (d *differ) dict(a, b reflect.Value, elem *typeInfo) {
	if sa, ok := a.Interface().(map[string]string); ok {
		d.strings(sa, b.Interface().(map[string]string))
		return
	}
	var removed, changed []string
	var iter reflect.MapIter
	iter.Reset(a)
	for iter.Next() {
		if !b.MapIndex(iter.Key()).IsValid() {
			removed = append(removed, iter.Key().String())
		}
	}
	iter.Reset(b)
	for iter.Next() {
		if va := a.MapIndex(iter.Key()); !va.IsValid() || !equal(va, iter.Value(), elem) {
			changed = append(changed, iter.Key().String())
		}
	}
	d.keys(removed, changed, func(k string) {
		key := reflect.ValueOf(k).Convert(a.Type().Key())
		va, vb := a.MapIndex(key), b.MapIndex(key)
		if va.IsValid() {
			d.element(va, vb, elem, "add")
		} else {
			d.op("add", vb)
		}
	})
}

// strings is dict for map[string]string (labels, annotations, selectors),
// without reflection.
func (d *differ) strings(a, b map[string]string) {
	var removed, changed []string
	for k := range a {
		if _, ok := b[k]; !ok {
			removed = append(removed, k)
		}
	}
	for k, vb := range b {
		if va, ok := a[k]; !ok || va != vb {
			changed = append(changed, k)
		}
	}
	d.keys(removed, changed, func(k string) {
		d.ops = append(d.ops, jsonpatch.Operation{Operation: "add", Path: string(d.path), Value: b[k]})
	})
}

// keys emits, in key order, a remove for each removed key and what set
// does for each changed one, with the path at the key.
func (d *differ) keys(removed, changed []string, set func(key string)) {
	if len(removed)+len(changed) == 0 {
		return
	}
	slices.Sort(removed)
	slices.Sort(changed)
	for _, k := range removed {
		p := d.push(escape(k))
		d.op("remove", reflect.Value{})
		d.pop(p)
	}
	for _, k := range changed {
		p := d.push(escape(k))
		set(k)
		d.pop(p)
	}
}

func (d *differ) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}
