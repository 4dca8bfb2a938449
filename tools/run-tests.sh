#!/usr/bin/env bash
# Runs the whole test suite of a build directory in one go: the core suite
# needs no display; the GUI suite runs in real windows under Xvfb.
set -uo pipefail

build=${1:-build}

exec xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
  meson test -C "$build" --print-errorlogs
