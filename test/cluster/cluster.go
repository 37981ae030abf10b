// Package cluster runs sparkhook behind a real kube-apiserver on loopback:
// etcd and kube-apiserver through controller-runtime's envtest, with
// sparkhook's CRD and its webhook configurations exactly as deploy/ ships
// them (envtest swaps each service reference for a local URL and CA), and
// `sparkhook serve` as a subprocess watching that API server. The
// end-to-end tests and `make run` both use it.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// DefaultNamespace is sparkhook's own namespace, as deploy/ installs it.
const DefaultNamespace = "sparkhook-system"

// ErrNoBinaries says kube-apiserver or etcd is missing: build them with
// `make envtest-assets`.
var ErrNoBinaries = errors.New("kube-apiserver or etcd not found (build them with `make envtest-assets`, or set KUBEBUILDER_ASSETS)")

// Options configure Start. Only Root is required.
type Options struct {
	// Root is the repository's root directory, where deploy/ and bin/ are.
	Root string
	// Sparkhook is the sparkhook binary to run; empty builds ./cmd/sparkhook
	// into the cluster's temporary directory.
	Sparkhook string
	// ConfigFile is sparkhook's --config; empty for the defaults.
	ConfigFile string
	// Progress, when set, is told what is starting.
	Progress func(format string, args ...any)
}

// Cluster is a running control plane with sparkhook serving its webhooks.
type Cluster struct {
	// Config is an administrator's connection to the API server.
	Config *rest.Config
	// Kubeconfig is the path of a kubeconfig file for Config, for kubectl.
	Kubeconfig string
	// Namespace is sparkhook's own namespace.
	Namespace string
	// Scheme knows the core types and SparkPodTemplate.
	Scheme *runtime.Scheme
	// Sparkhook is the running `sparkhook serve`.
	Sparkhook *Process
	// Env is the envtest environment, with the installed webhook
	// configurations in Env.WebhookInstallOptions.
	Env *envtest.Environment

	dir string
}

// Assets returns the directory holding kube-apiserver and etcd:
// $KUBEBUILDER_ASSETS, else root/bin. It returns ErrNoBinaries when either
// binary is missing there.
func Assets(root string) (string, error) {
	dir := os.Getenv("KUBEBUILDER_ASSETS")
	if dir == "" {
		dir = filepath.Join(root, "bin")
	}
	for _, name := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return dir, fmt.Errorf("%w: %v", ErrNoBinaries, err)
		}
	}
	return dir, nil
}

// Start starts etcd, kube-apiserver (with the CRD and webhook
// configurations installed) and `sparkhook serve`, and returns once
// sparkhook reports ready. On error, whatever was started is stopped.
func Start(ctx context.Context, opts Options) (c *Cluster, err error) {
	progress := opts.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	c, root, assets, err := prepare(opts.Root, DefaultNamespace)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.Stop())
			c = nil
		}
	}()
	binary := opts.Sparkhook
	if binary == "" {
		progress("building sparkhook")
		if binary, err = c.BuildSparkhook(ctx, root); err != nil {
			return c, err
		}
	}
	progress("starting etcd and kube-apiserver (%s)", assets)
	err = c.startEnv(&envtest.Environment{
		BinaryAssetsDirectory: assets,
		CRDDirectoryPaths:     []string{filepath.Join(root, "deploy", "crd")},
		ErrorIfCRDPathMissing: true,
		Scheme:                c.Scheme,
		WebhookInstallOptions: envtest.WebhookInstallOptions{
			Paths:            []string{filepath.Join(root, "deploy", "base", "webhooks.yaml")},
			LocalServingHost: "127.0.0.1",
		},
	})
	if err != nil {
		return c, err
	}
	if err := c.createNamespace(ctx, DefaultNamespace); err != nil {
		return c, err
	}
	progress("starting sparkhook serve")
	if c.Sparkhook, err = c.RunSparkhook(RunOptions{Binary: binary, Args: c.serveArgs(opts), Name: "sparkhook"}); err != nil {
		return c, err
	}
	return c, c.Sparkhook.WaitReadyWithin(ctx, time.Minute)
}

// serveArgs are the arguments of the `sparkhook serve` Start runs against
// the control plane, at the URL the webhook configurations call.
func (c *Cluster) serveArgs(opts Options) []string {
	serving := c.Env.WebhookInstallOptions
	args := []string{"serve",
		"--kubeconfig", c.Kubeconfig,
		"--cert-dir", serving.LocalServingCertDir,
		"--host", serving.LocalServingHost,
		"--port", strconv.Itoa(serving.LocalServingPort),
		"--namespace", DefaultNamespace,
		"--zap-devel",
		// No endpoints controller or kube-proxy to wait for: the API server
		// calls sparkhook at a fixed loopback URL.
		"--shutdown-delay=0",
	}
	if opts.ConfigFile != "" {
		args = append(args, "--config", opts.ConfigFile)
	}
	return args
}

// prepare makes an empty Cluster for the repository at root: its scheme
// and temporary directory. It returns root made absolute and the directory
// of kube-apiserver and etcd.
func prepare(root, namespace string) (c *Cluster, absRoot, assets string, err error) {
	if absRoot, err = filepath.Abs(root); err != nil {
		return nil, "", "", err
	}
	if assets, err = Assets(absRoot); err != nil {
		return nil, "", "", err
	}
	scheme := runtime.NewScheme()
	if err := errors.Join(clientgoscheme.AddToScheme(scheme), v1alpha1.AddToScheme(scheme)); err != nil {
		return nil, "", "", err
	}
	c = &Cluster{Namespace: namespace, Scheme: scheme}
	if c.dir, err = os.MkdirTemp("", "sparkhook-cluster-"); err != nil {
		return nil, "", "", err
	}
	return c, absRoot, assets, nil
}

// startEnv starts etcd and kube-apiserver as env says and writes an
// administrator's kubeconfig for them.
func (c *Cluster) startEnv(env *envtest.Environment) error {
	c.Env = env
	var err error
	if c.Config, err = env.Start(); err != nil {
		return fmt.Errorf("starting the control plane: %w", err)
	}
	c.Config.QPS, c.Config.Burst = 100, 200
	c.Kubeconfig = filepath.Join(c.dir, "kubeconfig")
	return os.WriteFile(c.Kubeconfig, env.KubeConfig, 0o600)
}

// Dir is the cluster's temporary directory, removed by Stop.
func (c *Cluster) Dir() string { return c.dir }

// Stop stops sparkhook, then kube-apiserver and etcd, and removes the
// temporary files. It is safe on a partly started cluster.
func (c *Cluster) Stop() error {
	var errs []error
	if c.Sparkhook != nil {
		errs = append(errs, c.Sparkhook.Stop(10*time.Second))
	}
	if c.Env != nil {
		errs = append(errs, c.Env.Stop())
	}
	if c.dir != "" {
		errs = append(errs, os.RemoveAll(c.dir))
	}
	return errors.Join(errs...)
}

func (c *Cluster) createNamespace(ctx context.Context, name string) error {
	cs, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return err
	}
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}
