// Module image builds sparkhook's container image without a Docker engine
// (make image), with go-containerregistry. It is apart from the main module
// so that go-containerregistry and its dependencies stay out of sparkhook's
// go.mod.
module github.com/sparkhook/sparkhook/hack/image

go 1.26.8

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/go-containerregistry v0.22.1
)

require (
	github.com/klauspost/compress v1.19.2 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/opencontainers/image-spec v1.1.1 // indirect
	golang.org/x/sync v0.22.0 // indirect
)
