#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# vigil serve under load (docs/server.md, "Limits and figures"):
#  - a store of 10,000 devices over 100 releases (rows written with
#    sqlite3 into the store's inventory tables, organisation 1, after
#    `vigil serve --init-admin` created it) and 20,000 generated OSV
#    advisories;
#  - an SBOM of 5,000 components uploaded and scanned (target < 2 s);
#  - wrk on loopback against read endpoints (target >= 5,000 requests/s,
#    p99 < 20 ms), token-authenticated, rate limit off: each URL repeated
#    (answered from the cache after the first); then again with the answer
#    cache off (VIGIL_CACHE_TTL_MS=0), every answer computed, including
#    device-list pages at random cursors (keyset) and random offsets;
#  - the server's peak RSS (target < 200 MB).
# Usage: bench/run build/vigil serve   (or VIGIL=... sh bench/bench_serve.sh)
set -eu
VIGIL=${VIGIL:-build/vigil}
here=$(cd "$(dirname "$0")" && pwd)
T=${BENCH_TMP:-$(mktemp -d)}
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
THREADS=${THREADS:-4}
CONNS=${CONNS:-32}
DUR=${DUR:-10s}
for t in wrk curl sqlite3 jq; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 0; }
done
DB=$T/serve.db
rm -f "$DB"*
$PY "$here/gen_feed.py" osv 20000 "$T/osv.json" >/dev/null
$PY "$here/gen_scan_sbom.py" 5000 "$T/sbom5k.json" >/dev/null
"$VIGIL" db import -q --db "$DB" "$T/osv.json"
TOK=$("$VIGIL" serve --init-admin bench@example.test --org Bench --db "$DB")
sqlite3 "$DB" <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO device_release (org, manufacturer, model, release, stage, released, eol, eos, created)
SELECT 1, 'Bench', 'Model ' || (i % 20), '1.' || i,
  CASE i % 4 WHEN 0 THEN 'supported' WHEN 1 THEN 'limited_support'
    WHEN 2 THEN 'end_of_support' ELSE 'development' END,
  '2020-01-01', '2028-01-01', '2030-01-01', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO installed_device (org, name, serial, location, rid, controls, created)
SELECT 1, 'dev-' || i, 'SN' || i, 'Ward ' || (i % 50), 1 + i % 100, 0,
  '2026-01-01T00:00:00Z' FROM n;
COMMIT;
SQL
"$VIGIL" serve -q --listen 127.0.0.1:0 --port-file "$T/port" --db "$DB" \
    --threads "$THREADS" --rate 0 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
while [ ! -s "$T/port" ]; do sleep 0.05; done
B=http://127.0.0.1:$(cat "$T/port")
H="Authorization: Bearer $TOK"

echo "-- upload and scan of a 5,000-component SBOM (3 runs)"
for i in 1 2 3; do
	curl -s -o "$T/up.json" -w "%{http_code} %{time_total}s\n" -H "$H" \
	    --data-binary @"$T/sbom5k.json" "$B/api/v1/releases/$i/sboms"
	jq -c '{components, findings, vulnerabilities, coverage}' "$T/up.json"
done

for path in /healthz "/api/v1/devices?limit=50" "/api/v1/devices?location=Ward%207&sort=name" \
    /api/v1/devices/5000 "/api/v1/releases?limit=100" "/api/v1/findings?limit=50" \
    "/api/v1/affected?id=CVE-2020-0001&limit=50" /api/v1/overview; do
	echo "-- wrk -t2 -c$CONNS -d$DUR $path"
	wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "$H" "$B$path" |
	    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
done
echo "-- server memory (answer cache on): $(grep -E 'VmHWM' /proc/$PID/status | tr -s ' ')"
kill -TERM $PID
wait $PID || true

# Every answer computed: the answer cache off (row counts are still kept
# between pages, as they are in service).
rm -f "$T/port"
VIGIL_CACHE_TTL_MS=0 "$VIGIL" serve -q --listen 127.0.0.1:0 --port-file "$T/port" \
    --db "$DB" --threads "$THREADS" --rate 0 &
PID=$!
while [ ! -s "$T/port" ]; do sleep 0.05; done
B=http://127.0.0.1:$(cat "$T/port")
# The cursors of every page of the device list, walked once.
: >"$T/cursors"
cur=
while :; do
	cur=$(curl -s -H "$H" "$B/api/v1/devices?limit=50${cur:+&cursor=$cur}" |
	    jq -r '.next // empty')
	[ -n "$cur" ] || break
	echo "$cur" >>"$T/cursors"
done
echo "-- answer cache off: $(wc -l <"$T/cursors") device-list cursors"
for path in "/api/v1/devices?limit=50" "/api/v1/devices?location=Ward%207&sort=name" \
    /api/v1/devices/5000 "/api/v1/findings?limit=50" "/api/v1/releases?limit=100"; do
	echo "-- uncached: wrk -t2 -c$CONNS -d$DUR $path"
	wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "$H" "$B$path" |
	    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
done
echo "-- uncached: wrk -t2 -c$CONNS -d$DUR, device list pages at random cursors"
CURSORS="$T/cursors" wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "$H" \
    -s "$here/serve_cursors.lua" "$B" |
    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
echo "-- uncached: wrk -t2 -c$CONNS -d$DUR, device list pages at random offsets"
wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "$H" -s "$here/serve_offsets.lua" "$B" |
    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
echo "-- server memory (answer cache off): $(grep -E 'VmHWM' /proc/$PID/status | tr -s ' ')"
kill -TERM $PID
wait $PID || true
trap - EXIT
