package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// noContainer stands for "no Spark container" where a test names containers.
const noContainer = "<none>"

func sparkContainerOf(tpl *Template, role v1alpha1.SparkRole) string {
	if c := tpl.SparkContainers[role]; c != nil {
		return c.Name
	}
	return noContainer
}

// sparkTemplateDoc is a SparkPodTemplate for both roles with the given
// spec.sparkContainerName (none when empty) and containers.
func sparkTemplateDoc(sparkContainerName, containers string) string {
	named := ""
	if sparkContainerName != "" {
		named = "sparkContainerName: " + sparkContainerName + ", "
	}
	return "{metadata: {name: t}, spec: {" + named + "template: {spec: {containers: " + containers + "}}}}"
}

func TestCompileSparkContainer(t *testing.T) {
	type split struct {
		Driver, Executor string // the Spark container's name per role, or noContainer
		Sidecars         []string
	}
	cases := []struct {
		name               string
		sparkContainerName string
		containers         string
		want               split
	}{{
		name:       "containers named for each role merge into their role",
		containers: `[{name: spark-kubernetes-executor}, {name: side, image: busybox}, {name: spark-kubernetes-driver}]`,
		want:       split{Driver: "spark-kubernetes-driver", Executor: "spark-kubernetes-executor", Sidecars: []string{"side"}},
	}, {
		name:       "a container named for one role is the Spark container of both",
		containers: `[{name: side, image: busybox}, {name: spark-kubernetes-driver}]`,
		want:       split{Driver: "spark-kubernetes-driver", Executor: "spark-kubernetes-driver", Sidecars: []string{"side"}},
	}, {
		name:       "else the first container is the Spark container of both roles, as Spark takes it",
		containers: `[{name: test-driver-container, image: will-be-overwritten}, {name: side, image: busybox}]`,
		want:       split{Driver: "test-driver-container", Executor: "test-driver-container", Sidecars: []string{"side"}},
	}, {
		name:               "spec.sparkContainerName names it, as podTemplateContainerName does",
		sparkContainerName: "main",
		containers:         `[{name: log-forwarder, image: fluent-bit}, {name: main}]`,
		want:               split{Driver: "main", Executor: "main", Sidecars: []string{"log-forwarder"}},
	}, {
		name:               "spec.sparkContainerName wins over the first container's image",
		sparkContainerName: "spark",
		containers:         `[{name: agent, image: busybox}, {name: spark, image: will-be-overwritten}]`,
		want:               split{Driver: "spark", Executor: "spark", Sidecars: []string{"agent"}},
	}, {
		name:               "a name no container has: no Spark container, every container a sidecar",
		sparkContainerName: "none",
		containers:         `[{name: agent, image: busybox}, {name: exporter, image: jmx}]`,
		want:               split{Driver: noContainer, Executor: noContainer, Sidecars: []string{"agent", "exporter"}},
	}, {
		name:       "the Spark container may be unnamed, as Spark allows",
		containers: `[{env: [{name: A, value: "1"}]}]`,
		want:       split{Driver: "", Executor: ""},
	}, {
		name:       "no containers",
		containers: `[]`,
		want:       split{Driver: noContainer, Executor: noContainer},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, _, errs := compileYAML(t, sparkTemplateDoc(tc.sparkContainerName, tc.containers), CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("Compile: %v", errs.ToAggregate())
			}
			got := split{Driver: sparkContainerOf(tpl, v1alpha1.RoleDriver), Executor: sparkContainerOf(tpl, v1alpha1.RoleExecutor)}
			for _, c := range tpl.Sidecars {
				got.Sidecars = append(got.Sidecars, c.Name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("containers (-want +got):\n%s", diff)
			}
			if tpl.Spec.Containers != nil {
				t.Errorf("Spec.Containers = %v, want them split out", tpl.Spec.Containers)
			}
		})
	}
}

func TestCompileSparkContainerRefusals(t *testing.T) {
	cases := []struct {
		name               string
		sparkContainerName string
		containers         string
		initContainers     string
		want               []string
	}{{
		name:       "a sidecar with Spark's placeholder image",
		containers: `[{name: spark-kubernetes-executor}, {name: log-forwarder, image: will-be-overwritten}]`,
		want: []string{
			`spec.template.spec.containers[1].image: Invalid value: "will-be-overwritten": Spark's placeholder image: Spark replaces it in its own container only, and sparkhook adds this sidecar with the image as it is; if it is the Spark container, name it in spec.sparkContainerName (in a Pod file, the annotation sparkhook.io/spark-container)`,
		},
	}, {
		name:               "the placeholder on a container that a name no container has made a sidecar",
		sparkContainerName: "spark",
		containers:         `[{name: sprak, image: will-be-overwritten}]`,
		want: []string{
			`spec.template.spec.containers[0].image: Invalid value: "will-be-overwritten": Spark's placeholder image: Spark replaces it in its own container only, and sparkhook adds this sidecar with the image as it is; if it is the Spark container, name it in spec.sparkContainerName (in a Pod file, the annotation sparkhook.io/spark-container)`,
		},
	}, {
		name:           "an init container with the placeholder image",
		containers:     `[]`,
		initContainers: `[{name: fetch, image: will-be-overwritten}]`,
		want: []string{
			`spec.template.spec.initContainers[0].image: Invalid value: "will-be-overwritten": Spark's placeholder image: Spark replaces it in its own container only, and sparkhook adds this init container with the image as it is; if it is the Spark container, name it in spec.sparkContainerName (in a Pod file, the annotation sparkhook.io/spark-container)`,
		},
	}, {
		name:               "a sidecar named as Spark's container when spec.sparkContainerName names another",
		sparkContainerName: "main",
		containers:         `[{name: main}, {name: spark-kubernetes-executor, image: busybox}]`,
		want: []string{
			`spec.template.spec.containers[1].name: Forbidden: "spark-kubernetes-executor" is the name of Spark's own container, and spec.sparkContainerName says the Spark container is "main": this one would be a sidecar of the same name as Spark's container`,
		},
	}, {
		name:               "spec.sparkContainerName that is not a container's name",
		sparkContainerName: "Main_1",
		containers:         `[{name: side, image: busybox}]`,
		want: []string{
			`spec.sparkContainerName: Invalid value: "Main_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			containers := tc.containers
			if tc.initContainers != "" {
				containers += ", initContainers: " + tc.initContainers
			}
			_, _, errs := compileYAML(t, sparkTemplateDoc(tc.sparkContainerName, containers), CompileOptions{ClusterWide: true})
			if diff := cmp.Diff(tc.want, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileSparkContainerWarnings(t *testing.T) {
	cases := []struct {
		name               string
		roles              string
		sparkContainerName string
		containers         string
		want               []string
	}{{
		name:       "Spark's own template: the placeholder image, first: nothing to say",
		roles:      "[driver]",
		containers: `[{name: test-driver-container, image: will-be-overwritten}]`,
	}, {
		name:       "a first container with a real image: the image is ignored, and how to add a sidecar",
		roles:      "[executor]",
		containers: `[{name: fluent-bit, image: fluent/fluent-bit:3.0}]`,
		want: []string{
			`spec.template.spec.containers[0].image: ignored: the first container is the Spark container, as Spark takes it, and Spark sets its image; to add it as a sidecar, set spec.sparkContainerName (in a Pod file the annotation sparkhook.io/spark-container) to the Spark container's name, or to a name no container has for a template of sidecars only`,
		},
	}, {
		name:       "a container named for a role with an image: the name says what it is",
		roles:      "[executor]",
		containers: `[{name: spark-kubernetes-executor, image: apache/spark:3.5.1}]`,
	}, {
		name:               "a named Spark container with an image",
		roles:              "[executor]",
		sparkContainerName: "main",
		containers:         `[{name: main, image: apache/spark:3.5.1}]`,
	}, {
		name:       "a first container with a real image and a sidecar",
		roles:      "[executor]",
		containers: `[{name: agent, image: busybox}, {name: exporter, image: jmx}]`,
		want: []string{
			`spec.template.spec.containers[0].image: ignored: the first container is the Spark container, as Spark takes it, and Spark sets its image; to add it as a sidecar, set spec.sparkContainerName (in a Pod file the annotation sparkhook.io/spark-container) to the Spark container's name, or to a name no container has for a template of sidecars only`,
		},
	}, {
		name:               "the named Spark container is not the first",
		roles:              "[executor]",
		sparkContainerName: "main",
		containers:         `[{name: log-forwarder, image: fluent-bit}, {name: main}]`,
		want: []string{
			`spec.template.spec.containers[1]: the Spark container (spec.sparkContainerName) is "main", not the first container "log-forwarder": Spark reads this template the same way only with spark.kubernetes.{driver,executor}.podTemplateContainerName=main, and otherwise takes the first`,
		},
	}, {
		name:       "the container named for executors is not the first",
		roles:      "[executor]",
		containers: `[{name: spark-kubernetes-driver}, {name: spark-kubernetes-executor}]`,
		want: []string{
			`spec.template.spec.containers[1]: the Spark container (its name) is "spark-kubernetes-executor", not the first container "spark-kubernetes-driver": Spark reads this template the same way only with spark.kubernetes.executor.podTemplateContainerName=spark-kubernetes-executor, and otherwise takes the first`,
		},
	}, {
		name:       "a regular sidecar in driver Pods never ends",
		roles:      "[driver]",
		containers: `[{name: spark-kubernetes-driver}, {name: custom-side-car-container, image: busybox}]`,
		want: []string{
			`spec.template.spec.containers[1]: "custom-side-car-container" is a regular container in driver Pods: the driver Pod does not complete while it runs, and spark-submit waits for the Pod; unless it exits with the driver, make it a native sidecar, an init container with restartPolicy: Always`,
		},
	}, {
		name:       "a regular sidecar in executor Pods: Spark deletes executors itself",
		roles:      "[executor]",
		containers: `[{name: spark-kubernetes-executor}, {name: agent, image: busybox}]`,
	}, {
		name:       "a native sidecar in driver Pods",
		roles:      "[driver]",
		containers: `[{name: spark-kubernetes-driver}], initContainers: [{name: agent, image: busybox, restartPolicy: Always}]`,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			named := ""
			if tc.sparkContainerName != "" {
				named = "sparkContainerName: " + tc.sparkContainerName + ", "
			}
			doc := "{metadata: {name: t}, spec: {" + named + "roles: " + tc.roles + ", template: {spec: {containers: " + tc.containers + "}}}}"
			_, warnings, errs := compileYAML(t, doc, CompileOptions{ClusterWide: true})
			if len(errs) > 0 {
				t.Fatalf("Compile: %v", errs.ToAggregate())
			}
			if diff := cmp.Diff(tc.want, warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
