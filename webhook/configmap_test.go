package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/webhook/sparkconf"
)

// newConfigMapHandler returns a handler with a platform policy that caps
// executors at 50.
func newConfigMapHandler(t *testing.T) *ConfigMapHandler {
	t.Helper()
	v, err := sparkconf.NewValidator(sparkconf.Options{Policy: sparkconf.Policy{
		Bounds: []sparkconf.Bound{{Key: "spark.executor.instances", Max: "50"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return &ConfigMapHandler{Validator: v, Decoder: admission.NewDecoder(scheme)}
}

// configMapRequest is an admission request for a ConfigMap with the given
// data and labels.
func configMapRequest(t *testing.T, op admissionv1.Operation, data, labels map[string]string) admission.Request {
	t.Helper()
	raw, err := json.Marshal(&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-8b9fd589dcfc5820-conf-map", Namespace: "spark", Labels: labels},
		Data:       data,
	})
	if err != nil {
		t.Fatal(err)
	}
	return admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		UID:       "5d1c0a4e-2b3f-4e6a-8c7d-9e0f1a2b3c4d",
		Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "ConfigMap"},
		Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "configmaps"},
		Name:      "spark-drv-8b9fd589dcfc5820-conf-map",
		Namespace: "spark",
		Operation: op,
		Object:    runtime.RawExtension{Raw: raw},
	}}
}

// realDriverProperties is the spark.properties of a real driver ConfigMap.
func realDriverProperties(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("sparkconf", "testdata", "spark-drv-conf-map.properties"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestConfigMapHandlerAllows covers ConfigMaps that pass: untouched ones,
// valid ones, and ones with warnings only.
func TestConfigMapHandlerAllows(t *testing.T) {
	tests := []struct {
		name         string
		op           admissionv1.Operation
		data, labels map[string]string
		wantWarnings []string
	}{{
		name: "a ConfigMap without spark.properties is untouched",
		op:   admissionv1.Create,
		data: map[string]string{"log4j2.properties": "rootLogger.level = info", "spark.executor.memory": "not-checked"},
	}, {
		name: "a real driver ConfigMap passes clean",
		op:   admissionv1.Create,
		data: map[string]string{"spark.kubernetes.namespace": "spark", SparkPropertiesKey: realDriverProperties(t)},
	}, {
		name:   "an executor ConfigMap is checked the same way",
		op:     admissionv1.Create,
		data:   map[string]string{SparkPropertiesKey: "spark.executor.memory=4g\n"},
		labels: map[string]string{"spark-role": "executor"},
	}, {
		name:   "the spark-version label chooses the rules: 4Gi is a byte size from Spark 4.2",
		op:     admissionv1.Create,
		data:   map[string]string{SparkPropertiesKey: "spark.executor.memory=4Gi\n"},
		labels: map[string]string{"spark-version": "4.2.0"},
	}, {
		name: "warnings only",
		op:   admissionv1.Update,
		data: map[string]string{SparkPropertiesKey: "spark.executor.memroy=4g\nlog4j.rootCategory=INFO\n"},
		wantWarnings: []string{
			"data[spark.properties]: line 1: spark.executor.memroy: unknown key, did you mean spark.executor.memory?",
			`data[spark.properties]: line 2: log4j.rootCategory: ignored by Spark: spark-submit drops keys that do not start with "spark." (SparkSubmitArguments.ignoreNonSparkProperties)`,
		},
	}}
	h := newConfigMapHandler(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Handle(context.Background(), configMapRequest(t, tt.op, tt.data, tt.labels))
			if !resp.Allowed {
				t.Fatalf("denied: %+v", resp.Result)
			}
			if diff := cmp.Diff(tt.wantWarnings, resp.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConfigMapHandlerDenies checks that a denial lists every error with
// its line, as a 422 Invalid that kubectl renders field by field, and keeps
// the warnings.
func TestConfigMapHandlerDenies(t *testing.T) {
	props := "spark.executor.memory=4Gi\n" +
		"spark.kubernetes.container.image.pullPolicy=always\n" +
		"spark.executor.memroy=4g\n" +
		"spark.executor.instances=80\n" +
		"spark.local.dir=C:\\users\\spark\n"
	resp := newConfigMapHandler(t).Handle(context.Background(), configMapRequest(t, admissionv1.Create,
		map[string]string{SparkPropertiesKey: props}, map[string]string{"spark-version": "4.1.1"}))
	if resp.Allowed {
		t.Fatal("allowed, want denied")
	}
	if resp.Result.Code != http.StatusUnprocessableEntity || resp.Result.Reason != metav1.StatusReasonInvalid {
		t.Errorf("code %d, reason %s; want 422 Invalid", resp.Result.Code, resp.Result.Reason)
	}
	want := `ConfigMap "spark-drv-8b9fd589dcfc5820-conf-map" is invalid: [` +
		`data[spark.properties]: Invalid value: "line 1": spark.executor.memory: invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g), ` +
		`data[spark.properties]: Invalid value: "line 2": spark.kubernetes.container.image.pullPolicy: invalid value "always": must be one of Always, Never, IfNotPresent (case-sensitive), ` +
		`data[spark.properties]: Invalid value: "line 4": spark.executor.instances: "80" is above the platform maximum 50 (policy), ` +
		`data[spark.properties]: Invalid value: "line 5": malformed \uxxxx encoding]`
	if diff := cmp.Diff(want, resp.Result.Message); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if got := len(resp.Result.Details.Causes); got != 4 {
		t.Errorf("%d causes, want 4", got)
	}
	wantWarnings := []string{"data[spark.properties]: line 3: spark.executor.memroy: unknown key, did you mean spark.executor.memory?"}
	if diff := cmp.Diff(wantWarnings, resp.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestConfigMapHandlerSkips checks the requests the handler does not
// judge: deletions, subresources, and bodies that are not ConfigMaps.
func TestConfigMapHandlerSkips(t *testing.T) {
	h := newConfigMapHandler(t)
	bad := map[string]string{SparkPropertiesKey: "spark.executor.instances=0\n"}
	del := configMapRequest(t, admissionv1.Delete, bad, nil)
	if resp := h.Handle(context.Background(), del); !resp.Allowed {
		t.Errorf("DELETE denied: %+v", resp.Result)
	}
	status := configMapRequest(t, admissionv1.Update, bad, nil)
	status.SubResource = "status"
	if resp := h.Handle(context.Background(), status); !resp.Allowed {
		t.Errorf("subresource denied: %+v", resp.Result)
	}
	garbage := configMapRequest(t, admissionv1.Create, bad, nil)
	garbage.Object.Raw = []byte(`{"data": 7}`)
	if resp := h.Handle(context.Background(), garbage); resp.Allowed || resp.Result.Code != http.StatusBadRequest {
		t.Errorf("undecodable body: allowed %v, result %+v; want a 400", resp.Allowed, resp.Result)
	}
}
