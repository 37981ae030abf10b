package benchdata

import (
	"context"
	"net/http"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// AllowHandler is the floor sparkhook is measured against (README, Performance): the
// least any Pod webhook does, decoding the Pod with controller-runtime's
// decoder and allowing it.
type AllowHandler struct {
	// Decoder decodes the Pod from the request.
	Decoder admission.Decoder
}

var _ admission.Handler = &AllowHandler{}

// Handle decodes the Pod and allows it.
func (h *AllowHandler) Handle(_ context.Context, req admission.Request) admission.Response {
	pod := &corev1.Pod{}
	if err := h.Decoder.Decode(req, pod); err != nil {
		return admission.Errored(http.StatusBadRequest, err)
	}
	return admission.Allowed("")
}

// Scheme knows the core types, as sparkhook's does.
func Scheme() *runtime.Scheme {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		panic(err)
	}
	return s
}

func mustQuantity(s string) resource.Quantity { return resource.MustParse(s) }
