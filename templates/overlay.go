package templates

import (
	"encoding/json"
	"fmt"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"k8s.io/apimachinery/pkg/api/equality"
)

// covers reports whether actual already holds every value that tmpl sets.
// It is how sparkhook tells "already applied" from "a conflict" without
// being fooled by the defaults the API server fills in after a template was
// merged (a re-invoked or replayed Pod carries terminationMessagePath,
// fieldRef.apiVersion, … that the template never wrote).
func covers[T any](tmpl, actual *T) bool {
	if equality.Semantic.DeepEqual(tmpl, actual) {
		return true
	}
	merged, err := overlay(actual, tmpl)
	return err == nil && equality.Semantic.DeepEqual(merged, actual)
}

// overlay returns a copy of actual with every field tmpl sets replaced by
// tmpl's value: a JSON merge patch (RFC 7386) of tmpl onto actual. covers
// compares it with actual; it is never merged into a Pod, where it could
// join the two sides of a one-of field.
func overlay[T any](actual, tmpl *T) (*T, error) {
	doc, err := json.Marshal(actual)
	if err != nil {
		return nil, fmt.Errorf("marshalling the Pod's value: %w", err)
	}
	patch, err := json.Marshal(tmpl)
	if err != nil {
		return nil, fmt.Errorf("marshalling the template's value: %w", err)
	}
	merged, err := jsonpatch.MergePatch(doc, patch)
	if err != nil {
		return nil, fmt.Errorf("overlaying the template's value: %w", err)
	}
	out := new(T)
	if err := json.Unmarshal(merged, out); err != nil {
		return nil, fmt.Errorf("decoding the overlaid value: %w", err)
	}
	return out, nil
}
