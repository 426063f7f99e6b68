#!/usr/bin/env bash
# A plugin on the kit's public API keeps loading after an internal-only change of the kit.
#
# Takes the example plugins (CustomReceiver, Hello: public API only) and one of rootmail's own
# (Mappings: host interface too) as the current build made them, then builds a copy of the kit
# changed in its host interface alone (a stored property added to HostSession, which the host
# hands every command, and PluginABI.hostInterfaceVersion bumped as check-abi demands) and a
# host against that copy, without rebuilding any plugin. Passes when the example plugins still
# load and run, and the first-party plugin is refused by name rather than run on a kit whose
# internal layout it does not know.
#   scripts/check-plugin-compat.sh      (after swift build; BUILD=.build/release for another build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD:-.build/debug}
for plugin in CustomReceiver Hello Mappings; do
  [ -f "$build/libRootmailPlugin$plugin.so" ] || { echo "check-plugin-compat: no $build/libRootmailPlugin$plugin.so (run swift build)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins" "$work/cache"
cp "$build"/libRootmailPlugin{CustomReceiver,Hello,Mappings}.so "$work/plugins/"

# The kit, changed inside only, built on its own with the dependencies already checked out.
cp -r Sources/RootmailKit "$work/kit"
rm -rf "$work/kit/.build"
python3 - "$work/kit" "$root/.build/checkouts" <<'PY'
import re, sys
kit, checkouts = sys.argv[1], sys.argv[2]
manifest = kit + "/Package.swift"
text = open(manifest).read()
text = re.sub(r'\.package\(url: "https://github.com/apple/(swift-[a-z-]+)", from: "[^"]*"\)',
              lambda m: '.package(path: "%s/%s")' % (checkouts, m.group(1)), text)
open(manifest, "w").write(text)
source = kit + "/Sources/RootmailKit/"
session = source + "PluginHost/HostSession.swift"
text = open(session).read()
anchor = "@_spi(RootmailHost) public struct HostSession: Sendable {\n"
assert anchor in text, "HostSession moved: update scripts/check-plugin-compat.sh"
text = text.replace(anchor, anchor + "  public var compatibilityProbe: [UInt64] = [1, 2, 3]\n", 1)
open(session, "w").write(text)
abi = source + "PluginHost/PluginABI.swift"
text = open(abi).read()
text, count = re.subn(r"(static var hostInterfaceVersion: Int32 \{ *)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), text)
assert count == 1, "PluginABI.hostInterfaceVersion not found"
open(abi, "w").write(text)
PY
echo "check-plugin-compat: building a kit changed in its host interface only…"
swift build --package-path "$work/kit" --product RootmailKit >"$work/kit-build.log" 2>&1 ||
  { tail -n 30 "$work/kit-build.log" >&2; exit 1; }
changed="$work/kit/.build/debug"
swiftc -parse-as-library -module-name rootmail Sources/rootmail/main.swift -I "$changed/Modules" -L "$changed" \
  -lRootmailKit -Xlinker -rpath="$changed" -o "$work/rootmail" 2>"$work/host-build.log" ||
  swiftc -module-name rootmail Sources/rootmail/main.swift -I "$changed/Modules" -L "$changed" \
    -lRootmailKit -Xlinker -rpath="$changed" -o "$work/rootmail" ||
  { cat "$work/host-build.log" >&2; exit 1; }

run() { env -i PATH="$PATH" HOME="$work" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" \
  ROOTMAIL_PLUGIN_PATH="$work/plugins" ROOTMAIL_DOMAIN=example.com "$work/rootmail" "$@"; }
fail() { echo "check-plugin-compat: $*" >&2; exit 1; }

list=$(run plugins list --output json 2>"$work/stderr") || fail "plugins list failed: $(cat "$work/stderr")"
python3 - "$list" <<'PY' || fail "plugins list: $list"
import json, sys
rows = json.loads(sys.argv[1])
rows = rows if isinstance(rows, list) else rows.get("plugins", rows)
state = {row["name"]: row for row in rows}
assert "CustomReceiver" in state and "Hello" in state, "example plugins not listed"
for name in ("CustomReceiver", "Hello"):
    assert not state[name].get("refused"), name + " refused: " + str(state[name])
PY
grep -q "Mappings.*host interface" "$work/stderr" ||
  fail "the first-party plugin built before the change was not refused by its host interface: $(cat "$work/stderr")"
[ "$(run hello ops 2>/dev/null)" = "hello, ops from example.com" ] || fail "the example command does not run on the changed kit"
echo "check-plugin-compat: CustomReceiver and Hello (public API) load and run on a kit changed inside; Mappings (host interface) is refused"
