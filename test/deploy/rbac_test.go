package deploy

import (
	"context"
	"fmt"
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// rightsCases are what the ServiceAccount may and may not do. A list or
// watch with the field selector metadata.name=N is authorized as the verb
// on the name N: that is how such requests are given here.
var rightsCases = []struct {
	verb, resource, namespace, name string
	allowed                         bool
}{
	{"get", "secrets", namespace, secretName, true},
	{"update", "secrets", namespace, secretName, true},
	{"watch", "secrets", namespace, secretName, true},
	{"create", "secrets", namespace, "", true}, // cannot be limited by name: see deploy/overlays/self-managed/rbac.yaml
	{"get", "secrets", namespace, "other-credentials", false},
	{"list", "secrets", namespace, "", false},
	{"watch", "secrets", namespace, "", false},
	{"list", "secrets", namespace, "other-credentials", false},
	{"get", "secrets", "spark-jobs", "aws-secrets", false},
	{"list", "secrets", "", "", false},
	{"get", "secrets", "kube-system", secretName, false},
	{"create", "secrets", "spark-jobs", "", false},
	{"delete", "secrets", namespace, secretName, false},
	{"patch", "secrets", namespace, secretName, false},
	{"update", "mutatingwebhookconfigurations", "", configName, true},
	{"update", "validatingwebhookconfigurations", "", configName, true},
	{"watch", "validatingwebhookconfigurations", "", configName, true},
	{"update", "mutatingwebhookconfigurations", "", "another-webhook", false},
	{"list", "mutatingwebhookconfigurations", "", "", false},
	{"delete", "mutatingwebhookconfigurations", "", configName, false},
	{"list", "sparkpodtemplates", "", "", true},
	{"create", "sparkpodtemplates", namespace, "", false},
	{"watch", "namespaces", "", "", true},
	// Driver Pods: the cache lists and watches their metadata, and a
	// ConfigMap review gets the one Pod its ownerReference names when the
	// cache does not hold it yet. Never a write.
	{"list", "pods", "", "", true},
	{"watch", "pods", "", "", true},
	{"get", "pods", "spark-jobs", "spark-pi-driver", true},
	{"create", "pods", "spark-jobs", "", false},
	{"update", "pods", "spark-jobs", "spark-pi-driver", false},
	{"patch", "pods", "spark-jobs", "spark-pi-driver", false},
	{"delete", "pods", "spark-jobs", "spark-pi-driver", false},
	{"get", "configmaps", "spark-jobs", "spark-drv-8b9fd589dcfc5820-conf-map", false},
	// PriorityClasses and RuntimeClasses: the cache lists and watches them
	// for the template webhook's warnings. Never a write.
	{"list", "priorityclasses", "", "", true},
	{"watch", "runtimeclasses", "", "", true},
	{"create", "priorityclasses", "", "", false},
	{"delete", "runtimeclasses", "", "gvisor", false},
}

// TestServiceAccountRights applies the self-managed overlay's RBAC to the
// real API server and asks it, with SubjectAccessReviews, what the
// ServiceAccount sparkhook may do: its own Secret and webhook
// configurations, by name; no other Secret, anywhere, by any verb. It then
// tries, as the ServiceAccount, to read another Secret, which the API server
// must refuse.
func TestServiceAccountRights(t *testing.T) {
	c := install(t)
	ctx := context.Background()
	for _, tc := range rightsCases {
		name := fmt.Sprintf("%s %s %s/%s", tc.verb, tc.resource, tc.namespace, tc.name)
		t.Run(name, func(t *testing.T) {
			group := ""
			switch tc.resource {
			case "mutatingwebhookconfigurations", "validatingwebhookconfigurations":
				group = "admissionregistration.k8s.io"
			case "sparkpodtemplates":
				group = "sparkhook.io"
			case "priorityclasses":
				group = "scheduling.k8s.io"
			case "runtimeclasses":
				group = "node.k8s.io"
			}
			review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
				User: serviceAccount, Groups: serviceAccountGroups,
				ResourceAttributes: &authorizationv1.ResourceAttributes{
					Verb: tc.verb, Group: group, Resource: tc.resource, Namespace: tc.namespace, Name: tc.name,
				},
			}}
			if err := c.Create(ctx, review); err != nil {
				t.Fatal(err)
			}
			if review.Status.Allowed != tc.allowed {
				t.Errorf("allowed = %v (%s), want %v", review.Status.Allowed, review.Status.Reason, tc.allowed)
			}
		})
	}
	t.Run("reading another Secret as the ServiceAccount", func(t *testing.T) {
		checkCannotReadOtherSecret(t, c)
	})
}

// checkCannotReadOtherSecret creates a Secret next to sparkhook's and one
// in a Spark namespace, then tries to get and list them as the
// ServiceAccount.
func checkCannotReadOtherSecret(t *testing.T, admin client.Client) {
	ctx := context.Background()
	ensureNamespace(t, admin, sparkNamespace)
	for _, ns := range []string{namespace, sparkNamespace} {
		s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "other-credentials"}, StringData: map[string]string{"key": "value"}}
		if err := admin.Create(ctx, s); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Delete(ctx, s) })
	}
	config, err := clientcmd.BuildConfigFromFlags("", serviceAccountKubeconfig(t))
	if err != nil {
		t.Fatal(err)
	}
	sa, err := client.New(config, client.Options{Scheme: env.Scheme})
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range []string{namespace, sparkNamespace} {
		err := sa.Get(ctx, client.ObjectKey{Namespace: ns, Name: "other-credentials"}, &corev1.Secret{})
		if !apierrors.IsForbidden(err) {
			t.Errorf("get Secret %s/other-credentials as the ServiceAccount: %v, want Forbidden", ns, err)
		}
		err = sa.List(ctx, &corev1.SecretList{}, client.InNamespace(ns))
		if !apierrors.IsForbidden(err) {
			t.Errorf("list Secrets in %s as the ServiceAccount: %v, want Forbidden", ns, err)
		}
	}
	byName := func(name string) client.ListOption { return client.MatchingFields{"metadata.name": name} }
	if err := sa.List(ctx, &corev1.SecretList{}, client.InNamespace(namespace), byName("other-credentials")); !apierrors.IsForbidden(err) {
		t.Errorf("list Secrets named other-credentials as the ServiceAccount: %v, want Forbidden", err)
	}
	// Its own Secret it may read (whether it exists yet or not), and list
	// by name, as its cache does.
	if err := sa.Get(ctx, client.ObjectKey{Namespace: namespace, Name: secretName}, &corev1.Secret{}); apierrors.IsForbidden(err) {
		t.Errorf("get its own Secret: %v", err)
	}
	if err := sa.List(ctx, &corev1.SecretList{}, client.InNamespace(namespace), byName(secretName)); err != nil {
		t.Errorf("list its own Secret by name: %v", err)
	}
}
