package sparkconf

import (
	"fmt"
	"strings"
	"testing"
)

// hostileSize is the most a ConfigMap holds: the API server refuses larger
// ones (core validation's MaxSecretSize, 1 MiB, applies to ConfigMaps too).
const hostileSize = 1 << 20

// hostileFiles are worst cases of a 1 MiB spark.properties, each aimed at
// one per-key cost: the did-you-mean search (unknown keys near catalogue
// names), the volume rules (thousands of volumes), the typed checks across
// every release (known keys with bad values), and one enormous key.
func hostileFiles() map[string][]byte {
	words := []string{"executor", "driver", "memory", "cores", "kubernetes", "sql", "shuffle",
		"network", "timeout", "enabled", "instances", "partitions", "adaptive", "allocation"}
	known := []string{"spark.executor.memory", "spark.kubernetes.allocation.batch.delay",
		"spark.sql.shuffle.partitions", "spark.executor.cores", "spark.kubernetes.configMap.maxSize"}
	fill := func(line func(i int) string) []byte {
		var b strings.Builder
		for i := 0; b.Len() < hostileSize-200; i++ {
			b.WriteString(line(i))
		}
		return []byte(b.String())
	}
	return map[string][]byte{
		"unknown-keys": fill(func(i int) string {
			return fmt.Sprintf("spark.%s%d.%s%d.%s%d=v\n", words[i%14], i%10, words[(i/14)%14], i%7, words[(i/196)%14], i%3)
		}),
		"volumes": fill(func(i int) string {
			return fmt.Sprintf("spark.kubernetes.executor.volumes.persistentVolumeClaim.v%d.options.claimName=c\n", i)
		}),
		"bad-values": fill(func(i int) string { return fmt.Sprintf("%s=bad%d\n", known[i%5], i) }),
		"one-key":    []byte("spark." + strings.Repeat("a", hostileSize-20) + "=1\n"),
	}
}

// BenchmarkHostileConfigMap measures the worst 1 MiB spark.properties files
// a tenant can send, for every release (the costliest target: each key is
// checked on each side of every release where its rules change).
func BenchmarkHostileConfigMap(b *testing.B) {
	v, err := NewValidator(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range hostileFiles() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				v.ValidateData(data, Target{Releases: AllReleases(), Source: SourceAll})
			}
		})
	}
}
