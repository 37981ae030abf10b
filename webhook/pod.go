package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/webhook/patch"
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

// NewPodHandler is the Pod handler as sparkhook serves it, over registry
// and cfg, with the one-pass decoder; metrics may be nil. `sparkhook serve`
// registers it wrapped in EncodePatches, as the benchmarks and the load run
// do; `sparkhook mutate` applies its patch.
func NewPodHandler(scheme *runtime.Scheme, registry *templates.Registry, cfg config.Config, metrics *Metrics) *PodHandler {
	return &PodHandler{
		Mutator: &PodMutator{Templates: registry, Config: cfg},
		Decoder: NewDecoder(scheme),
		Metrics: metrics,
	}
}

// sparkRoleKey is how the spark-role label's key appears in a Pod's JSON.
var sparkRoleKey = []byte(`"` + templates.LabelSparkRole + `"`)

// mayBeSpark tells from a Pod's JSON, without decoding it, whether it can be
// a Spark Pod: only a Pod whose JSON holds the key "spark-role" can, unless
// the JSON writes strings with \u escapes, which the API server's encoder
// does for none of the characters of that key but which this does not
// assume. Non-Spark Pods, which the webhook configuration's objectSelector
// should keep away anyway, cost a search of their bytes.
func mayBeSpark(raw []byte) bool {
	return bytes.Contains(raw, sparkRoleKey) || bytes.Contains(raw, []byte(`\u`))
}

// Handle answers one admission request and counts the answer. Only CREATE
// of the Pod itself is mutated: Spark creates its Pods once, and a Pod's
// spec is immutable after. A non-Spark Pod costs a scan of its bytes; a
// Spark Pod is decoded once.
func (h *PodHandler) Handle(ctx context.Context, req admission.Request) admission.Response {
	resp, role, result := h.handle(ctx, req)
	h.Metrics.PodAdmitted(role, resp, result)
	return resp
}

// handle answers a request; role is empty for a Pod that is not mutated.
func (h *PodHandler) handle(ctx context.Context, req admission.Request) (admission.Response, v1alpha1.SparkRole, Mutation) {
	if err := missingUID(req); err != nil {
		return admission.Errored(http.StatusBadRequest, err), "", Mutation{}
	}
	if req.Operation != admissionv1.Create || req.SubResource != "" {
		// Before the kind check: a subresource's kind is its own (Binding,
		// Eviction), should the rules ever send one.
		return admission.Allowed(""), "", Mutation{}
	}
	if err := checkPodKind(req); err != nil {
		return admission.Errored(http.StatusBadRequest, err), "", Mutation{}
	}
	if !mayBeSpark(req.Object.Raw) {
		return admission.Allowed("not a Spark pod"), "", Mutation{}
	}
	if err := checkUTF8(req); err != nil {
		return admission.Errored(http.StatusBadRequest, err), "", Mutation{}
	}
	pod := &corev1.Pod{}
	if err := h.Decoder.Decode(req, pod); err != nil {
		return admission.Errored(http.StatusBadRequest, fmt.Errorf("%s: %w", pathRequestObject, err)), "", Mutation{}
	}
	role, ok := templates.RoleFromLabels(pod.Labels)
	if !ok {
		return admission.Allowed("not a Spark pod"), "", Mutation{}
	}
	namespace := req.Namespace
	if namespace == "" {
		namespace = pod.Namespace
	}
	result, err := h.Mutator.Mutate(ctx, pod, role, namespace)
	return h.respond(req, pod, result, err), role, result
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
	resp := patchResponse(req.Object.Raw, result.Before, pod).WithWarnings(result.Warnings...)
	if len(result.Applied) > 0 {
		resp.AuditAnnotations = map[string]string{AuditTemplatesApplied: strings.Join(result.Applied, ",")}
	}
	return resp
}

// patchResponse allows the Pod with the JSON patch from original, the Pod
// decoded from raw, to mutated. The patch comes from walking both Pods
// (package patch) rather than from jsonpatch.CreatePatch, which encodes the
// mutated Pod and decodes both documents again to diff them: on a Spark
// driver that cost more than all the rest of the admission. Both patches
// give the same Pod (TestPatchMatchesCreatePatch); a type the walk does not
// handle falls back on CreatePatch. original is a templates.Snapshot, which
// shares with mutated all the merges did not touch: the walk skips it.
func patchResponse(raw []byte, original, mutated *corev1.Pod) admission.Response {
	ops, err := patch.Diff(original, mutated)
	if err != nil {
		current, err := json.Marshal(mutated)
		if err != nil {
			return admission.Errored(http.StatusInternalServerError, err)
		}
		return admission.PatchResponseFromRaw(raw, current)
	}
	resp := admission.Allowed("")
	if len(ops) > 0 {
		pt := admissionv1.PatchTypeJSONPatch
		resp.Patches, resp.PatchType = ops, &pt
	}
	return resp
}
