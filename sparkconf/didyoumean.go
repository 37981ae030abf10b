package sparkconf

import "strings"

// misplacedPrefixes are prefixes people write by analogy that Spark does
// not read, and the one they meant: spark.executorEnv.* exists, so
// spark.driverEnv.* looks plausible, but on Kubernetes the driver's
// environment is spark.kubernetes.driverEnv.*.
var misplacedPrefixes = map[string]string{
	"spark.driverEnv.":              "spark.kubernetes.driverEnv.",
	"spark.kubernetes.executorEnv.": "spark.executorEnv.",
}

// suggest returns the key that an unknown key most likely meant — a
// catalogue key, or a key of a prefix-read family — or "" when none is
// close. "Close" is an edit distance of 1 for short keys and 2 for longer
// ones, counting a swap of neighbours as one edit (spark.executor.memroy)
// and ignoring letter case.
func suggest(key string) string {
	for wrong, right := range misplacedPrefixes {
		if rest, ok := strings.CutPrefix(key, wrong); ok && rest != "" {
			return right + rest
		}
	}
	lower := strings.ToLower(key)
	limit := 1
	if len(key) >= 16 {
		limit = 2
	}
	best, bestDist := catalogueNames.closest(key, lower, limit)
	for _, f := range families {
		head, rest, ok := cutAfterDots(key, strings.Count(f.Prefix, "."))
		// The distance is at least the difference in length: most
		// families are ruled out without measuring it.
		if !ok || rest == "" || head == f.Prefix || abs(len(head)-len(f.Prefix)) >= bestDist {
			continue
		}
		if d := osaWithin(strings.ToLower(head), strings.ToLower(f.Prefix), bestDist-1); d < bestDist {
			best, bestDist = f.Prefix+rest, d
		}
	}
	return best
}

// cutAfterDots splits s after its n-th dot.
func cutAfterDots(s string, n int) (head, rest string, ok bool) {
	i := 0
	for ; n > 0; n-- {
		j := strings.IndexByte(s[i:], '.')
		if j < 0 {
			return "", "", false
		}
		i += j + 1
	}
	return s[:i], s[i:], true
}

// osaDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent bytes.
func osaDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osaWithin is osaDistance when it is at most k, and k+1 otherwise. It
// fills only the diagonal band of width 2k+1 and stops at the first row
// whose every cell exceeds k, so comparing a key with a name costs O(k·n)
// rather than O(n²) — what keeps did-you-mean cheap for long keys.
func osaWithin(a, b string, k int) int {
	if abs(len(a)-len(b)) > k {
		return k + 1
	}
	far := k + 1
	var buf [3 * 96]int
	rows := buf[:]
	if n := 3 * (len(b) + 1); n > len(rows) {
		rows = make([]int, n)
	}
	w := len(b) + 1
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:3*w]
	for j := range prev {
		prev[j] = min(j, far)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[lo-1] = far
		if lo == 1 {
			cur[0] = min(i, far)
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = min(c, far)
			rowMin = min(rowMin, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		if rowMin > k {
			return far
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], far)
}
