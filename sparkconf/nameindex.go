package sparkconf

import (
	"bytes"
	"slices"
	"strings"
	"sync"
)

// trigram is three bytes of a lower-cased key.
type trigram [3]byte

// nameIndex finds the catalogue names within a small edit distance of a
// key without measuring the distance to every name: a name within k edits
// keeps all but at most 4k of the key's distinct trigrams (one edit
// touches at most four: a swap of neighbours), so only names sharing
// enough trigrams with the key are measured. With a catalogue of over a
// thousand keys, this keeps an unknown key's did-you-mean to a few dozen
// distance computations instead of one per key.
type nameIndex struct {
	names []string // catalogue order, each name once
	lower []string
	// grams lists, per trigram, the names holding it, ascending.
	grams map[trigram][]int32
	// distinct is each name's number of distinct trigrams.
	distinct []int
	// longest is the length of the longest name.
	longest int
}

// newNameIndex indexes names, keeping the first of each.
func newNameIndex(names []string) *nameIndex {
	x := &nameIndex{grams: map[trigram][]int32{}}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		i := int32(len(x.names))
		x.names = append(x.names, n)
		x.longest = max(x.longest, len(n))
		lower := strings.ToLower(n)
		x.lower = append(x.lower, lower)
		gs := trigrams(lower, nil)
		x.distinct = append(x.distinct, len(gs))
		for _, g := range gs {
			x.grams[g] = append(x.grams[g], i)
		}
	}
	return x
}

// trigrams returns the distinct trigrams of s, sorted, appended to buf.
func trigrams(s string, buf []trigram) []trigram {
	for i := 0; i+3 <= len(s); i++ {
		buf = append(buf, trigram{s[i], s[i+1], s[i+2]})
	}
	slices.SortFunc(buf, func(a, b trigram) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(buf)
}

// scratch is the per-query memory of closest, reused across queries so
// that a file of thousands of unknown keys does not allocate per key.
type scratch struct {
	grams  []trigram
	shared []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// closest returns the first name, in catalogue order, at the smallest
// edit distance below limit+1 from key (lower is key lower-cased), or ""
// — what measuring every name in order would return.
func (x *nameIndex) closest(key, lower string, limit int) (string, int) {
	if len(key) > x.longest+limit {
		// Every name is more than limit edits away, since the distance is
		// at least the difference in length: a key of a megabyte costs no
		// trigrams.
		return "", limit + 1
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.grams = trigrams(lower, sc.grams[:0])
	if cap(sc.shared) < len(x.names) {
		sc.shared = make([]int32, len(x.names))
	}
	shared := sc.shared[:len(x.names)]
	clear(shared)
	for _, g := range sc.grams {
		for _, i := range x.grams[g] {
			shared[i]++
		}
	}
	best, bestDist := "", limit+1
	for i, n := range shared {
		// Cheapest test first: most names share too few trigrams.
		if int(n) < max(len(sc.grams), x.distinct[i])-4*limit {
			continue
		}
		name := x.names[i]
		if d := abs(len(name) - len(key)); d >= bestDist {
			continue
		}
		if d := osaWithin(lower, x.lower[i], bestDist-1); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best, bestDist
}

// catalogueNames is the index of the catalogue's names.
var catalogueNames = func() *nameIndex {
	names := make([]string, len(catalogue))
	for i := range catalogue {
		names[i] = catalogue[i].Name
	}
	return newNameIndex(names)
}()
