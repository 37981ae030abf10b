package e2e

import (
	"context"
	"fmt"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// TestNamespaceUserCannotReachOtherNamespaces acts as a team's user, who
// may manage SparkPodTemplates in the team's namespace only (a Role, as a
// platform grants it), through the API server's impersonation: whatever the
// user registers reaches Spark Pods in that namespace and nowhere else.
// RBAC keeps the user out of other namespaces and out of sparkhook's own,
// whose templates apply cluster-wide; sparkhook's webhook refuses the one
// field that could reach further, a namespaceSelector.
func TestNamespaceUserCannotReachOtherNamespaces(t *testing.T) {
	admin, _ := newClient(t)
	ctx := context.Background()
	team := newNamespace(t, admin, "team-x", nil)
	other := newNamespace(t, admin, "team-y", nil)
	user := "alice-" + rand.String(5)
	grantTemplateEditor(t, admin, team, user)
	alice := impersonating(t, user)

	label := "reach-" + rand.String(5)
	tests := []struct {
		name      string
		namespace string
		spec      string
		refused   func(error) bool // nil: the template is stored
		want      []string         // in the refusal
	}{{
		name:      "a template for the team's own Pods",
		namespace: team,
		spec:      fmt.Sprintf(`{onRequest: true, template: {metadata: {labels: {%s: "yes"}}}}`, label),
	}, {
		name:      "a namespaceSelector matching every namespace",
		namespace: team,
		spec:      `{namespaceSelector: {}, template: {metadata: {labels: {reach: everywhere}}}}`,
		refused:   apierrors.IsInvalid,
		want:      []string{`admission webhook "sparkpodtemplates.sparkhook.io" denied the request`, "spec.namespaceSelector", "only templates in sparkhook's own namespace"},
	}, {
		name:      "a template in another team's namespace",
		namespace: other,
		spec:      `{template: {metadata: {labels: {reach: other}}}}`,
		refused:   apierrors.IsForbidden,
		want:      []string{user, "cannot create resource", "sparkpodtemplates"},
	}, {
		name:      "a template in sparkhook's namespace, which applies cluster-wide",
		namespace: env.Namespace,
		spec:      `{template: {metadata: {labels: {reach: cluster}}}}`,
		refused:   apierrors.IsForbidden,
		want:      []string{user, "cannot create resource", "sparkpodtemplates"},
	}}
	var stored string
	outer := t // the stored template must outlive its subtest
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := parseTemplate(t, tt.namespace, fmt.Sprintf("metadata: {name: alice-%d}\nspec: %s", i, tt.spec))
			err := alice.Create(ctx, tmpl)
			if tt.refused == nil {
				if err != nil {
					t.Fatalf("the user could not register a template in their namespace: %v", err)
				}
				stored = tmpl.Name
				outer.Cleanup(func() { admin.Delete(context.Background(), tmpl) })
				return
			}
			if err == nil {
				admin.Delete(ctx, tmpl)
				t.Fatalf("the user registered a template in %s with %s", tt.namespace, tt.spec)
			}
			if !tt.refused(err) {
				t.Errorf("refused with %v (reason %s), want another reason", err, apierrors.ReasonForError(err))
			}
			containsAll(t, "the refusal", err.Error(), tt.want...)
		})
	}
	if stored == "" {
		t.Fatal("the user's own template was not stored")
	}
	// The stored template reaches the team's Pods, not another team's, even
	// when a Pod there asks for it by name.
	cluster.Eventually(t, propagation, func() error {
		if got := probeDriver(t, admin, team, v1alpha1.AnnotationTemplates, stored).Labels[label]; got != "yes" {
			return fmt.Errorf("the user's template is not applied in %s yet", team)
		}
		return nil
	})
	if got := probeDriver(t, admin, other, v1alpha1.AnnotationTemplates, stored).Labels[label]; got != "" {
		t.Errorf("a driver in %s got the label %s=%q from %s's template", other, label, got, team)
	}
}

// grantTemplateEditor gives user every verb on SparkPodTemplates in ns,
// and nothing else.
func grantTemplateEditor(t *testing.T, c client.Client, ns, user string) {
	t.Helper()
	ctx := context.Background()
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "sparkpodtemplate-editor", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{v1alpha1.GroupVersion.Group},
			Resources: []string{"sparkpodtemplates"},
			Verbs:     []string{"get", "list", "watch", "create", "update", "patch", "delete"},
		}},
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "sparkpodtemplate-editor", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
	for _, obj := range []client.Object{role, binding} {
		if err := c.Create(ctx, obj); err != nil {
			t.Fatalf("creating %T: %v", obj, err)
		}
	}
}

// impersonating returns a client that acts as user, an authenticated user
// with no other rights than RBAC grants it.
func impersonating(t *testing.T, user string) client.Client {
	t.Helper()
	cfg := rest.CopyConfig(env.Config)
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: []string{"system:authenticated"}}
	c, err := client.New(cfg, client.Options{Scheme: env.Scheme})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
