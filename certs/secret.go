package certs

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// LabelManagedBy marks the self-managed Secret, so that `kubectl get
// secrets -l app.kubernetes.io/managed-by=sparkhook` finds it.
const LabelManagedBy = "app.kubernetes.io/managed-by"

// readSecret gets the Secret from the API server. It returns (nil, nil)
// when there is none, and (secret, nil) when its content is unusable, which
// the next store replaces (with the resourceVersion read here).
func (s *SelfManaged) readSecret(ctx context.Context) (*corev1.Secret, *Material, error) {
	secret := &corev1.Secret{}
	err := s.Reader.Get(ctx, client.ObjectKey{Namespace: s.Namespace, Name: s.SecretName}, secret)
	if apierrors.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading Secret %s/%s: %w", s.Namespace, s.SecretName, err)
	}
	m, err := ParseSecretData(secret.Data)
	if err != nil {
		logr.FromContextOrDiscard(ctx).Info("Replacing the unusable content of the certificate Secret",
			"secret", s.Namespace+"/"+s.SecretName, "reason", err.Error())
		return secret, nil, nil
	}
	return secret, m, nil
}

// storeSecret creates the Secret (secret nil) or updates the one read, with
// its resourceVersion. Losing a race to another replica is errRaced.
func (s *SelfManaged) storeSecret(ctx context.Context, secret *corev1.Secret, m *Material) error {
	var err error
	if secret == nil {
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{
				Name: s.SecretName, Namespace: s.Namespace,
				Labels: map[string]string{"app.kubernetes.io/name": "sparkhook", LabelManagedBy: "sparkhook"},
			},
			Type: corev1.SecretTypeTLS,
			Data: m.SecretData(),
		}
		err = s.Client.Create(ctx, secret)
	} else {
		secret = secret.DeepCopy()
		secret.Data = m.SecretData()
		err = s.Client.Update(ctx, secret)
	}
	switch {
	case apierrors.IsAlreadyExists(err), apierrors.IsConflict(err):
		return fmt.Errorf("%w: Secret %s/%s: %w", errRaced, s.Namespace, s.SecretName, err)
	case err != nil:
		return fmt.Errorf("writing Secret %s/%s: %w", s.Namespace, s.SecretName, err)
	}
	return nil
}

// writeFiles writes m into CertDir unless the files already hold it, so
// that the certwatcher reloads only on a real change.
func (s *SelfManaged) writeFiles(ctx context.Context, m *Material) error {
	bundle := m.BundlePEM()
	want := map[string][]byte{FileCA: bundle, FileCert: m.Serving.CertPEM, FileKey: m.Serving.KeyPEM}
	same := true
	for name, data := range want {
		have, err := os.ReadFile(filepath.Join(s.CertDir, name))
		same = same && err == nil && bytes.Equal(have, data)
	}
	if same {
		return nil
	}
	if err := WriteDir(s.CertDir, bundle, m.Serving); err != nil {
		return err
	}
	logr.FromContextOrDiscard(ctx).Info("Wrote the certificate files", "dir", s.CertDir, "bundle", len(m.Bundle),
		"notAfter", m.Serving.cert.NotAfter, "serial", m.Serving.cert.SerialNumber.Text(16))
	return nil
}
