#!/usr/bin/env bash
# Runs a command with no network but loopback: in a network namespace of its own (unshare --net,
# as root) where only `lo` is up. 127.0.0.0/8 works as usual (moto, nginx, NSD on 127.0.x.y:53),
# but a packet meant for anywhere else fails at once ("Network is unreachable", no DNS) instead of
# leaving the machine, so a test that would reach the internet fails rather than passing by luck.
# `make test` runs the build and the tests through this, after the installs.
# Usage: scripts/offline.sh command [argument…]
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: scripts/offline.sh command [argument…]" >&2
  exit 64
fi
# As root, a network namespace; otherwise a user namespace too (mapped to root inside, so `lo`
# can be brought up), where the system allows unprivileged ones. The tests need real root.
namespace=(--net)
[ "$(id -u)" -eq 0 ] || namespace=(--net --map-root-user)
if ! unshare "${namespace[@]}" true 2>/dev/null; then
  echo "scripts/offline.sh: cannot make a network namespace (unshare ${namespace[*]}): run as root" >&2
  exit 77
fi
exec unshare "${namespace[@]}" -- sh -c 'ip link set lo up && exec "$@"' offline "$@"
