package templates

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestConflictNamesKeptSource: a Default conflict's warning names whose
// value was kept — the Pod's own, or the template merged before that set
// it — whatever order the templates were selected in.
func TestConflictNamesKeptSource(t *testing.T) {
	// every sets the fields of every kind of merge to v's values.
	every := func(priority, v string) string {
		return `{priority: ` + priority + `, template: {metadata: {labels: {tier: ` + v + `}},
  spec: {nodeSelector: {pool: ` + v + `}, runtimeClassName: rc-` + v + `, terminationGracePeriodSeconds: ` + map[string]string{"a": "60", "b": "90"}[v] + `,
  containers: [{name: spark-kubernetes-driver, workingDir: /` + v + `, env: [{name: LEVEL, value: ` + v + `}], livenessProbe: {exec: {command: [` + v + `]}}},
    {name: audit, image: "audit:` + v + `"}]}}}`
	}
	tests := []struct {
		name      string
		templates map[string]string // name: spec
		pod       func(*corev1.Pod)
		want      []string
	}{{
		name:      "the higher-priority template's value is kept and named",
		templates: map[string]string{"a": every("10", "a"), "b": every("1", "b")},
		want: []string{
			`template "b": metadata.labels[tier]: the value of template "a" is kept ("a", the template has "b")`,
			`template "b": spec.nodeSelector[pool]: the value of template "a" is kept ("a", the template has "b")`,
			`template "b": spec.containers[audit]: the value of template "a" is kept (the Pod has its own of that name)`,
			`template "b": spec.containers[spark-kubernetes-driver].env[LEVEL]: the value of template "a" is kept (the Pod has its own of that name)`,
			`template "b": spec.containers[spark-kubernetes-driver].livenessProbe: the value of template "a" is kept (the Pod sets its own)`,
			`template "b": spec.containers[spark-kubernetes-driver].workingDir: the value of template "a" is kept ("/a", the template has "/b")`,
			`template "b": spec.runtimeClassName: the value of template "a" is kept ("rc-a", the template has "rc-b")`,
			`template "b": spec.terminationGracePeriodSeconds: the value of template "a" is kept (60, the template has 90)`,
		},
	}, {
		name:      "the Pod's own values are kept and named, also where a template agrees with them",
		templates: map[string]string{"a": every("10", "a"), "b": every("1", "b")},
		pod: func(p *corev1.Pod) {
			p.Spec.NodeSelector = map[string]string{"pool": "a"}
			p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](45)
			p.Spec.Containers[0].WorkingDir = "/pod"
		},
		want: []string{
			`template "a": spec.containers[spark-kubernetes-driver].workingDir: the Pod's value is kept ("/pod", the template has "/a")`,
			`template "a": spec.terminationGracePeriodSeconds: the Pod's value is kept (45, the template has 60)`,
			`template "b": metadata.labels[tier]: the value of template "a" is kept ("a", the template has "b")`,
			`template "b": spec.nodeSelector[pool]: the Pod's value is kept ("a", the template has "b")`,
			`template "b": spec.containers[audit]: the value of template "a" is kept (the Pod has its own of that name)`,
			`template "b": spec.containers[spark-kubernetes-driver].env[LEVEL]: the value of template "a" is kept (the Pod has its own of that name)`,
			`template "b": spec.containers[spark-kubernetes-driver].livenessProbe: the value of template "a" is kept (the Pod sets its own)`,
			`template "b": spec.containers[spark-kubernetes-driver].workingDir: the Pod's value is kept ("/pod", the template has "/b")`,
			`template "b": spec.runtimeClassName: the value of template "a" is kept ("rc-a", the template has "rc-b")`,
			`template "b": spec.terminationGracePeriodSeconds: the Pod's value is kept (45, the template has 90)`,
		},
	}, {
		name:      "at equal priority the name that sorts last is merged first",
		templates: map[string]string{"a": `{template: {spec: {nodeSelector: {pool: a}}}}`, "b": `{template: {spec: {nodeSelector: {pool: b}}}}`},
		want:      []string{`template "a": spec.nodeSelector[pool]: the value of template "b" is kept ("b", the template has "a")`},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := templateNamed(t, "a", tc.templates["a"]), templateNamed(t, "b", tc.templates["b"])
			for _, selected := range [][]*Template{{a, b}, {b, a}} {
				pod := driverPod()
				if tc.pod != nil {
					tc.pod(pod)
				}
				out, err := Apply(pod, v1alpha1.RoleDriver, selected)
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				if diff := cmp.Diff(tc.want, out.Warnings); diff != "" {
					t.Errorf("warnings (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestConflictNamesKeptSourceAcrossOrigins: a team's Default template of a
// higher priority wins against the platform's, and the platform template's
// warning names it by its key (namespace/name).
func TestConflictNamesKeptSourceAcrossOrigins(t *testing.T) {
	tests := []struct {
		name                 string
		platformPrio, teamPr int32
		want                 []string
	}{{
		name: "the team's is higher", platformPrio: 1, teamPr: 5,
		want: []string{`template "sparkhook-system/p": spec.nodeSelector[pool]: the value of template "spark/t" is kept ("t", the template has "p")`},
	}, {
		name: "the platform's is higher", platformPrio: 5, teamPr: 1,
		want: []string{`template "spark/t": spec.nodeSelector[pool]: the value of template "sparkhook-system/p" is kept ("p", the template has "t")`},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := templateOf(t, platform, "p", `{priority: `+itoa(tc.platformPrio)+`, template: {spec: {nodeSelector: {pool: p}}}}`)
			tm := templateOf(t, team, "t", `{priority: `+itoa(tc.teamPr)+`, template: {spec: {nodeSelector: {pool: t}}}}`)
			out, err := Apply(driverPod(), v1alpha1.RoleDriver, []*Template{p, tm})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if diff := cmp.Diff(tc.want, out.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(i int32) string { return fmt.Sprint(i) }
