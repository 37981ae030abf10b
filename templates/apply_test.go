package templates

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

func TestApply(t *testing.T) {
	type named struct{ name, spec string }
	tests := []struct {
		name            string
		templates       []named
		podAnnotations  map[string]string
		wantAnnotations map[string]string // keys other than sparkhook.io/applied
		wantApplied     string            // "" means the annotation is absent
		wantEnv         []string          // names of the Spark container's env, in order
		wantErr         bool
	}{{
		name:        "no template leaves the Pod alone",
		wantEnv:     []string{"SPARK_USER"},
		wantApplied: "",
	}, {
		name: "Default templates apply from the highest priority down, whatever the order given, and are recorded",
		templates: []named{{"a", `{priority: 1, secretEnv: [{name: A, secret: s, key: k}]}`}, {"b", `{priority: 5, secretEnv: [{name: B, secret: s, key: k}]}`},
			{"c", `{priority: 1, secretEnv: [{name: C, secret: s, key: k}]}`}},
		wantEnv:     []string{"SPARK_USER", "B", "C", "A"},
		wantApplied: "b@HASH(b),c@HASH(c),a@HASH(a)",
	}, {
		name:        "Enforce templates apply after the Default ones, from the lowest priority up",
		templates:   []named{{"a", `{policy: Enforce, priority: 5, secretEnv: [{name: A, secret: s, key: k}]}`}, {"b", `{policy: Enforce, priority: 1, secretEnv: [{name: B, secret: s, key: k}]}`}, {"c", `{priority: 1, secretEnv: [{name: C, secret: s, key: k}]}`}},
		wantEnv:     []string{"SPARK_USER", "C", "B", "A"},
		wantApplied: "c@HASH(c),b@HASH(b),a@HASH(a)",
	}, {
		name:           "a Default template already recorded with the same hash is skipped",
		templates:      []named{{"a", `secretEnv: [{name: A, secret: s, key: k}]`}},
		podAnnotations: map[string]string{v1alpha1.AnnotationApplied: "a@HASH(a)"},
		wantEnv:        []string{"SPARK_USER"},
		wantApplied:    "a@HASH(a)",
	}, {
		name:           "an Enforce template is applied even when the Pod claims it was",
		templates:      []named{{"a", `{policy: Enforce, secretEnv: [{name: A, secret: s, key: k}]}`}},
		podAnnotations: map[string]string{v1alpha1.AnnotationApplied: "a@HASH(a)"},
		wantEnv:        []string{"SPARK_USER", "A"},
		wantApplied:    "a@HASH(a)",
	}, {
		name:           "a changed template replaces its old entry and keeps others",
		templates:      []named{{"a", `secretEnv: [{name: A, secret: s, key: k}]`}},
		podAnnotations: map[string]string{v1alpha1.AnnotationApplied: "other@1234567890,a@0000000000"},
		wantEnv:        []string{"SPARK_USER", "A"},
		wantApplied:    "other@1234567890,a@HASH(a)",
	}, {
		name:      "an Enforce template that cannot be applied fails",
		templates: []named{{"a", `{policy: Enforce, template: {spec: {containers: [{name: side, image: x, volumeMounts: [{name: nowhere, mountPath: /x}]}]}}}`}},
		wantErr:   true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var selected []*Template
			hashes := map[string]string{}
			for _, n := range tc.templates {
				tpl := templateNamed(t, n.name, n.spec)
				selected = append(selected, tpl)
				hashes["HASH("+n.name+")"] = tpl.Hash
			}
			pod := driverPod()
			for k, v := range tc.podAnnotations {
				if pod.Annotations == nil {
					pod.Annotations = map[string]string{}
				}
				pod.Annotations[k] = expandHashes(v, hashes)
			}
			pristine := pod.DeepCopy()
			out, err := Apply(pod, v1alpha1.RoleDriver, selected)
			if diff := cmp.Diff(pristine, out.Before); diff != "" {
				t.Errorf("Outcome.Before is not the Pod as it was (-pod as it was +Before):\n%s", diff)
			}
			if tc.wantErr {
				var mergeErr *MergeError
				if !errors.As(err, &mergeErr) {
					t.Fatalf("Apply error = %v, want a *MergeError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got, want := pod.Annotations[v1alpha1.AnnotationApplied], expandHashes(tc.wantApplied, hashes); got != want {
				t.Errorf("%s = %q, want %q", v1alpha1.AnnotationApplied, got, want)
			}
			if diff := cmp.Diff(tc.wantEnv, envNames(pod.Spec.Containers[0])); diff != "" {
				t.Errorf("Spark container env (-want +got):\n%s", diff)
			}
			again := pod.DeepCopy()
			if _, err := Apply(again, v1alpha1.RoleDriver, selected); err != nil {
				t.Fatalf("second Apply: %v", err)
			}
			if diff := cmp.Diff(pod, again); diff != "" {
				t.Errorf("applying twice changed the pod (-once +twice):\n%s", diff)
			}
		})
	}
}

func expandHashes(s string, hashes map[string]string) string {
	for k, v := range hashes {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

func envNames(c corev1.Container) []string {
	var out []string
	for _, e := range c.Env {
		out = append(out, e.Name)
	}
	return out
}

func TestApplyIsolatesAFailingTemplate(t *testing.T) {
	tests := []struct {
		name        string
		brokenSpec  string
		wantErr     bool
		wantEnv     []string
		wantApplied string
		wantFailed  []string
	}{{
		name:        "a Default template that panics is left out and the others still apply",
		brokenSpec:  `secretEnv: [{name: BROKEN, secret: s, key: k}]`,
		wantEnv:     []string{"SPARK_USER", "C", "A"},
		wantApplied: "c@HASH(c),a@HASH(a)",
		wantFailed:  []string{"b"},
	}, {
		name:       "an Enforce template that panics denies the Pod",
		brokenSpec: `{policy: Enforce, secretEnv: [{name: BROKEN, secret: s, key: k}]}`,
		wantErr:    true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := templateNamed(t, "a", `secretEnv: [{name: A, secret: s, key: k}]`)
			b := templateNamed(t, "b", tc.brokenSpec)
			c := templateNamed(t, "c", `secretEnv: [{name: C, secret: s, key: k}]`)
			// b half-merges, then panics: what it wrote must not survive.
			merge := func(pod *corev1.Pod, role v1alpha1.SparkRole, tpl *Template) (Report, error) {
				r, err := MergeTemplate(pod, role, tpl)
				if tpl == b {
					panic("a bug in a merge rule")
				}
				return r, err
			}
			pod := driverPod()
			out, err := apply(pod, v1alpha1.RoleDriver, []*Template{a, b, c}, merge)
			if tc.wantErr {
				var mergeErr *MergeError
				if !errors.As(err, &mergeErr) || mergeErr.Template != "b" {
					t.Fatalf("apply error = %v, want a *MergeError naming b", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			hashes := map[string]string{"HASH(a)": a.Hash, "HASH(c)": c.Hash}
			if diff := cmp.Diff(tc.wantEnv, envNames(pod.Spec.Containers[0])); diff != "" {
				t.Errorf("Spark container env (-want +got):\n%s", diff)
			}
			if got, want := pod.Annotations[v1alpha1.AnnotationApplied], expandHashes(tc.wantApplied, hashes); got != want {
				t.Errorf("%s = %q, want %q", v1alpha1.AnnotationApplied, got, want)
			}
			if diff := cmp.Diff(tc.wantFailed, out.Failed); diff != "" {
				t.Errorf("failed templates (-want +got):\n%s", diff)
			}
			if len(out.Warnings) == 0 {
				t.Error("no warning tells the submitter a template was left out")
			}
		})
	}
}
