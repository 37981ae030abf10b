package certs

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// dataLink is the symbolic link in a certificate directory that points at
// the current version of its files, as the kubelet lays out Secret volumes.
const dataLink = "..data"

// WriteDir writes the CA certificate and a serving key pair into dir so
// that a reader opening the files after a switch sees either all old or all
// new ones, never a new key with an old certificate: the files go into a
// fresh hidden version directory, one rename of the symbolic link ..data
// switches to it, and ca.crt, tls.crt and tls.key are links through ..data
// (the kubelet's layout for Secret volumes). controller-runtime's
// certwatcher reads the two files one after the other, so a read that
// straddles the switch (or the first switch of a directory of plain files)
// can still see a mismatched pair once; it logs it, keeps serving the pair
// it had, and its next read (a later event, or its poll every 10 s) loads
// the new one.
func WriteDir(dir string, caPEM []byte, serving *KeyPair) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	version, err := os.MkdirTemp(dir, "..version-")
	if err != nil {
		return fmt.Errorf("writing into %s: %w", dir, err)
	}
	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{FileCA, caPEM, 0o644},
		{FileKey, serving.KeyPEM, 0o600},
		{FileCert, serving.CertPEM, 0o644},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(version, f.name), f.data, f.mode); err != nil {
			os.RemoveAll(version)
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	if err := replaceSymlink(filepath.Join(dir, dataLink), filepath.Base(version)); err != nil {
		os.RemoveAll(version)
		return err
	}
	for _, f := range files {
		link, target := filepath.Join(dir, f.name), filepath.Join(dataLink, f.name)
		if have, err := os.Readlink(link); err != nil || have != target {
			if err := replaceSymlink(link, target); err != nil {
				return err
			}
		}
	}
	return removeOldVersions(dir, filepath.Base(version))
}

// replaceSymlink points path at target in one rename, replacing whatever
// path was (a link, or a plain file written by an earlier sparkhook).
func replaceSymlink(path, target string) error {
	tmp := fmt.Sprintf("%s.%d.tmp", path, time.Now().UnixNano())
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("linking %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("linking %s: %w", path, err)
	}
	return nil
}

// removeOldVersions removes every version directory of dir but current.
func removeOldVersions(dir, current string) error {
	old, err := filepath.Glob(filepath.Join(dir, "..version-*"))
	if err != nil {
		return err
	}
	for _, v := range old {
		if filepath.Base(v) != current {
			if err := os.RemoveAll(v); err != nil {
				return fmt.Errorf("removing %s: %w", v, err)
			}
		}
	}
	return nil
}

// DevelopmentCerts writes a fresh CA and a serving certificate for hosts
// into dir: what `make run` and the tests serve with when no cluster issues
// certificates.
func DevelopmentCerts(dir string, hosts []string, lifetime time.Duration) error {
	now := time.Now()
	ca, err := NewCA("sparkhook development CA", now, lifetime)
	if err != nil {
		return err
	}
	serving, err := IssueServing(ca, hosts, now, lifetime)
	if err != nil {
		return err
	}
	return WriteDir(dir, ca.CertPEM, serving)
}
