package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

func TestCompileSecurity(t *testing.T) {
	spec := field.NewPath("spec", "template", "spec")
	tests := []struct {
		name     string
		template string
		policy   SecurityPolicy
		want     []string
	}{{
		name:     "a privileged sidecar is refused by default",
		template: `{spec: {containers: [{name: agent, image: a, securityContext: {privileged: true}}]}}`,
		want: []string{field.Forbidden(spec.Child("containers").Index(0).Child("securityContext", "privileged"),
			"templates may not add privileged containers to Spark Pods unless sparkhook's --config allows it (security.allowPrivileged)").Error()},
	}, {
		name:     "privilege escalation in the Spark container is refused by default",
		template: `{spec: {containers: [{name: spark-kubernetes-driver, securityContext: {allowPrivilegeEscalation: true}}]}}`,
		want: []string{field.Forbidden(spec.Child("containers").Index(0).Child("securityContext", "allowPrivilegeEscalation"),
			"templates may not add privilege escalation to Spark Pods unless sparkhook's --config allows it (security.allowPrivileged)").Error()},
	}, {
		name:     "host namespaces, hostPath volumes and added capabilities are refused by default",
		template: `{spec: {hostNetwork: true, hostPID: true, volumes: [{name: logs, hostPath: {path: /var/log}}], initContainers: [{name: init, image: a, securityContext: {capabilities: {add: [NET_ADMIN]}}}]}}`,
		want: []string{
			field.Forbidden(spec.Child("hostNetwork"), "templates may not add host namespaces to Spark Pods unless sparkhook's --config allows it (security.allowHostNamespaces)").Error(),
			field.Forbidden(spec.Child("hostPID"), "templates may not add host namespaces to Spark Pods unless sparkhook's --config allows it (security.allowHostNamespaces)").Error(),
			field.Forbidden(spec.Child("initContainers").Index(0).Child("securityContext", "capabilities", "add").Index(0),
				"templates may not add capability NET_ADMIN to Spark Pods unless sparkhook's --config allows it (security.allowedCapabilities)").Error(),
			field.Forbidden(spec.Child("volumes").Index(0).Child("hostPath"), "templates may not add hostPath volumes to Spark Pods unless sparkhook's --config allows it (security.allowHostPath)").Error(),
		},
	}, {
		name:     "the configuration allows what it names",
		template: `{spec: {hostNetwork: true, volumes: [{name: logs, hostPath: {path: /var/log}}], containers: [{name: agent, image: a, securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}}}]}}`,
		policy:   SecurityPolicy{AllowPrivileged: true, AllowHostNamespaces: true, AllowHostPath: true, AllowedCapabilities: []corev1.Capability{"NET_ADMIN"}},
	}, {
		name:     "dropping capabilities and running unprivileged are always fine",
		template: `{spec: {containers: [{name: agent, image: a, securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}}`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "tpl"}}
			raw, err := yaml.YAMLToJSON([]byte(tc.template))
			if err != nil {
				t.Fatal(err)
			}
			obj.Spec.Template.Raw = raw
			_, _, errs := Compile(obj, CompileOptions{ClusterWide: true, Security: tc.policy})
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
