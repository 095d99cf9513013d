# SPDX-License-Identifier: Apache-2.0
#
# Helpers for the server tests (sourced): a temporary store, `vigil serve`
# on 127.0.0.1 with a random port, curl wrappers and checks.  Needs
# VIGIL_BIN, VIGIL_SRCDIR, curl and jq.
set -u
VIGIL=${VIGIL_BIN:?VIGIL_BIN not set}
SRC=${VIGIL_SRCDIR:?VIGIL_SRCDIR not set}
DATA=$SRC/tests/data/server
for t in curl jq; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: $t is not installed"
		exit 0
	fi
done
# SERVER_TEST_ENGINE=postgresql (set by a test before sourcing this):
# the store is a fresh schema in the database VIGIL_TEST_PG_DSN names,
# selected by the connection's search_path; skipped when it is unset.
ENGINE=${SERVER_TEST_ENGINE:-sqlite}
PGSCHEMA=
if [ "$ENGINE" = postgresql ]; then
	if [ -z "${VIGIL_TEST_PG_DSN:-}" ]; then
		echo "SKIP: VIGIL_TEST_PG_DSN unset; the PostgreSQL variant" \
		    "needs a server (scripts/pg-test-cluster)"
		exit 0
	fi
	if ! command -v psql >/dev/null 2>&1; then
		echo "SKIP: psql is not installed"
		exit 0
	fi
fi
TMP=$(mktemp -d) || exit 1
DB=$TMP/vigil.db
if [ "$ENGINE" = postgresql ]; then
	PGSCHEMA=t_srv_$$_$(date +%s)
	case $VIGIL_TEST_PG_DSN in
	*\?*) DB="$VIGIL_TEST_PG_DSN&options=-csearch_path%3D$PGSCHEMA" ;;
	*) DB="$VIGIL_TEST_PG_DSN?options=-csearch_path%3D$PGSCHEMA" ;;
	esac
	# Feed uploads spool under $XDG_DATA_HOME/vigil (no store file).
	XDG_DATA_HOME=$TMP/xdg
	export XDG_DATA_HOME
	if ! psql -q -X -v ON_ERROR_STOP=1 "$VIGIL_TEST_PG_DSN" \
	    -c "CREATE SCHEMA $PGSCHEMA" >/dev/null; then
		echo "FAIL: cannot create schema $PGSCHEMA"
		rm -rf "$TMP"
		exit 1
	fi
fi
SERVER_PID=
fails=0
checks=0
cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	if [ -n "$PGSCHEMA" ]; then
		psql -q -X "$VIGIL_TEST_PG_DSN" -c \
		    "DROP SCHEMA IF EXISTS $PGSCHEMA CASCADE" >/dev/null 2>&1
	fi
	rm -rf "$TMP"
	# a test's own clean-up (a private database cluster)
	if [ -n "${EXTRA_CLEANUP:-}" ]; then
		eval "$EXTRA_CLEANUP"
	fi
}
trap cleanup EXIT INT TERM

# dbq SQL: run SQL on the store with the engine's own client, rows on
# stdout (one a line, columns split by |); fails when the engine refuses.
dbq() {
	if [ "$ENGINE" = postgresql ]; then
		psql -q -X -A -t -v ON_ERROR_STOP=1 "$DB" -c "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}

# db_sound: "ok" when the engine finds the store sound (SQLite's
# integrity check; PostgreSQL: every server and inventory table can be
# read through).
db_sound() {
	if [ "$ENGINE" = postgresql ]; then
		for t in srv_org srv_user srv_token srv_audit srv_component \
		    srv_job device_release release_sbom installed_device \
		    fleet_finding fleet_finding_alias vex_decisions; do
			dbq "SELECT count(*) FROM $t" >/dev/null || return 1
		done
		echo ok
	else
		sqlite3 "$DB" 'PRAGMA integrity_check'
	fi
}

# start_server [extra options]: sets PORT and BASE.
start_server() {
	rm -f "$TMP/port"
	"$VIGIL" serve --listen 127.0.0.1:0 --db "$DB" --port-file "$TMP/port" \
	    --access-log "$TMP/access.log" "$@" 2>>"$TMP/server.err" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$TMP/port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if [ ! -s "$TMP/port" ]; then
		echo "FAIL: the server did not start"
		cat "$TMP/server.err"
		exit 1
	fi
	PORT=$(cat "$TMP/port")
	BASE=http://127.0.0.1:$PORT
}

stop_server() {
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID"
	rc=$?
	SERVER_PID=
	return $rc
}

# req TOKEN METHOD PATH [curl args]: body in $TMP/body, status echoed,
# headers in $TMP/headers.
req() {
	tok=$1 m=$2 p=$3
	shift 3
	if [ -n "$tok" ]; then
		curl -s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' \
		    -X "$m" -H "Authorization: Bearer $tok" "$@" "$BASE$p"
	else
		curl -s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' \
		    -X "$m" "$@" "$BASE$p"
	fi
}

check() {
	# check NAME EXPECTED ACTUAL
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		echo "  body: $(head -c 600 "$TMP/body" 2>/dev/null)"
		fails=$((fails + 1))
	fi
}

body() {
	jq -r "$1" "$TMP/body"
}

finish() {
	if [ $fails -gt 0 ] && [ -s "$TMP/server.err" ]; then
		echo "server stderr:"; head -c 4000 "$TMP/server.err"
	fi
	echo "$checks checks, $fails failed"
	[ $fails -eq 0 ]
}
