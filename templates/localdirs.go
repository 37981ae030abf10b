package templates

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
)

// LocalDirVolumePrefix begins the names of Spark's scratch volumes,
// spark-local-dir-1, -2, …: one per directory of SPARK_LOCAL_DIRS
// (spark.local.dir, default /var/data/spark-<uuid>), each mounted in the
// Spark container at its directory. Spark's LocalDirsFeatureStep
// (resource-managers/kubernetes/core/.../features/LocalDirsFeatureStep.scala)
// makes them emptyDirs unless the pod template brings its own: in Spark 2.4
// and 3.0 a template volume of the same name is used instead of the
// emptyDir; from Spark 3.1 the template's Spark-container mounts named
// spark-local-dir-* become the local dirs and no emptyDir is made. Either
// way a template volume of that name is the way to put shuffle and spill
// scratch on an NVMe hostPath, a generic ephemeral volume or a PVC, so a
// SparkPodTemplate may define one (mergeSparkVolumes).
const LocalDirVolumePrefix = "spark-local-dir-"

// IsLocalDirVolumeName reports whether name is one of Spark's scratch
// volumes (LocalDirVolumePrefix).
func IsLocalDirVolumeName(name string) bool {
	return strings.HasPrefix(name, LocalDirVolumePrefix) && len(name) > len(LocalDirVolumePrefix)
}

// mergeSparkVolumes merges the template's spark-local-dir-N volumes, and
// returns the template's other volumes for the ordinary merge by name.
//
// sparkhook sees the Pod after Spark built it: LocalDirsFeatureStep has
// already mounted spark-local-dir-N in the Spark container and set
// SPARK_LOCAL_DIRS to the mount paths. So a template's volume of that name
// replaces the source of the Pod's volume and keeps its name, mounts and
// env: the scratch directories stay where Spark put them, on the
// template's storage. This holds under both policies, because the emptyDir
// Spark makes by default is Spark's fallback, not a choice of the
// submitter's — it counts as unset, like schedulerName default-scheduler.
// Any other source (a PVC or hostPath from the submitter's own
// podTemplateFile or spark.kubernetes.*.volumes.* confs, a tmpfs emptyDir
// from spark.kubernetes.local.dirs.tmpfs, or a volume an earlier template
// set) is the Pod's value: kept under Default (a conflict), replaced
// under Enforce.
//
// A Pod without a volume of that name has fewer local dirs than the
// template (spark.local.dir lists fewer), or took its local dirs from a
// template of other names: its SPARK_LOCAL_DIRS is fixed when Spark builds
// the Pod, so a volume sparkhook added would never be used for scratch.
// The volume is left out: a warning under Default, a reason to deny the
// Pod under Enforce (the template's storage cannot be applied). Mounts of
// it are then left out with it (dropDanglingMounts).
//
// A template volume named as a Secret volume Spark mounted in the Pod
// (isSparkSecretVolume) is left out with a warning under both policies:
// Spark owns it.
func (m *merger) mergeSparkVolumes(src []corev1.Volume) []corev1.Volume {
	if len(src) == 0 || !slices.ContainsFunc(src, m.isSparkVolume) {
		return src
	}
	others := make([]corev1.Volume, 0, len(src))
	copied := false
	for i := range src {
		v := &src[i]
		j := indexByName(m.pod.Spec.Volumes, v.Name, volumeName)
		if !IsLocalDirVolumeName(v.Name) {
			if j >= 0 && isSparkSecretVolume(&m.pod.Spec.Volumes[j]) && !covers(v, &m.pod.Spec.Volumes[j]) {
				m.warn(pathSpecVolumes.Key(v.Name), fmt.Sprintf("Spark mounts Secret %q in this volume (spark.kubernetes.*.secrets.*, Spark's MountSecretsFeatureStep); the template's volume of that name is left out, and its mounts with it",
					m.pod.Spec.Volumes[j].Secret.SecretName))
				m.leftOut = append(m.leftOut, v.Name)
				continue
			}
			others = append(others, *v)
			continue
		}
		switch {
		case j < 0:
			m.cannot(pathSpecVolumes.Key(v.Name), v.Name, fmt.Sprintf(
				"the Pod has no volume %q: Spark set SPARK_LOCAL_DIRS to its own scratch volumes (%s) when it built the Pod, and sparkhook only replaces their source (spark.local.dir decides how many there are)",
				v.Name, strings.Join(localDirVolumeNames(m.pod), ", ")))
		case equality.Semantic.DeepEqual(&m.pod.Spec.Volumes[j].VolumeSource, &v.VolumeSource):
		case !m.enforce && !isSparkScratchEmptyDir(&m.pod.Spec.Volumes[j]):
			m.conflict(pathSpecVolumes.Key(v.Name), "the Pod's scratch volume is not the emptyDir Spark makes by default")
		default:
			if !copied {
				// The Pod's list is shared with its Snapshot: copy it once
				// before replacing an element.
				m.pod.Spec.Volumes, copied = slices.Clone(m.pod.Spec.Volumes), true
			}
			m.pod.Spec.Volumes[j].VolumeSource = v.VolumeSource // the merge's own copy of the template
		}
	}
	return others
}

// danglingMountDetail says why a template's mount of volume name is left
// out: the template's volume of that name was left out for Spark's Secret
// volume, or the Pod lacks that volume because the template's scratch
// volume of that name was left out (mergeSparkVolumes), or no such volume
// exists at all.
func (m *merger) danglingMountDetail(name string) string {
	if slices.Contains(m.leftOut, name) {
		return fmt.Sprintf("the template's volume %q was left out: the Pod's volume of that name is Spark's, and mounting it here would put Spark's Secret where the template meant its own", name)
	}
	if IsLocalDirVolumeName(name) && indexByName(m.spec.Volumes, name, volumeName) >= 0 {
		return fmt.Sprintf("the template's volume %q was not added: the Pod has no Spark scratch volume of that name", name)
	}
	return fmt.Sprintf("volume %q exists neither in the template nor in the Pod", name)
}

// isSparkVolume reports whether the template volume v needs more than the
// merge by name: a scratch volume, or one named as a Pod's Spark Secret
// volume.
func (m *merger) isSparkVolume(v corev1.Volume) bool {
	if IsLocalDirVolumeName(v.Name) {
		return true
	}
	j := indexByName(m.pod.Spec.Volumes, v.Name, volumeName)
	return j >= 0 && isSparkSecretVolume(&m.pod.Spec.Volumes[j])
}

// isSparkScratchEmptyDir reports whether v is the scratch volume Spark's
// LocalDirsFeatureStep makes when nothing else is asked for: an emptyDir
// on the node's storage, without a size limit.
func isSparkScratchEmptyDir(v *corev1.Volume) bool {
	e := v.EmptyDir
	if e == nil || e.Medium != corev1.StorageMediumDefault || e.SizeLimit != nil {
		return false
	}
	src := v.VolumeSource
	src.EmptyDir = nil
	return equality.Semantic.DeepEqual(&src, &corev1.VolumeSource{})
}

// localDirVolumeNames lists the Pod's spark-local-dir-N volumes, for
// messages.
func localDirVolumeNames(pod *corev1.Pod) []string {
	var names []string
	for i := range pod.Spec.Volumes {
		if IsLocalDirVolumeName(pod.Spec.Volumes[i].Name) {
			names = append(names, pod.Spec.Volumes[i].Name)
		}
	}
	if len(names) == 0 {
		return []string{"none"}
	}
	return names
}
