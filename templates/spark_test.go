package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

func TestRoleFromLabels(t *testing.T) {
	type result struct {
		Role  v1alpha1.SparkRole
		Spark bool
	}
	cases := []struct {
		name   string
		labels map[string]string
		want   result
	}{
		{name: "driver", labels: map[string]string{"spark-role": "driver", "spark-app-selector": "spark-1"}, want: result{v1alpha1.RoleDriver, true}},
		{name: "executor", labels: map[string]string{"spark-role": "executor", "spark-exec-id": "1"}, want: result{v1alpha1.RoleExecutor, true}},
		{name: "another spark-role value", labels: map[string]string{"spark-role": "Driver"}, want: result{}},
		{name: "an empty spark-role", labels: map[string]string{"spark-role": ""}, want: result{}},
		{name: "a non-Spark pod", labels: map[string]string{"app": "web"}, want: result{}},
		{name: "no labels at all", want: result{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			role, ok := RoleFromLabels(tc.labels)
			if diff := cmp.Diff(tc.want, result{role, ok}); diff != "" {
				t.Errorf("RoleFromLabels (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSparkContainerIndex(t *testing.T) {
	cases := []struct {
		name       string
		role       v1alpha1.SparkRole
		containers []string
		args       map[string][]string // container name → args
		want       int
	}{
		{name: "driver by name, after a sidecar", role: v1alpha1.RoleDriver, containers: []string{"istio-proxy", "spark-kubernetes-driver"}, want: 1},
		{name: "executor by name", role: v1alpha1.RoleExecutor, containers: []string{"fluent-bit", "spark-kubernetes-executor"}, want: 1},
		{name: "Spark 2.x executor", role: v1alpha1.RoleExecutor, containers: []string{"fluent-bit", "executor"}, want: 1},
		{name: "Spark 3 name before a sidecar called executor", role: v1alpha1.RoleExecutor, containers: []string{"executor", "spark-kubernetes-executor"}, want: 1},
		{name: "executor is not a driver's name", role: v1alpha1.RoleDriver, containers: []string{"sidecar", "executor"}, want: 0},
		{name: "the other role's name does not count", role: v1alpha1.RoleDriver, containers: []string{"side", "spark-kubernetes-executor"}, want: 0},
		{name: "renamed by a podTemplateFile: the first container", role: v1alpha1.RoleDriver, containers: []string{"test-driver-container", "side"}, want: 0},
		{name: "renamed, after the template's sidecars: the driver by its first argument", role: v1alpha1.RoleDriver,
			containers: []string{"side", "main"}, args: map[string][]string{"main": {"driver", "--properties-file", "x"}}, want: 1},
		{name: "renamed executor by its first argument", role: v1alpha1.RoleExecutor,
			containers: []string{"side", "main"}, args: map[string][]string{"side": {"run"}, "main": {"executor"}}, want: 1},
		{name: "the other role's argument does not count", role: v1alpha1.RoleExecutor,
			containers: []string{"side", "main"}, args: map[string][]string{"main": {"driver"}}, want: 0},
		{name: "a name beats an argument", role: v1alpha1.RoleDriver,
			containers: []string{"main", "spark-kubernetes-driver"}, args: map[string][]string{"main": {"driver"}}, want: 1},
		{name: "no containers", role: v1alpha1.RoleExecutor, want: -1},
		{name: "a non-Spark pod: the first container", role: v1alpha1.RoleDriver, containers: []string{"nginx"}, want: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{}
			for _, name := range tc.containers {
				pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: name, Args: tc.args[name]})
			}
			if got := SparkContainerIndex(pod, tc.role); got != tc.want {
				t.Errorf("SparkContainerIndex = %d, want %d", got, tc.want)
			}
		})
	}
}
