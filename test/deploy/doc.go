// Package deploy tests deploy/ and sparkhook's certificate modes against a
// real kube-apiserver (test/cluster): the kustomize overlays render and the
// API server accepts them (server-side dry run); the self-managed mode
// bootstraps, publishes and rotates its certificates with no help, while
// the API server keeps calling it; several replicas agree on one Secret;
// the ServiceAccount cannot read other Secrets.
//
// The tests install sparkhook with the README's own commands (kubectl apply
// -k), then run `sparkhook serve` as a local process with the Deployment's
// arguments and the ServiceAccount's identity. Only what a cluster network
// would provide is stood in for: the Service becomes an ExternalName for
// 127.0.0.1 and the webhooks' service port the local port, so the API server
// calls https://sparkhook.sparkhook-system.svc — the name in the certificate
// — on loopback.
package deploy
