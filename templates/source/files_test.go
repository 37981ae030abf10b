package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/templates"
)

// loadRecorder records what a FileSource tells its OnLoad, safely across the
// Start goroutine and the test.
type loadRecorder struct {
	mu    sync.Mutex
	loads []string // "N templates" or the error's text
}

func (r *loadRecorder) onLoad(n int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.loads = append(r.loads, err.Error())
		return
	}
	r.loads = append(r.loads, fmt.Sprintf("%d templates", n))
}

func (r *loadRecorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.loads)
}

// registeredKeys lists every template of reg that applies to a plain driver.
func registeredKeys(t *testing.T, reg *templates.Registry) []string {
	t.Helper()
	got, _, err := reg.Set().Select(templates.Query{Role: v1alpha1.RoleDriver, PodLabels: labels.Set{}})
	if err != nil {
		t.Fatalf("Select: %v", err)
	}
	return keys(got)
}

// waitFor polls cond until it holds, failing the test after a few seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// writeFile replaces path atomically, through a dot file renamed over it,
// so that a reload never sees it half written.
func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func podFile(name string) string { return "kind: Pod\nmetadata: {name: " + name + "}\n" }

// configMapDir lays dir out as the kubelet mounts a ConfigMap: the files in
// a timestamped directory, ..data linking to it, and each file a link
// through ..data. Every call swaps ..data atomically to a new directory.
func configMapDir(t *testing.T, dir, version string, files map[string]string) {
	t.Helper()
	ts := filepath.Join(dir, "..2026_"+version)
	for name, data := range files {
		writeFile(t, filepath.Join(ts, name), data)
		link := filepath.Join(dir, name)
		if _, err := os.Lstat(link); os.IsNotExist(err) {
			if err := os.Symlink(filepath.Join("..data", name), link); err != nil {
				t.Fatal(err)
			}
		}
	}
	tmp := filepath.Join(dir, "..data_tmp")
	if err := os.Symlink(filepath.Base(ts), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
}

func TestFileSourceLoad(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), podFile("a"))
	writeFile(t, filepath.Join(dir, "b.JSON"), `{"kind": "Pod", "metadata": {"name": "b"}}`)
	writeFile(t, filepath.Join(dir, ".hidden.yaml"), "kind: Deployment\n")
	writeFile(t, filepath.Join(dir, "sub", "c.yaml"), "kind: Deployment\n")
	writeFile(t, filepath.Join(dir, "notes.txt"), "kind: Deployment\n")
	if err := os.Mkdir(filepath.Join(dir, "d.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	rec := &loadRecorder{}
	src := &FileSource{Dir: dir, Registry: templates.NewRegistry(), OnLoad: rec.onLoad}
	if _, err := src.Load(); err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, registeredKeys(t, src.Registry)); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2 templates"}, rec.get()); diff != "" {
		t.Errorf("OnLoad (-want +got):\n%s", diff)
	}

	writeFile(t, filepath.Join(dir, "b.JSON"), `{"kind": "Service"}`)
	_, err := src.Load()
	wantErr := "templates in " + dir + " (the last good set stays in use): " +
		filepath.Join(dir, "b.JSON") + `: document 1: kind "Service": a template file holds SparkPodTemplates and Pods`
	if diff := cmp.Diff(wantErr, errText(err)); diff != "" {
		t.Errorf("Load error (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b"}, registeredKeys(t, src.Registry)); diff != "" {
		t.Errorf("templates after a failed load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2 templates", wantErr}, rec.get()); diff != "" {
		t.Errorf("OnLoad (-want +got):\n%s", diff)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fsStep changes the directory, then waits for the FileSource to see it.
type fsStep struct {
	do        func(t *testing.T, dir string)
	wantKeys  []string // the templates registered once the change is seen
	wantError string   // "" or the error OnLoad is told, with DIR for the directory
}

func TestFileSourceStart(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		steps []fsStep
	}{{
		name:  "a changed file is reloaded",
		setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "a.yaml"), podFile("a")) },
		steps: []fsStep{
			{do: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "a.yaml"), podFile("a2")) }, wantKeys: []string{"a2"}},
			{do: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "b.yml"), podFile("b")) }, wantKeys: []string{"a2", "b"}},
			{do: func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "a.yaml")) }, wantKeys: []string{"b"}},
		},
	}, {
		name:  "a broken file keeps the last good set until it is fixed",
		setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "a.yaml"), podFile("a")) },
		steps: []fsStep{{
			do: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "a.yaml"), "kind: Pod\nspec: {volumes: [{name: krb5-file}]}\n")
			},
			wantKeys:  []string{"a"},
			wantError: `templates in DIR (the last good set stays in use): DIR/a.yaml: template "a": spec.volumes[0].name: Forbidden: "krb5-file" is a volume name Spark reserves for its own volumes`,
		}, {
			do:       func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "a.yaml"), podFile("fixed")) },
			wantKeys: []string{"fixed"},
		}},
	}, {
		name:  "dot files and subdirectories are ignored",
		setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "a.yaml"), podFile("a")) },
		steps: []fsStep{{
			do: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, ".a.yaml.swp"), "kind: Deployment\n")
				writeFile(t, filepath.Join(dir, "sub", "b.yaml"), "kind: Deployment\n")
				writeFile(t, filepath.Join(dir, "c.yaml"), podFile("c"))
			},
			wantKeys: []string{"a", "c"},
		}},
	}, {
		name: "a ConfigMap's symlink swap is followed",
		setup: func(t *testing.T, dir string) {
			configMapDir(t, dir, "01", map[string]string{"a.yaml": podFile("a"), "b.yaml": podFile("b")})
		},
		steps: []fsStep{{
			do: func(t *testing.T, dir string) {
				configMapDir(t, dir, "02", map[string]string{"a.yaml": podFile("a-v2"), "b.yaml": podFile("b")})
				os.RemoveAll(filepath.Join(dir, "..2026_01"))
			},
			wantKeys: []string{"a-v2", "b"},
		}},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			rec := &loadRecorder{}
			src := &FileSource{Dir: dir, Registry: templates.NewRegistry(), PollInterval: 20 * time.Millisecond, OnLoad: rec.onLoad}
			if _, err := src.Load(); err != nil {
				t.Fatalf("Load: %v", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- src.Start(ctx) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Errorf("Start: %v", err)
				}
			}()
			wantErrors := 0
			for i, step := range tc.steps {
				if step.wantError != "" {
					wantErrors++
				}
				seen := len(rec.get())
				step.do(t, dir)
				if step.wantError != "" {
					want := strings.ReplaceAll(step.wantError, "DIR", dir)
					waitFor(t, "OnLoad to be told the error", func() bool { return slices.Contains(rec.get()[seen:], want) })
				} else {
					waitFor(t, "the reload", func() bool { return slices.Equal(registeredKeys(t, src.Registry), step.wantKeys) })
				}
				if diff := cmp.Diff(step.wantKeys, registeredKeys(t, src.Registry)); diff != "" {
					t.Errorf("step %d: templates (-want +got):\n%s", i, diff)
				}
			}
			// A broken file is reported once, not again at every poll.
			errorsTold := 0
			for _, l := range rec.get() {
				if strings.HasPrefix(l, "templates in ") {
					errorsTold++
				}
			}
			if errorsTold != wantErrors {
				t.Errorf("OnLoad was told %d errors, want %d: %q", errorsTold, wantErrors, rec.get())
			}
		})
	}
}

// keys are the keys of ts, in order.
func keys(ts []*templates.Template) []string {
	var out []string
	for _, tpl := range ts {
		out = append(out, tpl.Key())
	}
	return out
}
