package deploy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// replica is a running `sparkhook serve`.
type replica struct {
	*cluster.Process
	Port    int
	CertDir string
}

// startReplica runs sparkhook as the self-managed Deployment does — its
// rendered arguments — with the ServiceAccount's identity, and what the
// Pod's volumes and ports would give: a certificate directory, the
// example --config, a loopback port. extra flags come last and win.
func startReplica(t *testing.T, name string, extra ...string) *replica {
	t.Helper()
	return startReplicas(t, overlaySelfManaged, []string{name}, extra...)[0]
}

// startReplicas starts one replica per name with the arguments of the
// overlay's Deployment, all at the same moment (their arguments are
// prepared first), so that they race for the Secret.
func startReplicas(t *testing.T, overlay string, names []string, extra ...string) []*replica {
	t.Helper()
	dep := &appsv1.Deployment{}
	render(t, overlay).into(t, "Deployment", "sparkhook", dep)
	kubeconfig := serviceAccountKubeconfig(t)
	var replicas []*replica
	var runs []cluster.RunOptions
	for _, name := range names {
		r := &replica{Port: cluster.TestPort(t), CertDir: t.TempDir()}
		args := append(slices.Clone(dep.Spec.Template.Spec.Containers[0].Args),
			"--kubeconfig="+kubeconfig,
			"--cert-dir="+r.CertDir,
			"--config="+filepath.Join(root, "deploy/examples/config.yaml"),
			"--host=127.0.0.1", "--port="+strconv.Itoa(r.Port), "--zap-devel",
			// No Endpoints to drain on loopback: stop at once.
			"--shutdown-delay=0s")
		logName := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + name
		replicas = append(replicas, r)
		runs = append(runs, cluster.RunOptions{Binary: binary, Args: append(args, extra...), Name: logName})
	}
	for i, run := range runs {
		p, err := env.RunSparkhook(run)
		if err != nil {
			t.Fatal(err)
		}
		replicas[i].Process = p
		t.Cleanup(func() {
			if err := p.Stop(10 * time.Second); err != nil {
				t.Errorf("stopping %s: %v", names[i], err)
			}
			if t.Failed() || os.Getenv("SPARKHOOK_TEST_LOGS") != "" {
				t.Logf("%s's log ends:\n%s", names[i], p.LogTail(80))
			}
		})
	}
	return replicas
}

// served is the certificate the replica presents to a client that asks for
// the service's name (unverified: the caller checks it).
func (r *replica) served(t *testing.T) *x509.Certificate {
	t.Helper()
	c, err := servedCert(r.Port)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func servedCert(port int) (*x509.Certificate, error) {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(dialer, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		&tls.Config{ServerName: serviceHost, InsecureSkipVerify: true})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0], nil
}

// sample reads the one sample of metric name whose labels include label
// (the unlabelled one when label is empty) from the replica's /metrics; a
// missing sample is an error.
func (r *replica) sample(name, label string) (float64, error) {
	v, found, err := r.Metric(context.Background(), name, label)
	if err == nil && found != 1 {
		err = fmt.Errorf("%d samples %s{%s} in %s, want 1", found, name, label, r.MetricsURL)
	}
	return v, err
}

// verify checks that leaf verifies for the service name against a PEM
// bundle.
func verify(leaf *x509.Certificate, bundle []byte) error {
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(bundle) {
		return fmt.Errorf("no certificate in the bundle")
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: serviceHost, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	return err
}

// pemOf encodes a certificate as PEM.
func pemOf(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}
