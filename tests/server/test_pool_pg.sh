#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# The PostgreSQL connection pool against --threads: a VIGIL_PG_POOL_MAX
# below what the threads need is refused at once, naming both numbers;
# exactly enough (12 threads, 14 connections) serves parallel requests
# without waiting for connections; unset, the pool is sized to fit, so 20
# threads (22 connections, above the store's default of 16) start.  Skips with
# a message when VIGIL_TEST_PG_DSN is unset.
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/lib.sh"
A=$("$VIGIL" serve --init-admin admin@acme.test --org Acme --db "$DB") || exit 1

VIGIL_PG_POOL_MAX=5 "$VIGIL" serve --threads 4 --db "$DB" --listen 127.0.0.1:0 \
    > "$TMP/out" 2> "$TMP/err"
check "too small a pool refused" 2 $?
check "naming both numbers" "vigil: VIGIL_PG_POOL_MAX=5 is below the 6 PostgreSQL connections 4 worker threads need (1 for each of 5 database handles and 1 for imports): raise it or lower --threads (unset, it is sized to fit)" "$(cat "$TMP/err")"
VIGIL_PG_POOL_MAX=many "$VIGIL" serve --db "$DB" --listen 127.0.0.1:0 2> "$TMP/err"
check "a bad value refused" 2 $?
check "saying so" "vigil: VIGIL_PG_POOL_MAX takes 1 to 256, not 'many'" "$(cat "$TMP/err")"

# exactly enough, under parallel load (below)
VIGIL_PG_POOL_MAX=14
export VIGIL_PG_POOL_MAX
t0=$(date +%s)
start_server --threads 12 --rate 0
check "12 threads start at once" yes "$([ $(($(date +%s) - t0)) -lt 10 ] && echo yes)"
check release 201 "$(req "$A" POST /api/v1/releases -d '{"product":"P","version":"1"}')"
R=$(body .id)
i=0
pids=
while [ $i -lt 24 ]; do
	( curl -s -m 20 -o /dev/null -w '%{http_code} %{time_total}\n' \
	    -H "Authorization: Bearer $A" \
	    "$BASE/api/v1/findings?limit=5&n=$i" >> "$TMP/par" ) &
	pids="$pids $!"
	( curl -s -m 20 -o /dev/null -w '%{http_code} %{time_total}\n' \
	    -H "Authorization: Bearer $A" --data-binary @"$DATA/pump-2.1.cdx.json" \
	    "$BASE/api/v1/releases/$R/sboms" >> "$TMP/par" ) &
	pids="$pids $!"
	i=$((i + 1))
done
wait $pids	# not the server
check "48 parallel requests answered" 48 "$(wc -l < "$TMP/par")"
check "all succeeded" "" "$(grep -v '^20[01] ' "$TMP/par" | head -3)"
check "none waited for a connection" "" "$(awk '$2 >= 10' "$TMP/par" | head -3)"
stop_server
check "clean stop" 0 $?

# unset: sized to fit 20 threads (22 connections, above the default 16)
unset VIGIL_PG_POOL_MAX
start_server --threads 20
check "20 threads, pool sized to fit" 200 "$(req "$A" GET /api/v1/releases)"
stop_server
check "clean stop" 0 $?
finish
