package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// securityConfig is the configuration TestSecurityPerOrigin runs sparkhook
// with: the platform's templates may do anything, the teams' only what
// baseline allows, but for one namespace granted privileged.
const securityConfig = `
security:
  platform: privileged
  teams: baseline
  namespaces:
  - {names: [granted-team], level: privileged}
`

// TestSecurityPerOrigin starts a control plane of its own with sparkhook
// under securityConfig and creates SparkPodTemplates through the API server:
// the platform's hostPath template is accepted, and applied to a team's
// Spark Pods; the same template from a team is refused at create by the
// SparkPodTemplate validating webhook, naming the field, the Pod Security
// Standards check and the level, as are a team's hostPort, unsafe sysctl,
// Unconfined seccomp and SELinux type; a namespace the configuration grants
// privileged may add hostPath.
func TestSecurityPerOrigin(t *testing.T) {
	requireCluster(t)
	ctx := context.Background()
	configFile := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(configFile, []byte(securityConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	own, err := cluster.Start(ctx, cluster.Options{Root: root, ConfigFile: configFile})
	if err != nil {
		t.Fatalf("starting a control plane with sparkhook under %s: %v", securityConfig, err)
	}
	t.Cleanup(func() {
		if err := own.Stop(); err != nil {
			t.Errorf("stopping the control plane: %v", err)
		}
	})
	c, err := client.New(own.Config, client.Options{Scheme: own.Scheme})
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range []string{"team-a", "granted-team"} {
		if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil {
			t.Fatalf("creating namespace %s: %v", ns, err)
		}
	}
	const hostPath = `
metadata: {name: node-logs}
spec:
  template:
    spec:
      volumes: [{name: node-logs, hostPath: {path: /var/log}}]
      containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: node-logs, mountPath: /node-logs, readOnly: true}]}]`
	tests := []struct {
		name      string
		namespace string
		template  string
		want      []string // in the refusal; none: accepted
	}{
		{name: "the platform's hostPath template is accepted", namespace: own.Namespace, template: hostPath},
		{name: "a team's hostPath template is refused", namespace: "team-a", template: hostPath,
			want: []string{"spec.template.spec.volumes[0].hostPath", "check hostPathVolumes", "Pod Security Standards baseline level", `namespace "team-a"`}},
		{name: "a namespace granted privileged may add hostPath", namespace: "granted-team", template: hostPath},
		{name: "a team's hostPort is refused", namespace: "team-a", template: `
metadata: {name: host-port}
spec: {sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: agent, image: busybox, ports: [{containerPort: 9100, hostPort: 9100}]}]}}}`,
			want: []string{"spec.template.spec.containers[0].ports[0].hostPort", "check hostPorts"}},
		{name: "a team's unsafe sysctl is refused", namespace: "team-a", template: `
metadata: {name: sysctl}
spec: {template: {spec: {securityContext: {sysctls: [{name: kernel.msgmax, value: "65536"}]}}}}`,
			want: []string{"spec.template.spec.securityContext.sysctls", "check sysctls"}},
		{name: "a team's Unconfined seccomp and SELinux type are refused", namespace: "team-a", template: `
metadata: {name: unconfined}
spec: {sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: agent, image: busybox, securityContext: {seccompProfile: {type: Unconfined}, seLinuxOptions: {type: spc_t}}}]}}}`,
			want: []string{"spec.template.spec.containers[0].securityContext.seccompProfile.type", "check seccompProfile_baseline",
				"spec.template.spec.containers[0].securityContext.seLinuxOptions", "check seLinuxOptions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := parseTemplate(t, tt.namespace, tt.template)
			err := c.Create(ctx, tmpl)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("creating the template: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("the template was stored")
			}
			containsAll(t, "the error", err.Error(), append([]string{`admission webhook "sparkpodtemplates.sparkhook.io" denied the request`}, tt.want...)...)
		})
	}

	// The platform's template reaches a team's Spark Pods.
	cluster.Eventually(t, propagation, func() error {
		pod := probeDriver(t, c, "team-a")
		for _, v := range pod.Spec.Volumes {
			if v.Name == "node-logs" && v.HostPath != nil {
				return nil
			}
		}
		return fmt.Errorf("the driver in team-a has no node-logs hostPath volume yet: %v", pod.Spec.Volumes)
	})
}
