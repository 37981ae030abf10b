package benchdata

import (
	"fmt"
	"strings"
)

// HostileSize is the most a ConfigMap holds: the API server refuses larger
// ones (core validation's MaxSecretSize, 1 MiB, applies to ConfigMaps too).
const HostileSize = 1 << 20

// HostileProperties are the worst 1 MiB spark.properties files a tenant can
// send, by name, each aimed at one per-key cost of the validation: unknown
// keys near the catalogue's names (the did-you-mean search), thousands of
// volumes (the volume rules), known keys with bad values (the typed checks
// across every release), and one enormous key. The sparkconf and webhook
// benchmarks and the load generator's hostile run all send these.
func HostileProperties() map[string]string {
	words := []string{"executor", "driver", "memory", "cores", "kubernetes", "sql", "shuffle",
		"network", "timeout", "enabled", "instances", "partitions", "adaptive", "allocation"}
	known := []string{"spark.executor.memory", "spark.kubernetes.allocation.batch.delay",
		"spark.sql.shuffle.partitions", "spark.executor.cores", "spark.kubernetes.configMap.maxSize"}
	fill := func(line func(i int) string) string {
		var b strings.Builder
		for i := 0; b.Len() < HostileSize-200; i++ {
			b.WriteString(line(i))
		}
		return b.String()
	}
	return map[string]string{
		"unknown-keys": fill(func(i int) string {
			return fmt.Sprintf("spark.%s%d.%s%d.%s%d=v\n", words[i%14], i%10, words[(i/14)%14], i%7, words[(i/196)%14], i%3)
		}),
		"volumes": fill(func(i int) string {
			return fmt.Sprintf("spark.kubernetes.executor.volumes.persistentVolumeClaim.v%d.options.claimName=c\n", i)
		}),
		"bad-values": fill(func(i int) string { return fmt.Sprintf("%s=bad%d\n", known[i%5], i) }),
		"one-key":    "spark." + strings.Repeat("a", HostileSize-20) + "=1\n",
	}
}
