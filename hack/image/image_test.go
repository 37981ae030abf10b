package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// layoutDir is the image `make image` wrote: $SPARKHOOK_IMAGE_LAYOUT (make
// test sets it), else bin/image of the repository.
func layoutDir() string {
	if dir := os.Getenv("SPARKHOOK_IMAGE_LAYOUT"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "bin", "image")
}

// readImage reads the one image of the layout; without a layout the test
// is skipped, except in CI, where make test builds it first.
func readImage(t *testing.T) v1.Image {
	t.Helper()
	dir := layoutDir()
	if _, err := os.Stat(filepath.Join(dir, "index.json")); errors.Is(err, os.ErrNotExist) && os.Getenv("CI") == "" {
		t.Skipf("no image layout at %s: run make image", dir)
	}
	p, err := layout.FromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 1 {
		t.Fatalf("%d manifests in %s, want 1", len(m.Manifests), dir)
	}
	if m.Manifests[0].Annotations["org.opencontainers.image.ref.name"] == "" {
		t.Errorf("the layout names no tag: %v", m.Manifests[0].Annotations)
	}
	img, err := p.Image(m.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestImageConfig: non-root 65532, the binary as entrypoint with serve as
// its argument, the OCI labels filled in.
func TestImageConfig(t *testing.T) {
	cfg, err := readImage(t).ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{
		"user": cfg.Config.User, "entrypoint": cfg.Config.Entrypoint, "cmd": cfg.Config.Cmd,
		"os": cfg.OS, "arch": cfg.Architecture,
	}
	want := map[string]any{
		"user": "65532:65532", "entrypoint": []string{BinaryPath}, "cmd": []string{"serve"},
		"os": "linux", "arch": runtime.GOARCH,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("image config (-want +got):\n%s", diff)
	}
	for _, label := range []string{"title", "source", "version", "revision", "created"} {
		key := "org.opencontainers.image." + label
		if cfg.Config.Labels[key] == "" {
			t.Errorf("label %s is empty (labels %v)", key, cfg.Config.Labels)
		}
	}
	if created := cfg.Config.Labels["org.opencontainers.image.created"]; created != cfg.Created.UTC().Format(time.RFC3339) {
		t.Errorf("label created %s, config created %s", created, cfg.Created)
	}
}

// TestImageFiles: nothing but the binary and the account files, no shell
// anywhere, the binary executable by everyone and owned by root.
func TestImageFiles(t *testing.T) {
	files := imageFiles(t, readImage(t))
	var names []string
	for name := range files {
		names = append(names, name)
	}
	for _, name := range names {
		if base := filepath.Base(name); base == "sh" || base == "bash" || base == "busybox" || strings.HasPrefix(name, "bin/") {
			t.Errorf("the image holds %s", name)
		}
	}
	want := map[string]int64{"etc/passwd": 0o644, "etc/group": 0o644, BinaryPath[1:]: 0o755}
	for name, mode := range want {
		hdr, ok := files[name]
		if !ok {
			t.Errorf("no %s in the image", name)
			continue
		}
		if hdr.Mode != mode || hdr.Uid != 0 {
			t.Errorf("%s: mode %o uid %d, want %o uid 0", name, hdr.Mode, hdr.Uid, mode)
		}
	}
	if len(files) != len(rootfs("")) {
		t.Errorf("%d entries in the image, want %d: %v", len(files), len(rootfs("")), names)
	}
}

// TestImageBinaryRuns extracts the binary from the layer and runs
// `sparkhook version`, which must print the image's version label, and the
// image's revision label as its git commit.
func TestImageBinaryRuns(t *testing.T) {
	img := readImage(t)
	if runtime.GOOS != "linux" {
		t.Skip("the image's binary is for linux")
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "sparkhook")
	if err := os.WriteFile(bin, extract(t, img, BinaryPath[1:]), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "version", args: []string{"version", "--short"}, want: cfg.Config.Labels["org.opencontainers.image.version"] + "\n"},
		{name: "commit", args: []string{"version"}, want: "Git commit: " + cfg.Config.Labels["org.opencontainers.image.revision"]},
		{name: "help", args: []string{"--help"}, want: "serve"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := exec.Command(bin, tc.args...).CombinedOutput()
			if err != nil {
				t.Fatalf("sparkhook %s: %v\n%s", strings.Join(tc.args, " "), err, out)
			}
			if !strings.Contains(string(out), tc.want) || (tc.name == "version" && string(out) != tc.want) {
				t.Errorf("sparkhook %s printed %q, want %q", strings.Join(tc.args, " "), out, tc.want)
			}
		})
	}
}

// imageFiles lists every entry of every layer by name.
func imageFiles(t *testing.T, img v1.Image) map[string]*tar.Header {
	t.Helper()
	out := map[string]*tar.Header{}
	walk(t, img, func(hdr *tar.Header, _ io.Reader) {
		out[strings.TrimSuffix(strings.TrimPrefix(hdr.Name, "./"), "/")+dirSlash(hdr)] = hdr
	})
	return out
}

func dirSlash(hdr *tar.Header) string {
	if hdr.Typeflag == tar.TypeDir {
		return "/"
	}
	return ""
}

// extract returns the content of the file name in the image's layers.
func extract(t *testing.T, img v1.Image, name string) []byte {
	t.Helper()
	var out []byte
	walk(t, img, func(hdr *tar.Header, r io.Reader) {
		if strings.TrimPrefix(hdr.Name, "./") == name {
			var buf bytes.Buffer
			if _, err := io.Copy(&buf, r); err != nil {
				t.Fatal(err)
			}
			out = buf.Bytes()
		}
	})
	if out == nil {
		t.Fatalf("no %s in the image", name)
	}
	return out
}

// walk calls f for every tar entry of every layer, in order.
func walk(t *testing.T, img v1.Image, f func(*tar.Header, io.Reader)) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(rc)
		for {
			hdr, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			f(hdr, tr)
		}
		rc.Close()
	}
}
