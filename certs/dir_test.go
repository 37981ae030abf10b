package certs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteDirReplacesAtomically writes over plain files (an earlier
// layout), then again: the files read back are always the last key pair,
// and only one version directory is left.
func TestWriteDirReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{FileCA, FileCert, FileKey} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	for i := range 3 {
		m := material(t, testPolicy, now, now)
		if err := WriteDir(dir, m.BundlePEM(), m.Serving); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		for name, want := range map[string][]byte{FileCA: m.BundlePEM(), FileCert: m.Serving.CertPEM, FileKey: m.Serving.KeyPEM} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("write %d: %s holds other content (%v)", i, name, err)
			}
		}
	}
	versions, err := filepath.Glob(filepath.Join(dir, "..version-*"))
	if err != nil || len(versions) != 1 {
		t.Errorf("version directories left: %v (%v), want one", versions, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary links left: %v", leftovers)
	}
}
