// Command image writes sparkhook's container image, without a Docker
// engine: an OCI image layout (a directory any OCI tool reads: crane,
// skopeo, oras, podman, containerd's ctr) and, optionally, a tarball that
// `docker load` accepts. `make image` runs it on the static binary of
// `make image-binary`.
//
//	go run . --binary bin/linux-amd64/sparkhook --layout bin/image \
//	    --tarball bin/sparkhook-image.tar --tag ghcr.io/sparkhook/sparkhook:v0.1.0 \
//	    --version v0.1.0 --revision $(git rev-parse HEAD) --created $(git log -1 --format=%ct)
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("image", flag.ContinueOnError)
	var s Spec
	var out, tarPath, tag string
	var created int64
	fs.StringVar(&s.Binary, "binary", "", "the static linux sparkhook binary (required)")
	fs.StringVar(&s.Arch, "arch", runtime.GOARCH, "the binary's GOARCH")
	fs.StringVar(&s.Version, "version", "dev", "org.opencontainers.image.version")
	fs.StringVar(&s.Revision, "revision", "", "org.opencontainers.image.revision (the git commit)")
	fs.StringVar(&s.Source, "source", "https://github.com/sparkhook/sparkhook", "org.opencontainers.image.source")
	fs.Int64Var(&created, "created", 0, "creation time, seconds since the epoch (the commit's time makes builds reproducible)")
	fs.StringVar(&out, "layout", "", "OCI image layout directory to write, replaced if it exists (required)")
	fs.StringVar(&tarPath, "tarball", "", "also write a docker-loadable tarball here")
	fs.StringVar(&tag, "tag", "ghcr.io/sparkhook/sparkhook:dev", "the image's name in the layout and the tarball")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if s.Binary == "" || out == "" {
		return fmt.Errorf("--binary and --layout are required")
	}
	s.Created = time.Unix(created, 0).UTC()
	ref, err := name.NewTag(tag)
	if err != nil {
		return err
	}
	img, err := Build(s)
	if err != nil {
		return err
	}
	if err := writeLayout(out, ref, img); err != nil {
		return err
	}
	if tarPath != "" {
		if err := tarball.WriteToFile(tarPath, ref, img); err != nil {
			return err
		}
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Printf("image %s %s written to %s\n", ref, digest, out)
	return nil
}

// writeLayout replaces dir with an OCI image layout holding img, named ref
// (the org.opencontainers.image.ref.name annotation holds the tag alone, as
// the image-spec says).
func writeLayout(dir string, ref name.Tag, img v1.Image) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": ref.TagStr(),
		"io.containerd.image.name":          ref.String(),
	}))
}
