package templates

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// fieldError is what a test checks of a field error: its type and field.
type fieldError struct {
	Type  field.ErrorType
	Field string
}

func fieldErrors(errs field.ErrorList) []fieldError {
	var out []fieldError
	for _, e := range errs {
		out = append(out, fieldError{e.Type, e.Field})
	}
	return out
}

// TestCompileRefusesTemplatesThatBreakPods holds every template the issue
// found stored and breaking the Pods it selected: each is refused when it
// is compiled (file load and the SparkPodTemplate webhook alike), by the
// API server's own Pod validation on the merged representative Pods, with
// the template's field named.
func TestCompileRefusesTemplatesThatBreakPods(t *testing.T) {
	sidecar := func(extra string) string {
		return "sparkContainerName: spark-kubernetes-driver\ntemplate:\n  spec:\n    containers:\n    - name: agent\n      image: agent:1\n" + extra
	}
	cases := []struct {
		name string
		spec string
		want []fieldError
	}{{
		name: "toleration with operator Exists and a value",
		spec: `template: {spec: {tolerations: [{key: spot, operator: Exists, value: "true", effect: NoSchedule}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.tolerations[0].operator"}},
	}, {
		name: "four nameservers",
		spec: `template: {spec: {dnsPolicy: None, dnsConfig: {nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 8.8.4.4]}}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.dnsConfig.nameservers"}},
	}, {
		name: "hostAliases with a bad IP",
		spec: `template: {spec: {hostAliases: [{ip: 300.1.1.1, hostnames: [metastore]}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.hostAliases[0].ip"}},
	}, {
		name: "sidecar port 70000",
		spec: sidecar("      ports: [{containerPort: 70000}]\n"),
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.containers[0].ports[0].containerPort"}},
	}, {
		name: "sidecar requests over limits",
		spec: sidecar("      resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}\n"),
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.containers[0].resources.requests"}},
	}, {
		name: "init container requests over limits",
		spec: `template: {spec: {initContainers: [{name: init, image: busybox, resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.initContainers[0].resources.requests"}},
	}, {
		name: "sidecar env with value and valueFrom",
		spec: sidecar("      env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n"),
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.containers[0].env[0].valueFrom"}},
	}, {
		name: "Spark container env with value and valueFrom",
		spec: `roles: [driver]
template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: B, value: x}, {name: A, value: "y", valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.containers[0].env[1].valueFrom"}},
	}, {
		name: "probe without a handler",
		spec: sidecar("      readinessProbe: {periodSeconds: 5}\n"),
		want: []fieldError{{field.ErrorTypeRequired, "spec.template.spec.containers[0].readinessProbe"}},
	}, {
		name: "topologySpreadConstraints maxSkew 0",
		spec: `template: {spec: {topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.topologySpreadConstraints[0].maxSkew"}},
	}, {
		name: "init container with a bad image pull policy",
		spec: `template: {spec: {initContainers: [{name: init, image: busybox, imagePullPolicy: Sometimes}]}}`,
		want: []fieldError{{field.ErrorTypeNotSupported, "spec.template.spec.initContainers[0].imagePullPolicy"}},
	}, {
		name: "node affinity without terms",
		spec: `template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}}}`,
		want: []fieldError{{field.ErrorTypeRequired, "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"}},
	}, {
		name: "negative runAsUser",
		spec: `template: {spec: {securityContext: {runAsUser: -1}}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.securityContext.runAsUser"}},
	}, {
		name: "nodeSelector key that is not a label key",
		spec: `template: {spec: {nodeSelector: {"bad key!": x}}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.nodeSelector"}},
	}, {
		name: "volume with two sources",
		spec: `template: {spec: {volumes: [{name: data, emptyDir: {}, configMap: {name: c}}]}}`,
		want: []fieldError{{field.ErrorTypeForbidden, "spec.template.spec.volumes[0].configMap"}},
	}, {
		name: "a 300 KB annotation",
		spec: fmt.Sprintf("template: {metadata: {annotations: {big: %s}}}", strings.Repeat("x", 300<<10)),
		want: []fieldError{
			{field.ErrorTypeTooLong, "spec.template"},
			{field.ErrorTypeTooLong, "spec.template.metadata.annotations"},
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := "metadata: {name: t}\nspec:\n  " + strings.ReplaceAll(tc.spec, "\n", "\n  ")
			_, _, errs := compileYAML(t, doc, CompileOptions{ClusterWide: true})
			if diff := cmp.Diff(tc.want, fieldErrors(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s\n%v", diff, errs.ToAggregate())
			}
		})
	}
}

// TestCompileMergedErrorSaysWhere checks that a refusal says which rule of
// the API server refused what, in which Pod.
func TestCompileMergedErrorSaysWhere(t *testing.T) {
	_, _, errs := compileYAML(t, `
metadata: {name: t}
spec:
  roles: [driver]
  sparkContainerName: spark-kubernetes-driver
  template: {spec: {containers: [{name: agent, image: a, ports: [{containerPort: 70000}]}]}}`, CompileOptions{ClusterWide: true})
	want := []string{`spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive (the API server's Pod validation, in a Spark driver Pod with this template merged, at spec.containers[1].ports[0].containerPort)`}
	if diff := cmp.Diff(want, errorStrings(errs)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestRepresentativePods holds the Pods templates are checked against to
// the real Spark Pods of test/testdata/pods: valid by the API server's
// rules, and of the same shape (containers, ports, mounts, volumes).
func TestRepresentativePods(t *testing.T) {
	for _, tc := range []struct {
		role    v1alpha1.SparkRole
		fixture string
	}{{v1alpha1.RoleDriver, "spark-3.5-driver.yaml"}, {v1alpha1.RoleExecutor, "spark-3.5-executor.yaml"}} {
		t.Run(string(tc.role), func(t *testing.T) {
			pod := RepresentativePod(tc.role)
			if errs := ValidatePod(pod); len(errs) > 0 {
				t.Fatalf("representative %s Pod is invalid: %v", tc.role, errs.ToAggregate())
			}
			fixture := readPodFixture(t, tc.fixture)
			if diff := cmp.Diff(podShape(fixture), podShape(pod)); diff != "" {
				t.Errorf("shape differs from %s (-fixture +representative):\n%s", tc.fixture, diff)
			}
		})
	}
}

// TestValidatePodAcceptsRealSparkPods guards against a validation stricter
// than the API server's: every Pod fixture, as Spark and the Spark Operator
// create them, is valid.
func TestValidatePodAcceptsRealSparkPods(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "test", "testdata", "pods", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Pod fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			pod := readPodFixture(t, filepath.Base(f))
			before := pod.DeepCopy()
			if errs := ValidatePod(pod); len(errs) > 0 {
				t.Errorf("ValidatePod: %v", errs.ToAggregate())
			}
			// It defaults and converts a copy, never pod: most fixtures
			// are Pods as Spark builds them, before the API server's
			// defaults.
			if diff := cmp.Diff(before, pod); diff != "" {
				t.Errorf("ValidatePod changed the Pod (-before +after):\n%s", diff)
			}
		})
	}
}

func readPodFixture(t *testing.T, name string) *corev1.Pod {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "test", "testdata", "pods", name))
	if err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{}
	if err := yaml.Unmarshal(data, pod); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return pod
}

// shape is what a merge meets in a Spark Pod: container names and ports,
// mounts, volumes and resources.
type shape struct {
	Containers []string
	Ports      []int32
	Mounts     []string
	Volumes    []string
	Resources  corev1.ResourceRequirements
}

func podShape(p *corev1.Pod) shape {
	var s shape
	for _, c := range p.Spec.Containers {
		s.Containers = append(s.Containers, c.Name)
		for _, port := range c.Ports {
			s.Ports = append(s.Ports, port.ContainerPort)
		}
		for _, m := range c.VolumeMounts {
			s.Mounts = append(s.Mounts, m.Name)
		}
		s.Resources = c.Resources
	}
	for _, v := range p.Spec.Volumes {
		s.Volumes = append(s.Volumes, v.Name)
	}
	return s
}
