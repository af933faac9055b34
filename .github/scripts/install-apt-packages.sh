#!/usr/bin/env bash
# Installs the Debian packages listed in a file (one per line, # comments) on a GitHub runner.
# The runner already ships Docker Engine and Compose v2; Debian's docker.io would replace them (and
# restart the daemon under the job's service containers), so those two are skipped when docker exists.
set -euo pipefail

list="${1:?usage: install-apt-packages.sh <package-list-file>}"

packages=()
while IFS= read -r line || [ -n "$line" ]; do
  pkg="${line%%#*}"
  pkg="${pkg//[[:space:]]/}"
  [ -n "$pkg" ] || continue
  case "$pkg" in
    docker.io | docker-compose)
      if command -v docker >/dev/null; then
        echo "skip $pkg: the runner's Docker is used"
        continue
      fi
      ;;
  esac
  packages+=("$pkg")
done <"$list"

if [ "${#packages[@]}" -eq 0 ]; then
  echo "no packages to install"
  exit 0
fi

sudo apt-get update -qq
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
