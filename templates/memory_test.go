package templates_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// typicalTemplate is a platform team's template as the examples have it
// (deploy/examples/templates/emr-driver.yaml: a sidecar, an init
// container, volumes, mounts, a nodeSelector), as the cache decodes it.
func typicalTemplate(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "deploy", "examples", "templates", "emr-driver.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := templates.DecodeFile("emr-driver.yaml", data)
	if err != nil || len(docs) != 1 {
		t.Fatalf("decoding the example: %v", err)
	}
	obj := docs[0].Template
	obj.Namespace = "spark"
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// maximalTemplate is a template at the limits: the most containers, the
// most volumes, and env entries filling spec.template to just under
// MaxTemplateBytes.
func maximalTemplate(t testing.TB) []byte {
	t.Helper()
	var pt corev1.PodTemplateSpec
	for i := range 64 {
		pt.Spec.Volumes = append(pt.Spec.Volumes, corev1.Volume{Name: fmt.Sprintf("data-%d", i), VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	}
	for i := range 8 {
		pt.Spec.Containers = append(pt.Spec.Containers, corev1.Container{Name: fmt.Sprintf("sidecar-%d", i), Image: "registry.example.com/agent:1.0"})
	}
	value := strings.Repeat("v", 100)
	for n := 0; ; n++ {
		c := &pt.Spec.Containers[n%len(pt.Spec.Containers)]
		c.Env = append(c.Env, corev1.EnvVar{Name: fmt.Sprintf("SETTING_%04d", n), Value: value})
		raw, err := json.Marshal(&pt)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) > templates.MaxTemplateBytes-200 {
			c.Env = c.Env[:len(c.Env)-1]
			break
		}
	}
	obj := &v1alpha1.SparkPodTemplate{
		TypeMeta:   metav1.TypeMeta{APIVersion: v1alpha1.GroupVersion.String(), Kind: v1alpha1.Kind},
		ObjectMeta: metav1.ObjectMeta{Name: "maximal", Namespace: "spark"},
	}
	raw, err := json.Marshal(&pt)
	if err != nil {
		t.Fatal(err)
	}
	obj.Spec.Template.Raw = raw
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// heapCost registers n copies of the template doc, each decoded anew as
// the cache decodes each object, and returns the heap per template the
// API objects (what the cache keeps) and the compiled templates (what the
// registry keeps) take.
func heapCost(t testing.TB, doc []byte, n int) (object, compiled uint64) {
	t.Helper()
	objs := make([]*v1alpha1.SparkPodTemplate, n)
	ts := make([]*templates.Template, n)
	base := liveHeap()
	for i := range objs {
		objs[i] = &v1alpha1.SparkPodTemplate{}
		if err := json.Unmarshal(doc, objs[i]); err != nil {
			t.Fatal(err)
		}
		objs[i].Name = fmt.Sprintf("%s-%d", objs[i].Name, i)
	}
	decoded := liveHeap()
	for i, obj := range objs {
		tpl, _, errs := templates.Compile(obj, templates.CompileOptions{Source: "test", Namespace: "spark"})
		if len(errs) > 0 {
			t.Fatalf("compiling: %v", errs.ToAggregate())
		}
		ts[i] = tpl
	}
	done := liveHeap()
	runtime.KeepAlive(objs)
	runtime.KeepAlive(ts)
	return (decoded - base) / uint64(n), (done - decoded) / uint64(n)
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestTemplateHeapCost measures what a registered template costs every
// replica, for a typical template and one at the limits, and holds it to a
// bound: the README's figures come from its log (go test -v -run
// TestTemplateHeapCost ./templates/).
func TestTemplateHeapCost(t *testing.T) {
	const n = 200
	cases := []struct {
		name string
		doc  []byte
		// max bounds the bytes of heap per template, object and compiled
		// template together.
		max uint64
	}{
		{"typical", typicalTemplate(t), 16 << 10},
		{"maximal", maximalTemplate(t), 4 * templates.MaxTemplateBytes},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var obj v1alpha1.SparkPodTemplate
			if err := json.Unmarshal(tc.doc, &obj); err != nil {
				t.Fatal(err)
			}
			object, compiled := heapCost(t, tc.doc, n)
			t.Logf("%s: spec.template %d bytes; heap per template: %d bytes the API object (the cache), %d bytes compiled (the registry), %d in all",
				tc.name, len(obj.Spec.Template.Raw), object, compiled, object+compiled)
			if object+compiled > tc.max {
				t.Errorf("%d bytes of heap per %s template, over %d", object+compiled, tc.name, tc.max)
			}
		})
	}
}
