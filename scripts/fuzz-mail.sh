#!/usr/bin/env bash
# Fuzzes the mail parse path with libFuzzer for SECONDS (default 60): builds
# .build/fuzz/rootmail-fuzz-mail from Plugins/Mail's and Sources/RootmailMIME's sources and Fuzz/MailParse with
# `swiftc -sanitize=fuzzer,address` against the debug kit, seeds a corpus from the mail fixtures
# and from Fuzz/deep_seeds.py (deep multipart, message/rfc822 and HTML nesting, many links,
# control runs, long attachment names), mutates with Fuzz/MailParse/mail.dict, and runs it at
# low priority. Crashes are written to .build/fuzz/crashes/.
# MODE `address` fuzzes the To field's value alone (ROOTMAIL_FUZZ_MAIL=address), seeded from
# Fuzz/MailParse/address-seeds; the whole-mail mode also gets Fuzz/MailParse/seeds (nesting-heavy
# address fields: groups, comments, angles, routes, an attached message's header).
# Usage: scripts/fuzz-mail.sh [SECONDS] [mail|address] [extra libFuzzer flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
mode=${1:-mail}
case $mode in mail | address) shift || true ;; -*) mode=mail ;; *) echo "unknown mode $mode" >&2; exit 64 ;; esac
bin=$PWD/.build/debug
[ -f "$bin/libRootmailKit.so" ] && [ -d "$bin/Modules" ] || swift build >/dev/null
out=.build/fuzz
corpus=$out/corpus
[ "$mode" = address ] && corpus=$out/corpus-address
mkdir -p "$corpus" "$out/crashes"
cflags=()
for f in $(pkg-config --cflags gmime-3.0 libxml-2.0); do
  case "$f" in -pthread) ;; *) cflags+=(-Xcc "$f") ;; esac
done
nice -n 19 swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name RootmailFuzzMail \
  -I "$bin/Modules" -I Sources/CGMime -I Sources/CLibXML2 "${cflags[@]}" \
  -L "$bin" -lRootmailKit -Xlinker -rpath="$bin" $(pkg-config --libs gmime-3.0 libxml-2.0) \
  Plugins/Mail/*.swift Sources/RootmailMIME/*.swift Fuzz/MailParse/main.swift -o "$out/rootmail-fuzz-mail" 2>&1 | { grep -v "Cannot export local symbol" || true; }
# Seeds: the AWS fixtures, the test mails, the deep ones and the nesting-heavy ones (address
# mode: its own).
if [ "$mode" = address ]; then
  seeds=Fuzz/MailParse/address-seeds
else
  seeds=Fuzz/MailParse/seeds
  for f in Tests/Fixtures/mail/*.eml Tests/MailTests/Mails/*.eml; do
    [ -f "$f" ] && cp -n "$f" "$corpus/seed-$(basename "$f")"
  done
  python3 Fuzz/deep_seeds.py mail "$out/deep-mail"
  seeds="$seeds $out/deep-mail"
fi
# shellcheck disable=SC2086
ROOTMAIL_FUZZ_MAIL=$mode exec nice -n 19 "$out/rootmail-fuzz-mail" "$corpus" $seeds -dict=Fuzz/MailParse/mail.dict \
  -max_total_time="$seconds" -max_len=65536 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 -rss_limit_mb=1024 "$@"
