package templates

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// CompileOptions says how a SparkPodTemplate is read.
type CompileOptions struct {
	// Source names where the template came from, for messages.
	Source string
	// ClusterWide makes the template apply to every namespace its
	// namespaceSelector matches (files, and sparkhook's own namespace);
	// otherwise it applies only to Pods in its own namespace.
	ClusterWide bool
	// Security is what privileges the template may add; the zero value
	// allows none.
	Security SecurityPolicy
	// Namespace is the namespace the SparkPodTemplate object lives in, for
	// cluster templates (default: the object's own when not ClusterWide): it
	// qualifies the template's key, so that a cluster template and a file
	// template of the same name stay apart. Empty for files.
	Namespace string
}

// Compile validates a SparkPodTemplate and compiles it for the admission
// path. It returns every problem it finds, each with its field path, and
// warnings for what is accepted but worth a look (unknown fields, fields
// sparkhook does not merge). A template that compiles can never make
// sparkhook produce a Pod the API server would reject for its sake.
func Compile(obj *v1alpha1.SparkPodTemplate, opts CompileOptions) (*Template, []string, field.ErrorList) {
	specPath := field.NewPath("spec")
	t := &Template{
		Name:      obj.Name,
		Source:    opts.Source,
		Priority:  obj.Spec.Priority,
		OnRequest: obj.Spec.OnRequest,
		Policy:    obj.Spec.Policy,
	}
	ns := compileNamespace(obj, opts)
	t.key = templateKey(ns, obj.Name)
	if !opts.ClusterWide {
		t.Namespace = ns
	}
	if t.Policy == "" {
		t.Policy = v1alpha1.PolicyDefault
	}
	errs := validateName(obj.Name)
	if !opts.ClusterWide && ns == "" {
		errs = append(errs, field.Required(field.NewPath("metadata", "namespace"), "a template that is not cluster-wide applies to its own namespace"))
	}
	errs = append(errs, compileSelection(t, &obj.Spec, specPath)...)
	t.SecretEnv, errs = compileSecretEnv(obj.Spec.SecretEnv, specPath.Child("secretEnv"), errs)

	tmplPath := specPath.Child("template")
	sizeErrs := validateRawSize(&obj.Spec, specPath)
	podTemplate, warnings, err := decodePodTemplate(obj.Spec.Template.Raw, tmplPath)
	if err != nil {
		return nil, warnings, append(append(errs, sizeErrs...), err)
	}
	if len(sizeErrs) > 0 {
		// An oversized template is only decoded (the API server decoded
		// it already, and bounded its size) to name what makes it large;
		// nothing more is spent on it.
		return nil, nil, append(append(errs, sizeErrs...), validateLimits(podTemplate, tmplPath)...)
	}
	spark := chooseSparkContainers(podTemplate.Spec.Containers, obj.Spec.SparkContainerName)
	warnings = append(warnings, containerRuleWarnings(podTemplate, spark, obj.Spec.SparkContainerName, t.Roles, tmplPath)...)
	warnings = append(warnings, sparkOwnedNotes(podTemplate, spark, tmplPath)...)
	warnings = append(warnings, credentialWarnings(&podTemplate.Spec, tmplPath.Child("spec"))...)
	errs = append(errs, validateLimits(podTemplate, tmplPath)...)
	errs = append(errs, validateSparkContainerName(obj.Spec.SparkContainerName, specPath.Child("sparkContainerName"))...)
	errs = append(errs, validatePodTemplate(podTemplate, spark, tmplPath)...)
	errs = append(errs, validateAddedContainers(&podTemplate.Spec, spark, obj.Spec.SparkContainerName, tmplPath.Child("spec"))...)
	errs = append(errs, validateSecurity(podTemplate, opts.Security, tmplPath)...)
	errs = append(errs, validateSecretEnvClashes(obj.Spec.SecretEnv, podTemplate.Spec.Containers, spark, specPath)...)
	if len(errs) > 0 {
		return nil, warnings, errs
	}
	splitPodTemplate(t, podTemplate, spark)
	if errs := validateMerged(t, podTemplate, obj.Spec.SecretEnv, spark, specPath); len(errs) > 0 {
		return nil, warnings, errs
	}
	t.Hash = contentHash(&obj.Spec, t.Policy, podTemplate)
	return t, warnings, nil
}

// validateName refuses names that could not be written in the
// sparkhook.io/templates and sparkhook.io/applied annotations.
func validateName(name string) field.ErrorList {
	path := field.NewPath("metadata", "name")
	switch {
	case name == "":
		return field.ErrorList{field.Required(path, "a template needs a name")}
	case strings.ContainsAny(name, ",@/ \t"):
		return field.ErrorList{field.Invalid(path, name, "may not contain commas, @, slashes or blanks")}
	}
	return nil
}

// compileSelection fills the fields that decide where the template applies.
func compileSelection(t *Template, spec *v1alpha1.SparkPodTemplateSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	t.Roles = 0
	for i, r := range spec.Roles {
		bit := roleBit(r)
		if bit == 0 {
			errs = append(errs, field.NotSupported(path.Child("roles").Index(i), r, []string{string(v1alpha1.RoleDriver), string(v1alpha1.RoleExecutor)}))
		}
		t.Roles |= bit
	}
	if len(spec.Roles) == 0 {
		t.Roles = RolesAll
	}
	switch spec.Policy {
	case "", v1alpha1.PolicyDefault, v1alpha1.PolicyEnforce:
	default:
		errs = append(errs, field.NotSupported(path.Child("policy"), spec.Policy, []string{string(v1alpha1.PolicyDefault), string(v1alpha1.PolicyEnforce)}))
	}
	var selErrs field.ErrorList
	t.Selector, selErrs = compileSelector(spec.Selector, path.Child("selector"))
	errs = append(errs, selErrs...)
	if spec.NamespaceSelector != nil {
		if t.Namespace != "" {
			errs = append(errs, field.Forbidden(path.Child("namespaceSelector"), "only templates in sparkhook's own namespace may select namespaces; this one applies to its own namespace only"))
		} else {
			t.NamespaceSelector, selErrs = compileSelector(spec.NamespaceSelector, path.Child("namespaceSelector"))
			errs = append(errs, selErrs...)
		}
	}
	return errs
}

// compileSelector parses a label selector. It validates it first as the API
// server validates selectors, so that a bad one is reported at the field
// that is wrong (matchExpressions[0].values) rather than as the whole
// selector followed by the parser's message.
func compileSelector(sel *metav1.LabelSelector, path *field.Path) (labels.Selector, field.ErrorList) {
	if sel == nil {
		return labels.Everything(), nil
	}
	if errs := metav1validation.ValidateLabelSelector(sel, metav1validation.LabelSelectorValidationOptions{}, path); len(errs) > 0 {
		return nil, errs
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return nil, field.ErrorList{field.Invalid(path, sel, err.Error())}
	}
	return s, nil
}

// decodePodTemplate reads spec.template as a pod template, as Spark's
// loader reads it (decodeLikeSpark: a number or boolean where a string goes
// is read as that string, with a warning). Fields that k8s.io/api does not
// know are warnings, not errors: Spark reads podTemplateFiles through
// fabric8, which ignores them, and Spark's own test templates carry such
// quirks ("Kind: Pod").
func decodePodTemplate(raw []byte, path *field.Path) (*corev1.PodTemplateSpec, []string, *field.Error) {
	out := &corev1.PodTemplateSpec{}
	if len(raw) == 0 {
		return out, nil, nil
	}
	strict, warnings, err := decodeLikeSpark(raw, out, path)
	if err != nil {
		return nil, nil, field.Invalid(path, "(pod template)", fmt.Sprintf("does not decode as a pod template: %v", err))
	}
	for _, e := range strict {
		warnings = append(warnings, fmt.Sprintf("%s: ignored: %v", path, e))
	}
	return out, warnings, nil
}

// splitPodTemplate moves the decoded template into t: the Spark container per
// role, sidecars, and the rest of the spec.
func splitPodTemplate(t *Template, pt *corev1.PodTemplateSpec, spark sparkContainers) {
	t.Labels = pt.Labels
	t.Annotations = pt.Annotations
	t.Spec = pt.Spec
	t.Spec.Containers = nil
	t.emptySpec = equality.Semantic.DeepEqual(&t.Spec, &corev1.PodSpec{})
	t.SparkContainers = map[v1alpha1.SparkRole]*corev1.Container{}
	for i := range pt.Spec.Containers {
		// Each container is copied out of the decoded list (its fields'
		// memory is shared, not copied), so that the Template holds no
		// pointer into that list: a pointer to the Spark container would
		// keep the whole list alive, sidecars included, which the Template
		// keeps already (Sidecars), and every sidecar would be held twice.
		c := pt.Spec.Containers[i]
		if !spark.isSpark(i) {
			t.Sidecars = append(t.Sidecars, c)
			continue
		}
		for _, r := range allRoles {
			if spark.forRole(r) == i {
				t.SparkContainers[r] = &c
			}
		}
	}
}

// sparkContainerRole tells whether a template container named name merges
// into the Spark container, and of which role.
func sparkContainerRole(name string) (v1alpha1.SparkRole, bool) {
	switch name {
	case ContainerSparkDriver:
		return v1alpha1.RoleDriver, true
	case ContainerSparkExecutor:
		return v1alpha1.RoleExecutor, true
	}
	return "", false
}

func compileSecretEnv(in []v1alpha1.SecretEnvVar, path *field.Path, errs field.ErrorList) ([]corev1.EnvVar, field.ErrorList) {
	seen := map[string]bool{}
	out := make([]corev1.EnvVar, 0, len(in))
	for i, s := range in {
		p := path.Index(i)
		errs = append(errs, validateSecretEnv(s, p)...)
		if seen[s.Name] {
			errs = append(errs, field.Duplicate(p.Child("name"), s.Name))
		}
		seen[s.Name] = true
		out = append(out, corev1.EnvVar{Name: s.Name, ValueFrom: &corev1.EnvVarSource{
			SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: s.Secret}, Key: s.Key},
		}})
	}
	return out, errs
}

// contentHash is a short digest of everything that decides what the template
// does, so sparkhook.io/applied changes whenever the template does.
func contentHash(spec *v1alpha1.SparkPodTemplateSpec, policy v1alpha1.MergePolicy, pt *corev1.PodTemplateSpec) string {
	s := spec.DeepCopy()
	s.Template.Raw = nil
	s.Policy = policy // "" and Default mean the same
	data, err := json.Marshal(struct {
		Spec     *v1alpha1.SparkPodTemplateSpec
		Template *corev1.PodTemplateSpec
	}{s, pt})
	if err != nil {
		// Both are plain API structs, which always marshal.
		panic(fmt.Sprintf("templates: marshalling a template: %v", err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:5])
}

// compileNamespace is the namespace Compile files a template under: the
// one opts names, else a namespaced template's own.
func compileNamespace(obj *v1alpha1.SparkPodTemplate, opts CompileOptions) string {
	if opts.Namespace == "" && !opts.ClusterWide {
		return obj.Namespace
	}
	return opts.Namespace
}

// templateKey is the key a template is known by: namespace/name, or its
// name alone when it has no namespace.
func templateKey(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}
