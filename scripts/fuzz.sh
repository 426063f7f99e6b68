#!/usr/bin/env bash
# Fuzzes one of rootmail's parsers of outside input with libFuzzer:
#   scripts/fuzz.sh TARGET SECONDS      TARGET: json, toml, ini, xml or csv
# Builds .build/fuzz/rootmail-fuzz with `swiftc -sanitize=fuzzer` from the parser sources and
# Fuzz/Parsers/Harness.swift, seeds the corpus .build/fuzz/corpus-TARGET from Fuzz/Parsers/seeds/TARGET
# and from Fuzz/deep_seeds.py (nesting under, at and far past each parser's bound, open
# containers, long runs), mutates with the dictionary Fuzz/Parsers/dicts/TARGET.dict, runs
# for SECONDS (at low priority) and prints the executions and findings. A crash input is kept
# as .build/fuzz/crash-TARGET-*; reproduce it with `.build/fuzz/rootmail-fuzz FILE`.
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh json|toml|ini|xml|csv SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
case $target in json | toml | ini | xml | csv) ;; *) echo "unknown target $target" >&2; exit 64 ;; esac
cd "$(dirname "$0")/.."
kit=Sources/RootmailKit/Sources/RootmailKit
sources=(
  Fuzz/Parsers/Harness.swift
  $kit/Support/JSONValue.swift $kit/Support/JSONWriter.swift $kit/Support/TerminalSafe.swift $kit/Support/StringTrimming.swift
  $kit/Support/Timestamp.swift $kit/Config/TOMLDocument.swift $kit/AWS/Credentials/INIFile.swift
  $kit/AWS/Protocols/XMLElement.swift $kit/Store/MappingCSV.swift $kit/Store/MappingRecord.swift
)
out=.build/fuzz
binary=$out/rootmail-fuzz
mkdir -p "$out"
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" -newer "$binary" 2>/dev/null)" ]; then
  echo "fuzz: building $binary" >&2
  nice -n 19 swiftc -sanitize=fuzzer -parse-as-library -swift-version 6 -O -g -module-name RootmailFuzz \
    "${sources[@]}" -o "$binary"
fi
corpus=$out/corpus-$target
deep=$out/deep-$target
mkdir -p "$corpus"
python3 Fuzz/deep_seeds.py "$target" "$deep"
log=$out/fuzz-$target.log
echo "fuzz: $target for $seconds s (corpus $corpus, log $log)" >&2
status=0
# A 1 MiB stack instead of 8: recursion without a bound then overflows at depths that fit in
# -max_len (the old TOML reader crashed on the 30,000-deep seed only with it; the -O build's
# frames are small), while every bounded parser stays far below it.
ulimit -s 1024
ROOTMAIL_FUZZ_TARGET=$target nice -n 19 "$binary" "$corpus" "Fuzz/Parsers/seeds/$target" "$deep" \
  -dict="Fuzz/Parsers/dicts/$target.dict" -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$out/crash-$target-" >"$log" 2>&1 || status=$?
runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
crashes=$(find "$out" -maxdepth 1 -name "crash-$target-*" | wc -l)
echo "fuzz: $target: ${runs:-?} executions in $seconds s, exit $status, crash files: $crashes"
grep -E '^(==|SUMMARY|Fatal error|.*error:)' "$log" | head -5 || true
exit $status
