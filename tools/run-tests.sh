#!/usr/bin/env bash
# Runs the whole test suite of a build directory in one go: the core suite
# needs no display; the GUI suite runs in real windows under Xvfb. Further
# arguments go to meson test (e.g. --suite fuzz).
set -uo pipefail

build=${1:-build}
shift $(( $# > 0 ? 1 : 0 ))
source_dir=$(cd "$(dirname "$0")/.." && pwd)

# Read only by a build with -Db_sanitize=address,undefined: leaks of
# third-party caches suppressed, any undefined behaviour fails the test.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$source_dir/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

exec xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
  meson test -C "$build" --print-errorlogs "$@"
