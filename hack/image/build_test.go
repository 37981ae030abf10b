package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuildReproducible: the same binary and stamps make the same image,
// byte for byte (no build-time clock or file system state leaks in), and a
// different binary a different one.
func TestBuildReproducible(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a, b := write("a", "binary a"), write("b", "binary b")
	spec := func(binary string) Spec {
		return Spec{Binary: binary, Arch: "amd64", Version: "v1.0.0", Revision: "abc", Source: "https://example.com", Created: time.Unix(1700000000, 0).UTC()}
	}
	tests := []struct {
		name   string
		x, y   Spec
		sameAs bool
	}{
		{name: "same binary", x: spec(a), y: spec(a), sameAs: true},
		{name: "other binary", x: spec(a), y: spec(b), sameAs: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := digest(t, tc.x) == digest(t, tc.y); got != tc.sameAs {
				t.Errorf("same digest = %v, want %v", got, tc.sameAs)
			}
		})
	}
}

func digest(t *testing.T, s Spec) string {
	t.Helper()
	img, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}
