package templates

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestCompileIgnoresWhatSparkSizes registers templates whose Spark container
// sets the memory and cpu Spark sizes, as tutorials and EMR-on-EKS samples
// write them (test/testdata/spark-templates/tutorial-*.yaml): Spark accepts
// them and puts its own values over them (BasicDriverFeatureStep,
// BasicExecutorFeatureStep, 3.0 to 4.x), so sparkhook accepts them too,
// drops those values with a warning at their field and keeps the rest.
func TestCompileIgnoresWhatSparkSizes(t *testing.T) {
	q := resource.MustParse
	cases := []struct {
		name          string
		spec          string // spec of a SparkPodTemplate named t
		role          v1alpha1.SparkRole
		wantResources corev1.ResourceRequirements // of the compiled Spark container
		wantWarnings  []string                    // those naming resources
	}{{
		name: "requests only, in a driver template",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {requests: {memory: 4Gi, cpu: "2"}}}]}}}`,
		role: v1alpha1.RoleDriver,
		wantWarnings: []string{
			"spec.template.spec.containers[0].resources.requests[memory]: ignored (4Gi): Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
			"spec.template.spec.containers[0].resources.requests[cpu]: ignored (2): Spark sets its container's cpu request from spark.{driver,executor}.cores or spark.kubernetes.{driver,executor}.request.cores over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
		},
	}, {
		name: "a cpu limit, ephemeral storage and a GPU stay, under Enforce too, the limits for Pods where Spark set none",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-executor, resources: {
  requests: {memory: 8Gi, cpu: "2", ephemeral-storage: 10Gi}, limits: {memory: 8Gi, cpu: "4", nvidia.com/gpu: "1"}}}]}}}`,
		role: v1alpha1.RoleExecutor,
		wantResources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceEphemeralStorage: q("10Gi")},
			Limits:   corev1.ResourceList{corev1.ResourceCPU: q("4"), "nvidia.com/gpu": q("1")},
		},
		wantWarnings: []string{
			"spec.template.spec.containers[0].resources.requests[memory]: ignored (8Gi): Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
			"spec.template.spec.containers[0].resources.limits[memory]: ignored (8Gi): Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
			"spec.template.spec.containers[0].resources.requests[cpu]: ignored (2): Spark sets its container's cpu request from spark.{driver,executor}.cores or spark.kubernetes.{driver,executor}.request.cores over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
			"spec.template.spec.containers[0].resources.limits[cpu]: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)",
			"spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)",
		},
	}, {
		name: "the first container, taken as the Spark container, is read the same way (a Hive metastore meant as a sidecar)",
		spec: `{template: {spec: {containers: [{name: metastore, image: hive:3, resources: {requests: {memory: 512Mi}, limits: {cpu: "1"}}}]}}}`,
		role: v1alpha1.RoleDriver,
		wantResources: corev1.ResourceRequirements{
			Limits: corev1.ResourceList{corev1.ResourceCPU: q("1")},
		},
		wantWarnings: []string{
			"spec.template.spec.containers[0].resources.requests[memory]: ignored (512Mi): Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep), so the template's value never reaches a Pod; set those confs instead",
			"spec.template.spec.containers[0].resources.limits[cpu]: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)",
		},
	}, {
		name: "a sidecar's memory and cpu are its own",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver}, {name: agent, image: agent:1, resources: {requests: {memory: 64Mi, cpu: 50m}}}]}}}`,
		role: v1alpha1.RoleDriver,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, warnings, errs := compileYAML(t, "metadata: {name: t}\nspec: "+tc.spec, CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs.ToAggregate())
			}
			var got corev1.ResourceRequirements
			if c := tpl.SparkContainers[tc.role]; c != nil {
				got = c.Resources
			}
			if diff := cmp.Diff(tc.wantResources, got); diff != "" {
				t.Errorf("the Spark container's resources (-want +got):\n%s", diff)
			}
			var gotWarnings []string
			for _, w := range warnings {
				if strings.Contains(w, ".resources.") {
					gotWarnings = append(gotWarnings, w)
				}
			}
			if diff := cmp.Diff(tc.wantWarnings, gotWarnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMergeTemplateSizedBySpark merges a template setting the memory Spark
// sizes under Enforce: the Pod keeps Spark's memory, and gets the rest.
func TestMergeTemplateSizedBySpark(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "Enforce: Spark's memory and cpu request stay, the cpu limit is added",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-executor, resources: {requests: {memory: 16Gi, cpu: "2"}, limits: {memory: 16Gi, cpu: "3"}}}]}}}`,
		pod:  executorPod, role: v1alpha1.RoleExecutor,
		want: func(p *corev1.Pod) { sparkOf(p).Resources.Limits[corev1.ResourceCPU] = resource.MustParse("3") },
	}})
}

// TestCompileSparkOwnedEnv registers templates whose Spark container sets
// variables Spark sets too: they are accepted, each with a warning that
// says where it will reach Pods.
func TestCompileSparkOwnedEnv(t *testing.T) {
	cases := []struct {
		name string
		spec string
		want []string
	}{{
		name: "Spark's variables, with the step that sets each",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: SPARK_USER, value: etl}, {name: TZ, value: UTC}, {name: SPARK_JAVA_OPT_7, value: -Xss4m}]}]}}}`,
		want: []string{
			"spec.template.spec.containers[0].env[0].name: SPARK_USER is Spark's (BasicDriverFeatureStep, BasicExecutorFeatureStep): it is added only where Spark did not set it, under either policy, as Spark's own value comes after a template's",
			"spec.template.spec.containers[0].env[2].name: SPARK_JAVA_OPT_7 is Spark's (BasicExecutorFeatureStep, the executor's JVM options): it is added only where Spark did not set it, under either policy, as Spark's own value comes after a template's",
		},
	}, {
		name: "a sidecar's are its own",
		spec: `{template: {spec: {containers: [{name: spark-kubernetes-driver}, {name: agent, image: agent:1, env: [{name: SPARK_USER, value: etl}]}]}}}`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, warnings, errs := compileYAML(t, "metadata: {name: t}\nspec: "+tc.spec, CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("refused: %v", errs.ToAggregate())
			}
			var got []string
			for _, w := range warnings {
				if strings.Contains(w, "is Spark's") {
					got = append(got, w)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMergeSparkOwnedEnv merges a template's variables of Spark's names as
// Spark builds a Pod from a template (its env after the template's): Spark's
// value stays where the Pod has one, under either policy and with no
// warning, and the template's is added where the Pod has none.
func TestMergeSparkOwnedEnv(t *testing.T) {
	for _, policy := range []string{"Default", "Enforce"} {
		spec := func(env string) string {
			return `{policy: ` + policy + `, template: {spec: {containers: [{name: spark-kubernetes-driver, env: [` + env + `]}]}}}`
		}
		t.Run(policy, func(t *testing.T) {
			runMergeCases(t, []mergeCase{{
				name: "SPARK_USER, which the Pod has, stays Spark's",
				spec: spec(`{name: SPARK_USER, value: etl}`),
			}, {
				name: "SPARK_CLASSPATH, which Spark set not (no extraClassPath), is added beside the template's other env, in its order",
				spec: spec(`{name: SPARK_CLASSPATH, value: /opt/extra/*}, {name: TZ, value: UTC}`),
				want: func(p *corev1.Pod) {
					sparkOf(p).Env = append(sparkOf(p).Env, corev1.EnvVar{Name: "SPARK_CLASSPATH", Value: "/opt/extra/*"}, corev1.EnvVar{Name: "TZ", Value: "UTC"})
				},
			}})
		})
	}
}

// TestMergeSparkMountedOnRequest merges a template mounting its own
// krb5.conf and Hadoop conf in the Spark container, at the paths where
// Spark mounts them only when spark.kubernetes.kerberos.* or
// spark.kubernetes.hadoop.configMapName ask for it
// (KerberosConfDriverFeatureStep, HadoopConfDriverFeatureStep): Spark keeps
// a template's mount there when it mounts nothing, and sparkhook adds it;
// where Spark mounted its own, the template's is left out, under either
// policy and with no warning.
func TestMergeSparkMountedOnRequest(t *testing.T) {
	krb5 := corev1.VolumeMount{Name: "krb5", MountPath: "/etc/krb5.conf", SubPath: "krb5.conf"}
	hadoop := corev1.VolumeMount{Name: "hadoop", MountPath: "/opt/hadoop/conf"}
	volumes := []corev1.Volume{
		{Name: "krb5", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "krb5"}}}},
		{Name: "hadoop", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "hadoop"}}}},
	}
	withSparkKerberos := func() *corev1.Pod {
		p := driverPod()
		p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "krb5-file", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "spark-krb5"}}}})
		sparkOf(p).VolumeMounts = append(sparkOf(p).VolumeMounts, corev1.VolumeMount{Name: "krb5-file", MountPath: "/etc/krb5.conf", SubPath: "krb5.conf"})
		return p
	}
	for _, policy := range []string{"Default", "Enforce"} {
		spec := `{policy: ` + policy + `, template: {spec: {volumes: [{name: krb5, configMap: {name: krb5}}, {name: hadoop, configMap: {name: hadoop}}],
  containers: [{name: spark-kubernetes-driver, volumeMounts: [{name: krb5, mountPath: /etc/krb5.conf, subPath: krb5.conf}, {name: hadoop, mountPath: /opt/hadoop/conf}]}]}}}`
		t.Run(policy, func(t *testing.T) {
			runMergeCases(t, []mergeCase{{
				name: "Spark mounted neither: both are added",
				spec: spec,
				want: func(p *corev1.Pod) {
					sparkOf(p).VolumeMounts = append(sparkOf(p).VolumeMounts, krb5, hadoop)
					p.Spec.Volumes = append(p.Spec.Volumes, volumes...)
				},
			}, {
				name: "Spark mounted its krb5.conf: the template's is left out, its Hadoop conf added",
				spec: spec,
				pod:  withSparkKerberos,
				want: func(p *corev1.Pod) {
					sparkOf(p).VolumeMounts = append(sparkOf(p).VolumeMounts, hadoop)
					p.Spec.Volumes = append(p.Spec.Volumes, volumes...)
				},
			}})
		})
	}
}

// TestCompileSparkMountedOnRequest checks the registration warning of a
// mount where Spark mounts only on request: it names the field and Spark's
// reason.
func TestCompileSparkMountedOnRequest(t *testing.T) {
	_, warnings, errs := compileYAML(t, `metadata: {name: t}
spec: {template: {spec: {containers: [{name: spark-kubernetes-executor, volumeMounts: [{name: krb5, mountPath: /etc/krb5.conf, subPath: krb5.conf}]}],
  volumes: [{name: krb5, configMap: {name: krb5}}]}}}`, CompileOptions{ClusterWide: true})
	if len(errs) > 0 {
		t.Fatalf("refused: %v", errs.ToAggregate())
	}
	want := []string{"spec.template.spec.containers[0].volumeMounts[0].mountPath: Spark mounts krb5.conf there (KRB_FILE_DIR_PATH, KerberosConfDriverFeatureStep); " +
		"set spark.kubernetes.kerberos.krb5.configMapName instead: Spark mounts there only when a conf asks for it, so this mount is added only to Pods where Spark did not, under either policy"}
	var got []string
	for _, w := range warnings {
		if strings.Contains(w, "volumeMounts") {
			got = append(got, w)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestMergeSparkLabels merges templates carrying labels Spark sets itself,
// as real executor templates do (spark-role: executor,
// test/testdata/spark-templates/executor-template-spark-role-label.yaml):
// Spark adds its own labels over a template's, so the Pod's value stays,
// under either policy and with no warning, and a reserved label the Pod
// lacks (spark-app-name before Spark 3.3) is added as Spark would keep it.
func TestMergeSparkLabels(t *testing.T) {
	for _, policy := range []string{"Default", "Enforce"} {
		spec := `{policy: ` + policy + `, template: {metadata: {labels: {spark-role: executor, spark-app-selector: other, spark-app-name: etl, team: data}}}}`
		t.Run(policy, func(t *testing.T) {
			runMergeCases(t, []mergeCase{{
				name: "a driver keeps Spark's spark-role and spark-app-selector, and gets the rest",
				spec: spec,
				want: func(p *corev1.Pod) {
					p.Labels["spark-app-name"] = "etl"
					p.Labels["team"] = "data"
				},
			}})
		})
	}
	_, warnings, errs := compileYAML(t, "metadata: {name: t}\nspec: {template: {metadata: {labels: {spark-role: executor, team: data}}}}", CompileOptions{ClusterWide: true})
	if len(errs) > 0 {
		t.Fatalf("refused: %v", errs.ToAggregate())
	}
	want := []string{"spec.template.metadata.labels[spark-role]: Spark sets this label itself, over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep): it is added only to Pods without it, under either policy"}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
