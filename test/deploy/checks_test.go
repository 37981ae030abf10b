package deploy

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// checkDeployment holds the Deployment to what the README's install section promises:
// two replicas kept through disruptions, probes on :8081, a hardened
// non-root container, requests and limits, the mode's flag.
func checkDeployment(t *testing.T, dep *appsv1.Deployment, mode string) {
	spec := dep.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(spec.Containers))
	}
	c := spec.Containers[0]
	pod, sec := spec.SecurityContext, c.SecurityContext
	got := map[string]any{
		"replicas":                 *dep.Spec.Replicas,
		"maxUnavailable":           dep.Spec.Strategy.RollingUpdate.MaxUnavailable.String(),
		"serviceAccountName":       spec.ServiceAccountName,
		"runAsNonRoot":             pod != nil && pod.RunAsNonRoot != nil && *pod.RunAsNonRoot,
		"seccompProfile":           pod != nil && pod.SeccompProfile != nil && pod.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault,
		"readOnlyRootFilesystem":   sec != nil && sec.ReadOnlyRootFilesystem != nil && *sec.ReadOnlyRootFilesystem,
		"allowPrivilegeEscalation": sec != nil && sec.AllowPrivilegeEscalation != nil && *sec.AllowPrivilegeEscalation,
		"dropAll":                  sec != nil && sec.Capabilities != nil && slices.Equal(sec.Capabilities.Drop, []corev1.Capability{"ALL"}),
		"podAntiAffinity":          spec.Affinity != nil && spec.Affinity.PodAntiAffinity != nil,
		"topologySpread":           len(spec.TopologySpreadConstraints) > 0,
		"requests":                 !c.Resources.Requests.Cpu().IsZero() && !c.Resources.Requests.Memory().IsZero(),
		"limits":                   !c.Resources.Limits.Cpu().IsZero() && !c.Resources.Limits.Memory().IsZero(),
		"ports":                    ports(c),
		"liveness":                 probe(c.LivenessProbe),
		"readiness":                probe(c.ReadinessProbe),
		"mode":                     slices.Contains(c.Args, "--cert-mode="+mode) && c.Args[0] == "serve",
	}
	want := map[string]any{
		"replicas": int32(2), "maxUnavailable": "0", "serviceAccountName": "sparkhook",
		"runAsNonRoot": true, "seccompProfile": true, "readOnlyRootFilesystem": true,
		"allowPrivilegeEscalation": false, "dropAll": true, "podAntiAffinity": true, "topologySpread": true,
		"requests": true, "limits": true,
		"ports":    map[string]int32{"webhook": 9443, "metrics": 8080, "health": 8081},
		"liveness": "/healthz on health", "readiness": "/readyz on health", "mode": true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Deployment (-want +got):\n%s", diff)
	}
}

func ports(c corev1.Container) map[string]int32 {
	out := map[string]int32{}
	for _, p := range c.Ports {
		out[p.Name] = p.ContainerPort
	}
	return out
}

func probe(p *corev1.Probe) string {
	if p == nil || p.HTTPGet == nil {
		return "none"
	}
	return p.HTTPGet.Path + " on " + p.HTTPGet.Port.String()
}

// grant is one RBAC rule bound to sparkhook's ServiceAccount, flattened.
type grant struct {
	Resource, Verb string
	Names          []string
}

// checkRBAC: nothing bound to the ServiceAccount uses wildcards or may
// delete or patch anything.
func checkRBAC(t *testing.T, objs objects) {
	for _, g := range grants(t, objs) {
		if g.Resource == "*" || g.Verb == "*" || slices.Contains([]string{"delete", "deletecollection", "patch", "escalate", "bind", "impersonate"}, g.Verb) {
			t.Errorf("ServiceAccount sparkhook is granted %s on %s", g.Verb, g.Resource)
		}
	}
}

// grants lists the rules of every Role and ClusterRole bound to the
// ServiceAccount sparkhook in the rendered objects.
func grants(t *testing.T, objs objects) []grant {
	var out []grant
	for _, o := range objs {
		if o.GetKind() != "RoleBinding" && o.GetKind() != "ClusterRoleBinding" {
			continue
		}
		b := &rbacv1.RoleBinding{}
		objs.into(t, o.GetKind(), o.GetName(), b)
		if !slices.ContainsFunc(b.Subjects, func(s rbacv1.Subject) bool { return s.Kind == "ServiceAccount" && s.Name == "sparkhook" }) {
			continue
		}
		role := &rbacv1.Role{}
		objs.into(t, b.RoleRef.Kind, b.RoleRef.Name, role)
		for _, r := range role.Rules {
			for _, res := range r.Resources {
				for _, v := range r.Verbs {
					out = append(out, grant{Resource: res, Verb: v, Names: r.ResourceNames})
				}
			}
		}
	}
	return out
}

// secretGrants are the grants on Secrets, verb -> resource names.
func secretGrants(t *testing.T, objs objects) map[string][]string {
	out := map[string][]string{}
	for _, g := range grants(t, objs) {
		if g.Resource == "secrets" {
			out[g.Verb] = g.Names
		}
	}
	return out
}

// checkSelfManaged: the Secret by name (create cannot be), the webhook
// configurations by name, certificates written into an emptyDir.
func checkSelfManaged(t *testing.T, objs objects, dep *appsv1.Deployment) {
	tls := []string{"sparkhook-tls"}
	want := map[string][]string{"get": tls, "list": tls, "watch": tls, "update": tls, "create": nil}
	if diff := cmp.Diff(want, secretGrants(t, objs)); diff != "" {
		t.Errorf("Secret rights (-want +got):\n%s", diff)
	}
	for _, g := range grants(t, objs) {
		if g.Resource == "mutatingwebhookconfigurations" || g.Resource == "validatingwebhookconfigurations" {
			if !slices.Equal(g.Names, []string{"sparkhook"}) {
				t.Errorf("%s on %s is not limited to sparkhook: %v", g.Verb, g.Resource, g.Names)
			}
		}
	}
	if v := volume(dep, "certs"); v == nil || v.EmptyDir == nil {
		t.Errorf("volume certs = %+v, want an emptyDir sparkhook writes into", v)
	}
}

// checkCertManager: no Secret rights at all, the Certificate's Secret
// mounted, the issuer chain, cainjector's annotation.
func checkCertManager(t *testing.T, objs objects, dep *appsv1.Deployment) {
	if g := secretGrants(t, objs); len(g) > 0 {
		t.Errorf("cert-manager mode grants Secret rights %v, want none", g)
	}
	for _, name := range []string{"sparkhook-selfsigned", "sparkhook-ca"} {
		objs.get(t, "Issuer", name)
	}
	objs.get(t, "Certificate", "sparkhook-ca")
	serving := objs.get(t, "Certificate", "sparkhook-serving")
	dnsNames, _, _ := unstructured.NestedStringSlice(serving.Object, "spec", "dnsNames")
	secretName, _, _ := unstructured.NestedString(serving.Object, "spec", "secretName")
	if want := []string{"sparkhook.sparkhook-system.svc", "sparkhook.sparkhook-system.svc.cluster.local"}; !slices.Equal(dnsNames, want) {
		t.Errorf("serving Certificate dnsNames = %v, want %v", dnsNames, want)
	}
	if v := volume(dep, "certs"); v == nil || v.Secret == nil || v.Secret.SecretName != secretName || v.EmptyDir != nil {
		t.Errorf("volume certs = %+v, want the Secret %s only", v, secretName)
	}
	for _, kind := range []string{"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"} {
		if got := objs.get(t, kind, "sparkhook").GetAnnotations()["cert-manager.io/inject-ca-from"]; got != "sparkhook-system/sparkhook-serving" {
			t.Errorf("%s inject-ca-from = %q", kind, got)
		}
	}
}

func volume(dep *appsv1.Deployment, name string) *corev1.Volume {
	for i, v := range dep.Spec.Template.Spec.Volumes {
		if v.Name == name {
			return &dep.Spec.Template.Spec.Volumes[i]
		}
	}
	return nil
}
