# sparkhook — see README.md. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BIN ?= $(CURDIR)/bin
GO  ?= go

include hack/tools.mk

# How long a cold build (empty Go build cache) of these takes on 2 idle
# cores; see docs/development.md ("First run").
SPARKHOOK_COLD     := about 4 min on 2 idle cores
IMAGE_BUILDER_COLD := about 1 min on 2 idle cores

SPARKHOOK      := $(BIN)/sparkhook
GO_SOURCES     := $(shell find . -name '*.go' -not -path './hack/tools/*' -not -path './tmp/*')

.PHONY: build
build: $(SPARKHOOK) ## Build bin/sparkhook.

# Every build of sparkhook is stamped, for `sparkhook version`: main.version
# with `git describe` (VERSION), the commit by Go itself (-buildvcs=true in a
# git checkout, so that a GOFLAGS=-buildvcs=false does not drop it).
# $(call STAMP,more ldflags) are the go build flags that do both.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
STAMP    = $(if $(wildcard .git),-buildvcs=true) -ldflags "$(strip $(1) -X main.version=$(VERSION))"

# Builds go through $(GOBUILD) (hack/gobuild.sh): silent when the Go build
# cache has everything, else it says what it builds and how far along it is.
$(SPARKHOOK): $(GO_SOURCES) go.mod go.sum $(wildcard deploy/examples/templates/*.yaml)
	@$(GOBUILD) sparkhook "bin/sparkhook (cold: $(SPARKHOOK_COLD))" $(GO) build $(call STAMP) -o $@ ./cmd/sparkhook

# The static Linux binary the Dockerfile copies into its distroless image:
# no cgo (the image has no libc), paths trimmed, symbols stripped. The
# Dockerfile's build stage runs this same target.
IMAGE_BINARY ?= $(BIN)/linux-$(GOARCH)/sparkhook
GOARCH       ?= $(shell $(GO) env GOARCH)
IMG          ?= ghcr.io/sparkhook/sparkhook:$(VERSION)
# make image writes the image here: an OCI image layout, and the same image
# as a tarball for `docker load`.
IMAGE_LAYOUT  ?= $(BIN)/image
IMAGE_TARBALL ?= $(BIN)/sparkhook-image.tar

.PHONY: image-binary
image-binary: ## Build the static linux binary the container image copies (IMAGE_BINARY).
	@CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH) $(GOBUILD) image-binary "$(IMAGE_BINARY), static (cold: $(SPARKHOOK_COLD))" \
		$(GO) build -trimpath $(call STAMP,-s -w) -o $(IMAGE_BINARY) ./cmd/sparkhook

.PHONY: image
image: image-binary ## Build the container image IMG without Docker: an OCI layout in IMAGE_LAYOUT (hack/image).
	@$(GOBUILD) image-builder "hack/image, with go-containerregistry (cold: $(IMAGE_BUILDER_COLD))" \
		$(GO) build -C hack/image -o $(BIN)/image-builder .
	$(BIN)/image-builder --binary $(IMAGE_BINARY) --arch $(GOARCH) \
		--layout $(IMAGE_LAYOUT) --tarball $(IMAGE_TARBALL) --tag $(IMG) \
		--version $(VERSION) --revision $$(git rev-parse HEAD) --created $$(git log -1 --format=%ct)

.PHONY: docker-image
docker-image: ## Build the container image IMG with a Docker engine (see Dockerfile).
	docker build --build-arg VERSION=$(VERSION) --build-arg REVISION=$$(git rev-parse HEAD) -t $(IMG) .

.PHONY: generate
generate: $(CONTROLLER_GEN) ## Regenerate deep-copy code and the CRD from api/.
	$(CONTROLLER_GEN) object:headerFile=hack/boilerplate.go.txt paths=./api/... \
		crd:crdVersions=v1 output:crd:artifacts:config=deploy/crd
	cp deploy/crd/sparkhook.io_sparkpodtemplates.yaml charts/sparkhook/crds/

.PHONY: verify-generated
verify-generated: generate ## Fail when generated files are stale.
	@git diff --exit-code -- api deploy/crd charts/sparkhook/crds || { echo "generated files are stale: run make generate"; exit 1; }

# Every Go module of the repository that has Go code: the main module and
# hack/image (hack/tools/* hold only go.mod files). staticcheck's checks are
# in staticcheck.conf: all of them.
GO_MODULE_DIRS := . hack/image

.PHONY: lint
lint: $(STATICCHECK) check-help ## gofmt, go vet and staticcheck over every Go module.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [[ -n "$$unformatted" ]]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	@# go vet compiles what it checks, silently: on a first run that is every
	@# dependency, k8s.io/kubernetes included. Compile them first, with
	@# progress (the library packages: linking the commands would cost
	@# every run, and they import the rest).
	@$(GOBUILD) packages "the module's packages and their dependencies, for go vet and staticcheck (cold: several minutes)" \
		$(GO) build $$($(GO) list -f '{{if ne .Name "main"}}{{.ImportPath}}{{end}}' ./...)
	@for dir in $(GO_MODULE_DIRS); do \
		echo "go vet: $$dir"; $(GO) vet -C $$dir ./... || exit 1; \
	done
	@for dir in $(GO_MODULE_DIRS); do \
		echo "staticcheck: $$dir"; (cd $$dir && $(STATICCHECK) ./...) || exit 1; \
	done

# Every PHONY target must say what it does after `##`, so make help lists
# them all.
.PHONY: check-help
check-help: ## Fail when a .PHONY target has no help text (so make help lists every target).
	@missing=; \
	for t in $$(sed -n 's/^\.PHONY://p' $(MAKEFILE_LIST)); do \
		grep -qE "^$$t:.*## [^ ]" $(MAKEFILE_LIST) || missing="$$missing $$t"; \
	done; \
	if [[ -n "$$missing" ]]; then echo "targets without a ## description:$$missing"; exit 1; fi

.PHONY: help
help: ## List the targets and what they do.
	@awk -F ':.*## ' '/^[a-zA-Z0-9_.-]+:.*## / { printf "  %-17s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# make unit: every test that needs no API server, helm or image, i.e. all
# but test/e2e and test/deploy (against kube-apiserver and etcd, built by
# envtest-assets) and hack/image's TestImage* (they read the image `make
# image` writes). Those skip themselves without their binaries, except in CI;
# make unit leaves them out instead, so that it needs none of them even with
# CI set. make test runs them all.
UNIT_EXCLUDE := /test/e2e$$|/test/deploy$$
UNIT_FLAGS   ?=

.PHONY: unit
unit: ## The tests that need no API server, helm or image (fast; make test runs everything).
	$(GO) test -count=1 $(UNIT_FLAGS) $$($(GO) list ./... | grep -Ev '$(UNIT_EXCLUDE)')
	$(GO) test -C hack/image -count=1 $(UNIT_FLAGS) -skip '^TestImage' ./...

.PHONY: test
test: lint verify-generated envtest-assets helm image ## Every test, including those against a real kube-apiserver.
	$(GO) test -count=1 ./...
	SPARKHOOK_IMAGE_LAYOUT=$(IMAGE_LAYOUT) $(GO) test -C hack/image -count=1 ./...

# The packages with benchmarks: the Pod webhook (decode, select, merge,
# patch, encode), selection and merge by number of templates, and
# spark.properties parsing.
BENCH_PKGS  ?= ./webhook/ ./templates/ ./sparkconf/
BENCH_FLAGS ?=
LOAD_FLAGS  ?=

.PHONY: bench
bench: $(SPARKHOOK) ## Benchmarks (-benchmem) and the load run against a baseline webhook (go run ./test/load).
	$(GO) test -run '^$$' -bench . -benchmem $(BENCH_FLAGS) $(BENCH_PKGS)
	$(GO) run ./test/load --sparkhook-bin $(SPARKHOOK) $(LOAD_FLAGS)

# Every fuzz target, one after the other, each for FUZZTIME on one worker
# (these machines have two cores; the other is left to the rest). `make
# test` runs their seed corpora (testdata/fuzz and the f.Add seeds) as
# plain tests. New interesting inputs are minimized for at most
# FUZZMINIMIZE: on a slow target the default minute of minimizing each one
# leaves little time to fuzz. -timeout 0: go test's default 10m deadline
# would otherwise end a 10m fuzzing run as a failure ("context deadline
# exceeded", no input written). Go 1.26 has a second, rarer cause of that
# message at the end of -fuzztime (golang/go#75804, fixed in Go 1.27): a
# failure that writes no input to testdata/fuzz is that, not a finding.
FUZZTIME     ?= 10m
FUZZMINIMIZE ?= 5s
FUZZ_TARGETS ?= \
	./sparkconf:FuzzParse \
	./templates:FuzzLoadFiles \
	./templates:FuzzMergeTemplate \
	./webhook:FuzzPodHandler \
	./webhook:FuzzAdmissionReview \
	./webhook:FuzzPatchMatchesCreatePatch \
	./webhook:FuzzPodDecoder \
	./webhook/patch:FuzzDiff

.PHONY: fuzz
fuzz: ## Run each fuzz target for FUZZTIME (default 10m; FUZZ_TARGETS=pkg:Target … to choose).
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -timeout 0 \
			-fuzzminimizetime $(FUZZMINIMIZE) -parallel 1 $$pkg || exit 1; \
	done

.PHONY: run
run: $(SPARKHOOK) envtest-assets ## Run sparkhook behind a local kube-apiserver until Ctrl-C (see README).
	@$(GOBUILD) localcluster "bin/localcluster (hack/localcluster)" $(GO) build -o $(BIN)/localcluster ./hack/localcluster
	$(BIN)/localcluster --sparkhook $(SPARKHOOK) --config deploy/examples/config.yaml

.PHONY: clean
clean: ## Remove built binaries and run state (keeps the tools: kube-apiserver, etcd, helm, controller-gen, staticcheck).
	rm -rf $(SPARKHOOK) $(BIN)/localcluster $(BIN)/image-builder $(BIN)/linux-* $(IMAGE_LAYOUT) $(IMAGE_TARBALL) tmp
