package webhook

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	nodev1 "k8s.io/api/node/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

func TestTemplateValidatorClassWarnings(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	classes := fake.NewClientBuilder().WithScheme(scheme).WithObjects(
		&schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "spark-high"}, Value: 1000},
		&nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "gvisor"}, Handler: "runsc"},
	).Build()
	cases := []struct {
		name     string
		template string
		want     []string
	}{{
		name:     "both classes exist",
		template: `{"spec": {"priorityClassName": "spark-high", "runtimeClassName": "gvisor"}}`,
	}, {
		name:     "a missing PriorityClass",
		template: `{"spec": {"priorityClassName": "spark-hgih"}}`,
		want:     []string{`spec.template.spec.priorityClassName: PriorityClass "spark-hgih" does not exist: the API server refuses every Pod that names it, so every Pod this template selects would be refused until it is created`},
	}, {
		name:     "a missing RuntimeClass",
		template: `{"spec": {"runtimeClassName": "kata"}}`,
		want:     []string{`spec.template.spec.runtimeClassName: RuntimeClass "kata" does not exist: the API server refuses every Pod that names it, so every Pod this template selects would be refused until it is created`},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := &TemplateValidator{OwnNamespace: "sparkhook", Classes: classes}
			obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "spark"}}
			obj.Spec.Template.Raw = []byte(tc.template)
			warnings, err := v.ValidateCreate(context.Background(), obj)
			if err != nil {
				t.Fatalf("ValidateCreate: %v", err)
			}
			if diff := cmp.Diff(tc.want, []string(warnings)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTemplateValidatorRefusesWithFields checks that a refusal is an
// Invalid status whose causes name the template's fields, as kubectl shows
// them.
func TestTemplateValidatorRefusesWithFields(t *testing.T) {
	v := &TemplateValidator{OwnNamespace: "sparkhook"}
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "spark"}}
	obj.Spec.Template.Raw = []byte(`{"spec": {"tolerations": [{"key": "spot", "operator": "Exists", "value": "true"}]}}`)
	_, err := v.ValidateCreate(context.Background(), obj)
	var status apierrors.APIStatus
	if !errors.As(err, &status) || !apierrors.IsInvalid(err) {
		t.Fatalf("ValidateCreate error = %v, want an Invalid status", err)
	}
	var fields []string
	for _, c := range status.Status().Details.Causes {
		fields = append(fields, c.Field)
	}
	if diff := cmp.Diff([]string{"spec.template.spec.tolerations[0].operator"}, fields); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
}
