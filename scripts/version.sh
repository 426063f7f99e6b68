#!/usr/bin/env bash
# Prints the version packages are given, from git: `git describe` of the last tag v<x.y.z>
# (on the tag: 1.2.0; 3 commits after it: 1.2.0+git3.g<hash>), else, with no such tag, the
# source's own version with the last commit's date and hash (0.1.0~git20261202.g<hash>, which
# Debian orders before the release 0.1.0). Outside a git checkout: the source's version alone.
# Usage: scripts/version.sh
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(grep -rhoE 'public static let version = "[^"]+"' Sources | head -1 | sed 's/.*"\(.*\)"/\1/')
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "${base:-0.0.0}"
  exit 0
fi
if described=$(git describe --tags --match 'v[0-9]*' --abbrev=12 2>/dev/null); then
  echo "$described" | sed -E 's/^v//; s/-([0-9]+)-g([0-9a-f]+)$/+git\1.g\2/'
else
  echo "${base:-0.0.0}~git$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d).g$(git rev-parse --short=12 HEAD)"
fi
