#!/usr/bin/env bash
# The kit ABI tripwires. libRootmailKit.so has two interfaces, each with a version number the
# host checks before it uses a plugin:
#   - the plugin API, the kit's public declarations (PluginABI.kitVersion), recorded in
#     Sources/RootmailKit/kit-abi.txt: what every plugin, a user's too, builds on;
#   - the host interface, its `@_spi(RootmailHost)` declarations
#     (PluginABI.hostInterfaceVersion), recorded in Sources/RootmailKit/kit-spi.txt: what
#     rootmail's own plugins, companions and tests use besides.
# Each record holds its number and every symbol (swift-symbolgraph-extract's precise
# identifiers, which carry each declaration's full signature); this compares them with the build.
#   scripts/check-abi.sh          fail when an interface changed (saying which number to bump)
#   scripts/check-abi.sh update   record the build's interfaces and numbers
# BUILD=.build/release to read another build (default .build/debug).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
build=${BUILD:-.build/debug}
abi_source=Sources/RootmailKit/Sources/RootmailKit/PluginHost/PluginABI.swift
[ -d "$build/Modules" ] || { echo "check-abi: no build in $build (run swift build first)" >&2; exit 2; }
number() {
  local found
  found=$(sed -n "s/.*static var $1: Int32 { *\([0-9][0-9]*\) *}.*/\1/p" "$abi_source")
  [ -n "$found" ] || { echo "check-abi: cannot read PluginABI.$1 from $abi_source" >&2; exit 2; }
  echo "$found"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extract() { # $1: output folder, then extra flags
  local out=$1
  shift
  mkdir -p "$out"
  swift-symbolgraph-extract -module-name RootmailKit -I "$build/Modules" -target "$(uname -m)-unknown-linux-gnu" \
    -minimum-access-level public -output-dir "$out" "$@" >/dev/null
}
extract "$tmp/public"
extract "$tmp/all" -include-spi-symbols
# The signer is its own module inside libRootmailKit.so: part of the host interface.
mkdir -p "$tmp/signer"
swift-symbolgraph-extract -module-name RootmailSigV4 -I "$build/Modules" -target "$(uname -m)-unknown-linux-gnu" \
  -minimum-access-level public -output-dir "$tmp/signer" >/dev/null
python3 - "$tmp/public/RootmailKit.symbols.json" "$tmp/all/RootmailKit.symbols.json" "$tmp" \
  "$tmp/signer/RootmailSigV4.symbols.json" <<'PY'
import json, sys
def lines(path, prefix=""):
    graph = json.load(open(path))
    return {s["identifier"]["precise"] + "  " + prefix + ".".join(s["pathComponents"]) for s in graph["symbols"]}
public, everything = lines(sys.argv[1]), lines(sys.argv[2]) | lines(sys.argv[4], "RootmailSigV4.")
open(sys.argv[3] + "/public.txt", "w").write("".join(l + "\n" for l in sorted(public)))
open(sys.argv[3] + "/spi.txt", "w").write("".join(l + "\n" for l in sorted(everything - public)))
names = sorted({l.split("  ")[1].split(".")[0] for l in public})
open(sys.argv[3] + "/names.txt", "w").write("".join(n + "\n" for n in names))
PY

status=0
# check_one <record> <number name> <label> <symbols file>
check_one() {
  local dump=$1 key=$2 label=$3 current=$4 version recorded
  version=$(number "$key")
  { echo "$key $version"; cat "$current"; } >"$tmp/record"
  if [ "$mode" = update ]; then
    # A new number is inlined into each plugin's entry (@_alwaysEmitIntoClient), which an
    # incremental build does not recompile for a body change: touch them so the next build does,
    # or every in-tree plugin would be refused as built against the old number.
    if [ "$( (head -n 1 "$dump" 2>/dev/null || true) | sed -n "s/^$key //p")" != "$version" ]; then
      touch Plugins/*/Entry/*.swift Plugins/Examples/*/*.swift 2>/dev/null || true
      echo "check-abi: $key is now $version: touched the plugins' entries so the next build rebuilds them"
    fi
    cp "$tmp/record" "$dump"
    echo "check-abi: recorded the $label, $key $version ($(wc -l <"$current") symbols) in $dump"
    return
  fi
  recorded=$( (head -n 1 "$dump" 2>/dev/null || true) | sed -n "s/^$key //p")
  if [ -f "$dump" ] && diff -q <(tail -n +2 "$dump") "$current" >/dev/null && [ "$recorded" = "$version" ]; then
    echo "check-abi: $label $version unchanged"
    return
  fi
  [ -f "$dump" ] && diff <(tail -n +2 "$dump") "$current" | grep '^[<>]' | head -n 20 || true
  if [ "$recorded" = "$version" ]; then
    echo "check-abi: the $label changed but PluginABI.$key is still $version:" \
      "bump it in $abi_source, then run 'make update-abi'" >&2
  else
    echo "check-abi: PluginABI.$key is $version, $dump records ${recorded:-nothing}: run 'make update-abi'" >&2
  fi
  status=1
}
check_one Sources/RootmailKit/kit-abi.txt kitVersion "plugin API" "$tmp/public.txt"
check_one Sources/RootmailKit/kit-spi.txt hostInterfaceVersion "host interface" "$tmp/spi.txt"
# The plugin API stays small enough to read on a page.
count=$(wc -l <"$tmp/names.txt")
if [ "$count" -gt 50 ]; then
  echo "check-abi: the plugin API has $count top-level names (at most 50): mark host-only API @_spi(RootmailHost)" >&2
  status=1
fi
exit $status
