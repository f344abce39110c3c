#!/usr/bin/env bash
# Installs mde-forwarder on this machine from a release tarball, with the tarball's own installer:
#   sudo scripts/install.sh [release/mde-forwarder-VERSION-linux-x64.tar.gz]
# It builds nothing and runs no npm: build the tarball first as yourself, not as root (`npm ci && npm run package`,
# which installs the production dependencies with --ignore-scripts). On Debian and Ubuntu, install the .deb instead.
# DESTDIR=/some/root installs below that root (no systemctl).
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' package.json)"
tarball="${1:-release/mde-forwarder-$version-linux-x64.tar.gz}"
[ -f "$tarball" ] || {
  echo "install: $tarball not found; build it first as yourself (not root): npm ci && npm run package" >&2
  exit 1
}
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
tar -xzf "$tarball" -C "$dir"
"$dir"/mde-forwarder-*-linux-x64/install.sh
