#!/usr/bin/env bash
# Proof that the packages run on a Debian 12 machine without Swift (`make check-package`, after
# `make package`): checks the packages (lintian: no errors; the tree's RUNPATHs; a second
# scripts/package.sh run on the same build gives byte-identical files), then makes a minimal
# bookworm root with mmdebstrap (Debian's mirror), installs the .deb with
# `apt-get install ./rootmail_….deb`, and in a chroot runs what a new user runs first: --version,
# `plugins list` (every plugin loaded, none refused), `config init`, `vend` into the embedded
# store, `mail list` on an empty cache, `dns check --help`, the man page. Then the same with the
# tarball unpacked into a random folder of that root, and a receiver plugin built on this machine
# against rootmail-dev, loaded by the installed rootmail.
# Needs root, the network (the mirror), mmdebstrap and lintian (scripts/install-deps.sh check-package).
# Usage: scripts/check-package.sh [DIST_DIR (default dist)] [BUILD_DIR (default .build/release)]
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(realpath "${1:-dist}")
build=${2:-.build/release}
mirror=${ROOTMAIL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${ROOTMAIL_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
start=$(date +%s)
failures=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
step() { echo "== $* ($(($(date +%s) - start)) s)"; }

deb=$(ls "$dist"/rootmail_*.deb)
devdeb=$(ls "$dist"/rootmail-dev_*.deb)
tarball=$(ls "$dist"/rootmail-*-linux-*.tar.gz)
version=$(dpkg-deb -f "$deb" Version)
work=$(mktemp -d /var/tmp/rootmail-check-package.XXXXXX)
root=$work/root
cleanup() {
  umount -R "$root/proc" "$root/dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "the packages: $(basename "$deb"), $(basename "$devdeb"), $(basename "$tarball")"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
lintian --no-tag-display-limit --display-info "$deb" "$devdeb" >"$work/lintian" 2>&1 || true
grep -E '^[EW]: ' "$work/lintian" | sed 's/^/  lintian: /' || true
echo "  lintian: $(grep -c '^I: ' "$work/lintian" || true) notes (I:) besides, see lintian --display-info"
if grep -q '^E: ' "$work/lintian"; then fail "lintian reports errors"; else pass "lintian: no errors"; fi
# Every ELF's RUNPATH stays inside the package ($ORIGIN...).
dpkg-deb -x "$deb" "$work/x"
bad=$(find "$work/x" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec sh -c '
  for f; do readelf -d -W "$f" | sed -n "s/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]$/\2/p" | tr ":" "\n" |
    grep -v "^\$ORIGIN" | sed "s|^|$f: |"; done' sh {} +)
if [ -z "$bad" ]; then pass "every RUNPATH is relative to \$ORIGIN"; else fail "RUNPATHs outside the package: $bad"; fi
# The unit's sandboxing, as systemd rates it (0 best, 10 worst): at most 3, "OK".
if command -v systemd-analyze >/dev/null; then
  exposure=$(systemd-analyze security --offline=true --root="$work/x" rootmail-watch.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for rootmail-watch.service: \([0-9.]*\).*/\1/p')
  if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 3) }'; then
    pass "rootmail-watch.service: systemd-analyze security exposure $exposure"
  else
    fail "rootmail-watch.service: systemd-analyze security exposure '${exposure:-unknown}' (want <= 3)"
  fi
fi
# Reproducible: a second run on the same build, same commit and SOURCE_DATE_EPOCH.
scripts/package.sh "$build" "$work/again" >/dev/null
for f in "$deb" "$devdeb" "$tarball"; do
  if cmp -s "$f" "$work/again/$(basename "$f")"; then pass "reproducible: $(basename "$f")"; else fail "$(basename "$f") differs between two runs"; fi
done

step "a minimal Debian 12 root (mmdebstrap)"
mmdebstrap --quiet --variant=apt bookworm "$root" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main"
mkdir -p "$root/proc" "$root/dev"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
if in_root sh -c 'command -v swift swiftc; ls /opt/swift /usr/lib/swift 2>/dev/null' | grep -q .; then
  fail "the root has a Swift toolchain"
fi

step "apt-get install ./$(basename "$deb") ./$(basename "$devdeb")"
cp "$deb" "$devdeb" "$root/tmp/"
in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  ./tmp/$(basename "$deb") ./tmp/$(basename "$devdeb")" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt-get install"; exit 1; }
pass "installed: $(in_root dpkg-query -W -f '${Package} ${Version} ${Status}\n' rootmail rootmail-dev | tr '\n' ';')"
if [ -f "$root/lib/systemd/system/rootmail-watch.service" ]; then pass "rootmail-watch.service installed"; else fail "no rootmail-watch.service"; fi
if [ -e "$root/etc/systemd/system/multi-user.target.wants/rootmail-watch.service" ]; then fail "rootmail-watch.service enabled"; fi

# The checks, for one installed binary. $1: its path inside the root, $2: a label,
# $3: its man page inside the root.
checks() {
  local bin=$1 label=$2 man=$3 home out
  home=$(mktemp -d "$root/tmp/home.XXXXXX"); home=/tmp/$(basename "$home")
  run() { in_root env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" "$@"; }
  if out=$(run "$bin" --version 2>&1) && [ -n "$out" ]; then pass "$label: rootmail --version: $out"; else fail "$label: --version: $out"; fi
  if out=$(run "$bin" --version --verbose 2>&1) && grep -q 'plugins must be built with: Swift .*compiler stamp is: ' <<<"$out"; then
    pass "$label: --version --verbose: $(grep 'built with' <<<"$out")"
  else
    fail "$label: --version --verbose: $out"
  fi
  # (The globs expand inside the root.)
  if out=$(run sh -c 'ldd "$0" "$1"/*.so "$1"/plugins/*.so "$1"/swift/*.so' "$bin" "$(dirname "$bin")/../lib/rootmail" 2>&1) &&
    ! grep -q 'not found' <<<"$out"; then
    pass "$label: ldd finds every library"
  else
    fail "$label: ldd: $(grep 'not found\|:$' <<<"$out" | grep -B1 'not found')"
  fi
  if run "$bin" plugins list -o json >"$work/plugins.json" 2>"$work/plugins.err" &&
    python3 - "$work/plugins.json" "$root$(dirname "$bin")/../lib/rootmail/plugins" <<'EOF'; then
import json, os, sys
listing = json.load(open(sys.argv[1]))
files = sorted(f for f in os.listdir(sys.argv[2]) if f.startswith("libRootmailPlugin"))
loaded = sorted(os.path.basename(p["path"]) for p in listing["plugins"])
assert listing["refused"] == [], listing["refused"]
assert loaded == files, (loaded, files)
print("      plugins: " + ", ".join(p["name"] for p in listing["plugins"]))
EOF
    pass "$label: plugins list: every plugin loaded, none refused"
  else
    fail "$label: plugins list: $(cat "$work/plugins.err")"
  fi
  if out=$(run "$bin" config init --domain example.com 2>&1); then pass "$label: config init: $out"; else fail "$label: config init: $out"; fi
  if out=$(run "$bin" vend --owner team@example.com --account-type IT 2>&1); then
    pass "$label: vend: $out"
  else
    fail "$label: vend: $out"
  fi
  if out=$(run "$bin" mappings list 2>&1) && grep -q 'team@example.com' <<<"$out"; then
    pass "$label: mappings list shows the vended address"
  else
    fail "$label: mappings list: $out"
  fi
  if out=$(run "$bin" mail list 2>&1); then pass "$label: mail list on an empty cache"; else fail "$label: mail list: $out"; fi
  if out=$(run "$bin" dns check --help 2>&1) && grep -q 'USAGE' <<<"$out"; then pass "$label: dns check --help"; else fail "$label: dns check --help: $out"; fi
  if [ -f "$root$man" ]; then pass "$label: man page $man"; else fail "$label: no man page $man"; fi
}

step "the .deb, in the chroot"
checks /usr/bin/rootmail deb /usr/share/man/man1/rootmail.1.gz

step "the tarball, unpacked into a random folder of the root"
folder=$(mktemp -d "$root/opt/unpacked.XXXXXX")
chmod 0755 "$folder"
tar -xzf "$tarball" -C "$folder"
top=$(basename "$tarball" .tar.gz)
checks "/opt/$(basename "$folder")/$top/bin/rootmail" tarball "/opt/$(basename "$folder")/$top/share/man/man1/rootmail.1"

step "a receiver plugin built here against rootmail-dev, loaded in the chroot"
if command -v swiftc >/dev/null; then
  plugin=$work/libRootmailPluginCustomReceiver.so
  swiftc -O -emit-library -module-name RootmailPluginCustomReceiver "$root/usr/share/rootmail/examples/MailLogReceiver.swift" \
    -I "$root/usr/lib/rootmail/swift" -L "$root/usr/lib/rootmail" -lRootmailKit -Xlinker -rpath=/usr/lib/rootmail -o "$plugin"
  install -m 0644 "$plugin" "$root/usr/lib/rootmail/plugins/"
  if out=$(in_root env XDG_CACHE_HOME=/tmp/devcache rootmail plugins list 2>&1) && grep -q 'CustomReceiver.*mail-log' <<<"$out" &&
    ! grep -qi 'refused' <<<"$out"; then
    pass "rootmail-dev: CustomReceiver built with the SDK loads (receiver mail-log)"
  else
    fail "rootmail-dev: plugins list: $out"
  fi
else
  echo "skip  no swiftc here: the SDK build is not checked"
fi

step "done: $failures failure(s)"
[ "$failures" -eq 0 ]
