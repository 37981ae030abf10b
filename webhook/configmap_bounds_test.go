package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// configMapUpdate is an UPDATE request from old to cm.
func configMapUpdate(t *testing.T, old, cm *corev1.ConfigMap) admission.Request {
	t.Helper()
	req := configMapRequest(t, admissionv1.Update, nil, nil)
	for _, o := range []struct {
		obj *corev1.ConfigMap
		raw *runtime.RawExtension
	}{{cm, &req.Object}, {old, &req.OldObject}} {
		if o.obj == nil {
			continue
		}
		o.obj.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}
		data, err := json.Marshal(o.obj)
		if err != nil {
			t.Fatal(err)
		}
		o.raw.Raw = data
	}
	return req
}

// TestConfigMapHandlerUpdates checks that an UPDATE leaving spark.properties
// as it was is admitted whatever it holds — relabelling, or removing the
// finalizer of a ConfigMap being deleted — while one changing it, or
// moving it between data and binaryData with other bytes, is checked.
func TestConfigMapHandlerUpdates(t *testing.T) {
	const invalid = "spark.executor.instances=0\n"
	cm := func(data map[string]string, binary map[string][]byte, labels map[string]string, finalizers ...string) *corev1.ConfigMap {
		return &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "spark-exec-1-conf-map", Namespace: "spark", Labels: labels, Finalizers: finalizers},
			Data:       data, BinaryData: binary,
		}
	}
	props := func(s string) map[string]string { return map[string]string{SparkPropertiesKey: s} }
	binary := func(s string) map[string][]byte { return map[string][]byte{SparkPropertiesKey: []byte(s)} }
	tests := []struct {
		name        string
		old, new    *corev1.ConfigMap
		wantAllowed bool
	}{{
		name:        "relabelling an invalid ConfigMap",
		old:         cm(props(invalid), nil, nil),
		new:         cm(props(invalid), nil, map[string]string{"team": "a"}),
		wantAllowed: true,
	}, {
		name:        "removing a finalizer of an invalid ConfigMap",
		old:         cm(props(invalid), nil, nil, "example.com/keep"),
		new:         cm(props(invalid), nil, nil),
		wantAllowed: true,
	}, {
		name:        "an invalid binaryData spark.properties unchanged",
		old:         cm(nil, binary(invalid), nil),
		new:         cm(nil, binary(invalid), map[string]string{"team": "a"}),
		wantAllowed: true,
	}, {
		name: "breaking a valid one",
		old:  cm(props("spark.executor.instances=2\n"), nil, nil),
		new:  cm(props(invalid), nil, nil),
	}, {
		name: "adding an invalid one",
		old:  cm(map[string]string{"other": "x"}, nil, nil),
		new:  cm(props(invalid), nil, nil),
	}, {
		name: "no old object: checked",
		new:  cm(props(invalid), nil, nil),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := newConfigMapHandler(t).Handle(context.Background(), configMapUpdate(t, tt.old, tt.new))
			if resp.Allowed != tt.wantAllowed {
				t.Errorf("allowed = %v, want %v (%+v)", resp.Allowed, tt.wantAllowed, resp.Result)
			}
		})
	}
}

// TestConfigMapHandlerBinaryData checks that a spark.properties under
// binaryData, which the kubelet mounts as the same file, is checked as
// data's would be, at its own field path; bytes that are not UTF-8 are
// refused at their line, as for data.
func TestConfigMapHandlerBinaryData(t *testing.T) {
	tests := []struct {
		name        string
		binary      []byte
		wantAllowed bool
		wantCauses  []metav1.StatusCause
	}{{
		name:        "valid",
		binary:      []byte("spark.executor.instances=2\n"),
		wantAllowed: true,
	}, {
		name:   "above the platform's bound",
		binary: []byte("spark.executor.cores=2\nspark.executor.instances=80\n"),
		wantCauses: []metav1.StatusCause{{Type: metav1.CauseTypeFieldValueInvalid, Field: "binaryData[spark.properties]",
			Message: `Invalid value: "line 2": spark.executor.instances: "80" is above the platform maximum 50 (policy)`}},
	}, {
		name:   "Latin-1",
		binary: []byte("spark.app.name=caf\xe9\n"),
		wantCauses: []metav1.StatusCause{{Type: metav1.CauseTypeFieldValueInvalid, Field: "binaryData[spark.properties]",
			Message: `Invalid value: "line 1": invalid UTF-8 (Spark reads spark.properties as UTF-8)`}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := configMapUpdate(t, nil, &corev1.ConfigMap{
				ObjectMeta: metav1.ObjectMeta{Name: "spark-exec-1-conf-map", Namespace: "spark"},
				BinaryData: map[string][]byte{SparkPropertiesKey: tt.binary},
			})
			resp := newConfigMapHandler(t).Handle(context.Background(), req)
			if resp.Allowed != tt.wantAllowed {
				t.Fatalf("allowed = %v, want %v (%+v)", resp.Allowed, tt.wantAllowed, resp.Result)
			}
			var causes []metav1.StatusCause
			if resp.Result != nil && resp.Result.Details != nil {
				causes = resp.Result.Details.Causes
			}
			if diff := cmp.Diff(tt.wantCauses, causes); diff != "" {
				t.Errorf("causes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConfigMapHandlerCapsProblems checks that a file with thousands of
// problems is answered with the first maxReportedErrors errors and
// maxReportedWarnings warnings, by line, and a count of the rest: every
// syntax error, and the checks' problems up to ProblemLimit (500 warnings
// and the one saying where the checks stopped).
func TestConfigMapHandlerCapsProblems(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		// A malformed \u escape is an error at each line, and a key
		// outside spark.* a warning.
		fmt.Fprintf(&b, "path%d=C:\\users\nlog%d=info\n", i, i)
	}
	resp := newConfigMapHandler(t).Handle(context.Background(), configMapRequest(t, admissionv1.Create,
		map[string]string{SparkPropertiesKey: b.String()}, nil))
	if resp.Allowed {
		t.Fatal("allowed, want denied")
	}
	type summary struct {
		Causes, Warnings int
		FirstCause       string
		LastWarning      string
		MessageEnd       string
	}
	got := summary{
		Causes: len(resp.Result.Details.Causes), Warnings: len(resp.Warnings),
		FirstCause: resp.Result.Details.Causes[0].Message, LastWarning: resp.Warnings[len(resp.Warnings)-1],
		MessageEnd: resp.Result.Message[strings.LastIndex(resp.Result.Message, "]"):],
	}
	want := summary{
		Causes: maxReportedErrors, Warnings: maxReportedWarnings + 1,
		FirstCause:  `Invalid value: "line 1": malformed \uxxxx encoding`,
		LastWarning: "data[spark.properties]: … and 481 more warnings; run `sparkhook validate` on the file for all of them",
		MessageEnd:  "]; … and 2950 more errors; run `sparkhook validate` on the file for all of them; checked against Spark 3.0.0 and later (no release named anywhere: every release the catalogue knows)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
}
