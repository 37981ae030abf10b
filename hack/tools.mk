# hack/tools.mk - builds the tools the tests and `make run` need from their
# Go modules into $(BIN): the envtest control plane (kube-apiserver + etcd)
# for the end-to-end tests that run against a real API server, helm for the
# chart tests, controller-gen for `make generate`, staticcheck for `make lint`.
#
# Include it from the main Makefile, after BIN is set (if you set it):
#     include hack/tools.mk
#
# Defines:
#   $(BIN)/kube-apiserver   file target; built only when missing (or when
#                           hack/tools/kube-apiserver/go.{mod,sum} change content)
#   $(BIN)/etcd             same, from hack/tools/etcd
#   $(HELM)                 same, from hack/tools/helm ($(BIN)/helm)
#   $(CONTROLLER_GEN)       same, from hack/tools/controller-gen
#   $(STATICCHECK)          same, from hack/tools/staticcheck
#   envtest-assets          phony; depends on kube-apiserver and etcd
#   helm, tools             phony; helm, and every tool above
#   KUBEBUILDER_ASSETS      exported (default $(BIN), absolute) so that
#                           `go test` finds the binaries through envtest
#   GOBUILD                 hack/gobuild.sh: `$(GOBUILD) NAME WHAT go build …`
#                           says what it builds and how far along it is
#                           (nothing when there is nothing to compile)
#
# Each binary comes from its own tools module (see the comment at the top of
# each go.mod for why they are separate). Versions are read from those go.mod
# files, so bumping a version is `go get -tool ...@vX` in the tools module only.
# Both control-plane builds are reproducible: same go.mod/go.sum + Go version
# => byte-identical binaries. Cold-build times (empty Go build cache, 2 cores):
# the *_COLD variables below, which the builds print; docs/development.md says
# how they were measured. Peak RSS: kube-apiserver's link ~2.5 GB, etcd ~0.4 GB.

BIN ?= $(CURDIR)/bin

# Directory holding the tools modules, found relative to this file so the
# fragment works whatever directory make is run from.
ENVTEST_TOOLS_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))/tools

GOBUILD := $(ENVTEST_TOOLS_DIR)/../gobuild.sh

# How long each cold build (empty Go build cache) takes on 2 idle cores,
# from its measured CPU time: printed with the build, so a first run knows
# what it is waiting for. docs/development.md ("First run") has the figures
# and how to measure them again.
KUBE_APISERVER_COLD := about 9 min on 2 idle cores
ETCD_COLD           := about 1 min on 2 idle cores
HELM_COLD           := about 3 min on 2 idle cores
CONTROLLER_GEN_COLD := under a minute on 2 idle cores
STATICCHECK_COLD    := about a minute on 2 idle cores

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
	@$(GOBUILD) kube-apiserver "k8s.io/kubernetes $(KUBE_APISERVER_VERSION) (cold: $(KUBE_APISERVER_COLD); about a minute with a warm Go build cache)" \
		go build -C $(ENVTEST_TOOLS_DIR)/kube-apiserver -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(KUBE_APISERVER_LDFLAGS)" \
		-o $(abspath $@) k8s.io/kubernetes/cmd/kube-apiserver
	@touch $@
	@echo "built $@ ($$($@ --version))"

$(BIN)/etcd: $(ETCD_STAMP)
	@$(GOBUILD) etcd "go.etcd.io/etcd/server/v3 $(ETCD_VERSION) (cold: $(ETCD_COLD))" \
		go build -C $(ENVTEST_TOOLS_DIR)/etcd -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(ETCD_LDFLAGS)" \
		-o $(abspath $@) go.etcd.io/etcd/server/v3
	@touch $@
	@echo "built $@ ($$($@ --version | head -n1))"

.PHONY: envtest-assets
envtest-assets: $(BIN)/kube-apiserver $(BIN)/etcd ## Build bin/kube-apiserver and bin/etcd (the tests' control plane) from hack/tools.

# ---------------------------------------------------------------------------
# helm, for the chart tests in test/deploy (helm lint/template/install/
# upgrade/uninstall against the envtest kube-apiserver). Built from its tools
# module like the binaries above, stamped the same way (a hash of go.mod +
# go.sum in the stamp's name). Cold build: HELM_COLD; warm, seconds.
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
	@CGO_ENABLED=0 $(GOBUILD) helm "helm.sh/helm/v4 $(HELM_VERSION) (cold: $(HELM_COLD))" \
		go build -C $(ENVTEST_TOOLS_DIR)/helm -mod=readonly -trimpath -buildvcs=false \
		-ldflags "$(HELM_LDFLAGS)" \
		-o $(abspath $@) helm.sh/helm/v4/cmd/helm
	@touch $@
	@echo "built $@ ($$($@ version --short))"

.PHONY: helm
helm: $(HELM) ## Build bin/helm from hack/tools/helm.

# ---------------------------------------------------------------------------
# controller-gen (make generate, make verify-generated) and staticcheck (make
# lint), from their tools modules, stamped the same way.
CONTROLLER_GEN_VERSION := $(shell awk '$$1 == "sigs.k8s.io/controller-tools" { print $$2 }' $(ENVTEST_TOOLS_DIR)/controller-gen/go.mod)
STATICCHECK_VERSION    := $(shell awk '$$1 == "honnef.co/go/tools" { print $$2 }' $(ENVTEST_TOOLS_DIR)/staticcheck/go.mod)
ifeq ($(CONTROLLER_GEN_VERSION),)
$(error hack/tools.mk: cannot read the sigs.k8s.io/controller-tools version from $(ENVTEST_TOOLS_DIR)/controller-gen/go.mod)
endif
ifeq ($(STATICCHECK_VERSION),)
$(error hack/tools.mk: cannot read the honnef.co/go/tools version from $(ENVTEST_TOOLS_DIR)/staticcheck/go.mod)
endif
CONTROLLER_GEN       := $(BIN)/controller-gen
CONTROLLER_GEN_STAMP := $(BIN)/.controller-gen.$(call ENVTEST_HASH,controller-gen)
STATICCHECK          := $(BIN)/staticcheck
STATICCHECK_STAMP    := $(BIN)/.staticcheck.$(call ENVTEST_HASH,staticcheck)

$(CONTROLLER_GEN_STAMP):
	@mkdir -p $(BIN)
	@rm -f $(BIN)/.controller-gen.*
	@touch $@

$(STATICCHECK_STAMP):
	@mkdir -p $(BIN)
	@rm -f $(BIN)/.staticcheck.*
	@touch $@

$(CONTROLLER_GEN): $(CONTROLLER_GEN_STAMP)
	@$(GOBUILD) controller-gen "sigs.k8s.io/controller-tools $(CONTROLLER_GEN_VERSION) (cold: $(CONTROLLER_GEN_COLD))" \
		go build -C $(ENVTEST_TOOLS_DIR)/controller-gen -mod=readonly -trimpath -buildvcs=false \
		-o $(abspath $@) sigs.k8s.io/controller-tools/cmd/controller-gen
	@touch $@

$(STATICCHECK): $(STATICCHECK_STAMP)
	@$(GOBUILD) staticcheck "honnef.co/go/tools $(STATICCHECK_VERSION) (cold: $(STATICCHECK_COLD))" \
		go build -C $(ENVTEST_TOOLS_DIR)/staticcheck -mod=readonly -trimpath -buildvcs=false \
		-o $(abspath $@) honnef.co/go/tools/cmd/staticcheck
	@touch $@

.PHONY: tools
tools: envtest-assets $(HELM) $(CONTROLLER_GEN) $(STATICCHECK) ## Build every tool of hack/tools into bin/ (first run: see docs/development.md).
