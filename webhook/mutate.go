package webhook

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/templates"
)

// NamespaceLabeler returns the labels of a namespace, for templates'
// namespaceSelectors. In a cluster it reads the controller-runtime cache,
// never the API server.
type NamespaceLabeler func(ctx context.Context, namespace string) (labels.Set, error)

// OfflineNamespaceLabels is the NamespaceLabeler with no cluster: the one
// label the API server puts on every namespace, kubernetes.io/metadata.name.
func OfflineNamespaceLabels(_ context.Context, namespace string) (labels.Set, error) {
	return labels.Set{corev1.LabelMetadataName: namespace}, nil
}

// PodMutator is everything sparkhook does to a Spark Pod: select the
// registered templates that apply, merge them, hold the merged Pod to the
// API server's own validation (templates.ApplyValidated: a template that
// would break this Pod is left out, or denies it under Enforce), and add
// Prometheus annotations. The admission handler and `sparkhook mutate` both
// call it.
type PodMutator struct {
	// Templates are the registered templates.
	Templates *templates.Registry
	// NamespaceLabels defaults to OfflineNamespaceLabels.
	NamespaceLabels NamespaceLabeler
	// Config is sparkhook's configuration.
	Config config.Config
}

// Mutation is what Mutate did, beyond changing the Pod.
type Mutation struct {
	// Warnings are for the submitter.
	Warnings []string
	// Applied are the keys of the templates merged.
	Applied []string
	// Failed are the keys of templates left out after an internal error.
	Failed []string
	// Conflicts and DanglingMounts count, by template key, the values the
	// Pod kept against a template and the mounts of volumes that exist
	// nowhere (templates.Report).
	Conflicts, DanglingMounts map[string]int
	// Before is the Pod as Mutate received it (a templates.Snapshot), to
	// diff the mutated Pod with.
	Before *corev1.Pod
}

// Mutate changes pod, a Spark Pod of the given role being created in
// namespace, in place. It returns what it did, and a *templates.MergeError
// when an Enforce template cannot be applied.
func (m *PodMutator) Mutate(ctx context.Context, pod *corev1.Pod, role v1alpha1.SparkRole, namespace string) (Mutation, error) {
	nsLabels := m.NamespaceLabels
	if nsLabels == nil {
		nsLabels = OfflineNamespaceLabels
	}
	selected, warnings, err := m.Templates.Set().Select(templates.Query{
		Role:            role,
		Namespace:       namespace,
		PodLabels:       labels.Set(pod.Labels),
		NamespaceLabels: func() (labels.Labels, error) { return nsLabels(ctx, namespace) },
		Requested:       templates.RequestedTemplates(pod.Annotations),
	})
	if err != nil {
		return Mutation{}, fmt.Errorf("selecting templates: %w", err)
	}
	outcome, err := templates.ApplyValidated(pod, role, selected)
	result := Mutation{
		Warnings: append(warnings, outcome.Warnings...),
		Applied:  outcome.Applied, Failed: outcome.Failed,
		Conflicts: outcome.Conflicts, DanglingMounts: outcome.DanglingMounts,
		Before: outcome.Before,
	}
	if len(outcome.Failed) > 0 {
		logf.FromContext(ctx).Error(errors.New("template merge panicked"), "Templates left out", "templates", outcome.Failed)
	}
	if err != nil {
		return result, err
	}
	AnnotatePrometheus(pod, role, m.Config.Prometheus, m.Config.SparkReleases())
	logf.FromContext(ctx).V(1).Info("Mutated Spark pod", "role", role, "applied", outcome.Applied, "warnings", len(result.Warnings))
	return result, nil
}
