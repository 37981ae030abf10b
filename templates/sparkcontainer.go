package templates

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// PlaceholderImage is the image Spark's own pod templates give their Spark
// container (resource-managers/kubernetes/integration-tests/src/test/
// resources/driver-template.yml and executor-template.yml): Spark replaces
// the image of its container (BasicDriverFeatureStep,
// BasicExecutorFeatureStep), so any value does. In any other container it
// is an image no registry has.
const PlaceholderImage = "will-be-overwritten"

// sparkContainers says which containers of a template merge into the Pod's
// Spark container: the index of the template's container for each role,
// -1 for none. One rule for every template source, SparkPodTemplates and
// Pod files alike, as Spark's KubernetesUtils.selectSparkContainer reads a
// podTemplateFile:
//
//	spec.sparkContainerName (sparkhook.io/spark-container) set:
//	    the container of that name, for both roles (Spark's
//	    podTemplateContainerName); no container of that name: none, every
//	    container is a sidecar (Spark would fall back to the first, but the
//	    name is sparkhook's, and says the template adds sidecars only)
//	else, containers named spark-kubernetes-driver / -executor:
//	    the one of each role; one of them alone serves both roles, as the
//	    name the Spark Operator and EMR pass as podTemplateContainerName
//	else: the first container, for both roles
type sparkContainers struct {
	driver, executor int
}

// chooseSparkContainers applies the rule of sparkContainers to a template's
// containers and its spec.sparkContainerName.
func chooseSparkContainers(cs []corev1.Container, named string) sparkContainers {
	if named != "" {
		i := containerIndex(cs, named)
		return sparkContainers{driver: i, executor: i}
	}
	d, e := containerIndex(cs, ContainerSparkDriver), containerIndex(cs, ContainerSparkExecutor)
	switch {
	case d >= 0 && e >= 0:
		return sparkContainers{driver: d, executor: e}
	case d >= 0:
		return sparkContainers{driver: d, executor: d}
	case e >= 0:
		return sparkContainers{driver: e, executor: e}
	case len(cs) > 0:
		return sparkContainers{driver: 0, executor: 0}
	}
	return sparkContainers{driver: -1, executor: -1}
}

// forRole is the index of the template's container that merges into the
// Spark container of a Pod of role, or -1.
func (s sparkContainers) forRole(role v1alpha1.SparkRole) int {
	if role == v1alpha1.RoleDriver {
		return s.driver
	}
	return s.executor
}

// isSpark reports whether container i merges into a Spark container rather
// than being a sidecar.
func (s sparkContainers) isSpark(i int) bool {
	return i >= 0 && (i == s.driver || i == s.executor)
}

// validateSparkContainerName checks spec.sparkContainerName as the API
// server checks a container's name; a file template is not checked by the
// CRD's schema, so the same rule is applied here.
func validateSparkContainerName(name string, path *field.Path) field.ErrorList {
	if name == "" {
		return nil
	}
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Label(name) {
		errs = append(errs, field.Invalid(path, name, msg))
	}
	return errs
}

// validateAddedContainers refuses what sparkhook would add to Pods as it
// is but could never run: a sidecar or init container with Spark's
// placeholder image (a template whose Spark container is not the one its
// author meant), and, when spec.sparkContainerName names the Spark
// container, a sidecar carrying the name of Spark's own container, which
// would collide with it.
func validateAddedContainers(spec *corev1.PodSpec, choice sparkContainers, named string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	check := func(c *corev1.Container, p *field.Path, sidecar bool) {
		if strings.TrimSpace(c.Image) == PlaceholderImage {
			kind := "init container"
			if sidecar {
				kind = "sidecar"
			}
			errs = append(errs, field.Invalid(p.Child("image"), c.Image, fmt.Sprintf(
				"Spark's placeholder image: Spark replaces it in its own container only, and sparkhook adds this %s with the image as it is; if it is the Spark container, name it in spec.sparkContainerName (in a Pod file, the annotation %s)",
				kind, v1alpha1.AnnotationSparkContainer)))
		}
		if _, spark := sparkContainerRole(c.Name); sidecar && spark && named != "" {
			errs = append(errs, field.Forbidden(p.Child("name"), fmt.Sprintf(
				"%q is the name of Spark's own container, and spec.sparkContainerName says the Spark container is %q: this one would be a sidecar of the same name as Spark's container", c.Name, named)))
		}
	}
	for i := range spec.Containers {
		if !choice.isSpark(i) {
			check(&spec.Containers[i], path.Child("containers").Index(i), true)
		}
	}
	for i := range spec.InitContainers {
		check(&spec.InitContainers[i], path.Child("initContainers").Index(i), false)
	}
	return errs
}

// sparkContainerWarnings says where a template's Spark container is not
// what Spark alone would take from the same YAML as a podTemplateFile (the
// first container, without podTemplateContainerName), and that the image
// of a first container taken as the Spark container for want of a name is
// ignored: Spark always sets it (BasicDriverFeatureStep,
// BasicExecutorFeatureStep), so a real image there most often means a
// container meant as a sidecar.
func sparkContainerWarnings(cs []corev1.Container, choice sparkContainers, named string, path *field.Path) []string {
	var out []string
	for _, role := range allRoles {
		i := choice.forRole(role)
		if i <= 0 || (role == v1alpha1.RoleExecutor && i == choice.driver) {
			continue
		}
		by, conf := "spec.sparkContainerName", "spark.kubernetes."+string(role)+".podTemplateContainerName"
		if named == "" {
			by = "its name"
		}
		if choice.driver == choice.executor {
			conf = "spark.kubernetes.{driver,executor}.podTemplateContainerName"
		}
		out = append(out, fmt.Sprintf("%s: the Spark container (%s) is %q, not the first container %q: Spark reads this template the same way only with %s=%s, and otherwise takes the first",
			path.Index(i), by, cs[i].Name, cs[0].Name, conf, cs[i].Name))
	}
	if _, spark := sparkContainerRole(firstName(cs)); named == "" && !spark && choice.driver == 0 && choice.executor == 0 {
		if img := strings.TrimSpace(cs[0].Image); img != "" && img != PlaceholderImage {
			out = append(out, fmt.Sprintf("%s: ignored: the first container is the Spark container, as Spark takes it, and Spark sets its image; to add it as a sidecar, set spec.sparkContainerName (in a Pod file the annotation %s) to the Spark container's name, or to a name no container has for a template of sidecars only",
				path.Index(0).Child("image"), v1alpha1.AnnotationSparkContainer))
		}
	}
	return out
}

func firstName(cs []corev1.Container) string {
	if len(cs) == 0 {
		return ""
	}
	return cs[0].Name
}

// driverSidecarWarnings warns of every regular container a template adds
// to driver Pods. A Pod completes only when all its regular containers
// have exited, and spark-submit, in cluster mode, waits for the driver Pod
// to complete (submit/LoggingPodStatusWatcher.scala, with
// spark.kubernetes.submission.waitAppCompletion, true by default): a
// sidecar that runs on after the driver's JVM exits keeps the application
// "running" for ever. A native sidecar, an init container with
// restartPolicy: Always (Kubernetes 1.29+), is stopped once the regular
// containers have exited.
func driverSidecarWarnings(cs []corev1.Container, choice sparkContainers, roles RoleSet, path *field.Path) []string {
	if !roles.Has(v1alpha1.RoleDriver) {
		return nil
	}
	var out []string
	for i := range cs {
		if choice.isSpark(i) {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %q is a regular container in driver Pods: the driver Pod does not complete while it runs, and spark-submit waits for the Pod; unless it exits with the driver, make it a native sidecar, an init container with restartPolicy: Always",
			path.Index(i), cs[i].Name))
	}
	return out
}

// containerRuleWarnings are the warnings of a template's containers: the
// Spark container's fields sparkhook does not merge, where its Spark
// container differs from what Spark alone would take, and the regular
// sidecars of driver Pods.
func containerRuleWarnings(pt *corev1.PodTemplateSpec, spark sparkContainers, named string, roles RoleSet, path *field.Path) []string {
	spec := path.Child("spec")
	out := unmergedFieldWarnings(&pt.Spec, spark, spec)
	out = append(out, sparkContainerWarnings(pt.Spec.Containers, spark, named, spec.Child("containers"))...)
	return append(out, driverSidecarWarnings(pt.Spec.Containers, spark, roles, spec.Child("containers"))...)
}
