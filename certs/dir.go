package certs

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// WriteDir writes the CA certificate and a serving key pair into dir, each
// file replaced atomically (written aside, then renamed) so that a server
// watching dir never reads a half-written file. The key is written before
// the certificate: controller-runtime's certwatcher reloads on the
// certificate's change and then reads both.
func WriteDir(dir string, caPEM []byte, serving *KeyPair) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	for _, f := range []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{FileCA, caPEM, 0o644},
		{FileKey, serving.KeyPEM, 0o600},
		{FileCert, serving.CertPEM, 0o644},
	} {
		if err := writeAtomic(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
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
