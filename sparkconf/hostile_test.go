package sparkconf_test

import (
	"testing"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/test/benchdata"
)

// BenchmarkHostileConfigMap measures the worst 1 MiB spark.properties files
// a tenant can send (benchdata.HostileProperties), for every release (the costliest target: each key is
// checked on each side of every release where its rules change).
func BenchmarkHostileConfigMap(b *testing.B) {
	v, err := sparkconf.NewValidator(sparkconf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for name, props := range benchdata.HostileProperties() {
		data := []byte(props)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				v.ValidateData(data, sparkconf.Target{Releases: sparkconf.AllReleases(), Source: sparkconf.SourceAll})
			}
		})
	}
}
