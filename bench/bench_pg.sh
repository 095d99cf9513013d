#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# PostgreSQL against SQLite: import speed of generated OSV and NVD feeds
# and the lookup latency of the matcher's two queries, the same inputs on
# both engines.  PostgreSQL is the throwaway cluster of
# scripts/pg-test-cluster (a Unix socket on this machine, fsync off), or
# $VIGIL_BENCH_PG_DSN; skipped with a message when neither is available.
#
# usage: bench/run build/vigil pg  (or VIGIL=build/vigil sh bench/bench_pg.sh)
# environment: N_OSV (default 20000), N_NVD (default 10000),
#              LOOKUPS (default 5000), VIGIL_BENCH_PG_DSN
set -eu
VIGIL=${VIGIL:-${1:-build/vigil}}
N_OSV=${N_OSV:-20000}
N_NVD=${N_NVD:-10000}
LOOKUPS=${LOOKUPS:-5000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=$(cd "$(dirname "$VIGIL")" && pwd)
W=$(mktemp -d)
started=0
cleanup() {
	rm -rf "$W"
	if [ "$started" -eq 1 ]; then
		"$top/scripts/pg-test-cluster" stop
	fi
}
trap cleanup EXIT

DSN=${VIGIL_BENCH_PG_DSN:-}
if [ -z "$DSN" ]; then
	if DSN=$("$top/scripts/pg-test-cluster" dsn 2>/dev/null); then
		:
	elif DSN=$("$top/scripts/pg-test-cluster" start); then
		started=1
	else
		echo "bench_pg: no PostgreSQL (install postgresql); skipped"
		exit 0
	fi
fi
# A schema of its own, dropped at the end.
schema=bench_$$
case $DSN in
*\?*) PGDB="$DSN&options=-csearch_path%3D$schema" ;;
*) PGDB="$DSN?options=-csearch_path%3D$schema" ;;
esac
psql_run() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q \
	    -v ON_ERROR_STOP=1 "$DSN" -c "$1" >/dev/null
}
psql_run "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"

echo "generating $N_OSV OSV records and $N_NVD NVD CVEs"
python3 "$here/gen_feed.py" osv "$N_OSV" "$W/osv.zip"
python3 "$here/gen_feed.py" nvd "$N_NVD" "$W/nvd"

# timed LABEL N DB PATH
timed() {
	/usr/bin/time -f "%e %U %S" -o "$W/time" "$VIGIL" db import -q \
	    --db "$3" "$4"
	read -r wall user sys <"$W/time"
	awk -v n="$2" -v w="$wall" -v u="$user" -v s="$sys" -v l="$1" \
	    'BEGIN { printf "%-28s %6d records in %6.2f s wall (%6.0f/s), " \
	    "client CPU %.2f s\n", l, n, w, n / w, u + s }'
}
timed "OSV import, SQLite" "$N_OSV" "$W/osv.db" "$W/osv.zip"
timed "OSV import, PostgreSQL" "$N_OSV" "$PGDB" "$W/osv.zip"
timed "NVD import, SQLite" "$N_NVD" "$W/osv.db" "$W/nvd"
timed "NVD import, PostgreSQL" "$N_NVD" "$PGDB" "$W/nvd"

cc -O2 -I"$top/include" -I"$build/gen" -o "$W/lookup" \
    "$here/store_lookup.c" "$build/libvigil.a" $(pkg-config --libs jansson \
    yajl libxml-2.0 sqlite3 libcurl libsodium libcrypto libzip zlib \
    libmicrohttpd gpgme libpcre2-8 libpq) -lpthread -lm
echo "lookups, SQLite:"
"$W/lookup" "$W/osv.db" "$LOOKUPS" "$LOOKUPS"
echo "lookups, PostgreSQL:"
"$W/lookup" "$PGDB" "$LOOKUPS" "$LOOKUPS"
psql_run "DROP SCHEMA $schema CASCADE"
