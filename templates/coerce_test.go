package templates

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// scalarsPod is a template as people write it for Spark, which loads it:
// numbers and a boolean where k8s.io/api has strings.
const scalarsPod = `metadata:
  labels: {spark-driver-cpu: 1, team: data}
  annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: false}
spec:
  nodeSelector: {node-generation: 5}
  containers:
  - name: spark-kubernetes-driver
    env: [{name: MEMORY_FRACTION, value: 0.9}, {name: TZ, value: UTC}]
    resources: {limits: {cpu: 2}}
`

// coerced is what a template read from scalarsPod holds.
type coerced struct {
	Labels, Annotations, NodeSelector map[string]string
	Env                               []corev1.EnvVar
	CPULimit                          string
}

func TestLoadReadsScalarsAsSparkDoes(t *testing.T) {
	indented := "    " + strings.ReplaceAll(strings.TrimSpace(scalarsPod), "\n", "\n    ")
	want := coerced{
		Labels:       map[string]string{"spark-driver-cpu": "1", "team": "data"},
		Annotations:  map[string]string{"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
		NodeSelector: map[string]string{"node-generation": "5"},
		Env:          []corev1.EnvVar{{Name: "MEMORY_FRACTION", Value: "0.9"}, {Name: "TZ", Value: "UTC"}},
		CPULimit:     "2",
	}
	cases := []struct {
		name         string
		file         string
		wantWarnings []string
	}{{
		name: "a Pod file",
		file: "apiVersion: v1\nkind: Pod\n" + scalarsPod,
		wantWarnings: []string{
			`f.yaml: template "f": metadata.annotations[cluster-autoscaler.kubernetes.io/safe-to-evict]: the boolean false was read as the string "false", as Spark reads it; quote it`,
			`f.yaml: template "f": metadata.labels[spark-driver-cpu]: the number 1 was read as the string "1", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.containers[0].env[0].value: the number 0.9 was read as the string "0.9", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.nodeSelector[node-generation]: the number 5 was read as the string "5", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.containers[0].resources.limits[cpu]: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)`,
		},
	}, {
		name: "a SparkPodTemplate's spec.template",
		file: "apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: f}\nspec:\n  template:\n" + indented + "\n",
		wantWarnings: []string{
			`f.yaml: template "f": spec.template.metadata.annotations[cluster-autoscaler.kubernetes.io/safe-to-evict]: the boolean false was read as the string "false", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.template.metadata.labels[spark-driver-cpu]: the number 1 was read as the string "1", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.template.spec.containers[0].env[0].value: the number 0.9 was read as the string "0.9", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.template.spec.nodeSelector[node-generation]: the number 5 was read as the string "5", as Spark reads it; quote it`,
			`f.yaml: template "f": spec.template.spec.containers[0].resources.limits[cpu]: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)`,
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, warnings, err := LoadFiles([]File{{Name: "f.yaml", Data: []byte(tc.file)}})
			if err != nil {
				t.Fatalf("LoadFiles: %v", err)
			}
			tpl := ts[0]
			c := tpl.SparkContainers[v1alpha1.RoleDriver]
			got := coerced{Labels: tpl.Labels, Annotations: tpl.Annotations, NodeSelector: tpl.Spec.NodeSelector, Env: c.Env, CPULimit: c.Resources.Limits.Cpu().String()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("template (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadStaysStrict: only a scalar where a string goes is loosened.
func TestLoadStaysStrict(t *testing.T) {
	cases := []struct {
		name string
		file string
		want string // in the error
	}{{
		name: "a list where a string goes",
		file: "kind: Pod\nmetadata: {labels: {a: [1]}}\n",
		want: `f.yaml: document 1: does not decode as a Pod: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type string`,
	}, {
		name: "a string where a number goes",
		file: "kind: Pod\nspec: {containers: [{name: c, ports: [{containerPort: '80'}]}]}\n",
		want: `f.yaml: document 1: does not decode as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`,
	}, {
		name: "a number where a SparkPodTemplate's spec has an object",
		file: "apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: f}\nspec: {selector: 1}\n",
		want: `f.yaml: document 1: json: cannot unmarshal number into Go struct field SparkPodTemplateSpec.spec.selector of type v1.LabelSelector`,
	}, {
		name: "a boolean where a template's string goes, next to a string where its number goes",
		file: "apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: f}\nspec: {template: {metadata: {labels: {a: true}}, spec: {priority: high}}}\n",
		want: `f.yaml: template "f": spec.template: Invalid value: "(pod template)": does not decode as a pod template: json: cannot unmarshal string into Go struct field PodSpec.spec.priority of type int32`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LoadFiles([]File{{Name: "f.yaml", Data: []byte(tc.file)}})
			if err == nil || err.Error() != tc.want {
				t.Errorf("LoadFiles error = %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestLoadKeepsReportingUnknownFields: a document rewritten for its scalars
// is still decoded strictly, so unknown fields are still named.
func TestLoadKeepsReportingUnknownFields(t *testing.T) {
	_, warnings, err := LoadFiles([]File{{Name: "f.yaml", Data: []byte("kind: Pod\nmetadata: {name: f, labels: {a: 1}}\nspec: {nodeSelectr: {b: c}}\n")}})
	if err != nil {
		t.Fatalf("LoadFiles: %v", err)
	}
	want := []string{
		`f.yaml: template "f": metadata.labels[a]: the number 1 was read as the string "1", as Spark reads it; quote it`,
		`f.yaml: template "f": ignored: unknown field "spec.nodeSelectr"`,
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestLoadScalarText: the string is the value as JSON writes it, after
// YAML 1.1 (sigs.k8s.io/yaml, as kubectl) has read it.
func TestLoadScalarText(t *testing.T) {
	cases := []struct {
		name, value, want string
	}{
		{name: "an integer", value: "1", want: "1"},
		{name: "a float's trailing zero is JSON's", value: "0.90", want: "0.9"},
		{name: "an exponent", value: "1e3", want: "1000"},
		{name: "a negative number", value: "-2", want: "-2"},
		{name: "YAML 1.1's yes is a boolean", value: "yes", want: "true"},
		{name: "a quoted number stays as written", value: `"0.90"`, want: "0.90"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := "kind: Pod\nmetadata: {name: f}\nspec: {containers: [{name: c, env: [{name: V, value: " + tc.value + "}]}]}\n"
			ts, _, err := LoadFiles([]File{{Name: "f.yaml", Data: []byte(file)}})
			if err != nil {
				t.Fatalf("LoadFiles: %v", err)
			}
			if got := ts[0].SparkContainers[v1alpha1.RoleExecutor].Env[0].Value; got != tc.want {
				t.Errorf("env value = %q, want %q", got, tc.want)
			}
		})
	}
}
