package sparkconf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBeyondCatalogue covers a file read only by Spark releases newer than
// the catalogue: the catalogue's refusals become warnings, the policy's and
// the syntax's stay errors; a file any catalogued release may read is
// judged as before.
func TestBeyondCatalogue(t *testing.T) {
	newer := firstUncatalogued.String()
	suffix := " (by the rules of Spark " + NewestRelease + ", the newest sparkhook knows; Spark " + newer + " is newer and may accept it)"
	policy := Policy{Forbidden: []string{"spark.kubernetes.authenticate.*"}, Bounds: []Bound{{Key: "spark.executor.instances", Max: "10"}}}
	file := "spark.executor.memory=lots\nspark.kubernetes.authenticate.driver.oauthToken=x\nspark.executor.instances=50\n"
	cases := []struct {
		name     string
		releases string
		want     []Problem
	}{{
		name:     "a release after the catalogue's newest",
		releases: newer,
		want: []Problem{
			{Line: 1, Key: "spark.executor.memory", Severity: Warning},
			{Line: 2, Key: "spark.kubernetes.authenticate.driver.oauthToken", Severity: Error},
			{Line: 3, Key: "spark.executor.instances", Severity: Error},
		},
	}, {
		name:     "the catalogue's newest release",
		releases: NewestRelease,
		want: []Problem{
			{Line: 1, Key: "spark.executor.memory", Severity: Error},
			{Line: 2, Key: "spark.kubernetes.authenticate.driver.oauthToken", Severity: Error},
			{Line: 3, Key: "spark.executor.instances", Severity: Error},
		},
	}, {
		name:     "every release from the first, the newer ones included",
		releases: FirstRelease + "+",
		want: []Problem{
			{Line: 1, Key: "spark.executor.memory", Severity: Error},
			{Line: 2, Key: "spark.kubernetes.authenticate.driver.oauthToken", Severity: Error},
			{Line: 3, Key: "spark.executor.instances", Severity: Error},
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := NewValidator(Options{Policy: policy})
			if err != nil {
				t.Fatal(err)
			}
			rs, err := ParseReleases(tc.releases)
			if err != nil {
				t.Fatal(err)
			}
			got := v.ValidateData([]byte(file), Target{Releases: rs})
			var problems []Problem
			for _, p := range got.Problems {
				if p.Line == 1 && p.Severity == Warning && !strings.HasSuffix(p.Message, suffix) {
					t.Errorf("line 1's warning %q does not end in %q", p.Message, suffix)
				}
				p.Message = ""
				problems = append(problems, p)
			}
			if diff := cmp.Diff(tc.want, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
