package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// compileYAML compiles a SparkPodTemplate written as YAML (metadata and
// spec; apiVersion and kind are not needed), failing the test if the YAML
// itself does not decode.
func compileYAML(t *testing.T, doc string, opts CompileOptions) (*Template, []string, field.ErrorList) {
	t.Helper()
	obj := &v1alpha1.SparkPodTemplate{}
	if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
		t.Fatalf("decoding the test's template: %v", err)
	}
	return Compile(obj, opts)
}

// errorStrings is the messages of errs, in order, for whole-list diffs.
func errorStrings(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// selection is what decides where a compiled template applies, in a form
// cmp can compare (selectors as their canonical strings).
type selection struct {
	Key, Selector, NamespaceSelector string
	Roles                            RoleSet
	Priority                         int32
	Policy                           v1alpha1.MergePolicy
	OnRequest                        bool
	SecretEnv                        []string
}

func selectionOf(tpl *Template) selection {
	s := selection{Key: tpl.Key(), Selector: tpl.Selector.String(), Roles: tpl.Roles,
		Priority: tpl.Priority, Policy: tpl.Policy, OnRequest: tpl.OnRequest}
	if tpl.NamespaceSelector != nil {
		s.NamespaceSelector = "{" + tpl.NamespaceSelector.String() + "}"
	}
	for _, e := range tpl.SecretEnv {
		s.SecretEnv = append(s.SecretEnv, e.Name+"="+e.ValueFrom.SecretKeyRef.Name+":"+e.ValueFrom.SecretKeyRef.Key)
	}
	return s
}

func TestCompileSelection(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		opts CompileOptions
		want selection
	}{{
		name: "defaults: both roles, every pod, priority 0, Default",
		doc:  `metadata: {name: t}`,
		opts: CompileOptions{ClusterWide: true},
		want: selection{Key: "t", Roles: RolesAll, Policy: v1alpha1.PolicyDefault},
	}, {
		name: "every selection field set",
		doc: `
metadata: {name: t, namespace: sparkhook}
spec:
  roles: [executor]
  selector:
    matchLabels: {team: data}
    matchExpressions: [{key: tier, operator: In, values: [batch]}]
  namespaceSelector: {matchLabels: {spark: "on"}}
  priority: -5
  policy: Enforce
  onRequest: true
  secretEnv: [{name: AWS_ACCESS_KEY_ID, secret: aws-secrets, key: key}]`,
		opts: CompileOptions{ClusterWide: true},
		want: selection{Key: "t", Selector: "team=data,tier in (batch)", NamespaceSelector: "{spark=on}",
			Roles: RolesExecutor, Priority: -5, Policy: v1alpha1.PolicyEnforce, OnRequest: true,
			SecretEnv: []string{"AWS_ACCESS_KEY_ID=aws-secrets:key"}},
	}, {
		name: "an empty namespaceSelector matches every namespace but is still a selector",
		doc:  `{metadata: {name: t}, spec: {roles: [driver, executor], namespaceSelector: {}}}`,
		opts: CompileOptions{ClusterWide: true},
		want: selection{Key: "t", NamespaceSelector: "{}", Roles: RolesAll, Policy: v1alpha1.PolicyDefault},
	}, {
		name: "a namespaced template is keyed by its namespace",
		doc:  `{metadata: {name: t, namespace: spark-jobs}, spec: {roles: [driver]}}`,
		want: selection{Key: "spark-jobs/t", Roles: RolesDriver, Policy: v1alpha1.PolicyDefault},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, _, errs := compileYAML(t, tc.doc, tc.opts)
			if len(errs) > 0 {
				t.Fatalf("Compile: %v", errs.ToAggregate())
			}
			if diff := cmp.Diff(tc.want, selectionOf(tpl)); diff != "" {
				t.Errorf("selection (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileWarnings(t *testing.T) {
	cases := []struct {
		name  string
		spec  string // spec.template.spec
		roles string // spec.roles, default both
		want  []string
	}{{
		name: "merged fields only: no warning",
		spec: `{nodeSelector: {a: b}, tolerations: [{key: k, operator: Exists}], containers: [{name: spark-kubernetes-driver, image: x, env: [{name: A, value: "1"}]}]}`,
	}, {
		name: "pod spec fields sparkhook does not merge, each with why",
		spec: `{restartPolicy: Always, serviceAccountName: other, os: {name: linux}}`,
		want: []string{
			"spec.template.spec.os: not merged by sparkhook: it merges only " + mergedList,
			"spec.template.spec.restartPolicy: not merged by sparkhook: Spark sets it on every Pod it builds (Never; Always for executors of its statefulset allocator), over a podTemplateFile's (BasicDriverFeatureStep, BasicExecutorFeatureStep)",
			"spec.template.spec.serviceAccountName: not merged by sparkhook: Spark sets it from spark.kubernetes.authenticate.{driver,executor}.serviceAccountName, and the API server mounted the token of the Pod's service account before webhooks ran",
		},
	}, {
		name:  "a port named as Spark's own in the Spark container",
		spec:  `{containers: [{name: spark-kubernetes-driver, ports: [{name: jmx, containerPort: 9090}, {name: spark-ui, containerPort: 8080}]}]}`,
		roles: "[driver]",
		want: []string{
			"spec.template.spec.containers[0].ports: merged into executors of Spark 3.4 and later only (spark-version label): before 3.4 Spark replaced an executor's ports with its block manager port (BasicExecutorFeatureStep, SPARK-39546)",
			`spec.template.spec.containers[0].ports[1]: not merged by sparkhook: Spark names its own port "spark-ui" and sets it from its conf (spark.driver.port, spark.driver.blockManager.port, spark.ui.port; BasicDriverFeatureStep)`,
		},
	}, {
		name: "fields Spark keeps from a template merge: no warning",
		spec: `{terminationGracePeriodSeconds: 60, enableServiceLinks: false, activeDeadlineSeconds: 600, shareProcessNamespace: true,
  readinessGates: [{conditionType: example.com/ready}], containers: [{name: spark-kubernetes-driver, workingDir: /w,
  lifecycle: {preStop: {exec: {command: [x]}}}, livenessProbe: {exec: {command: [x]}}, readinessProbe: {exec: {command: [x]}},
  startupProbe: {exec: {command: [x]}}}]}`,
	}, {
		name: "the Spark container's command and args; its ports reach drivers and 3.4+ executors only",
		spec: `{containers: [{name: c, image: will-be-overwritten, ports: [{containerPort: 4040}], command: [sh], args: [x]}]}`,
		want: []string{
			"spec.template.spec.containers[0].args: not merged into the Spark container by sparkhook: Spark starts its container through the image's entrypoint with its own args (driver or executor, BasicDriverFeatureStep, BasicExecutorFeatureStep, DriverCommandFeatureStep); sparkhook never changes how Spark starts",
			"spec.template.spec.containers[0].command: not merged into the Spark container by sparkhook: Spark starts its container through the image's entrypoint with its own args (driver or executor, BasicDriverFeatureStep, BasicExecutorFeatureStep, DriverCommandFeatureStep); sparkhook never changes how Spark starts",
			"spec.template.spec.containers[0].ports: merged into executors of Spark 3.4 and later only (spark-version label): before 3.4 Spark replaced an executor's ports with its block manager port (BasicExecutorFeatureStep, SPARK-39546)",
		},
	}, {
		name:  "a sidecar's fields are all kept",
		spec:  `{containers: [{name: spark-kubernetes-executor}, {name: side, image: busybox, ports: [{containerPort: 9090}], command: [sh]}]}`,
		roles: "[executor]",
	}, {
		name:  "unknown fields in the pod template",
		spec:  `{nodeSelectr: {a: b}, containers: [{name: spark-kubernetes-executor}, {name: side, image: busybox, imagePolicy: Always}]}`,
		roles: "[executor]",
		want: []string{
			`spec.template: ignored: unknown field "spec.containers[1].imagePolicy"`,
			`spec.template: ignored: unknown field "spec.nodeSelectr"`,
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			roles := tc.roles
			if roles == "" {
				roles = "[driver, executor]"
			}
			doc := "{metadata: {name: t}, spec: {roles: " + roles + ", template: {spec: " + tc.spec + "}}}"
			_, warnings, errs := compileYAML(t, doc, CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("Compile: %v", errs.ToAggregate())
			}
			if diff := cmp.Diff(tc.want, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// mergedList is how the warnings name the pod spec fields sparkhook merges.
const mergedList = "activeDeadlineSeconds, affinity, containers, dnsConfig, enableServiceLinks, hostAliases, hostIPC, hostNetwork, hostPID, imagePullSecrets, initContainers, nodeSelector, " +
	"priorityClassName, readinessGates, runtimeClassName, schedulerName, securityContext, shareProcessNamespace, terminationGracePeriodSeconds, tolerations, topologySpreadConstraints, volumes"

func TestCompileHash(t *testing.T) {
	const base = `{metadata: {name: t}, spec: {priority: 1, template: {metadata: {labels: {a: b, c: d}}, spec: {nodeSelector: {zone: a}}}}}`
	cases := []struct {
		name     string
		doc      string
		wantSame bool
	}{{
		name:     "only the YAML formatting and key order differ",
		doc:      "metadata:\n  name: t\nspec:\n  template:\n    spec:\n      nodeSelector: {\"zone\": \"a\"}\n    metadata:\n      labels:\n        c: d\n        a: b\n  priority: 1\n",
		wantSame: true,
	}, {
		name:     "only the name differs (the name is part of the key, not the content)",
		doc:      `{metadata: {name: u}, spec: {priority: 1, template: {metadata: {labels: {a: b, c: d}}, spec: {nodeSelector: {zone: a}}}}}`,
		wantSame: true,
	}, {
		name: "a template value differs",
		doc:  `{metadata: {name: t}, spec: {priority: 1, template: {metadata: {labels: {a: b, c: e}}, spec: {nodeSelector: {zone: a}}}}}`,
	}, {
		name: "a selection field differs",
		doc:  `{metadata: {name: t}, spec: {priority: 2, template: {metadata: {labels: {a: b, c: d}}, spec: {nodeSelector: {zone: a}}}}}`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, _, errs := compileYAML(t, base, CompileOptions{ClusterWide: true})
			got, _, errs2 := compileYAML(t, tc.doc, CompileOptions{ClusterWide: true})
			if len(errs)+len(errs2) > 0 {
				t.Fatalf("Compile: %v %v", errs, errs2)
			}
			if same := got.Hash == want.Hash; same != tc.wantSame {
				t.Errorf("hash %s vs %s: same = %v, want %v", got.Hash, want.Hash, same, tc.wantSame)
			}
		})
	}
}

// TestCompileErrors covers what only Compile sees; everything a file can get
// wrong is in TestLoadFilesErrors.
func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		opts CompileOptions
		want []string
	}{{
		name: "a namespaced template may not select namespaces",
		doc:  `{metadata: {name: t, namespace: spark-jobs}, spec: {namespaceSelector: {}}}`,
		want: []string{`spec.namespaceSelector: Forbidden: only templates in sparkhook's own namespace may select namespaces; this one applies to its own namespace only`},
	}, {
		name: "the same template in sparkhook's own namespace may",
		doc:  `{metadata: {name: t, namespace: sparkhook}, spec: {namespaceSelector: {}}}`,
		opts: CompileOptions{ClusterWide: true},
	}, {
		name: "a pod template that does not decode, reported with the other errors",
		doc:  `{metadata: {name: t}, spec: {roles: [all], template: {spec: {containers: 5}}}}`,
		opts: CompileOptions{ClusterWide: true},
		want: []string{
			`spec.roles[0]: Unsupported value: "all": supported values: "driver", "executor"`,
			`spec.template: Invalid value: "(pod template)": does not decode as a pod template: json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container`,
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, _, errs := compileYAML(t, tc.doc, tc.opts)
			if diff := cmp.Diff(tc.want, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if (tpl == nil) != (tc.want != nil) {
				t.Errorf("template = %v, want one only without errors", tpl)
			}
		})
	}
}
