#!/usr/bin/env bash
# Proves the container image on this machine instead of trusting the Dockerfile: lints it, validates
# docker-compose.yml, builds the image on a private dockerd (over a local stand-in base when
# node:24-bookworm-slim cannot be pulled), then runs it read-only as UID 1000 and checks a create/read
# round trip, PostgreSQL, persistence in the DATA_DIR volume (one container per volume, kill -9 safe),
# and that `docker stop` (SIGTERM) ends it gracefully with exit 0. One PASS/FAIL line per check;
# exits non-zero if any fails. Needs root.
#   env: BOOK_LIBRARY_CACHE  cache dir (default /var/cache/book-library): stand-in rootfs, engine data
#        PROVE_FRESH_ENGINE=1  throw-away engine data (no build cache) instead of the cached one
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/usr/local/bin:$PATH
HERE=test/container
DOCKER=/usr/bin/docker # Debian's 20.10 CLI: the one with BuildKit (the CLI first on PATH has no buildx)
CACHE_DIR=${BOOK_LIBRARY_CACHE:-/var/cache/book-library}
BASE_IMAGE=$(sed -n 's/^ARG NODE_IMAGE=//p' Dockerfile)
IMAGE="book-library-api:proof"
API_KEY="proof-key-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')" # the app wants 12+ visible ASCII
# What this project adds on top of the base image: 54 MB when written, plus about 58 MB since the
# embedded default is a real PostgreSQL (the @embedded-postgres binaries, static libraries removed).
APP_LAYERS_BUDGET_MB=140
READY_WAIT_S=120
STOP_GRACE_S=30 # the pod's terminationGracePeriodSeconds
BOOK='{"title":"Dune","authors":["Frank Herbert"]}'

# shellcheck source=test/container/lib/engine.sh
. "$HERE/lib/engine.sh"
# shellcheck source=test/container/lib/stand-in-base.sh
. "$HERE/lib/stand-in-base.sh"

log() { printf '[prove-image] %s\n' "$*" >&2; }
die() {
  log "FATAL: $*"
  exit 1
}

PASSED=0 FAILED=0 RESULTS=() LAST_OK=
# check NAME FUNCTION [ARGS...]: one check. Functions run in this shell (they may start containers),
# so each must return non-zero itself on failure. Its output is shown when it fails; its `info:` lines always.
check() {
  local name=$1 out="$RUN_DIR/check.out" started=$SECONDS
  shift
  if "$@" >"$out" 2>&1; then
    LAST_OK=1 PASSED=$((PASSED + 1)) RESULTS+=("PASS  $name ($((SECONDS - started)) s)")
    log "PASS  $name"
    { grep '^info: ' "$out" || true; } | sed 's/^info: /      /' >&2
  else
    LAST_OK=0 FAILED=$((FAILED + 1)) RESULTS+=("FAIL  $name")
    log "FAIL  $name"
    tail -40 "$out" | sed 's/^\(info: \)\{0,1\}/      /' >&2
  fi
}

finish() {
  local rc=$?
  set +e
  cleanup
  echo
  echo "=== container proof (${SECONDS} s)"
  [ ${#RESULTS[@]} -eq 0 ] || printf '%s\n' "${RESULTS[@]}"
  [ -z "$SIZE_REPORT" ] || echo "size: $SIZE_REPORT"
  if [ "$rc" -ne 0 ]; then
    FAILED=$((FAILED + 1))
    echo "FAIL  harness stopped early (exit $rc): see the FATAL line above"
  fi
  echo "container: $PASSED passed, $FAILED failed"
  if [ "$FAILED" -eq 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; fi
  [ "$FAILED" -eq 0 ] || exit 1 # an EXIT trap sets the script's status only through exit
}

CONTAINERS=() VOLUMES=() PG_DB=
cleanup() {
  if [ -n "${ENGINE_PID:-}" ]; then
    local c v
    for c in "${CONTAINERS[@]}"; do $DOCKER rm -f "$c" >/dev/null 2>&1; done
    for v in "${VOLUMES[@]}"; do $DOCKER volume rm -f "$v" >/dev/null 2>&1; done
    # Keep the cached engine bounded: dangling images go, the build cache keeps at most 4 GB.
    if [ "${PROVE_FRESH_ENGINE:-}" != 1 ]; then
      $DOCKER image prune -f >/dev/null 2>&1
      $DOCKER builder prune -f --keep-storage 4gb >/dev/null 2>&1
    fi
  fi
  engine_stop
  [ -z "$PG_DB" ] || psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1
  [ -z "${RUN_DIR:-}" ] || rm -rf "$RUN_DIR"
}

ensure_tools() {
  local missing=() pair
  for pair in dockerd:docker.io docker-compose:docker-compose debootstrap:debootstrap curl:curl; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]??""))' "$1"; }
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" || true; }

# --- checks that need no engine ------------------------------------------------------------------

lint_dockerfile() {
  local out
  out=$(node_modules/.bin/dockerfile-utils lint Dockerfile) || return 1
  # dockerfile-utils exits 0 even on errors: any diagnostic it prints fails the check.
  [ -z "$out" ] || { echo "$out"; return 1; }
}

validate_compose() {
  docker-compose -f docker-compose.yml config -q || return 1
  # A missing bind-mount source would be created empty by the engine: each one must exist.
  local src absent=0
  while read -r src; do
    [ -e "$src" ] || { echo "bind mount source missing: $src"; absent=1; }
  done < <(docker-compose -f docker-compose.yml config |
    sed -n -e 's/^ *- \(\/[^:]*\):.*$/\1/p' -e 's/^ *source: \(\/.*\)$/\1/p')
  return $absent
}

# --- the image -----------------------------------------------------------------------------------

build_image() {
  local ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt} secret=()
  # npm inside RUN trusts this machine's CA bundle through a BuildKit secret: never in a layer.
  [ -s "$ca" ] && secret=(--secret "id=npm_ca,src=$ca")
  DOCKER_BUILDKIT=1 $DOCKER build --network host --progress plain "${secret[@]}" \
    --build-arg "VERSION=$VERSION" --build-arg "REVISION=$REVISION" \
    -t "$IMAGE" . >"$RUN_DIR/build.log" 2>&1 || { tail -40 "$RUN_DIR/build.log"; return 1; }
  # The slow steps, from BuildKit's plain progress ("#7 [deps 4/4] RUN npm ci ..." ... "#7 DONE 61.2s").
  awk '$2 ~ /^\[/ && !($1 in name) { name[$1] = substr($0, index($0, "[")) }
       $2 == "DONE" && $3 + 0 >= 5 { printf "info:   %5.0f s  %s\n", $3, substr(name[$1], 1, 70) }' "$RUN_DIR/build.log"
}

image_metadata() {
  local want tmpl got errors=0
  while IFS='|' read -r want tmpl; do
    got=$($DOCKER image inspect -f "$tmpl" "$IMAGE")
    [ "$got" = "$want" ] || { echo "$tmpl is '$got', want '$want'"; errors=1; }
  done <<EOF
1000:1000|{{.Config.User}}
/app|{{.Config.WorkingDir}}
SIGTERM|{{.Config.StopSignal}}
map[8080/tcp:{}]|{{.Config.ExposedPorts}}
map[/app/data:{}]|{{.Config.Volumes}}
[node dist/apps/api/src/main.js]|{{.Config.Cmd}}
CMD node -e|{{range \$i, \$a := .Config.Healthcheck.Test}}{{if lt \$i 3}}{{if \$i}} {{end}}{{\$a}}{{end}}{{end}}
true|{{range .Config.Env}}{{if eq . "NODE_ENV=production"}}true{{end}}{{end}}
$REVISION|{{index .Config.Labels "org.opencontainers.image.revision"}}
$VERSION|{{index .Config.Labels "org.opencontainers.image.version"}}
true|{{if index .Config.Labels "org.opencontainers.image.source"}}true{{end}}
EOF
  return $errors
}

image_contents() {
  # Only dist/, production node_modules/, package.json and the data directory; no dev tools, no sources.
  local got want
  got=$($DOCKER run --rm --network none --read-only "$IMAGE" node -e '
    const fs = require("fs");
    console.log(fs.readdirSync("/app").sort().join(","));
    for (const dev of ["typescript", "@nestjs/cli", "jest", "@swc/core", "drizzle-kit", "eslint"])
      if (fs.existsSync("/app/node_modules/" + dev)) console.log("dev dependency in the image: " + dev);
    const specs = (d) => fs.readdirSync(d, { recursive: true }).filter((f) => /\.(e2e-)?spec\.js$/.test(f));
    if (specs("/app/dist").length) console.log("tests in the image: " + specs("/app/dist").slice(0, 3).join(", "));
    for (const need of ["dist/apps/api/src/main.js", "dist/apps/api/src/migrate.js", "dist/libs/database/migrations"])
      if (!fs.existsSync("/app/" + need)) console.log("missing: " + need);
    const own = (p) => { const s = fs.statSync(p); return s.uid + ":" + s.gid; };
    console.log("data " + own("/app/data") + ", dist " + own("/app/dist") + ", node_modules " + own("/app/node_modules"));') ||
    return 1
  want=$(printf '%s\n' 'data,dist,node_modules,package.json' 'data 1000:1000, dist 0:0, node_modules 0:0')
  [ "$got" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$want"; return 1; }
}

SIZE_REPORT=
image_size() {
  local image_b base_b app_mb kind=real
  image_b=$($DOCKER image inspect -f '{{.Size}}' "$IMAGE")
  base_b=$($DOCKER image inspect -f '{{.Size}}' "$BASE_IMAGE")
  [ -z "$($DOCKER image inspect -f "{{index .Config.Labels \"$STAND_IN_LABEL\"}}" "$BASE_IMAGE")" ] || kind=stand-in
  app_mb=$(((image_b - base_b) / 1000000))
  SIZE_REPORT="$IMAGE $((image_b / 1000000)) MB = base $BASE_IMAGE ($kind) $((base_b / 1000000)) MB + app layers $app_mb MB (budget $APP_LAYERS_BUDGET_MB MB); docker image inspect .Size, MB = 10^6 B"
  echo "info: $SIZE_REPORT"
  $DOCKER history --format '{{.Size}}|{{.CreatedBy}}' "$IMAGE" | grep -v '^0B' | head -5 | cut -c1-100 |
    sed 's/^/info:   /'
  [ "$app_mb" -le "$APP_LAYERS_BUDGET_MB" ] || { echo "app layers $app_mb MB > budget $APP_LAYERS_BUDGET_MB MB"; return 1; }
}

# --- running it ----------------------------------------------------------------------------------

# start_api NAME PORT [docker run options...]: read-only, /tmp the only writable path, UID 1000.
start_api() {
  local name=$1 port=$2
  shift 2
  CONTAINERS+=("$name")
  $DOCKER run -d --name "$name" --read-only --tmpfs /tmp --user 1000 --network host \
    --health-interval 2s -e "PORT=$port" -e "API_KEYS=$API_KEY" "$@" "$IMAGE" >/dev/null
}

wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + READY_WAIT_S))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(http_status "http://127.0.0.1:$port/ready")" = 200 ] && return 0
    [ "$($DOCKER inspect -f '{{.State.Running}}' "$name")" = true ] || break
    sleep 1
  done
  echo "$name not ready within ${READY_WAIT_S} s; its last log lines:"
  $DOCKER logs --tail 20 "$name" 2>&1
  return 1
}

create_book() {
  curl -s -m 10 -X POST "http://127.0.0.1:$1/api/v1/books" -H "X-API-Key: $API_KEY" \
    -H 'Content-Type: application/json' -d "$BOOK" -w '\n%{http_code}'
}

# round_trip PORT: POST a book with the API key, then GET it by id.
round_trip() {
  local port=$1 created status id body
  created=$(create_book "$port") || return 1
  status=$(tail -1 <<<"$created")
  [ "$status" = 201 ] || { echo "POST /api/v1/books: $created"; return 1; }
  id=$(head -n -1 <<<"$created" | json_field id)
  [ -n "$id" ] || { echo "no id in: $created"; return 1; }
  body=$(curl -sf -m 10 "http://127.0.0.1:$port/api/v1/books/$id") || { echo "GET book $id failed"; return 1; }
  [ "$(json_field title <<<"$body")" = Dune ] || { echo "GET book $id: $body"; return 1; }
  LAST_BOOK_ID=$id
  echo "info: created and read book $id"
}

run_in_memory() {
  MEM_PORT=$(free_port)
  start_api blproof-mem "$MEM_PORT" -e DATABASE_URL=memory:// || return 1
  wait_ready blproof-mem "$MEM_PORT" || return 1
  local anonymous
  anonymous=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -X POST "http://127.0.0.1:$MEM_PORT/api/v1/books" \
    -H 'Content-Type: application/json' -d "$BOOK")
  [ "$anonymous" = 401 ] || { echo "POST without an API key answered $anonymous, want 401"; return 1; }
  round_trip "$MEM_PORT"
}

# PID 1 is node itself, as UID/GID 1000: signals reach the app with no shell in between.
pid1_is_node_as_1000() {
  local got
  got=$($DOCKER exec blproof-mem node -e '
    const fs = require("fs");
    const st = fs.readFileSync("/proc/1/status", "utf8");
    const id = (k) => st.match(new RegExp("^" + k + ":\\s+(\\d+)", "m"))[1];
    const argv0 = fs.readFileSync("/proc/1/cmdline", "utf8").split("\0")[0];
    console.log(require("path").basename(argv0) + " uid=" + id("Uid") + " gid=" + id("Gid"));') || return 1
  [ "$got" = "node uid=1000 gid=1000" ] || { echo "PID 1: $got"; return 1; }
}

root_fs_read_only() {
  local got
  got=$($DOCKER exec blproof-mem node -e '
    const fs = require("fs");
    const tryWrite = (p) => { try { fs.writeFileSync(p, "x"); fs.unlinkSync(p); return "ok"; } catch (e) { return e.code; } };
    console.log(["/app/x", "/app/dist/x", "/etc/x", "/home/node/x", "/tmp/x"].map((p) => p + "=" + tryWrite(p)).join(" "));') || return 1
  [ "$got" = "/app/x=EROFS /app/dist/x=EROFS /etc/x=EROFS /home/node/x=EROFS /tmp/x=ok" ] || { echo "$got"; return 1; }
}

healthcheck_healthy() {
  local i status
  for ((i = 0; i < 30; i++)); do
    status=$($DOCKER inspect -f '{{.State.Health.Status}}' blproof-mem)
    [ "$status" = healthy ] && return 0
    sleep 1
  done
  echo "health status: $status"
  $DOCKER inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}' blproof-mem
  return 1
}

# docker stop sends SIGTERM: readiness fails at once while reads are still served (the drain), then
# the process exits 0 by itself, well within the grace period, and logs its shutdown.
graceful_stop() {
  local port=$MEM_PORT started=$SECONDS stopper ready_during read_during elapsed exit_code lines signal_seen completed i
  $DOCKER stop -t "$STOP_GRACE_S" blproof-mem >/dev/null &
  stopper=$!
  for ((i = 0; i < 20; i++)); do
    ready_during=$(http_status "http://127.0.0.1:$port/ready")
    [ "$ready_during" = 503 ] && break
    sleep 0.2
  done
  read_during=$(http_status "http://127.0.0.1:$port/api/v1/books")
  wait "$stopper" || { echo "docker stop failed"; return 1; }
  elapsed=$((SECONDS - started))
  exit_code=$($DOCKER inspect -f '{{.State.ExitCode}}' blproof-mem)
  $DOCKER logs blproof-mem >"$RUN_DIR/mem.log" 2>&1
  # The app's JSON log: the signal's arrival and the end of the shutdown sequence.
  lines=$(grep -iE '"msg":"[^"]*(shut ?down|sigterm|drain)' "$RUN_DIR/mem.log" || true)
  signal_seen=$(grep -iE '"msg":"[^"]*shut ?down[^"]*sigterm|"msg":"[^"]*sigterm[^"]*shut ?down' <<<"$lines" || true)
  completed=$(grep -iE '"msg":"[^"]*shut ?down[^"]*(complete|done|finished)' <<<"$lines" || true)
  echo "info: stopped in ${elapsed} s, exit code $exit_code; /ready during drain $ready_during, GET books $read_during"
  awk '{ print "info:   " substr($0, 1, 150) }' <<<"$lines"
  [ "$exit_code" = 0 ] || { echo "exit code $exit_code (137 = killed after the grace period)"; tail -5 "$RUN_DIR/mem.log"; return 1; }
  [ "$elapsed" -lt "$STOP_GRACE_S" ] || { echo "took ${elapsed} s: not graceful"; return 1; }
  [ "$ready_during" = 503 ] || { echo "/ready answered $ready_during after SIGTERM, want 503"; return 1; }
  [ "$read_during" = 200 ] || { echo "GET /api/v1/books answered $read_during during the drain, want 200"; return 1; }
  [ -n "$signal_seen" ] && [ -n "$completed" ] && return 0
  { echo "no JSON log lines for SIGTERM received + shutdown complete; last lines:"; tail -5 "$RUN_DIR/mem.log"; return 1; }
}

# The migration job's command on the DATA_DIR volume, then the API on it: the volume is writable by
# 1000 and a book survives a new container.
volume_persistence() {
  local port book
  VOLUMES+=(blproof-data)
  $DOCKER volume create blproof-data >/dev/null || return 1
  $DOCKER run --rm --read-only --tmpfs /tmp --user 1000 --network none -v blproof-data:/app/data \
    -e "API_KEYS=$API_KEY" "$IMAGE" node dist/apps/api/src/migrate.js ||
    { echo "migrate.js failed on the volume"; return 1; }
  port=$(free_port)
  start_api blproof-vol-1 "$port" -v blproof-data:/app/data || return 1
  wait_ready blproof-vol-1 "$port" || return 1
  round_trip "$port" || return 1
  book=$LAST_BOOK_ID
  $DOCKER stop -t "$STOP_GRACE_S" blproof-vol-1 >/dev/null || return 1
  start_api blproof-vol-2 "$port" -v blproof-data:/app/data || return 1
  wait_ready blproof-vol-2 "$port" || return 1
  [ "$(http_status "http://127.0.0.1:$port/api/v1/books/$book")" = 200 ] ||
    { echo "book $book not found after restart on the same volume"; return 1; }
  echo "info: book $book still there after a new container on the same volume"
  VOLUME_PORT=$port
}

# One process per DATA_DIR across containers, and a kill -9 leaves the volume usable: while
# blproof-vol-2 serves, a third container on the volume exits non-zero naming /app/data (a PID file
# could not tell: every container's process is PID 1); then `docker kill` (SIGKILL, so the embedded
# PostgreSQL dies uncleanly with its namespace) and a new container comes up ready, the book still there.
embedded_single_owner() {
  local port=$VOLUME_PORT book=$LAST_BOOK_ID out code=0 started=$SECONDS
  CONTAINERS+=(blproof-vol-3 blproof-vol-4)
  out=$(timeout 60 $DOCKER run --name blproof-vol-3 --read-only --tmpfs /tmp --user 1000 --network host \
    -e "PORT=$(free_port)" -e "API_KEYS=$API_KEY" -v blproof-data:/app/data "$IMAGE" 2>&1) || code=$?
  { [ "$code" != 0 ] && [ "$code" != 124 ]; } ||
    { echo "a second container on the volume exited $code, want non-zero within 60 s"; return 1; }
  grep -q 'DATA_DIR /app/data is in use by another process' <<<"$out" ||
    { echo "its output does not name /app/data:"; tail -5 <<<"$out"; return 1; }
  echo "info: second container exited $code after $((SECONDS - started)) s naming /app/data"
  [ "$(http_status "http://127.0.0.1:$port/api/v1/books/$book")" = 200 ] ||
    { echo "the first container lost book $book after the second one's attempt"; return 1; }
  $DOCKER kill blproof-vol-2 >/dev/null || return 1
  start_api blproof-vol-4 "$port" -v blproof-data:/app/data || return 1
  wait_ready blproof-vol-4 "$port" || return 1
  [ "$(http_status "http://127.0.0.1:$port/api/v1/books/$book")" = 200 ] ||
    { echo "book $book not found after docker kill and a new container"; return 1; }
  echo "info: after docker kill a new container was ready and book $book still there"
}

# The production driver: the machine's PostgreSQL on 127.0.0.1, a database made for this run.
with_postgres() {
  local port
  PG_DB=book_library_proof_$$
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $PG_DB" || return 1
  port=$(free_port)
  start_api blproof-pg "$port" -e "DATABASE_URL=postgres://postgres@127.0.0.1:5432/$PG_DB" || return 1
  wait_ready blproof-pg "$port" || return 1
  round_trip "$port"
}

# --- main ----------------------------------------------------------------------------------------

[ "$(id -u)" = 0 ] || die "needs root (dockerd, debootstrap)"
RUN_DIR=$(mktemp -d /tmp/blproof.XXXXXX) # short: dockerd's sockets live under it
trap finish EXIT
trap 'exit 130' INT TERM
VERSION=$(node -p 'require("./package.json").version')
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)

ensure_tools
[ -x node_modules/.bin/dockerfile-utils ] || die "node_modules/.bin/dockerfile-utils missing: run npm ci"
check "Dockerfile lint (dockerfile-utils): no diagnostics" lint_dockerfile
check "docker-compose.yml valid for Compose $(docker-compose version --short)" validate_compose

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/proof.lock"
flock -w 900 9 || die "another proof holds $CACHE_DIR/proof.lock"
data_root="$CACHE_DIR/engine"
[ "${PROVE_FRESH_ENGINE:-}" != 1 ] || data_root="$RUN_DIR/engine"
engine_start "$data_root" "$RUN_DIR"
# Left over from an interrupted run on the cached engine.
$DOCKER rm -f blproof-mem blproof-vol-1 blproof-vol-2 blproof-vol-3 blproof-vol-4 blproof-pg >/dev/null 2>&1 || true
$DOCKER volume rm -f blproof-data >/dev/null 2>&1 || true
stand_in_ensure "$BASE_IMAGE" "$CACHE_DIR" "$RUN_DIR"

check "image builds (BuildKit, base $BASE_IMAGE)" build_image
if [ "$LAST_OK" = 1 ]; then
  check "image metadata: user 1000:1000, port, volume, healthcheck, stop signal, OCI labels" image_metadata
  check "image holds only dist, production node_modules, package.json, data (1000)" image_contents
  check "app layers within ${APP_LAYERS_BUDGET_MB} MB" image_size
  check "runs read-only as 1000 on memory://: ready, POST needs the key, POST + GET a book" run_in_memory
  check "PID 1 is node, UID/GID 1000" pid1_is_node_as_1000
  check "root filesystem read-only, /tmp writable" root_fs_read_only
  check "HEALTHCHECK (node) reports healthy" healthcheck_healthy
  check "docker stop: SIGTERM drains (ready 503, reads 200), exit 0, shutdown logged" graceful_stop
  check "DATA_DIR volume: migrate.js, then a book survives a new container" volume_persistence
  [ "$LAST_OK" = 0 ] ||
    check "embedded PostgreSQL: a second container on the volume exits naming it; docker kill, then ready again" \
      embedded_single_owner
  if command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -d postgres -qAtc 'select 1' >/dev/null 2>&1; then
    check "PostgreSQL (127.0.0.1:5432): ready, POST + GET a book" with_postgres
  else
    log "SKIP  PostgreSQL check: no server on 127.0.0.1:5432"
  fi
fi
