# sparkhook — see README.md. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BIN ?= $(CURDIR)/bin
GO  ?= go
RUN_DIR ?= $(CURDIR)/tmp/run

include hack/tools.mk

CONTROLLER_GEN := $(BIN)/controller-gen
SPARKHOOK      := $(BIN)/sparkhook
GO_SOURCES     := $(shell find . -name '*.go' -not -path './hack/tools/*' -not -path './tmp/*')

.PHONY: build
build: $(SPARKHOOK) ## Build bin/sparkhook.

$(SPARKHOOK): $(GO_SOURCES) go.mod go.sum $(wildcard deploy/examples/templates/*.yaml)
	$(GO) build -o $@ ./cmd/sparkhook

$(CONTROLLER_GEN): hack/tools/controller-gen/go.mod hack/tools/controller-gen/go.sum
	@echo "building controller-gen (first time: about a minute)…"
	$(GO) build -C hack/tools/controller-gen -o $@ sigs.k8s.io/controller-tools/cmd/controller-gen

.PHONY: generate
generate: $(CONTROLLER_GEN) ## Regenerate deep-copy code and the CRD from api/.
	$(CONTROLLER_GEN) object:headerFile=hack/boilerplate.go.txt paths=./api/... \
		crd:crdVersions=v1 output:crd:artifacts:config=deploy/crd

.PHONY: verify-generated
verify-generated: generate ## Fail when generated files are stale.
	@git diff --exit-code -- api deploy/crd || { echo "generated files are stale: run make generate"; exit 1; }

.PHONY: lint
lint: ## gofmt and go vet.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [[ -n "$$unformatted" ]]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

.PHONY: test
test: lint verify-generated envtest-assets ## Every test, including those against a real kube-apiserver.
	$(GO) test -count=1 ./...

.PHONY: run
run: $(SPARKHOOK) ## Serve the example templates locally (see README).
	@mkdir -p $(RUN_DIR)
	$(SPARKHOOK) certs --dir $(RUN_DIR)/certs --hosts localhost,127.0.0.1 >/dev/null
	@echo
	@echo "sparkhook is serving the example templates on https://localhost:9443$$(printf '%s' /mutate--v1-pod)"
	@echo "Send it an AdmissionReview from another terminal:"
	@echo "  curl -sS --cacert $(RUN_DIR)/certs/ca.crt -H 'Content-Type: application/json' \\"
	@echo "    --data-binary @test/testdata/reviews/driver-review.json https://localhost:9443/mutate--v1-pod"
	@echo "or print the mutated Pod offline:"
	@echo "  $(SPARKHOOK) mutate -f test/testdata/pods/spark-3.5-driver.yaml"
	@echo
	$(SPARKHOOK) serve --cert-dir $(RUN_DIR)/certs --config deploy/examples/config.yaml \
		--templates deploy/examples/templates --zap-devel

.PHONY: clean
clean: ## Remove built binaries and run state (keeps the cached kube-apiserver and etcd).
	rm -rf $(SPARKHOOK) $(CONTROLLER_GEN) tmp
