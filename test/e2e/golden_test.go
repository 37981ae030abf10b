package e2e

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/test/benchdata"
)

// Fixture directories, from the repository root.
const (
	podsDir   = "test/testdata/pods"
	goldenDir = "test/testdata/golden"
)

// TestGoldenPods creates every real Spark Pod fixture through the API
// server, with the example templates registered as SparkPodTemplates in
// sparkhook's namespace, and compares the stored Pod with its golden file
// (what `sparkhook mutate` prints) as the API server stores it: the golden
// Pod created with a server-side dry run in sparkhook's own namespace, which
// the webhook configuration excludes, gives the API server's defaults. The
// warnings the client receives are the golden file's.
func TestGoldenPods(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	paths, err := filepath.Glob(filepath.Join(root, podsDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Pod fixtures in %s: %v", podsDir, err)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			ns := newNamespace(t, c, "golden", nil)
			pod := readPod(t, path)
			pod.Namespace = ns
			warned.take()
			if err := c.Create(ctx, pod); err != nil {
				t.Fatalf("creating the Pod: %v", err)
			}
			gotWarnings := warned.take()

			golden, wantWarnings := readGolden(t, filepath.Join(root, goldenDir, name))
			golden.Namespace = env.Namespace
			qualifyTemplateNames(golden, wantWarnings)
			if err := c.Create(ctx, golden, client.DryRunAll); err != nil {
				t.Fatalf("dry-run creating the golden Pod in %s: %v", env.Namespace, err)
			}
			warned.take()
			if diff := cmp.Diff(normalized(golden), normalized(pod)); diff != "" {
				t.Errorf("stored Pod differs from %s with the API server's defaults (-golden +stored):\n%s", name, diff)
			}
			if diff := cmp.Diff(wantWarnings, gotWarnings); diff != "" {
				t.Errorf("warnings differ from the golden file's (-golden +received):\n%s", diff)
			}
		})
	}
}

// TestServerSideDryRun creates a Spark driver with a server-side dry run
// (kubectl apply --dry-run=server): the answer is the mutated Pod, and
// nothing is stored. The webhook configuration's sideEffects: None is what
// lets the API server call sparkhook on a dry run at all.
func TestServerSideDryRun(t *testing.T) {
	c, warned := newClient(t)
	ctx := context.Background()
	ns := newNamespace(t, c, "dry-run", nil)
	pod := readPod(t, filepath.Join(root, podsDir, "spark-3.5-driver.yaml"))
	pod.Namespace = ns
	if err := c.Create(ctx, pod, client.DryRunAll); err != nil {
		t.Fatalf("dry-run create: %v", err)
	}
	golden, wantWarnings := readGolden(t, filepath.Join(root, goldenDir, "spark-3.5-driver.yaml"))
	qualifyTemplateNames(golden, wantWarnings)
	if got, want := pod.Annotations, golden.Annotations; !cmp.Equal(got, want) {
		t.Errorf("dry-run Pod annotations = %v, want the golden's %v", got, want)
	}
	if got, want := containerNames(pod.Spec.Containers), containerNames(golden.Spec.Containers); !cmp.Equal(got, want) {
		t.Errorf("dry-run Pod containers = %v, want %v", got, want)
	}
	if diff := cmp.Diff(wantWarnings, warned.take()); diff != "" {
		t.Errorf("warnings (-golden +received):\n%s", diff)
	}
	err := c.Get(ctx, client.ObjectKeyFromObject(pod), &corev1.Pod{})
	if !apierrors.IsNotFound(err) {
		t.Errorf("after a dry run, getting the Pod gave %v, want NotFound", err)
	}
	var pods corev1.PodList
	if err := c.List(ctx, &pods, client.InNamespace(ns)); err != nil || len(pods.Items) != 0 {
		t.Errorf("after a dry run, namespace %s holds %d Pods (%v), want none", ns, len(pods.Items), err)
	}
}

// readPod reads a Pod fixture.
func readPod(t *testing.T, path string) *corev1.Pod {
	t.Helper()
	pod, err := benchdata.ReadPod(path)
	if err != nil {
		t.Fatal(err)
	}
	return pod
}

// readGolden reads a golden file: the mutated Pod, and the warnings listed
// in its header comment.
func readGolden(t *testing.T, path string) (*corev1.Pod, []string) {
	t.Helper()
	pod := readPod(t, path)
	data, _ := os.ReadFile(path)
	var warnings []string
	scanner := bufio.NewScanner(bytes.NewReader(data))
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		if w, ok := strings.CutPrefix(scanner.Text(), "# - "); ok {
			warnings = append(warnings, w)
		}
	}
	return pod, warnings
}

// qualifyTemplateNames rewrites what a golden file says of the example
// templates, which `sparkhook mutate` reads from files and names by name, for
// the same templates registered in sparkhook's namespace, which are named
// namespace/name: in sparkhook.io/applied and in the warnings.
func qualifyTemplateNames(golden *corev1.Pod, warnings []string) {
	if applied, ok := golden.Annotations[v1alpha1.AnnotationApplied]; ok {
		entries := strings.Split(applied, ",")
		for i, e := range entries {
			entries[i] = env.Namespace + "/" + e
		}
		golden.Annotations[v1alpha1.AnnotationApplied] = strings.Join(entries, ",")
	}
	for i, w := range warnings {
		if rest, ok := strings.CutPrefix(w, `template "`); ok {
			warnings[i] = `template "` + env.Namespace + "/" + rest
		}
	}
}

// normalized is pod without what differs between any two creations: the
// server-set identity, timestamps, field managers, and the namespace.
func normalized(pod *corev1.Pod) *corev1.Pod {
	p := pod.DeepCopy()
	p.ObjectMeta = metav1.ObjectMeta{
		Name: p.Name, GenerateName: p.GenerateName, Labels: p.Labels, Annotations: p.Annotations,
		OwnerReferences: p.OwnerReferences, Finalizers: p.Finalizers,
	}
	p.TypeMeta = metav1.TypeMeta{}
	// The API server's DefaultTolerationSeconds plugin appends its
	// tolerations before the webhooks run, so a template's come after them
	// in a stored Pod and before them in a golden Pod stored as it is. Their
	// order means nothing.
	slices.SortStableFunc(p.Spec.Tolerations, func(a, b corev1.Toleration) int {
		return strings.Compare(a.Key+"\x00"+a.Value, b.Key+"\x00"+b.Value)
	})
	return p
}

// containerNames lists the names of containers, in order.
func containerNames(cs []corev1.Container) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}
