package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
)

// stubDriverPods answers DriverPodReleases from the spark-version labels
// of the Pods it names, by uid, and records the owners it was asked about.
type stubDriverPods struct {
	versions map[types.UID]string
	asked    []string
}

func (s *stubDriverPods) DriverPodReleases(_ context.Context, namespace string, owner metav1.OwnerReference) (sparkconf.Target, bool) {
	s.asked = append(s.asked, namespace+"/"+owner.Name)
	v, ok := s.versions[owner.UID]
	if !ok {
		return sparkconf.Target{}, false
	}
	return releasesFromLabel(map[string]string{"spark-version": v}, owner.Name)
}

// driverOwner is the ownerReference spark-submit puts on a driver
// ConfigMap, to the Pod of that uid.
func driverOwner(uid types.UID) []metav1.OwnerReference {
	return []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: "spark-pi-driver", UID: uid, Controller: ptr.To(true)}}
}

// The uids of the driver Pods stubDriverPods knows by default.
const (
	uidSpark42  = types.UID("d4200000-0000-4000-8000-000000000042")
	uidSpark411 = types.UID("d4110000-0000-4000-8000-000000000411")
)

// newConfigMapHandler returns a handler with a platform policy that caps
// executors at 50, which knows a Spark 4.2.0 and a Spark 4.1.1 driver Pod.
func newConfigMapHandler(t *testing.T) *ConfigMapHandler {
	t.Helper()
	// As `sparkhook serve` builds it (cmd/sparkhook/webhooks.go).
	v, err := sparkconf.NewValidator(sparkconf.Options{Policy: sparkconf.Policy{
		Bounds: []sparkconf.Bound{{Key: "spark.executor.instances", Max: "50"}},
	}, ProblemLimit: ProblemLimit})
	if err != nil {
		t.Fatal(err)
	}
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return &ConfigMapHandler{Validator: v, Decoder: admission.NewDecoder(scheme), DriverPods: &stubDriverPods{
		versions: map[types.UID]string{uidSpark42: "4.2.0", uidSpark411: "4.1.1"},
	}}
}

// configMapRequest is an admission request for a ConfigMap with the given
// data and labels, owned by owners.
func configMapRequest(t *testing.T, op admissionv1.Operation, data, labels map[string]string, owners ...metav1.OwnerReference) admission.Request {
	t.Helper()
	raw, err := json.Marshal(&corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "spark-drv-8b9fd589dcfc5820-conf-map", Namespace: "spark", Labels: labels, OwnerReferences: owners},
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
	data, err := os.ReadFile(filepath.Join("..", "sparkconf", "testdata", "spark-drv-conf-map.properties"))
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
		owners       []metav1.OwnerReference
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
		name:   "the driver Pod's spark-version label chooses the rules: 4Gi is a byte size from Spark 4.2",
		op:     admissionv1.Create,
		data:   map[string]string{SparkPropertiesKey: "spark.executor.memory=4Gi\n"},
		owners: driverOwner(uidSpark42),
	}, {
		name:   "an executor ConfigMap is owned by the driver Pod too",
		op:     admissionv1.Create,
		data:   map[string]string{SparkPropertiesKey: "spark.executor.memory=4Gi\n"},
		labels: map[string]string{"spark-role": "executor"},
		owners: driverOwner(uidSpark42),
	}, {
		name:   "no driver Pod found: a value only some releases refuse is a warning",
		op:     admissionv1.Create,
		data:   map[string]string{SparkPropertiesKey: "spark.executor.memory=4Gi\n"},
		owners: driverOwner("a-pod-the-lookup-cannot-find"),
		wantWarnings: []string{
			`data[spark.properties]: line 1: spark.executor.memory: Spark 3.0.0 to 4.1.x would refuse "4Gi": invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g); not denied, since other releases that may read this file accept it`,
		},
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
			resp := h.Handle(context.Background(), configMapRequest(t, tt.op, tt.data, tt.labels, tt.owners...))
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
		map[string]string{SparkPropertiesKey: props}, nil, driverOwner(uidSpark411)...))
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
		`data[spark.properties]: Invalid value: "line 5": malformed \uxxxx encoding]; ` +
		`checked against Spark 4.1.1 (the driver Pod's spark-version label, pod spark-pi-driver)`
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

// TestConfigMapHandlerReleaseSource checks which source decides the
// releases, as the metric counts it: the owning driver Pod, else the
// image tag, else every release; offline (no DriverPods) the properties
// alone. The driver Pod is looked up only for a ConfigMap a Pod owns.
func TestConfigMapHandlerReleaseSource(t *testing.T) {
	image := "spark.kubernetes.container.image=apache/spark:3.5.1\nspark.executor.memory=4Gi\n"
	tests := []struct {
		name        string
		offline     bool
		props       string
		owners      []metav1.OwnerReference
		wantSource  sparkconf.Source
		wantAllowed bool
		wantAsked   []string
	}{
		{name: "the driver Pod's label", props: image, owners: driverOwner(uidSpark42), wantSource: sparkconf.SourceDriverPod, wantAllowed: true, wantAsked: []string{"spark/spark-pi-driver"}},
		{name: "the Pod is not found: the image tag", props: image, owners: driverOwner("gone"), wantSource: sparkconf.SourceImage, wantAsked: []string{"spark/spark-pi-driver"}},
		{name: "no owner: no lookup", props: image, wantSource: sparkconf.SourceImage},
		{name: "nothing names a release", props: "spark.executor.memory=4Gi\n", wantSource: sparkconf.SourceAll, wantAllowed: true},
		{name: "offline", offline: true, props: image, owners: driverOwner(uidSpark42), wantSource: sparkconf.SourceImage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newConfigMapHandler(t)
			stub := h.DriverPods.(*stubDriverPods)
			if tt.offline {
				h.DriverPods = nil
			}
			var err error
			if h.Metrics, err = NewMetrics(prometheus.NewRegistry()); err != nil {
				t.Fatal(err)
			}
			resp := h.Handle(context.Background(), configMapRequest(t, admissionv1.Create, map[string]string{SparkPropertiesKey: tt.props}, nil, tt.owners...))
			if resp.Allowed != tt.wantAllowed {
				t.Errorf("allowed = %v, want %v (%+v)", resp.Allowed, tt.wantAllowed, resp.Result)
			}
			outcome := map[bool]string{true: "allowed", false: "denied"}[tt.wantAllowed]
			if n := testutil.ToFloat64(h.Metrics.releaseSources.WithLabelValues(string(tt.wantSource), outcome)); n != 1 {
				t.Errorf("sparkhook_spark_properties_reviews_total{source=%q,outcome=%q} = %v, want 1", tt.wantSource, outcome, n)
			}
			if diff := cmp.Diff(tt.wantAsked, stub.asked); diff != "" {
				t.Errorf("driver Pods looked up (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConfigMapHandlerAbandoned checks that a review whose context is done
// (the API server's timeout passed) stops with an error instead of running
// the validation to the end.
func TestConfigMapHandlerAbandoned(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp := newConfigMapHandler(t).Handle(ctx, configMapRequest(t, admissionv1.Create,
		map[string]string{SparkPropertiesKey: realDriverProperties(t)}, nil, driverOwner(uidSpark42)...))
	if resp.Allowed || resp.Result.Code != http.StatusServiceUnavailable {
		t.Errorf("allowed %v, result %+v; want a 503", resp.Allowed, resp.Result)
	}
}

// TestConfigMapHandlerPrometheusWarnings checks that a driver's
// spark.properties is warned about when the configuration annotates every
// driver for Spark's own endpoint and the driver's release does not serve
// it by default; executors serve no UI and are not warned about.
func TestConfigMapHandlerPrometheusWarnings(t *testing.T) {
	const props = "spark.app.name=pi\n"
	tests := []struct {
		name     string
		mode     config.ScrapeMode
		owners   []metav1.OwnerReference
		labels   map[string]string
		wantWarn bool
	}{
		{name: "Always on a 3.5 driver", mode: config.ScrapeAlways, owners: driverOwner(uidSpark35), wantWarn: true},
		{name: "Always on a 3.5 executor ConfigMap", mode: config.ScrapeAlways, owners: driverOwner(uidSpark35),
			labels: map[string]string{"spark-role": "executor"}},
		{name: "Always on a 4.2 driver", mode: config.ScrapeAlways, owners: driverOwner(uidSpark42)},
		{name: "Auto on a 3.5 driver", mode: config.ScrapeAuto, owners: driverOwner(uidSpark35)},
		{name: "Never", mode: config.ScrapeNever, owners: driverOwner(uidSpark35)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newConfigMapHandler(t)
			h.DriverPods.(*stubDriverPods).versions[uidSpark35] = "3.5.1"
			h.Prometheus = config.Default().Prometheus
			h.Prometheus.Driver.Enabled = tt.mode
			resp := h.Handle(context.Background(), configMapRequest(t, admissionv1.Create, map[string]string{SparkPropertiesKey: props}, tt.labels, tt.owners...))
			if !resp.Allowed {
				t.Fatalf("denied: %+v", resp.Result)
			}
			warned := slices.ContainsFunc(resp.Warnings, func(w string) bool { return strings.Contains(w, "spark.ui.prometheus.enabled") })
			if warned != tt.wantWarn {
				t.Errorf("warned about spark.ui.prometheus.enabled = %v, want %v; warnings %q", warned, tt.wantWarn, resp.Warnings)
			}
		})
	}
}

// uidSpark35 is a Spark 3.5.1 driver Pod's uid, added to the stub by the
// tests that need one.
const uidSpark35 = types.UID("d3510000-0000-4000-8000-000000000351")
