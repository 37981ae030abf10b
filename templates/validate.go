package templates

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// reservedVolumeNames are the volumes Spark itself adds to its Pods, with
// its own content, in Spark 2.4 to 4.x (Spark's Constants.scala): a
// template that defined one would collide with Spark's, or shadow it.
// hadoop-properties is HadoopConfDriverFeatureStep's, krb5-file,
// kerberos-keytab and hadoop-secret KerberosConfDriverFeatureStep's,
// pod-template-volume PodTemplateConfigMapStep's, kubernetes-credentials
// DriverKubernetesCredentialsFeatureStep's. Spark's scratch volumes
// spark-local-dir-N are not reserved: a template's replaces the source of
// Spark's (mergeSparkVolumes), as Spark's LocalDirsFeatureStep uses a
// template's. The Secret volumes of spark.kubernetes.*.secrets.<name>
// (MountSecretsFeatureStep: <name>-volume) are named by the submitter's
// confs; the merge keeps them (isSparkSecretVolume).
var reservedVolumeNames = sets.New(
	"spark-conf-volume", // Spark 2.x's driver and executor conf volume
	"hadoop-properties", "krb5-file", "kerberos-keytab", "hadoop-secret",
	"pod-template-volume", "kubernetes-credentials",
)

// reservedVolumePrefixes are Spark's per-role volume names:
// spark-conf-volume-driver (KubernetesClientApplication) and
// spark-conf-volume-exec (BasicExecutorFeatureStep).
var reservedVolumePrefixes = []string{"spark-conf-volume-"}

// reservedLabels are the labels Spark keeps for its own bookkeeping. Spark
// refuses them in its label confs (KubernetesConf: "Label with key … is not
// allowed as it is reserved for Spark bookkeeping operations") but not in a
// podTemplateFile: BasicDriverFeatureStep and BasicExecutorFeatureStep add
// Spark's own labels over the template's (addToLabels), so a template's
// value stays only where Spark sets none. sparkhook does the same
// (withoutSparkLabels): a template that replaced one would detach a Pod
// from its application.
var reservedLabels = sets.New(
	LabelSparkRole, LabelSparkAppSelector, LabelSparkVersion,
	"spark-exec-id", "spark-exec-resourceprofile-id", "spark-app-name",
)

// IsReservedVolumeName reports whether Spark itself uses a volume of that
// name, so no template may define it.
func IsReservedVolumeName(name string) bool {
	if reservedVolumeNames.Has(name) {
		return true
	}
	for _, p := range reservedVolumePrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func validateSecretEnv(s v1alpha1.SecretEnvVar, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if s.Name == "" || strings.Contains(s.Name, "=") {
		errs = append(errs, field.Invalid(path.Child("name"), s.Name, "must be a non-empty environment variable name without '='"))
	}
	if why, ok := sparkOwnedEnvName(s.Name); ok {
		errs = append(errs, field.Invalid(path.Child("name"), s.Name, sparkEnvDetail(why)))
	}
	for _, msg := range validation.IsDNS1123Subdomain(s.Secret) {
		errs = append(errs, field.Invalid(path.Child("secret"), s.Secret, msg))
	}
	for _, msg := range validation.IsConfigMapKey(s.Key) {
		errs = append(errs, field.Invalid(path.Child("key"), s.Key, msg))
	}
	return errs
}

// validateSecretEnvClashes refuses a spec.secretEnv variable that the
// template's Spark container also sets in its env: both go into the Pod's
// Spark container, and under Enforce one would be overlaid on the other into
// an env entry with both value and valueFrom, which the API server rejects.
func validateSecretEnvClashes(secretEnv []v1alpha1.SecretEnvVar, cs []corev1.Container, spark sparkContainers, specPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, s := range secretEnv {
		for ci := range cs {
			if !spark.isSpark(ci) {
				continue
			}
			for ei := range cs[ci].Env {
				if cs[ci].Env[ei].Name == s.Name {
					at := specPath.Child("template", "spec", "containers").Index(ci).Child("env").Index(ei)
					errs = append(errs, field.Invalid(specPath.Child("secretEnv").Index(i).Child("name"), s.Name, "also set in "+at.String()))
				}
			}
		}
	}
	return errs
}

// validatePodTemplate refuses what would make a merged Pod invalid or fight
// Spark: unnamed or duplicate containers and volumes, sidecars and init
// containers without an image, Spark's reserved volume names, and
// sparkhook's own annotations.
func validatePodTemplate(pt *corev1.PodTemplateSpec, spark sparkContainers, path *field.Path) field.ErrorList {
	errs := validateMetadata(&pt.ObjectMeta, path.Child("metadata"))
	specPath := path.Child("spec")
	names := sets.New[string]()
	for i := range pt.Spec.Containers {
		errs = append(errs, validateContainer(&pt.Spec.Containers[i], spark.isSpark(i), names, specPath.Child("containers").Index(i))...)
	}
	for i := range pt.Spec.InitContainers {
		errs = append(errs, validateContainer(&pt.Spec.InitContainers[i], false, names, specPath.Child("initContainers").Index(i))...)
	}
	errs = append(errs, validateVolumes(pt.Spec.Volumes, specPath.Child("volumes"))...)
	secrets := sets.New[string]()
	for i, s := range pt.Spec.ImagePullSecrets {
		errs = append(errs, requiredUnique(s.Name, secrets, specPath.Child("imagePullSecrets").Index(i).Child("name"))...)
	}
	return errs
}

// requiredUnique checks a key of a list the API server merges or looks up
// by that key (an env var's name, a mount's path, a pull secret's name): it
// must be set and not repeat one in seen, to which it is added.
func requiredUnique(key string, seen sets.Set[string], path *field.Path) field.ErrorList {
	switch {
	case key == "":
		return field.ErrorList{field.Required(path, "")}
	case seen.Has(key):
		return field.ErrorList{field.Duplicate(path, key)}
	}
	seen.Insert(key)
	return nil
}

// validateMetadata checks the template's labels and annotations, in key
// order so that the same template always gets the same message.
func validateMetadata(m *metav1.ObjectMeta, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, k := range slices.Sorted(maps.Keys(m.Labels)) {
		v := m.Labels[k]
		for _, msg := range validation.IsQualifiedName(k) {
			errs = append(errs, field.Invalid(path.Child("labels").Key(k), k, msg))
		}
		for _, msg := range validation.IsValidLabelValue(v) {
			errs = append(errs, field.Invalid(path.Child("labels").Key(k), v, msg))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.Annotations)) {
		p := path.Child("annotations").Key(k)
		for _, msg := range validation.IsQualifiedName(strings.ToLower(k)) {
			errs = append(errs, field.Invalid(p, k, msg))
		}
		if strings.HasPrefix(k, v1alpha1.AnnotationPrefix) {
			errs = append(errs, field.Forbidden(p, "sparkhook.io/ annotations are sparkhook's own and are never copied into Pods"))
		}
	}
	return errs
}

// validateContainer checks one template container; names collects the
// container names seen so far, across containers and init containers, as
// the API server requires them unique. The Spark container of a plain Pod
// file may be unnamed, as Spark allows (it names it itself), and needs no
// image; every other container is added to Pods as it is, so it needs both.
func validateContainer(c *corev1.Container, isSpark bool, names sets.Set[string], path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !isSpark || c.Name != "" {
		for _, msg := range validation.IsDNS1123Label(c.Name) {
			errs = append(errs, field.Invalid(path.Child("name"), c.Name, msg))
		}
		if names.Has(c.Name) {
			errs = append(errs, field.Duplicate(path.Child("name"), c.Name))
		}
		names.Insert(c.Name)
	}
	if !isSpark && strings.TrimSpace(c.Image) == "" {
		errs = append(errs, field.Required(path.Child("image"), "a sidecar or init container needs an image: Spark sets the image of its own container only"))
	}
	envNames := sets.New[string]()
	for i, e := range c.Env {
		errs = append(errs, requiredUnique(e.Name, envNames, path.Child("env").Index(i).Child("name"))...)
	}
	mountPaths := sets.New[string]()
	for i, m := range c.VolumeMounts {
		p := path.Child("volumeMounts").Index(i)
		if m.Name == "" {
			errs = append(errs, field.Required(p.Child("name"), ""))
		}
		errs = append(errs, requiredUnique(m.MountPath, mountPaths, p.Child("mountPath"))...)
	}
	if isSpark {
		errs = append(errs, validateSparkOwned(c, path)...)
	}
	return errs
}

func validateVolumes(vols []corev1.Volume, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := sets.New[string]()
	for i, v := range vols {
		p := path.Index(i).Child("name")
		for _, msg := range validation.IsDNS1123Label(v.Name) {
			errs = append(errs, field.Invalid(p, v.Name, msg))
		}
		if names.Has(v.Name) {
			errs = append(errs, field.Duplicate(p, v.Name))
		}
		names.Insert(v.Name)
		if IsReservedVolumeName(v.Name) {
			errs = append(errs, field.Forbidden(p, fmt.Sprintf("%q is a volume name Spark reserves for its own volumes", v.Name)))
		}
	}
	return errs
}
