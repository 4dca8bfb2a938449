#!/usr/bin/env bash
# The real window under Xvfb: start-up beside another GTK 4 app, then the
# window with a national feed of 100,000 initiatives (start to a usable map,
# a search typed letter by letter, peak memory), then the map alone.
#   bench/window.sh [BUILD_DIR]      RUNS=9 by default, GSK_RENDERER as set
# The reference app is gnome-text-editor (apt-get install gnome-text-editor),
# skipped when absent.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
runs=${RUNS:-9}
feed=/tmp/moisson-bench-window.json

meson compile -C "$build" bench/bench-window bench/bench-startup bench/bench-feed src/moisson >/dev/null
# The app's settings fresh for every run, the user's left alone.
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory MOISSON_DATADIR=$top/data
"$build/bench/bench-feed" --generate 100000 "$feed"

in_x () {
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$@" 2>&1 | grep -v -e dbus-daemon -e SpiRegistry
}

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg), GSK_RENDERER=${GSK_RENDERER:-default}"
reference=()
if command -v gnome-text-editor >/dev/null; then
  reference=("gnome-text-editor --standalone --ignore-session")
fi
in_x "$build/bench/bench-startup" "$runs" "$build/src/moisson" "${reference[@]}"

echo "## the window with $(du -m "$feed" | cut -f1) MB of feed ($(stat -c %s "$feed") bytes)"
in_x "$build/bench/bench-window" "$feed"
echo "## the window with the map alone"
in_x "$build/bench/bench-window"
rm -f "$feed"
