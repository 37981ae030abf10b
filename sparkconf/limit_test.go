package sparkconf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestProblemLimit covers Options.ProblemLimit: the entries' checks stop
// at the limit, with a warning at the line where they stopped, while the
// policy's forbidden and required keys are checked to the end.
func TestProblemLimit(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, "spark.executor.memory=bad%d\n", i) // 7 duplicate warnings
	}
	for i := range 8 {
		fmt.Fprintf(&b, "spark.kubernetes.executor.volumes.emptyDir.v%d.mount.readOnly=maybe\n", i)
	}
	b.WriteString("spark.kubernetes.authenticate.driver.oauthToken=x\n") // line 17
	file := b.String()
	policy := Policy{Forbidden: []string{"spark.kubernetes.authenticate.*"}, Required: []string{"spark.app.name"}}
	type found struct {
		Line     int
		Key      string
		Severity Severity
	}
	cases := []struct {
		name  string
		limit int
		want  []found
	}{{
		name:  "a limit reached by the duplicates: they stop, the policy's refusals do not",
		limit: 3,
		want: []found{
			{0, "spark.app.name", Error},
			{1, "", Warning}, // the values' checks stopped before the first entry
			{1, "spark.executor.memory", Warning}, {2, "spark.executor.memory", Warning}, {3, "spark.executor.memory", Warning},
			{17, "spark.kubernetes.authenticate.driver.oauthToken", Error},
		},
	}, {
		name:  "no limit: every problem",
		limit: 0,
	}}
	t.Run("a limit reached among the values: nothing past the line where it stopped", func(t *testing.T) {
		v, err := NewValidator(Options{Policy: policy, ProblemLimit: 10})
		if err != nil {
			t.Fatal(err)
		}
		stop := 0
		for _, p := range v.ValidateData([]byte(file), Target{}).Problems {
			switch {
			case p.Key == "" && p.Line > 0:
				stop = p.Line
			case stop > 0 && p.Line > stop && p.Line != 17:
				t.Errorf("a problem past line %d, where the checks stopped: %v", stop, p)
			}
		}
		if stop <= 8 || stop >= 17 {
			t.Errorf("the checks stopped at line %d, want among the volumes (9 to 16)", stop)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := NewValidator(Options{Policy: policy, ProblemLimit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			rep := v.ValidateData([]byte(file), Target{})
			var got []found
			for _, p := range rep.Problems {
				got = append(got, found{p.Line, p.Key, p.Severity})
			}
			if tc.limit == 0 {
				// 7 duplicates, the memory value, 8 volumes, the policy's two.
				if len(got) < 18 {
					t.Errorf("%d problems without a limit, want at least 18: %v", len(got), rep.Problems)
				}
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
