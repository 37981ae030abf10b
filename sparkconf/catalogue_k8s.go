package sparkconf

import "slices"

// k8sKeys are the keys of Spark's Kubernetes Config.scala that shape the
// driver and executor pods: images, names, namespaces, credentials, pod
// templates, volumes and services. Checks are the ConfigBuilders'
// checkValue and checkValues rules; the version ranges record where Spark
// changed them.
var k8sKeys = []Key{
	{Name: "spark.kubernetes.context", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.namespace", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.master", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.submitInDriver", Type: TypeBool, Since: "2.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.trust.certificates", Type: TypeBool, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.container.image", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.container.image", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.container.image", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.container.image.pullPolicy", Type: TypeEnum,
		Values: []string{"Always", "Never", "IfNotPresent"}, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.container.image.pullSecrets", Type: TypeString, Seq: true, Since: "2.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.configMap.maxSize", Type: TypeLong, Since: "3.1.0", Source: srcK8s,
		Checks: []Check{le(1048576, "Must have at most 1048576 bytes").in(since("4.0.0"))}},
	{Name: "spark.kubernetes.authenticate.driver.serviceAccountName", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.authenticate.executor.serviceAccountName", Type: TypeString, Since: "3.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.submission.requestTimeout", Type: TypeInt, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.submission.connectionTimeout", Type: TypeInt, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.submission.waitAppCompletion", Type: TypeBool, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.requestTimeout", Type: TypeInt, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.connectionTimeout", Type: TypeInt, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.limit.cores", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.request.cores", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.limit.cores", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.request.cores", Type: TypeString, Since: "2.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.scheduler.name", Type: TypeString, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.scheduler.name", Type: TypeString, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.scheduler.name", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.scheduler.volcano.podGroupTemplateFile", Type: TypeString, Since: "3.3.0", Source: srcVolcano},
	{Name: "spark.kubernetes.scheduler.volcano.podGroupTemplateJson", Type: TypeString, Since: "4.2.0", Source: srcVolcano},
	{Name: "spark.kubernetes.driver.pod.name", Type: TypeString, Since: "2.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.resourceNamePrefix", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.podNamePrefix", Type: TypeString, Since: "2.3.0", Source: srcK8s,
		// isValidExecutorPodNamePrefix: SPARK-35460 (3.2.0) reserved
		// Long.MaxValue's 19 digits and "-exec-" of a 63-character label;
		// 3.3.0 reserved Int.MaxValue's 10; SPARK-39614 (3.3.1) measures
		// against a 253-character DNS subdomain, as pod names are.
		Checks: []Check{
			{Kind: PodNamePrefix, Bound: 38, Versions: between("3.2.0", "3.3.0"),
				Message: "must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 38"},
			{Kind: PodNamePrefix, Bound: 47, Versions: between("3.3.0", "3.3.1"),
				Message: "must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names and the value length <= 47"},
			{Kind: PodNamePrefix, Bound: 237, Versions: since("3.3.1"),
				Message: "must conform https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names and the value length <= 237"},
		}},
	{Name: "spark.kubernetes.driver.podTemplateFile", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.podTemplateFile", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.podTemplateContainerName", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.podTemplateContainerName", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.pod.featureSteps", Type: TypeString, Seq: true, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pod.featureSteps", Type: TypeString, Seq: true, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.pod.excludedFeatureSteps", Type: TypeString, Seq: true, Since: "4.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.pod.excludedFeatureSteps", Type: TypeString, Seq: true, Since: "4.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.service.deleteOnTermination", Type: TypeBool, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.service.ipFamilyPolicy", Type: TypeEnum,
		Values: []string{"SingleStack", "PreferDualStack", "RequireDualStack"}, Since: "3.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.service.ipFamilies", Type: TypeEnum,
		Values: []string{"IPv4", "IPv6", "IPv4,IPv6", "IPv6,IPv4"}, Since: "3.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.ownPersistentVolumeClaim", Type: TypeBool, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.reusePersistentVolumeClaim", Type: TypeBool, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.waitToReusePersistentVolumeClaim", Type: TypeBool, Since: "3.4.0", Source: srcK8s},
	{Name: "spark.kubernetes.legacy.useReadWriteOnceAccessMode", Type: TypeBool, Since: "3.4.3", Source: srcK8s},
	{Name: "spark.kubernetes.local.dirs.tmpfs", Type: TypeBool, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.file.upload.path", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.jars.avoidDownloadSchemes", Type: TypeString, Seq: true, Since: "4.0.0", Source: srcCore},
	{Name: "spark.kubernetes.kerberos.krb5.path", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.kerberos.krb5.configMapName", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.kerberos.tokenSecret.name", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.kerberos.tokenSecret.itemKey", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.hadoop.configMapName", Type: TypeString, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.resource.type", Type: TypeEnum,
		Values: []string{"java", "python", "r"}, Since: "2.4.1", Source: srcK8s},
	{Name: "spark.kubernetes.memoryOverheadFactor", Type: TypeDouble, Since: "2.4.0", Source: srcK8s,
		// SPARK-37611 (3.3.0) removed the upper limit, for tmpfs-heavy jobs.
		Checks: []Check{
			ge(0, "Ensure that memory overhead is a double between 0 --> 1.0").in(until("3.3.0")),
			lt(1, "Ensure that memory overhead is a double between 0 --> 1.0").in(until("3.3.0")),
			ge(0, "Ensure that memory overhead is non-negative").in(since("3.3.0")),
		}},
	{Name: "spark.kubernetes.pyspark.pythonVersion", Type: TypeString, Since: "2.4.0", Source: srcK8s,
		Checks: []Check{{Kind: Equals, Text: "3", Versions: since("3.1.0"),
			Message: "Python 2 was dropped from Spark 3.1, and only 3 is allowed in this configuration. " +
				"Note that this configuration was deprecated in Spark 3.1. Please set 'spark.pyspark.python' " +
				"and 'spark.pyspark.driver.python' configurations or PYSPARK_PYTHON and PYSPARK_DRIVER_PYTHON " +
				"environment variables instead."}}},
	{Name: "spark.kubernetes.decommission.script", Type: TypeString, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.decommissionLabel", Type: TypeString, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.decommissionLabelValue", Type: TypeString, Since: "3.3.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.disableConfigMap", Type: TypeBool, Since: "3.2.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.deleteOnTermination", Type: TypeBool, Since: "3.0.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.checkAllContainers", Type: TypeBool, Since: "3.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.executor.useDriverPodIP", Type: TypeBool, Since: "4.1.0", Source: srcK8s},
	{Name: "spark.kubernetes.driver.annotateExitException", Type: TypeBool, Since: "4.1.0", Source: srcK8s},
}

// k8sCatalogue is every Kubernetes key of the catalogue.
var k8sCatalogue = slices.Concat(k8sKeys, k8sRuntimeKeys)
