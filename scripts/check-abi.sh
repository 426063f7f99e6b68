#!/usr/bin/env bash
# The kit ABI tripwire. Plugins are built against one kit ABI number (PluginABI.kitVersion) and
# the host refuses a plugin built for another, so that number must change whenever the kit's
# public interface does. Sources/RootmailKit/kit-abi.txt records the number and every public
# symbol of RootmailKit (swift-symbolgraph-extract's precise identifiers, which carry each
# declaration's full signature); this compares them with the build.
#   scripts/check-abi.sh          fail when the interface changed (saying whether to bump the number)
#   scripts/check-abi.sh update   record the build's interface and number
# BUILD=.build/release to read another build (default .build/debug).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
build=${BUILD:-.build/debug}
dump=Sources/RootmailKit/kit-abi.txt
abi_source=Sources/RootmailKit/Sources/RootmailKit/PluginHost/PluginABI.swift
version=$(sed -n 's/.*static var kitVersion: Int32 { *\([0-9][0-9]*\) *}.*/\1/p' "$abi_source")
[ -n "$version" ] || { echo "check-abi: cannot read PluginABI.kitVersion from $abi_source" >&2; exit 2; }
[ -d "$build/Modules" ] || { echo "check-abi: no build in $build (run swift build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
swift-symbolgraph-extract -module-name RootmailKit -I "$build/Modules" -target "$(uname -m)-unknown-linux-gnu" \
  -minimum-access-level public -output-dir "$tmp" >/dev/null
{
  echo "kitVersion $version"
  python3 -c '
import json, sys
graph = json.load(open(sys.argv[1]))
for line in sorted({s["identifier"]["precise"] + "  " + ".".join(s["pathComponents"]) for s in graph["symbols"]}):
    print(line)' "$tmp/RootmailKit.symbols.json"
} >"$tmp/current.txt"

if [ "$mode" = update ]; then
  cp "$tmp/current.txt" "$dump"
  echo "check-abi: recorded kit ABI $version ($(($(wc -l <"$dump") - 1)) public symbols) in $dump"
  exit 0
fi
recorded=$( (head -n 1 "$dump" 2>/dev/null || true) | sed -n 's/^kitVersion //p')
if [ -f "$dump" ] && diff -q <(tail -n +2 "$dump") <(tail -n +2 "$tmp/current.txt") >/dev/null && [ "$recorded" = "$version" ]; then
  echo "check-abi: kit ABI $version, public interface unchanged"
  exit 0
fi
[ -f "$dump" ] && diff <(tail -n +2 "$dump") <(tail -n +2 "$tmp/current.txt") | grep '^[<>]' | head -n 20 || true
if [ "$recorded" = "$version" ]; then
  echo "check-abi: the kit's public interface changed but PluginABI.kitVersion is still $version:" \
    "bump it in $abi_source, then run 'make update-abi'" >&2
else
  echo "check-abi: PluginABI.kitVersion is $version, $dump records ${recorded:-nothing}: run 'make update-abi'" >&2
fi
exit 1
