# shellcheck shell=bash
# A private Docker engine (dockerd 20.10 from Debian's docker.io) on its own socket, so the proof
# never touches a system engine. Sourced by prove-image.sh; needs log() and die() from there.

# engine_start DATA_ROOT RUN_DIR: starts dockerd and exports DOCKER_HOST for every docker command after it.
engine_start() {
  local data_root=$1 run_dir=$2
  ENGINE_RUN_DIR=$run_dir
  mkdir -p "$data_root" "$run_dir/exec"
  ENGINE_PIDFILE="$run_dir/dockerd.pid"
  ENGINE_LOG="$run_dir/dockerd.log"
  export DOCKER_HOST="unix://$run_dir/docker.sock"
  # No bridge and no iptables: this machine has no network for containers; they use --network host.
  dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$data_root" --exec-root "$run_dir/exec" --pidfile "$ENGINE_PIDFILE" \
    -H "$DOCKER_HOST" >"$ENGINE_LOG" 2>&1 &
  ENGINE_PID=$!
  local i
  for ((i = 0; i < 60; i++)); do
    if /usr/bin/docker version >/dev/null 2>&1; then
      log "engine: dockerd $(/usr/bin/docker version -f '{{.Server.Version}}') on $DOCKER_HOST (pid $ENGINE_PID)"
      return 0
    fi
    kill -0 "$ENGINE_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$ENGINE_LOG" >&2 || true
  die "engine: dockerd did not come up (log above)"
}

# engine_stop: stops the dockerd started above (only that pid) and waits for it, bounded.
engine_stop() {
  [ -n "${ENGINE_PID:-}" ] || return 0
  if kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 40; i++)); do
      kill -0 "$ENGINE_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$ENGINE_PID" 2>/dev/null && kill -KILL "$ENGINE_PID" 2>/dev/null
  fi
  wait "$ENGINE_PID" 2>/dev/null || true
  ENGINE_PID=
  # dockerd leaves its default network namespace mounted under the exec root: unmount what is left.
  awk -v root="$ENGINE_RUN_DIR/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
}
