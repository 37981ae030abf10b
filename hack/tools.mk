# hack/tools.mk - builds the envtest control plane (kube-apiserver + etcd)
# from Go modules, for the end-to-end tests that run against a real API server.
#
# Include it from the main Makefile, after BIN is set (if you set it):
#     include hack/tools.mk
#
# Defines:
#   $(BIN)/kube-apiserver   file target; built only when missing (or when
#                           hack/tools/kube-apiserver/go.{mod,sum} change content)
#   $(BIN)/etcd             same, from hack/tools/etcd
#   envtest-assets          phony; depends on both binaries
#   KUBEBUILDER_ASSETS      exported (default $(BIN), absolute) so that
#                           `go test` finds the binaries through envtest
#
# Each binary comes from its own tools module (see the comment at the top of
# each go.mod for why they are separate). Versions are read from those go.mod
# files, so bumping a version is `go get -tool ...@vX` in the tools module only.
# Cold builds (empty Go build cache): kube-apiserver ~1300 CPU-seconds and
# ~2.5 GB peak RSS (the linker), etcd ~220 CPU-seconds and ~0.4 GB; with a warm
# build cache both together take under a minute (link only). Both builds are
# reproducible: same go.mod/go.sum + Go version => byte-identical binaries.

BIN ?= $(CURDIR)/bin

# Directory holding the tools modules, found relative to this file so the
# fragment works whatever directory make is run from.
ENVTEST_TOOLS_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))/tools

# Absolute: `go test` runs each package in its own directory.
export KUBEBUILDER_ASSETS ?= $(abspath $(BIN))

# Versions, straight from the tools modules' go.mod files.
KUBE_APISERVER_VERSION := $(shell awk '$$1 == "k8s.io/kubernetes" { print $$2 }' $(ENVTEST_TOOLS_DIR)/kube-apiserver/go.mod)
ETCD_VERSION           := $(shell awk '$$1 == "go.etcd.io/etcd/server/v3" { print $$2 }' $(ENVTEST_TOOLS_DIR)/etcd/go.mod)
ifeq ($(KUBE_APISERVER_VERSION),)
$(error hack/tools.mk: cannot read the k8s.io/kubernetes version from $(ENVTEST_TOOLS_DIR)/kube-apiserver/go.mod)
endif
ifeq ($(ETCD_VERSION),)
$(error hack/tools.mk: cannot read the go.etcd.io/etcd/server/v3 version from $(ENVTEST_TOOLS_DIR)/etcd/go.mod)
endif

# v1.37.2 -> major 1, minor 37: kube-apiserver reports these through
# /version and --version, and clients (envtest, client-go discovery) read them.
KUBE_APISERVER_MAJOR := $(word 1,$(subst ., ,$(patsubst v%,%,$(KUBE_APISERVER_VERSION))))
KUBE_APISERVER_MINOR := $(word 2,$(subst ., ,$(patsubst v%,%,$(KUBE_APISERVER_VERSION))))
KUBE_APISERVER_LDFLAGS := -s -w \
	-X k8s.io/component-base/version.gitVersion=$(KUBE_APISERVER_VERSION) \
	-X k8s.io/component-base/version.gitMajor=$(KUBE_APISERVER_MAJOR) \
	-X k8s.io/component-base/version.gitMinor=$(KUBE_APISERVER_MINOR) \
	-X k8s.io/component-base/version.gitTreeState=clean
# etcd's version is a constant in go.etcd.io/etcd/api/v3/version: no -X needed.
ETCD_LDFLAGS := -s -w

# Rebuild triggers are content stamps, not go.mod/go.sum mtimes: a fresh
# clone or a branch switch touches those files without changing them, and a
# spurious 5-minute rebuild is expensive. The stamp name carries a hash of
# the tools module's go.mod + go.sum, so a real change (a version bump) makes
# a new, missing stamp and so one rebuild; otherwise the binary is only built
# when it is missing.
ENVTEST_HASH = $(shell cat $(ENVTEST_TOOLS_DIR)/$(1)/go.mod $(ENVTEST_TOOLS_DIR)/$(1)/go.sum | sha256sum | cut -c1-12)
KUBE_APISERVER_STAMP := $(BIN)/.kube-apiserver.$(call ENVTEST_HASH,kube-apiserver)
ETCD_STAMP           := $(BIN)/.etcd.$(call ENVTEST_HASH,etcd)

$(KUBE_APISERVER_STAMP):
	@mkdir -p $(BIN)
	@rm -f $(BIN)/.kube-apiserver.*
	@touch $@

$(ETCD_STAMP):
	@mkdir -p $(BIN)
	@rm -f $(BIN)/.etcd.*
	@touch $@

# The tools' go.mod files carry a `tool` line, so `go build` of the package
# path uses exactly the versions pinned there (-mod=readonly: go.sum must be
# complete; nothing is resolved at build time beyond the module proxy download).
$(BIN)/kube-apiserver: $(KUBE_APISERVER_STAMP)
	@echo "building kube-apiserver $(KUBE_APISERVER_VERSION) (cold build takes ~5-10 min on 2 cores, ~1 min with a warm Go build cache)..."
	go build -C $(ENVTEST_TOOLS_DIR)/kube-apiserver -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(KUBE_APISERVER_LDFLAGS)" \
		-o $(abspath $@) k8s.io/kubernetes/cmd/kube-apiserver
	@touch $@
	@echo "built $@ ($$($@ --version))"

$(BIN)/etcd: $(ETCD_STAMP)
	@echo "building etcd $(ETCD_VERSION) (cold build takes ~2 min on 2 cores)..."
	go build -C $(ENVTEST_TOOLS_DIR)/etcd -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(ETCD_LDFLAGS)" \
		-o $(abspath $@) go.etcd.io/etcd/server/v3
	@touch $@
	@echo "built $@ ($$($@ --version | head -n1))"

.PHONY: envtest-assets
envtest-assets: $(BIN)/kube-apiserver $(BIN)/etcd

# ---------------------------------------------------------------------------
# helm, for the chart tests in test/deploy (helm lint/template/install/
# upgrade/uninstall against the envtest kube-apiserver). Built from its tools
# module like the binaries above, stamped the same way (a hash of go.mod +
# go.sum in the stamp's name). Cold build ~450 CPU-seconds (about 4 min on two
# idle cores, far longer beside other builds); warm, seconds.
HELM_VERSION := $(shell awk '$$1 == "helm.sh/helm/v4" { print $$2 }' $(ENVTEST_TOOLS_DIR)/helm/go.mod)
ifeq ($(HELM_VERSION),)
$(error hack/tools.mk: cannot read the helm.sh/helm/v4 version from $(ENVTEST_TOOLS_DIR)/helm/go.mod)
endif
HELM        := $(BIN)/helm
HELM_STAMP  := $(BIN)/.helm.$(call ENVTEST_HASH,helm)
# Without -X, helm reports only its minor version (v4.3).
HELM_LDFLAGS := -s -w \
	-X helm.sh/helm/v4/internal/version.version=$(HELM_VERSION) \
	-X helm.sh/helm/v4/internal/version.gitTreeState=clean

$(HELM_STAMP):
	@mkdir -p $(BIN)
	@rm -f $(BIN)/.helm.*
	@touch $@

$(HELM): $(HELM_STAMP)
	@echo "building helm $(HELM_VERSION) (cold build ~450 CPU-seconds: about 4 min on 2 idle cores; seconds with a warm Go build cache)..."
	CGO_ENABLED=0 go build -C $(ENVTEST_TOOLS_DIR)/helm -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(HELM_LDFLAGS)" \
		-o $(abspath $@) helm.sh/helm/v4/cmd/helm
	@touch $@
	@echo "built $@ ($$($@ version --short))"

.PHONY: helm
helm: $(HELM) ## Build bin/helm from hack/tools/helm.
