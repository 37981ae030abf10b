package webhook

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// TestTemplateValidatorSecurityPerOrigin: under one configuration, the
// validating webhook accepts a hostPath template in sparkhook's namespace
// (the platform's, privileged) and in a namespace granted privileged, and
// refuses it in any other (a team's, baseline), naming the field.
func TestTemplateValidatorSecurityPerOrigin(t *testing.T) {
	v := &TemplateValidator{OwnNamespace: "sparkhook", Security: templates.SecurityPolicy{
		Platform:   templates.LevelPrivileged,
		Teams:      templates.LevelBaseline,
		Namespaces: []templates.NamespaceSecurity{{Names: []string{"ml-infra"}, Level: templates.LevelPrivileged}},
	}}
	tests := []struct {
		name      string
		namespace string
		want      []string // the causes' fields; none: accepted
	}{
		{name: "the platform's", namespace: "sparkhook"},
		{name: "a namespace granted privileged", namespace: "ml-infra"},
		{name: "a team's", namespace: "spark", want: []string{"spec.template.spec.volumes[0].hostPath"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "node-logs", Namespace: tc.namespace}}
			obj.Spec.Template.Raw = []byte(`{"spec": {"volumes": [{"name": "node-logs", "hostPath": {"path": "/var/log"}}]}}`)
			_, err := v.ValidateCreate(context.Background(), obj)
			var fields []string
			if err != nil {
				var status apierrors.APIStatus
				if !errors.As(err, &status) || !apierrors.IsInvalid(err) {
					t.Fatalf("ValidateCreate error = %v, want an Invalid status", err)
				}
				for _, c := range status.Status().Details.Causes {
					fields = append(fields, c.Field)
				}
			}
			if diff := cmp.Diff(tc.want, fields); diff != "" {
				t.Errorf("causes (-want +got):\n%s", diff)
			}
		})
	}
}
