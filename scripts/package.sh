#!/usr/bin/env bash
# Writes rootmail's packages to dist/ from a built tree (`make package` builds the release first):
#   rootmail_<version>_<arch>.deb      /usr/bin/rootmail, /usr/lib/rootmail (kit, companions,
#                                      plugins, the Swift runtime libraries they need in swift/),
#                                      man pages, completions, rootmail-watch.service (disabled),
#                                      an example config; Depends from dpkg-shlibdeps
#   rootmail-dev_<version>_<arch>.deb  the plugin SDK: the kit's Swift modules and those it
#                                      re-exports, the example receiver
#   rootmail-<version>-linux-<machine>.tar.gz  the whole tree (SDK included) under one folder,
#                                      relocatable: bin/rootmail runs from wherever it is unpacked
# The tree is the one scripts/install.sh makes (RUNPATHs relative to $ORIGIN). The version is
# scripts/version.sh's; SOURCE_DATE_EPOCH (default: the last commit's time) fixes every date, so
# two runs on one build give byte-identical files.
# Usage: scripts/package.sh [BUILD_DIR (default .build/release)] [OUT_DIR (default dist)]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-.build/release}
out=${2:-dist}
version=${VERSION:-$(scripts/version.sh)}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH
arch=$(dpkg --print-architecture)
machine=$(uname -m)
maintainer=${DEBFULLNAME:-rootmail developers}" <"${DEBEMAIL:-rootmail@example.org}">"
umask 022
for tool in dpkg-deb dpkg-shlibdeps patchelf; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool not found (scripts/install-deps.sh package)" >&2; exit 69; }
done
[ -x "$build/rootmail" ] || { echo "package.sh: no $build/rootmail: build first (make package)" >&2; exit 66; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The tree, once; the tarball and both packages are cut from it.
tree=$work/tree
scripts/install.sh "$tree" "$build" >/dev/null
# The example config is what `config init` writes (so it never drifts from the template).
env -i PATH=/usr/bin:/bin HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache" \
  XDG_DATA_HOME="$work/home/data" "$tree/bin/rootmail" config init --domain example.com >/dev/null
install -m 0644 "$work/home/config/rootmail/config.toml" "$tree/share/rootmail/examples/config.toml"
install -m 0644 packaging/rootmail-watch.service "$tree/share/rootmail/examples/rootmail-watch.service"
# Libraries are not programs: 0644 (the loader maps them either way); the binary stays 0755.
find "$tree" -name '*.so' -exec chmod 0644 {} +

changelog() { # $1: package name
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- %s  %s\n' "$1" "$version" \
    "$(git rev-parse HEAD 2>/dev/null || echo unknown)" "$maintainer" \
    "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n
}
# Every file and folder gets the same date; permissions as Debian wants them.
settle() {
  find "$1" -type d -exec chmod 0755 {} +
  find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}
installed_size() { du -s -k --apparent-size --exclude=DEBIAN "$1" | cut -f1; }

# --- rootmail (the .deb) ---
deb=$work/rootmail
mkdir -p "$deb/usr" "$deb/DEBIAN"
cp -a "$tree/." "$deb/usr/"
# Debian's places: zsh completions of packages, gzipped man pages, docs and examples.
mkdir -p "$deb/usr/share/zsh/vendor-completions"
mv "$deb/usr/share/zsh/site-functions/_rootmail" "$deb/usr/share/zsh/vendor-completions/"
rmdir "$deb/usr/share/zsh/site-functions"
gzip -9n "$deb"/usr/share/man/man1/*.1
mkdir -p "$deb/usr/share/doc/rootmail/examples" "$deb/lib/systemd/system"
mv "$deb/usr/share/rootmail/examples/config.toml" "$deb/usr/share/doc/rootmail/examples/"
mv "$deb/usr/share/rootmail/examples/rootmail-watch.service" "$deb/lib/systemd/system/"
install -m 0644 packaging/copyright "$deb/usr/share/doc/rootmail/copyright"
# A completion file is sourced, not run: no #! line (lintian: bash-completion-with-hashbang).
sed -i '1{/^#!/d}' "$deb/usr/share/bash-completion/completions/rootmail"
changelog rootmail >"$deb/usr/share/doc/rootmail/changelog.gz"
# The SDK goes to rootmail-dev.
dev=$work/rootmail-dev
mkdir -p "$dev/usr/lib/rootmail/swift" "$dev/usr/share/rootmail" "$dev/usr/share/doc/rootmail-dev" "$dev/DEBIAN"
mv "$deb"/usr/lib/rootmail/swift/*.swiftmodule "$dev/usr/lib/rootmail/swift/"
mv "$deb/usr/share/rootmail/examples" "$dev/usr/share/rootmail/examples"
rmdir "$deb/usr/share/rootmail"
install -m 0644 packaging/README.dev "$dev/usr/share/doc/rootmail-dev/README"
install -m 0644 packaging/copyright "$dev/usr/share/doc/rootmail-dev/copyright"
changelog rootmail-dev >"$dev/usr/share/doc/rootmail-dev/changelog.gz"

# Depends: what dpkg-shlibdeps finds the ELF files need outside the package (it follows their
# RUNPATHs, $ORIGIN included, into the package itself for the private libraries).
mkdir -p "$work/src/debian"
printf 'Source: rootmail\n\nPackage: rootmail\nArchitecture: any\n' >"$work/src/debian/control"
mapfile -t elves < <(find "$deb/usr" -type f \( -name '*.so' -o -path '*/bin/*' \) | sort)
# (Its warnings that the private Swift libraries have unversioned names are dropped.)
depends=$(cd "$work/src" && dpkg-shlibdeps -O "${elves[@]}" 2> >(grep -v "can't extract name and version" >&2) |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# Libraries rootmail opens with dlopen by name (libcrypto.so.3 for hashing) are in no DT_NEEDED:
# each soname written in our own files that no file of the tree links is looked up in the shlibs files of the installed
# packages, as dpkg-shlibdeps does for the linked ones.
for soname in $(strings -a "$deb/usr/bin/rootmail" "$deb"/usr/lib/rootmail/*.so "$deb"/usr/lib/rootmail/plugins/*.so |
  grep -E '^lib[A-Za-z0-9_+-]+\.so\.[0-9]+$' | sort -u | grep -vxF -f <(for f in "${elves[@]}"; do
    readelf -d -W "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; done | sort -u)); do
  name=${soname%.so.*}; major=${soname##*.so.}
  dep=$(awk -v n="$name" -v v="$major" '$1 == n && $2 == v { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' \
    /var/lib/dpkg/info/*.shlibs)
  [ -n "$dep" ] || { echo "package.sh: no package provides $soname (opened with dlopen)" >&2; exit 1; }
  depends="$depends, $dep"
done
depends=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//' | sort -u | paste -sd, | sed 's/,/, /g')

install -m 0755 packaging/postinst packaging/postrm "$deb/DEBIAN/"
cat >"$deb/DEBIAN/control" <<EOF
Package: rootmail
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(installed_size "$deb")
Depends: $depends
Section: admin
Priority: optional
Description: vend, map and read the root-user mailboxes of an AWS Organization
 Every AWS account needs its own root-user email address. rootmail vends
 unique, unguessable addresses, keeps the address to owner mappings, reads
 the mail AWS sends to them, checks the DNS that makes receiving work, and
 deploys the AWS side. Its commands are plugins on one shared kit.
 .
 rootmail-watch.service runs "rootmail mail watch"; it is installed
 disabled.
EOF
cat >"$dev/DEBIAN/control" <<EOF
Package: rootmail-dev
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(installed_size "$dev")
Depends: rootmail (= $version)
Section: devel
Priority: optional
Description: plugin SDK for rootmail
 The Swift modules of rootmail's kit (and of swift-argument-parser and
 swift-log, which it re-exports) that a rootmail plugin is compiled
 against, and an example mail receiver plugin. A plugin must be built by
 the Swift toolchain that "rootmail --version --verbose" names.
EOF

mkdir -p "$out"
rm -f "$out"/rootmail_*.deb "$out"/rootmail-dev_*.deb "$out"/rootmail-*-linux-*.tar.gz "$out/SHA256SUMS"
for pkg in "$deb" "$dev"; do
  settle "$pkg"
  (cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
  chmod 0644 "$pkg/DEBIAN/md5sums"
  touch -d "@$SOURCE_DATE_EPOCH" "$pkg/DEBIAN/md5sums"
  name=$(sed -n 's/^Package: //p' "$pkg/DEBIAN/control")
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out/${name}_${version}_${arch}.deb" >/dev/null
done

# --- the tarball: the tree under rootmail-<version>-linux-<machine>/ ---
top=rootmail-$version-linux-$machine
mkdir -p "$work/tar"
cp -a "$tree" "$work/tar/$top"
settle "$work/tar"
tar --sort=name --format=gnu --numeric-owner --owner=0 --group=0 --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$work/tar" -cf - "$top" | gzip -9n >"$out/$top.tar.gz"

(cd "$out" && sha256sum "rootmail_${version}_$arch.deb" "rootmail-dev_${version}_$arch.deb" "$top.tar.gz" >SHA256SUMS)
ls -l "$out"
