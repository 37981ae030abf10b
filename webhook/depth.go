package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// MaxReviewDepth is how deeply an AdmissionReview's JSON may nest before
// LimitDepth cuts it short. No Kubernetes schema comes near it (a Pod
// template's deepest fields, within a review, are about 20 levels down);
// it stays well under the 10,000 levels at which the JSON decoder of
// controller-runtime (sigs.k8s.io/json, as encoding/json) gives up.
const MaxReviewDepth = 1000

// maxReviewBytes is what controller-runtime reads of a review at most
// (admission's maxRequestSize, 7 MiB); it answers a larger one itself.
const maxReviewBytes = 7 << 20

// tooDeepKey marks in a request's context how deeply the review nested
// before LimitDepth cut it short.
type tooDeepKey struct{}

// LimitDepth wraps the http.Handler of an admission.Webhook whose objects
// can nest without bound — a SparkPodTemplate, whose spec.template the CRD
// leaves schemaless — so that a review nested too deeply is still answered
// with its uid. controller-runtime decodes the whole AdmissionReview
// before it knows the uid (Webhook.ServeHTTP); when that fails, as it does
// past 10,000 levels, it answers without uid, apiVersion or kind, which
// the API server counts as a failed call (a 500 to the client). Rather than
// decode reviews itself, LimitDepth replaces every value nested deeper than
// MaxReviewDepth with null, so that controller-runtime decodes the rest —
// the uid, kind and name — and marks the context, so that RequireRequest
// refuses the object with a 400 naming the depth. Pods and ConfigMaps need
// none of this: the API server decodes them into their typed schema and
// encodes them again for the review, which bounds their depth.
func LimitDepth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxReviewBytes+1))
		if err != nil || len(body) > maxReviewBytes {
			// controller-runtime answers both: give it the body as it was.
			r.Body = readCloser{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
			next.ServeHTTP(w, r)
			return
		}
		if depth := nestingDepth(body); depth > MaxReviewDepth {
			body = cutDeeperThan(body, MaxReviewDepth)
			r = r.WithContext(context.WithValue(r.Context(), tooDeepKey{}, depth))
		}
		r.Body = readCloser{bytes.NewReader(body), r.Body}
		next.ServeHTTP(w, r)
	})
}

// readCloser reads from one reader and closes the request's body.
type readCloser struct {
	io.Reader
	io.Closer
}

// tooDeep refuses an object LimitDepth cut short.
func tooDeep(ctx context.Context) *field.Error {
	depth, ok := ctx.Value(tooDeepKey{}).(int)
	if !ok {
		return nil
	}
	return field.Invalid(pathRequestObject, field.OmitValueType{},
		fmt.Sprintf("nested %d levels deep in the AdmissionReview; sparkhook reads at most %d levels, and no Kubernetes object needs more than a few dozen", depth, MaxReviewDepth))
}

// nestingDepth is how deeply the objects and arrays of JSON data nest. A
// document with no more brackets than MaxReviewDepth cannot nest deeper,
// which two counts (vectorised in the runtime) tell without a scan.
func nestingDepth(data []byte) int {
	if n := bytes.Count(data, []byte{'{'}) + bytes.Count(data, []byte{'['}); n <= MaxReviewDepth {
		return n
	}
	depth, deepest := 0, 0
	scanJSON(data, func(i int, c byte) {
		if c == '{' || c == '[' {
			depth++
			deepest = max(deepest, depth)
		} else {
			depth--
		}
	})
	return deepest
}

// cutDeeperThan returns data with every object or array that opens at a
// depth beyond limit replaced by null.
func cutDeeperThan(data []byte, limit int) []byte {
	out := make([]byte, 0, len(data))
	depth, copied, skipFrom := 0, 0, -1
	scanJSON(data, func(i int, c byte) {
		if c == '{' || c == '[' {
			if depth++; depth == limit+1 {
				out = append(append(out, data[copied:i]...), "null"...)
				skipFrom = i
			}
			return
		}
		if depth--; depth == limit && skipFrom >= 0 {
			copied, skipFrom = i+1, -1
		}
	})
	if skipFrom < 0 {
		out = append(out, data[copied:]...)
	}
	return out
}

// scanJSON calls f with the position of every bracket of data outside its
// strings. Malformed JSON is scanned as
// well as it goes: the decoder refuses it afterwards.
func scanJSON(data []byte, f func(i int, c byte)) {
	inString, escaped := false, false
	for i, c := range data {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[' || c == '}' || c == ']':
			f(i, c)
		}
	}
}
