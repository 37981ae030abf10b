package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
)

// ExamplesDir is where the example templates are, from the repository root.
const ExamplesDir = "deploy/examples/templates"

// ReadTemplates reads every template file of dir (YAML or JSON, one or more
// documents, SparkPodTemplates or plain Pods) with templates.DecodeFile, as
// SparkPodTemplate objects in namespace. A plain Pod file and the
// SparkPodTemplate made of it choose their Spark container by one rule, so
// converting one into the other keeps its meaning.
func ReadTemplates(dir, namespace string) ([]*v1alpha1.SparkPodTemplate, error) {
	files, _, err := source.ReadTemplateDir(dir)
	if err != nil {
		return nil, err
	}
	var out []*v1alpha1.SparkPodTemplate
	for _, f := range files {
		docs, err := templates.DecodeFile(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			t := d.Template.DeepCopy()
			t.Namespace = namespace
			out = append(out, t)
		}
	}
	return out, nil
}

// createTemplates creates each template.
func createTemplates(ctx context.Context, c client.Client, ts []*v1alpha1.SparkPodTemplate) error {
	for _, t := range ts {
		if err := c.Create(ctx, t.DeepCopy()); err != nil {
			return fmt.Errorf("SparkPodTemplate %s/%s: %w", t.Namespace, t.Name, err)
		}
	}
	return nil
}

// InstallExamples registers the example templates (deploy/examples/templates)
// as SparkPodTemplates in sparkhook's own namespace, and waits until
// sparkhook has loaded at least that many cluster templates.
func (c *Cluster) InstallExamples(ctx context.Context, root string) ([]*v1alpha1.SparkPodTemplate, error) {
	ts, err := ReadTemplates(filepath.Join(root, ExamplesDir), c.Namespace)
	if err != nil {
		return nil, err
	}
	cl, err := c.Client()
	if err != nil {
		return nil, err
	}
	if err := createTemplates(ctx, cl, ts); err != nil {
		return nil, err
	}
	return ts, c.WaitForClusterTemplates(ctx, len(ts), time.Minute)
}

// WaitForClusterTemplates polls sparkhook's metrics until it has compiled at
// least n SparkPodTemplates, or timeout passes.
func (c *Cluster) WaitForClusterTemplates(ctx context.Context, n int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		got, err := c.Sparkhook.ClusterTemplates(ctx)
		if err == nil && got >= float64(n) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("sparkhook loaded %v cluster templates (%v), want %d: %w", got, err, n, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Client is a controller-runtime client for the cluster, knowing
// SparkPodTemplates.
func (c *Cluster) Client() (client.Client, error) {
	return client.New(c.Config, client.Options{Scheme: c.Scheme})
}

// Root finds the repository root from the working directory: the nearest
// directory upwards holding go.mod and deploy/crd.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no sparkhook repository (go.mod and deploy/crd) above the working directory")
		}
		dir = parent
	}
}

func isRoot(dir string) bool {
	for _, p := range []string{"go.mod", filepath.Join("deploy", "crd")} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	return true
}
