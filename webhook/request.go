package webhook

import (
	"context"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// Field paths of an AdmissionReview that malformed requests are refused at.
var (
	pathRequestUID    = field.NewPath("request", "uid")
	pathRequestKind   = field.NewPath("request", "kind")
	pathRequestObject = field.NewPath("request", "object")
)

// RequireRequest answers 400 to a review the API server never sends: one
// without a request, or whose request has no uid. controller-runtime
// decodes a review that lacks `request` into an empty request, which a
// handler would otherwise take for an operation it ignores and allow; and
// the API server matches an answer to its request by uid, so an answer to
// a request without one is lost. It also refuses, with the uid, an object
// LimitDepth cut short. The validating webhooks are wrapped in it;
// PodHandler makes the same check itself, so that its metrics count it.
func RequireRequest(h admission.Handler) admission.Handler {
	return admission.HandlerFunc(func(ctx context.Context, req admission.Request) admission.Response {
		if err := missingUID(req); err != nil {
			return admission.Errored(http.StatusBadRequest, err)
		}
		if err := tooDeep(ctx); err != nil {
			return admission.Errored(http.StatusBadRequest, err)
		}
		return h.Handle(ctx, req)
	})
}

// missingUID refuses a request without a uid (see RequireRequest).
func missingUID(req admission.Request) *field.Error {
	if req.UID == "" {
		return field.Required(pathRequestUID, "an AdmissionReview needs a request with a uid")
	}
	return nil
}

// checkPodKind refuses, in a CREATE, a request for another kind, which
// the Pod webhook's configuration never sends.
func checkPodKind(req admission.Request) *field.Error {
	if k := req.Kind; k.Group != "" || k.Kind != "Pod" {
		return field.NotSupported(pathRequestKind, k.String(), []string{"/v1, Kind=Pod"})
	}
	return nil
}

// checkUTF8 refuses an object that is not valid UTF-8 — which JSON forbids
// (RFC 8259 §8.1), the API server never encodes, and encoding/json would
// turn into U+FFFD without a word. Only an object about to be decoded and
// patched is checked: one allowed untouched is never read.
func checkUTF8(req admission.Request) *field.Error {
	if !utf8.Valid(req.Object.Raw) {
		return field.Invalid(pathRequestObject, "", "the object is not valid UTF-8")
	}
	return nil
}

// maxReviewTimeout bounds the deadline RequestDeadline sets: 30 s is the
// most a webhook's timeoutSeconds may be (admissionregistration/v1), so no
// API server waits longer for an answer.
const maxReviewTimeout = 30 * time.Second

// RequestDeadline is admission.Webhook's WithContextFunc for every
// sparkhook webhook: the review's context ends when the API server stops
// waiting for the answer. The API server sends each webhook call with
// `?timeout=` set to the webhook's timeoutSeconds (client-go's
// Request.Timeout, as its webhook client calls it) and gives up then, but
// it may keep the connection open, so the request's own context would go
// on; work past that point is wasted, since the API server has already
// applied the failurePolicy. Without a usable timeout, the deadline is
// maxReviewTimeout.
func RequestDeadline(ctx context.Context, r *http.Request) context.Context {
	d := reviewTimeout(r.URL.Query().Get("timeout"))
	ctx, cancel := context.WithTimeoutCause(ctx, d, fmt.Errorf("%w: the API server stops waiting for this review after %s", context.DeadlineExceeded, d))
	// Released with the request's context, which net/http cancels when
	// ServeHTTP returns: that stops this context's timer too.
	_ = cancel
	return ctx
}

// reviewTimeout reads the API server's timeout parameter ("5s"), bounded
// by maxReviewTimeout.
func reviewTimeout(param string) time.Duration {
	d, err := time.ParseDuration(param)
	if err != nil || d <= 0 || d > maxReviewTimeout {
		return maxReviewTimeout
	}
	return d
}
