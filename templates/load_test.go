package templates

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// sparkDriverTemplate is Spark's own integration-test driver template
// (resource-managers/kubernetes/integration-tests/src/test/resources/
// driver-template.yml), license header cut: note "Kind: Pod".
const sparkDriverTemplate = `apiVersion: v1
Kind: Pod
metadata:
  labels:
    template-label-key: driver-template-label-value
spec:
  containers:
  - name: test-driver-container
    image: will-be-overwritten
`

// docSummary is a decoded Document in a form cmp shows readably: the pod
// template as compact JSON with sorted keys, the rest of the spec as is.
type docSummary struct {
	Name     string
	FromPod  bool
	Spec     v1alpha1.SparkPodTemplateSpec
	Template string
	Warnings []string
}

func summarize(t *testing.T, docs []Document) []docSummary {
	t.Helper()
	var out []docSummary
	for _, d := range docs {
		s := docSummary{Name: d.Template.Name, FromPod: d.FromPod, Spec: *d.Template.Spec.DeepCopy(), Warnings: d.Warnings}
		s.Spec.Template.Raw = nil
		if raw := d.Template.Spec.Template.Raw; raw != nil {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatalf("template of %s: %v", s.Name, err)
			}
			b, _ := json.Marshal(v)
			s.Template = string(b)
		}
		out = append(out, s)
	}
	return out
}

// errLines splits a joined error into its messages, nil for no error.
func errLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestDecodeFile(t *testing.T) {
	cases := []struct {
		name    string
		file    string
		data    string
		want    []docSummary
		wantErr []string
	}{{
		name: "multi-document YAML with empty and comment-only documents",
		file: "dir/multi.yaml",
		data: "---\n# nothing here\n---\n" +
			"apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: a}\nspec: {priority: 3, template: {spec: {nodeSelector: {disk: ssd}}}}\n" +
			"---\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {schedulerName: batch}\n---\n",
		want: []docSummary{
			{Name: "a", Spec: v1alpha1.SparkPodTemplateSpec{Priority: 3}, Template: `{"spec":{"nodeSelector":{"disk":"ssd"}}}`},
			{Name: "b", FromPod: true, Template: `{"metadata":{},"spec":{"containers":null,"schedulerName":"batch"}}`},
		},
	}, {
		name: "JSON, two objects in a stream",
		file: "t.json",
		data: `{"apiVersion": "sparkhook.io/v1alpha1", "kind": "SparkPodTemplate", "metadata": {"name": "a"}, "spec": {"onRequest": true}}
{"kind": "Pod", "metadata": {"name": "b"}}`,
		want: []docSummary{
			{Name: "a", Spec: v1alpha1.SparkPodTemplateSpec{OnRequest: true}},
			{Name: "b", FromPod: true, Template: `{"metadata":{},"spec":{"containers":null}}`},
		},
	}, {
		name: "an empty file holds no templates",
		file: "empty.yaml",
		data: "# just a comment\n",
	}, {
		name: "Spark's driver-template.yml, Kind: Pod and no name, loads with a warning",
		file: "/etc/templates/driver-template.yml",
		data: sparkDriverTemplate,
		want: []docSummary{{
			Name: "driver-template", FromPod: true,
			Template: `{"metadata":{"labels":{"template-label-key":"driver-template-label-value"}},"spec":{"containers":[{"image":"will-be-overwritten","name":"test-driver-container","resources":{}}]}}`,
			Warnings: []string{`ignored: unknown field "Kind"`},
		}},
	}, {
		name:    "a document of another kind is an error",
		file:    "t.yaml",
		data:    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
		wantErr: []string{`t.yaml: document 1: kind "Deployment": a template file holds SparkPodTemplates and Pods`},
	}, {
		name:    "a SparkPodTemplate of another apiVersion is an error",
		file:    "t.yaml",
		data:    "apiVersion: sparkhook.io/v1\nkind: SparkPodTemplate\nmetadata: {name: a}\n",
		wantErr: []string{`t.yaml: document 1: apiVersion "sparkhook.io/v1": a SparkPodTemplate is sparkhook.io/v1alpha1`},
	}, {
		name:    "a SparkPodTemplate without its kind is not read as a Pod",
		file:    "t.yaml",
		data:    "apiVersion: sparkhook.io/v1alpha1\nmetadata: {name: a}\nspec: {roles: [driver]}\n",
		wantErr: []string{`t.yaml: document 1: apiVersion "sparkhook.io/v1alpha1", kind "": a template file holds SparkPodTemplates (sparkhook.io/v1alpha1) and Pods (v1)`},
	}, {
		name:    "an unknown field of a SparkPodTemplate is an error: a typo would widen where it applies",
		file:    "t.yaml",
		data:    "apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: a}\nspec: {rolse: [driver]}\n",
		wantErr: []string{`t.yaml: document 1: unknown field "spec.rolse"`},
	}, {
		name: "a bad document does not hide the next one's problems, nor the good ones",
		file: "t.yaml",
		data: "kind: Deployment\n---\nkind: ConfigMap\n---\nkind: Pod\nmetadata: {name: ok}\n",
		want: []docSummary{{Name: "ok", FromPod: true, Template: `{"metadata":{},"spec":{"containers":null}}`}},
		wantErr: []string{
			`t.yaml: document 1: kind "Deployment": a template file holds SparkPodTemplates and Pods`,
			`t.yaml: document 2: kind "ConfigMap": a template file holds SparkPodTemplates and Pods`,
		},
	}, {
		name:    "a YAML syntax error ends the file",
		file:    "t.yaml",
		data:    "kind: Pod\nmetadata: {name: [\n",
		wantErr: []string{`t.yaml: document 1: error converting YAML to JSON: yaml: line 2: did not find expected node content`},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := DecodeFile(tc.file, []byte(tc.data))
			if diff := cmp.Diff(tc.wantErr, errLines(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, summarize(t, docs)); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodePodAnnotations(t *testing.T) {
	cases := []struct {
		name        string
		annotations string
		want        v1alpha1.SparkPodTemplateSpec
		wantMeta    string // the template's metadata, as JSON
		wantErr     []string
	}{{
		name: "every sparkhook.io/ annotation fills the spec and none is copied",
		annotations: `{sparkhook.io/roles: " executor , driver,executor", sparkhook.io/priority: "-7", sparkhook.io/policy: Enforce,
		  sparkhook.io/on-request: "true", sparkhook.io/secret-env: "AWS_ACCESS_KEY_ID=aws-secrets:key, AWS_SECRET_ACCESS_KEY=aws-secrets:secret",
		  prometheus.io/scrape: "true"}`,
		want: v1alpha1.SparkPodTemplateSpec{
			Roles: []v1alpha1.SparkRole{v1alpha1.RoleExecutor, v1alpha1.RoleDriver}, Priority: -7,
			Policy: v1alpha1.PolicyEnforce, OnRequest: true,
			SecretEnv: []v1alpha1.SecretEnvVar{
				{Name: "AWS_ACCESS_KEY_ID", Secret: "aws-secrets", Key: "key"},
				{Name: "AWS_SECRET_ACCESS_KEY", Secret: "aws-secrets", Key: "secret"},
			},
		},
		wantMeta: `{"annotations":{"prometheus.io/scrape":"true"}}`,
	}, {
		name:        "only sparkhook.io/ annotations: the template has none",
		annotations: `{sparkhook.io/on-request: "false"}`,
		wantMeta:    `{}`,
	}, {
		name: "every bad value is reported, naming its annotation, in key order",
		annotations: `{sparkhook.io/roles: "driver,drivers", sparkhook.io/priority: high, sparkhook.io/policy: enforce,
		  sparkhook.io/on-request: "yes", sparkhook.io/priorty: "1"}`,
		wantErr: []string{`pod.yaml: document 1: template "p": [` +
			`metadata.annotations[sparkhook.io/on-request]: Invalid value: "yes": must be true or false, ` +
			`metadata.annotations[sparkhook.io/policy]: Invalid value: "enforce": must be Default or Enforce, ` +
			`metadata.annotations[sparkhook.io/priority]: Invalid value: "high": strconv.ParseInt: parsing "high": invalid syntax, ` +
			`metadata.annotations[sparkhook.io/priorty]: Invalid value: "1": not a sparkhook annotation of a template ` +
			`(sparkhook.io/roles, sparkhook.io/priority, sparkhook.io/policy, sparkhook.io/on-request, sparkhook.io/secret-env, sparkhook.io/spark-container), ` +
			`metadata.annotations[sparkhook.io/roles]: Invalid value: "driver,drivers": "drivers" is not a Spark role: driver, executor or both, comma-separated]`},
	}, {
		name:        "roles naming no role",
		annotations: `{sparkhook.io/roles: " , "}`,
		wantErr:     []string{`pod.yaml: document 1: template "p": metadata.annotations[sparkhook.io/roles]: Invalid value: " , ": names no role: driver, executor or both, comma-separated`},
	}, {
		name:        "secret-env not in ENV=secret:key form",
		annotations: `{sparkhook.io/secret-env: "A=aws-secrets"}`,
		wantErr:     []string{`pod.yaml: document 1: template "p": metadata.annotations[sparkhook.io/secret-env]: Invalid value: "A=aws-secrets": "A=aws-secrets" is not ENV=secret:key`},
	}, {
		name:        "secret-env naming an invalid Secret",
		annotations: `{sparkhook.io/secret-env: "A=Aws_Secrets:key"}`,
		wantErr: []string{`pod.yaml: document 1: template "p": metadata.annotations[sparkhook.io/secret-env]: Invalid value: "A=Aws_Secrets:key": ` +
			`A=Aws_Secrets:key: Invalid value: "Aws_Secrets": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', ` +
			`and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`},
	}, {
		name:        "secret-env setting one variable twice",
		annotations: `{sparkhook.io/secret-env: "A=s:k,A=s:l"}`,
		wantErr:     []string{`pod.yaml: document 1: template "p": metadata.annotations[sparkhook.io/secret-env]: Invalid value: "A=s:k,A=s:l": A is set twice`},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := "kind: Pod\nmetadata: {name: p, annotations: " + tc.annotations + "}\n"
			docs, err := DecodeFile("pod.yaml", []byte(data))
			if diff := cmp.Diff(tc.wantErr, errLines(err)); diff != "" {
				t.Fatalf("errors (-want +got):\n%s", diff)
			}
			if tc.wantErr != nil {
				return
			}
			got := summarize(t, docs)
			if len(got) != 1 {
				t.Fatalf("got %d documents, want 1", len(got))
			}
			if diff := cmp.Diff(tc.want, got[0].Spec); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
			wantTemplate := `{"metadata":` + tc.wantMeta + `,"spec":{"containers":null}}`
			if diff := cmp.Diff(wantTemplate, got[0].Template); diff != "" {
				t.Errorf("template (-want +got):\n%s", diff)
			}
		})
	}
}

// loaded is what identifies a template LoadFiles returned.
type loaded struct {
	Key, Source string
	Priority    int32
	Spark       string // the executor's Spark container, or noContainer
}

func TestLoadFiles(t *testing.T) {
	cases := []struct {
		name         string
		files        []File
		want         []loaded
		wantWarnings []string
	}{{
		name: "named by metadata.name, else the file's base name; sorted by priority, then name",
		files: []File{
			{Name: "/t/spark/driver-template.yml", Data: []byte(sparkDriverTemplate)},
			{Name: "/t/b.yaml", Data: []byte("kind: Pod\nmetadata: {name: zz, annotations: {sparkhook.io/priority: '-1'}}\n---\n" +
				"apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: aa}\n")},
			{Name: "/t/c.json", Data: []byte(`{"kind": "Pod", "spec": {"restartPolicy": "Never"}}`)},
		},
		want: []loaded{
			{Key: "zz", Source: "/t/b.yaml", Priority: -1, Spark: noContainer},
			{Key: "aa", Source: "/t/b.yaml", Spark: noContainer},
			{Key: "c", Source: "/t/c.json", Spark: noContainer},
			{Key: "driver-template", Source: "/t/spark/driver-template.yml", Spark: "test-driver-container"},
		},
		wantWarnings: []string{
			`/t/spark/driver-template.yml: template "driver-template": ignored: unknown field "Kind"`,
			`/t/c.json: template "c": spec.restartPolicy: not merged by sparkhook: Spark sets it on every Pod it builds (Never; Always for executors of its statefulset allocator), over a podTemplateFile's (BasicDriverFeatureStep, BasicExecutorFeatureStep)`,
		},
	}, {
		name: "metadata.namespace of a file template is ignored, with a warning",
		files: []File{{Name: "ns.yaml", Data: []byte("kind: Pod\nmetadata: {name: p, namespace: team-a}\n---\n" +
			"apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: s, namespace: team-a}\n")}},
		want: []loaded{{Key: "p", Source: "ns.yaml", Spark: noContainer}, {Key: "s", Source: "ns.yaml", Spark: noContainer}},
		wantWarnings: []string{
			`ns.yaml: template "p": metadata.namespace: ignored: templates from files apply to every namespace (a SparkPodTemplate's spec.namespaceSelector can narrow that)`,
			`ns.yaml: template "s": metadata.namespace: ignored: templates from files apply to every namespace (a SparkPodTemplate's spec.namespaceSelector can narrow that)`,
		},
	}, {
		name: "the first container is the Spark container of a Pod file and of a SparkPodTemplate alike",
		files: []File{{Name: "c.yaml", Data: []byte("kind: Pod\nmetadata: {name: pod, annotations: {sparkhook.io/roles: executor}}\nspec: {containers: [{name: main}, {name: side, image: x}]}\n---\n" +
			sparkPodTemplateFile("spt", "{roles: [executor], template: {spec: {containers: [{name: main}, {name: side, image: x}]}}}"))}},
		want: []loaded{{Key: "pod", Source: "c.yaml", Spark: "main"}, {Key: "spt", Source: "c.yaml", Spark: "main"}},
	}, {
		name: "sparkhook.io/spark-container names a Pod file's Spark container as spec.sparkContainerName does",
		files: []File{{Name: "c.yaml", Data: []byte("kind: Pod\nmetadata: {name: pod, annotations: {sparkhook.io/roles: executor, sparkhook.io/spark-container: main}}\n" +
			"spec: {containers: [{name: side, image: x}, {name: main}]}\n---\n" +
			sparkPodTemplateFile("spt", "{roles: [executor], sparkContainerName: main, template: {spec: {containers: [{name: side, image: x}, {name: main}]}}}"))}},
		want: []loaded{{Key: "pod", Source: "c.yaml", Spark: "main"}, {Key: "spt", Source: "c.yaml", Spark: "main"}},
		wantWarnings: []string{
			`c.yaml: template "pod": spec.containers[1]: the Spark container (spec.sparkContainerName) is "main", not the first container "side": Spark reads this template the same way only with spark.kubernetes.{driver,executor}.podTemplateContainerName=main, and otherwise takes the first`,
			`c.yaml: template "spt": spec.template.spec.containers[1]: the Spark container (spec.sparkContainerName) is "main", not the first container "side": Spark reads this template the same way only with spark.kubernetes.{driver,executor}.podTemplateContainerName=main, and otherwise takes the first`,
		},
	}, {
		name: "no files, no templates",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, warnings, err := LoadFiles(tc.files)
			if err != nil {
				t.Fatalf("LoadFiles: %v", err)
			}
			var got []loaded
			for _, tpl := range ts {
				if tpl.Hash == "" {
					t.Errorf("template %s has no hash", tpl.Key())
				}
				got = append(got, loaded{Key: tpl.Key(), Source: tpl.Source, Priority: tpl.Priority, Spark: sparkContainerOf(tpl, v1alpha1.RoleExecutor)})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("templates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
