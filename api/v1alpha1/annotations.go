package v1alpha1

// Annotations sparkhook reads from, and writes to, Spark Pods and plain Pod
// template files.
const (
	// AnnotationTemplates on a Spark Pod names the on-request templates it
	// asks for, comma-separated. Submitters set it from Spark with
	// spark.kubernetes.driver.annotation.sparkhook.io/templates=a,b.
	AnnotationTemplates = "sparkhook.io/templates"

	// AnnotationApplied records, on a mutated Pod, the templates merged into
	// it as name@hash, comma-separated, in the order applied.
	AnnotationApplied = "sparkhook.io/applied"

	// AnnotationRoles on a plain Pod template file fills spec.roles:
	// "driver", "executor" or "driver,executor".
	AnnotationRoles = "sparkhook.io/roles"

	// AnnotationPriority on a plain Pod template file fills spec.priority.
	AnnotationPriority = "sparkhook.io/priority"

	// AnnotationPolicy on a plain Pod template file fills spec.policy.
	AnnotationPolicy = "sparkhook.io/policy"

	// AnnotationOnRequest on a plain Pod template file fills spec.onRequest.
	AnnotationOnRequest = "sparkhook.io/on-request"

	// AnnotationSecretEnv on a plain Pod template file fills spec.secretEnv,
	// as ENV=secret:key,… in the syntax of Spark's
	// spark.kubernetes.driver.secretKeyRef.ENV=secret:key.
	AnnotationSecretEnv = "sparkhook.io/secret-env"

	// AnnotationSparkContainer on a plain Pod template file fills
	// spec.sparkContainerName: the name of the template's container that is
	// Spark's own, as spark.kubernetes.{driver,executor}.
	// podTemplateContainerName names it to Spark.
	AnnotationSparkContainer = "sparkhook.io/spark-container"

	// AnnotationPrefix is the prefix of every sparkhook annotation; a plain
	// Pod template's annotations under it configure the template and are
	// never copied into Pods.
	AnnotationPrefix = "sparkhook.io/"
)
