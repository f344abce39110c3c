#!/usr/bin/env bash
# npm run package: release/mde-forwarder_VERSION_amd64.deb and release/mde-forwarder-VERSION-linux-x64.tar.gz, each
# with its own Node.js runtime (packaging/runtime.env) and the production dependencies: the target needs no Node.js,
# npm, compiler or network. Needs node, npm, dpkg-deb and xz here; never root, and runs no install scripts.
#   --version V   package version (default: package.json's)
#   --out DIR     where to write them (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."
. packaging/runtime.env

version="$(node -p 'require("./package.json").version')"
out=release
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "package: unknown option $1 (--version V, --out DIR)" >&2; exit 2 ;;
  esac
done
for tool in dpkg-deb xz; do
  command -v "$tool" >/dev/null || { echo "package: $tool not found: apt-get install dpkg xz-utils" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
app="$root/usr/lib/mde-forwarder"
doc="$root/usr/share/doc/mde-forwarder"
mkdir -p "$out" "$app/bin" "$doc" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/mde-forwarder" \
  "$root/etc/logrotate.d"


# The runtime, from the npm registry (kept in a cache between builds), checked against the pinned sha512.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mde-forwarder"
runtime="$cache/$NODE_PACKAGE-$NODE_VERSION.tgz"
mkdir -p "$cache"
if [ ! -f "$runtime" ]; then
  echo "package: fetching $NODE_PACKAGE@$NODE_VERSION"
  npm pack --silent --pack-destination "$cache" "$NODE_PACKAGE@$NODE_VERSION" >/dev/null
fi
actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512")
  .update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$runtime")"
if [ "$actual" != "$NODE_INTEGRITY" ]; then
  rm -f "$runtime"
  echo "package: $NODE_PACKAGE-$NODE_VERSION.tgz has $actual, not the pinned $NODE_INTEGRITY" >&2
  exit 1
fi
tar -xzf "$runtime" -C "$work" package/bin/node package/LICENSE
install -m 0755 "$work/package/bin/node" "$app/bin/node"
install -m 0644 "$work/package/LICENSE" "$app/node-LICENSE"
install -m 0755 packaging/mde-forwarder "$app/bin/mde-forwarder"
ln -s ../lib/mde-forwarder/bin/mde-forwarder "$root/usr/bin/mde-forwarder"

echo "package: compiling, and the production dependencies"
# Compiled afresh: a dist/ left from an earlier build could hold the output of deleted sources.
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$app/dist" --sourceMap false
chmod 0755 "$app/dist/cli.js"
cp -r mappings package.json package-lock.json "$app/"
(cd "$app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --silent)

install -m 0644 systemd/mde-forwarder.service systemd/mde-forwarder@.service "$root/lib/systemd/system/"
# The shipped configuration reads the secret from the unit's credential; it holds no secret, so the dynamic user
# may read it (0644 root).
sed 's#^  clientSecret: .*#  clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret#' config.example.yaml \
  >"$root/etc/mde-forwarder/config.yaml"
grep -q 'clientSecretFile: ${CREDENTIALS_DIRECTORY}/client-secret' "$root/etc/mde-forwarder/config.yaml" ||
  { echo "package: config.example.yaml has no clientSecret line to turn into clientSecretFile" >&2; exit 1; }
chmod 0755 "$root/etc/mde-forwarder"
chmod 0644 "$root/etc/mde-forwarder/config.yaml"
install -m 0644 contrib/logrotate/mde-forwarder "$root/etc/logrotate.d/mde-forwarder"
# The man pages (gzip -9n, as Debian policy asks: no name or time stamp in the header) and the bash completion, both
# generated from the command line's definitions (npm run gen:man, gen:completion; a test keeps them current).
for page in man/mde-forwarder.1 man/mde-forwarder.yaml.5; do
  section="$root/usr/share/man/man${page##*.}"
  mkdir -p "$section"
  gzip -9n <"$page" >"$section/$(basename "$page").gz"
  chmod 0644 "$section/$(basename "$page").gz"
done
mkdir -p "$root/usr/share/bash-completion/completions"
install -m 0644 completions/mde-forwarder.bash "$root/usr/share/bash-completion/completions/mde-forwarder"
install -m 0644 README.md config.example.yaml docs/*.md "$doc/"
mkdir -p "$doc/contrib"
cp -r contrib/grafana contrib/prometheus contrib/qradar contrib/arcsight "$doc/contrib/"
{
  echo "mde-forwarder $version, MIT licence."
  echo "It carries Node.js $NODE_VERSION (/usr/lib/mde-forwarder/bin/node), whose licence is"
  echo "/usr/lib/mde-forwarder/node-LICENSE, and the npm packages in /usr/lib/mde-forwarder/node_modules, each with"
  echo "its licence in its folder."
} >"$doc/copyright"
find "$root" -type d -exec chmod 0755 {} +

# The tarball: the program as it lies in /usr/lib/mde-forwarder, with the units, the configuration, the docs and an
# installer for systemd distributions without dpkg.
name="mde-forwarder-$version-linux-x64"
echo "package: $out/$name.tar.gz"
tree="$work/$name"
mkdir -p "$tree/share"
cp -a "$app/." "$tree/"
cp -a "$root/lib/systemd/system" "$tree/share/systemd"
cp -a "$root/etc/mde-forwarder/config.yaml" "$root/etc/logrotate.d/mde-forwarder" "$tree/share/"
cp -a "$doc" "$tree/share/doc"
cp -a "$root/usr/share/man" "$root/usr/share/bash-completion" "$tree/share/"
install -m 0755 packaging/install.sh "$tree/install.sh"
tar --owner=0 --group=0 --numeric-owner -C "$work" -czf "$out/$name.tar.gz" "$name"

echo "package: $out/mde-forwarder_${version}_amd64.deb"
mkdir -p "$root/DEBIAN"
maintainer="${DEBFULLNAME:-mde-forwarder maintainers} <${DEBEMAIL:-root@localhost}>"
sed -e "s#@VERSION@#$version#" -e "s#@MAINTAINER@#$maintainer#" \
  -e "s#@SIZE@#$(du -sk --exclude=DEBIAN "$root" | cut -f1)#" packaging/debian/control >"$root/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/mde-forwarder_${version}_amd64.deb" >/dev/null
ls -l "$out"/mde-forwarder*"$version"*
