package templates

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	corev1defaults "k8s.io/kubernetes/pkg/apis/core/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// keptPodFields is a template setting every Pod field Spark keeps.
const keptPodFields = `template: {spec: {terminationGracePeriodSeconds: 120, enableServiceLinks: false,
  activeDeadlineSeconds: 86400, shareProcessNamespace: true, readinessGates: [{conditionType: example.com/ready}]}}`

// defaulted is driverPod as the API server hands it to webhooks, with the
// defaults that count as unset.
func defaulted() *corev1.Pod {
	p := driverPod()
	p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](30)
	p.Spec.EnableServiceLinks = ptr.To(true)
	return p
}

func withKeptPodFields(p *corev1.Pod) {
	p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](120)
	p.Spec.EnableServiceLinks = ptr.To(false)
	p.Spec.ActiveDeadlineSeconds = ptr.To[int64](86400)
	p.Spec.ShareProcessNamespace = ptr.To(true)
	p.Spec.ReadinessGates = append(p.Spec.ReadinessGates, corev1.PodReadinessGate{ConditionType: "example.com/ready"})
}

// ownPodFields gives the Pod values of its own for every kept Pod field.
func ownPodFields() *corev1.Pod {
	p := defaulted()
	p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](10)
	p.Spec.ActiveDeadlineSeconds = ptr.To[int64](600)
	p.Spec.ShareProcessNamespace = ptr.To(false)
	p.Spec.ReadinessGates = []corev1.PodReadinessGate{{ConditionType: "own/ready"}}
	return p
}

func TestMergeKeptPodFields(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "set where the Pod has none; the API server's defaults 30 and true count as none",
		spec: keptPodFields,
		pod:  defaulted,
		want: withKeptPodFields,
	}, {
		name: "set on a Pod without the API server's defaults",
		spec: keptPodFields,
		want: withKeptPodFields,
	}, {
		name: "Default keeps the Pod's own values and warns; readiness gates add up",
		spec: keptPodFields,
		pod:  ownPodFields,
		want: func(p *corev1.Pod) {
			p.Spec.EnableServiceLinks = ptr.To(false)
			p.Spec.ReadinessGates = append(p.Spec.ReadinessGates, corev1.PodReadinessGate{ConditionType: "example.com/ready"})
		},
		wantReport: Report{Warnings: []string{
			`template "tpl": spec.terminationGracePeriodSeconds: the Pod's value is kept (10, the template has 120)`,
			`template "tpl": spec.activeDeadlineSeconds: the Pod's value is kept (600, the template has 86400)`,
			`template "tpl": spec.shareProcessNamespace: the Pod's value is kept (false, the template has true)`,
		}, Conflicts: 3},
	}, {
		name: "Default keeps a Pod's enableServiceLinks: false against a template's true",
		spec: `template: {spec: {enableServiceLinks: true}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.EnableServiceLinks = ptr.To(false)
			return p
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.enableServiceLinks: the Pod's value is kept (false, the template has true)`}, Conflicts: 1},
	}, {
		name: "Enforce replaces the Pod's own values",
		spec: "policy: Enforce\n" + keptPodFields,
		pod:  ownPodFields,
		want: withKeptPodFields,
	}})
}

// keptSparkFields is a template whose Spark container sets every field
// Spark keeps.
const keptSparkFields = `template: {spec: {containers: [{name: spark-kubernetes-driver, workingDir: /opt/job,
  lifecycle: {preStop: {exec: {command: [/bin/flush]}}},
  livenessProbe: {httpGet: {path: /health, port: 4040}},
  readinessProbe: {tcpSocket: {port: 7078}},
  startupProbe: {exec: {command: [/bin/ready]}, failureThreshold: 30},
  ports: [{name: jmx, containerPort: 9090}, {containerPort: 9091}]}]}}`

func withKeptSparkFields(p *corev1.Pod) {
	c := &p.Spec.Containers[0]
	c.WorkingDir = "/opt/job"
	c.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"/bin/flush"}}}}
	c.LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/health", Port: intstr.FromInt32(4040)}}}
	c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(7078)}}}
	c.StartupProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"/bin/ready"}}}, FailureThreshold: 30}
	c.Ports = append(c.Ports, corev1.ContainerPort{Name: "jmx", ContainerPort: 9090}, corev1.ContainerPort{ContainerPort: 9091})
}

// ownSparkFields gives the Pod's Spark container values of its own.
func ownSparkFields() *corev1.Pod {
	p := driverPod()
	c := &p.Spec.Containers[0]
	c.WorkingDir = "/work"
	c.Lifecycle = &corev1.Lifecycle{PostStart: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 1}}}
	c.LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"/bin/own"}}}}
	c.Ports = append(c.Ports, corev1.ContainerPort{Name: "jmx", ContainerPort: 8090})
	return p
}

func TestMergeKeptSparkContainerFields(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "set where the Pod's Spark container has none; ports by name, unnamed ones by value",
		spec: keptSparkFields,
		want: withKeptSparkFields,
	}, {
		name: "Default keeps the Pod's own and warns",
		spec: keptSparkFields,
		pod:  ownSparkFields,
		want: func(p *corev1.Pod) {
			c := &p.Spec.Containers[0]
			c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(7078)}}}
			c.StartupProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"/bin/ready"}}}, FailureThreshold: 30}
			c.Ports = append(c.Ports, corev1.ContainerPort{ContainerPort: 9091})
		},
		wantReport: Report{Warnings: []string{
			`template "tpl": spec.containers[spark-kubernetes-driver].lifecycle: the Pod's value is kept (the Pod sets its own)`,
			`template "tpl": spec.containers[spark-kubernetes-driver].livenessProbe: the Pod's value is kept (the Pod sets its own)`,
			`template "tpl": spec.containers[spark-kubernetes-driver].workingDir: the Pod's value is kept ("/work", the template has "/opt/job")`,
			`template "tpl": spec.containers[spark-kubernetes-driver].ports[jmx]: the Pod's value is kept (the Pod has its own of that name)`,
		}, Conflicts: 4},
	}, {
		name: "Enforce replaces the Pod's own",
		spec: "policy: Enforce\n" + keptSparkFields,
		pod:  ownSparkFields,
		want: func(p *corev1.Pod) {
			withKeptSparkFields(p)
			c := &p.Spec.Containers[0]
			c.Ports = []corev1.ContainerPort{c.Ports[0], {Name: "jmx", ContainerPort: 9090}, {ContainerPort: 9091}}
		},
	}, {
		name: "a port named as Spark's own is never merged, under Enforce either (the registration warns)",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, ports: [{name: spark-ui, containerPort: 8080}, {name: blockmanager, containerPort: 8081}]}]}}}`,
	}, {
		name: "a template's ports never reach an executor: Spark replaces them with its block manager port",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-executor, ports: [{name: jmx, containerPort: 9090}], workingDir: /opt/job}]}}`,
		pod:  executorPod,
		role: v1alpha1.RoleExecutor,
		want: func(p *corev1.Pod) { p.Spec.Containers[0].WorkingDir = "/opt/job" },
	}, {
		name: "Enforce never replaces Spark's decommission hook on an executor",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-executor, lifecycle: {preStop: {sleep: {seconds: 5}}}}]}}}`,
		pod: func() *corev1.Pod {
			p := executorPod()
			p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"/opt/decom.sh"}}}}
			return p
		},
		role: v1alpha1.RoleExecutor,
		wantReport: Report{Warnings: []string{
			`template "tpl": spec.containers[spark-kubernetes-executor].lifecycle: not replaced: the executor has Spark's decommission hook (spark.decommission.enabled), which Spark puts in place of a template's lifecycle`,
		}},
	}, {
		name: "Enforce replaces a driver's lifecycle of the same shape: only executors decommission",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, lifecycle: {preStop: {sleep: {seconds: 5}}}}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: []string{"/opt/decom.sh"}}}}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 5}}}
		},
	}})
}

// TestMergeKeptFieldsAfterAPIServerDefaults: a Pod mutated once and
// defaulted by the API server (probe timings, a port's protocol), then
// sent again (reinvocation), is left as it is under both policies.
func TestMergeKeptFieldsAfterAPIServerDefaults(t *testing.T) {
	for _, policy := range []string{"Default", "Enforce"} {
		t.Run(policy, func(t *testing.T) {
			tpl := templateFrom(t, "policy: "+policy+"\n"+keptSparkFields[:len(keptSparkFields)-2]+`,
  terminationGracePeriodSeconds: 120, enableServiceLinks: false, activeDeadlineSeconds: 86400, shareProcessNamespace: true,
  readinessGates: [{conditionType: example.com/ready}]}}`)
			pod := driverPod()
			if _, err := MergeTemplate(pod, v1alpha1.RoleDriver, tpl); err != nil {
				t.Fatal(err)
			}
			corev1defaults.SetObjectDefaults_Pod(pod)
			again := pod.DeepCopy()
			report, err := MergeTemplate(again, v1alpha1.RoleDriver, tpl)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(pod, again); diff != "" {
				t.Errorf("merging into the defaulted Pod changed it (-defaulted +merged again):\n%s", diff)
			}
			if len(report.Warnings) > 0 {
				t.Errorf("merging into the defaulted Pod warned: %q", report.Warnings)
			}
		})
	}
}

// TestCompileRefusesBrokenKeptFields: a field Spark keeps that would make
// the merged Pod invalid refuses the template when it is registered, by the
// API server's own Pod validation, at the template's own field.
func TestCompileRefusesBrokenKeptFields(t *testing.T) {
	const spark = "template: {spec: {containers: [{name: spark-kubernetes-driver, "
	cases := []struct {
		name string
		spec string
		want []fieldError
	}{{
		name: "a probe without a handler",
		spec: spark + `livenessProbe: {periodSeconds: 5}}]}}`,
		want: []fieldError{{field.ErrorTypeRequired, "spec.template.spec.containers[0].livenessProbe"}},
	}, {
		name: "a preStop hook without a handler",
		spec: spark + `lifecycle: {preStop: {}}}]}}`,
		want: []fieldError{{field.ErrorTypeRequired, "spec.template.spec.containers[0].lifecycle.preStop"}},
	}, {
		name: "a Spark container port of 70000, after Spark's own",
		spec: spark + `ports: [{name: jmx, containerPort: 70000}]}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.containers[0].ports[0].containerPort"}},
	}, {
		name: "an active deadline of 0",
		spec: `template: {spec: {activeDeadlineSeconds: 0}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.activeDeadlineSeconds"}},
	}, {
		name: "a readiness gate that is no condition type",
		spec: `template: {spec: {readinessGates: [{conditionType: "not a name!"}]}}`,
		want: []fieldError{{field.ErrorTypeInvalid, "spec.template.spec.readinessGates[0].conditionType"}},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := &v1alpha1.SparkPodTemplate{}
			obj.Name = "kept"
			if err := yaml.UnmarshalStrict([]byte(tc.spec), &obj.Spec); err != nil {
				t.Fatalf("template spec: %v", err)
			}
			_, _, errs := Compile(obj, CompileOptions{Source: "test", ClusterWide: true})
			if diff := cmp.Diff(tc.want, fieldErrors(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s\n%v", diff, errs.ToAggregate())
			}
		})
	}
}
