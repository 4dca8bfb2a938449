#!/bin/sh
# run-long.sh BUILD [RUNS] [TARGET...]: runs each fuzz target of BUILD (a
# tree set up with -Dfuzzing=true) for RUNS executions (default 10 million),
# one after the other, under nice, from its seeds. What each found grows in
# BUILD/fuzz-corpus/<target>; crashing inputs land in BUILD/fuzz-artifacts.
# MAX_SECONDS, when set, also stops each target after that many seconds.
# Prints, per target, the executions, executions per second and seconds.
set -u

build=$1
runs=${2:-10000000}
shift $(( $# >= 2 ? 2 : 1 ))
targets=${*:-view-file shapefile geojson contributions feed}
here=$(cd "$(dirname "$0")" && pwd)
status=0

mkdir -p "$build/fuzz-artifacts"
for target in $targets; do
  corpus="$build/fuzz-corpus/$target"
  log="$build/fuzz-artifacts/$target.log"
  mkdir -p "$corpus"
  start=$(date +%s)
  nice -n 19 "$build/tests/fuzz/fuzz-$target" -runs="$runs" -max_total_time="${MAX_SECONDS:-0}" \
    -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$target-" \
    "$corpus" "$here/$target" >"$log" 2>&1 || status=1
  seconds=$(( $(date +%s) - start ))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if grep -q 'ERROR: libFuzzer\|ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error' "$log"; then
    result="FAILED (see $log)"
  else
    result="ok"
  fi
  echo "$target: ${executed:-?} executions, ${speed:-?} exec/s, ${seconds} s, $result"
done
exit $status
