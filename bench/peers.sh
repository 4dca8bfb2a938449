#!/usr/bin/env bash
# Moisson beside its peers, on IGN's départements and communes, in one run:
# - the whole --export-png at 1600×1200 (read, reproject, draw, write) beside
#   QGIS headless (bench/peer-qgis.py) and geopandas (bench/peer-geopandas.py),
#   each drawing every feature in Lambert-93 (EPSG:2154) at 1600×1200;
# - load + reproject + index alone (bench-map --load-only) beside GDAL's bare
#   read into memory (ogr2ogr -f Memory), both as whole processes;
# - the peak memory of --export-png.
# Needs, for benchmarks only (not in tools/debian-packages.txt):
#   apt-get install -y python3-qgis python3-geopandas gdal-bin hyperfine
#   bench/peers.sh [BUILD_DIR]        RUNS=5 PEER_RUNS=3 by default
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shared=$top/../shared/data
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -d "$shared" ]; then
  echo "# ../shared/data is absent: no reference files to measure" >&2
  exit 0
fi
for tool in hyperfine ogr2ogr; do
  command -v $tool >/dev/null || { echo "# $tool is missing: apt-get install -y python3-qgis python3-geopandas gdal-bin hyperfine" >&2; exit 1; }
done
/usr/bin/python3 -c 'import qgis.core, geopandas' 2>/dev/null ||
  { echo "# python3-qgis or python3-geopandas is missing" >&2; exit 1; }

meson compile -C "$build" bench/bench-map src/moisson >/dev/null

median () {  # hyperfine JSON, command name → median in ms
  /usr/bin/python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["command"] == sys.argv[2]:
        print("%.0f" % (r["median"] * 1000))' "$1" "$2"
}

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u '+%F %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for file in "$shared/ign-departements/departements.shp" "$shared/ign-communes/communes.shp"; do
  name=$(basename "$file" .shp)
  hyperfine --runs "$peer_runs" --style none --export-json "$out/render.json" \
    -n moisson "'$build/src/moisson' --boundaries '$file' --export-png '$out/moisson.png'" \
    -n qgis "QT_QPA_PLATFORM=offscreen /usr/bin/python3 '$top/bench/peer-qgis.py' '$file' '$out/qgis.png'" \
    -n geopandas "/usr/bin/python3 '$top/bench/peer-geopandas.py' '$file' '$out/geopandas.png'" >/dev/null
  hyperfine --runs "$runs" --warmup 1 --style none --export-json "$out/load.json" \
    -n load "'$build/bench/bench-map' --load-only '$file'" \
    -n ogr2ogr "ogr2ogr -f Memory /vsimem/x '$file'" >/dev/null
  m=$(median "$out/render.json" moisson); q=$(median "$out/render.json" qgis); g=$(median "$out/render.json" geopandas)
  l=$(median "$out/load.json" load); o=$(median "$out/load.json" ogr2ogr)
  rss=$(/usr/bin/time -f %M "$build/src/moisson" --boundaries "$file" --export-png "$out/moisson.png" 2>&1 >/dev/null | tail -1)
  awk -v n="$name" -v m="$m" -v q="$q" -v g="$g" -v l="$l" -v o="$o" -v rss="$rss" 'BEGIN {
    printf "%s: export-png %d ms, QGIS %d ms (%.1f× faster), geopandas %d ms (%.1f× faster)\n", n, m, q, q / m, g, g / m
    printf "%s: load %d ms, ogr2ogr -f Memory %d ms (ratio %.2f); export-png peak RSS %.0f MB\n", n, l, o, l / o, rss / 1024 }'
done
