package templates

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repeatYAML is n flow-style YAML list elements made by item(i).
func repeatYAML(n int, item func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(item(i))
	}
	return "[" + b.String() + "]"
}

func TestCompileLimits(t *testing.T) {
	cases := []struct {
		name string
		spec string
		want []string
	}{{
		name: "spec.template over MaxTemplateBytes",
		spec: fmt.Sprintf("template: {spec: {nodeSelector: {big: %s}}}", strings.Repeat("x", MaxTemplateBytes)),
		want: []string{fmt.Sprintf("spec.template: Too long: may not be more than %d bytes", MaxTemplateBytes)},
	}, {
		name: "annotations over MaxAnnotationBytes",
		spec: fmt.Sprintf("template: {metadata: {annotations: {a: %s}}}", strings.Repeat("x", MaxAnnotationBytes)),
		want: []string{fmt.Sprintf("spec.template.metadata.annotations: Too long: may not be more than %d bytes", MaxAnnotationBytes)},
	}, {
		name: "too many sidecars",
		spec: "template: {spec: {containers: " + repeatYAML(limitContainers.max+1, func(i int) string { return fmt.Sprintf("{name: c%d, image: i}", i) }) + "}}",
		want: []string{fmt.Sprintf("spec.template.spec.containers: Too many: %d: must have at most %d items", limitContainers.max+1, limitContainers.max)},
	}, {
		name: "too many tolerations",
		spec: "template: {spec: {tolerations: " + repeatYAML(limitTolerations.max+1, func(i int) string { return fmt.Sprintf("{key: k%d, operator: Exists}", i) }) + "}}",
		want: []string{fmt.Sprintf("spec.template.spec.tolerations: Too many: %d: must have at most %d items", limitTolerations.max+1, limitTolerations.max)},
	}, {
		name: "too many env entries in one container",
		spec: "template: {spec: {containers: [{name: spark-kubernetes-driver, env: " + repeatYAML(limitEnv.max+1, func(i int) string { return fmt.Sprintf("{name: E%d, value: v}", i) }) + "}]}}",
		want: []string{fmt.Sprintf("spec.template.spec.containers[0].env: Too many: %d: must have at most %d items", limitEnv.max+1, limitEnv.max)},
	}, {
		name: "too many volumes",
		spec: "template: {spec: {volumes: " + repeatYAML(limitVolumes.max+1, func(i int) string { return fmt.Sprintf("{name: v%d, emptyDir: {}}", i) }) + "}}",
		want: []string{fmt.Sprintf("spec.template.spec.volumes: Too many: %d: must have at most %d items", limitVolumes.max+1, limitVolumes.max)},
	}, {
		name: "at every limit: accepted",
		spec: "template: {spec: {tolerations: " + repeatYAML(limitTolerations.max, func(i int) string { return fmt.Sprintf("{key: k%d, operator: Exists}", i) }) + "}}",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := "metadata: {name: t}\nspec:\n  " + tc.spec
			_, _, errs := compileYAML(t, doc, CompileOptions{ClusterWide: true})
			if diff := cmp.Diff(tc.want, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileWarnsOfLiteralCredentials(t *testing.T) {
	cases := []struct {
		name string
		spec string
		want []string
	}{{
		name: "password in a sidecar",
		spec: `{roles: [executor], template: {spec: {containers: [{name: spark-kubernetes-executor}, {name: db, image: i, env: [{name: HOST, value: h}, {name: DB_PASSWORD, value: hunter2}]}]}}}`,
		want: []string{"spec.template.spec.containers[1].env[1].value: DB_PASSWORD looks like a credential written in the template, where everyone who can read the template or the Pods it selects can read it: reference a Secret with valueFrom.secretKeyRef, or with spec.secretEnv (sparkhook.io/secret-env in a Pod file)"},
	}, {
		name: "api key in an init container",
		spec: `template: {spec: {initContainers: [{name: fetch, image: i, env: [{name: openai_api_key, value: sk-1}]}]}}`,
		want: []string{"spec.template.spec.initContainers[0].env[0].value: openai_api_key looks like a credential written in the template, where everyone who can read the template or the Pods it selects can read it: reference a Secret with valueFrom.secretKeyRef, or with spec.secretEnv (sparkhook.io/secret-env in a Pod file)"},
	}, {
		name: "a secretKeyRef is no warning",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: AWS_SECRET_ACCESS_KEY, valueFrom: {secretKeyRef: {name: aws, key: secret}}}]}]}}`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, warnings, errs := compileYAML(t, "metadata: {name: t}\nspec:\n  "+tc.spec, CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs.ToAggregate())
			}
			if diff := cmp.Diff(tc.want, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadFilesRefusesOversizedTemplates holds the file loader to the same
// limits, the file and template named with the limit.
func TestLoadFilesRefusesOversizedTemplates(t *testing.T) {
	doc := "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  tolerations: " +
		repeatYAML(limitTolerations.max+1, func(i int) string { return fmt.Sprintf("{key: k%d, operator: Exists}", i) }) + "\n"
	_, _, err := LoadFiles([]File{{Name: "big.yaml", Data: []byte(doc)}})
	want := fmt.Sprintf(`big.yaml: template "big": spec.tolerations: Too many: %d: must have at most %d items`, limitTolerations.max+1, limitTolerations.max)
	if err == nil || err.Error() != want {
		t.Errorf("LoadFiles error = %v, want %s", err, want)
	}
}
