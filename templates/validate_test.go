package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sparkPodTemplateFile is a SparkPodTemplate document named name with the
// given spec (YAML flow style).
func sparkPodTemplateFile(name, spec string) string {
	return "apiVersion: sparkhook.io/v1alpha1\nkind: SparkPodTemplate\nmetadata: {name: " + name + "}\nspec: " + spec + "\n"
}

// TestLoadFilesErrors covers everything refused when templates are loaded:
// each message names the file, the template and the field.
func TestLoadFilesErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // file name → content; read in name order
		want  []string
	}{{
		name: "Spark's reserved volume names; spark-local-dir-N is not one",
		files: map[string]string{"v.yaml": sparkPodTemplateFile("t", `{template: {spec: {volumes: [
			{name: spark-conf-volume-driver}, {name: spark-local-dir-1}, {name: hadoop-properties}, {name: krb5-file},
			{name: kerberos-keytab}, {name: hadoop-secret}, {name: pod-template-volume}, {name: kubernetes-credentials},
			{name: spark-local-dirs-ok}]}}}`)},
		want: []string{
			`v.yaml: template "t": spec.template.spec.volumes[0].name: Forbidden: "spark-conf-volume-driver" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[2].name: Forbidden: "hadoop-properties" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[3].name: Forbidden: "krb5-file" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[4].name: Forbidden: "kerberos-keytab" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[5].name: Forbidden: "hadoop-secret" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[6].name: Forbidden: "pod-template-volume" is a volume name Spark reserves for its own volumes`,
			`v.yaml: template "t": spec.template.spec.volumes[7].name: Forbidden: "kubernetes-credentials" is a volume name Spark reserves for its own volumes`,
		},
	}, {
		name: "duplicate names: containers, init containers, volumes, env, mount paths, pull secrets, secretEnv",
		files: map[string]string{"d.yaml": sparkPodTemplateFile("t", `{
			secretEnv: [{name: S, secret: s, key: k}, {name: S, secret: s, key: l}],
			template: {spec: {
			  containers: [{name: side, image: a}, {name: side, image: b},
			    {name: spark-kubernetes-driver, env: [{name: A, value: "1"}, {name: A, value: "2"}],
			     volumeMounts: [{name: v, mountPath: /data}, {name: w, mountPath: /data}]}],
			  initContainers: [{name: side, image: c}],
			  volumes: [{name: v, emptyDir: {}}, {name: v, emptyDir: {}}],
			  imagePullSecrets: [{name: reg}, {name: reg}]}}}`)},
		want: []string{
			`d.yaml: template "t": spec.secretEnv[1].name: Duplicate value: "S"`,
			`d.yaml: template "t": spec.template.spec.containers[1].name: Duplicate value: "side"`,
			`d.yaml: template "t": spec.template.spec.containers[2].env[1].name: Duplicate value: "A"`,
			`d.yaml: template "t": spec.template.spec.containers[2].volumeMounts[1].mountPath: Duplicate value: "/data"`,
			`d.yaml: template "t": spec.template.spec.initContainers[0].name: Duplicate value: "side"`,
			`d.yaml: template "t": spec.template.spec.volumes[1].name: Duplicate value: "v"`,
			`d.yaml: template "t": spec.template.spec.imagePullSecrets[1].name: Duplicate value: "reg"`,
		},
	}, {
		name: "a secretEnv variable the Spark container also sets",
		files: map[string]string{"s.yaml": sparkPodTemplateFile("t", `{secretEnv: [{name: A, secret: s, key: k}],
			template: {spec: {containers: [{name: spark-kubernetes-executor, env: [{name: B, value: "0"}, {name: A, value: "1"}]}]}}}`)},
		want: []string{`s.yaml: template "t": spec.secretEnv[0].name: Invalid value: "A": also set in spec.template.spec.containers[0].env[1]`},
	}, {
		name: "sidecars and init containers need an image; the Spark container does not",
		files: map[string]string{"i.yaml": sparkPodTemplateFile("t", `{template: {spec: {
			containers: [{name: spark-kubernetes-driver}, {name: side}], initContainers: [{name: init, image: " "}]}}}`)},
		want: []string{
			`i.yaml: template "t": spec.template.spec.containers[1].image: Required value: a sidecar or init container needs an image: Spark sets the image of its own container only`,
			`i.yaml: template "t": spec.template.spec.initContainers[0].image: Required value: a sidecar or init container needs an image: Spark sets the image of its own container only`,
		},
	}, {
		name:  "in a Pod file, duplicates and images are checked the same way, the first container excepted",
		files: map[string]string{"p.yaml": "kind: Pod\nspec: {containers: [{name: main}, {name: main}, {name: side}], volumes: [{name: krb5-file}]}\n"},
		want: []string{
			`p.yaml: template "p": spec.containers[1].name: Duplicate value: "main"`,
			`p.yaml: template "p": spec.containers[1].image: Required value: a sidecar or init container needs an image: Spark sets the image of its own container only`,
			`p.yaml: template "p": spec.containers[2].image: Required value: a sidecar or init container needs an image: Spark sets the image of its own container only`,
			`p.yaml: template "p": spec.volumes[0].name: Forbidden: "krb5-file" is a volume name Spark reserves for its own volumes`,
		},
	}, {
		name: "sparkhook's annotations in template metadata; not Spark's reserved labels, which Spark accepts in a template (TestMergeSparkLabels)",
		files: map[string]string{"m.yaml": sparkPodTemplateFile("t", `{template: {metadata: {
			labels: {spark-role: driver, spark-app-selector: x, team: data}, annotations: {sparkhook.io/templates: a, owner: me}}}}`)},
		want: []string{
			`m.yaml: template "t": spec.template.metadata.annotations[sparkhook.io/templates]: Forbidden: sparkhook.io/ annotations are sparkhook's own and are never copied into Pods`,
		},
	}, {
		name:  "an invalid selector and namespaceSelector",
		files: map[string]string{"sel.yaml": sparkPodTemplateFile("t", `{selector: {matchExpressions: [{key: a, operator: In}]}, namespaceSelector: {matchLabels: {"b c": d}}}`)},
		want: []string{
			`sel.yaml: template "t": spec.selector.matchExpressions[0].values: Required value: must be specified when ` + "`operator`" + ` is 'In' or 'NotIn'`,
			`sel.yaml: template "t": spec.namespaceSelector.matchLabels: Invalid value: "b c": name part must consist of alphanumeric characters, '-', '_' or '.', ` +
				`and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		},
	}, {
		name:  "invalid roles and policy",
		files: map[string]string{"r.yaml": sparkPodTemplateFile("t", `{roles: [driver, Executor], policy: enforce}`)},
		want: []string{
			`r.yaml: template "t": spec.roles[1]: Unsupported value: "Executor": supported values: "driver", "executor"`,
			`r.yaml: template "t": spec.policy: Unsupported value: "enforce": supported values: "Default", "Enforce"`,
		},
	}, {
		name:  "a template name with a comma, and an unnamed SparkPodTemplate",
		files: map[string]string{"n.yaml": sparkPodTemplateFile(`"a,b"`, "{}") + "---\n" + sparkPodTemplateFile("''", "{}")},
		want: []string{
			`n.yaml: template "a,b": metadata.name: Invalid value: "a,b": may not contain commas, @, slashes or blanks`,
			`n.yaml: template "": metadata.name: Required value: a template needs a name`,
		},
	}, {
		name: "the same name in two files",
		files: map[string]string{
			"1.yaml": sparkPodTemplateFile("spot", "{}"),
			"2.yaml": "kind: Pod\nmetadata: {name: spot}\n",
		},
		want: []string{`2.yaml: template "spot": metadata.name: Duplicate value: also defined in 1.yaml`},
	}, {
		name: "every problem of every file is reported",
		files: map[string]string{
			"1.yaml": sparkPodTemplateFile("a", "{priority: x}"),
			"2.yaml": sparkPodTemplateFile("b", "{template: {spec: {volumes: [{name: hadoop-secret}]}}}"),
			"3.yaml": sparkPodTemplateFile("c", "{}"),
		},
		want: []string{
			`1.yaml: document 1: json: cannot unmarshal string into Go struct field SparkPodTemplateSpec.spec.priority of type int32`,
			`2.yaml: template "b": spec.template.spec.volumes[0].name: Forbidden: "hadoop-secret" is a volume name Spark reserves for its own volumes`,
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var files []File
			for _, name := range sortedKeys(tc.files) {
				files = append(files, File{Name: name, Data: []byte(tc.files[name])})
			}
			ts, _, err := LoadFiles(files)
			if diff := cmp.Diff(tc.want, errLines(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if ts != nil {
				t.Errorf("LoadFiles returned %d templates with its error, want none", len(ts))
			}
		})
	}
}
