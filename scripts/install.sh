#!/usr/bin/env bash
# Installs mde-forwarder from this checkout as a systemd service:
#   /usr/lib/mde-forwarder     the program (dist/, mappings/, production node_modules/)
#   /etc/mde-forwarder/        config.yaml (kept if present) and the client secret (you write it)
#   /etc/systemd/system/       mde-forwarder.service and mde-forwarder@.service
# DESTDIR=/some/root installs below that root instead (packaging, tests); systemctl is then not called.
set -euo pipefail
cd "$(dirname "$0")/.."
root="${DESTDIR:-}"
prefix="$root/usr/lib/mde-forwarder"
node_bin="$(command -v node || true)"

[ -n "$node_bin" ] || { echo "install: node not found; install Node.js 24 (or 20/22) first" >&2; exit 1; }
major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { echo "install: Node.js $major is too old; 20 or later is needed (24 recommended)" >&2; exit 1; }
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || { echo "install: run as root (or set DESTDIR)" >&2; exit 1; }

echo "building…"
npm ci --no-audit --no-fund --silent
npm run build --silent

echo "installing the program in $prefix"
rm -rf "$prefix"
install -d -m 0755 "$prefix"
cp -r dist mappings docs package.json package-lock.json config.example.yaml "$prefix/"
(cd "$prefix" && npm ci --omit=dev --no-audit --no-fund --silent)

echo "installing the units in $root/etc/systemd/system"
install -d -m 0755 "$root/etc/systemd/system"
for unit in mde-forwarder.service mde-forwarder@.service; do
  sed "s#^ExecStart=/usr/bin/node #ExecStart=$node_bin #" "systemd/$unit" > "$root/etc/systemd/system/$unit"
  chmod 0644 "$root/etc/systemd/system/$unit"
done

install -d -m 0750 "$root/etc/mde-forwarder"
if [ ! -e "$root/etc/mde-forwarder/config.yaml" ]; then
  sed 's#^  clientSecret: .*#  clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret#' config.example.yaml > "$root/etc/mde-forwarder/config.yaml"
  chmod 0640 "$root/etc/mde-forwarder/config.yaml"
  echo "wrote $root/etc/mde-forwarder/config.yaml: edit it"
fi

[ -n "$root" ] || systemctl daemon-reload 2>/dev/null || true
cat <<NEXT
Next:
  1. edit /etc/mde-forwarder/config.yaml (tenant, client, region, output)
  2. write the client secret:  install -m 0600 /dev/stdin /etc/mde-forwarder/client-secret
  3. check it:                 CREDENTIALS_DIRECTORY=/etc/mde-forwarder $node_bin /usr/lib/mde-forwarder/dist/cli.js check -c /etc/mde-forwarder/config.yaml
  4. start it:                 systemctl enable --now mde-forwarder
NEXT
