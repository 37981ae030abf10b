package deploy

import (
	"context"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// The README's install and upgrade commands; the tests run exactly these.
const (
	installSelfManaged = "kubectl apply --server-side --force-conflicts -k " + overlaySelfManaged
	installCertManager = "kubectl apply --server-side --force-conflicts -k " + overlayCertManager
)

// Names deploy/ installs.
const (
	namespace   = "sparkhook-system"
	secretName  = "sparkhook-tls"
	configName  = "sparkhook"
	serviceHost = "sparkhook.sparkhook-system.svc"
	// serviceAccount is the ServiceAccount's user name, as RBAC sees it.
	serviceAccount = "system:serviceaccount:sparkhook-system:sparkhook"
)

var serviceAccountGroups = []string{"system:serviceaccounts", "system:serviceaccounts:sparkhook-system", "system:authenticated"}

// install applies the self-managed overlay with the README's command, then
// starts from no certificates — no Secret, empty CA bundles — as on a
// cluster where sparkhook was never installed.
func install(t *testing.T) client.Client {
	t.Helper()
	requireCluster(t)
	command(t, installSelfManaged)
	c := adminClient(t)
	ctx := context.Background()
	err := c.Delete(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: secretName}})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	editWebhooks(t, c, func(cc *admissionregistrationv1.WebhookClientConfig) { cc.CABundle = nil })
	return c
}

// route stands in for the cluster network, and only for it: the Service
// becomes an ExternalName for 127.0.0.1 and the webhooks call the local
// port, so the API server dials 127.0.0.1:port and verifies the name
// sparkhook.sparkhook-system.svc, as it would through kube-proxy.
func route(t *testing.T, c client.Client, port int) {
	t.Helper()
	ctx := context.Background()
	svc := &corev1.Service{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: "sparkhook"}, svc); err != nil {
		t.Fatal(err)
	}
	svc.Spec = corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "127.0.0.1", Ports: svc.Spec.Ports}
	if err := c.Update(ctx, svc); err != nil {
		t.Fatalf("routing the Service to loopback: %v", err)
	}
	editWebhooks(t, c, func(cc *admissionregistrationv1.WebhookClientConfig) { cc.Service.Port = ptr.To(int32(port)) })
}

// editWebhooks applies edit to every webhook's clientConfig of both
// configurations.
func editWebhooks(t *testing.T, c client.Client, edit func(*admissionregistrationv1.WebhookClientConfig)) {
	t.Helper()
	ctx := context.Background()
	m := &admissionregistrationv1.MutatingWebhookConfiguration{}
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	err := retryOnConflict(func() error {
		if err := c.Get(ctx, client.ObjectKey{Name: configName}, m); err != nil {
			return err
		}
		for i := range m.Webhooks {
			edit(&m.Webhooks[i].ClientConfig)
		}
		return c.Update(ctx, m)
	})
	if err == nil {
		err = retryOnConflict(func() error {
			if err := c.Get(ctx, client.ObjectKey{Name: configName}, v); err != nil {
				return err
			}
			for i := range v.Webhooks {
				edit(&v.Webhooks[i].ClientConfig)
			}
			return c.Update(ctx, v)
		})
	}
	if err != nil {
		t.Fatalf("editing the webhook configurations: %v", err)
	}
}

// retryOnConflict retries f while sparkhook's own writes (its CA bundle)
// conflict with it, for up to 2.5 s.
func retryOnConflict(f func() error) error {
	return retry.RetryOnConflict(wait.Backoff{Steps: 50, Duration: 50 * time.Millisecond, Factor: 1}, f)
}

// caBundles is every webhook's caBundle, by configuration kind and webhook.
func caBundles(t *testing.T, c client.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	m := &admissionregistrationv1.MutatingWebhookConfiguration{}
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := c.Get(ctx, client.ObjectKey{Name: configName}, m); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, client.ObjectKey{Name: configName}, v); err != nil {
		t.Fatal(err)
	}
	for _, w := range m.Webhooks {
		out["mutating "+w.Name] = string(w.ClientConfig.CABundle)
	}
	for _, w := range v.Webhooks {
		out["validating "+w.Name] = string(w.ClientConfig.CABundle)
	}
	return out
}

var (
	saOnce       sync.Mutex
	saKubeconfig string
)

// serviceAccountKubeconfig is a kubeconfig for the ServiceAccount sparkhook
// (a client certificate for its user name), made once.
func serviceAccountKubeconfig(t *testing.T) string {
	t.Helper()
	saOnce.Lock()
	defer saOnce.Unlock()
	if saKubeconfig == "" {
		path, err := env.UserKubeconfig(serviceAccount, serviceAccountGroups...)
		if err != nil {
			t.Fatal(err)
		}
		saKubeconfig = path
	}
	return saKubeconfig
}
