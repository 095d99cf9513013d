#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Fault test: PostgreSQL restarts (pg_ctl restart, then stop ... start)
# while the server is under load of reads, writes and SBOM uploads.  The
# server must not crash or hang; while the database is away every answer
# is 200/201 (from before) or a 503 problem with Retry-After, never a 500
# or no answer; once it is back the server answers again (reconnected)
# and nothing it answered 201 is lost, nothing half-written is visible.
#
# The restarts need a cluster of the test's own (restarting the shared
# one would break the other PostgreSQL tests running at the same time):
# it is made with scripts/pg-test-cluster on a free port under /tmp and
# removed at the end.  Skips, saying so, when VIGIL_TEST_PG_DSN is unset
# (no PostgreSQL for the tests) or PostgreSQL is not installed.
if [ -z "${VIGIL_TEST_PG_DSN:-}" ]; then
	echo "SKIP: VIGIL_TEST_PG_DSN unset; the PostgreSQL fault test" \
	    "needs PostgreSQL (scripts/pg-test-cluster)"
	exit 0
fi
CLUSTER=${VIGIL_SRCDIR:?}/scripts/pg-test-cluster
BIN=
for v in 17 16 15 14 13; do
	if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then
		BIN=/usr/lib/postgresql/$v/bin
		break
	fi
done
if [ -z "$BIN" ]; then
	echo "SKIP: PostgreSQL is not installed"
	exit 0
fi
PG_TEST_PORT=
for try in 1 2 3 4 5; do
	port=$((56000 + ($$ * 7 + try * 131) % 2000))
	dir=/tmp/vigil-pg-restart-$port
	[ -e "$dir" ] && continue
	if dsn=$(PG_TEST_PORT=$port PG_TEST_DIR=$dir "$CLUSTER" start \
	    2>/dev/null); then
		PG_TEST_PORT=$port
		PG_TEST_DIR=$dir
		break
	fi
	PG_TEST_PORT=$port PG_TEST_DIR=$dir "$CLUSTER" stop 2>/dev/null
done
if [ -z "$PG_TEST_PORT" ]; then
	echo "FAIL: cannot start a PostgreSQL cluster of this test's own"
	exit 1
fi
export PG_TEST_PORT PG_TEST_DIR
EXTRA_CLEANUP='"$CLUSTER" stop'
VIGIL_TEST_PG_DSN=$dsn
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/lib.sh"

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}
pg_stop() {
	as_owner "$BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop \
	    >/dev/null
}
pg_start() {
	as_owner "$BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" \
	    -w -t 60 -o "-k $PG_TEST_DIR/sock -p $PG_TEST_PORT \
	    -c listen_addresses='' -c fsync=off -c max_connections=200" \
	    start >/dev/null
}

A=$("$VIGIL" serve --init-admin admin@acme.test --org Acme --db "$DB") || exit 1
start_server --threads 4 --rate 0
check release 201 "$(req "$A" POST /api/v1/releases -d '{"product":"Base","version":"1"}')"
R=$(body .id)

# Load: reads (each URL new, so never from the answer cache), writes and
# SBOM uploads, each in a loop of its own until $TMP/stop appears; one
# line per request: kind, status, seconds, content type, created id.
load() {
	kind=$1 n=0
	while [ ! -e "$TMP/stop" ]; do
		n=$((n + 1))
		case $kind in
		read) set -- -X GET "$BASE/api/v1/releases?limit=1&n=$n" ;;
		write) set -- -X POST -d "{\"product\":\"L\",\"version\":\"$n\"}" \
		    "$BASE/api/v1/releases" ;;
		upload) set -- -X POST --data-binary @"$DATA/pump-2.1.cdx.json" \
		    "$BASE/api/v1/releases/$R/sboms" ;;
		esac
		out=$(curl -s -m 15 -o "$TMP/lb.$kind" -w \
		    '%{http_code} %{time_total} %{content_type}' \
		    -H "Authorization: Bearer $A" "$@")
		id=-
		case $out in
		201*) id=$(jq -r .id "$TMP/lb.$kind") ;;
		5*) { echo "$kind $out"; head -c 400 "$TMP/lb.$kind"; echo; } \
		    >> "$TMP/errors" ;;
		esac
		echo "$kind $out $id" >> "$TMP/load.$kind"
	done
}
rm -f "$TMP/stop"
load read & L1=$!
load write & L2=$!
load upload & L3=$!
sleep 1

# ---- pg_ctl restart under load
PG_TEST_PORT=$PG_TEST_PORT PG_TEST_DIR=$PG_TEST_DIR "$CLUSTER" restart || {
	echo "FAIL: pg_ctl restart"
	exit 1
}
sleep 1

# ---- stop: the database is away for a while
pg_stop || { echo "FAIL: pg_ctl stop"; exit 1; }
t0=$(date +%s)
check "read while away" 503 "$(req "$A" GET '/api/v1/releases?away=1')"
check "a problem" application/problem+json "$(grep -i '^content-type:' "$TMP/headers" | tr -d '\r' | cut -d' ' -f2)"
check "with Retry-After" 1 "$(grep -i '^retry-after:' "$TMP/headers" | tr -d '\r' | cut -d' ' -f2)"
check "write while away" 503 "$(req "$A" POST /api/v1/releases -d '{"product":"Away","version":"1"}')"
check "upload while away" 503 "$(req "$A" POST "/api/v1/releases/$R/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "not ready while away" 503 "$(req "" GET /readyz)"
check "alive while away" 200 "$(req "" GET /healthz)"
check "answers while away come at once" yes "$([ $(($(date +%s) - t0)) -lt 10 ] && echo yes)"
sleep 2
pg_start || { echo "FAIL: pg_ctl start"; cat "$PG_TEST_DIR/log"; exit 1; }

# ---- back: the server reconnects
i=0
while [ "$(req "$A" GET "/api/v1/releases?back=$i")" != 200 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "reads again" 200 "$(req "$A" GET '/api/v1/releases?back=x')"
sleep 1
touch "$TMP/stop"
wait $L1 $L2 $L3
check "the server is alive" yes "$(kill -0 "$SERVER_PID" 2>/dev/null && echo yes)"
check "writes again" 201 "$(req "$A" POST /api/v1/releases -d '{"product":"After","version":"1"}')"
A2=$(body .id)
check "and reads them" After "$(req "$A" GET /api/v1/releases/$A2 >/dev/null; body .product)"
check "uploads again" 201 "$(req "$A" POST "/api/v1/releases/$R/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "ready again" 200 "$(req "" GET /readyz)"

cat "$TMP"/load.* > "$TMP/load"
for k in read write upload; do
	echo "$k: $(grep -c "^$k " "$TMP/load") requests, $(grep -c "^$k 503 " "$TMP/load") answered 503"
done
check "load ran" yes "$([ "$(wc -l < "$TMP/load")" -gt 20 ] && echo yes)"
check "the database was seen away (503s)" yes "$(grep -q ' 503 ' "$TMP/load" && echo yes)"
check "no 500, no other status, no request without an answer" "" "$(awk '$2 != 200 && $2 != 201 && $2 != 503' "$TMP/load" | head -3)"
grep -v ' 503 ' "$TMP/errors" 2>/dev/null | grep -A1 ' 5' | head -6
check "every 503 a problem" "" "$(awk '$2 == 503 && $4 != "application/problem+json"' "$TMP/load" | head -3)"
check "no answer took 10 s" "" "$(awk '$3 >= 10' "$TMP/load" | head -3)"
check "successes before and after" yes "$([ "$(grep -c '^read 200 ' "$TMP/load")" -gt 2 ] && echo yes)"
ids=$(awk '$1 == "write" && $2 == 201 { printf "%s%s", s, $5; s = "," }' "$TMP/load")
nw=$(awk '$1 == "write" && $2 == 201' "$TMP/load" | wc -l)
check "every release answered 201 is there" "$nw" "$(dbq "SELECT count(*) FROM device_release WHERE rid IN (${ids:-0})")"
ids=$(awk '$1 == "upload" && $2 == 201 { printf "%s%s", s, $5; s = "," }' "$TMP/load")
nu=$(awk '$1 == "upload" && $2 == 201' "$TMP/load" | wc -l)
echo "releases written: $nw, SBOMs uploaded: $nu"
check "every SBOM answered 201 is there" "$nu" "$(dbq "SELECT count(*) FROM release_sbom WHERE sid IN (${ids:-0})")"
check "every SBOM whole" 0 "$(dbq 'SELECT count(*) FROM release_sbom s WHERE s.components IS NULL OR s.components <> (SELECT count(*) FROM srv_component c WHERE c.sbom = s.sid)')"
check "every release audited" 0 "$(dbq "SELECT count(*) FROM device_release r WHERE NOT EXISTS (SELECT 1 FROM srv_audit a WHERE a.object = 'release/' || r.rid)")"
check "every SBOM audited" 0 "$(dbq "SELECT count(*) FROM release_sbom s WHERE NOT EXISTS (SELECT 1 FROM srv_audit a WHERE a.object = 'sbom/' || s.sid)")"
check "findings of the latest SBOM only" 0 "$(dbq 'SELECT count(*) FROM fleet_finding f JOIN device_release r ON r.rid = f.rid WHERE f.scan = r.scans AND r.last_scan <> (SELECT s.scanned FROM release_sbom s WHERE s.rid = f.rid ORDER BY s.seq DESC LIMIT 1)')"
check "the database is sound" ok "$(db_sound)"
stop_server
check "clean stop" 0 $?
finish
