#!/usr/bin/env bash
# Fuzzes the mail parse path with libFuzzer for SECONDS (default 60): builds
# .build/fuzz/rootmail-fuzz-mail from Plugins/Mail's and Sources/RootmailMIME's sources and Fuzz/MailParse with
# `swiftc -sanitize=fuzzer,address` against the debug kit, seeds a corpus from the mail fixtures
# and from Fuzz/deep_seeds.py (deep multipart, message/rfc822 and HTML nesting, many links,
# control runs, long attachment names), mutates with Fuzz/MailParse/mail.dict, and runs it at
# low priority. Crashes are written to .build/fuzz/crashes/.
# Usage: scripts/fuzz-mail.sh [SECONDS] [extra libFuzzer flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bin=$PWD/.build/debug
[ -f "$bin/libRootmailKit.so" ] && [ -d "$bin/Modules" ] || swift build >/dev/null
out=.build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
cflags=()
for f in $(pkg-config --cflags gmime-3.0 libxml-2.0); do
  case "$f" in -pthread) ;; *) cflags+=(-Xcc "$f") ;; esac
done
nice -n 19 swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name RootmailFuzzMail \
  -I "$bin/Modules" -I Sources/CGMime -I Sources/CLibXML2 "${cflags[@]}" \
  -L "$bin" -lRootmailKit -Xlinker -rpath="$bin" $(pkg-config --libs gmime-3.0 libxml-2.0) \
  Plugins/Mail/*.swift Sources/RootmailMIME/*.swift Fuzz/MailParse/main.swift -o "$out/rootmail-fuzz-mail" 2>&1 | { grep -v "Cannot export local symbol" || true; }
# Seeds: the shared AWS fixtures and the test mails.
for f in ../shared/fixtures/mail/*.eml Tests/MailTests/Mails/*.eml; do
  [ -f "$f" ] && cp -n "$f" "$out/corpus/seed-$(basename "$f")"
done
python3 Fuzz/deep_seeds.py mail "$out/deep-mail"
exec nice -n 19 "$out/rootmail-fuzz-mail" "$out/corpus" "$out/deep-mail" -dict=Fuzz/MailParse/mail.dict \
  -max_total_time="$seconds" -max_len=65536 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 -rss_limit_mb=1024 "$@"
