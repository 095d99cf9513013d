#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Fault test: kill -9 the server while SBOMs upload and while a feed
# imports, restart it, and check that nothing committed is lost and
# nothing half-written is visible: every SBOM that was answered 201 is
# there; every stored SBOM has all its components and its audit record;
# a release's findings come from its latest SBOM only; the interrupted
# import job runs again and completes; the database is sound.
# SQLite here; test_crash_pg.sh runs the same on PostgreSQL.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
if [ "$ENGINE" = sqlite ] && ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIP: sqlite3 is not installed"
	exit 0
fi
$PY "$SRC/bench/gen_feed.py" osv 3000 "$TMP/small.json" >/dev/null || exit 1
$PY "$SRC/bench/gen_feed.py" osv 30000 "$TMP/big.json" >/dev/null || exit 1
$PY "$SRC/bench/gen_scan_sbom.py" 20000 "$TMP/sbom.json" >/dev/null || exit 1
"$VIGIL" db import -q --db "$DB" "$TMP/small.json" || exit 1
A=$("$VIGIL" serve --init-admin admin@acme.test --org Acme --db "$DB") || exit 1
start_server
check release 201 "$(req "$A" POST /api/v1/releases -d '{"product":"P","version":"1"}')"
R=$(body .id)

# How long one upload takes here (engine, machine load): the kills are
# spread over 1.5 times that, so some land before and some after the
# answer.
t0=$(date +%s%N)
check "a timed upload" 201 "$(req "$A" POST "/api/v1/releases/$R/sboms" --data-binary @"$TMP/sbom.json")"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "one upload: $ms ms"
ok_ids=""
for round in 1 2 3 4 5 6; do
	( req "$A" POST "/api/v1/releases/$R/sboms" --data-binary @"$TMP/sbom.json" > "$TMP/st.$round"; cp "$TMP/body" "$TMP/b.$round" ) &
	cpid=$!
	# Kill at different points: while the body arrives, while it is
	# scanned, while it is written, after it is answered.
	d=$(( ms * round / 4 ))
	sleep "$(( d / 1000 )).$(printf %03d $(( d % 1000 )))"
	kill -9 "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
	wait $cpid 2>/dev/null
	if [ "$(cat "$TMP/st.$round" 2>/dev/null)" = 201 ]; then
		ok_ids="$ok_ids $(jq -r .id "$TMP/b.$round")"
	fi
	start_server
	check "round $round: integrity" ok "$(db_sound)"
	check "round $round: every SBOM whole" 0 "$(dbq 'SELECT count(*) FROM release_sbom s WHERE s.components IS NULL OR s.components <> (SELECT count(*) FROM srv_component c WHERE c.sbom = s.sid)')"
	check "round $round: every SBOM audited" 0 "$(dbq "SELECT count(*) FROM release_sbom s WHERE NOT EXISTS (SELECT 1 FROM srv_audit a WHERE a.object = 'sbom/' || s.sid)")"
	check "round $round: findings of the latest SBOM only" 0 "$(dbq 'SELECT count(*) FROM fleet_finding f JOIN device_release r ON r.rid = f.rid WHERE f.scan = r.scans AND r.last_scan <> (SELECT s.scanned FROM release_sbom s WHERE s.rid = f.rid ORDER BY s.seq DESC LIMIT 1)')"
	check "round $round: API answers" 200 "$(req "$A" GET /api/v1/findings?limit=1)"
done
for id in $ok_ids; do
	check "answered SBOM $id kept" 200 "$(req "$A" GET /api/v1/sboms/$id)"
done
echo "uploads answered before a kill: $(echo $ok_ids | wc -w) of 6"
n=$(dbq 'SELECT count(*) FROM release_sbom')
check "a complete upload after the crashes" 201 "$(req "$A" POST "/api/v1/releases/$R/sboms" --data-binary @"$TMP/sbom.json")"
check "it is the latest" "$((n + 1))" "$(dbq 'SELECT count(*) FROM release_sbom')"

# ---- kill -9 during a feed import
check "feed upload" 202 "$(req "$A" POST '/api/v1/feeds?name=big.json' --data-binary @"$TMP/big.json")"
J=$(body .id)
i=0
while [ "$(dbq "SELECT state FROM srv_job WHERE id = $J")" != running ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.5
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
echo "job state at the kill: $(dbq "SELECT state || ' ' || done || '/' || total FROM srv_job WHERE id = $J")"
check "integrity after the import kill" ok "$(db_sound)"
start_server
i=0
while [ "$(req "$A" GET /api/v1/jobs/$J >/dev/null; body .state)" != done ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "import resumed and done" done "$(body .state)"
check "every record in (the small feed is part of the big one)" 30000 "$(req "$A" GET /api/v1/store >/dev/null; body .osv)"
stop_server
check "clean stop" 0 $?
finish
