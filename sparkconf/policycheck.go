package sparkconf

// The checks of the platform's own policy (Policy) that run with the
// catalogue's, on each entry's value as Spark reads it.

// failPolicy is fail for a refusal of the platform's policy, which holds
// whatever release reads the file (softenBeyondCatalogue).
func (r *report) failPolicy(line int, key, format string, args ...any) {
	r.fail(line, key, format, args...)
	r.policyFailed = append(r.policyFailed, r.problems[len(r.problems)-1])
}

// checkBounds applies the policy's bounds to a parsed value.
func (r *report) checkBounds(e Entry, val value) {
	b, ok := r.policy.bounds[e.Key]
	if !ok {
		return
	}
	if b.max != nil && val.num > b.max.num {
		r.failPolicy(e.Line, e.Key, "%q is above the platform maximum %s (policy)", e.Value, b.maxRaw)
	}
	if b.min != nil && val.num < b.min.num {
		r.failPolicy(e.Line, e.Key, "%q is below the platform minimum %s (policy)", e.Value, b.minRaw)
	}
}

// checkAllowed applies the policy's allowed values, comparing values as
// Spark reads them when the key's type is known (k non-nil).
func (r *report) checkAllowed(e Entry, k *Key) {
	allowed, ok := r.policy.allowed[e.Key]
	if !ok {
		return
	}
	got := value{text: e.Value}
	if k != nil && !k.Seq {
		got, _ = parseValue(k, e.Value, r.version)
	}
	numeric := k != nil && !k.Seq && k.Type.numeric()
	for _, a := range allowed {
		if (numeric && a.num == got.num) || (!numeric && a.text == got.text) {
			return
		}
	}
	r.failPolicy(e.Line, e.Key, "%q is not among the values the platform allows (policy)", e.Value)
}
