package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/templates"
)

// PathMutatePod is where the Pod mutating webhook is served, in
// controller-runtime's naming (/mutate-<group>-<version>-<kind>, core group
// empty).
const PathMutatePod = "/mutate--v1-pod"

// PodHandler is the mutating admission handler for Pods: Spark drivers and
// executors are mutated, every other Pod is allowed untouched.
type PodHandler struct {
	// Mutator decides what changes.
	Mutator *PodMutator
	// Decoder decodes the Pod from the request.
	Decoder admission.Decoder
	// Metrics, when set, counts every answer.
	Metrics *Metrics
}

// AuditTemplatesApplied is the audit annotation recording the templates
// merged into a Pod; the API server prefixes it with the webhook's name
// (pods.sparkhook.io/templates-applied).
const AuditTemplatesApplied = "templates-applied"

var _ admission.Handler = &PodHandler{}

// podLabels is the least of a Pod that tells whether it is a Spark Pod.
type podLabels struct {
	Metadata struct {
		Labels map[string]string `json:"labels"`
	} `json:"metadata"`
}

// Handle answers one admission request. Only CREATE of the Pod itself is
// mutated: Spark creates its Pods once, and a Pod's spec is immutable after.
// A non-Spark Pod costs a read of its labels and nothing else.
func (h *PodHandler) Handle(ctx context.Context, req admission.Request) admission.Response {
	if req.Operation != admissionv1.Create || req.SubResource != "" {
		return admission.Allowed("")
	}
	var meta podLabels
	if err := json.Unmarshal(req.Object.Raw, &meta); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	role, ok := templates.RoleFromLabels(meta.Metadata.Labels)
	if !ok {
		return admission.Allowed("not a Spark pod")
	}
	pod := &corev1.Pod{}
	if err := h.Decoder.Decode(req, pod); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	namespace := req.Namespace
	if namespace == "" {
		namespace = pod.Namespace
	}
	result, err := h.Mutator.Mutate(ctx, pod, role, namespace)
	resp := h.respond(req, pod, result, err)
	h.Metrics.PodAdmitted(role, resp, result)
	return resp
}

// respond turns a mutation into the admission response: a denial for an
// Enforce template that cannot be applied, else the patch.
func (h *PodHandler) respond(req admission.Request, pod *corev1.Pod, result Mutation, err error) admission.Response {
	var mergeErr *templates.MergeError
	switch {
	case errors.As(err, &mergeErr):
		return admission.Denied(mergeErr.Error()).WithWarnings(result.Warnings...)
	case err != nil:
		return admission.Errored(http.StatusInternalServerError, err)
	}
	mutated, err := json.Marshal(pod)
	if err != nil {
		return admission.Errored(http.StatusInternalServerError, err)
	}
	resp := admission.PatchResponseFromRaw(req.Object.Raw, mutated).WithWarnings(result.Warnings...)
	if len(result.Applied) > 0 {
		resp.AuditAnnotations = map[string]string{AuditTemplatesApplied: strings.Join(result.Applied, ",")}
	}
	return resp
}
