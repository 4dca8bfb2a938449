#!/bin/sh
# run-fuzzer.sh FUZZER SEEDS SECONDS: runs every seed, then fresh mutations
# for SECONDS. New inputs go to a scratch folder, never into the committed
# seeds; a crashing input is kept in the current folder as <fuzzer>-crash-*.
set -eu

fuzzer=$1
seeds=$2
seconds=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# libFuzzer's own exit code on a crash is 77, which meson reads as a skip:
# a crash must fail the test.
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$PWD/$(basename "$fuzzer")-" "$scratch" "$seeds"
