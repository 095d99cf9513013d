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
TMP=$(mktemp -d) || exit 1
DB=$TMP/vigil.db
SERVER_PID=
fails=0
checks=0
cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

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
	echo "$checks checks, $fails failed"
	[ $fails -eq 0 ]
}
