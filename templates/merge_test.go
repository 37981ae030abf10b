package templates

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// mergeCase is one merge rule under one policy: the template's spec, the
// Pod it is merged into, and the whole expected result.
type mergeCase struct {
	name       string
	spec       string             // the SparkPodTemplateSpec, as YAML
	pod        func() *corev1.Pod // default driverPod
	role       v1alpha1.SparkRole // default driver
	want       func(*corev1.Pod)  // edits a fresh pod() into the expected result
	wantReport Report             // warnings: whole list, in order
	wantErrs   field.ErrorList    // under Enforce: why the Pod is denied
}

func runMergeCases(t *testing.T, cases []mergeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			newPod, role := tc.pod, tc.role
			if newPod == nil {
				newPod = driverPod
			}
			if role == "" {
				role = v1alpha1.RoleDriver
			}
			tpl := templateFrom(t, tc.spec)
			got := newPod()
			before, pristine := Snapshot(got), got.DeepCopy()
			report, err := MergeTemplate(got, role, tpl)
			if diff := cmp.Diff(pristine, before); diff != "" {
				t.Errorf("the merge wrote into memory its Snapshot shares (-pod as it was +snapshot):\n%s", diff)
			}
			// Report.kept only locates the conflicts' warnings for Apply.
			if diff := cmp.Diff(tc.wantReport, report, cmpopts.IgnoreUnexported(Report{})); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if tc.wantErrs != nil {
				var mergeErr *MergeError
				if !errors.As(err, &mergeErr) {
					t.Fatalf("MergeTemplate error = %v, want a *MergeError", err)
				}
				if diff := cmp.Diff(tc.wantErrs, mergeErr.Errors); diff != "" {
					t.Errorf("denial (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("MergeTemplate: %v", err)
			}
			want := newPod()
			if tc.want != nil {
				tc.want(want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("merged pod (-want +got):\n%s", diff)
			}
			again := got.DeepCopy()
			if _, err := MergeTemplate(again, role, tpl); err != nil {
				t.Fatalf("second MergeTemplate: %v", err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("merging twice changed the pod (-once +twice):\n%s", diff)
			}
			// Templates that set nothing in their spec share noSpec; no merge
			// may write to it.
			if diff := cmp.Diff(corev1.PodSpec{}, noSpec); diff != "" {
				t.Fatalf("a merge wrote to the shared empty spec:\n%s", diff)
			}
		})
	}
}

func TestMergeMetadataAndNodeSelector(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "labels, annotations and nodeSelector are added by key",
		spec: `template: {metadata: {labels: {team: data}, annotations: {owner: platform}}, spec: {nodeSelector: {disk: ssd}}}`,
		want: func(p *corev1.Pod) {
			p.Labels["team"] = "data"
			p.Annotations = map[string]string{"owner": "platform"}
			p.Spec.NodeSelector = map[string]string{"disk": "ssd"}
		},
	}, {
		name: "Default keeps the Pod's value of a key and warns",
		spec: `template: {metadata: {labels: {app: other}}, spec: {nodeSelector: {disk: ssd}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.NodeSelector = map[string]string{"disk": "hdd"}
			return p
		},
		want: func(p *corev1.Pod) { p.Spec.NodeSelector = map[string]string{"disk": "hdd"} },
		wantReport: Report{Warnings: []string{
			`template "tpl": metadata.labels[app]: the Pod's value is kept ("pi", the template has "other")`,
			`template "tpl": spec.nodeSelector[disk]: the Pod's value is kept ("hdd", the template has "ssd")`,
		}, Conflicts: 2},
	}, {
		name: "Enforce replaces the Pod's value of a key",
		spec: `{policy: Enforce, template: {metadata: {labels: {app: other}}, spec: {nodeSelector: {disk: ssd}}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.NodeSelector = map[string]string{"disk": "hdd", "zone": "a"}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Labels["app"] = "other"
			p.Spec.NodeSelector = map[string]string{"disk": "ssd", "zone": "a"}
		},
	}})
}

func TestMergeVolumesAndInitContainers(t *testing.T) {
	initContainer := `{name: fetch, image: busybox, volumeMounts: [{name: deps, mountPath: /deps}]}`
	runMergeCases(t, []mergeCase{{
		name: "volumes and init containers are added by name",
		spec: `template: {spec: {volumes: [{name: deps, emptyDir: {}}], initContainers: [` + initContainer + `]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "deps", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
			p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox", VolumeMounts: []corev1.VolumeMount{{Name: "deps", MountPath: "/deps"}}}}
		},
	}, {
		name: "Default keeps the Pod's volume of the same name and warns",
		spec: `template: {spec: {volumes: [{name: data, nfs: {server: nfs.example, path: /mnt}}]}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
			return p
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.volumes[data]: the Pod's value is kept (the Pod has its own of that name)`}, Conflicts: 1},
	}, {
		name: "an init container's mount of a volume that exists nowhere is left out with a warning",
		spec: `template: {spec: {initContainers: [` + initContainer + `]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox"}}
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.initContainers[fetch].volumeMounts[/deps]: volume "deps" exists neither in the template nor in the Pod; left out`}, DanglingMounts: 1},
	}, {
		name: "Enforce denies a mount of a volume that exists nowhere",
		spec: `{policy: Enforce, template: {spec: {initContainers: [` + initContainer + `]}}}`,
		wantErrs: field.ErrorList{field.Invalid(field.NewPath("spec", "initContainers").Key("fetch").Child("volumeMounts").Key("/deps"), "deps",
			`volume "deps" exists neither in the template nor in the Pod`)},
		wantReport: Report{DanglingMounts: 1},
	}, {
		name: "a mount of a volume the Pod has is kept",
		spec: `template: {spec: {initContainers: [{name: fetch, image: busybox, volumeMounts: [{name: spark-local-dir-1, mountPath: /tmp}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox", VolumeMounts: []corev1.VolumeMount{{Name: "spark-local-dir-1", MountPath: "/tmp"}}}}
		},
	}, {
		name: "Enforce replaces the Pod's init container of that name",
		spec: `{policy: Enforce, template: {spec: {initContainers: [{name: fetch, image: busybox:2}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox:1", Command: []string{"true"}}}
			return p
		},
		want: func(p *corev1.Pod) { p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox:2"}} },
	}, {
		name: "Enforce replaces a volume whole: its source is a one-of",
		spec: `{policy: Enforce, template: {spec: {volumes: [{name: data, configMap: {name: defaults}}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Volumes[2] = corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
				LocalObjectReference: corev1.LocalObjectReference{Name: "defaults"}}}}
		},
	}})
}

func TestMergeSidecars(t *testing.T) {
	runMergeCases(t, []mergeCase{{
		name: "a sidecar is added after the Spark container (a template of sidecars only names a Spark container it lacks)",
		spec: `{sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: fluent-bit, image: fluent/fluent-bit:3}]}}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "fluent-bit", Image: "fluent/fluent-bit:3"})
		},
	}, {
		name: "Default keeps the Pod's container of the same name and warns",
		spec: `{sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: fluent-bit, image: fluent/fluent-bit:3}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "fluent-bit", Image: "fluent/fluent-bit:2"})
			return p
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers[fluent-bit]: the Pod's value is kept (the Pod has its own of that name)`}, Conflicts: 1},
	}, {
		name: "a container that already holds every value of the template's is left alone, defaults and all",
		spec: `{sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: fluent-bit, image: fluent/fluent-bit:3}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "fluent-bit", Image: "fluent/fluent-bit:3",
				TerminationMessagePath: "/dev/termination-log", ImagePullPolicy: corev1.PullIfNotPresent})
			return p
		},
	}, {
		name: "a sidecar never replaces a renamed Spark container",
		spec: `{policy: Enforce, sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: main, image: busybox}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Containers[0].Name = "main"
			return p
		},
		wantErrs: field.ErrorList{field.Invalid(field.NewPath("spec", "containers").Key("main"), "main", "a sidecar may not take the name of the Spark container")},
	}, {
		name: "a sidecar whose name an init container has is left out",
		spec: `{sparkContainerName: spark-kubernetes-driver, template: {spec: {containers: [{name: fetch, image: busybox}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.InitContainers = []corev1.Container{{Name: "fetch", Image: "busybox"}}
			return p
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers[fetch]: the Pod already has a container of that name of the other kind (init or regular); left out`}},
	}})
}

func TestMergeSparkContainer(t *testing.T) {
	spark := func(p *corev1.Pod) *corev1.Container { return &p.Spec.Containers[0] }
	runMergeCases(t, []mergeCase{{
		name: "env, envFrom and mounts merge into the Spark container; image, command and args never",
		spec: `template: {spec: {volumes: [{name: cache, emptyDir: {}}], containers: [{name: spark-kubernetes-driver, image: will-be-overwritten,
  env: [{name: TZ, value: UTC}], envFrom: [{configMapRef: {name: defaults}}], volumeMounts: [{name: cache, mountPath: /cache}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "cache", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
			c := spark(p)
			c.Env = append(c.Env, corev1.EnvVar{Name: "TZ", Value: "UTC"})
			c.EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "defaults"}}}}
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: "cache", MountPath: "/cache"})
		},
	}, {
		name: "a template's one Spark container, named for executors, merges into a driver's too",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-executor, env: [{name: TZ, value: UTC}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = append(p.Spec.Containers[0].Env, corev1.EnvVar{Name: "TZ", Value: "UTC"})
		},
	}, {
		name: "with a container named for each role, the executors' is skipped on a driver",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-executor, env: [{name: TZ, value: UTC}]}, {name: spark-kubernetes-driver, env: [{name: A, value: b}]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = append(p.Spec.Containers[0].Env, corev1.EnvVar{Name: "A", Value: "b"})
		},
	}, {
		name: "the template's executor container merges into a Spark 2 executor's container named executor",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-executor, env: [{name: TZ, value: UTC}]}]}}`,
		role: v1alpha1.RoleExecutor,
		pod: func() *corev1.Pod {
			p := executorPod()
			p.Spec.Containers[0].Name = ContainerSpark2Executor
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Containers[0].Name = ContainerSpark2Executor
			p.Spec.Containers[0].Env = append(p.Spec.Containers[0].Env, corev1.EnvVar{Name: "TZ", Value: "UTC"})
		},
	}, {
		name: "Default keeps the Pod's env var and mount path and warns",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: JAVA_TOOL_OPTIONS, value: -Xss8m}],
  volumeMounts: [{name: spark-conf-volume-driver, mountPath: /var/data/spark-1}]}]}}`,
		pod: driverPodWithUserEnv,
		wantReport: Report{Warnings: []string{
			`template "tpl": spec.containers[spark-kubernetes-driver].env[JAVA_TOOL_OPTIONS]: the Pod's value is kept (the Pod has its own of that name)`,
			`template "tpl": spec.containers[spark-kubernetes-driver].volumeMounts[/var/data/spark-1]: the Pod's value is kept (the Pod has its own of that name)`,
		}, Conflicts: 2},
	}, {
		name: "Enforce replaces the env var of that name in place",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, env: [{name: JAVA_TOOL_OPTIONS, value: -Xss8m}]}]}}}`,
		pod:  driverPodWithUserEnv,
		want: func(p *corev1.Pod) { spark(p).Env[1].Value = "-Xss8m" },
	}, {
		name:       "securityContext is set where the container has none; imagePullPolicy keeps the Pod's under Default",
		spec:       `template: {spec: {containers: [{name: spark-kubernetes-driver, imagePullPolicy: Always, securityContext: {runAsNonRoot: true}}]}}`,
		want:       func(p *corev1.Pod) { spark(p).SecurityContext = &corev1.SecurityContext{RunAsNonRoot: ptr.To(true)} },
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers[spark-kubernetes-driver].imagePullPolicy: the Pod's value is kept ("IfNotPresent", the template has "Always")`}, Conflicts: 1},
	}, {
		name: "Enforce sets imagePullPolicy and replaces securityContext",
		spec: `{policy: Enforce, template: {spec: {containers: [{name: spark-kubernetes-driver, imagePullPolicy: Always, securityContext: {runAsNonRoot: true}}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			spark(p).SecurityContext = &corev1.SecurityContext{RunAsNonRoot: ptr.To(false), RunAsUser: ptr.To[int64](185)}
			return p
		},
		want: func(p *corev1.Pod) {
			spark(p).ImagePullPolicy = corev1.PullAlways
			spark(p).SecurityContext = &corev1.SecurityContext{RunAsNonRoot: ptr.To(true)}
		},
	}, {
		name: "Enforce replaces an env var whole: value and valueFrom are a one-of",
		spec: `{policy: Enforce, secretEnv: [{name: JAVA_TOOL_OPTIONS, secret: jvm, key: options}]}`,
		pod:  driverPodWithUserEnv,
		want: func(p *corev1.Pod) {
			spark(p).Env[1] = corev1.EnvVar{Name: "JAVA_TOOL_OPTIONS", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "jvm"}, Key: "options"}}}
		},
	}, {
		name: "resources merge by name; Default keeps the Pod's ephemeral storage",
		spec: `template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {cpu: "2", ephemeral-storage: 2Gi}}}]}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			spark(p).Resources.Limits[corev1.ResourceEphemeralStorage] = resource.MustParse("1Gi")
			return p
		},
		want:       func(p *corev1.Pod) { spark(p).Resources.Limits[corev1.ResourceCPU] = resource.MustParse("2") },
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers[spark-kubernetes-driver].resources.limits[ephemeral-storage]: the Pod's value is kept (1Gi, the template has 2Gi)`}, Conflicts: 1},
	}, {
		name:       "resources that would put a request above its limit are left out",
		spec:       `template: {spec: {containers: [{name: spark-kubernetes-driver, resources: {limits: {cpu: 500m}}}]}}`,
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers[spark-kubernetes-driver].resources.requests[cpu]: with the template's resources this request would be above its limit 500m; left out`}},
	}, {
		name: "secretEnv becomes secretKeyRef env vars of the Spark container",
		spec: `secretEnv: [{name: AWS_ACCESS_KEY_ID, secret: aws-secrets, key: key}]`,
		want: func(p *corev1.Pod) {
			spark(p).Env = append(spark(p).Env, corev1.EnvVar{Name: "AWS_ACCESS_KEY_ID", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "aws-secrets"}, Key: "key"}}})
		},
	}, {
		name: "a Pod without containers gets no Spark container merge, with a warning",
		spec: `secretEnv: [{name: A, secret: s, key: k}]`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Containers = nil
			return p
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.containers: the Pod has no Spark container to merge into; left out`}},
	}})
}
