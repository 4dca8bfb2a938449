#!/usr/bin/env bash
# Runs the map benchmarks on the bundled file and, when ../shared/data is
# there, on the IGN départements and communes; GDAL's bare read of each file
# (ogr2ogr -f Memory) is timed in the same run as a peer. Then the feed
# benchmark, beside jq on the same file, and bench/peers.sh (QGIS,
# geopandas, GDAL) when those are installed.
#   bench/run.sh [BUILD_DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shared=$top/../shared/data
runs=${RUNS:-7}

meson compile -C "$build" bench/bench-map bench/bench-feed src/moisson >/dev/null

files=("$top/data/departements/departements.shp")
if [ -d "$shared" ]; then
  files+=("$shared/ign-departements/departements.shp" "$shared/ign-communes/communes.shp")
else
  echo "# ../shared/data is absent: only the bundled file is measured" >&2
fi

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%F)"
for file in "${files[@]}"; do
  "$build/bench/bench-map" "$file" "$runs"
  # Peak memory of a whole --export-png (load + reproject + index + render + write).
  /usr/bin/time -f "  export-png: %e s, peak RSS %M KB" \
    "$build/src/moisson" --boundaries "$file" --export-png /tmp/moisson-bench.png 2>&1 | tail -1
  if command -v ogr2ogr >/dev/null && command -v hyperfine >/dev/null; then
    hyperfine --runs "$runs" --warmup 1 --style none --export-json /tmp/moisson-ogr.json \
      "ogr2ogr -f Memory /vsimem/x '$file'" >/dev/null
    python3 -c 'import json; r = json.load(open("/tmp/moisson-ogr.json"))["results"][0]; print("  ogr2ogr -f Memory: median %.1f ms" % (r["median"] * 1000))'
  fi
done
rm -f /tmp/moisson-bench.png /tmp/moisson-ogr.json

# A generated feed of 100,000 initiatives: parse + validate + index, beside jq.
feed=/tmp/moisson-bench-feed.json
"$build/bench/bench-feed" --generate 100000 "$feed"
"$build/bench/bench-feed" "$feed" "$runs"
# Its located initiatives on the bundled map: clusters at three zooms.
"$build/bench/bench-map" "$top/data/departements/departements.shp" "$runs" "$feed" | sed -n '/^  feed=/,$p'
if command -v jq >/dev/null && command -v hyperfine >/dev/null; then
  hyperfine --runs 3 --style none --export-json /tmp/moisson-jq.json "jq . $feed" >/dev/null
  python3 -c 'import json; r = json.load(open("/tmp/moisson-jq.json"))["results"][0]; print("  jq . >/dev/null: median %.0f ms" % (r["median"] * 1000))'
fi
rm -f "$feed" /tmp/moisson-jq.json

if [ -d "$shared" ] && /usr/bin/python3 -c 'import qgis.core, geopandas' 2>/dev/null; then
  "$top/bench/peers.sh" "$build"
else
  echo "# peers skipped: apt-get install -y python3-qgis python3-geopandas gdal-bin hyperfine" >&2
fi
