// Package e2e tests sparkhook end to end: Spark's own Pods and ConfigMaps,
// and SparkPodTemplates, created through a real kube-apiserver that calls
// `sparkhook serve` through the webhook configurations of deploy/ (see
// package test/cluster). Run with KUBEBUILDER_ASSETS naming the directory
// of kube-apiserver and etcd (make test sets it).
package e2e
