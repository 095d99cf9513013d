#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Store benchmarks: import speed of generated OSV and NVD feeds, database
# size per 100,000 records, and lookup latency of the matcher's queries.
#
# usage: bench/run build/vigil store   (or: VIGIL=build/vigil sh bench/bench_store.sh)
# environment: N_OSV (default 100000), N_NVD (default 50000),
#              N_EPSS (default 250000),
#              BENCH_DIR (default a new temporary directory, removed)
set -eu
VIGIL=${VIGIL:-${1:-build/vigil}}
N_OSV=${N_OSV:-100000}
N_NVD=${N_NVD:-50000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=$(cd "$(dirname "$VIGIL")" && pwd)
if [ -n "${BENCH_DIR:-}" ]; then
	W=$BENCH_DIR
	mkdir -p "$W"
else
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
fi
echo "generating $N_OSV OSV records and $N_NVD NVD CVEs in $W"
python3 "$here/gen_feed.py" osv "$N_OSV" "$W/osv.zip"
python3 "$here/gen_feed.py" nvd "$N_NVD" "$W/nvd"

# import PATH DB N LABEL
import() {
	rm -f "$2" "$2-wal" "$2-shm"
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" "$VIGIL" db import -q \
	    --db "$2" "$1"
	read -r wall user sys rss <"$W/time"
	size=$(stat -c %s "$2")
	awk -v n="$3" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
	    -v z="$size" -v l="$4" 'BEGIN {
		printf "%s: %d records in %.2f s wall (%.0f/s), %.2f s CPU " \
		    "(%.0f/s), max RSS %d MiB, db %.1f MiB = %.1f MiB per " \
		    "100,000 records\n", l, n, w, n / w, u + s, n / (u + s),
		    r / 1024, z / 1048576, z / 1048576 * 100000 / n }'
}
N_EPSS=${N_EPSS:-250000}
python3 "$here/gen_feed.py" epss "$N_EPSS" "$W/epss.csv"
import "$W/osv.zip" "$W/osv.db" "$N_OSV" "OSV import (all.zip)"
import "$W/nvd" "$W/nvd.db" "$N_NVD" "NVD import (API pages)"
import "$W/epss.csv" "$W/epss.db" "$N_EPSS" "EPSS import (CSV)"

cc -O2 -I"$top/include" -I"$build/gen" -o "$W/lookup" "$here/store_lookup.c" \
    "$build/libvigil.a" $(pkg-config --libs jansson yajl libxml-2.0 \
    sqlite3 libcurl libsodium libcrypto libzip zlib libmicrohttpd gpgme \
    libpcre2-8) -lm
"$W/lookup" "$W/osv.db" 20000 0
"$W/lookup" "$W/nvd.db" 0 20000
