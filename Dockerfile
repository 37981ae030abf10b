# syntax=docker/dockerfile:1
# sparkhook's container image, for those with a Docker engine:
# `make docker-image IMG=registry/sparkhook:tag`. Without one, `make image`
# builds the same image contents (hack/image) as an OCI layout.
#
# The build stage runs `make image-binary`, the target `make image` uses
# too: a static (CGO_ENABLED=0, -trimpath) Linux binary, its version stamped
# from VERSION, which `make docker-image` sets to `git describe --tags
# --always --dirty` (REVISION, the revision label, to the commit). The build
# context has no .git (.dockerignore), so Go stamps no commit into this
# binary: `sparkhook version` prints it as unknown, the label names it. The
# image is distroless static, run as 65532:65532 (the user of `make image`,
# deploy/ and the chart): no shell, no libc.
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
ARG TARGETARCH
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    make image-binary GOARCH=${TARGETARCH} VERSION=${VERSION} IMAGE_BINARY=/out/sparkhook

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG REVISION=
LABEL org.opencontainers.image.title=sparkhook \
      org.opencontainers.image.source=https://github.com/sparkhook/sparkhook \
      org.opencontainers.image.version=${VERSION} \
      org.opencontainers.image.revision=${REVISION}
COPY --from=build /out/sparkhook /usr/local/bin/sparkhook
USER 65532:65532
EXPOSE 9443 8080 8081
ENTRYPOINT ["/usr/local/bin/sparkhook"]
CMD ["serve"]
