package templates

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	v1helper "k8s.io/kubernetes/pkg/apis/core/v1/helper"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

func (m *merger) mergeInitContainers() {
	path := pathSpecInitContainers
	src := m.withoutClashes(m.spec.InitContainers, m.pod.Spec.Containers, path)
	m.pod.Spec.InitContainers = mergeByName(m, m.pod.Spec.InitContainers, src, containerName, path, m.dropDanglingMounts)
}

// mergeSidecars adds the template's containers other than its Spark
// container, by name. The Pod's Spark container is never replaced by a
// sidecar of the same name: Spark owns it.
func (m *merger) mergeSidecars() {
	if len(m.t.Sidecars) == 0 {
		return
	}
	path := pathContainers
	src := make([]corev1.Container, 0, len(m.t.Sidecars))
	spark := SparkContainerIndex(m.pod, m.role)
	for i := range m.t.Sidecars {
		name := m.t.Sidecars[i].Name
		if spark >= 0 && name == m.pod.Spec.Containers[spark].Name {
			m.cannot(path.Key(name), name, "a sidecar may not take the name of the Spark container")
			continue
		}
		src = append(src, corev1.Container{})
		m.t.Sidecars[i].DeepCopyInto(&src[len(src)-1])
	}
	src = m.withoutClashes(src, m.pod.Spec.InitContainers, path)
	m.pod.Spec.Containers = mergeByName(m, m.pod.Spec.Containers, src, containerName, path, m.dropDanglingMounts)
}

// withoutClashes drops the template containers whose name a container of
// the other kind (init or regular) already has in the Pod: the API server
// requires names unique across both. src is the merge's own copy of the
// template's containers, so it is filtered in place.
func (m *merger) withoutClashes(src, other []corev1.Container, path *field.Path) []corev1.Container {
	return slices.DeleteFunc(src, func(c corev1.Container) bool {
		if containerIndex(other, c.Name) < 0 {
			return false
		}
		m.cannot(path.Key(c.Name), c.Name, "the Pod already has a container of that name of the other kind (init or regular)")
		return true
	})
}

// mergeSparkContainer merges the template's Spark container of the Pod's
// role, and spec.secretEnv, into the Pod's Spark container: env by name,
// envFrom by value, mounts by path, devices by path, and securityContext,
// imagePullPolicy and resources as single fields (resources not into an
// executor of a non-default resource profile, as Spark does). Spark owns
// the image, command and args, so they are never touched.
func (m *merger) mergeSparkContainer() {
	src := m.t.SparkContainers[m.role]
	if src == nil && len(m.t.SecretEnv) == 0 {
		return
	}
	tc := &corev1.Container{}
	if src != nil {
		src.DeepCopyInto(tc)
	}
	for i := range m.t.SecretEnv {
		tc.Env = append(tc.Env, corev1.EnvVar{})
		m.t.SecretEnv[i].DeepCopyInto(&tc.Env[len(tc.Env)-1])
	}
	i := SparkContainerIndex(m.pod, m.role)
	if i < 0 {
		m.cannot(pathContainers, "", "the Pod has no Spark container to merge into")
		return
	}
	c := &m.pod.Spec.Containers[i]
	path := pathContainers.Key(c.Name)
	m.dropDanglingMounts(tc, path)
	// Each field only when the template sets it: merging nothing changes
	// nothing, and the field paths need not be built.
	if len(tc.Env) > 0 {
		c.Env = m.mergeSparkEnv(c.Env, tc.Env, path.Child("env"))
	}
	c.EnvFrom = mergeByValue(c.EnvFrom, tc.EnvFrom)
	if len(tc.VolumeMounts) > 0 {
		c.VolumeMounts = mergeByName(m, c.VolumeMounts, withoutSparkMounted(c.VolumeMounts, tc.VolumeMounts), mountPath, path.Child("volumeMounts"))
	}
	if len(tc.VolumeDevices) > 0 {
		c.VolumeDevices = mergeByName(m, c.VolumeDevices, tc.VolumeDevices, devicePath, path.Child("volumeDevices"))
	}
	if tc.SecurityContext != nil {
		c.SecurityContext = mergeStruct(m, c.SecurityContext, tc.SecurityContext, path.Child("securityContext"))
	}
	policy := string(c.ImagePullPolicy)
	if tc.ImagePullPolicy != "" && m.mergeString(&policy, string(tc.ImagePullPolicy), "", path.Child("imagePullPolicy")) {
		c.ImagePullPolicy = corev1.PullPolicy(policy)
	}
	m.mergeKeptSparkFields(c, tc, path) // lifecycle, probes, workingDir, ports: merge_kept.go
	if (len(tc.Resources.Requests) > 0 || len(tc.Resources.Limits) > 0) && !nonDefaultResourceProfile(m.pod, m.role) {
		m.mergeResources(c, &tc.Resources, path.Child("resources"))
	}
}

// mergeSparkEnv merges the template's env src into the Spark container's
// dst by name. A variable Spark sets itself (sparkOwnedEnvName) is added
// only where dst lacks it, under either policy, and is never a conflict:
// BasicDriverFeatureStep and BasicExecutorFeatureStep (3.0 to 4.x) build
// Spark's container on the template's and append Spark's env after the
// template's, so in a Pod Spark builds from a template Spark's value wins
// where Spark sets one (the kubelet keeps the last of a name), and the
// template's stays where Spark sets none (SPARK_CLASSPATH without
// spark.executor.extraClassPath, HADOOP_CONF_DIR without a Hadoop conf).
func (m *merger) mergeSparkEnv(dst, src []corev1.EnvVar, path *field.Path) []corev1.EnvVar {
	kept := make([]corev1.EnvVar, 0, len(src))
	for i := range src {
		if _, owned := sparkOwnedEnvName(src[i].Name); !owned || indexByName(dst, src[i].Name, envName) < 0 {
			kept = append(kept, src[i])
		}
	}
	return mergeByName(m, dst, kept, envName, path)
}

// withoutSparkMounted is the template's mounts src but those at a path of
// sparkMountedOnRequest where the Pod's Spark container (dst) has a mount
// already: Spark mounted its own there (its Hadoop conf, krb5.conf) because
// a conf asked for it, and a template's mount there never reaches a Pod
// Spark builds (it would be a second mount at one path). Where Spark did not
// mount, Spark keeps a template's mount, and so does sparkhook.
func withoutSparkMounted(dst, src []corev1.VolumeMount) []corev1.VolumeMount {
	kept := make([]corev1.VolumeMount, 0, len(src))
	for i := range src {
		clean := cleanMountPath(src[i].MountPath)
		if !sparkMountedOnRequest.Has(clean) || !slices.ContainsFunc(dst, func(v corev1.VolumeMount) bool { return cleanMountPath(v.MountPath) == clean }) {
			kept = append(kept, src[i])
		}
	}
	return kept
}

// labelResourceProfileID is the label Spark 3.1+ puts on an executor Pod
// with the id of its resource profile (Spark's Constants.scala,
// SPARK_RESOURCE_PROFILE_ID_LABEL, set in KubernetesConf.scala's
// KubernetesExecutorConf.labels); 0 is the default profile.
const labelResourceProfileID = "spark-exec-resourceprofile-id"

// nonDefaultResourceProfile reports whether pod is an executor of a
// resource profile other than the default one. Spark gives such an
// executor only the resources its profile asks for: ExecutorPodsAllocator
// requests executors per profile, KubernetesExecutorBuilder hands the
// profile to BasicExecutorFeatureStep, and that (3.1+) clears the
// template's Spark-container resources (requests and limits alike) when
// the profile is not ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID, and
// skips the cpu request and limit confs. So the template's resources
// are not merged into it either. Executors without the label (Spark 3.0
// and older) have the default profile.
func nonDefaultResourceProfile(pod *corev1.Pod, role v1alpha1.SparkRole) bool {
	id, ok := pod.Labels[labelResourceProfileID]
	return role == v1alpha1.RoleExecutor && ok && id != "0"
}

// mergeResources merges requests and limits by resource name, but for
// those Spark sized in this Pod (withoutSparkSizedOnRequest). A result the
// API server would reject (a request above its limit) is not applied. It
// merges into a copy, set only when whole: the Pod's maps are never written
// in place (Snapshot).
func (m *merger) mergeResources(c *corev1.Container, src *corev1.ResourceRequirements, path *field.Path) {
	withoutSparkSizedOnRequest(c, src)
	merged := c.Resources.DeepCopy()
	merged.Requests = m.mergeQuantities(merged.Requests, src.Requests, path.Child("requests"))
	merged.Limits = m.mergeQuantities(merged.Limits, src.Limits, path.Child("limits"))
	for name, req := range merged.Requests {
		if limit, ok := merged.Limits[name]; ok && req.Cmp(limit) > 0 {
			m.cannot(path.Child("requests").Key(string(name)), req.String(),
				fmt.Sprintf("with the template's resources this request would be above its limit %s", limit.String()))
			return
		}
	}
	c.Resources = *merged
}

// withoutSparkSizedOnRequest drops from the template's resources src (the
// merge's own copy) the limits Spark sets only when a conf asks for them —
// the cpu limit (spark.kubernetes.{driver,executor}.limit.cores) and
// extended resources such as nvidia.com/gpu
// (spark.{driver,executor}.resource.{name}.amount with its vendor) — where
// the Pod's Spark container c has that limit already, and the request of
// the same name with them. BasicDriverFeatureStep and
// BasicExecutorFeatureStep (3.0 to 4.x) add those limits over a template's,
// so Spark never runs with a template's value where it set its own; where
// it set none it keeps the template's, and so does sparkhook. This holds
// under either policy: an Enforce template replacing the GPU count Spark
// asked for would leave the request the API server copied from Spark's
// limit behind (an extended resource's request must equal its limit), and
// a lower cpu limit would fall below the cpu request Spark sized.
func withoutSparkSizedOnRequest(c *corev1.Container, src *corev1.ResourceRequirements) {
	for name := range src.Limits {
		if _, set := c.Resources.Limits[name]; set && isSparkSizedOnRequest(name) {
			delete(src.Limits, name)
			delete(src.Requests, name)
		}
	}
}

// isSparkSizedOnRequest reports whether Spark sets the limit name of its
// container when a conf asks for it (withoutSparkSizedOnRequest).
func isSparkSizedOnRequest(name corev1.ResourceName) bool {
	return name == corev1.ResourceCPU || v1helper.IsExtendedResourceName(name)
}

func (m *merger) mergeQuantities(dst, src corev1.ResourceList, path *field.Path) corev1.ResourceList {
	for name, q := range src {
		old, ok := dst[name]
		switch {
		case ok && old.Cmp(q) == 0:
		case ok && !m.enforce:
			m.conflict(path.Key(string(name)), fmt.Sprintf("%s, the template has %s", old.String(), q.String()))
		default:
			if dst == nil {
				dst = corev1.ResourceList{}
			}
			dst[name] = q // the merge's own copy of the template (tc)
		}
	}
	return dst
}
