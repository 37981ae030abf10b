package deploy

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sparkhook/sparkhook/test/cluster"
)

// releaseObjects are the objects of the installed release, as `helm get
// manifest` lists them (crds/ not included).
func releaseObjects(t *testing.T) objects {
	t.Helper()
	objs, err := decodeAll(strings.NewReader(helm(t, "get", "manifest", release, "--namespace", namespace)))
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) == 0 {
		t.Fatal("helm get manifest lists no object")
	}
	return objs
}

// checkExist: every object of the release is in the cluster, and the CRD.
func checkExist(t *testing.T, c client.Client, objs objects) {
	t.Helper()
	for _, o := range append(objs, crd()) {
		got := &unstructured.Unstructured{}
		got.SetGroupVersionKind(o.GroupVersionKind())
		if err := c.Get(context.Background(), client.ObjectKeyFromObject(o), got); err != nil {
			t.Errorf("%s %s: %v", o.GetKind(), o.GetName(), err)
		}
	}
}

// checkUninstalled: after `helm uninstall`, no object of any kind the
// release held is left — neither by name nor carrying the release's
// instance label, in any namespace — nor Helm's record of the release; the
// CRD stays.
func checkUninstalled(t *testing.T, c client.Client, installed objects) {
	t.Helper()
	ctx := context.Background()
	kinds := map[schema.GroupVersionKind]bool{{Version: "v1", Kind: "Secret"}: true}
	for _, o := range installed {
		kinds[o.GroupVersionKind()] = true
		got := &unstructured.Unstructured{}
		got.SetGroupVersionKind(o.GroupVersionKind())
		if err := c.Get(ctx, client.ObjectKeyFromObject(o), got); !apierrors.IsNotFound(err) {
			t.Errorf("after helm uninstall, %s %s: %v, want not found", o.GetKind(), o.GetName(), err)
		}
	}
	for gvk := range kinds {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		if err := c.List(ctx, list, client.MatchingLabels{"app.kubernetes.io/instance": release}); err != nil {
			t.Fatal(err)
		}
		for _, o := range list.Items {
			t.Errorf("after helm uninstall, %s %s/%s of the release is left", gvk.Kind, o.GetNamespace(), o.GetName())
		}
	}
	helmRecords := &unstructured.UnstructuredList{}
	helmRecords.SetGroupVersionKind(schema.GroupVersionKind{Version: "v1", Kind: "SecretList"})
	if err := c.List(ctx, helmRecords, client.InNamespace(namespace), client.MatchingLabels{"owner": "helm", "name": release}); err != nil {
		t.Fatal(err)
	}
	if n := len(helmRecords.Items); n != 0 {
		t.Errorf("after helm uninstall, %d release records left", n)
	}
	checkExist(t, c, nil)
}

// crd is the SparkPodTemplate CRD, by name.
func crd() *unstructured.Unstructured {
	o := &unstructured.Unstructured{}
	o.SetGroupVersionKind(schema.GroupVersionKind{Group: "apiextensions.k8s.io", Version: "v1", Kind: "CustomResourceDefinition"})
	o.SetName(crdName)
	return o
}

// removeKustomizeInstall deletes what deploy/'s overlays install, but the
// namespace (no namespace controller runs to finish deleting one), and the
// Secret self-managed sparkhook made, so that Helm owns every name; the CRD
// goes too, so that Helm installs it from crds/. What is not there, or whose
// kind is not (cert-manager's), is skipped.
func removeKustomizeInstall(t *testing.T, c client.Client) {
	t.Helper()
	ctx := context.Background()
	objs := append(render(t, overlaySelfManaged), render(t, overlayCertManager)...)
	secret := &unstructured.Unstructured{}
	secret.SetGroupVersionKind(schema.GroupVersionKind{Version: "v1", Kind: "Secret"})
	secret.SetNamespace(namespace)
	secret.SetName(secretName)
	for _, o := range append(objs, secret) {
		if o.GetKind() == "Namespace" {
			continue
		}
		if err := c.Delete(ctx, o); err != nil && !apierrors.IsNotFound(err) && !meta.IsNoMatchError(err) {
			t.Fatalf("deleting %s %s: %v", o.GetKind(), o.GetName(), err)
		}
	}
	cluster.Eventually(t, time.Minute, func() error {
		err := c.Get(ctx, client.ObjectKeyFromObject(crd()), crd())
		if err == nil {
			return fmt.Errorf("CRD %s is still being deleted", crdName)
		}
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}
