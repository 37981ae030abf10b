package templates

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// origin says whose a test template is: the platform's (cluster-wide) or
// the team's of the Pod's namespace.
type origin string

const (
	platform origin = "platform"
	team     origin = "team"
)

// templateOf compiles a template of that origin, as the cluster source
// compiles a SparkPodTemplate in sparkhook's namespace or in the Pod's.
func templateOf(t *testing.T, o origin, name, specYAML string) *Template {
	t.Helper()
	ns := ownNamespace
	if o == team {
		ns = driverPod().Namespace
	}
	obj := &v1alpha1.SparkPodTemplate{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
	if err := yaml.UnmarshalStrict([]byte(specYAML), &obj.Spec); err != nil {
		t.Fatalf("template spec: %v", err)
	}
	tpl, _, errs := Compile(obj, ClusterCompileOptions(obj, ownNamespace, SecurityPolicy{}))
	if len(errs) > 0 {
		t.Fatalf("compiling the template: %v", errs.ToAggregate())
	}
	return tpl
}

// contender is one of two templates that set the same fields to values
// of their own (value): the runtime class, a node selector, the audit
// sidecar's image, an env var of the Spark container and the pod's
// securityContext — what a team's template was seen to switch.
type contender struct {
	origin origin
	policy v1alpha1.MergePolicy
}

func (c contender) spec(value string, priority int32) string {
	return fmt.Sprintf(`{policy: %s, priority: %d, template: {spec: {runtimeClassName: rc-%s, nodeSelector: {pool: %s},
  securityContext: {runAsUser: %d},
  containers: [{name: spark-kubernetes-driver, env: [{name: LEVEL, value: %s}]}, {name: audit, image: "audit:%s"}]}}}`,
		c.policy, priority, value, value, len(value)*1000, value, value)
}

// withValues is the driver Pod with a contender's values merged in.
func withValues(p *corev1.Pod, value string) {
	p.Spec.RuntimeClassName = ptr.To("rc-" + value)
	p.Spec.NodeSelector = map[string]string{"pool": value}
	p.Spec.SecurityContext = &corev1.PodSecurityContext{RunAsUser: ptr.To(int64(len(value) * 1000))}
	spark := &p.Spec.Containers[0]
	spark.Env = append(spark.Env, corev1.EnvVar{Name: "LEVEL", Value: value})
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "audit", Image: "audit:" + value})
}

// TestPrecedence merges two templates that disagree on every field into a
// driver, for every pairing of origin and policy, with x's priority higher,
// equal and lower, under both name orders, and compares the whole Pod with
// the one the winner's values give (docs/templates.md, Precedence): within
// a step the higher priority wins, at equal priority the name that sorts
// last; Enforce beats Default; the platform's Enforce template beats a
// team's at any priority.
func TestPrecedence(t *testing.T) {
	var (
		platformDefault = contender{platform, v1alpha1.PolicyDefault}
		platformEnforce = contender{platform, v1alpha1.PolicyEnforce}
		teamDefault     = contender{team, v1alpha1.PolicyDefault}
		teamEnforce     = contender{team, v1alpha1.PolicyEnforce}
	)
	tests := []struct {
		name string
		x, y contender
		// Whose values the Pod ends with when x has the higher priority,
		// the same, the lower: "x", "y", or "zzz" for the one so named.
		xHigher, equal, yHigher string
	}{
		// Among Default templates the higher priority wins, whoever owns them.
		{name: "platform Default vs platform Default", x: platformDefault, y: platformDefault, xHigher: "x", equal: "zzz", yHigher: "y"},
		{name: "platform Default vs team Default", x: platformDefault, y: teamDefault, xHigher: "x", equal: "zzz", yHigher: "y"},
		{name: "team Default vs team Default", x: teamDefault, y: teamDefault, xHigher: "x", equal: "zzz", yHigher: "y"},
		// Enforce beats Default whatever the priorities.
		{name: "platform Enforce vs platform Default", x: platformEnforce, y: platformDefault, xHigher: "x", equal: "x", yHigher: "x"},
		{name: "platform Enforce vs team Default", x: platformEnforce, y: teamDefault, xHigher: "x", equal: "x", yHigher: "x"},
		{name: "team Enforce vs platform Default", x: teamEnforce, y: platformDefault, xHigher: "x", equal: "x", yHigher: "x"},
		{name: "team Enforce vs team Default", x: teamEnforce, y: teamDefault, xHigher: "x", equal: "x", yHigher: "x"},
		// Between Enforce templates of one origin the higher priority wins.
		{name: "platform Enforce vs platform Enforce", x: platformEnforce, y: platformEnforce, xHigher: "x", equal: "zzz", yHigher: "y"},
		{name: "team Enforce vs team Enforce", x: teamEnforce, y: teamEnforce, xHigher: "x", equal: "zzz", yHigher: "y"},
		// The platform's Enforce beats a team's Enforce at any priority.
		{name: "platform Enforce vs team Enforce", x: platformEnforce, y: teamEnforce, xHigher: "x", equal: "x", yHigher: "x"},
	}
	for _, tc := range tests {
		for _, prio := range []struct {
			name   string
			px, py int32
			want   string
		}{{"x higher", 100, 1, tc.xHigher}, {"equal", 7, 7, tc.equal}, {"y higher", 1, 100, tc.yHigher}} {
			for _, names := range []struct{ x, y string }{{"aaa", "zzz"}, {"zzz", "aaa"}} {
				name := fmt.Sprintf("%s/%s/x named %s", tc.name, prio.name, names.x)
				t.Run(name, func(t *testing.T) {
					x := templateOf(t, tc.x.origin, names.x, tc.x.spec("x", prio.px))
					y := templateOf(t, tc.y.origin, names.y, tc.y.spec("yy", prio.py))
					winner := prio.want
					if winner == "zzz" {
						winner = map[bool]string{true: "x", false: "y"}[names.x == "zzz"]
					}
					// Either order of selection gives the same Pod.
					for _, selected := range [][]*Template{{x, y}, {y, x}} {
						pod := driverPod()
						if _, err := Apply(pod, v1alpha1.RoleDriver, selected); err != nil {
							t.Fatalf("Apply: %v", err)
						}
						want := driverPod()
						withValues(want, map[string]string{"x": "x", "y": "yy"}[winner])
						want.Annotations = map[string]string{v1alpha1.AnnotationApplied: sortedApplied(x, y)}
						pod.Annotations[v1alpha1.AnnotationApplied] = sortedList(pod.Annotations[v1alpha1.AnnotationApplied])
						if diff := cmp.Diff(want, pod); diff != "" {
							t.Errorf("Pod (-want +got):\n%s", diff)
						}
					}
				})
			}
		}
	}
}

// TestPrecedenceOverThePod: under Default the Pod's own values win; under
// Enforce, the template's, and a team's Enforce template cannot win
// against the platform's even with the Pod on its side.
func TestPrecedenceOverThePod(t *testing.T) {
	tests := []struct {
		name      string
		templates []contender
		want      string // whose values the Pod ends with
	}{
		{name: "platform Default", templates: []contender{{platform, v1alpha1.PolicyDefault}}, want: "pod"},
		{name: "team Default", templates: []contender{{team, v1alpha1.PolicyDefault}}, want: "pod"},
		{name: "team Enforce", templates: []contender{{team, v1alpha1.PolicyEnforce}}, want: "t0"},
		{name: "platform Enforce", templates: []contender{{platform, v1alpha1.PolicyEnforce}}, want: "t0"},
		{name: "platform Enforce, then a team's Enforce at a higher priority", templates: []contender{{platform, v1alpha1.PolicyEnforce}, {team, v1alpha1.PolicyEnforce}}, want: "t0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var selected []*Template
			for i, c := range tc.templates {
				selected = append(selected, templateOf(t, c.origin, fmt.Sprintf("t%d", i), c.spec(fmt.Sprintf("t%d", i), int32(i))))
			}
			pod := driverPod()
			withValues(pod, "pod")
			if _, err := Apply(pod, v1alpha1.RoleDriver, selected); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			want := driverPod()
			withValues(want, tc.want)
			want.Annotations = map[string]string{v1alpha1.AnnotationApplied: sortedApplied(selected...)}
			pod.Annotations[v1alpha1.AnnotationApplied] = sortedList(pod.Annotations[v1alpha1.AnnotationApplied])
			if diff := cmp.Diff(want, pod); diff != "" {
				t.Errorf("Pod (-want +got):\n%s", diff)
			}
		})
	}
}

func sortedApplied(ts ...*Template) string {
	var entries []string
	for _, t := range ts {
		entries = append(entries, t.AppliedEntry())
	}
	slices.Sort(entries)
	return strings.Join(entries, ",")
}

func sortedList(v string) string {
	l := splitList(v)
	slices.Sort(l)
	return strings.Join(l, ",")
}
