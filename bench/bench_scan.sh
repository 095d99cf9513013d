#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Scan benchmarks: time and peak memory of `vigil scan` for SBOMs of
# 1,000 to 300,000 components against a store of N_OSV + N_NVD generated
# advisories (default 150,000 + 60,000), and against a store a tenth of
# that size, to show how time grows with the SBOM and with the store.
#
# usage: bench/run [VIGIL_BIN]      (or sh bench/bench_scan.sh VIGIL_BIN)
# environment: N_OSV, N_NVD; BENCH_DIR keeps the generated stores between
#              runs (default a new temporary directory, removed);
#              SIZES (default "1000 5000 20000 300000")
set -eu
VIGIL=${VIGIL:-${1:-build/vigil}}
N_OSV=${N_OSV:-150000}
N_NVD=${N_NVD:-60000}
SIZES=${SIZES:-"1000 5000 20000 300000"}
here=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-${BENCH_TMP:-}}
if [ -n "$BENCH_DIR" ]; then
	W=$BENCH_DIR
	mkdir -p "$W"
else
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
fi

# store NAME NOSV NNVD: generate and import once
store() {
	[ -f "$W/$1.db" ] && return 0
	echo "generating $2 OSV records and $3 NVD CVEs for $1"
	python3 "$here/gen_feed.py" osv "$2" "$W/$1-osv.zip"
	python3 "$here/gen_feed.py" nvd "$3" "$W/$1-nvd"
	python3 "$here/gen_feed.py" epss 100000 "$W/$1-epss.csv"
	"$VIGIL" db import -q --db "$W/$1.db" "$W/$1-osv.zip" "$W/$1-nvd" \
	    "$W/$1-epss.csv"
}

# run DB SBOM LABEL: median of 3 runs (wall, CPU, peak RSS)
run() {
	: >"$W/runs"
	for i in 1 2 3; do
		/usr/bin/time -f "%e %U %S %M" -o "$W/time" "$VIGIL" scan \
		    --db "$1" -f json -o "$W/out.json" "$2" || [ $? -eq 1 ]
		tail -n 1 "$W/time" >>"$W/runs"
	done
	sort -n "$W/runs" | sed -n 2p | awk -v l="$3" \
	    -v f="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["findings"], s["affected"])' "$W/out.json")" '{
		split(f, a, " ")
		printf "%-34s wall %6.2f s  CPU %6.2f s  RSS %5d MiB  " \
		    "(%s findings, %s affected)\n", l, $1, $2 + $3, $4 / 1024,
		    a[1], a[2] }'
}

store big "$N_OSV" "$N_NVD"
store small $((N_OSV / 10)) $((N_NVD / 10))
echo "stores: big $(($N_OSV + $N_NVD)) advisories, small" \
    "$((N_OSV / 10 + N_NVD / 10))"
for n in $SIZES; do
	for spread in 1 10; do
		f=$W/sbom-$n-$spread.json
		[ -f "$f" ] || python3 "$here/gen_scan_sbom.py" "$n" "$f" \
		    "$spread"
	done
done
echo "spread 1: every component names a package with advisories;" \
    "spread 10: one in ten"
for n in $SIZES; do
	for spread in 1 10; do
		run "$W/big.db" "$W/sbom-$n-$spread.json" \
		    "big store, $n comp., spread $spread"
	done
done
for n in 5000; do
	for spread in 1 10; do
		run "$W/small.db" "$W/sbom-$n-$spread.json" \
		    "small store, $n comp., spread $spread"
	done
done
