// Command localcluster is `make run`: a local Kubernetes control plane with
// sparkhook serving its webhooks, no cluster needed. It starts etcd,
// kube-apiserver and `sparkhook serve` on loopback (package test/cluster),
// installs the SparkPodTemplate CRD and the webhook configurations of
// deploy/, registers the example templates in sparkhook's namespace,
// creates a Spark driver and executor in namespace spark and prints them as
// the API server stored them, prints the line to point kubectl at it, and
// serves until interrupted. Then it stops every process it started and
// removes its temporary files.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// Sample Spark Pods, from the repository root: a Spark 3.5 driver and one
// of its executors, exactly as spark-submit and the driver create them.
const (
	sampleDriver   = "test/testdata/pods/spark-3.5-driver.yaml"
	sampleExecutor = "test/testdata/pods/spark-3.5-executor.yaml"
)

func main() {
	sparkhook := flag.String("sparkhook", "bin/sparkhook", "the sparkhook binary to serve with")
	config := flag.String("config", "deploy/examples/config.yaml", "sparkhook's --config")
	namespace := flag.String("namespace", "spark", "namespace of the sample Spark Pods")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *sparkhook, *config, *namespace); err != nil {
		fmt.Fprintf(os.Stderr, "localcluster: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, sparkhook, config, namespace string) (err error) {
	root, err := cluster.Root()
	if err != nil {
		return err
	}
	start := time.Now()
	c, err := cluster.Start(ctx, cluster.Options{
		Root:       root,
		Sparkhook:  absPath(sparkhook),
		ConfigFile: absPath(config),
		Progress:   func(format string, args ...any) { fmt.Printf("==> "+format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	defer func() {
		fmt.Println("==> stopping sparkhook, kube-apiserver and etcd")
		if stopErr := c.Stop(); stopErr != nil && err == nil {
			err = stopErr
		}
		fmt.Printf("==> stopped; removed %s\n", c.Dir())
	}()
	fmt.Printf("==> sparkhook is ready (%s); its log: %s\n", time.Since(start).Round(100*time.Millisecond), c.Sparkhook.LogFile)
	ts, err := c.InstallExamples(ctx, root)
	if err != nil {
		return err
	}
	fmt.Printf("==> registered %d example templates (%s) as SparkPodTemplates:\n", len(ts), cluster.ExamplesDir)
	for _, t := range ts {
		fmt.Printf("    %s/%s\n", t.Namespace, t.Name)
	}
	driver, err := createSamples(ctx, c, root, namespace)
	if err != nil {
		return err
	}
	fmt.Printf(`
sparkhook is serving behind a local kube-apiserver. In another terminal:

export KUBECONFIG=%s
kubectl get sparkpodtemplates -A
kubectl get pods -n %s
kubectl get pod -n %s %s -o jsonpath='{.metadata.annotations}'

Press Ctrl-C to stop everything and remove %s.
`, c.Kubeconfig, namespace, namespace, driver, c.Dir())
	select {
	case <-ctx.Done():
		fmt.Println()
		return nil
	case <-c.Sparkhook.Done():
		return fmt.Errorf("sparkhook serve exited; its log ends:\n%s", c.Sparkhook.LogTail(40))
	}
}

// createSamples creates the sample driver, then its executor (owned by the
// driver, as Spark makes it), in namespace, and prints each as stored with
// the warnings the API server sent. It returns the driver's name.
func createSamples(ctx context.Context, c *cluster.Cluster, root, namespace string) (string, error) {
	warnings := &warningPrinter{w: os.Stdout}
	cfg := rest.CopyConfig(c.Config)
	cfg.WarningHandler = warnings
	cl, err := client.New(cfg, client.Options{Scheme: c.Scheme})
	if err != nil {
		return "", err
	}
	if err := cl.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}); err != nil {
		return "", fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	var driver *corev1.Pod
	for _, file := range []string{sampleDriver, sampleExecutor} {
		pod, err := benchdata.ReadPod(filepath.Join(root, file))
		if err != nil {
			return "", err
		}
		pod.Namespace = namespace
		if driver != nil && len(pod.OwnerReferences) > 0 {
			pod.OwnerReferences[0].Name, pod.OwnerReferences[0].UID = driver.Name, driver.UID
		}
		fmt.Printf("\n==> kubectl create -f %s (namespace %s): the Pod as the API server stored it\n", file, namespace)
		if err := cl.Create(ctx, pod); err != nil {
			return "", fmt.Errorf("creating %s: %w", file, err)
		}
		if err := printStored(os.Stdout, pod); err != nil {
			return "", err
		}
		if driver == nil {
			driver = pod
		}
	}
	return driver.Name, nil
}

// printStored prints pod as YAML, without its managed fields.
func printStored(w io.Writer, pod *corev1.Pod) error {
	p := pod.DeepCopy()
	p.ManagedFields = nil
	p.APIVersion, p.Kind = "v1", "Pod"
	out, err := yaml.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// warningPrinter prints API server warnings as kubectl does.
type warningPrinter struct{ w io.Writer }

// HandleWarningHeader implements rest.WarningHandler.
func (p *warningPrinter) HandleWarningHeader(_ int, _ string, text string) {
	fmt.Fprintf(p.w, "Warning: %s\n", text)
}

// absPath makes path absolute, so that it stays right whatever directory
// the processes run in.
func absPath(path string) string {
	if path == "" {
		return path
	}
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return path
}
