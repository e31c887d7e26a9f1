#!/usr/bin/env bash
# The HTTP benchmark of docs/benchmarks.md ("homeboard serve"): one user, a page of 20 bookmarks
# widgets x 50 bookmarks built through the API, then with wrk (Debian's):
#   1. expanded   GET /api/v1/pages/{id}?expand=all, paced at ~500 requests/s
#   2. saturated  the same GET as fast as the server answers (connections: $HB_WRK_CONNECTIONS)
#   3. mixed      80% that GET, 20% POST of a new bookmark into a widget of another page, paced
#   4. browser    the paced GET with a browser's Accept-Encoding (the server answers gzip)
# Each prints wrk's latency distribution and the non-2xx count; the server's peak RSS comes last.
# Pacing: wrk has no constant-rate mode (that is wrk2, not in Debian); each connection waits
# `delay` ms between requests (pace.lua), so N connections give about N / (delay + latency) req/s.
#
# Usage: bench/http/run-wrk.sh [HOMEBOARD_BINARY]   (default build/release/src/cli/homeboard)
#   --store dynamodb: set HB_STORE_ARGS="--endpoint http://127.0.0.1:PORT" (tables must exist).
#   Extra `serve` options: HB_SERVE_ARGS, e.g. "--page-cache-mb 0" to measure every request
#   loading and rendering the page (the first view after each change).
# Environment: HB_WRK_DURATION (default 30s), HB_WRK_CONNECTIONS (default 32), HB_PORT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
hb="${1:-$root/build/release/src/cli/homeboard}"
duration="${HB_WRK_DURATION:-30s}"
connections="${HB_WRK_CONNECTIONS:-32}"
port="${HB_PORT:-18181}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
export HOMEBOARD_DATA="$work/bench.db"
store_args=(${HB_STORE_ARGS:-})
serve_args=(${HB_SERVE_ARGS:-})
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$hb" init-db "${store_args[@]}" >/dev/null
name="wrk$RANDOM"
printf "correct horse battery staple\n" | "$hb" user add "$name" --password-stdin "${store_args[@]}" >/dev/null
token="$("$hb" token create --user "$name" --name wrk "${store_args[@]}")"
"$hb" serve --listen "127.0.0.1:$port" --no-rate-limits "${serve_args[@]}" "${store_args[@]}" \
  2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

api() {  # METHOD PATH [JSON] -> body on stdout
  curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

page="$(api POST /api/v1/pages '{"title":"Measured"}' | field "['id']")"
for w in $(seq 1 20); do
  widget="$(api POST "/api/v1/pages/$page/widgets" \
    "{\"kind\":\"bookmarks\",\"title\":\"Links $w\",\"column\":$((w % 4))}" | field "['id']")"
  batch="$(python3 -c "import json; print(json.dumps({'bookmarks': [{'url': 'https://site%d.example.com/a/%d' % (i % 97, i), 'title': 'Bookmark %d of widget $w' % i} for i in range(50)]}))")"
  api POST "/api/v1/pages/$page/widgets/$widget/bookmarks:batch" "$batch" >/dev/null
done
other="$(api POST /api/v1/pages '{"title":"Writes"}' | field "['id']")"
target="$(api POST "/api/v1/pages/$other/widgets" '{"kind":"bookmarks","title":"Inbox"}' | field "['id']")"
bytes="$(api GET "/api/v1/pages/$page?expand=all" | wc -c)"
echo "page $page: 20 widgets x 50 bookmarks, $bytes bytes expanded; store: ${store_args[*]:-sqlite};" \
  "serve options: ${serve_args[*]:-none}"

export HB_TOKEN="$token" HB_PAGE="$page" HB_OTHER_PAGE="$other" HB_TARGET_WIDGET="$target"
echo; echo "== expanded page, paced (16 connections, 30 ms apart: ~500 req/s)"
HB_DELAY_MS=30 HB_WRITE_PERCENT=0 wrk -t2 -c16 -d"$duration" --latency -s "$here/pace.lua" "$base"
echo; echo "== expanded page, saturated ($connections connections)"
HB_DELAY_MS=0 HB_WRITE_PERCENT=0 wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/pace.lua" "$base"
echo; echo "== mixed 80% read / 20% write, paced (16 connections, 30 ms apart)"
HB_DELAY_MS=30 HB_WRITE_PERCENT=20 wrk -t2 -c16 -d"$duration" --latency -s "$here/pace.lua" "$base"
echo; echo "== expanded page as a browser asks for it (Accept-Encoding: gzip, deflate, br), paced"
HB_DELAY_MS=30 HB_WRITE_PERCENT=0 HB_ACCEPT_ENCODING="gzip, deflate, br" \
  wrk -t2 -c16 -d"$duration" --latency -s "$here/pace.lua" "$base"
echo; grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status" | sed 's/^/server /'
