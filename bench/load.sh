#!/usr/bin/env bash
# Load test (issue 5): `make serve` (gunicorn, DEBUG off) on PostgreSQL with the demo data, then
# wrk with 50 connections for 30 s across the overview, the tracker, filtered lists, a detail
# page and a CSV. Prints requests/s, p50/p95/p99 latency and every error; exits 1 on any socket
# error or any answer other than 200.
#
#   bench/load.sh                                   # database markaz_load, port 8108
#   REDIS_URL=redis://127.0.0.1:6379/1 bench/load.sh  # the same with the shared page cache
#   CONNECTIONS=100 DURATION=60s PORT=8200 DATABASE_URL=postgres://... bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8108}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-30s}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/markaz_load}
export SECRET_KEY=${SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=127.0.0.1 DEBUG=0
base="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
make install >/dev/null

echo "== demo data in ${DATABASE_URL##*/}"
server_db="${DATABASE_URL%/*}/postgres"
if ! psql "$server_db" -qtAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_URL##*/}'" \
    | grep -q 1; then
    psql "$server_db" -qc "CREATE DATABASE \"${DATABASE_URL##*/}\""
fi
.venv/bin/python manage.py migrate --no-input --verbosity 0
.venv/bin/python manage.py import_registry registry/fixtures/demo/*.csv

echo "== make serve on port $PORT"
log=$(mktemp)
setsid make serve PORT="$PORT" >"$log" 2>&1 &
server=$!
lua=$(mktemp --suffix=.lua)
trap 'kill -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$lua"' EXIT
for _ in $(seq 90); do curl -fs "$base/healthz" >/dev/null && break; sleep 1; done
curl -fs "$base/healthz" >/dev/null || { cat "$log"; echo "the server did not start"; exit 1; }

detail=$(sed -n 2p registry/fixtures/demo/centres.csv | cut -d, -f1)
paths=(
    "/"
    "/progress/"
    "/centres/?province=PB&status=operational&sort=-workers"
    "/parks/?status=operational&sort=city"
    "/companies/?sector=software&q=soft"
    "/cities/?province=SD"
    "/centres/$detail/"
    "/centres/export.csv?province=PB"
)
for path in "${paths[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
    [ "$status" = 200 ] || { echo "$path answered $status before the test"; exit 1; }
done

{
    printf 'local paths = {'
    printf '"%s", ' "${paths[@]}"
    printf '}\n'
    cat <<'LUA'
local threads = {}
local i = 0

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    not_ok = 0
    server_errors = 0
end

function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end

function response(status, headers, body)
    if status ~= 200 then not_ok = not_ok + 1 end
    if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
    local not_ok_total, server_total = 0, 0
    for _, thread in ipairs(threads) do
        not_ok_total = not_ok_total + thread:get("not_ok")
        server_total = server_total + thread:get("server_errors")
    end
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format("requests       %d in %.1f s\n", summary.requests, seconds))
    io.write(string.format("requests/s     %.1f\n", summary.requests / seconds))
    for _, p in ipairs({50, 95, 99}) do
        io.write(string.format("p%-13d %.1f ms\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("max            %.1f ms\n", latency.max / 1000))
    io.write(string.format("socket errors  connect %d, read %d, write %d, timeout %d\n",
        e.connect, e.read, e.write, e.timeout))
    io.write(string.format("not 200        %d (5xx: %d)\n", not_ok_total, server_total))
    local failed = e.connect + e.read + e.write + e.timeout + not_ok_total
    io.write(failed == 0 and "RESULT ok\n" or "RESULT failed\n")
end
LUA
} >"$lua"

echo "== wrk: $CONNECTIONS connections for $DURATION across ${#paths[@]} URLs"
printf '   %s\n' "${paths[@]}"
result=$(wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s \
    --script "$lua" "$base")
echo "$result" | sed -n '/^requests /,$p'
echo "$result" | grep -q '^RESULT ok' || { tail -n 20 "$log"; exit 1; }
