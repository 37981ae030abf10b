package sparkconf

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSuggest checks which unknown keys get a suggestion, and which.
func TestSuggest(t *testing.T) {
	tests := []struct {
		key  string
		want string
	}{
		{key: "spark.executor.memroy", want: "spark.executor.memory"},
		{key: "spark.executor.memorys", want: "spark.executor.memory"},
		{key: "spark.exector.instances", want: "spark.executor.instances"},
		{key: "spark.kubernetes.namespce", want: "spark.kubernetes.namespace"},
		{key: "spark.kubernetes.executor.annotations.a/b", want: "spark.kubernetes.executor.annotation.a/b"},
		{key: "spark.kubernetes.executor.secretKeyRefs.X", want: "spark.kubernetes.executor.secretKeyRef.X"},
		{key: "spark.kubernetes.executorEnv.TZ", want: "spark.executorEnv.TZ"},
		{key: "spark.myteam.owner"},
		{key: "spark.sql.iceberg.vectorization.enabled"},
		{key: "spark.x"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := suggest(tt.key); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

// TestOSADistance checks the edit distance, a swap of neighbours counting
// as one edit.
func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{a: "memory", b: "memory", want: 0},
		{a: "memroy", b: "memory", want: 1},
		{a: "memry", b: "memory", want: 1},
		{a: "memoryy", b: "memory", want: 1},
		{a: "mamory", b: "memory", want: 1},
		{a: "ca", b: "abc", want: 3},
		{a: "", b: "abc", want: 3},
	}
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestNameIndexMatchesFullScan holds the trigram index to what measuring
// every catalogue name would suggest, on every catalogue name edited once
// and twice (a deletion, an insertion, a substitution, a swap) and on
// short keys the trigram filter cannot narrow.
func TestNameIndexMatchesFullScan(t *testing.T) {
	fullScan := func(key string) string {
		lower := strings.ToLower(key)
		limit := 1
		if len(key) >= 16 {
			limit = 2
		}
		best, bestDist := "", limit+1
		for i := range catalogue {
			if d := osaDistance(lower, strings.ToLower(catalogue[i].Name)); d < bestDist && abs(len(catalogue[i].Name)-len(key)) < bestDist {
				best, bestDist = catalogue[i].Name, d
			}
		}
		return best
	}
	edits := []func(string, int) string{
		func(s string, i int) string { return s[:i] + s[i+1:] },
		func(s string, i int) string { return s[:i] + "x" + s[i:] },
		func(s string, i int) string { return s[:i] + "q" + s[i+1:] },
		func(s string, i int) string { return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:] },
	}
	keys := []string{"spark.x", "sp", "", "spark.sql.ab", "SPARK.EXECUTOR.MEMORY"}
	for n, k := range catalogue {
		name := k.Name
		i, j := (n*7)%(len(name)-1), (n*13)%(len(name)-2)
		first := edits[n%4](name, i)
		keys = append(keys, first, edits[(n/4)%4](first, min(j, len(first)-2)))
	}
	for _, key := range keys {
		lower := strings.ToLower(key)
		limit := 1
		if len(key) >= 16 {
			limit = 2
		}
		got, _ := catalogueNames.closest(key, lower, limit)
		if want := fullScan(key); got != want {
			t.Errorf("closest(%q) = %q, full scan %q", key, got, want)
		}
	}
}

// TestOSAWithin holds the banded distance to the full one on random
// strings over a small alphabet, where edits, swaps and long runs of
// equal letters are common.
func TestOSAWithin(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, rnd.IntN(12))
		for i := range b {
			b[i] = "abc."[rnd.IntN(4)]
		}
		return string(b)
	}
	for range 20000 {
		a, b, k := word(), word(), rnd.IntN(4)
		want := min(osaDistance(a, b), k+1)
		if got := osaWithin(a, b, k); got != want {
			t.Fatalf("osaWithin(%q, %q, %d) = %d, want %d", a, b, k, got, want)
		}
	}
}

// TestSuggestionsCapped checks that one file gets at most maxSuggestions
// did-you-mean searches, however many unknown keys it holds.
func TestSuggestionsCapped(t *testing.T) {
	var b strings.Builder
	for _, k := range catalogue[:maxSuggestions+100] {
		// A swap of two neighbours: one edit from a catalogue name.
		n := k.Name
		fmt.Fprintf(&b, "%s%c%c%s=1\n", n[:8], n[9], n[8], n[10:])
	}
	suggested := 0
	for _, p := range problemsOf(t, b.String(), "3.5.1") {
		if strings.Contains(p.Message, "did you mean") {
			suggested++
		}
	}
	if suggested > maxSuggestions || suggested < maxSuggestions-20 {
		t.Errorf("%d suggestions, want at most %d (and about that many)", suggested, maxSuggestions)
	}
}
