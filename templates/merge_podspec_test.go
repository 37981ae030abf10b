package templates

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

func TestMergePodSpecLists(t *testing.T) {
	spot := corev1.Toleration{Key: "spot", Operator: corev1.TolerationOpEqual, Value: "true", Effect: corev1.TaintEffectNoSchedule}
	spread := corev1.TopologySpreadConstraint{MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone", WhenUnsatisfiable: corev1.ScheduleAnyway}
	runMergeCases(t, []mergeCase{{
		name: "tolerations, topology spread constraints and image pull secrets are added once",
		spec: `template: {spec: {tolerations: [{key: spot, operator: Equal, value: "true", effect: NoSchedule}],
  topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}],
  imagePullSecrets: [{name: registry}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.Tolerations = []corev1.Toleration{spot}
			p.Spec.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{spread}
			p.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
		},
	}, {
		name: "an equal toleration and a pull secret of that name are not added again",
		spec: `template: {spec: {tolerations: [{key: spot, operator: Equal, value: "true", effect: NoSchedule}], imagePullSecrets: [{name: registry}]}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Tolerations = []corev1.Toleration{spot}
			p.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
			return p
		},
	}, {
		name: "a toleration differing in any field is another toleration",
		spec: `template: {spec: {tolerations: [{key: spot, operator: Exists}]}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Tolerations = []corev1.Toleration{spot}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: "spot", Operator: corev1.TolerationOpExists})
		},
	}, {
		name: "hostAliases are set where the Pod has none",
		spec: `template: {spec: {hostAliases: [{ip: 10.0.0.1, hostnames: [metastore]}]}}`,
		want: func(p *corev1.Pod) {
			p.Spec.HostAliases = []corev1.HostAlias{{IP: "10.0.0.1", Hostnames: []string{"metastore"}}}
		},
	}, {
		name: "Default keeps the Pod's own hostAliases",
		spec: `template: {spec: {hostAliases: [{ip: 10.0.0.1, hostnames: [metastore]}]}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.HostAliases = []corev1.HostAlias{{IP: "10.0.0.2", Hostnames: []string{"db"}}}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.HostAliases = []corev1.HostAlias{{IP: "10.0.0.2", Hostnames: []string{"db"}}}
		},
		wantReport: Report{Warnings: []string{`template "tpl": spec.hostAliases: the Pod's value is kept (the Pod sets its own)`}, Conflicts: 1},
	}})
}

func TestMergePodSpecFields(t *testing.T) {
	zoneAffinity := `{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]}}}`
	wantAffinity := &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: corev1.NodeSelectorOpIn, Values: []string{"a"}}}}},
	}}}
	podAntiAffinity := &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{
		Weight: 1, PodAffinityTerm: corev1.PodAffinityTerm{TopologyKey: "kubernetes.io/hostname"},
	}}}}
	runMergeCases(t, []mergeCase{{
		name: "single fields are set where the Pod has none; default-scheduler and an empty securityContext count as none",
		spec: `template: {spec: {affinity: ` + zoneAffinity + `, priorityClassName: spark-batch, schedulerName: volcano,
  runtimeClassName: gvisor, securityContext: {fsGroup: 185}, dnsConfig: {options: [{name: ndots, value: "2"}]}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.SchedulerName = corev1.DefaultSchedulerName
			p.Spec.SecurityContext = &corev1.PodSecurityContext{}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Affinity = wantAffinity
			p.Spec.PriorityClassName = "spark-batch"
			p.Spec.SchedulerName = "volcano"
			p.Spec.RuntimeClassName = ptr.To("gvisor")
			p.Spec.SecurityContext = &corev1.PodSecurityContext{FSGroup: ptr.To[int64](185)}
			p.Spec.DNSConfig = &corev1.PodDNSConfig{Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptr.To("2")}}}
		},
	}, {
		name: "Default keeps the Pod's single fields and warns",
		spec: `template: {spec: {affinity: ` + zoneAffinity + `, priorityClassName: spark-batch, schedulerName: volcano}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Affinity = podAntiAffinity.DeepCopy()
			p.Spec.PriorityClassName = "high"
			p.Spec.SchedulerName = "yunikorn"
			return p
		},
		wantReport: Report{Warnings: []string{
			`template "tpl": spec.affinity: the Pod's value is kept (the Pod sets its own)`,
			`template "tpl": spec.priorityClassName: the Pod's value is kept ("high", the template has "spark-batch")`,
			`template "tpl": spec.schedulerName: the Pod's value is kept ("yunikorn", the template has "volcano")`,
		}, Conflicts: 3},
	}, {
		name: "Enforce replaces affinity, and a new priority class or runtime class clears what the API server resolved from the old",
		spec: `{policy: Enforce, template: {spec: {affinity: ` + zoneAffinity + `, priorityClassName: spark-batch, runtimeClassName: gvisor}}}`,
		pod: func() *corev1.Pod {
			p := driverPod()
			p.Spec.Affinity = podAntiAffinity.DeepCopy()
			p.Spec.PriorityClassName, p.Spec.Priority = "high", ptr.To[int32](1000)
			p.Spec.PreemptionPolicy = ptr.To(corev1.PreemptLowerPriority)
			p.Spec.RuntimeClassName = ptr.To("runc")
			p.Spec.Overhead = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("10Mi")}
			return p
		},
		want: func(p *corev1.Pod) {
			p.Spec.Affinity = wantAffinity
			p.Spec.PriorityClassName, p.Spec.Priority, p.Spec.PreemptionPolicy = "spark-batch", nil, nil
			p.Spec.RuntimeClassName, p.Spec.Overhead = ptr.To("gvisor"), nil
		},
	}})
}
