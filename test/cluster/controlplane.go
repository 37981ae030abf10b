package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// StartControlPlane starts etcd and kube-apiserver only: no CRD, no webhook
// configuration, no sparkhook. It is for tests that install sparkhook the
// way deploy/ does (kubectl apply -k) and run `sparkhook serve` themselves
// (RunSparkhook), such as the certificate tests, where nothing but
// sparkhook may write the CA bundle. Stop stops it.
func StartControlPlane(ctx context.Context, root string) (c *Cluster, err error) {
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	assets, err := Assets(root)
	if err != nil {
		return nil, err
	}
	scheme := runtime.NewScheme()
	if err := errors.Join(clientgoscheme.AddToScheme(scheme), v1alpha1.AddToScheme(scheme)); err != nil {
		return nil, err
	}
	c = &Cluster{Namespace: DefaultNamespace, Scheme: scheme}
	if c.dir, err = os.MkdirTemp("", "sparkhook-cluster-"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.Stop())
			c = nil
		}
	}()
	c.Env = &envtest.Environment{BinaryAssetsDirectory: assets, Scheme: scheme}
	if c.Config, err = c.Env.Start(); err != nil {
		return c, fmt.Errorf("starting the control plane: %w", err)
	}
	c.Config.QPS, c.Config.Burst = 100, 200
	c.Kubeconfig = filepath.Join(c.dir, "kubeconfig")
	return c, os.WriteFile(c.Kubeconfig, c.Env.KubeConfig, 0o600)
}

// BuildSparkhook compiles ./cmd/sparkhook of root into the cluster's
// directory and returns the binary's path.
func (c *Cluster) BuildSparkhook(ctx context.Context, root string) (string, error) {
	return build(ctx, root, c.dir)
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
	// Log, when set, also receives sparkhook's log lines.
	Log io.Writer
}

// RunSparkhook starts sparkhook with o.Args and returns without waiting
// for readiness (Process.WaitReady). The caller stops it (Process.Stop);
// Cluster.Stop does not know it.
func (c *Cluster) RunSparkhook(o RunOptions) (*Process, error) {
	metricsPort, err := freePort()
	if err != nil {
		return nil, err
	}
	probePort, err := freePort()
	if err != nil {
		return nil, err
	}
	args := append(append([]string(nil), o.Args...),
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", metricsPort),
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", probePort))
	logPath := filepath.Join(c.dir, o.Name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	p := &Process{
		MetricsURL: fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort),
		ReadyURL:   fmt.Sprintf("http://127.0.0.1:%d/readyz", probePort),
		LogFile:    logPath,
		log:        logFile,
		done:       make(chan struct{}),
	}
	p.cmd = exec.Command(o.Binary, args...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if o.Log != nil {
		w := io.MultiWriter(logFile, o.Log)
		p.cmd.Stdout, p.cmd.Stderr = w, w
	}
	p.cmd.SysProcAttr = ownProcessGroup()
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", o.Binary, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Exited reports whether the process has exited, and how.
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// WaitReadyWithin is WaitReady bounded by timeout.
func (p *Process) WaitReadyWithin(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return p.WaitReady(ctx)
}
