#!/usr/bin/env bash
# Peak memory and time of --check-feed on two hostile feeds and a large
# valid one, the first two as a facilitator's laptop met them, beside an
# empty feed (what the command takes before any feed: the boundaries):
#   empty.json: no initiative;
#   tags.json   3 MB: one entry whose tags are a million empty objects;
#   wrong.json 40 MB: 600,000 entries, each with three problems;
#   valid.json 65 MB: bench-feed's 100,000 initiatives.
# Usage: bench/hostile-feeds.sh BUILD_DIR [OTHER_BUILD_DIR]
set -euo pipefail

builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(build)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
with open(work + "/empty.json", "w") as f:
    f.write('{"initiatives": []}')
with open(work + "/tags.json", "w") as f:
    f.write('{"initiatives": [{"id": "x", "title": "t", "departements": ["26"], "tags": ['
            + ",".join(["{}"] * 1000000) + "]}]}")
with open(work + "/wrong.json", "w") as f:
    f.write('{"initiatives": [' + ",".join(
        '{"id": "e%d", "title": 5, "departements": ["zz"], "year": "x"}' % i for i in range(600000)) + "]}")
PY
"${builds[0]}/bench/bench-feed" --generate 100000 "$work/valid.json"

for feed in empty tags wrong valid; do
  for build in "${builds[@]}"; do
    size=$(stat -c %s "$work/$feed.json")
    /usr/bin/time -f "%e %M" -o "$work/time" "$build/src/moisson" --check-feed "$work/$feed.json" > /dev/null
    read -r seconds kilobytes < "$work/time"
    awk -v f="$feed" -v b="$build" -v s="$size" -v t="$seconds" -v k="$kilobytes" \
      'BEGIN { printf "%-6s %-24s %6.1f MB  %6.2f s  peak %7.1f MB", f, b, s / 1e6, t, k / 1024;
              if (s > 1e6) printf "  (%.1f× the file)", k * 1024 / s; printf "\n" }'
  done
done
