package templates

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestEnforceRepeatedEnv: the API server accepts an env var repeated in a
// container, and the kubelet gives the container the last copy; Enforce
// must replace every copy, Default compares with the last.
func TestEnforceRepeatedEnv(t *testing.T) {
	repeated := func() *corev1.Pod {
		p := driverPod()
		p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "LEVEL", Value: "one"}, {Name: "SPARK_USER", Value: "root"}, {Name: "LEVEL", Value: "two"}}
		return p
	}
	tests := []struct {
		name         string
		spec         string
		want         []corev1.EnvVar
		wantWarnings []string
	}{{
		name: "Enforce replaces every copy",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: enforced}]}]}}}`,
		want: []corev1.EnvVar{{Name: "LEVEL", Value: "enforced"}, {Name: "SPARK_USER", Value: "root"}, {Name: "LEVEL", Value: "enforced"}},
	}, {
		name: "Enforce replaces a copy that differs even when another already holds its value",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: one}]}]}}}`,
		want: []corev1.EnvVar{{Name: "LEVEL", Value: "one"}, {Name: "SPARK_USER", Value: "root"}, {Name: "LEVEL", Value: "one"}},
	}, {
		name: "Default agrees with the last copy, which the container sees",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: two}]}]}}}`,
		want: []corev1.EnvVar{{Name: "LEVEL", Value: "one"}, {Name: "SPARK_USER", Value: "root"}, {Name: "LEVEL", Value: "two"}},
	}, {
		name:         "Default differing from the last copy is a conflict, and the Pod keeps both",
		spec:         `{template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: one}]}]}}}`,
		want:         []corev1.EnvVar{{Name: "LEVEL", Value: "one"}, {Name: "SPARK_USER", Value: "root"}, {Name: "LEVEL", Value: "two"}},
		wantWarnings: []string{`template "tpl": spec.containers[spark-kubernetes-driver].env[LEVEL]: the Pod's value is kept (the Pod has its own of that name)`},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pod := repeated()
			before, pristine := Snapshot(pod), pod.DeepCopy()
			report, err := MergeTemplate(pod, v1alpha1.RoleDriver, templateFrom(t, tc.spec))
			if err != nil {
				t.Fatalf("MergeTemplate: %v", err)
			}
			want := repeated()
			want.Spec.Containers[0].Env = tc.want
			if diff := cmp.Diff(want, pod); diff != "" {
				t.Errorf("Pod (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, report.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(pristine, before); diff != "" {
				t.Errorf("the merge wrote into its Snapshot (-as it was +Snapshot):\n%s", diff)
			}
		})
	}
}

// classTemplate is an Enforce template of that origin setting both classes
// and values every merge step handles.
func classTemplate(t *testing.T, o origin, name string, priority int32) *Template {
	return templateOf(t, o, name, fmt.Sprintf(`{policy: Enforce, priority: %d, template: {
  metadata: {labels: {level: %s}},
  spec: {priorityClassName: pc-%s, runtimeClassName: rc-%s, nodeSelector: {pool: %s}, affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: %d, preference: {matchExpressions: [{key: pool, operator: In, values: [%s]}]}}]}},
    containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: %s}], resources: {limits: {cpu: "%d"}}}, {name: audit, image: "audit:%s"}]}}}`,
		priority, name, name, name, name, priority+1, name, name, priority+1, name))
}

// admitted is what the API server's Priority and RuntimeClass admission
// plugins make of the Pod: spec.priority, preemptionPolicy and overhead
// resolved from its classes.
func admitted(p *corev1.Pod) {
	p.Spec.Priority = ptr.To[int32](1000)
	p.Spec.PreemptionPolicy = ptr.To(corev1.PreemptLowerPriority)
	p.Spec.Overhead = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("120Mi")}
}

// TestEnforceTwiceChangesNothing: two Enforce templates that disagree on
// everything, of each pairing of origins, are merged into a Pod, the API
// server resolves its classes, and a second pass — a reinvocation —
// changes nothing: no flip, and priority and overhead stay.
func TestEnforceTwiceChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		first  origin
		second origin
	}{
		{name: "two platform templates", first: platform, second: platform},
		{name: "two team templates", first: team, second: team},
		{name: "a team's at a higher priority than the platform's", first: platform, second: team},
		{name: "the platform's at a higher priority than a team's", first: team, second: platform},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			selected := []*Template{classTemplate(t, tc.first, "a", 1), classTemplate(t, tc.second, "b", 2)}
			pod := driverPod()
			if _, err := Apply(pod, v1alpha1.RoleDriver, selected); err != nil {
				t.Fatalf("first Apply: %v", err)
			}
			admitted(pod)
			want := pod.DeepCopy()
			out, err := Apply(pod, v1alpha1.RoleDriver, selected)
			if err != nil {
				t.Fatalf("second Apply: %v", err)
			}
			if diff := cmp.Diff(want, pod); diff != "" {
				t.Errorf("the second pass changed the Pod (-after the first +after the second):\n%s", diff)
			}
			if diff := cmp.Diff(want, out.Before); diff != "" {
				t.Errorf("Outcome.Before is not the Pod as it came (-want +got):\n%s", diff)
			}
			if len(out.Warnings) != 0 {
				t.Errorf("second pass warnings = %q, want none", out.Warnings)
			}
		})
	}
}

// TestClassesClearedOnlyWhenChanged: priority, preemptionPolicy and
// overhead are cleared for the API server to derive them again only when
// the class they come from ends up other than the one the Pod came with.
func TestClassesClearedOnlyWhenChanged(t *testing.T) {
	withClasses := func() *corev1.Pod {
		p := driverPod()
		p.Spec.PriorityClassName, p.Spec.RuntimeClassName = "high", ptr.To("gvisor")
		admitted(p)
		return p
	}
	cleared := func(p *corev1.Pod) { p.Spec.Priority, p.Spec.PreemptionPolicy, p.Spec.Overhead = nil, nil, nil }
	tests := []struct {
		name  string
		specs []string
		want  func(*corev1.Pod)
	}{{
		name:  "Enforce setting the classes the Pod has keeps what was derived",
		specs: []string{`{policy: Enforce, template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}`},
	}, {
		name:  "Enforce changing the classes clears what was derived",
		specs: []string{`{policy: Enforce, template: {spec: {priorityClassName: low, runtimeClassName: runc}}}`},
		want: func(p *corev1.Pod) {
			p.Spec.PriorityClassName, p.Spec.RuntimeClassName = "low", ptr.To("runc")
			cleared(p)
		},
	}, {
		name: "two Enforce templates ending on the Pod's classes keep what was derived",
		specs: []string{
			`{policy: Enforce, priority: 1, template: {spec: {priorityClassName: low, runtimeClassName: runc}}}`,
			`{policy: Enforce, priority: 2, template: {spec: {priorityClassName: high, runtimeClassName: gvisor}}}`,
		},
	}, {
		name:  "Default leaves the Pod's classes and what was derived",
		specs: []string{`{template: {spec: {priorityClassName: low, runtimeClassName: runc}}}`},
	}, {
		name:  "only the class that changed clears what comes from it",
		specs: []string{`{policy: Enforce, template: {spec: {runtimeClassName: kata}}}`},
		want: func(p *corev1.Pod) {
			p.Spec.RuntimeClassName, p.Spec.Overhead = ptr.To("kata"), nil
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var selected []*Template
			for i, s := range tc.specs {
				selected = append(selected, templateNamed(t, fmt.Sprintf("t%d", i), s))
			}
			pod := withClasses()
			if _, err := Apply(pod, v1alpha1.RoleDriver, selected); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			want := withClasses()
			if tc.want != nil {
				tc.want(want)
			}
			delete(pod.Annotations, v1alpha1.AnnotationApplied)
			want.Annotations = map[string]string{}
			if diff := cmp.Diff(want, pod); diff != "" {
				t.Errorf("Pod (-want +got):\n%s", diff)
			}
		})
	}
}
