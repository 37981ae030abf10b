package benchdata

import (
	"encoding/json"
	"fmt"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// reply is the part of an AdmissionReview reply a load generator checks on
// every request. The patch is not decoded there (encoding/json still reads
// it, to tell a malformed reply); CheckMutation, which runs once per
// webhook before any is measured, checks it.
type reply struct {
	Response *struct {
		UID     string `json:"uid"`
		Allowed bool   `json:"allowed"`
		Result  *struct {
			Message string `json:"message"`
		} `json:"status"`
	} `json:"response"`
}

// CheckReply reports a reply malformed, or not allowed, or for another
// request than uid.
func CheckReply(body []byte, uid string) error {
	var r reply
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("malformed reply: %w", err)
	}
	switch {
	case r.Response == nil:
		return fmt.Errorf("malformed reply: no response: %.200s", body)
	case r.Response.UID != uid:
		return fmt.Errorf("reply for request %q, want %q", r.Response.UID, uid)
	case !r.Response.Allowed:
		msg := ""
		if r.Response.Result != nil {
			msg = r.Response.Result.Message
		}
		return fmt.Errorf("not allowed: %s", msg)
	}
	return nil
}

// CheckMutation checks a reply in depth, once before it is measured: it is
// allowed, its patch applies to the Pod of review and yields a Pod that
// records wantApplied templates in sparkhook.io/applied (0: no patch at all).
// It returns the mutated Pod.
func CheckMutation(review, reply []byte, wantApplied int) (*corev1.Pod, error) {
	var ar admissionv1.AdmissionReview
	if err := json.Unmarshal(review, &ar); err != nil {
		return nil, err
	}
	if err := CheckReply(reply, string(ar.Request.UID)); err != nil {
		return nil, err
	}
	var r struct {
		Response struct {
			Patch []byte `json:"patch"`
		} `json:"response"`
	}
	if err := json.Unmarshal(reply, &r); err != nil {
		return nil, fmt.Errorf("malformed patch: %w", err)
	}
	if wantApplied == 0 {
		if len(r.Response.Patch) != 0 {
			return nil, fmt.Errorf("want no patch, got %s", r.Response.Patch)
		}
		return nil, nil
	}
	patch, err := jsonpatch.DecodePatch(r.Response.Patch)
	if err != nil {
		return nil, fmt.Errorf("malformed patch: %w", err)
	}
	mutated, err := patch.Apply(ar.Request.Object.Raw)
	if err != nil {
		return nil, fmt.Errorf("applying the patch: %w", err)
	}
	pod := &corev1.Pod{}
	if err := json.Unmarshal(mutated, pod); err != nil {
		return nil, fmt.Errorf("the patched Pod: %w", err)
	}
	applied := pod.Annotations[v1alpha1.AnnotationApplied]
	if got := len(strings.Split(applied, ",")); applied == "" || got != wantApplied {
		return nil, fmt.Errorf("%s: %q, want %d templates", v1alpha1.AnnotationApplied, applied, wantApplied)
	}
	return pod, nil
}
