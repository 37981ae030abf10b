package templates

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// What Spark computes or mounts in its own container. Spark builds the Pod
// from its confs after reading a podTemplateFile, so what a template's Spark
// container sets there is either replaced by Spark, shadowed by it, or
// clashes with it; sparkhook, which sees the Pod after Spark built it, does
// with each what Spark does:
//
//   - mounts where Spark always mounts (its conf dir) are refused when the
//     template is registered, under either policy: with Spark the Pod would
//     carry two mounts at one path, which the API server refuses, and merged
//     by sparkhook they would break the Pod (a driver without
//     spark.properties); mounts where Spark mounts only when a conf asks for
//     it (sparkMountedOnRequest) are merged only where Spark did not mount;
//   - the memory request and limit and the cpu request are ignored, with a
//     warning at registration: Spark puts its own values over a template's
//     (sparkSizedResources);
//   - Spark's env is merged only where the Pod's Spark container lacks it,
//     under either policy: Spark appends its env after a template's
//     (mergeSparkEnv).
//
// Sidecars and init containers have their own env and mounts and may set any
// of them. Sources are Spark's resource-managers/kubernetes/core/.../deploy/k8s
// Constants.scala and the feature steps named below, 3.0 to 4.x.

// sparkOwnedMountPaths are the paths at which Spark mounts a volume of its
// own in its container, and why.
var sparkOwnedMountPaths = map[string]string{
	"/opt/spark/conf": "Spark mounts its configuration there (SPARK_CONF_DIR_INTERNAL: the driver's spark-conf-volume-driver from KubernetesClientApplication, " +
		"the executors' spark-conf-volume-exec from BasicExecutorFeatureStep); set spark.* confs instead",
	"/opt/spark/conf/spark.properties":          "Spark's properties file (SPARK_CONF_PATH), from the driver's ConfigMap; set spark.* confs instead",
	"/opt/spark/pod-template":                   "Spark mounts the executor pod template there in the driver (EXECUTOR_POD_SPEC_TEMPLATE_MOUNTPATH, PodTemplateConfigMapStep)",
	"/mnt/secrets/spark-kubernetes-credentials": "Spark mounts the driver's Kubernetes credentials there (DRIVER_CREDENTIALS_SECRETS_BASE_DIR, DriverKubernetesCredentialsFeatureStep)",
	"/opt/hadoop/conf": "Spark mounts the Hadoop configuration there (HADOOP_CONF_DIR_PATH, HadoopConfDriverFeatureStep and HadoopConfExecutorFeatureStep); " +
		"set spark.kubernetes.hadoop.configMapName instead",
	"/etc/krb5.conf":                  "Spark mounts krb5.conf there (KRB_FILE_DIR_PATH, KerberosConfDriverFeatureStep); set spark.kubernetes.kerberos.krb5.configMapName instead",
	"/mnt/secrets/kerberos-keytab":    "Spark mounts the Kerberos keytab there (KERBEROS_KEYTAB_MOUNT_POINT, KerberosConfDriverFeatureStep)",
	"/mnt/secrets/hadoop-credentials": "Spark mounts the Hadoop delegation tokens there (SPARK_APP_HADOOP_CREDENTIALS_BASE_DIR, KerberosConfDriverFeatureStep and KerberosConfExecutorFeatureStep)",
}

// sparkMountedOnRequest are the paths of sparkOwnedMountPaths at which
// Spark mounts only when a conf asks for it: the executor pod template
// (spark.kubernetes.executor.podTemplateFile), the driver's credentials
// (spark.kubernetes.authenticate.driver.mounted.* and .submission.*), the
// Hadoop conf (HADOOP_CONF_DIR at submission or
// spark.kubernetes.hadoop.configMapName) and Kerberos
// (spark.kubernetes.kerberos.*). Without the conf Spark accepts a
// template's own mount there and keeps it; with it the Pod would carry two
// mounts at one path. So a template's mount at one of these paths is
// merged only into Pods whose Spark container has none there
// (withoutSparkMounted); the conf dir Spark always mounts stays refused.
var sparkMountedOnRequest = sets.New(
	"/opt/spark/pod-template", "/mnt/secrets/spark-kubernetes-credentials", "/opt/hadoop/conf",
	"/etc/krb5.conf", "/mnt/secrets/kerberos-keytab", "/mnt/secrets/hadoop-credentials",
)

// sparkOwnedEnv are the environment variables Spark sets in its container,
// and the feature step that sets each. A second entry of the same name
// would shadow Spark's (the kubelet keeps the last) or be shadowed by it.
var sparkOwnedEnv = map[string]string{
	"SPARK_USER":                           "BasicDriverFeatureStep, BasicExecutorFeatureStep",
	"SPARK_APPLICATION_ID":                 "BasicDriverFeatureStep, BasicExecutorFeatureStep",
	"SPARK_DRIVER_BIND_ADDRESS":            "BasicDriverFeatureStep",
	"SPARK_CONF_DIR":                       "KubernetesClientApplication, BasicExecutorFeatureStep",
	"SPARK_LOCAL_DIRS":                     "LocalDirsFeatureStep",
	"SPARK_DRIVER_URL":                     "BasicExecutorFeatureStep",
	"SPARK_EXECUTOR_CORES":                 "BasicExecutorFeatureStep",
	"SPARK_EXECUTOR_MEMORY":                "BasicExecutorFeatureStep",
	"SPARK_EXECUTOR_ID":                    "BasicExecutorFeatureStep",
	"SPARK_RESOURCE_PROFILE_ID":            "BasicExecutorFeatureStep, Spark 3.1+",
	"SPARK_EXECUTOR_POD_IP":                "BasicExecutorFeatureStep",
	"SPARK_EXECUTOR_POD_NAME":              "BasicExecutorFeatureStep",
	"SPARK_EXECUTOR_ATTRIBUTE_APP_ID":      "BasicExecutorFeatureStep, with spark.ui.custom.executor.log.url",
	"SPARK_EXECUTOR_ATTRIBUTE_EXECUTOR_ID": "BasicExecutorFeatureStep, with spark.ui.custom.executor.log.url",
	"SPARK_CLASSPATH":                      "BasicExecutorFeatureStep, from spark.executor.extraClassPath",
	"SPARK_DRIVER_POD_IP":                  "Spark's entrypoint.sh through spark.executorEnv, Spark 3.5+",
	"_SPARK_AUTH_SECRET":                   "BasicExecutorFeatureStep, SecurityManager.ENV_AUTH_SECRET",
	"HADOOP_CONF_DIR":                      "HadoopConfDriverFeatureStep, HadoopConfExecutorFeatureStep",
	"HADOOP_TOKEN_FILE_LOCATION":           "KerberosConfDriverFeatureStep, KerberosConfExecutorFeatureStep",
}

// sparkJavaOptPrefix begins SPARK_JAVA_OPT_0, _1, …: the executor's JVM
// options (BasicExecutorFeatureStep, ENV_JAVA_OPT_PREFIX).
const sparkJavaOptPrefix = "SPARK_JAVA_OPT_"

// sparkSizedResources are the Spark container's resources Spark computes
// from its confs. BasicDriverFeatureStep and BasicExecutorFeatureStep (3.0 to
// 4.x) build Spark's container on the template's and add these with
// addToRequests / addToLimits, which replace a template's value of the same
// name: Spark accepts a template that sets them and never runs with its
// values. A cpu limit, ephemeral storage and extended resources stay the
// template's to set.
var sparkSizedResources = []struct {
	list   string
	name   corev1.ResourceName
	reason string
}{
	{"requests", corev1.ResourceMemory, "Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep)"},
	{"limits", corev1.ResourceMemory, "Spark sets its container's memory request and limit from spark.{driver,executor}.memory and memoryOverhead over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep)"},
	{"requests", corev1.ResourceCPU, "Spark sets its container's cpu request from spark.{driver,executor}.cores or spark.kubernetes.{driver,executor}.request.cores over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep)"},
}

// sparkOwnedEnvName reports whether Spark sets the environment variable name in
// its container, and if so which part of Spark does.
func sparkOwnedEnvName(name string) (string, bool) {
	if why, ok := sparkOwnedEnv[name]; ok {
		return why, true
	}
	if strings.HasPrefix(name, sparkJavaOptPrefix) {
		return "BasicExecutorFeatureStep, the executor's JVM options", true
	}
	return "", false
}

// validateSparkOwned refuses the mounts of the template's Spark container c
// at the paths where Spark always mounts. p is c's field path.
func validateSparkOwned(c *corev1.Container, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, m := range c.VolumeMounts {
		clean := cleanMountPath(m.MountPath)
		if why, ok := sparkOwnedMountPaths[clean]; ok && !sparkMountedOnRequest.Has(clean) {
			errs = append(errs, field.Invalid(p.Child("volumeMounts").Index(i).Child("mountPath"), m.MountPath, why))
		}
	}
	return errs
}

// dropSparkSized removes from the template's Spark container c the
// resources Spark sizes itself (sparkSizedResources), as Spark replaces
// them, and says so for each, at its field. Merged, they would fight Spark's
// values: kept as a conflict under Default, and under Enforce an executor
// below the memory Spark sized. p is c's field path.
func dropSparkSized(c *corev1.Container, p *field.Path) []string {
	var out []string
	for _, r := range sparkSizedResources {
		list := c.Resources.Requests
		if r.list == "limits" {
			list = c.Resources.Limits
		}
		if q, ok := list[r.name]; ok {
			out = append(out, fmt.Sprintf("%s: ignored (%s): %s, so the template's value never reaches a Pod; set those confs instead",
				p.Child("resources", r.list).Key(string(r.name)), q.String(), r.reason))
			delete(list, r.name)
		}
	}
	if len(c.Resources.Requests) == 0 {
		c.Resources.Requests = nil
	}
	if len(c.Resources.Limits) == 0 {
		c.Resources.Limits = nil
	}
	return out
}

// sparkOwnedNotes applies dropSparkSized, sparkOwnedEnvWarnings and
// onRequestMountWarnings to each Spark container of the template pt, and
// warns of the labels Spark sets itself. path is pt's field path.
func sparkOwnedNotes(pt *corev1.PodTemplateSpec, spark sparkContainers, path *field.Path) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(pt.Labels)) {
		if reservedLabels.Has(k) {
			out = append(out, fmt.Sprintf("%s: Spark sets this label itself, over a template's (BasicDriverFeatureStep, BasicExecutorFeatureStep): it is added only to Pods without it, under either policy",
				path.Child("metadata", "labels").Key(k)))
		}
	}
	spec := path.Child("spec")
	for i := range pt.Spec.Containers {
		if spark.isSpark(i) {
			p := spec.Child("containers").Index(i)
			out = append(out, dropSparkSized(&pt.Spec.Containers[i], p)...)
			out = append(out, sparkOwnedEnvWarnings(&pt.Spec.Containers[i], p)...)
			out = append(out, onRequestMountWarnings(&pt.Spec.Containers[i], p)...)
			out = append(out, onRequestLimitWarnings(&pt.Spec.Containers[i], p)...)
		}
	}
	return out
}

// withoutSparkLabels is the template's labels src but those of
// reservedLabels the Pod's labels dst have already: Spark set them over
// any template's. src itself when it has none of them, as nearly every
// template.
func withoutSparkLabels(dst, src map[string]string) map[string]string {
	var out map[string]string
	for k := range reservedLabels {
		if _, set := dst[k]; !set {
			continue
		}
		if _, clash := src[k]; clash {
			if out == nil {
				out = maps.Clone(src)
			}
			delete(out, k)
		}
	}
	if out == nil {
		return src
	}
	return out
}

// onRequestMountWarnings says, for each mount of the template's Spark
// container c at a path of sparkMountedOnRequest, that it reaches only Pods
// where Spark did not mount there. p is c's field path.
func onRequestMountWarnings(c *corev1.Container, p *field.Path) []string {
	var out []string
	for i, m := range c.VolumeMounts {
		clean := cleanMountPath(m.MountPath)
		if sparkMountedOnRequest.Has(clean) {
			out = append(out, fmt.Sprintf("%s: %s: Spark mounts there only when a conf asks for it, so this mount is added only to Pods where Spark did not, under either policy",
				p.Child("volumeMounts").Index(i).Child("mountPath"), sparkOwnedMountPaths[clean]))
		}
	}
	return out
}

// onRequestLimitWarnings says, for each limit of the template's Spark
// container c that Spark sets when a conf asks for it (a cpu limit, an
// extended resource), that it reaches only Pods where Spark set none
// (withoutSparkSizedOnRequest). p is c's field path.
func onRequestLimitWarnings(c *corev1.Container, p *field.Path) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(c.Resources.Limits)) {
		if isSparkSizedOnRequest(name) {
			out = append(out, fmt.Sprintf("%s: merged only into Pods where Spark set none, under either policy: Spark sets this limit over a template's when a conf asks (spark.kubernetes.*.limit.cores for cpu, spark.*.resource.*.amount for a device)",
				p.Child("resources", "limits").Key(string(name))))
		}
	}
	return out
}

// sparkOwnedEnvWarnings says, for each variable of the template's Spark
// container c that Spark sets itself, that it reaches only Pods whose Spark
// container lacks it (mergeSparkEnv). p is c's field path.
func sparkOwnedEnvWarnings(c *corev1.Container, p *field.Path) []string {
	var out []string
	for i, e := range c.Env {
		if why, ok := sparkOwnedEnvName(e.Name); ok {
			out = append(out, fmt.Sprintf("%s: %s is Spark's (%s): it is added only where Spark did not set it, under either policy, as Spark's own value comes after a template's",
				p.Child("env").Index(i).Child("name"), e.Name, why))
		}
	}
	return out
}

// sparkEnvDetail is the refusal of a spec.secretEnv variable Spark sets.
// spec.secretEnv is sparkhook's own field, not a podTemplateFile's, and
// Spark puts a spark.kubernetes.*.secretKeyRef variable of that name after
// its own (EnvSecretsFeatureStep), where it would replace Spark's value.
func sparkEnvDetail(why string) string {
	return fmt.Sprintf("Spark sets this variable in its container (%s); spec.secretEnv may not replace it", why)
}

// cleanMountPath is a mount path as the container runtime sees it:
// /opt/spark/conf/ and /opt/spark//conf are /opt/spark/conf.
func cleanMountPath(p string) string {
	if p == "" {
		return p
	}
	return path.Clean(p)
}

// isSparkSecretVolume reports whether v is a Secret volume Spark added for
// spark.kubernetes.{driver,executor}.secrets.<name>: Spark's
// MountSecretsFeatureStep names it <name>-volume.
func isSparkSecretVolume(v *corev1.Volume) bool {
	return v.Secret != nil && v.Name == v.Secret.SecretName+"-volume"
}
