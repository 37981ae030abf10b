package webhook

import (
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"
)

// podFixtureGlobs are the real Spark Pods the tests run on: as Spark and the
// operator create them, and as the API server stored them after sparkhook.
var podFixtureGlobs = []string{"../test/testdata/pods/*.yaml", "../test/testdata/golden/*.yaml"}

// fixture is one test data file, as JSON.
type fixture struct {
	name string // its directory and file name
	json []byte
}

// readFixtures reads every file matching the globs, YAML or JSON, as JSON.
// A glob that matches nothing fails the test, so that moved fixtures cannot
// leave a test checking nothing.
func readFixtures(t testing.TB, globs ...string) []fixture {
	t.Helper()
	var out []fixture
	for _, glob := range globs {
		paths, err := filepath.Glob(glob)
		if err != nil || len(paths) == 0 {
			t.Fatalf("%s: no files (%v)", glob, err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err == nil {
				data, err = yaml.YAMLToJSON(data)
			}
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out = append(out, fixture{name: filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p), json: data})
		}
	}
	return out
}
