#!/usr/bin/env bash
# Installs what a fresh clone needs before it runs or tests: Node 24, the locked npm packages and,
# when running as root, the Debian tools the test suites call (scripts/apt-packages.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

want_major=$(cat .nvmrc)
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }
# A Node of the right major already first on PATH (e.g. actions/setup-node) is used as it is.
if [ "$(node_major)" != "$want_major" ]; then
  export PATH=/usr/local/bin:$PATH
  if [ "$(node_major)" != "$want_major" ]; then
    echo "setup: installing Node.js $want_major from the npm registry into /usr/local" >&2
    $SUDO npm install -g --prefix /usr/local "node@$want_major" >/dev/null
    hash -r
  fi
fi

# npm ci only when the lock changed since the last install (its hash is kept in node_modules).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$lock_hash" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >/dev/null
  echo "$lock_hash" > node_modules/.lock-hash
fi

if [ "${1:-}" = "--with-test-tools" ] && [ -f scripts/apt-packages.txt ]; then
  missing=()
  while read -r pkg; do
    [ -z "$pkg" ] || [[ "$pkg" == \#* ]] && continue
    # A Docker engine and Compose that came another way (a CI runner's) are left alone.
    case "$pkg" in
      docker.io) command -v docker >/dev/null && continue ;;
      docker-compose) command -v docker-compose >/dev/null && continue ;;
    esac
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < scripts/apt-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] && [ -z "$SUDO" ]; then
      echo "setup: missing Debian packages (install them as root): ${missing[*]}" >&2
      exit 1
    fi
    echo "setup: apt-get install ${missing[*]}" >&2
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
