package sparkconf

// ReservedName is a name after a family's prefix that Spark refuses in some
// releases: a pod label Spark sets itself and will not let a user override.
type ReservedName struct {
	// Name is the part of the key after the family's prefix.
	Name string
	// Versions are the releases that reserve the name.
	Versions Versions
	// Message is what Spark's require prints (without the "requirement
	// failed: " that Scala puts in front of it).
	Message string
}

// driverReserved and executorReserved build the reserved label names of
// KubernetesDriverConf.labels and KubernetesExecutorConf.labels
// (KubernetesConf.scala): each role has its own require message.
func driverReserved(name string, r Versions) ReservedName {
	return ReservedName{Name: name, Versions: r,
		Message: "Label with key " + name + " is not allowed as it is reserved for Spark bookkeeping operations."}
}

func executorReserved(name string, r Versions) ReservedName {
	return ReservedName{Name: name, Versions: r,
		Message: "Custom executor labels cannot contain " + name + " as it is reserved for Spark."}
}

// driverReservedLabels are the labels the driver pod keeps for Spark. 3.0
// to 3.2 check spark-app-selector and spark-role; 3.3.0 added spark-version
// (SPARK-37339) and spark-app-name (SPARK-36566) to the same preset map,
// which KubernetesConfSuite asserts for the driver from then on.
var driverReservedLabels = []ReservedName{
	driverReserved("spark-app-selector", Versions{}),
	driverReserved("spark-role", Versions{}),
	driverReserved("spark-version", since("3.3.0")),
	driverReserved("spark-app-name", since("3.3.0")),
}

// executorReservedLabels are the labels every executor pod keeps for Spark.
// spark-exec-resourceprofile-id came with stage-level scheduling on
// Kubernetes (3.1.0); spark-version and spark-app-name with 3.3.0 as for the
// driver. The check runs when the driver builds an executor pod, so a
// reserved name here fails every executor of the job.
var executorReservedLabels = []ReservedName{
	executorReserved("spark-exec-id", Versions{}),
	executorReserved("spark-app-selector", Versions{}),
	executorReserved("spark-role", Versions{}),
	executorReserved("spark-exec-resourceprofile-id", since("3.1.0")),
	executorReserved("spark-version", since("3.3.0")),
	executorReserved("spark-app-name", since("3.3.0")),
}
