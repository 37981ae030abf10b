package main

import (
	"bytes"
	"fmt"
	"io"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Spec says what goes into the image.
type Spec struct {
	// Binary is the static linux sparkhook binary.
	Binary string
	// Arch is the binary's GOARCH.
	Arch string
	// Version, Revision and Source become OCI labels.
	Version, Revision, Source string
	// Created stamps the config, the labels and every file.
	Created time.Time
}

// Labels are the image's OCI labels (also set as manifest annotations).
func (s Spec) Labels() map[string]string {
	return map[string]string{
		"org.opencontainers.image.title":       "sparkhook",
		"org.opencontainers.image.description": "Admission webhook for Apache Spark Pods on Kubernetes",
		"org.opencontainers.image.source":      s.Source,
		"org.opencontainers.image.url":         s.Source,
		"org.opencontainers.image.version":     s.Version,
		"org.opencontainers.image.revision":    s.Revision,
		"org.opencontainers.image.created":     s.Created.UTC().Format(time.RFC3339),
	}
}

// Build makes the image: one layer (rootfs), run as 65532:65532 with the
// binary as entrypoint and `serve` as its default argument, as the
// Dockerfile's image.
func Build(s Spec) (v1.Image, error) {
	data, err := layerTar(rootfs(s.Binary), s.Created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{
		Layer:     layer,
		History:   v1.History{Created: v1.Time{Time: s.Created}, CreatedBy: "hack/image: " + BinaryPath, Comment: "sparkhook " + s.Version},
		MediaType: types.OCILayer,
	})
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", s.Arch
	cfg.Created = v1.Time{Time: s.Created}
	cfg.Config = v1.Config{
		User:         fmt.Sprintf("%d:%d", NonRoot, NonRoot),
		Entrypoint:   []string{BinaryPath},
		Cmd:          []string{"serve"},
		WorkingDir:   "/",
		Env:          []string{"PATH=/usr/local/bin"},
		ExposedPorts: map[string]struct{}{"9443/tcp": {}, "8080/tcp": {}, "8081/tcp": {}},
		Labels:       s.Labels(),
	}
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return nil, err
	}
	return mutate.Annotations(img, s.Labels()).(v1.Image), nil
}
