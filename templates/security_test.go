package templates

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// ownNamespace is sparkhook's namespace in these tests: its templates are
// the platform's.
const ownNamespace = "sparkhook-system"

// checkOf reads the Pod Security Standards check an error names.
var checkOf = regexp.MustCompile(`\(check (\w+)\)`)

// compileIn compiles template, a YAML pod template, as a SparkPodTemplate
// in namespace under policy, as the cluster source and the validating
// webhook do, and returns its errors as "field check".
func compileIn(t *testing.T, namespace, template string, policy SecurityPolicy) []string {
	t.Helper()
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "tpl", Namespace: namespace}}
	raw, err := yaml.YAMLToJSON([]byte(template))
	if err != nil {
		t.Fatal(err)
	}
	obj.Spec.Template.Raw = raw
	_, _, errs := Compile(obj, ClusterCompileOptions(obj, ownNamespace, policy))
	var got []string
	for _, e := range errs {
		if e.Type != field.ErrorTypeForbidden {
			t.Errorf("unexpected error: %v", e)
			continue
		}
		m := checkOf.FindStringSubmatch(e.Detail)
		if m == nil {
			t.Errorf("error names no check: %v", e)
			continue
		}
		got = append(got, e.Field+" "+m[1])
	}
	return got
}

const (
	hostPathTemplate = `{spec: {volumes: [{name: logs, hostPath: {path: /var/log}}]}}`
	platformOnly     = "" // a namespace of "" in a case is sparkhook's own
)

func TestSecurityLevels(t *testing.T) {
	privilegedPlatform := SecurityPolicy{Platform: LevelPrivileged, Teams: LevelBaseline}
	tests := []struct {
		name      string
		namespace string
		template  string
		policy    SecurityPolicy
		want      []string
	}{{
		name:      "the platform's hostPath template is accepted where the platform is privileged",
		namespace: ownNamespace, template: hostPathTemplate, policy: privilegedPlatform,
	}, {
		name:      "a team's hostPath template is refused under the same configuration",
		namespace: "team-a", template: hostPathTemplate, policy: privilegedPlatform,
		want: []string{"spec.template.spec.volumes[0].hostPath hostPathVolumes"},
	}, {
		name:      "by default the platform is baseline too",
		namespace: ownNamespace, template: hostPathTemplate,
		want: []string{"spec.template.spec.volumes[0].hostPath hostPathVolumes"},
	}, {
		name:      "a namespace granted privileged may add hostPath",
		namespace: "ml-infra", template: hostPathTemplate,
		policy: SecurityPolicy{Namespaces: []NamespaceSecurity{{Names: []string{"ml-infra"}, Level: LevelPrivileged}}},
	}, {
		name:      "the grant is the namespace's only",
		namespace: "team-a", template: hostPathTemplate,
		policy: SecurityPolicy{Namespaces: []NamespaceSecurity{{Names: []string{"ml-infra"}, Level: LevelPrivileged}}},
		want:   []string{"spec.template.spec.volumes[0].hostPath hostPathVolumes"},
	}, {
		name:      "hostPort, privileged, capabilities and host namespaces are refused for teams at baseline",
		namespace: "team-a", policy: privilegedPlatform,
		template: `{spec: {hostNetwork: true, containers: [{name: agent, image: a, ports: [{containerPort: 80}, {containerPort: 9000, hostPort: 9000}],
		            securityContext: {privileged: true, capabilities: {add: [NET_BIND_SERVICE, NET_ADMIN]}}}]}}`,
		want: []string{
			"spec.template.spec.containers[0].ports[1].hostPort hostPorts",
			"spec.template.spec.containers[0].securityContext.capabilities.add capabilities_baseline",
			"spec.template.spec.containers[0].securityContext.privileged privileged",
			"spec.template.spec.hostNetwork hostNamespaces",
		},
	}, {
		name:      "unsafe sysctls are refused for teams at baseline, safe ones accepted",
		namespace: "team-a", policy: privilegedPlatform,
		template: `{spec: {securityContext: {sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65000"}, {name: kernel.msgmax, value: "65536"}]}}}`,
		want:     []string{"spec.template.spec.securityContext.sysctls sysctls"},
	}, {
		name:      "seccomp and AppArmor Unconfined, SELinux types and procMount are refused for teams at baseline",
		namespace: "team-a", policy: privilegedPlatform,
		template: `{spec: {initContainers: [{name: init, image: a, securityContext: {seccompProfile: {type: Unconfined}, seLinuxOptions: {type: spc_t}}}],
		                   containers: [{name: spark-kubernetes-driver, securityContext: {appArmorProfile: {type: Unconfined}, procMount: Unmasked}}]}}`,
		want: []string{
			"spec.template.spec.containers[0].securityContext.appArmorProfile.type appArmorProfile",
			"spec.template.spec.containers[0].securityContext.procMount procMount",
			"spec.template.spec.initContainers[0].securityContext.seLinuxOptions seLinuxOptions",
			"spec.template.spec.initContainers[0].securityContext.seccompProfile.type seccompProfile_baseline",
		},
	}, {
		name:      "an AppArmor annotation of the template is named at its annotations",
		namespace: "team-a",
		template:  `{metadata: {annotations: {container.apparmor.security.beta.kubernetes.io/agent: unconfined}}}`,
		want:      []string{"spec.template.metadata.annotations appArmorProfile"},
	}, {
		name:      "seccomp Unconfined at the pod level is named there",
		namespace: "team-a",
		template:  `{spec: {securityContext: {seccompProfile: {type: Unconfined}}}}`,
		want:      []string{"spec.template.spec.securityContext.seccompProfile.type seccompProfile_baseline"},
	}, {
		name:      "everything at privileged",
		namespace: "team-a", policy: SecurityPolicy{Teams: LevelPrivileged},
		template: `{spec: {hostPID: true, volumes: [{name: logs, hostPath: {path: /}}], containers: [{name: agent, image: a, securityContext: {privileged: true}}]}}`,
	}, {
		name:      "at restricted a sidecar must carry restricted's settings",
		namespace: "team-a", policy: SecurityPolicy{Teams: LevelRestricted},
		template: `{spec: {containers: [{name: agent, image: a}]}}`,
		want: []string{
			"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation allowPrivilegeEscalation",
			"spec.template.spec.containers[0].securityContext.capabilities capabilities_restricted",
			"spec.template.spec.containers[0].securityContext.runAsNonRoot runAsNonRoot",
			"spec.template.spec.containers[0].securityContext.seccompProfile seccompProfile_restricted",
		},
	}, {
		name:      "at restricted, the pod securityContext may carry them for every container",
		namespace: "team-a", policy: SecurityPolicy{Teams: LevelRestricted},
		template: `{spec: {securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}},
		            containers: [{name: agent, image: a, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}}`,
	}, {
		name:      "a template that adds no privilege passes at every level",
		namespace: "team-a", policy: SecurityPolicy{Teams: LevelRestricted},
		template: `{metadata: {labels: {team: a}}, spec: {nodeSelector: {pool: spark}, volumes: [{name: scratch, emptyDir: {}}]}}`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := compileIn(t, tc.namespace, tc.template, tc.policy)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSecurityRefusalMessage holds the whole message: what, the level, the
// check, whose templates and the setting that would allow it.
func TestSecurityRefusalMessage(t *testing.T) {
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "tpl", Namespace: "team-a"}}
	obj.Spec.Template.Raw = []byte(`{"spec": {"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}]}}`)
	_, _, errs := Compile(obj, ClusterCompileOptions(obj, ownNamespace, SecurityPolicy{Platform: LevelPrivileged}))
	want := field.ErrorList{field.Forbidden(field.NewPath("spec", "template", "spec", "volumes").Index(0).Child("hostPath"),
		`hostPath volumes (volume "logs"): not allowed by the Pod Security Standards baseline level (check hostPathVolumes), `+
			`which sparkhook's --config grants the templates of namespace "team-a" (security.teams (or a security.namespaces entry naming this namespace))`)}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestSecurityPolicyLevel(t *testing.T) {
	policy := SecurityPolicy{Platform: LevelPrivileged, Teams: LevelRestricted, Namespaces: []NamespaceSecurity{
		{Names: []string{"ml-infra", "batch"}, Level: LevelBaseline},
		{Names: []string{"ml-infra"}, Level: LevelPrivileged},
		{Names: []string{"untrusted"}, Level: LevelRestricted},
	}}
	tests := []struct {
		name      string
		policy    SecurityPolicy
		namespace string
		want      SecurityLevel
	}{
		{name: "the platform", policy: policy, namespace: platformOnly, want: LevelPrivileged},
		{name: "a team", policy: policy, namespace: "team-a", want: LevelRestricted},
		{name: "a namespace named once", policy: policy, namespace: "batch", want: LevelBaseline},
		{name: "a namespace named twice gets the most permissive", policy: policy, namespace: "ml-infra", want: LevelPrivileged},
		{name: "the zero policy holds the platform to baseline", namespace: platformOnly, want: LevelBaseline},
		{name: "the zero policy holds teams to baseline", namespace: "team-a", want: LevelBaseline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.policy.Level(tc.namespace); got != tc.want {
				t.Errorf("Level(%q) = %q, want %q", tc.namespace, got, tc.want)
			}
		})
	}
}

func TestSecurityPolicyConfig(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    SecurityPolicy
		wantErr bool
	}{{
		name: "the documented syntax",
		data: `{platform: privileged, teams: baseline, namespaces: [{names: [ml-infra], level: privileged}]}`,
		want: SecurityPolicy{Platform: LevelPrivileged, Teams: LevelBaseline, Namespaces: []NamespaceSecurity{{Names: []string{"ml-infra"}, Level: LevelPrivileged}}},
	}, {
		name:    "a misspelt level is refused when read",
		data:    `{teams: privilegd}`,
		wantErr: true,
	}, {
		name:    "the old allow* settings are unknown fields",
		data:    `{allowHostPath: true}`,
		wantErr: true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			js, err := yaml.YAMLToJSON([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			var got SecurityPolicy
			strict, err := kjson.UnmarshalStrict(js, &got)
			if err == nil && len(strict) == 0 {
				err = got.Validate()
			} else if err == nil {
				err = strict[0]
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want an error: %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); !tc.wantErr && diff != "" {
				t.Errorf("policy (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecurityPolicyValidate(t *testing.T) {
	p := SecurityPolicy{Namespaces: []NamespaceSecurity{{Level: LevelPrivileged}, {Names: []string{"Bad_Name"}, Level: "root"}}}
	err := p.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want errors")
	}
	want := "security.namespaces[0].names: required\n" +
		"security.namespaces[1].level: must be one of privileged, baseline, restricted\n" +
		`security.namespaces[1].names[0]: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("Validate() (-want +got):\n%s", diff)
	}
}
