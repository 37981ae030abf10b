package sparkconf

import "testing"

// The driver's volume prefix, to keep the cases short.
const drvVol = "spark.kubernetes.driver.volumes."

// TestK8sVolumeRules follows KubernetesVolumeUtils.parseVolumesWithPrefix
// by release: required options, the sizeLimit check, subPath against
// subPathExpr, the volume types and options each release knows.
func TestK8sVolumeRules(t *testing.T) {
	runProblemCases(t, []problemCase{{
		name: "complete hostPath volume",
		input: drvVol + "hostPath.data.mount.path=/data\n" + drvVol + "hostPath.data.options.path=/mnt/data\n" +
			drvVol + "hostPath.data.mount.readOnly=TRUE\n",
		version: "3.0..4.2",
	}, {
		name:    "hostPath without options.path from 3.1",
		input:   drvVol + "hostPath.data.mount.path=/data\n",
		version: "3.1.0",
		want: []Problem{{Line: 1, Key: drvVol + "hostPath.data.mount.path", Severity: Error,
			Message: "hostPath.data.options.path is required for hostPath"}},
	}, {
		name:    "hostPath without options.path in 3.0",
		input:   drvVol + "hostPath.data.mount.path=/data\n",
		version: "3.0.3",
		want: []Problem{{Line: 1, Key: drvVol + "hostPath.data.mount.path", Severity: Error,
			Message: "key not found: hostPath.data.options.path"}},
	}, {
		name:    "PVC without claimName",
		input:   drvVol + "persistentVolumeClaim.data.mount.path=/data\n",
		version: "4.2.1",
		want: []Problem{{Line: 1, Key: drvVol + "persistentVolumeClaim.data.mount.path", Severity: Error,
			Message: "persistentVolumeClaim.data.options.claimName is required for persistentVolumeClaim"}},
	}, {
		name:    "complete PVC",
		input:   drvVol + "persistentVolumeClaim.data.options.claimName=OnDemand\n" + drvVol + "persistentVolumeClaim.data.mount.path=/data\n",
		version: "3.0..4.2",
	}, {
		name:    "hostPath without options.path, read by 3.0 and 3.1",
		input:   drvVol + "hostPath.data.mount.path=/data\n",
		version: "3.0..3.1",
		want: []Problem{{Line: 1, Key: drvVol + "hostPath.data.mount.path", Severity: Error,
			Message: "key not found: hostPath.data.options.path (Spark 3.0.0 to 3.0.x); " +
				"hostPath.data.options.path is required for hostPath (Spark 3.1.0 to 3.1.x)"}},
	}, {
		name:    "a volume without a name",
		input:   drvVol + "hostPath..mount.path=/data\n",
		version: "4.2.1",
		want: []Problem{{Line: 1, Key: drvVol + "hostPath..mount.path", Severity: Error,
			Message: "not a volume key: Spark expects " + drvVol + "<type>.<name>.<option>, and a volume needs a name"}},
	}, {
		name:    "nfs before 3.1",
		input:   drvVol + "nfs.share.mount.path=/share\n",
		version: "3.0.3",
		want: []Problem{{Line: 1, Key: drvVol + "nfs.share.mount.path", Severity: Error,
			Message: "Kubernetes Volume type `nfs` is not supported: Spark 3.1.0 added it"}},
	}, {
		name: "complete nfs from 3.1",
		input: drvVol + "nfs.share.mount.path=/share\n" + drvVol + "nfs.share.options.path=/exports\n" +
			drvVol + "nfs.share.options.server=nfs.example.com\n",
		version: "3.1.0",
	}, {
		name:    "nfs without server",
		input:   drvVol + "nfs.share.mount.path=/share\n" + drvVol + "nfs.share.options.path=/exports\n",
		version: "3.5.3",
		want: []Problem{{Line: 1, Key: drvVol + "nfs.share.mount.path", Severity: Error,
			Message: "nfs.share.options.server is required for nfs"}},
	}, {
		name:    "emptyDir with only a medium",
		input:   drvVol + "emptyDir.tmp.options.medium=Memory\n",
		version: "4.2.1",
		want: []Problem{{Line: 1, Key: drvVol + "emptyDir.tmp.options.medium", Severity: Error,
			Message: "volume tmp has no " + drvVol + "emptyDir.tmp.mount.path, which Spark requires"}},
	}, {
		name:    "emptyDir size without units from 4.0",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=100\n",
		version: "4.0.0",
		want: []Problem{{Line: 2, Key: drvVol + "emptyDir.tmp.options.sizeLimit", Severity: Error,
			Message: "Volume size `100` is smaller than 1KiB. Missing units?"}},
	}, {
		name:    "emptyDir size without units before 4.0",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=100\n",
		version: "3.5.3",
	}, {
		name:    "emptyDir size with units",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=100Gi\n",
		version: "4.0+",
	}, {
		name:    "emptyDir size of 1 KiB in bytes",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=1024\n",
		version: "4.0+",
	}, {
		name:    "emptyDir empty size",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=\n",
		version: "4.1.0",
		want: []Problem{{Line: 2, Key: drvVol + "emptyDir.tmp.options.sizeLimit", Severity: Error,
			Message: `For input string: ""`}},
	}, {
		name: "PVC size without units from 4.0",
		input: drvVol + "persistentVolumeClaim.d.options.claimName=OnDemand\n" + drvVol + "persistentVolumeClaim.d.mount.path=/d\n" +
			drvVol + "persistentVolumeClaim.d.options.sizeLimit=500\n",
		version: "4.2.1",
		want: []Problem{{Line: 3, Key: drvVol + "persistentVolumeClaim.d.options.sizeLimit", Severity: Error,
			Message: "Volume size `500` is smaller than 1KiB. Missing units?"}},
	}, {
		name:    "a size without units, read by 3.5 and 4.0",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.options.sizeLimit=100\n",
		version: "3.5..4.0",
		want: []Problem{{Line: 2, Key: drvVol + "emptyDir.tmp.options.sizeLimit", Severity: Warning,
			Message: "Spark 4.0.0 to 4.0.x would refuse \"100\": Volume size `100` is smaller than 1KiB. Missing units?; not denied, since other releases that may read this file accept it"}},
	}, {
		name: "subPath and subPathExpr from 4.0",
		input: drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.mount.subPath=a\n" +
			drvVol + "emptyDir.tmp.mount.subPathExpr=$(POD_NAME)\n",
		version: "4.0.0",
		want: []Problem{{Line: 3, Key: drvVol + "emptyDir.tmp.mount.subPathExpr", Severity: Error,
			Message: "These config options are mutually exclusive: emptyDir.tmp.mount.subPath, emptyDir.tmp.mount.subPathExpr"}},
	}, {
		name:    "subPathExpr alone from 4.0",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.mount.subPathExpr=$(POD_NAME)\n",
		version: "4.0.0",
	}, {
		name: "subPathExpr before 4.0",
		input: drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.mount.subPath=a\n" +
			drvVol + "emptyDir.tmp.mount.subPathExpr=$(POD_NAME)\n",
		version: "3.5.3",
		want: []Problem{{Line: 3, Key: drvVol + "emptyDir.tmp.mount.subPathExpr", Severity: Warning,
			Message: "unknown volume option, ignored by Spark"}},
	}, {
		name: "hostPath type before and from 4.0",
		input: drvVol + "hostPath.h.mount.path=/h\n" + drvVol + "hostPath.h.options.path=/h\n" +
			drvVol + "hostPath.h.options.type=Directory\n",
		version: "3.5..4.0",
		want: []Problem{{Line: 3, Key: drvVol + "hostPath.h.options.type", Severity: Warning,
			Message: "unknown volume option, ignored by Spark (Spark 3.5.0 to 3.x)"}},
	}, {
		name:    "readOnly not a boolean",
		input:   drvVol + "emptyDir.tmp.mount.path=/tmp\n" + drvVol + "emptyDir.tmp.mount.readOnly=yes\n",
		version: "4.2.1",
		want: []Problem{{Line: 2, Key: drvVol + "emptyDir.tmp.mount.readOnly", Severity: Error,
			Message: `invalid boolean "yes": Spark accepts true or false`}},
	}, {
		name:    "a key without a volume name is skipped by Spark",
		input:   drvVol + "hostPath=/data\n",
		version: "4.2.1",
		want: []Problem{{Line: 1, Key: drvVol + "hostPath", Severity: Warning,
			Message: "not a volume key, ignored by Spark: it reads " + drvVol + "<type>.<name>.<option>"}},
	}, {
		name: "a key without an option is ignored once the volume is complete",
		input: drvVol + "emptyDir.tmp=x\n" + drvVol + "emptyDir.tmp.mount.path=/tmp\n" +
			"spark.kubernetes.executor.volumes.emptyDir.tmp.mount.readOnly=false\n",
		version: "4.2.1",
		want: []Problem{
			{Line: 1, Key: drvVol + "emptyDir.tmp", Severity: Warning, Message: "unknown volume option, ignored by Spark"},
			{Line: 3, Key: "spark.kubernetes.executor.volumes.emptyDir.tmp.mount.readOnly", Severity: Error,
				Message: "volume tmp has no spark.kubernetes.executor.volumes.emptyDir.tmp.mount.path, which Spark requires"},
		},
	}, {
		name:    "missing keys reported on the effective entry of a duplicate",
		input:   drvVol + "hostPath.d.options.path=/a\n" + drvVol + "hostPath.d.options.path=/b\n",
		version: "4.2.1",
		want: []Problem{
			{Line: 1, Key: drvVol + "hostPath.d.options.path", Severity: Warning, Message: "duplicate key, line 1 overridden by line 2"},
			{Line: 2, Key: drvVol + "hostPath.d.options.path", Severity: Error,
				Message: "volume d has no " + drvVol + "hostPath.d.mount.path, which Spark requires"},
		},
	}})
}

// TestK8sReservedLabels follows KubernetesDriverConf.labels and
// KubernetesExecutorConf.labels: the names each role reserves, by release,
// and each role's message.
func TestK8sReservedLabels(t *testing.T) {
	const drv, exe = "spark.kubernetes.driver.label.", "spark.kubernetes.executor.label."
	runProblemCases(t, []problemCase{{
		name: "driver role", input: drv + "spark-role=x\n", version: "3.0.0",
		want: []Problem{{Line: 1, Key: drv + "spark-role", Severity: Error,
			Message: "Label with key spark-role is not allowed as it is reserved for Spark bookkeeping operations."}},
	}, {
		name: "executor role", input: exe + "spark-role=x\n", version: "4.2.1",
		want: []Problem{{Line: 1, Key: exe + "spark-role", Severity: Error,
			Message: "Custom executor labels cannot contain spark-role as it is reserved for Spark."}},
	}, {
		name: "driver spark-version from 3.3", input: drv + "spark-version=3\n", version: "3.3.0",
		want: []Problem{{Line: 1, Key: drv + "spark-version", Severity: Error,
			Message: "Label with key spark-version is not allowed as it is reserved for Spark bookkeeping operations."}},
	}, {
		name: "driver spark-version before 3.3", input: drv + "spark-version=3\n", version: "3.2.4",
	}, {
		name: "driver spark-app-name from 3.3", input: drv + "spark-app-name=etl\n", version: "4.0",
		want: []Problem{{Line: 1, Key: drv + "spark-app-name", Severity: Error,
			Message: "Label with key spark-app-name is not allowed as it is reserved for Spark bookkeeping operations."}},
	}, {
		name: "executor spark-app-name from 3.3", input: exe + "spark-app-name=etl\n", version: "3.3.1",
		want: []Problem{{Line: 1, Key: exe + "spark-app-name", Severity: Error,
			Message: "Custom executor labels cannot contain spark-app-name as it is reserved for Spark."}},
	}, {
		name: "executor spark-app-name before 3.3", input: exe + "spark-app-name=etl\n", version: "3.2",
	}, {
		name: "executor resource profile from 3.1", input: exe + "spark-exec-resourceprofile-id=1\n", version: "3.1.1",
		want: []Problem{{Line: 1, Key: exe + "spark-exec-resourceprofile-id", Severity: Error,
			Message: "Custom executor labels cannot contain spark-exec-resourceprofile-id as it is reserved for Spark."}},
	}, {
		name: "executor resource profile in 3.0", input: exe + "spark-exec-resourceprofile-id=1\n", version: "3.0.3",
	}, {
		name: "executor resource profile read by 3.0 and 3.1", input: exe + "spark-exec-resourceprofile-id=1\n", version: "3.0..3.1",
		want: []Problem{{Line: 1, Key: exe + "spark-exec-resourceprofile-id", Severity: Warning,
			Message: `Spark 3.1.0 to 3.1.x would refuse "1": Custom executor labels cannot contain spark-exec-resourceprofile-id as it is reserved for Spark.; not denied, since other releases that may read this file accept it`}},
	}, {
		name: "executor id is the executor's only", input: drv + "spark-exec-id=1\n", version: "4.2.1",
	}, {
		name: "a label of the user's own", input: drv + "team=data\n" + exe + "team=data\n", version: "3.0..4.2",
	}, {
		name: "spark-version read by 3.2 and 3.3", input: drv + "spark-version=3\n", version: "3.2..3.3",
		want: []Problem{{Line: 1, Key: drv + "spark-version", Severity: Warning,
			Message: `Spark 3.3.0 to 3.3.x would refuse "3": Label with key spark-version is not allowed as it is reserved for Spark bookkeeping operations.; not denied, since other releases that may read this file accept it`}},
	}})
}
