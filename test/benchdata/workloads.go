package benchdata

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Sizes of the large-driver workloads (README, Performance).
const (
	ManyEnv    = 1500
	LargeBytes = 64 << 10
)

// Workload is one Pod the benchmarks and the load generator send.
type Workload struct {
	// Name names it in benchmark names and tables.
	Name string
	// Pod is the Pod being created.
	Pod *corev1.Pod
	// Applied is how many templates sparkhook records on it: Matching for
	// Spark Pods, 0 for the rest.
	Applied int
}

// Workloads are the real driver and executor, a driver with ManyEnv env
// vars, a driver of LargeBytes, and a non-Spark Pod.
func Workloads() ([]Workload, error) {
	driver, err := LoadPod(DriverFixture)
	if err != nil {
		return nil, err
	}
	executor, err := LoadPod(ExecutorFixture)
	if err != nil {
		return nil, err
	}
	large, err := WithSize(driver, LargeBytes)
	if err != nil {
		return nil, err
	}
	return []Workload{
		{Name: "driver", Pod: driver, Applied: Matching},
		{Name: "executor", Pod: executor, Applied: Matching},
		{Name: fmt.Sprintf("driver-%d-env", ManyEnv), Pod: WithEnv(driver, ManyEnv), Applied: Matching},
		{Name: fmt.Sprintf("driver-%dKB", LargeBytes>>10), Pod: large, Applied: Matching},
		{Name: "non-spark", Pod: NonSparkPod(), Applied: 0},
	}, nil
}

// Find returns the workload of that name.
func Find(ws []Workload, name string) (Workload, error) {
	for _, w := range ws {
		if w.Name == name {
			return w, nil
		}
	}
	return Workload{}, fmt.Errorf("no workload %q", name)
}
