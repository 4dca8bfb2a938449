#!/usr/bin/env bash
# Load on moisson-server, on 127.0.0.1, in a PostgreSQL 15 cluster made for
# the run (pg_virtualenv) — never part of the test suite:
#   1. 50 clients × 200 contributions each, every one sent until it is
#      acknowledged; then the rows are counted: none may be lost;
#   2. GET /feed.json with 10,000 accepted entries, answered 200 and 304,
#      beside nginx serving the same bytes as a static file, in the same run.
#   bench/server.sh [BUILD_DIR]      (nginx: apt-get install nginx)
# Results: docs/BENCHMARKS.md.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
meson compile -C "$build" src/server/moisson-server:executable bench/bench-server >/dev/null

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 "$0" "$build"
fi

clients=${CLIENTS:-50}
posts=${POSTS:-200}
entries=${ENTRIES:-10000}
get_clients=${GET_CLIENTS:-8}
gets=${GETS:-500}
work=$(mktemp -d /tmp/moisson-bench-server.XXXXXX)
port=18480
nginx_port=18481
server_pids=()
cleanup () {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

start_servers () {   # N: processes sharing the port
  for _ in $(seq "$1"); do
    "$build/src/server/moisson-server" --database "postgresql:///bench" --listen "127.0.0.1:$port" \
      --rate-limit 0 2>>"$work/server.log" &
    server_pids+=($!)
  done
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.05; done
}
stop_servers () {
  for pid in "${server_pids[@]}"; do
    if ! kill "$pid" 2>/dev/null; then
      echo "server $pid had stopped:"; grep -v '" [0-9]* [0-9.]* ms$' "$work/server.log" | tail -5
    fi
    wait "$pid" || true
  done
  server_pids=()
}

echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), PostgreSQL $(psql -Atc 'SHOW server_version'), $(date -u +%F)"

for processes in 1 2; do
  psql -q -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
  start_servers "$processes"
  echo "## POST /contributions: $clients clients × $posts, $processes server process(es)"
  "$build/bench/bench-server" post "http://127.0.0.1:$port" "$clients" "$posts" "run$processes"
  stored=$(psql -d bench -Atc "SELECT count (*) FROM contributions")
  echo "stored: $stored of $((clients * posts)); lost: $((clients * posts - stored))"
  stop_servers
done

# 10,000 accepted entries, as moderators would have left them.
psql -q -d bench <<SQL
INSERT INTO contributions (initiative, revision, address, body, state, decided)
  SELECT 'feed-' || i, 1, '127.0.0.1',
         jsonb_build_object ('id', 'feed-' || i, 'title', 'Initiative ' || i,
                             'departements', jsonb_build_array (lpad ((1 + i % 95)::text, 2, '0')),
                             'summary', 'Une initiative publiée, pour mesurer le flux.',
                             'kind', 'project', 'status', 'running', 'year', 2020 + i % 6),
         'accepted', now ()
  FROM generate_series (1, $entries) AS i;
INSERT INTO entries (initiative, contribution, revision, body)
  SELECT initiative, number, revision, body FROM contributions WHERE initiative LIKE 'feed-%';
UPDATE feed_state SET version = version + 1, changed = date_trunc ('second', now ());
SQL
start_servers 1
url="http://127.0.0.1:$port/feed.json"
curl -s -D "$work/headers" -o "$work/feed.json" "$url"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/Ip' "$work/headers")
echo "## GET /feed.json: $entries entries, $(stat -c %s "$work/feed.json") bytes, $get_clients clients × $gets"
echo -n "moisson-server 200: "; "$build/bench/bench-server" get "$url" "$get_clients" "$gets"
echo -n "moisson-server 304: "; "$build/bench/bench-server" get "$url" "$get_clients" "$gets" "$etag"

if command -v nginx >/dev/null; then
  mkdir -p "$work/www"
  cp "$work/feed.json" "$work/www/feed.json"
  cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; }
}
NGINX
  nginx -c "$work/nginx.conf"
  until curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/feed.json"; do sleep 0.05; done
  nginx_url="http://127.0.0.1:$nginx_port/feed.json"
  nginx_etag=$(curl -s -D - -o /dev/null "$nginx_url" | sed -n 's/^ETag: \(.*\)\r$/\1/Ip')
  echo -n "nginx static 200:   "; "$build/bench/bench-server" get "$nginx_url" "$get_clients" "$gets"
  echo -n "nginx static 304:   "; "$build/bench/bench-server" get "$nginx_url" "$get_clients" "$gets" "$nginx_etag"
else
  echo "# nginx is not installed: apt-get install nginx to measure it beside"
fi
stop_servers
