#!/usr/bin/env bash
# The quick start's main job on the embedded default: vend an address into the SQLite store.
# No AWS account needed. Uses a throw-away data folder unless ROOTMAIL_DEMO_DATA names one,
# so it can run again and again without touching your own store: your config file, cache and
# ROOTMAIL_* settings (a `store` naming your DynamoDB table, say) are left out, the store is
# named explicitly.
set -euo pipefail
bin=$1
data=${ROOTMAIL_DEMO_DATA:-}
kept="kept"
if [ -z "$data" ]; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  kept="a throw-away store; set ROOTMAIL_DEMO_DATA=<folder> to keep it"
fi
domain=${ROOTMAIL_DOMAIN:-example.com}
for name in $(compgen -e); do
  case $name in ROOTMAIL_*) unset "$name" ;; esac
done
mkdir -p "$data/rootmail"
export XDG_DATA_HOME=$data XDG_CONFIG_HOME=$data/config XDG_CACHE_HOME=$data/cache
export ROOTMAIL_DOMAIN=$domain ROOTMAIL_STORE=sqlite:$data/rootmail/rootmail.sqlite
"$bin" --version
addr=$("$bin" vend --owner "${USER:-root}@example.com" --account-type IT --tag Purpose=demo)
echo "$addr"
echo "vended $addr into $data/rootmail/rootmail.sqlite ($kept); its mapping:" >&2
"$bin" mappings get "$addr" >&2
