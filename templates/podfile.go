package templates

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// podDocument reads a plain Pod — a Spark podTemplateFile as it is — as a
// SparkPodTemplate whose spec.template is that Pod, named by its
// metadata.name, else by the file's base name. Its sparkhook.io/
// annotations fill the spec and are not part of the template.
func podDocument(file string, data []byte) (Document, error) {
	pod := &corev1.Pod{}
	strictErrs, coerced, err := decodeLikeSpark(data, pod, nil)
	if err != nil {
		return Document{}, fmt.Errorf("does not decode as a Pod: %w", err)
	}
	doc := Document{FromPod: true, Warnings: coerced}
	for _, e := range strictErrs {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("ignored: %v", e))
	}
	name := pod.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	spec, errs := specFromAnnotations(pod.Annotations)
	if len(errs) > 0 {
		return Document{}, fmt.Errorf("template %q: %w", name, errs.ToAggregate())
	}
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: pod.Labels, Annotations: withoutSparkhookAnnotations(pod.Annotations)},
		Spec:       pod.Spec,
	}
	if spec.Template.Raw, err = json.Marshal(&template); err != nil {
		return Document{}, fmt.Errorf("template %q: %w", name, err)
	}
	doc.Template = &v1alpha1.SparkPodTemplate{
		TypeMeta:   metav1.TypeMeta{APIVersion: v1alpha1.GroupVersion.String(), Kind: v1alpha1.Kind},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: pod.Namespace},
		Spec:       spec,
	}
	return doc, nil
}

func withoutSparkhookAnnotations(in map[string]string) map[string]string {
	var out map[string]string
	for k, v := range in {
		if strings.HasPrefix(k, v1alpha1.AnnotationPrefix) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

// specFromAnnotations fills a SparkPodTemplateSpec from a plain Pod's
// sparkhook.io/ annotations. An unknown sparkhook.io/ annotation is an
// error: it is most likely a typo that would otherwise change nothing.
// Values are checked here, not later as spec fields, so that every message
// names the annotation the user wrote; keys are read in order so that the
// messages are always the same.
func specFromAnnotations(ann map[string]string) (v1alpha1.SparkPodTemplateSpec, field.ErrorList) {
	var spec v1alpha1.SparkPodTemplateSpec
	var errs field.ErrorList
	path := field.NewPath("metadata", "annotations")
	for _, key := range slices.Sorted(maps.Keys(ann)) {
		value := ann[key]
		if !strings.HasPrefix(key, v1alpha1.AnnotationPrefix) {
			continue
		}
		p := path.Key(key)
		var err error
		switch key {
		case v1alpha1.AnnotationRoles:
			spec.Roles, err = parseRoles(value)
		case v1alpha1.AnnotationPriority:
			var n int64
			n, err = strconv.ParseInt(strings.TrimSpace(value), 10, 32)
			spec.Priority = int32(n)
		case v1alpha1.AnnotationPolicy:
			spec.Policy, err = parsePolicy(value)
		case v1alpha1.AnnotationOnRequest:
			spec.OnRequest, err = parseBool(value)
		case v1alpha1.AnnotationSecretEnv:
			spec.SecretEnv, err = parseSecretEnvAnnotation(value)
		case v1alpha1.AnnotationSparkContainer:
			spec.SparkContainerName, err = parseContainerName(value)
		default:
			err = fmt.Errorf("not a sparkhook annotation of a template (%s, %s, %s, %s, %s, %s)", v1alpha1.AnnotationRoles,
				v1alpha1.AnnotationPriority, v1alpha1.AnnotationPolicy, v1alpha1.AnnotationOnRequest, v1alpha1.AnnotationSecretEnv,
				v1alpha1.AnnotationSparkContainer)
		}
		if err != nil {
			errs = append(errs, field.Invalid(p, value, err.Error()))
		}
	}
	return spec, errs
}

// ParseSecretEnv reads ENV=secret:key,… — the value syntax of Spark's
// spark.kubernetes.{driver,executor}.secretKeyRef.ENV=secret:key, with the
// variable's name in front.
func ParseSecretEnv(value string) ([]v1alpha1.SecretEnvVar, error) {
	var out []v1alpha1.SecretEnvVar
	for _, item := range splitList(value) {
		env, ref, ok := strings.Cut(item, "=")
		secret, key, ok2 := strings.Cut(ref, ":")
		if !ok || !ok2 || strings.TrimSpace(env) == "" || secret == "" || key == "" || strings.Contains(key, ":") {
			return nil, fmt.Errorf("%q is not ENV=secret:key", item)
		}
		out = append(out, v1alpha1.SecretEnvVar{Name: strings.TrimSpace(env), Secret: strings.TrimSpace(secret), Key: strings.TrimSpace(key)})
	}
	return out, nil
}

// parseRoles reads "driver", "executor" or "driver,executor".
func parseRoles(v string) ([]v1alpha1.SparkRole, error) {
	var roles []v1alpha1.SparkRole
	for _, r := range splitList(v) {
		role := v1alpha1.SparkRole(r)
		if roleBit(role) == 0 {
			return nil, fmt.Errorf("%q is not a Spark role: %s, %s or both, comma-separated", r, v1alpha1.RoleDriver, v1alpha1.RoleExecutor)
		}
		if !slices.Contains(roles, role) {
			roles = append(roles, role)
		}
	}
	if len(roles) == 0 {
		return nil, fmt.Errorf("names no role: %s, %s or both, comma-separated", v1alpha1.RoleDriver, v1alpha1.RoleExecutor)
	}
	return roles, nil
}

func parsePolicy(v string) (v1alpha1.MergePolicy, error) {
	switch p := v1alpha1.MergePolicy(strings.TrimSpace(v)); p {
	case v1alpha1.PolicyDefault, v1alpha1.PolicyEnforce:
		return p, nil
	}
	return "", fmt.Errorf("must be %s or %s", v1alpha1.PolicyDefault, v1alpha1.PolicyEnforce)
}

// parseSecretEnvAnnotation reads sparkhook.io/secret-env and checks each
// entry as spec.secretEnv is checked, duplicates included.
func parseSecretEnvAnnotation(v string) ([]v1alpha1.SecretEnvVar, error) {
	vars, err := ParseSecretEnv(v)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, s := range vars {
		if errs := validateSecretEnv(s, field.NewPath("secretEnv").Index(i)); len(errs) > 0 {
			return nil, fmt.Errorf("%s=%s:%s: %s", s.Name, s.Secret, s.Key, errs[0].ErrorBody())
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("%s is set twice", s.Name)
		}
		seen[s.Name] = true
	}
	return vars, nil
}

// parseContainerName reads sparkhook.io/spark-container, a container's
// name as the API server requires one.
func parseContainerName(v string) (string, error) {
	v = strings.TrimSpace(v)
	if msgs := validation.IsDNS1123Label(v); len(msgs) > 0 {
		return "", fmt.Errorf("not a container name: %s", strings.Join(msgs, "; "))
	}
	return v, nil
}

// parseBool accepts only true and false, as Spark's own boolean confs do.
func parseBool(v string) (bool, error) {
	switch strings.TrimSpace(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("must be true or false")
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
