package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"
)

// BinaryPath is where the image holds sparkhook, its entrypoint.
const BinaryPath = "/usr/local/bin/sparkhook"

// NonRoot is the user and group the image runs as: distroless's nonroot,
// the one deploy/ and the chart run sparkhook as.
const NonRoot = 65532

// entry is one file or directory of the image's only layer.
type entry struct {
	Name      string
	Mode      int64
	UID, GID  int
	Dir       bool
	Content   []byte
	ContentOf string // a file to copy, instead of Content
}

// rootfs is the whole file system: the binary and the account files a
// non-root process may look itself up in. No shell, no libc, no package
// manager, no CA roots (sparkhook only serves TLS, and trusts the API server
// through its service account's CA, mounted by the kubelet).
func rootfs(binary string) []entry {
	return []entry{
		{Name: "etc/", Mode: 0o755, Dir: true},
		{Name: "etc/passwd", Mode: 0o644, Content: []byte(
			"root:x:0:0:root:/root:/sbin/nologin\n" +
				"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
		{Name: "etc/group", Mode: 0o644, Content: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{Name: "home/", Mode: 0o755, Dir: true},
		{Name: "home/nonroot/", Mode: 0o700, UID: NonRoot, GID: NonRoot, Dir: true},
		{Name: "tmp/", Mode: 0o1777, Dir: true},
		{Name: "usr/", Mode: 0o755, Dir: true},
		{Name: "usr/local/", Mode: 0o755, Dir: true},
		{Name: "usr/local/bin/", Mode: 0o755, Dir: true},
		{Name: BinaryPath[1:], Mode: 0o755, ContentOf: binary},
	}
}

// layerTar writes entries as an uncompressed tar, every time stamp set to
// created so that the same binary makes the same layer.
func layerTar(entries []entry, created time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		content := e.Content
		if e.ContentOf != "" {
			var err error
			if content, err = os.ReadFile(e.ContentOf); err != nil {
				return nil, err
			}
		}
		hdr := &tar.Header{
			Name: e.Name, Mode: e.Mode, Uid: e.UID, Gid: e.GID, ModTime: created,
			Typeflag: tar.TypeReg, Size: int64(len(content)), Format: tar.FormatPAX,
		}
		if e.Dir {
			hdr.Typeflag, hdr.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
		if !e.Dir {
			if _, err := io.Copy(tw, bytes.NewReader(content)); err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name, err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
