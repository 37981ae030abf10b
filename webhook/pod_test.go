package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
)

// Templates the handler tests register, each a file of its own.
const (
	// awsTemplate applies to both roles: a secret env reference and a node
	// selector.
	awsTemplate = `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: aws}
spec:
  secretEnv: [{name: AWS_ACCESS_KEY_ID, secret: aws-secrets, key: key}]
  template:
    spec:
      nodeSelector: {disk: ssd}
`
	// teamTemplate conflicts with the team label of testPod.
	teamTemplate = `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: team}
spec:
  roles: [driver]
  template:
    metadata:
      labels: {team: platform}
`
	// danglingTemplate is an Enforce template whose sidecar mounts a volume
	// nobody defines. It names a Spark container it lacks: shipper is a
	// sidecar.
	danglingTemplate = `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: dangling}
spec:
  priority: 10
  policy: Enforce
  sparkContainerName: spark-kubernetes-driver
  template:
    spec:
      containers:
      - name: shipper
        image: busybox:1.36
        volumeMounts: [{name: logs, mountPath: /logs}]
`
)

// newHandler returns a PodHandler over the given template files, and the
// sparkhook.io/applied entry of each template by name.
func newHandler(t testing.TB, docs ...string) (*PodHandler, map[string]string) {
	t.Helper()
	var files []templates.File
	for i, d := range docs {
		files = append(files, templates.File{Name: fmt.Sprintf("t%d.yaml", i), Data: []byte(d)})
	}
	ts, _, err := templates.LoadFiles(files)
	if err != nil {
		t.Fatalf("loading templates: %v", err)
	}
	entries := map[string]string{}
	for _, tpl := range ts {
		entries[tpl.Name] = tpl.AppliedEntry()
	}
	registry := templates.NewRegistry()
	registry.Replace(source.Files, ts)
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return NewPodHandler(scheme, registry, config.Default(), nil), entries
}

// testPod is a fresh Spark driver Pod cut to what the handler touches.
func testPod(role string) *corev1.Pod {
	return &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      "spark-pi-driver",
			Namespace: "spark-jobs",
			Labels:    map[string]string{"spark-role": role, "team": "data"},
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:  "spark-kubernetes-" + role,
				Image: "apache/spark:3.5.1",
				Env:   []corev1.EnvVar{{Name: "SPARK_USER", Value: "alice"}},
				Ports: []corev1.ContainerPort{{Name: "spark-ui", ContainerPort: 4041}},
			}},
			RestartPolicy: corev1.RestartPolicyNever,
		},
	}
}

// request is the CREATE request of raw as the API server sends it.
func request(op admissionv1.Operation, subResource string, raw []byte) admission.Request {
	return admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		UID:         "0c8a2d3e-5b7f-4c1e-9d6a-1f2e3d4c5b6a",
		Kind:        metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
		Resource:    metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
		SubResource: subResource,
		Name:        "spark-pi-driver",
		Namespace:   "spark-jobs",
		Operation:   op,
		Object:      runtime.RawExtension{Raw: raw},
	}}
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPodHandlerMutates(t *testing.T) {
	tests := []struct {
		name         string
		templates    []string
		role         string
		sparkVersion string   // the Pod's spark-version label, when set
		wantPatch    []string // JSON of each operation, in any order; {{name}} is a template's applied entry
		wantWarnings []string
	}{{
		name:         "a Spark 4.0 driver gets the template, Prometheus annotations on its UI port, and the applied record",
		templates:    []string{awsTemplate},
		role:         "driver",
		sparkVersion: "4.0.1",
		wantPatch: []string{
			`{"op":"add","path":"/metadata/annotations","value":{"prometheus.io/path":"/metrics/executors/prometheus","prometheus.io/port":"4041","prometheus.io/scrape":"true","sparkhook.io/applied":"{{aws}}"}}`,
			`{"op":"add","path":"/spec/containers/0/env/1","value":{"name":"AWS_ACCESS_KEY_ID","valueFrom":{"secretKeyRef":{"key":"key","name":"aws-secrets"}}}}`,
			`{"op":"add","path":"/spec/nodeSelector","value":{"disk":"ssd"}}`,
		},
	}, {
		name:      "an executor gets the template but no Prometheus annotations by default",
		templates: []string{awsTemplate, teamTemplate},
		role:      "executor",
		wantPatch: []string{
			`{"op":"add","path":"/metadata/annotations","value":{"sparkhook.io/applied":"{{aws}}"}}`,
			`{"op":"add","path":"/spec/containers/0/env/1","value":{"name":"AWS_ACCESS_KEY_ID","valueFrom":{"secretKeyRef":{"key":"key","name":"aws-secrets"}}}}`,
			`{"op":"add","path":"/spec/nodeSelector","value":{"disk":"ssd"}}`,
		},
	}, {
		name:      "a Default conflict keeps the Pod's label and warns; a Spark 3.5 driver (its image tag) gets no Prometheus annotations",
		templates: []string{awsTemplate, teamTemplate},
		role:      "driver",
		wantPatch: []string{
			`{"op":"add","path":"/metadata/annotations","value":{"sparkhook.io/applied":"{{team}},{{aws}}"}}`, // Default: at equal priority the last key first
			`{"op":"add","path":"/spec/containers/0/env/1","value":{"name":"AWS_ACCESS_KEY_ID","valueFrom":{"secretKeyRef":{"key":"key","name":"aws-secrets"}}}}`,
			`{"op":"add","path":"/spec/nodeSelector","value":{"disk":"ssd"}}`,
		},
		wantWarnings: []string{`template "team": metadata.labels[team]: the Pod's value is kept ("data", the template has "platform")`},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, entries := newHandler(t, tc.templates...)
			pod := testPod(tc.role)
			if tc.sparkVersion != "" {
				pod.Labels[templates.LabelSparkVersion] = tc.sparkVersion
			}
			raw := marshal(t, pod)
			got := h.Handle(context.Background(), request(admissionv1.Create, "", raw))
			if !got.Allowed || got.PatchType == nil || *got.PatchType != admissionv1.PatchTypeJSONPatch {
				t.Fatalf("Handle() = allowed %v, patch type %v, result %+v; want allowed with a JSON patch", got.Allowed, got.PatchType, got.Result)
			}
			if diff := cmp.Diff(expand(tc.wantPatch, entries), patchJSON(t, got)); diff != "" {
				t.Errorf("patch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, got.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}

			// The patched Pod, fed back as a reinvocation would, changes
			// nothing more, and the skipped templates warn no more.
			patched := applyPatches(t, raw, got)
			again := h.Handle(context.Background(), request(admissionv1.Create, "", patched))
			if !again.Allowed || len(again.Patches) != 0 || again.PatchType != nil {
				t.Errorf("second Handle() = allowed %v, patches %v; want allowed, no patch", again.Allowed, patchJSON(t, again))
			}
			if len(again.Warnings) != 0 {
				t.Errorf("second Handle() warnings = %q, want none: the templates are recorded as applied", again.Warnings)
			}
		})
	}
}

func TestPodHandlerDeniesEnforce(t *testing.T) {
	h, _ := newHandler(t, awsTemplate, teamTemplate, danglingTemplate)
	p := testPod("driver")
	p.Annotations = map[string]string{"sparkhook.io/templates": "no-such-template"}
	got := h.Handle(context.Background(), request(admissionv1.Create, "", marshal(t, p)))

	want := admission.Denied(`template "dangling" (policy Enforce) cannot be applied: `+
		`spec.containers[shipper].volumeMounts[/logs]: Invalid value: "logs": volume "logs" exists neither in the template nor in the Pod`).
		WithWarnings(
			`sparkhook.io/templates: no template named "no-such-template" is registered`,
			`template "team": metadata.labels[team]: the Pod's value is kept ("data", the template has "platform")`,
		)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Handle() (-want +got):\n%s", diff)
	}
	if got.Result.Code != http.StatusForbidden {
		t.Errorf("code = %d, want 403", got.Result.Code)
	}
}

// expand replaces {{name}} in each operation with the template's applied
// entry, and sorts the result like patchJSON.
func expand(ops []string, entries map[string]string) []string {
	var pairs []string
	for name, entry := range entries {
		pairs = append(pairs, "{{"+name+"}}", entry)
	}
	r := strings.NewReplacer(pairs...)
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = r.Replace(op)
	}
	slices.Sort(out)
	return out
}

// patchJSON renders each operation of a response as JSON with object keys
// sorted, and sorts the operations: what is compared is the patch, not the
// order its values' fields or its operations come in.
func patchJSON(t *testing.T, resp admission.Response) []string {
	t.Helper()
	var out []string
	for _, op := range resp.Patches {
		var canonical any
		if err := json.Unmarshal(marshal(t, op), &canonical); err != nil {
			t.Fatal(err)
		}
		out = append(out, string(marshal(t, canonical)))
	}
	slices.Sort(out)
	return out
}

// applyPatches applies a response's patch to raw with an RFC 6902
// implementation, as the API server does.
func applyPatches(t *testing.T, raw []byte, resp admission.Response) []byte {
	t.Helper()
	patch, err := jsonpatch.DecodePatch(marshal(t, resp.Patches))
	if err != nil {
		t.Fatalf("decoding the patch: %v", err)
	}
	out, err := patch.Apply(raw)
	if err != nil {
		t.Fatalf("applying the patch: %v", err)
	}
	return out
}
