package e2e

import (
	"context"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// liveOnlyUser may do what deploy/base/rbac.yaml lets sparkhook do, except
// list and watch Pods: its driver Pod cache never syncs, so that every
// lookup is a cache miss answered by the live GET.
const liveOnlyUser = "sparkhook-e2e-live-only"

// liveOnlyKubeconfig grants liveOnlyUser its rights and returns a
// kubeconfig with its identity.
func liveOnlyKubeconfig(t *testing.T, c client.Client) string {
	t.Helper()
	ctx := context.Background()
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: liveOnlyUser},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"sparkhook.io"}, Resources: []string{"sparkpodtemplates"}, Verbs: []string{"list", "watch"}},
			{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"list", "watch"}},
			{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get"}},
		},
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: liveOnlyUser},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: liveOnlyUser},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: liveOnlyUser}},
	}
	for _, obj := range []client.Object{role, binding} {
		if err := c.Create(ctx, obj); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatal(err)
		}
	}
	kubeconfig, err := env.UserKubeconfig(liveOnlyUser)
	if err != nil {
		t.Fatal(err)
	}
	return kubeconfig
}

// checkLiveLookups sends every submission to a replica whose cache holds
// no Pod (it may not list them): each driver Pod must be read with the
// bounded GET, through the real API server, and decide the release as the
// cache would have.
func checkLiveLookups(t *testing.T, c client.Client, proxy *reviewProxy, ns string) {
	r := runReplica(t, "replica-live-only", liveOnlyKubeconfig(t, c))
	// Never ready (its cache never syncs), but it serves reviews as soon as
	// its port is open, as any replica does before its cache has synced.
	r.waitListening(t)
	proxy.only.Store(int32(proxy.add(r)))
	defer proxy.only.Store(-1)
	cases := submissions()
	for _, s := range cases {
		t.Run(s.name, func(t *testing.T) { submit(t, c, ns, s) })
	}
	live := metric(t, r, "sparkhook_driver_pod_lookups_total", `result="live"`)
	reviews := metric(t, r, "sparkhook_spark_properties_reviews_total", `source="driver-pod"`)
	if int(live) != len(cases) || int(reviews) != len(cases) {
		t.Errorf("%v live lookups and %v reviews decided by the driver Pod, want %d of each", live, reviews, len(cases))
	}
	// A manager still waiting for its cache to sync does not stop on an
	// interrupt (controller-runtime waits for the sync first): kill it
	// rather than wait out Stop's timeout.
	r.Stop(time.Second)
}
