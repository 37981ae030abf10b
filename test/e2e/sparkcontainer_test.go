package e2e

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// TestSparkContainerRefusedByKubectlApply applies, with kubectl, templates
// whose containers sparkhook would add to Pods but that could never run
// there, or a spec.sparkContainerName that is not a container's name:
// each is refused by the API server — the CRD's schema or sparkhook's
// validating webhook — with the field named.
func TestSparkContainerRefusedByKubectlApply(t *testing.T) {
	c, _ := newClient(t)
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl")
	}
	ns := newNamespace(t, c, "spark-container", nil)
	tests := []struct {
		name, spec string
		want       []string // in kubectl's output
	}{{
		name: "placeholder-sidecar",
		spec: `{roles: [executor], template: {spec: {containers: [{name: spark-kubernetes-executor}, {name: log-forwarder, image: will-be-overwritten}]}}}`,
		want: []string{`spec.template.spec.containers[1].image: Invalid value: "will-be-overwritten": Spark's placeholder image`},
	}, {
		name: "placeholder-after-a-misspelt-name",
		spec: `{sparkContainerName: spark, template: {spec: {containers: [{name: sprak, image: will-be-overwritten}]}}}`,
		want: []string{`spec.template.spec.containers[0].image: Invalid value: "will-be-overwritten"`, "this sidecar"},
	}, {
		name: "placeholder-init-container",
		spec: `{template: {spec: {initContainers: [{name: fetch, image: will-be-overwritten}]}}}`,
		want: []string{`spec.template.spec.initContainers[0].image: Invalid value: "will-be-overwritten"`, "this init container"},
	}, {
		name: "sidecar-named-as-spark",
		spec: `{sparkContainerName: main, template: {spec: {containers: [{name: main}, {name: spark-kubernetes-executor, image: busybox}]}}}`,
		want: []string{`spec.template.spec.containers[1].name: Forbidden: "spark-kubernetes-executor" is the name of Spark's own container`},
	}, {
		name: "spark-container-name-not-a-name",
		spec: `{sparkContainerName: Main_1, template: {spec: {containers: [{name: main}]}}}`,
		want: []string{"spec.sparkContainerName", "should match"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := fmt.Sprintf("apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: %s, namespace: %s}\nspec: %s\n", tc.name, ns, tc.spec)
			out, err := kubectl(t, []byte(doc), "apply", "-f", "-")
			if err == nil {
				t.Fatalf("kubectl apply succeeded:\n%s", out)
			}
			containsAll(t, "kubectl's output", out, append([]string{fmt.Sprintf("The SparkPodTemplate %q is invalid", tc.name)}, tc.want...)...)
		})
	}
}

// TestTemplateScalarsReadAsSparkReadsThem applies, with kubectl, a template
// written as Spark's loader accepts it — an unquoted number as a label and
// as an env value, a boolean as an annotation. The CRD keeps spec.template
// as it is (x-kubernetes-preserve-unknown-fields), so the numbers reach
// sparkhook's webhook as JSON numbers: it accepts the template with a
// warning naming each field, and the next Spark driver gets the strings.
// A regular sidecar in driver Pods is warned of too.
func TestTemplateScalarsReadAsSparkReadsThem(t *testing.T) {
	c, _ := newClient(t)
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl")
	}
	ns := newNamespace(t, c, "scalars", nil)
	doc := fmt.Sprintf(`apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: scalars, namespace: %s}
spec:
  roles: [driver]
  template:
    metadata:
      labels: {spark-driver-cpu: 1}
      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: false}
    spec:
      containers:
      - name: spark-kubernetes-driver
        env: [{name: MEMORY_FRACTION, value: 0.9}]
      - name: log-shipper
        image: busybox
`, ns)
	out, err := kubectl(t, []byte(doc), "apply", "-f", "-")
	if err != nil {
		t.Fatalf("kubectl apply: %v\n%s", err, out)
	}
	containsAll(t, "kubectl's output", out,
		`Warning: spec.template.metadata.labels[spark-driver-cpu]: the number 1 was read as the string "1"`,
		`Warning: spec.template.metadata.annotations[cluster-autoscaler.kubernetes.io/safe-to-evict]: the boolean false was read as the string "false"`,
		`Warning: spec.template.spec.containers[0].env[0].value: the number 0.9 was read as the string "0.9"`,
		`Warning: spec.template.spec.containers[1]: "log-shipper" is a regular container in driver Pods`,
		"sparkpodtemplate.sparkhook.io/scalars created")

	stored, err := kubectl(t, nil, "get", "-n", ns, "sparkpodtemplate", "scalars", "-o", "jsonpath={.spec.template.metadata.labels}")
	if err != nil || !strings.Contains(stored, `"spark-driver-cpu":1`) {
		t.Errorf("the API server stored labels %s (%v), want the number as written", stored, err)
	}

	waitForTemplate(t, c, ns, "scalars")
	cluster.Eventually(t, propagation, func() error {
		pod := probeDriver(t, c, ns)
		env := ""
		for _, e := range pod.Spec.Containers[0].Env {
			if e.Name == "MEMORY_FRACTION" {
				env = e.Value
			}
		}
		got := [3]string{pod.Labels["spark-driver-cpu"], pod.Annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"], env}
		if want := [3]string{"1", "false", "0.9"}; got != want {
			return fmt.Errorf("the driver has label, annotation, env %q, want %q", got, want)
		}
		return nil
	})
}
