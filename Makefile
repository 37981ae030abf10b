# sparkhook — see README.md. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BIN ?= $(CURDIR)/bin
GO  ?= go

include hack/tools.mk

CONTROLLER_GEN := $(BIN)/controller-gen
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

$(SPARKHOOK): $(GO_SOURCES) go.mod go.sum $(wildcard deploy/examples/templates/*.yaml)
	$(GO) build $(call STAMP) -o $@ ./cmd/sparkhook

$(CONTROLLER_GEN): hack/tools/controller-gen/go.mod hack/tools/controller-gen/go.sum
	@echo "building controller-gen (first time: about a minute)…"
	$(GO) build -C hack/tools/controller-gen -o $@ sigs.k8s.io/controller-tools/cmd/controller-gen

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
	CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH) $(GO) build -trimpath \
		$(call STAMP,-s -w) -o $(IMAGE_BINARY) ./cmd/sparkhook

.PHONY: image
image: image-binary ## Build the container image IMG without Docker: an OCI layout in IMAGE_LAYOUT (hack/image).
	$(GO) run -C hack/image . --binary $(IMAGE_BINARY) --arch $(GOARCH) \
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

.PHONY: lint
lint: ## gofmt and go vet.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [[ -n "$$unformatted" ]]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

.PHONY: test
test: lint verify-generated envtest-assets helm image ## Every test, including those against a real kube-apiserver.
	$(GO) test -count=1 ./...
	SPARKHOOK_IMAGE_LAYOUT=$(IMAGE_LAYOUT) $(GO) test -C hack/image -count=1 ./...

# The packages with benchmarks: the Pod webhook (decode, select, merge,
# patch, encode), selection and merge by number of templates, and
# spark.properties parsing.
BENCH_PKGS  ?= ./webhook/ ./templates/ ./webhook/sparkconf/
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
	./webhook/sparkconf:FuzzParse \
	./templates:FuzzLoadFiles \
	./templates:FuzzMergeTemplate \
	./webhook:FuzzPodHandler \
	./webhook:FuzzAdmissionReview \
	./webhook:FuzzPatchMatchesCreatePatch \
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
	@echo "building hack/localcluster…"
	$(GO) build -o $(BIN)/localcluster ./hack/localcluster
	$(BIN)/localcluster --sparkhook $(SPARKHOOK) --config deploy/examples/config.yaml

.PHONY: clean
clean: ## Remove built binaries and run state (keeps the cached kube-apiserver and etcd).
	rm -rf $(SPARKHOOK) $(CONTROLLER_GEN) $(BIN)/localcluster $(BIN)/linux-* $(IMAGE_LAYOUT) $(IMAGE_TARBALL) tmp
