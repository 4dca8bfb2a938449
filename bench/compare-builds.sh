#!/usr/bin/env bash
# Times the same commands with two builds, alternated run by run so that
# both see the same machine, and prints each one's median wall time.
#   bench/compare-builds.sh OLD_BUILD NEW_BUILD [RUNS]
# The commands: --export-png of the bundled boundaries and, when ../shared
# is there, of IGN's départements and communes (each loads the boundaries
# and the bundled feed, and draws); --check-feed of bench-feed's 100,000
# initiatives (the load of a feed).
set -euo pipefail

old=$1
new=$2
runs=${3:-11}
top=$(cd "$(dirname "$0")/.." && pwd)
shared=$top/../shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$new/bench/bench-feed" --generate 100000 "$work/feed.json"
cases=("export-png bundled|--boundaries $top/data/departements/departements.shp --export-png $work/out.png")
if [ -d "$shared" ]; then
  cases+=("export-png IGN départements|--boundaries $shared/ign-departements/departements.shp --export-png $work/out.png")
  cases+=("export-png IGN communes|--boundaries $shared/ign-communes/communes.shp --export-png $work/out.png")
fi
cases+=("check-feed 100,000 initiatives|--check-feed $work/feed.json")

echo "# $(nproc) cores, $(date -u '+%F %H:%M UTC'), $runs runs each, alternated"
for case in "${cases[@]}"; do
  name=${case%%|*}
  read -r -a args <<< "${case#*|}"
  : > "$work/old.times"
  : > "$work/new.times"
  for ((i = 0; i < runs; i++)); do
    for which in old new; do
      build=${!which}
      start=$(date +%s%N)
      MOISSON_DATADIR=$top/data "$build/src/moisson" "${args[@]}" > /dev/null 2>&1
      echo $(( ($(date +%s%N) - start) / 1000 )) >> "$work/$which.times"
    done
  done
  /usr/bin/python3 - "$name" "$work/old.times" "$work/new.times" <<'PY'
import statistics, sys
name, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
o = [int(l) / 1000 for l in open(old)]
n = [int(l) / 1000 for l in open(new)]
diffs = [b - a for a, b in zip(o, n)]
print("%-32s old %8.1f ms   new %8.1f ms   new − old, paired median %+7.1f ms"
      % (name, statistics.median(o), statistics.median(n), statistics.median(diffs)))
PY
done
