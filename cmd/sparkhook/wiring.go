package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/deploy/examples"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
)

// newScheme knows the core types and sparkhook's own.
func newScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		return nil, err
	}
	// cert-manager's Certificate, which the cert-manager mode reads.
	if err := errors.Join(v1alpha1.AddToScheme(s), cmapi.AddToScheme(s)); err != nil {
		return nil, err
	}
	return s, nil
}

// loadConfig reads --config; with no file, the documented defaults apply.
func loadConfig(path string) (config.Config, error) {
	if path == "" {
		return config.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return config.Config{}, fmt.Errorf("reading --config: %w", err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return config.Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// exampleTemplates are the embedded example templates, used when neither
// --templates nor a cluster gives any.
func exampleTemplates() ([]templates.File, error) {
	var files []templates.File
	err := fs.WalkDir(examples.Templates, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := examples.Templates.ReadFile(path)
		files = append(files, templates.File{Name: "(embedded) " + path, Data: data})
		return err
	})
	return files, err
}
