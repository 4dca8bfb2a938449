#!/usr/bin/env bash
# valgrind-core.sh BUILD [TEST...]: runs the core tests of BUILD (a build
# without sanitizers), or only those named, under valgrind memcheck. A test fails on any memory error or
# any definite leak that tests/valgrind.supp and GLib's suppressions do not
# explain. Ends with one line: definitely lost, errors and suppressed.
set -uo pipefail

build=${1:-build}
shift $(( $# > 0 ? 1 : 0 ))
source_dir=$(cd "$(dirname "$0")/.." && pwd)
logs="$(cd "$build" && pwd)/valgrind"

# The C test programs of the core suite. /contributions/crash is skipped:
# it kills a forked writer at random moments to test crash safety, and
# under valgrind the writer is too slow to save anything in between; the
# same saving code runs in the other contribution tests. So is
# /contributions/two-processes: its forked writers end with _exit (), and
# valgrind counts what the parent's frames held in them as lost.
tests=(geometry projection viewport shapefile atlas render feed import filter contributions session cli)
if [ $# -gt 0 ]; then tests=("$@"); fi

rm -rf "$logs"
mkdir -p "$logs"
G_SLICE=always-malloc G_DEBUG=gc-friendly \
  meson test -C "$build" --no-rebuild --print-errorlogs --timeout-multiplier 10 \
  --test-args="-s /contributions/crash -s /contributions/two-processes" \
  --wrapper "valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
             --error-exitcode=1 --num-callers=30 --child-silent-after-fork=yes --trace-children=no
             --suppressions=/usr/share/glib-2.0/valgrind/glib.supp --suppressions=$source_dir/tests/valgrind.supp
             --log-file=$logs/%p.log" \
  "${tests[@]}"
status=$?

lost=$(cat "$logs"/*.log | sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' | tr -d , | awk '{s += $1} END {print s + 0}')
errors=$(grep -h "ERROR SUMMARY" "$logs"/*.log | sed 's/.*SUMMARY: \([0-9,]*\) errors.*/\1/' | tr -d , | awk '{s += $1} END {print s + 0}')
suppressed=$(grep -h "ERROR SUMMARY" "$logs"/*.log | sed 's/.*suppressed: \([0-9,]*\) from.*/\1/' | tr -d , | awk '{s += $1} END {print s + 0}')
if [ $status -ne 0 ]; then
  grep -L "ERROR SUMMARY: 0 errors" "$logs"/*.log | xargs -r cat
fi
echo "valgrind: ${lost} bytes definitely lost, ${errors} errors, ${suppressed} suppressed, over $(ls "$logs" | wc -l) processes"
exit $status
