package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	yaml "go.yaml.in/yaml/v3"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// documentCheck checks one YAML document of a kind; doc is the document's
// root mapping, whose nodes carry their lines in the file.
type documentCheck func(env *validateEnv, file string, doc *yaml.Node) []finding

// documentCheckOf returns the check of a kind of YAML document: ConfigMaps
// for their spark.properties, and SparkPodTemplates and plain Pods (Spark
// podTemplateFiles) as the template registry loads them.
func documentCheckOf(kind string) (documentCheck, bool) {
	switch kind {
	case "ConfigMap":
		return checkConfigMap, true
	case v1alpha1.Kind, "Pod":
		return checkTemplate, true
	}
	return nil, false
}

// validateYAML checks every document of a YAML or JSON file.
func validateYAML(env *validateEnv, file string, data []byte) ([]finding, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []finding
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("reading YAML: %w", err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		out = append(out, checkDocument(env, file, doc.Content[0])...)
	}
}

// checkDocument dispatches a document to the check of its kind.
func checkDocument(env *validateEnv, file string, doc *yaml.Node) []finding {
	kind := mapValue(doc, "kind")
	if kind == nil {
		// Spark's own test templates say "Kind: Pod", which Spark's
		// fabric8 client accepts; so does the template loader.
		kind = mapValue(doc, "Kind")
	}
	if kind == nil {
		return []finding{{line: doc.Line, warning: true, message: "not checked: the document has no kind"}}
	}
	if kind.Value == "List" {
		return checkList(env, file, doc)
	}
	check, ok := documentCheckOf(kind.Value)
	if !ok {
		return []finding{{line: kind.Line, warning: true, message: fmt.Sprintf("not checked: sparkhook validate does not check kind %s", kind.Value)}}
	}
	return check(env, file, doc)
}

// checkList checks the items of a List, as `kubectl get -o yaml` prints
// several objects.
func checkList(env *validateEnv, file string, doc *yaml.Node) []finding {
	var out []finding
	if items := mapValue(doc, "items"); items != nil && items.Kind == yaml.SequenceNode {
		for _, item := range items.Content {
			if item.Kind == yaml.MappingNode {
				out = append(out, checkDocument(env, file, item)...)
			}
		}
	}
	return out
}

// mapValue returns the value of key in a YAML mapping, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
