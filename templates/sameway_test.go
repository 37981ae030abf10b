package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
)

// TestPodFileAndSparkPodTemplateAgree loads every real Spark pod template
// of test/testdata/spark-templates twice — as the Pod file it is, and as a
// SparkPodTemplate whose spec.template is that file's Pod, as a platform
// engineer pastes it and the API server hands it to sparkhook — and merges
// each into every real Spark Pod of test/testdata/pods: one rule for the
// Spark container, one decoder, so both give the same Pod, the same
// warnings and the same refusals.
func TestPodFileAndSparkPodTemplateAgree(t *testing.T) {
	paths, err := filepath.Glob("../test/testdata/spark-templates/*")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no templates in test/testdata/spark-templates (%v)", err)
	}
	pods := readFixturePods(t)
	loaded := 0
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fromFile, fileErrs := loadPodFile(t, path, data)
			fromObject, objErrs := compileAsObject(t, path, data)
			if diff := cmp.Diff(fileErrs, objErrs); diff != "" {
				t.Fatalf("refusals (-Pod file +SparkPodTemplate):\n%s", diff)
			}
			if fromFile == nil {
				return
			}
			loaded++
			changed := false
			for podName, pod := range pods {
				role, _ := RoleFromLabels(pod.Labels)
				a, b := pod.DeepCopy(), pod.DeepCopy()
				outA, errA := Apply(a, role, []*Template{fromFile})
				outB, errB := Apply(b, role, []*Template{fromObject})
				if diff := cmp.Diff(errString(errA), errString(errB)); diff != "" {
					t.Errorf("%s: Apply error (-Pod file +SparkPodTemplate):\n%s", podName, diff)
				}
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("%s: merged Pod (-Pod file +SparkPodTemplate):\n%s", podName, diff)
				}
				if diff := cmp.Diff(outA.Warnings, outB.Warnings); diff != "" {
					t.Errorf("%s: warnings (-Pod file +SparkPodTemplate):\n%s", podName, diff)
				}
				changed = changed || !cmp.Equal(pod, a)
			}
			if !changed {
				t.Errorf("the template changed none of the Pods: nothing was compared")
			}
		})
	}
	if loaded == 0 {
		t.Errorf("no template loaded: nothing was compared")
	}
}

// readFixturePods reads test/testdata/pods, by file name.
func readFixturePods(t *testing.T) map[string]*corev1.Pod {
	t.Helper()
	paths, err := filepath.Glob("../test/testdata/pods/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Pods in test/testdata/pods (%v)", err)
	}
	out := map[string]*corev1.Pod{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pod := &corev1.Pod{}
		if err := yaml.UnmarshalStrict(data, pod); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[filepath.Base(p)] = pod
	}
	return out
}

// loadPodFile loads a Pod file with the file loader; its refusals are
// returned without the file's and template's names.
func loadPodFile(t *testing.T, path string, data []byte) (*Template, []string) {
	t.Helper()
	ts, _, err := LoadFiles([]File{{Name: path, Data: data}})
	if err != nil {
		var out []string
		for _, line := range strings.Split(err.Error(), "\n") {
			_, msg, _ := strings.Cut(line, `": `)
			out = append(out, msg)
		}
		return nil, out
	}
	if len(ts) != 1 {
		t.Fatalf("LoadFiles: %d templates, want 1", len(ts))
	}
	return ts[0], nil
}

// compileAsObject writes the Pod of data under spec.template of a
// SparkPodTemplate of the Pod's name (else the file's), as kubectl sends it
// (JSON), decodes it as sparkhook's cache does, and compiles it as the
// cluster source does.
func compileAsObject(t *testing.T, path string, data []byte) (*Template, []string) {
	t.Helper()
	var pod map[string]any
	if err := yaml.Unmarshal(data, &pod); err != nil {
		t.Fatal(err)
	}
	delete(pod, "apiVersion")
	delete(pod, "kind")
	delete(pod, "Kind")
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if meta, ok := pod["metadata"].(map[string]any); ok {
		if n, ok := meta["name"].(string); ok {
			name = n
		}
		delete(meta, "name")
		delete(meta, "namespace")
	}
	obj := map[string]any{
		"apiVersion": v1alpha1.GroupVersion.String(), "kind": v1alpha1.Kind,
		"metadata": map[string]any{"name": name},
		"spec":     map[string]any{"template": pod},
	}
	js, err := yaml.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	spt := &v1alpha1.SparkPodTemplate{}
	if err := yaml.UnmarshalStrict(js, spt); err != nil {
		t.Fatal(err)
	}
	tpl, _, errs := Compile(spt, ClusterCompileOptions(spt, "", SecurityPolicy{}))
	if len(errs) > 0 {
		// As the Pod file's own fields: its errors name them so.
		for i := range errs {
			errs[i].Field = strings.TrimPrefix(errs[i].Field, "spec.template.")
		}
		return nil, errorStrings(errs)
	}
	return tpl, nil
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
