package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// StartControlPlane starts etcd and kube-apiserver only: no CRD, no webhook
// configuration, no sparkhook. It is for tests that install sparkhook the
// way deploy/ does (kubectl apply -k) and run `sparkhook serve` themselves
// (RunSparkhook), such as the certificate tests, where nothing but
// sparkhook may write the CA bundle. Stop stops it.
func StartControlPlane(ctx context.Context, root string) (c *Cluster, err error) {
	c, _, assets, err := prepare(root, DefaultNamespace)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.Stop())
			c = nil
		}
	}()
	return c, c.startEnv(&envtest.Environment{BinaryAssetsDirectory: assets, Scheme: c.Scheme})
}

// BuildSparkhook compiles ./cmd/sparkhook of root into the cluster's
// directory and returns the binary's path.
func (c *Cluster) BuildSparkhook(ctx context.Context, root string) (string, error) {
	return Build(ctx, root, c.dir)
}

// UserKubeconfig writes a kubeconfig that authenticates (by client
// certificate) as user in groups, and returns its path. Named
// system:serviceaccount:<namespace>:<name>, the user is that ServiceAccount
// as far as RBAC is concerned: what runs with this kubeconfig has exactly
// the rights deploy/ grants the ServiceAccount.
func (c *Cluster) UserKubeconfig(user string, groups ...string) (string, error) {
	u, err := c.Env.AddUser(envtest.User{Name: user, Groups: groups}, c.Config)
	if err != nil {
		return "", fmt.Errorf("adding user %s: %w", user, err)
	}
	data, err := u.KubeConfig()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(c.dir, "kubeconfig-user-")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// RunOptions configure RunSparkhook.
type RunOptions struct {
	// Binary is the sparkhook binary (BuildSparkhook).
	Binary string
	// Args are sparkhook's arguments, starting with "serve"; RunSparkhook
	// adds loopback metrics and probe addresses.
	Args []string
	// Name names the log file in the cluster's directory.
	Name string
}

// RunSparkhook starts sparkhook with o.Args and returns without waiting
// for readiness (Process.WaitReady). The caller stops it (Process.Stop);
// Cluster.Stop does not know it.
func (c *Cluster) RunSparkhook(o RunOptions) (*Process, error) {
	metricsPort, err := FreePort()
	if err != nil {
		return nil, err
	}
	probePort, err := FreePort()
	if err != nil {
		return nil, err
	}
	args := append(append([]string(nil), o.Args...),
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", metricsPort),
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", probePort))
	return StartProcess(o.Binary, args, filepath.Join(c.dir, o.Name+".log"),
		fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort), fmt.Sprintf("http://127.0.0.1:%d/readyz", probePort))
}

// StartProcess starts the sparkhook binary with args, its output in
// logPath, and returns without waiting. metricsURL and readyURL are where
// args have it serve metrics and readiness, or empty. It never runs as
// though inside a Pod: the cluster, if any, is the one args name.
func StartProcess(binary string, args []string, logPath, metricsURL, readyURL string) (*Process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	p := &Process{MetricsURL: metricsURL, ReadyURL: readyURL, LogFile: logPath, log: logFile, done: make(chan struct{})}
	// Not CommandContext: Stop ends the process.
	p.cmd = exec.Command(binary, args...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.Env = append(os.Environ(), "KUBERNETES_SERVICE_HOST=")
	// Its own process group, like envtest's etcd and kube-apiserver: a
	// Ctrl-C at the terminal reaches only the program that started it,
	// which then stops everything in order.
	p.cmd.SysProcAttr = ownProcessGroup()
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// WaitReadyWithin is WaitReady bounded by timeout.
func (p *Process) WaitReadyWithin(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return p.WaitReady(ctx)
}
