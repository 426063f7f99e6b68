# shellcheck shell=bash
# Shared measuring for the bash benchmark scripts (source it); the work is in measure.py.
#   measure [--server NAME=PID]... [--repeat N] [--stdout F] [--stderr F] -- CMD...
#       sets elapsed, cpu, user, sys, rss (KB), server_cpu, status and summary (see measure.py).
#   measure_ok ... : the same, but prints CMD's stderr and exits if it failed.
#   profile_ours CMD... : with PROFILE=1, `perf record -g` of CMD and a top-20 of own symbols.
#   load_line LABEL : prints "LABEL load average: 1m 5m 15m".
# bench_load_start is the load average when the script sourced this file.
bench_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_load() { python3 "$bench_lib/measure.py" load; }
bench_load_start=$(bench_load)
measure() {
  local out
  out=$(python3 "$bench_lib/measure.py" run "$@") || { echo "measure failed: $*" >&2; exit 1; }
  eval "$out"
}
measure_ok() {
  local err
  err=$(mktemp)
  measure --stderr "$err" "$@"
  if [ "$status" -ne 0 ]; then echo "failed ($status): $*"; cat "$err"; rm -f "$err"; exit 1; fi
  bench_stderr=$(cat "$err"); rm -f "$err"
}
profile_ours() {
  [ "${PROFILE:-0}" = 1 ] || return 0
  echo "profile (PROFILE=1) of: $*"
  python3 "$bench_lib/measure.py" profile -- "$@" || echo "  (the profiled command failed)"
}
load_line() { printf '%s load average (1, 5, 15 min): %s\n' "$1" "$(bench_load)"; }
# At exit, the load at start and end, so every figure carries the load it was measured under.
bench_report_load() { printf 'load average (1, 5, 15 min): %s at start, %s at end\n' "$bench_load_start" "$(bench_load)"; }
