package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
	"github.com/sparkhook/sparkhook/webhook"
)

// The ServiceAccount deploy/base/rbac.yaml binds, as the API server names
// it: a replica started with its identity has exactly the rights deploy/
// grants.
const serviceAccount = "system:serviceaccount:" + cluster.DefaultNamespace + ":sparkhook"

// replica is one `sparkhook serve` of a two-replica Deployment.
type replica struct {
	*cluster.Process
	args []string
	name string
	port int
}

// restart stops the replica and starts it again with the same arguments
// (the same port), as the kubelet restarts a container, and returns as
// soon as its webhook port accepts connections: before readiness, while
// its cache may still be listing, the moment a review can first reach it.
func (r *replica) restart(t *testing.T) {
	t.Helper()
	if err := r.Stop(10 * time.Second); err != nil {
		t.Fatalf("stopping %s: %v", r.name, err)
	}
	p, err := env.RunSparkhook(cluster.RunOptions{Binary: filepath.Join(env.Dir(), "sparkhook"), Args: r.args, Name: r.name + "-restarted"})
	if err != nil {
		t.Fatalf("restarting %s: %v", r.name, err)
	}
	r.Process = p
	r.waitListening(t)
}

// waitListening waits until the replica's webhook port completes a TLS
// handshake.
func (r *replica) waitListening(t *testing.T) {
	t.Helper()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port))
	deadline := time.Now().Add(time.Minute)
	for {
		conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // only whether it listens
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not accept TLS connections: %v; its log ends:\n%s", r.name, err, r.LogTail(40))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// serviceAccountKubeconfig applies deploy/base/rbac.yaml and returns a
// kubeconfig with the ServiceAccount's identity.
func serviceAccountKubeconfig(t *testing.T, c client.Client) string {
	t.Helper()
	applyRBAC(t, c)
	kubeconfig, err := env.UserKubeconfig(serviceAccount, "system:serviceaccounts", "system:serviceaccounts:"+cluster.DefaultNamespace, "system:authenticated")
	if err != nil {
		t.Fatal(err)
	}
	return kubeconfig
}

// startReplicas starts n `sparkhook serve` replicas with the
// ServiceAccount's identity and waits until they are ready.
func startReplicas(t *testing.T, c client.Client, n int) []*replica {
	t.Helper()
	kubeconfig := serviceAccountKubeconfig(t, c)
	var rs []*replica
	for i := range n {
		rs = append(rs, runReplica(t, fmt.Sprintf("replica-%d", i), kubeconfig))
	}
	for _, r := range rs {
		if err := r.WaitReadyWithin(context.Background(), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

// runReplica starts `sparkhook serve` as kubeconfig's user, serving the
// certificate the webhook configurations trust on its own loopback port,
// without waiting for it; it is stopped when the test ends.
func runReplica(t *testing.T, name, kubeconfig string) *replica {
	t.Helper()
	r := &replica{name: name, port: cluster.TestPort(t)}
	r.args = []string{"serve",
		"--kubeconfig", kubeconfig,
		"--cert-dir", env.Env.WebhookInstallOptions.LocalServingCertDir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(r.port),
		"--namespace", cluster.DefaultNamespace, "--zap-devel", "--shutdown-delay=0",
	}
	var err error
	if r.Process, err = env.RunSparkhook(cluster.RunOptions{Binary: filepath.Join(env.Dir(), "sparkhook"), Args: r.args, Name: name}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(10 * time.Second) })
	return r
}

// applyRBAC creates the objects of deploy/base/rbac.yaml (once per run).
func applyRBAC(t *testing.T, c client.Client) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "deploy", "base", "rbac.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		obj := &unstructured.Unstructured{}
		if err := dec.Decode(&obj.Object); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			t.Fatalf("deploy/base/rbac.yaml: %v", err)
		}
		if len(obj.Object) == 0 {
			continue
		}
		if err := c.Create(context.Background(), obj); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatalf("creating %s %s: %v", obj.GetKind(), obj.GetName(), err)
		}
	}
}

// reviewProxy stands for the webhook Service in front of the replicas: it
// presents the serving certificate the webhook configuration trusts and
// sends each admission request to the next replica in turn — per request,
// not per connection, since the API server keeps its connection to a
// webhook alive and a TCP proxy would pin every review to one replica.
type reviewProxy struct {
	URL       string
	transport *http.Transport
	backends  []*httputil.ReverseProxy
	// only, when not -1, sends every request to that backend (the others
	// out of the endpoints, as while a replica restarts).
	only   atomic.Int32
	next   atomic.Uint32
	mu     sync.Mutex
	served map[int]int
}

// startProxy serves the ConfigMap webhook path in front of replicas.
func startProxy(t *testing.T, replicas []*replica) *reviewProxy {
	t.Helper()
	opts := env.Env.WebhookInstallOptions
	cert, err := tls.LoadX509KeyPair(filepath.Join(opts.LocalServingCertDir, "tls.crt"), filepath.Join(opts.LocalServingCertDir, "tls.key"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(opts.LocalServingCAData)
	p := &reviewProxy{served: map[int]int{}}
	p.transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}
	p.only.Store(-1)
	for _, r := range replicas {
		p.add(r)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	p.URL = "https://" + ln.Addr().(*net.TCPAddr).String()
	return p
}

// add makes r a backend and returns its index, for only.
func (p *reviewProxy) add(r *replica) int {
	target := &url.URL{Scheme: "https", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port))}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = p.transport
	p.mu.Lock()
	defer p.mu.Unlock()
	p.backends = append(p.backends, rp)
	return len(p.backends) - 1
}

// ServeHTTP sends the request to the next backend.
func (p *reviewProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	i := int(p.only.Load())
	if i < 0 {
		i = int(p.next.Add(1)-1) % len(p.backends)
	}
	p.served[i]++
	backend := p.backends[i]
	p.mu.Unlock()
	backend.ServeHTTP(w, r)
}

// servedBy is how many requests each backend was sent.
func (p *reviewProxy) servedBy() map[int]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[int]int{}
	for k, v := range p.served {
		out[k] = v
	}
	return out
}

// routeConfigMaps points the ConfigMap webhook at url until the test ends,
// and waits until the API server calls it there; at the end it restores
// the suite's URL and waits until the API server uses it again, so that
// the next test's reviews reach the suite's sparkhook.
func routeConfigMaps(t *testing.T, c client.Client, base string, reached func() int) {
	t.Helper()
	original := setConfigMapURL(t, c, base)
	waitRouted(t, c, reached)
	t.Cleanup(func() {
		setConfigMapURL(t, c, original)
		before, _ := env.Sparkhook.WebhookRequests(context.Background(), webhook.PathValidateConfigMap)
		waitRouted(t, c, func() int {
			n, _ := env.Sparkhook.WebhookRequests(context.Background(), webhook.PathValidateConfigMap)
			return int(n - before)
		})
	})
}

// setConfigMapURL sets the URL of the ConfigMap webhook to base plus its
// path, and returns the previous base.
func setConfigMapURL(t *testing.T, c client.Client, base string) string {
	t.Helper()
	ctx := context.Background()
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := c.Get(ctx, client.ObjectKey{Name: "sparkhook"}, v); err != nil {
		t.Fatal(err)
	}
	previous := ""
	for i := range v.Webhooks {
		if v.Webhooks[i].Name == "configmaps.sparkhook.io" {
			previous = *v.Webhooks[i].ClientConfig.URL
			full := base + webhook.PathValidateConfigMap
			v.Webhooks[i].ClientConfig.URL = &full
		}
	}
	if previous == "" {
		t.Fatal("no configmaps.sparkhook.io webhook with a URL")
	}
	if err := c.Update(ctx, v); err != nil {
		t.Fatalf("routing the ConfigMap webhook: %v", err)
	}
	u, _ := url.Parse(previous)
	return u.Scheme + "://" + u.Host
}

// waitRouted creates probe ConfigMaps until reached counts one: the API
// server's webhook configuration informer has caught up.
func waitRouted(t *testing.T, c client.Client, reached func() int) {
	t.Helper()
	ns := "default"
	cluster.Eventually(t, 30*time.Second, func() error {
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{GenerateName: "routing-probe-", Namespace: ns},
			Data:       map[string]string{webhook.SparkPropertiesKey: "spark.executor.cores=2\n"},
		}
		if err := c.Create(context.Background(), cm); err == nil {
			c.Delete(context.Background(), cm)
		}
		if reached() == 0 {
			return errors.New("the API server still calls the previous URL")
		}
		return nil
	})
}
