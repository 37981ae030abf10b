package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
)

var (
	// env is the cluster every test runs against; nil when skipped.
	env *cluster.Cluster
	// root is the repository root.
	root string
	// skipReason is why there is no cluster, when the binaries are missing
	// outside CI.
	skipReason string
)

// TestMain starts etcd, kube-apiserver and sparkhook once, registers the
// example templates in sparkhook's namespace, runs the tests and stops
// everything. Without kube-apiserver and etcd the tests are skipped, except
// in CI (CI set), where that is a failure.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run is TestMain's body; its result is the exit code.
func run(m *testing.M) (code int) {
	var err error
	if root, err = cluster.Root(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := cluster.Assets(root); errors.Is(err, cluster.ErrNoBinaries) && os.Getenv("CI") == "" {
		skipReason = err.Error()
		return m.Run()
	}
	ctx := context.Background()
	start := time.Now()
	env, err = cluster.Start(ctx, cluster.Options{Root: root, Progress: func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%6.1fs "+format+"\n", append([]any{time.Since(start).Seconds()}, args...)...)
	}})
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting the cluster: %v\n", err)
		return 1
	}
	defer func() {
		if code != 0 {
			fmt.Fprintf(os.Stderr, "--- the end of sparkhook serve's log ---\n%s--- end ---\n", env.Sparkhook.LogTail(200))
		}
		stopping := time.Now()
		if err := env.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping the cluster: %v\n", err)
			code = 1
		}
		fmt.Fprintf(os.Stderr, "cluster stopped in %s\n", time.Since(stopping).Round(time.Millisecond))
	}()
	if _, err := env.InstallExamples(ctx, root); err != nil {
		fmt.Fprintf(os.Stderr, "installing the example templates: %v\n", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "%6.1fs cluster ready, example templates loaded\n", time.Since(start).Seconds())
	return m.Run()
}

// requireCluster skips the test when there is no cluster.
func requireCluster(t *testing.T) {
	t.Helper()
	if env == nil {
		t.Skip(skipReason)
	}
}

// warnings records the warnings the API server sends a client.
type warnings struct {
	mu   sync.Mutex
	list []string
}

// HandleWarningHeader implements rest.WarningHandler.
func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

// take returns the warnings received since the last call.
func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// newClient returns a client for the cluster and the record of the
// warnings it receives.
func newClient(t *testing.T) (client.Client, *warnings) {
	t.Helper()
	requireCluster(t)
	w := &warnings{}
	cfg := rest.CopyConfig(env.Config)
	cfg.WarningHandler = w
	c, err := client.New(cfg, client.Options{Scheme: env.Scheme})
	if err != nil {
		t.Fatal(err)
	}
	return c, w
}

// newNamespace creates a namespace named prefix-<random> with labels, and
// deletes it when the test ends.
func newNamespace(t *testing.T, c client.Client, prefix string, labels map[string]string) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: prefix + "-" + rand.String(5), Labels: labels}}
	if err := c.Create(context.Background(), ns); err != nil {
		t.Fatalf("creating namespace: %v", err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), ns) })
	return ns.Name
}

// containsAll fails the test unless text contains every one of want.
func containsAll(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, text)
		}
	}
}
