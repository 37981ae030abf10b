package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// sparkOwnedTemplates override what Spark always sets in its own Pods, each
// with the field its refusal must name: a Pod Spark builds from such a
// template would carry two mounts at one path, or a secretKeyRef after
// Spark's own variable. They are refused under Enforce as under Default.
var sparkOwnedTemplates = []struct {
	name, spec, field string
}{
	{"conf-mount", `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: conf, mountPath: /opt/spark/conf}]}], volumes: [{name: conf, configMap: {name: my-conf}}]}}}`,
		"spec.template.spec.containers[0].volumeMounts[0].mountPath"},
	{"secret-env-spark-user", `{secretEnv: [{name: SPARK_USER, secret: users, key: name}]}`, "spec.secretEnv[0].name"},
}

// TestSparkSizedAcceptedAndIgnored registers, through the API server, an
// Enforce template whose Spark container sets what Spark puts its own
// values over (a memory request, SPARK_LOCAL_DIRS), as real podTemplateFiles
// do: it is stored, with a warning naming each field, and a driver keeps
// Spark's memory and scratch directories while the rest of the template
// (a label) is merged.
func TestSparkSizedAcceptedAndIgnored(t *testing.T) {
	c, warnings := newClient(t)
	ns := newNamespace(t, c, "spark-sized", nil)
	tmpl := parseTemplate(t, ns, `
metadata: {name: spark-sized}
spec:
  policy: Enforce
  roles: [driver]
  template:
    metadata: {labels: {team: analytics}}
    spec:
      containers:
      - name: spark-kubernetes-driver
        env: [{name: SPARK_LOCAL_DIRS, value: /data1}]
        resources: {requests: {memory: 16Gi}}`)
	warnings.take()
	if err := c.Create(context.Background(), tmpl); err != nil {
		t.Fatalf("creating the template: %v", err)
	}
	containsAll(t, "the registration's warnings", strings.Join(warnings.take(), "\n"),
		"spec.template.spec.containers[0].resources.requests[memory]: ignored (16Gi): Spark sets",
		"spec.template.spec.containers[0].env[0].name: SPARK_LOCAL_DIRS is Spark's")
	driver := waitForTemplate(t, c, ns, "spark-sized")
	before := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	spark, want := &driver.Spec.Containers[0], &before.Spec.Containers[0]
	if got := spark.Resources.Requests[corev1.ResourceMemory]; got.Cmp(want.Resources.Requests[corev1.ResourceMemory]) != 0 {
		t.Errorf("the driver's memory request is %s, want Spark's %s", got.String(), want.Resources.Requests.Memory())
	}
	if got, want := envValue(spark, "SPARK_LOCAL_DIRS"), envValue(want, "SPARK_LOCAL_DIRS"); got != want || got == "" {
		t.Errorf("SPARK_LOCAL_DIRS = %q, want Spark's %q", got, want)
	}
	if driver.Labels["team"] != "analytics" {
		t.Errorf("the driver's labels are %v, want the template's team: analytics", driver.Labels)
	}
}

// TestSparkOwnedRefusedAtRegistration creates every template of
// sparkOwnedTemplates through the API server: each is refused by
// sparkhook's validating webhook as an Invalid status whose causes name the
// template's field, and nothing is stored.
func TestSparkOwnedRefusedAtRegistration(t *testing.T) {
	c, _ := newClient(t)
	ns := newNamespace(t, c, "spark-owned", nil)
	for _, tc := range sparkOwnedTemplates {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := parseTemplate(t, ns, fmt.Sprintf("metadata: {name: %s}\nspec: %s", tc.name, tc.spec))
			err := c.Create(context.Background(), tmpl)
			if fields := invalidFields(t, err); !slices.Contains(fields, tc.field) {
				t.Errorf("the refusal's fields are %q, want %q among them:\n%v", fields, tc.field, err)
			}
		})
	}
}

// TestSparkConfMountRefusedByKubectlApply applies, with kubectl as a
// platform team would, an Enforce template mounting over Spark's
// configuration directory: kubectl fails, printing the field and Spark's
// reason.
func TestSparkConfMountRefusedByKubectlApply(t *testing.T) {
	c, _ := newClient(t)
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl")
	}
	ns := newNamespace(t, c, "kubectl-spark-owned", nil)
	doc := fmt.Sprintf("apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: conf-mount, namespace: %s}\nspec: %s\n", ns, sparkOwnedTemplates[0].spec)
	out, err := kubectl(t, []byte(doc), "apply", "-f", "-")
	if err == nil {
		t.Fatalf("kubectl apply succeeded:\n%s", out)
	}
	containsAll(t, "kubectl's output", out, `The SparkPodTemplate "conf-mount" is invalid`,
		`spec.template.spec.containers[0].volumeMounts[0].mountPath: Invalid value: "/opt/spark/conf": Spark mounts its configuration there`)
}

// TestScratchVolumeTemplate registers a team's template putting the
// drivers' scratch space on a generic ephemeral volume, and creates a
// Spark driver: its spark-local-dir-1 has the template's source, and Spark's
// mount and SPARK_LOCAL_DIRS are the driver's own.
func TestScratchVolumeTemplate(t *testing.T) {
	c, _ := newClient(t)
	ns := newNamespace(t, c, "scratch", nil)
	tmpl := parseTemplate(t, ns, `
metadata: {name: scratch}
spec:
  roles: [driver]
  template:
    spec:
      volumes:
      - name: spark-local-dir-1
        ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], storageClassName: local-nvme, resources: {requests: {storage: 100Gi}}}}}`)
	if err := c.Create(context.Background(), tmpl); err != nil {
		t.Fatalf("creating the template: %v", err)
	}
	before := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	var driver *corev1.Pod
	cluster.Eventually(t, propagation, func() error {
		driver = probeDriver(t, c, ns)
		if v := volume(driver, "spark-local-dir-1"); v == nil || v.Ephemeral == nil || v.EmptyDir != nil {
			return fmt.Errorf("the driver's spark-local-dir-1 is %+v, want the template's ephemeral volume alone", v)
		}
		return nil
	})
	spark, want := &driver.Spec.Containers[0], &before.Spec.Containers[0]
	if len(spark.VolumeMounts) < len(want.VolumeMounts) || !equality.Semantic.DeepEqual(spark.VolumeMounts[:len(want.VolumeMounts)], want.VolumeMounts) {
		t.Errorf("the Spark container's mounts are %v, want Spark's own first: %v", spark.VolumeMounts, want.VolumeMounts)
	}
	if got, want := envValue(spark, "SPARK_LOCAL_DIRS"), envValue(want, "SPARK_LOCAL_DIRS"); got != want || got == "" {
		t.Errorf("SPARK_LOCAL_DIRS = %q, want Spark's %q", got, want)
	}
}

func volume(pod *corev1.Pod, name string) *corev1.Volume {
	for i := range pod.Spec.Volumes {
		if pod.Spec.Volumes[i].Name == name {
			return &pod.Spec.Volumes[i]
		}
	}
	return nil
}

func envValue(c *corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}
