# syntax=docker/dockerfile:1
#
# The CostGuard operator image: `costguard` alone on a distroless base, running as 65532:65532.
#
#   docker build --build-arg COSTGUARD_REVISION="$(git rev-parse --short HEAD)" -t REGISTRY/costguard:TAG .
#
# Why distroless/cc and not distroless/static or scratch: `--static-swift-stdlib` links the Swift
# runtime and Foundation into the binary, but the binary still loads glibc (libc, libm), libstdc++,
# libgcc_s and zlib (libz, for HTTP compression) dynamically; distroless/static has none of them, so
# the binary would not even start there. distroless/cc-debian12 has exactly those (plus CA
# certificates, tzdata and a nonroot user) and no shell or package manager.
# deploy/check-image-rootfs.sh checks this without a container engine: the binary built as here, in
# a read-only root filesystem with only those libraries, run as 65532. The build stage is the
# official Swift image on Debian 12 (bookworm), the same Debian release as cc-debian12, so the binary
# is linked against the glibc version it then runs with (a binary built on a newer glibc, e.g.
# Ubuntu 24.04's, can need symbols Debian 12's glibc lacks).
#
# A fully static binary (the Static Linux SDK, `swift build --swift-sdk x86_64-swift-linux-musl`)
# would run on distroless/static or scratch, but needs the SDK bundle installed into the build image
# first; this Dockerfile keeps to what the official image has.

ARG SWIFT_IMAGE=swift:6.2-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# Dependencies first, so that a change to the sources does not fetch them again. Package.resolved
# pins them when the context has one (it is not committed; the glob lets the build go on without it).
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product costguard --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --product costguard --static-swift-stdlib --show-bin-path)/costguard" /out/costguard \
    && echo "shared libraries costguard loads (all in the runtime image):" && ldd /out/costguard

FROM ${RUNTIME_IMAGE}
# The source revision, shown by `costguard --version` and the costguard_build_info metric.
ARG COSTGUARD_REVISION=unknown
ENV COSTGUARD_REVISION=${COSTGUARD_REVISION}
COPY --from=build /out/costguard /costguard
# The nonroot user of distroless (also the Deployment's runAsUser/runAsGroup).
USER 65532:65532
ENTRYPOINT ["/costguard"]
CMD ["run"]
