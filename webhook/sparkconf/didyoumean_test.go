package sparkconf

import "testing"

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
