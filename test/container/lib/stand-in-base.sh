# shellcheck shell=bash
# A local stand-in for the official node:24-bookworm-slim, for machines that cannot pull images:
# Debian bookworm (debootstrap minbase, trimmed like debian:bookworm-slim) + this machine's Node 24
# binary and npm, laid out like the official image (/usr/local/bin/node, user node 1000:1000,
# docker-entrypoint.sh). Sourced by prove-image.sh; needs log(), die() and a running engine.

STAND_IN_LABEL=book-library.stand-in.node-version

# stand_in_ensure TAG CACHE_DIR WORK_DIR: leaves TAG in the engine. A real image under TAG is used as is.
stand_in_ensure() {
  local tag=$1 cache=$2 work=$3
  local node_bin node_version npm_dir npm_version
  node_bin=$(node -p 'process.execPath')
  node_version=$(node -p 'process.versions.node')
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  npm_version=$(node -p "require('$npm_dir/package.json').version")
  [ "${node_version%%.*}" = "$(tag_node_major "$tag")" ] ||
    die "stand-in: host Node $node_version does not match $tag (run scripts/setup.sh)"

  if /usr/bin/docker image inspect "$tag" >/dev/null 2>&1; then
    local built_from
    built_from=$(/usr/bin/docker image inspect -f "{{index .Config.Labels \"$STAND_IN_LABEL\"}}" "$tag")
    if [ -z "$built_from" ] || [ "$built_from" = "$node_version" ]; then
      log "stand-in: $tag already present${built_from:+ (stand-in, Node $built_from)}"
      return 0
    fi
    log "stand-in: $tag was built from Node $built_from, host has $node_version: rebuilding"
  fi

  mkdir -p "$cache"
  local minbase="$cache/bookworm-minbase-slim.tar"
  local tarball="$cache/node-$node_version-npm-$npm_version-bookworm-slim.tar"
  if [ ! -s "$tarball" ]; then
    [ -s "$minbase" ] || stand_in_debootstrap "$minbase" "$work"
    stand_in_add_node "$minbase" "$tarball" "$work" "$node_bin" "$npm_dir"
  fi
  log "stand-in: importing $tarball as $tag"
  /usr/bin/docker import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=$node_version" \
    --change "LABEL $STAND_IN_LABEL=$node_version" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["node"]' \
    "$tarball" "$tag" >/dev/null
}

tag_node_major() { local t=${1#*:}; echo "${t%%-*}"; }

# Debian's minimal base, without the apt lists, caches, docs, man pages and locales (as debian:*-slim).
stand_in_debootstrap() {
  local out=$1 work=$2 rootfs="$2/minbase" mirror
  mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  mirror=${mirror:-http://deb.debian.org/debian}
  log "stand-in: debootstrap --variant=minbase bookworm from $mirror (about 1-2 min, cached in $out)"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; die "stand-in: debootstrap failed"; }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  tar --numeric-owner -C "$rootfs" -cf "$out.part" . && mv "$out.part" "$out"
  rm -rf "$rootfs"
}

# Node and npm where the official image has them, and its user node 1000:1000 and entrypoint.
stand_in_add_node() {
  local minbase=$1 out=$2 work=$3 node_bin=$4 npm_dir=$5 rootfs="$3/node-rootfs"
  log "stand-in: adding Node $(node -v) and npm to the base"
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  tar --numeric-owner -C "$rootfs" -xf "$minbase"
  install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The official image's entrypoint: prefix `node` when the command is not a program, then exec it.
  cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
  chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  tar --numeric-owner -C "$rootfs" -cf "$out.part" . && mv "$out.part" "$out"
  rm -rf "$rootfs"
}
