package templates

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

// driverPodWithUserEnv is a driver whose Spark container also has an env
// var the submitter set (spark.kubernetes.driverEnv.JAVA_TOOL_OPTIONS),
// which a template may merge with, unlike Spark's own.
func driverPodWithUserEnv() *corev1.Pod {
	p := driverPod()
	sparkOf(p).Env = append(sparkOf(p).Env, corev1.EnvVar{Name: "JAVA_TOOL_OPTIONS", Value: "-Xss4m"})
	return p
}

// sparkOf is the Spark container of driverPod and executorPod.
func sparkOf(p *corev1.Pod) *corev1.Container { return &p.Spec.Containers[0] }

// ownedError is what TestCompileRefusesWhatSparkOwns checks of a refusal.
type ownedError struct {
	Type     field.ErrorType
	Field    string
	BadValue any
}

func TestCompileRefusesWhatSparkOwns(t *testing.T) {
	const inv = field.ErrorTypeInvalid
	cases := []struct {
		name string
		spec string // spec of a SparkPodTemplate named t
		want []ownedError
	}{{
		name: "mounts where Spark always mounts, its conf dir and properties file, trailing slash or not; not where Spark mounts on request (TestMergeSparkMountedOnRequest)",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver, volumeMounts: [
  {name: v, mountPath: /opt/spark/conf/}, {name: v, mountPath: /opt/spark/pod-template/},
  {name: v, mountPath: /mnt/secrets/spark-kubernetes-credentials}, {name: v, mountPath: /opt/hadoop/conf},
  {name: v, mountPath: /etc/krb5.conf}, {name: v, mountPath: /mnt/secrets/kerberos-keytab},
  {name: v, mountPath: /mnt/secrets/hadoop-credentials}, {name: v, mountPath: /opt/spark/conf/spark.properties}]}],
  volumes: [{name: v, emptyDir: {}}]}}}`,
		want: []ownedError{
			{inv, "spec.template.spec.containers[0].volumeMounts[0].mountPath", "/opt/spark/conf/"},
			{inv, "spec.template.spec.containers[0].volumeMounts[7].mountPath", "/opt/spark/conf/spark.properties"},
		},
	}, {
		name: "under Enforce too",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-executor, volumeMounts: [{name: v, mountPath: /opt/spark/conf}]}],
  volumes: [{name: v, emptyDir: {}}]}}}`,
		want: []ownedError{{inv, "spec.template.spec.containers[0].volumeMounts[0].mountPath", "/opt/spark/conf"}},
	}, {
		name: "a file beside Spark's in its conf dir, a sidecar's mounts and a parent dir are not Spark's",
		spec: `{template: {spec: {containers: [
  {name: spark-kubernetes-driver, volumeMounts: [{name: v, mountPath: /opt/spark/conf/log4j2.properties, subPath: log4j2.properties}, {name: v, mountPath: /etc/hadoop/conf}]},
  {name: agent, image: agent:1, volumeMounts: [{name: v, mountPath: /opt/spark/conf}], env: [{name: SPARK_LOCAL_DIRS, value: /tmp}]}],
  volumes: [{name: v, emptyDir: {}}]}}}`,
	}, {
		name: "secretEnv of a name Spark sets; the same names in the Spark container's env are not refused (TestCompileSparkOwnedEnv)",
		spec: `{secretEnv: [{name: SPARK_USER, secret: s, key: k}], template: {spec: {containers: [{name: spark-kubernetes-executor, env: [
  {name: SPARK_LOCAL_DIRS, value: /data1}, {name: SPARK_JAVA_OPT_3, value: -Xss4m}]}]}}}`,
		want: []ownedError{{inv, "spec.secretEnv[0].name", "SPARK_USER"}},
	}, {
		name: "spark-local-dir-N may be defined; Spark's other volume names stay reserved",
		spec: `{template: {spec: {volumes: [{name: spark-local-dir-1, persistentVolumeClaim: {claimName: nvme}}, {name: spark-conf-volume-exec, emptyDir: {}},
  {name: spark-conf-volume, emptyDir: {}}]}}}`,
		want: []ownedError{
			{field.ErrorTypeForbidden, "spec.template.spec.volumes[1].name", ""},
			{field.ErrorTypeForbidden, "spec.template.spec.volumes[2].name", ""},
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errs := compileYAML(t, "metadata: {name: t}\nspec: "+tc.spec, CompileOptions{ClusterWide: true})
			var got []ownedError
			for _, e := range errs {
				got = append(got, ownedError{e.Type, e.Field, e.BadValue})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\n%v", diff, errs.ToAggregate())
			}
		})
	}
}

// TestCompileRefusalNamesSparksReason checks the whole message a platform
// team reads for the most common mistake, mounting over Spark's conf dir.
func TestCompileRefusalNamesSparksReason(t *testing.T) {
	_, _, errs := compileYAML(t, `metadata: {name: t}
spec: {template: {spec: {containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: conf, mountPath: /opt/spark/conf}]}], volumes: [{name: conf, configMap: {name: c}}]}}}`,
		CompileOptions{ClusterWide: true})
	want := []string{`spec.template.spec.containers[0].volumeMounts[0].mountPath: Invalid value: "/opt/spark/conf": ` +
		`Spark mounts its configuration there (SPARK_CONF_DIR_INTERNAL: the driver's spark-conf-volume-driver from KubernetesClientApplication, ` +
		`the executors' spark-conf-volume-exec from BasicExecutorFeatureStep); set spark.* confs instead`}
	if diff := cmp.Diff(want, errorStrings(errs)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestMergeLocalDirVolumes(t *testing.T) {
	// A PVC on local NVMe: a hostPath would need a privileged platform
	// (security_test.go); the merge is the same for any source.
	nvmeClaim := corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "nvme"}}
	nvme := `volumes: [{name: spark-local-dir-1, persistentVolumeClaim: {claimName: nvme}}]`
	withScratch := func(src corev1.VolumeSource) func() *corev1.Pod {
		return func() *corev1.Pod {
			p := driverPod()
			p.Spec.Volumes[0].VolumeSource = src
			return p
		}
	}
	submitters := corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/mnt/disk1"}}
	runMergeCases(t, []mergeCase{{
		name: "Default: the template's volume replaces the source of Spark's emptyDir; Spark's mount stays, the template's is added",
		spec: `template: {spec: {` + nvme + `, containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: spark-local-dir-1, mountPath: /data1}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Volumes[0].VolumeSource = nvmeClaim
			sparkOf(p).VolumeMounts = append(sparkOf(p).VolumeMounts, corev1.VolumeMount{Name: "spark-local-dir-1", MountPath: "/data1"})
		},
	}, {
		name: "Enforce: the same",
		spec: `{policy: Enforce, template: {spec: {` + nvme + `}}}`,
		want: func(p *corev1.Pod) { p.Spec.Volumes[0].VolumeSource = nvmeClaim },
	}, {
		name: "an init container of the template may mount the scratch volume (a chown)",
		spec: `template: {spec: {` + nvme + `, initContainers: [{name: chown, image: busybox, volumeMounts: [{name: spark-local-dir-1, mountPath: /data1}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Volumes[0].VolumeSource = nvmeClaim
			p.Spec.InitContainers = []corev1.Container{{Name: "chown", Image: "busybox", VolumeMounts: []corev1.VolumeMount{{Name: "spark-local-dir-1", MountPath: "/data1"}}}}
		},
	}, {
		name: "Default keeps a scratch volume the submitter chose (a hostPath) and warns",
		spec: `template: {spec: {` + nvme + `}}`,
		pod:  withScratch(submitters),
		wantReport: Report{Conflicts: 1, Warnings: []string{
			`template "tpl": spec.volumes[spark-local-dir-1]: the Pod's value is kept (the Pod's scratch volume is not the emptyDir Spark makes by default)`}},
	}, {
		name: "Default keeps Spark's tmpfs emptyDir (spark.kubernetes.local.dirs.tmpfs) and warns",
		spec: `template: {spec: {` + nvme + `}}`,
		pod:  withScratch(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory}}),
		wantReport: Report{Conflicts: 1, Warnings: []string{
			`template "tpl": spec.volumes[spark-local-dir-1]: the Pod's value is kept (the Pod's scratch volume is not the emptyDir Spark makes by default)`}},
	}, {
		name: "Default keeps an emptyDir with a size limit (spark.kubernetes.*.volumes.emptyDir.spark-local-dir-1.options.sizeLimit) and warns",
		spec: `template: {spec: {` + nvme + `}}`,
		pod:  withScratch(corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: ptr.To(resource.MustParse("50Gi"))}}),
		wantReport: Report{Conflicts: 1, Warnings: []string{
			`template "tpl": spec.volumes[spark-local-dir-1]: the Pod's value is kept (the Pod's scratch volume is not the emptyDir Spark makes by default)`}},
	}, {
		name: "Enforce replaces a scratch volume the submitter chose",
		spec: `{policy: Enforce, template: {spec: {` + nvme + `}}}`,
		pod:  withScratch(submitters),
		want: func(p *corev1.Pod) { p.Spec.Volumes[0].VolumeSource = nvmeClaim },
	}, {
		name: "a template volume the Pod already has is no change",
		spec: `template: {spec: {` + nvme + `}}`,
		pod:  withScratch(nvmeClaim),
	}, {
		name: "Default: a scratch volume the Pod lacks is left out, with the mounts of it",
		spec: `template: {spec: {volumes: [{name: spark-local-dir-2, persistentVolumeClaim: {claimName: nvme2}}],
  containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: spark-local-dir-2, mountPath: /data2}]}]}}`,
		wantReport: Report{DanglingMounts: 1, Warnings: []string{
			`template "tpl": spec.volumes[spark-local-dir-2]: the Pod has no volume "spark-local-dir-2": Spark set SPARK_LOCAL_DIRS to its own scratch volumes (spark-local-dir-1) when it built the Pod, and sparkhook only replaces their source (spark.local.dir decides how many there are); left out`,
			`template "tpl": spec.containers[spark-kubernetes-driver].volumeMounts[/data2]: the template's volume "spark-local-dir-2" was not added: the Pod has no Spark scratch volume of that name; left out`,
		}},
	}, {
		name: "Enforce: a scratch volume the Pod lacks denies the Pod",
		spec: `{policy: Enforce, template: {spec: {volumes: [{name: spark-local-dir-2, persistentVolumeClaim: {claimName: nvme2}}]}}}`,
		wantErrs: field.ErrorList{field.Invalid(field.NewPath("spec", "volumes").Key("spark-local-dir-2"), "spark-local-dir-2",
			`the Pod has no volume "spark-local-dir-2": Spark set SPARK_LOCAL_DIRS to its own scratch volumes (spark-local-dir-1) when it built the Pod, and sparkhook only replaces their source (spark.local.dir decides how many there are)`)},
	}})
}

func TestMergeKeepsSparkSecretVolumes(t *testing.T) {
	// spark.kubernetes.driver.secrets.db-creds=/etc/db: MountSecretsFeatureStep.
	withSecret := func() *corev1.Pod {
		p := driverPod()
		p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "db-creds-volume",
			VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "db-creds"}}})
		sparkOf(p).VolumeMounts = append(sparkOf(p).VolumeMounts, corev1.VolumeMount{Name: "db-creds-volume", MountPath: "/etc/db"})
		return p
	}
	warning := `template "tpl": spec.volumes[db-creds-volume]: Spark mounts Secret "db-creds" in this volume (spark.kubernetes.*.secrets.*, Spark's MountSecretsFeatureStep); the template's volume of that name is left out, and its mounts with it`
	mountWarning := func(container, path string) string {
		return `template "tpl": spec.containers[` + container + `].volumeMounts[` + path + `]: the template's volume "db-creds-volume" was left out: the Pod's volume of that name is Spark's, and mounting it here would put Spark's Secret where the template meant its own; left out`
	}
	runMergeCases(t, []mergeCase{{
		name:       "Enforce never replaces it",
		spec:       `{policy: Enforce, template: {spec: {volumes: [{name: db-creds-volume, configMap: {name: other}}]}}}`,
		pod:        withSecret,
		wantReport: Report{Warnings: []string{warning}},
	}, {
		name:       "Default keeps it too, with the same warning",
		spec:       `template: {spec: {volumes: [{name: db-creds-volume, configMap: {name: other}}]}}`,
		pod:        withSecret,
		wantReport: Report{Warnings: []string{warning}},
	}, {
		name: "the same volume in the template is no change",
		spec: `{policy: Enforce, template: {spec: {volumes: [{name: db-creds-volume, secret: {secretName: db-creds}}]}}}`,
		pod:  withSecret,
	}, {
		name: "Enforce leaves the template's mounts of it out too, in the Spark container and a sidecar",
		spec: `{policy: Enforce, template: {spec: {volumes: [{name: db-creds-volume, secret: {secretName: platform-s3}}],
  containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: db-creds-volume, mountPath: /mnt/s3}]},
    {name: agent, image: agent:1, volumeMounts: [{name: db-creds-volume, mountPath: /mnt/s3}]}]}}}`,
		pod: withSecret,
		want: func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "agent", Image: "agent:1"})
		},
		wantReport: Report{Warnings: []string{warning, mountWarning("agent", "/mnt/s3"), mountWarning("spark-kubernetes-driver", "/mnt/s3")}},
	}, {
		name: "Default does the same",
		spec: `template: {spec: {volumes: [{name: db-creds-volume, secret: {secretName: platform-s3}}],
  containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: db-creds-volume, mountPath: /mnt/s3}]}]}}`,
		pod:        withSecret,
		wantReport: Report{Warnings: []string{warning, mountWarning("spark-kubernetes-driver", "/mnt/s3")}},
	}})
}

func TestMergeResourcesOfResourceProfiles(t *testing.T) {
	resources := `containers: [{name: spark-kubernetes-executor, resources: {requests: {ephemeral-storage: 20Gi}, limits: {cpu: "4", nvidia.com/gpu: "1"}}}]`
	profile := func(id string) func() *corev1.Pod {
		return func() *corev1.Pod {
			p := executorPod()
			p.Labels[labelResourceProfileID] = id
			return p
		}
	}
	applied := func(p *corev1.Pod) {
		r := &sparkOf(p).Resources
		r.Requests[corev1.ResourceEphemeralStorage] = resource.MustParse("20Gi")
		r.Limits[corev1.ResourceCPU] = resource.MustParse("4")
		r.Limits["nvidia.com/gpu"] = resource.MustParse("1")
	}
	for _, policy := range []string{"Default", "Enforce"} {
		spec := `{policy: ` + policy + `, template: {spec: {` + resources + `}}}`
		t.Run(policy, func(t *testing.T) {
			runMergeCases(t, []mergeCase{{
				name: "the default profile 0 gets the template's resources",
				spec: spec, pod: profile("0"), role: "executor", want: applied,
			}, {
				name: "an executor without the label (Spark 3.0 and older) has the default profile",
				spec: spec, pod: executorPod, role: "executor", want: applied,
			}, {
				name: "profile 3 does not, as Spark clears a template's resources for it",
				spec: spec, pod: profile("3"), role: "executor",
			}, {
				name: "the rest of the Spark container still merges into profile 3",
				spec: `{policy: ` + policy + `, template: {spec: {containers: [{name: spark-kubernetes-executor, env: [{name: TZ, value: UTC}], resources: {limits: {cpu: "4"}}}]}}}`,
				pod:  profile("3"), role: "executor",
				want: func(p *corev1.Pod) { sparkOf(p).Env = append(sparkOf(p).Env, corev1.EnvVar{Name: "TZ", Value: "UTC"}) },
			}})
		})
	}
}

// TestSparkOwnedEnvCoversTheFixtures checks the env list against the real
// Spark Pods in test/testdata/pods: every SPARK_ variable Spark set in its
// container there is one a template may not set.
func TestSparkOwnedEnvCoversTheFixtures(t *testing.T) {
	for _, name := range []string{"spark-3.5-driver.yaml", "spark-3.5-executor.yaml", "spark-3.5-executor-template-renamed.yaml", "spark-operator-v2-executor.yaml"} {
		pod := readPodFixture(t, name)
		for _, c := range pod.Spec.Containers {
			for _, e := range c.Env {
				if _, owned := sparkOwnedEnvName(e.Name); !owned && strings.Contains(e.Name, "SPARK_") {
					t.Errorf("%s: %s sets %s, which templates may set", name, c.Name, e.Name)
				}
			}
		}
	}
}

// TestLoadFilesRefusesWhatSparkOwns loads a podTemplateFile as platforms
// pass it to Spark, mounting its own conf dir over Spark's: the file
// loader refuses it with the file, the template and the field.
func TestLoadFilesRefusesWhatSparkOwns(t *testing.T) {
	file := `apiVersion: v1
kind: Pod
metadata: {name: own-conf}
spec:
  volumes: [{name: conf, configMap: {name: my-spark-conf}}]
  containers:
  - name: spark-kubernetes-executor
    volumeMounts: [{name: conf, mountPath: /opt/spark/conf}]
`
	_, _, err := LoadFiles([]File{{Name: "own-conf.yaml", Data: []byte(file)}})
	want := []string{`own-conf.yaml: template "own-conf": spec.containers[0].volumeMounts[0].mountPath: Invalid value: "/opt/spark/conf": ` +
		`Spark mounts its configuration there (SPARK_CONF_DIR_INTERNAL: the driver's spark-conf-volume-driver from KubernetesClientApplication, ` +
		`the executors' spark-conf-volume-exec from BasicExecutorFeatureStep); set spark.* confs instead`}
	if diff := cmp.Diff(want, errLines(err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
