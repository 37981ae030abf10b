package templates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// seedFiles returns the contents of the files matching pattern, relative to
// the repository root, for fuzz seeds.
func seedFiles(f *testing.F, pattern string) [][]byte {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("..", pattern))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// FuzzLoadFiles feeds arbitrary bytes to the template loader: it must answer
// with templates or an error, never panic.
func FuzzLoadFiles(f *testing.F) {
	for _, seed := range seedFiles(f, "deploy/examples/templates/*.yaml") {
		f.Add(seed)
	}
	for _, seed := range seedFiles(f, "test/testdata/spark-templates/*") {
		f.Add(seed)
	}
	for _, seed := range seedFiles(f, "test/testdata/spark-rules/*.yaml") {
		f.Add(seed)
	}
	f.Add([]byte("kind: SparkPodTemplate\napiVersion: sparkhook.io/v1alpha1\nmetadata: {name: x}\nspec: {template: {spec: {volumes: [{name: a}, {name: a}]}}}"))
	for _, seed := range keptFieldsSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, _, err := LoadFiles([]File{{Name: "fuzz.yaml", Data: data}})
		if err != nil {
			return
		}
		for _, tpl := range ts {
			if tpl.Selector == nil || tpl.Hash == "" || tpl.Key() == "" {
				t.Fatalf("template %q loaded half-compiled: %+v", tpl.Name, tpl)
			}
		}
	})
}

// FuzzMergeTemplate merges an arbitrary template into an arbitrary Spark
// Pod. Whatever the input, the merge never panics, leaves the Pod's
// Snapshot as the Pod was, its result is a Pod that decodes strictly,
// merging again changes nothing, and it introduces no mount without its
// volume and no duplicate container or volume name.
func FuzzMergeTemplate(f *testing.F) {
	pods := seedFiles(f, "test/testdata/pods/*.yaml")
	tmpls := seedFiles(f, "deploy/examples/templates/*.yaml")
	// Spark's scratch volumes and resource profiles, on every Pod.
	for _, tmpl := range seedFiles(f, "test/testdata/spark-rules/*.yaml") {
		for _, p := range pods {
			f.Add(tmpl, p)
		}
	}
	for i, p := range pods {
		f.Add(tmpls[i%len(tmpls)], p)
		f.Add([]byte(keptFieldsSeeds[i%len(keptFieldsSeeds)]), p)
	}
	f.Add([]byte(keptFieldsSeeds[0]), []byte(keptFieldsPodSeed))
	f.Add([]byte(keptFieldsSeeds[1]), []byte(keptFieldsPodSeed))
	f.Fuzz(func(t *testing.T, templateDoc, podDoc []byte) {
		docs, err := DecodeFile("fuzz.yaml", templateDoc)
		if err != nil || len(docs) == 0 {
			return
		}
		tpl, _, errs := Compile(docs[0].Template, CompileOptions{ClusterWide: true})
		if len(errs) > 0 {
			return
		}
		pod := &corev1.Pod{}
		if yaml.Unmarshal(podDoc, pod) != nil {
			return
		}
		role, ok := RoleFromLabels(pod.Labels)
		if !ok || !wellFormed(pod) {
			return
		}
		before, pristine := Snapshot(pod), pod.DeepCopy()
		_, err = MergeTemplate(pod, role, tpl)
		if !reflect.DeepEqual(pristine, before) {
			t.Fatalf("the merge wrote into memory its Snapshot shares")
		}
		if err != nil {
			return // an Enforce template that cannot apply: the Pod is denied
		}
		data, err := json.Marshal(pod)
		if err != nil {
			t.Fatalf("the merged Pod does not marshal: %v", err)
		}
		if strict, err := kjson.UnmarshalStrict(data, &corev1.Pod{}); err != nil || len(strict) > 0 {
			t.Fatalf("the merged Pod does not decode strictly: %v %v", err, strict)
		}
		if !wellFormed(pod) {
			t.Fatalf("the merge broke the Pod: a dangling mount or a duplicate name\n%s", data)
		}
		again := pod.DeepCopy()
		if _, err := MergeTemplate(again, role, tpl); err != nil {
			t.Fatalf("merging a second time failed: %v", err)
		}
		if !equality.Semantic.DeepEqual(pod, again) {
			t.Fatalf("merging a second time changed the Pod")
		}
	})
}

// keptFieldsSeeds set every field Spark keeps from a template (merge_kept.go),
// under Default and, as a plain Pod file, under Enforce.
var keptFieldsSeeds = []string{`apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: kept}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 120
      enableServiceLinks: false
      activeDeadlineSeconds: 86400
      shareProcessNamespace: true
      readinessGates: [{conditionType: example.com/ready}]
      dnsConfig: {options: [{name: ndots, value: "2"}]}
      hostAliases: [{ip: 10.0.0.1, hostnames: [metastore]}]
      containers:
      - name: spark-kubernetes-driver
        workingDir: /opt/job
        lifecycle: {preStop: {exec: {command: [/bin/flush]}}}
        livenessProbe: {httpGet: {path: /health, port: 4040}}
        readinessProbe: {tcpSocket: {port: 7078}}
        startupProbe: {exec: {command: [/bin/ready]}, failureThreshold: 30}
        ports: [{name: jmx, containerPort: 9090}, {containerPort: 9091}, {name: spark-ui, containerPort: 8080}]
`, `apiVersion: v1
kind: Pod
metadata:
  name: kept-enforce
  annotations: {sparkhook.io/policy: Enforce}
spec:
  terminationGracePeriodSeconds: 5
  enableServiceLinks: true
  shareProcessNamespace: false
  readinessGates: [{conditionType: example.com/ready}]
  containers:
  - name: main
    image: will-be-overwritten
    workingDir: /srv
    lifecycle: {preStop: {sleep: {seconds: 5}}}
    livenessProbe: {exec: {command: [/bin/alive]}}
    ports: [{name: jmx, containerPort: 9190}]
`}

// keptFieldsPodSeed is an executor that already has values of its own for
// the fields of keptFieldsSeeds, and Spark's decommission hook.
const keptFieldsPodSeed = `apiVersion: v1
kind: Pod
metadata: {name: spark-pi-exec-1, labels: {spark-role: executor, spark-exec-id: "1"}}
spec:
  terminationGracePeriodSeconds: 30
  enableServiceLinks: true
  activeDeadlineSeconds: 600
  containers:
  - name: spark-kubernetes-executor
    image: apache/spark:3.5.1
    args: [executor]
    workingDir: /work
    lifecycle: {preStop: {exec: {command: [/opt/decom.sh]}}}
    ports: [{name: blockmanager, containerPort: 7079}]
`

// wellFormed reports whether every mount has its volume and container and
// volume names are unique: what the API server checks that a merge could
// break.
func wellFormed(pod *corev1.Pod) bool {
	volumes := map[string]bool{}
	for _, v := range pod.Spec.Volumes {
		if volumes[v.Name] {
			return false
		}
		volumes[v.Name] = true
	}
	names := map[string]bool{}
	all := append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...)
	for _, c := range all {
		if names[c.Name] {
			return false
		}
		names[c.Name] = true
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				return false
			}
		}
	}
	return true
}
