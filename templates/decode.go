package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// Document is one template read from a file, before it is compiled.
type Document struct {
	// Template is the template, converted from a plain Pod if need be.
	Template *v1alpha1.SparkPodTemplate
	// FromPod says the document was a plain Pod: a Spark podTemplateFile as
	// it is. Its Spark container is chosen as a SparkPodTemplate's is.
	FromPod bool
	// Warnings are what was read but ignored, or read as Spark reads it
	// (decodeLikeSpark).
	Warnings []string
}

// typeMeta reads a document's kind the way Spark's fabric8 client tolerates
// it: Spark's own test template says "Kind: Pod".
type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// DecodeFile reads the documents of one file: YAML (one or more documents)
// or JSON, each a SparkPodTemplate or a plain Pod. name is the file's path,
// used in messages and to name unnamed Pods. It returns the documents it
// could read and an error listing every one it could not: a bad document
// does not hide the problems of the next (only a syntax error, after which
// the stream cannot be read on, ends the file).
func DecodeFile(name string, data []byte) ([]Document, error) {
	reader := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var (
		docs []Document
		errs []error
	)
	for i := 0; ; i++ {
		var raw runtime.RawExtension
		err := reader.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return docs, errors.Join(errs...)
		}
		if err != nil {
			return docs, errors.Join(append(errs, fmt.Errorf("%s: document %d: %w", name, i+1, err))...)
		}
		if len(bytes.TrimSpace(raw.Raw)) == 0 || string(raw.Raw) == "null" {
			continue
		}
		doc, err := decodeDocument(name, raw.Raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: document %d: %w", name, i+1, err))
			continue
		}
		docs = append(docs, doc)
	}
}

func decodeDocument(name string, data []byte) (Document, error) {
	var tm typeMeta
	if err := yaml.Unmarshal(data, &tm); err != nil {
		return Document{}, err
	}
	switch {
	case tm.Kind == v1alpha1.Kind:
		if tm.APIVersion != v1alpha1.GroupVersion.String() {
			return Document{}, fmt.Errorf("apiVersion %q: a SparkPodTemplate is %s", tm.APIVersion, v1alpha1.GroupVersion)
		}
		obj := &v1alpha1.SparkPodTemplate{}
		strict, warnings, err := decodeLikeSpark(data, obj, nil)
		if err != nil {
			return Document{}, err
		}
		if len(strict) > 0 {
			return Document{}, errors.Join(strict...)
		}
		return Document{Template: obj, Warnings: warnings}, nil
	case tm.Kind == "Pod" || tm.Kind == "":
		// A document without a kind is read as a Pod, as Spark reads a
		// podTemplateFile; but one of another apiVersion is most likely a
		// SparkPodTemplate that lost its kind, and reading it as a Pod would
		// register a template that does nothing.
		if tm.APIVersion != "" && tm.APIVersion != "v1" {
			return Document{}, fmt.Errorf("apiVersion %q, kind %q: a template file holds SparkPodTemplates (%s) and Pods (v1)", tm.APIVersion, tm.Kind, v1alpha1.GroupVersion)
		}
		return podDocument(name, data)
	}
	return Document{}, fmt.Errorf("kind %q: a template file holds SparkPodTemplates and Pods", tm.Kind)
}
