#!/bin/sh
# Installs mde-forwarder from this release tarball on a systemd distribution without dpkg (RHEL, Rocky, Alma, Fedora,
# SUSE…), the way the .deb lays it out:
#   /usr/lib/mde-forwarder            the program with its own Node.js runtime
#   /usr/bin/mde-forwarder
#   /usr/lib/systemd/system/          mde-forwarder.service and mde-forwarder@.service
#   /etc/mde-forwarder/config.yaml    written when absent, never overwritten (0644: it holds no secret)
#   /etc/logrotate.d/mde-forwarder    written when absent
#   /usr/share/doc/mde-forwarder/     the documentation, the Grafana dashboard and the Prometheus rules
#   /usr/share/man/man1, man5         mde-forwarder(1) and mde-forwarder.yaml(5)
#   /usr/share/bash-completion/completions/mde-forwarder   the bash completion
# The service is not enabled: configure it, then systemctl enable --now mde-forwarder. Run again from a newer tarball
# to upgrade: running instances are restarted, configuration and state stay.
#   ./install.sh --uninstall   removes the program and the units; keeps /etc/mde-forwarder and /var/lib/mde-forwarder
# DESTDIR=/some/root installs below that root instead, without calling systemctl.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="${DESTDIR:-}"
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || { echo "install: run as root (or set DESTDIR)" >&2; exit 1; }
live() { [ -z "$root" ] && [ -d /run/systemd/system ]; }
units() {
  systemctl list-units --plain --no-legend --all 'mde-forwarder.service' 'mde-forwarder@*.service' | awk '{print $1}'
}

if [ "${1:-}" = --uninstall ]; then
  if live; then
    for unit in $(units); do systemctl stop "$unit" || true; done
    systemctl disable mde-forwarder.service >/dev/null 2>&1 || true
  fi
  rm -rf "$root/usr/lib/mde-forwarder" "$root/usr/bin/mde-forwarder" "$root/usr/share/doc/mde-forwarder" \
    "$root/usr/lib/systemd/system/mde-forwarder.service" "$root/usr/lib/systemd/system/mde-forwarder@.service" \
    "$root/usr/share/man/man1/mde-forwarder.1.gz" "$root/usr/share/man/man5/mde-forwarder.yaml.5.gz" \
    "$root/usr/share/bash-completion/completions/mde-forwarder"
  if live; then systemctl daemon-reload; fi
  echo "removed mde-forwarder; /etc/mde-forwarder and /var/lib/mde-forwarder are kept (delete them to purge)"
  exit 0
fi

"$here/bin/node" --version >/dev/null || { echo "install: the bundled Node.js does not run here (x86-64 glibc 2.28+)" >&2; exit 1; }

# The new program goes in beside the old one and replaces it in one rename.
install -d -m 0755 "$root/usr/lib" "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/usr/share/doc" \
  "$root/etc/logrotate.d"
rm -rf "$root/usr/lib/mde-forwarder.new"
mkdir -m 0755 "$root/usr/lib/mde-forwarder.new"
for entry in "$here"/*; do
  case "$(basename "$entry")" in install.sh | share) ;; *) cp -R "$entry" "$root/usr/lib/mde-forwarder.new/" ;; esac
done
rm -rf "$root/usr/lib/mde-forwarder.old"
[ ! -e "$root/usr/lib/mde-forwarder" ] || mv "$root/usr/lib/mde-forwarder" "$root/usr/lib/mde-forwarder.old"
mv "$root/usr/lib/mde-forwarder.new" "$root/usr/lib/mde-forwarder"
rm -rf "$root/usr/lib/mde-forwarder.old"
ln -sfn ../lib/mde-forwarder/bin/mde-forwarder "$root/usr/bin/mde-forwarder"
install -m 0644 "$here/share/systemd/mde-forwarder.service" "$here/share/systemd/mde-forwarder@.service" \
  "$root/usr/lib/systemd/system/"
rm -rf "$root/usr/share/doc/mde-forwarder"
cp -R "$here/share/doc" "$root/usr/share/doc/mde-forwarder"
install -d -m 0755 "$root/usr/share/man/man1" "$root/usr/share/man/man5" "$root/usr/share/bash-completion/completions"
install -m 0644 "$here/share/man/man1/mde-forwarder.1.gz" "$root/usr/share/man/man1/"
install -m 0644 "$here/share/man/man5/mde-forwarder.yaml.5.gz" "$root/usr/share/man/man5/"
install -m 0644 "$here/share/bash-completion/completions/mde-forwarder" "$root/usr/share/bash-completion/completions/"

# The dynamic user reads the configuration: the folder 0755 and the file 0644, root's; secrets stay 0600 (LoadCredential).
install -d -m 0755 "$root/etc/mde-forwarder"
chmod 0755 "$root/etc/mde-forwarder"
if [ ! -e "$root/etc/mde-forwarder/config.yaml" ]; then
  install -m 0644 "$here/share/config.yaml" "$root/etc/mde-forwarder/config.yaml"
  echo "wrote $root/etc/mde-forwarder/config.yaml: edit it"
fi
[ -e "$root/etc/logrotate.d/mde-forwarder" ] || install -m 0644 "$here/share/mde-forwarder" "$root/etc/logrotate.d/"
if [ -z "$root" ] && command -v restorecon >/dev/null; then
  restorecon -R /usr/lib/mde-forwarder /usr/bin/mde-forwarder /usr/lib/systemd/system/mde-forwarder*.service \
    /etc/mde-forwarder /etc/logrotate.d/mde-forwarder /usr/share/doc/mde-forwarder /usr/share/man/man1/mde-forwarder.1.gz \
    /usr/share/man/man5/mde-forwarder.yaml.5.gz /usr/share/bash-completion/completions/mde-forwarder
fi

if live; then
  systemctl daemon-reload
  for unit in $(units); do systemctl try-restart "$unit"; done
fi
echo "installed mde-forwarder $("$root/usr/lib/mde-forwarder/bin/mde-forwarder" --version)"
cat <<NEXT
Next (docs: /usr/share/doc/mde-forwarder/operations.md):
  1. edit /etc/mde-forwarder/config.yaml (tenant, client, region, output)
  2. write the client secret:  install -m 0600 /dev/stdin /etc/mde-forwarder/client-secret
  3. check it:                 CREDENTIALS_DIRECTORY=/etc/mde-forwarder mde-forwarder check -c /etc/mde-forwarder/config.yaml --online
  4. start it:                 systemctl enable --now mde-forwarder
NEXT
