package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sparkhook/sparkhook/test/cluster"
)

var (
	// env is the control plane every test runs against; nil when skipped.
	env *cluster.Cluster
	// root is the repository root; kubectl runs there, so the commands are
	// the README's.
	root string
	// binary is sparkhook, built from this tree.
	binary string
	// skipReason is why there is no control plane, when a binary is missing
	// outside CI.
	skipReason string
)

// TestMain starts etcd and kube-apiserver once (nothing installed), builds
// sparkhook, runs the tests and stops everything. Without kube-apiserver,
// etcd or kubectl the tests are skipped, except in CI (CI set), where that
// is a failure.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// The tests' own clients log nothing worth reading; sparkhook's log is
	// in each replica's log file.
	logf.SetLogger(logr.Discard())
	var err error
	if root, err = cluster.Root(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if reason := missingBinaries(); reason != "" {
		if os.Getenv("CI") != "" {
			fmt.Fprintln(os.Stderr, reason)
			return 1
		}
		skipReason = reason
		return m.Run()
	}
	ctx := context.Background()
	start := time.Now()
	if env, err = cluster.StartControlPlane(ctx, root); err != nil {
		fmt.Fprintf(os.Stderr, "starting the control plane: %v\n", err)
		return 1
	}
	defer func() {
		if err := env.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping the control plane: %v\n", err)
		}
	}()
	if binary, err = env.BuildSparkhook(ctx, root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "control plane up and sparkhook built in %s\n", time.Since(start).Round(time.Millisecond))
	return m.Run()
}

// missingBinaries says which of the binaries the tests need is missing.
func missingBinaries() string {
	if _, err := cluster.Assets(root); errors.Is(err, cluster.ErrNoBinaries) {
		return err.Error()
	}
	if _, err := exec.LookPath("kubectl"); err != nil {
		return "kubectl not found: " + err.Error()
	}
	return ""
}

func requireCluster(t *testing.T) {
	t.Helper()
	if env == nil {
		t.Skip(skipReason)
	}
}

// kubectl runs kubectl with args in the repository root, as an
// administrator of the test cluster, and returns its standard output.
func kubectl(t *testing.T, args ...string) string {
	t.Helper()
	out, err := tryKubectl(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tryKubectl(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "kubectl", args...)
	cmd.Dir = root
	if env != nil {
		cmd.Env = append(os.Environ(), "KUBECONFIG="+env.Kubeconfig)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("kubectl %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// command runs a README command line (kubectl …) with extra arguments.
func command(t *testing.T, line string, extra ...string) string {
	t.Helper()
	args := strings.Fields(line)
	if args[0] != "kubectl" {
		t.Fatalf("%q is not a kubectl command", line)
	}
	return kubectl(t, append(args[1:], extra...)...)
}

// adminClient is a client for the test cluster as its administrator.
func adminClient(t *testing.T) client.Client {
	t.Helper()
	requireCluster(t)
	c, err := client.New(env.Config, client.Options{Scheme: env.Scheme})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
