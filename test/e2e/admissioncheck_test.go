package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/rand"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// TestMergedPodValidatedAtAdmission registers a template whose sidecar
// listens on 4040, the port of the Spark UI. It is valid in every
// representative Spark Pod, so registration accepts it, but not in a
// hostNetwork driver, where the API server makes every container port a
// host port and refuses two alike. Through the real API server: a hostNetwork
// driver is created without the Default template and with a warning naming
// it, a driver without hostNetwork still gets it, and under Enforce the
// hostNetwork driver is refused, naming the template.
func TestMergedPodValidatedAtAdmission(t *testing.T) {
	c, warned := newClient(t)
	id := rand.String(5)
	tests := []struct {
		name        string
		policy      v1alpha1.MergePolicy
		hostNetwork bool
		wantAgent   bool   // the template's sidecar is in the created Pod
		wantWarning string // in one of the warnings
		wantDenial  string // in the API server's refusal
	}{{
		name:      "Default template, ordinary driver: merged",
		policy:    v1alpha1.PolicyDefault,
		wantAgent: true,
	}, {
		name:        "Default template, hostNetwork driver: left out with a warning",
		policy:      v1alpha1.PolicyDefault,
		hostNetwork: true,
		wantWarning: "was left out: with it the Pod would fail the API server's validation: spec.containers[1].ports[0].hostPort: Duplicate value",
	}, {
		name:        "Enforce template, hostNetwork driver: the Pod is refused",
		policy:      v1alpha1.PolicyEnforce,
		hostNetwork: true,
		wantDenial:  "(policy Enforce) cannot be applied: spec.containers[1].ports[0].hostPort: Duplicate value",
	}}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := newNamespace(t, c, "admissioncheck", nil)
			name := fmt.Sprintf("ui-agent-%s-%d", id, i)
			create(t, c, parseTemplate(t, ns, fmt.Sprintf(`
metadata: {name: %s}
spec:
  policy: %s
  template:
    spec:
      containers:
      - {name: spark-kubernetes-driver}
      - {name: agent, image: "agent:1", ports: [{containerPort: 4040}]}`, name, tt.policy)))
			waitForTemplate(t, c, ns, name)
			warned.take()

			pod := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
			pod.Namespace, pod.Spec.HostNetwork = ns, tt.hostNetwork
			err := c.Create(context.Background(), pod, client.DryRunAll)
			if tt.wantDenial != "" {
				if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), tt.wantDenial) || !strings.Contains(err.Error(), name) {
					t.Fatalf("creating the driver: %v, want a denial naming template %s and containing %q", err, name, tt.wantDenial)
				}
				return
			}
			if err != nil {
				t.Fatalf("creating the driver: %v", err)
			}
			if got := containerImage(pod, "agent") != ""; got != tt.wantAgent {
				t.Errorf("agent sidecar in the Pod = %v, want %v", got, tt.wantAgent)
			}
			if tt.wantWarning != "" {
				if ws := warned.take(); !slices.ContainsFunc(ws, func(w string) bool {
					return strings.Contains(w, name) && strings.Contains(w, tt.wantWarning)
				}) {
					t.Errorf("warnings = %q, want one naming %s and containing %q", ws, name, tt.wantWarning)
				}
			}
		})
	}
}

// waitForTemplate waits until sparkhook merges the template ns/name into an
// ordinary driver in ns (every replica has it in its cache), and returns
// that driver as the API server would store it.
func waitForTemplate(t *testing.T, c client.Client, ns, name string) *corev1.Pod {
	t.Helper()
	var pod *corev1.Pod
	cluster.Eventually(t, propagation, func() error {
		pod = probeDriver(t, c, ns)
		if applied := pod.Annotations[v1alpha1.AnnotationApplied]; !strings.Contains(applied, ns+"/"+name+"@") {
			return fmt.Errorf("sparkhook.io/applied = %q: template %s is not applied yet", applied, name)
		}
		return nil
	})
	return pod
}
