package main

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sparkhook/sparkhook/templates"
)

// checkTemplate loads one template document exactly as `sparkhook serve`
// loads a template file, reporting every error and warning at the
// document's first line, each naming its field.
func checkTemplate(env *validateEnv, file string, doc *yaml.Node) []finding {
	data, err := yaml.Marshal(doc)
	if err != nil {
		return []finding{{line: doc.Line, message: fmt.Sprintf("re-encoding the document: %v", err)}}
	}
	_, warnings, err := templates.LoadFilesWith([]templates.File{{Name: file, Data: data}}, env.config.Security)
	var out []finding
	for _, w := range warnings {
		out = append(out, finding{line: doc.Line, warning: true, message: strings.TrimPrefix(w, file+": ")})
	}
	for _, e := range unjoin(err) {
		out = append(out, finding{line: doc.Line, message: strings.TrimPrefix(e.Error(), file+": ")})
	}
	return out
}

// unjoin lists the errors errors.Join joined, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
