# The field guide's server and site in one small image.
#
#   docker build -t fieldguide .
#   docker run --read-only -p 3000:3000 fieldguide
#
# Builder: Debian's rustc-web toolchain (no rustup, no cargo-leptos), so the build needs
# only Debian's package archive, the crate registry and (optionally) the npm registry.
# Needs BuildKit (the default builder of current Docker; DOCKER_BUILDKIT=1 on older ones)
# for the cache mounts that keep compiled dependencies across source changes.

FROM debian:bookworm-slim AS builder
ARG DEBIAN_FRONTEND=noninteractive
# Unpinned on purpose: bookworm-security moves rustc-web forward; the workspace's
# rust-version is the real requirement.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      rustc-web cargo-web rust-web-src lld-19 nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Networks that intercept TLS: pass their CA bundle as a build secret (never stored in a
# layer), e.g. `docker build --secret id=extra-ca,src=/path/to/ca.pem .`; without it this
# step does nothing.
RUN --mount=type=secret,id=extra-ca \
    if [ -s /run/secrets/extra-ca ]; then \
      cp /run/secrets/extra-ca /usr/local/share/ca-certificates/extra-ca.crt \
      && update-ca-certificates; \
    fi
# The same RUSTC_BOOTSTRAP for every build, so host and WASM builds share compiled crates.
ENV CARGO_HOME=/cargo \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    RUSTC_BOOTSTRAP=1 \
    XTASK_TOOLCHAIN=debian \
    CARGO_TERM_COLOR=never
WORKDIR /build

# binaryen's wasm-opt (Debian's binaryen 108 breaks the WASM) and esbuild, from npm. Their
# own layer: it changes only with the lock file. Without the npm registry the WASM ships
# unoptimized and the JavaScript unminified.
COPY end2end/package.json end2end/package-lock.json end2end/
WORKDIR /build/end2end
RUN npm ci --no-audit --no-fund --loglevel=error \
    || echo "npm registry unreachable: the WASM will not be optimized by wasm-opt"
WORKDIR /build

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Sources last. Compiled dependencies live in cache mounts (registry and target dir), so a
# source change recompiles only the project's own crates.
COPY . .
RUN --mount=type=cache,target=/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo xtask build \
 && mkdir -p /out/app \
 && cp target/release/server /out/app/server \
 && cp -r target/site /out/app/site \
 && cp -r content /out/app/content \
 && for lib in $(ldd /out/app/server | grep -o '/[^ ]*'); do cp --parents -L "$lib" /out; done

# Runtime: nothing but the server, its shared libraries (glibc), the built site and the
# content. No shell, no package manager; the health check is the server binary itself.
FROM scratch
COPY --from=builder /out/ /
ENV FIELDGUIDE_ADDRESS=0.0.0.0 \
    FIELDGUIDE_PORT=3000 \
    FIELDGUIDE_CONTENT_DIR=/app/content \
    LEPTOS_SITE_ROOT=/app/site \
    FIELDGUIDE_LOG_FORMAT=json
WORKDIR /app
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/app/server", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/server"]
