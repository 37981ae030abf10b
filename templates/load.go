package templates

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// File is one template file's name and content.
type File struct {
	Name string
	Data []byte
}

// LoadFiles decodes and compiles every template of files, as file templates:
// cluster-wide, each template's Spark container chosen by one rule
// (sparkContainers), whatever the document's kind. It fails
// when any file or template is invalid, listing every problem, each naming
// the file, the template and the field, so that a bad change never replaces
// a good set halfway. Warnings name what was read but is not used.
func LoadFiles(files []File) ([]*Template, []string, error) {
	return LoadFilesWith(files, SecurityPolicy{})
}

// LoadFilesWith is LoadFiles under a security policy other than the
// strictest.
func LoadFilesWith(files []File, security SecurityPolicy) ([]*Template, []string, error) {
	var (
		out      []*Template
		warnings []string
		errs     []error
		seen     = map[string]string{}
	)
	for _, f := range files {
		docs, err := DecodeFile(f.Name, f.Data)
		if err != nil {
			errs = append(errs, err)
		}
		for _, d := range docs {
			t, w, err := compileDocument(f.Name, d, security)
			warnings = append(warnings, w...)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if prev, ok := seen[t.Name]; ok {
				errs = append(errs, fmt.Errorf("%s: template %q: metadata.name: Duplicate value: also defined in %s", f.Name, t.Name, prev))
				continue
			}
			seen[t.Name] = f.Name
			out = append(out, t)
		}
	}
	if len(errs) > 0 {
		return nil, warnings, errors.Join(errs...)
	}
	slices.SortFunc(out, compareTemplates)
	return out, warnings, nil
}

func compileDocument(file string, d Document, security SecurityPolicy) (*Template, []string, error) {
	prefix := fmt.Sprintf("%s: template %q: ", file, d.Template.Name)
	var warnings []string
	for _, w := range d.Warnings {
		warnings = append(warnings, prefix+w)
	}
	if d.Template.Namespace != "" {
		// A file template applies to every namespace its namespaceSelector
		// matches; say so rather than let metadata.namespace look like it
		// scoped the template (secretEnv in every namespace is a surprise).
		warnings = append(warnings, prefix+"metadata.namespace: ignored: templates from files apply to every namespace (a SparkPodTemplate's spec.namespaceSelector can narrow that)")
	}
	t, w, errs := Compile(d.Template, CompileOptions{Source: file, ClusterWide: true, Security: security})
	for _, s := range w {
		warnings = append(warnings, prefix+d.ownPath(s))
	}
	if len(errs) > 0 {
		joined := make([]error, len(errs))
		for i, e := range errs {
			e.Field = d.ownPath(e.Field)
			joined[i] = fmt.Errorf("%s%w", prefix, e)
		}
		return nil, warnings, errors.Join(joined...)
	}
	return t, warnings, nil
}

// ownPath rewrites the field path at the start of s, a path of the
// SparkPodTemplate the document was read as, into the document's own: in a
// Pod file, spec.template.spec.containers[0] is spec.containers[0], the
// field its author wrote.
func (d Document) ownPath(s string) string {
	if rest, ok := strings.CutPrefix(s, "spec.template."); ok && d.FromPod {
		return rest
	}
	return s
}
