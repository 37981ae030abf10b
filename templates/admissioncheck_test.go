package templates

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestApplyValidatedDropsTemplatesThatBreakThePod holds ApplyValidated to the rule that the
// templates never make a Pod the API server would refuse, for what only a
// real Pod shows (templates are checked against representative Pods when
// they are registered): a Default template that would is left out with a
// warning naming it, an Enforce one denies the Pod naming it, and the
// Pod's own errors are left for the API server to report.
func TestApplyValidatedDropsTemplatesThatBreakThePod(t *testing.T) {
	// uiPort is a template whose sidecar listens on 4040, the Spark UI's
	// port: valid, but not in a hostNetwork Pod, where the API server
	// makes every container port a host port and refuses two alike. It
	// names a Spark container it lacks, so that agent is a sidecar.
	const uiPort = "sparkContainerName: spark-kubernetes-driver\n" +
		`template: {spec: {containers: [{name: agent, image: a, ports: [{containerPort: 4040}]}]}}`
	const label = `template: {metadata: {labels: {team: data}}}`
	big := strings.Repeat("x", 250<<10)
	tests := []struct {
		name        string
		templates   map[string]string // name: spec, applied in name order
		pod         func(*corev1.Pod)
		wantApplied []string
		wantWarning string // a substring of the one warning expected, "" for none
		wantDenied  string // the template an expected *MergeError names
		wantFields  []string
	}{{
		name:        "valid templates: one validation, all applied",
		templates:   map[string]string{"a": label, "b": uiPort},
		wantApplied: []string{"b", "a"}, // Default: from the key that sorts last at equal priority
	}, {
		name:        "a Default template's port taken in a hostNetwork Pod is left out",
		templates:   map[string]string{"a": label, "b": uiPort},
		pod:         func(p *corev1.Pod) { p.Spec.HostNetwork = true },
		wantApplied: []string{"a"},
		wantWarning: `template "b" was left out: with it the Pod would fail the API server's validation: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//4040"`,
	}, {
		name:        "a Default template's annotation over the Pod's annotation budget is left out",
		templates:   map[string]string{"a": "template: {metadata: {annotations: {note: " + strings.Repeat("y", 10<<10) + "}}}", "b": label},
		pod:         func(p *corev1.Pod) { p.Annotations = map[string]string{"big": big} },
		wantApplied: []string{"b"},
		wantWarning: `template "a" was left out: with it the Pod would fail the API server's validation: metadata.annotations: Too long`,
	}, {
		name:       "an Enforce template that breaks the Pod denies it, naming the template",
		templates:  map[string]string{"a": label, "b": "policy: Enforce\n" + uiPort},
		pod:        func(p *corev1.Pod) { p.Spec.HostNetwork = true },
		wantDenied: "b",
		wantFields: []string{"spec.containers[1].ports[0].hostPort"},
	}, {
		name:        "the Pod's own error is not the templates'",
		templates:   map[string]string{"a": label, "b": uiPort},
		pod:         func(p *corev1.Pod) { p.Spec.Containers[0].Ports[0].ContainerPort = 70000 },
		wantApplied: []string{"b", "a"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var selected []*Template
			for _, name := range []string{"a", "b"} {
				if spec, ok := tc.templates[name]; ok {
					selected = append(selected, templateNamed(t, name, spec))
				}
			}
			pod := driverPod()
			if tc.pod != nil {
				tc.pod(pod)
			}
			before := pod.DeepCopy()
			out, err := ApplyValidated(pod, v1alpha1.RoleDriver, selected)
			if tc.wantDenied != "" {
				var mergeErr *MergeError
				if !errors.As(err, &mergeErr) || mergeErr.Template != tc.wantDenied {
					t.Fatalf("Apply error = %v, want a *MergeError naming %q", err, tc.wantDenied)
				}
				if diff := cmp.Diff(tc.wantFields, errorFields(mergeErr.Errors)); diff != "" {
					t.Errorf("denial fields (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if diff := cmp.Diff(tc.wantApplied, out.Applied); diff != "" {
				t.Errorf("applied (-want +got):\n%s", diff)
			}
			switch {
			case tc.wantWarning == "" && len(out.Warnings) > 0:
				t.Errorf("warnings = %q, want none", out.Warnings)
			case tc.wantWarning != "" && (len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], tc.wantWarning)):
				t.Errorf("warnings = %q, want one containing %q", out.Warnings, tc.wantWarning)
			}
			if diff := cmp.Diff(before, out.Before); diff != "" {
				t.Errorf("Outcome.Before is not the Pod as it came (-want +got):\n%s", diff)
			}
			if errs := newErrors(ValidatePod(pod), errorKeys(ValidatePod(out.Before))); len(errs) > 0 {
				t.Errorf("the templates left errors in the Pod: %v", errs.ToAggregate())
			}
		})
	}
}

func errorFields(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}
