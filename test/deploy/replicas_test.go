package deploy

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/certs"
)

// TestTwoReplicasAgree starts two replicas at the same moment on an install
// with no Secret, three times. They race to create the Secret; the loser
// must adopt the winner's. Each time there must be one Secret, written once,
// one CA bundle in every webhook, both replicas serving the Secret's
// certificate — and the API server must reach each of them over TLS.
func TestTwoReplicasAgree(t *testing.T) {
	for round := range 3 {
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			c := install(t)
			rs := startReplicas(t, overlaySelfManaged, []string{"a", "b"})
			a, b := rs[0], rs[1]
			route(t, c, a.Port)
			ctx := context.Background()
			for _, r := range []*replica{a, b} {
				if err := r.WaitReadyWithin(ctx, time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			checkOneSecret(t, c, a, b)
			ensureTemplate(t, c, a)
			for _, r := range []*replica{a, b} {
				route(t, c, r.Port)
				if err := createSparkPod(ctx, c); err != nil {
					t.Errorf("through replica on port %d: %v", r.Port, err)
				}
			}
		})
	}
}

// checkOneSecret: one Secret made by sparkhook, stored once, its bundle in
// every webhook, its certificate served by every replica.
func checkOneSecret(t *testing.T, c client.Client, replicas ...*replica) {
	t.Helper()
	var list corev1.SecretList
	if err := c.List(context.Background(), &list, client.InNamespace(namespace), client.MatchingLabels{certs.LabelManagedBy: "sparkhook"}); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != secretName {
		t.Fatalf("%d Secrets made by sparkhook, want 1 (%s)", len(list.Items), secretName)
	}
	secret := list.Items[0]
	stores, adoptions := 0, 0
	for _, r := range replicas {
		log, err := os.ReadFile(r.LogFile)
		if err != nil {
			t.Fatal(err)
		}
		stores += strings.Count(string(log), "Stored new certificates")
		adoptions += strings.Count(string(log), "Adopting the certificates another replica stored first")
	}
	t.Logf("creates lost to the other replica: %d", adoptions)
	if stores != 1 {
		t.Errorf("the replicas stored certificates %d times, want once (the other adopts)", stores)
	}
	bundle := secret.Data[certs.FileCA]
	if got := caBundles(t, c); !allEqual(got, string(bundle)) {
		t.Errorf("the webhooks' CA bundles are not the Secret's ca.crt: %v", got)
	}
	for _, r := range replicas {
		served := r.served(t)
		if !strings.Contains(string(secret.Data[certs.FileCert]), pemOf(served)) {
			t.Errorf("replica on port %d serves serial %x, not the Secret's", r.Port, served.SerialNumber)
		}
		if err := verify(served, bundle); err != nil {
			t.Errorf("replica on port %d: %v", r.Port, err)
		}
	}
}
