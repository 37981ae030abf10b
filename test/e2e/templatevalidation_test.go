package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/sparkhook/sparkhook/templates"
)

// noSparkContainer is the spec.sparkContainerName of podBreakingTemplates:
// a container none of them has, so that their containers are sidecars.
const noSparkContainer = "spark-kubernetes-driver"

// podBreakingTemplates are the templates the issue found stored and breaking
// every Pod they selected, each with the field its refusal must name (and,
// for the limits, the limit).
var podBreakingTemplates = []struct {
	name, spec, field string
	detail            string
}{
	{"toleration-exists-with-value", `{spec: {tolerations: [{key: spot, operator: Exists, value: "true", effect: NoSchedule}]}}`, "spec.template.spec.tolerations[0].operator", ""},
	{"four-nameservers", `{spec: {dnsPolicy: None, dnsConfig: {nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 8.8.4.4]}}}`, "spec.template.spec.dnsConfig.nameservers", ""},
	{"host-alias-bad-ip", `{spec: {hostAliases: [{ip: 300.1.1.1, hostnames: [metastore]}]}}`, "spec.template.spec.hostAliases[0].ip", ""},
	{"port-70000", `{spec: {containers: [{name: agent, image: agent:1, ports: [{containerPort: 70000}]}]}}`, "spec.template.spec.containers[0].ports[0].containerPort", ""},
	{"requests-over-limits", `{spec: {containers: [{name: agent, image: agent:1, resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}}]}}`, "spec.template.spec.containers[0].resources.requests", ""},
	{"value-and-valuefrom", `{spec: {containers: [{name: agent, image: agent:1, env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}]}}`, "spec.template.spec.containers[0].env[0].valueFrom", ""},
	{"probe-without-handler", `{spec: {containers: [{name: agent, image: agent:1, readinessProbe: {periodSeconds: 5}}]}}`, "spec.template.spec.containers[0].readinessProbe", ""},
	{"max-skew-0", `{spec: {topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]}}`, "spec.template.spec.topologySpreadConstraints[0].maxSkew", ""},
	{"annotation-300k", `{metadata: {annotations: {big: ` + strings.Repeat("x", 300<<10) + `}}}`, "spec.template.metadata.annotations", fmt.Sprintf("may not be more than %d bytes", templates.MaxAnnotationBytes)},
	{"bad-pull-policy", `{spec: {initContainers: [{name: init, image: busybox, imagePullPolicy: Sometimes}]}}`, "spec.template.spec.initContainers[0].imagePullPolicy", ""},
	{"affinity-without-terms", `{spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}}}`, "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", ""},
	{"negative-run-as-user", `{spec: {securityContext: {runAsUser: -1}}}`, "spec.template.spec.securityContext.runAsUser", ""},
	{"two-volume-sources", `{spec: {volumes: [{name: data, emptyDir: {}, configMap: {name: c}}]}}`, "spec.template.spec.volumes[0].configMap", ""},
	{"over-size-limit", `{spec: {nodeSelector: {big: ` + strings.Repeat("x", templates.MaxTemplateBytes) + `}}}`, "spec.template", fmt.Sprintf("may not be more than %d bytes", templates.MaxTemplateBytes)},
}

// TestPodBreakingTemplatesRefused creates every broken template through the API
// server: each is refused by sparkhook's validating webhook, as an Invalid
// status whose causes name the template's field, and nothing is stored.
func TestPodBreakingTemplatesRefused(t *testing.T) {
	c, _ := newClient(t)
	ns := newNamespace(t, c, "pod-breaking", nil)
	for _, tc := range podBreakingTemplates {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := parseTemplate(t, ns, fmt.Sprintf("metadata: {name: %s}\nspec:\n  sparkContainerName: %s\n  template: %s", tc.name, noSparkContainer, tc.spec))
			err := c.Create(context.Background(), tmpl)
			if fields := invalidFields(t, err); !slices.Contains(fields, tc.field) {
				t.Errorf("the refusal's fields are %q, want %q among them:\n%v", fields, tc.field, err)
			}
		})
	}
}

// TestPodBreakingTemplatesRefusedByKubectlApply applies every broken
// template with kubectl, as a platform team would: kubectl fails, printing
// the refusal with the template's field. Server-side apply: a client-side
// apply would also copy the 300 KB annotation into the template's own
// last-applied-configuration, which the API server refuses by itself.
func TestPodBreakingTemplatesRefusedByKubectlApply(t *testing.T) {
	c, _ := newClient(t)
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl")
	}
	ns := newNamespace(t, c, "kubectl-broken", nil)
	for _, tc := range podBreakingTemplates {
		t.Run(tc.name, func(t *testing.T) {
			doc := fmt.Sprintf("apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: %s, namespace: %s}\nspec:\n  sparkContainerName: %s\n  template: %s\n", tc.name, ns, noSparkContainer, tc.spec)
			out, err := kubectl(t, []byte(doc), "apply", "--server-side", "-f", "-")
			if err == nil {
				t.Fatalf("kubectl apply succeeded:\n%s", out)
			}
			containsAll(t, "kubectl's output", out, fmt.Sprintf("The SparkPodTemplate %q is invalid", tc.name), tc.field+":", tc.detail)
		})
	}
}

// kubectl runs kubectl against the cluster with stdin, returning its
// combined output.
func kubectl(t *testing.T, stdin []byte, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("kubectl", append([]string{"--kubeconfig", env.Kubeconfig}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// invalidFields requires err to be the API server's Invalid refusal, with
// details, and returns the fields its causes name.
func invalidFields(t *testing.T, err error) []string {
	t.Helper()
	if !apierrors.IsInvalid(err) {
		t.Fatalf("creating the template: %v, want Invalid", err)
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) || status.Status().Details == nil {
		t.Fatalf("the refusal has no details: %v", err)
	}
	var fields []string
	for _, cause := range status.Status().Details.Causes {
		fields = append(fields, cause.Field)
	}
	return fields
}
