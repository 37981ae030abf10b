package sparkconf

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// platformPolicy is a typical platform team's policy.
var platformPolicy = Policy{
	Forbidden: []string{"spark.kubernetes.authenticate.*", "spark.kubernetes.driver.master"},
	Required:  []string{"spark.kubernetes.namespace"},
	Bounds: []Bound{
		{Key: "spark.executor.instances", Max: "50"},
		{Key: "spark.executor.memory", Min: "1g", Max: "16g"},
		{Key: "spark.network.timeout", Max: "10min"},
	},
	Allowed: []Allowed{
		{Key: "spark.scheduler.mode", Values: []string{"FAIR"}},
		{Key: "spark.driver.memory", Values: []string{"2g", "4g"}},
		{Key: "spark.kubernetes.container.image", Values: []string{"registry/spark:4.2.1"}},
	},
}

// TestPolicyViolations checks that every violation is an error at its
// line, and that values are compared as Spark reads them.
func TestPolicyViolations(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Problem
	}{{
		name: "within policy; 4096m is 4g",
		input: "spark.kubernetes.namespace=jobs\nspark.executor.instances=50\nspark.executor.memory=16384m\n" +
			"spark.network.timeout=600s\nspark.scheduler.mode=fair\nspark.driver.memory=4096m\n",
	}, {
		name:  "missing required key",
		input: "spark.executor.instances=2\n",
		want: []Problem{{Key: "spark.kubernetes.namespace", Severity: Error,
			Message: "required by platform policy but not set"}},
	}, {
		name: "forbidden key and prefix, every occurrence",
		input: "spark.kubernetes.namespace=jobs\nspark.kubernetes.authenticate.driver.serviceAccountName=admin\n" +
			"spark.kubernetes.driver.master=https://other\nspark.kubernetes.authenticate.driver.serviceAccountName=root\n",
		want: []Problem{
			{Line: 2, Key: "spark.kubernetes.authenticate.driver.serviceAccountName", Severity: Error,
				Message: "forbidden by platform policy (spark.kubernetes.authenticate.*)"},
			{Line: 2, Key: "spark.kubernetes.authenticate.driver.serviceAccountName", Severity: Warning,
				Message: "duplicate key, line 2 overridden by line 4"},
			{Line: 3, Key: "spark.kubernetes.driver.master", Severity: Error,
				Message: "forbidden by platform policy (spark.kubernetes.driver.master)"},
			{Line: 4, Key: "spark.kubernetes.authenticate.driver.serviceAccountName", Severity: Error,
				Message: "forbidden by platform policy (spark.kubernetes.authenticate.*)"},
		},
	}, {
		name: "bounds in the key's unit",
		input: "spark.kubernetes.namespace=jobs\nspark.executor.instances=80\nspark.executor.memory=512m\n" +
			"spark.network.timeout=1h\n",
		want: []Problem{
			{Line: 2, Key: "spark.executor.instances", Severity: Error, Message: `"80" is above the platform maximum 50 (policy)`},
			{Line: 3, Key: "spark.executor.memory", Severity: Error, Message: `"512m" is below the platform minimum 1g (policy)`},
			{Line: 4, Key: "spark.network.timeout", Severity: Error, Message: `"1h" is above the platform maximum 10min (policy)`},
		},
	}, {
		name:  "allowed values",
		input: "spark.kubernetes.namespace=jobs\nspark.scheduler.mode=FIFO\nspark.kubernetes.container.image=evil/spark\n",
		want: []Problem{
			{Line: 2, Key: "spark.scheduler.mode", Severity: Error, Message: `"FIFO" is not among the values the platform allows (policy)`},
			{Line: 3, Key: "spark.kubernetes.container.image", Severity: Error, Message: `"evil/spark" is not among the values the platform allows (policy)`},
		},
	}, {
		name:  "a value Spark rejects is reported once, not also against the bounds",
		input: "spark.kubernetes.namespace=jobs\nspark.executor.memory=32G B\n",
		want: []Problem{{Line: 2, Key: "spark.executor.memory", Severity: Error,
			Message: `invalid byte size "32G B": expected a whole number with an optional unit suffix; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`}},
	}}
	v, err := NewValidator(Options{Policy: platformPolicy})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, v.ValidateData([]byte(tt.input), Target{}).Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPolicyValidate checks that a policy that cannot be applied is a
// configuration error naming the bad rule.
func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy Policy
		want   string // substring of the error; "" for a valid policy
	}{
		{name: "typical policy", policy: platformPolicy},
		{name: "empty policy", policy: Policy{}},
		{name: "star in the middle", policy: Policy{Forbidden: []string{"spark.*.secret"}}, want: `forbidden: "spark.*.secret" is not a key or a prefix ending in .*`},
		{name: "prefix without dot", policy: Policy{Forbidden: []string{"spark.hadoop*"}}, want: `forbidden: "spark.hadoop*": a prefix must end in .*`},
		{name: "bound on an unknown key", policy: Policy{Bounds: []Bound{{Key: "spark.nothing", Max: "1"}}}, want: `bounds: "spark.nothing" is not a key sparkhook knows the type of`},
		{name: "bound on a string key", policy: Policy{Bounds: []Bound{{Key: "spark.kubernetes.namespace", Max: "1"}}}, want: "bounds: spark.kubernetes.namespace is a string, not a number, byte size or duration"},
		{name: "bound Spark cannot read", policy: Policy{Bounds: []Bound{{Key: "spark.executor.memory", Max: "16 GB"}}}, want: `bounds: spark.executor.memory: invalid byte size "16 GB"`},
		{name: "min above max", policy: Policy{Bounds: []Bound{{Key: "spark.executor.cores", Min: "8", Max: "4"}}}, want: "min 8 is above max 4"},
		{name: "empty bound", policy: Policy{Bounds: []Bound{{Key: "spark.executor.cores"}}}, want: "has neither min nor max"},
		{name: "allowed value Spark cannot read", policy: Policy{Allowed: []Allowed{{Key: "spark.scheduler.mode", Values: []string{"ROUND_ROBIN"}}}}, want: `allowed: spark.scheduler.mode: invalid value "ROUND_ROBIN"`},
		{name: "allowed without values", policy: Policy{Allowed: []Allowed{{Key: "spark.scheduler.mode"}}}, want: "needs a key and at least one value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidPolicy) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want ErrInvalidPolicy containing %q", err, tt.want)
			}
			if _, nerr := NewValidator(Options{Policy: tt.policy}); !errors.Is(nerr, ErrInvalidPolicy) {
				t.Errorf("NewValidator error = %v, want ErrInvalidPolicy", nerr)
			}
		})
	}
}

// TestPolicyJSON checks the field names of the policy as written in
// sparkhook's --config file.
func TestPolicyJSON(t *testing.T) {
	in := `{"forbidden":["spark.kubernetes.authenticate.*"],"required":["spark.kubernetes.namespace"],` +
		`"bounds":[{"key":"spark.executor.memory","max":"16g"}],"allowed":[{"key":"spark.scheduler.mode","values":["FAIR"]}]}`
	var p Policy
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	want := Policy{
		Forbidden: []string{"spark.kubernetes.authenticate.*"},
		Required:  []string{"spark.kubernetes.namespace"},
		Bounds:    []Bound{{Key: "spark.executor.memory", Max: "16g"}},
		Allowed:   []Allowed{{Key: "spark.scheduler.mode", Values: []string{"FAIR"}}},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("policy (-want +got):\n%s", diff)
	}
}
