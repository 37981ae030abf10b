package deploy

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/certs"
)

// TestSelfManagedEndToEnd installs the self-managed overlay with the
// README's command and starts sparkhook with no Secret and empty CA
// bundles. sparkhook must create its CA and serving certificate, store
// them, publish the bundle and turn ready; the API server must then call it
// over that TLS — the test injects no CA — for the Pod mutating webhook and
// both validating webhooks. Re-running the install command (the upgrade)
// must keep the bundle, and stopping sparkhook must leave the webhook
// configurations in place.
func TestSelfManagedEndToEnd(t *testing.T) {
	c := install(t)
	r := startReplica(t, "sparkhook")
	route(t, c, r.Port)
	start := time.Now()
	if err := r.WaitReadyWithin(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Logf("ready %s after start, with certificates it made itself", time.Since(start).Round(time.Millisecond))

	secret := checkSecretPublished(t, c, r)
	got, err := r.sample("sparkhook_serving_certificate_expiry_timestamp_seconds", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(r.served(t).NotAfter.Unix()); got != want {
		t.Errorf("sparkhook_serving_certificate_expiry_timestamp_seconds = %v, want the served NotAfter %v", got, want)
	}

	ensureTemplate(t, c, r) // the SparkPodTemplate webhook
	ctx := context.Background()
	if err := createSparkPod(ctx, c); err != nil { // the Pod webhook
		t.Fatal(err)
	}
	checkConfigMapDenied(t, c) // the ConfigMap webhook

	// Upgrade: the same command again. It must not take the bundle away.
	command(t, installSelfManaged)
	if got := caBundles(t, c); !allEqual(got, string(secret.Data[certs.FileCA])) {
		t.Fatalf("re-applying the overlay changed the CA bundles: %v", got)
	}
	route(t, c, r.Port)
	if err := createSparkPod(ctx, c); err != nil {
		t.Fatalf("after the upgrade: %v", err)
	}

	if err := r.Stop(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := caBundles(t, c); !allEqual(got, string(secret.Data[certs.FileCA])) {
		t.Errorf("after sparkhook stopped, the CA bundles are %v", got)
	}
}

// checkSecretPublished checks what sparkhook made: one kubernetes.io/tls
// Secret, the same bundle in every webhook, and the served certificate
// chaining to it for the service's name.
func checkSecretPublished(t *testing.T, c client.Client, r *replica) *corev1.Secret {
	t.Helper()
	secret := &corev1.Secret{}
	if err := c.Get(context.Background(), client.ObjectKey{Namespace: namespace, Name: secretName}, secret); err != nil {
		t.Fatalf("sparkhook made no Secret: %v", err)
	}
	if secret.Type != corev1.SecretTypeTLS {
		t.Errorf("Secret type %s, want %s", secret.Type, corev1.SecretTypeTLS)
	}
	if _, err := certs.ParseSecretData(secret.Data); err != nil {
		t.Errorf("the Secret's content: %v", err)
	}
	bundle := secret.Data[certs.FileCA]
	if got := caBundles(t, c); len(got) != 3 || !allEqual(got, string(bundle)) {
		t.Errorf("the webhooks' CA bundles are not the Secret's ca.crt: %v", got)
	}
	served := r.served(t)
	if !bytes.Contains(secret.Data[certs.FileCert], []byte(strings.TrimSpace(pemOf(served)))) {
		t.Errorf("sparkhook serves serial %x, not the Secret's tls.crt", served.SerialNumber)
	}
	if err := verify(served, bundle); err != nil {
		t.Errorf("the served certificate does not verify against the bundle for %s: %v", serviceHost, err)
	}
	return secret
}

// checkConfigMapDenied sends a malformed spark.properties ConfigMap: the
// API server must call the validating webhook, which refuses it.
func checkConfigMapDenied(t *testing.T, c client.Client) {
	t.Helper()
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "spark-drv-conf-map-", Namespace: sparkNamespace},
		Data:       map[string]string{"spark.properties": "spark.executor.memory=\\u12\n"},
	}
	err := c.Create(context.Background(), cm)
	if err == nil || !strings.Contains(err.Error(), "denied the request") {
		t.Errorf("creating a malformed spark.properties ConfigMap: %v, want a denial from sparkhook", err)
	}
}

func allEqual(m map[string]string, want string) bool {
	for _, v := range m {
		if v != want {
			return false
		}
	}
	return len(m) > 0
}
