# syntax=docker/dockerfile:1
# sparkhook's container image: `make image IMG=registry/sparkhook:tag`, or
# docker build -t registry/sparkhook:tag .
#
# The build stage runs `make image-binary`, the same target as a local
# build: a static (CGO_ENABLED=0) Linux binary. The image is distroless
# static, non-root: no shell, no libc, nothing but the binary and CA roots.
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
COPY --from=build /out/sparkhook /usr/local/bin/sparkhook
# 65532 is distroless's nonroot user; deploy/base runs as it too.
USER 65532:65532
EXPOSE 9443 8080 8081
ENTRYPOINT ["/usr/local/bin/sparkhook"]
CMD ["serve"]
