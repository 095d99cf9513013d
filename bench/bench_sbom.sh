#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# vigil sbom check and convert on a generated CycloneDX SBOM of N
# components (default 300,000; bench/gen_sbom.py): the file size, and for
# each command the median of RUNS runs (default 3) of wall time, MB/s and
# peak memory (maximum resident set size, /usr/bin/time -f %M) with its
# ratio to the file's size.  Target: peak under 2x the file (far below it
# when streaming) and at least 100 MB/s.  Each convert is measured writing
# a new file, and again overwriting the previous run's output (which adds
# the kernel's freeing of that file's pages when the new one replaces it).
#
# Run by bench/run with VIGIL and BENCH_TMP set, or on its own:
#   sh bench/bench_sbom.sh [VIGIL [N [RUNS]]]
set -eu
VIGIL=${VIGIL:-${1:-build/vigil}}
n=${SBOM_N:-${2:-300000}}
runs=${SBOM_RUNS:-${3:-3}}
here=$(dirname "$0")
own=
if [ -z "${BENCH_TMP:-}" ]; then
	BENCH_TMP=$(mktemp -d)
	own=1
fi
dir=$BENCH_TMP/sbom
mkdir -p "$dir"
cleanup() { [ -z "$own" ] || rm -rf "$BENCH_TMP"; }
trap cleanup EXIT INT TERM
python3 "$here/gen_sbom.py" "$n" "$dir/big.cdx.json"
echo "input: $n components, $(wc -c < "$dir/big.cdx.json") bytes"
# Wall time on a shared machine depends on its load: say what it was.
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

# measure LABEL FILE CMD...: medians over RUNS runs.
measure() {
	label=$1
	file=$2
	shift 2
	size=$(wc -c < "$file")
	: > "$dir/runs"
	i=0
	while [ $i -lt "$runs" ]; do
		# FRESH: the output named there is removed before each run
		# (not timed), so the run writes a new file rather than
		# first discarding the previous run's.
		[ -z "${FRESH:-}" ] || rm -f "$FRESH"
		/usr/bin/time -f '%e %M %U %S' -o "$dir/time" "$@" >/dev/null \
		    2>"$dir/err" || [ $? -le 1 ] || { cat "$dir/err"; exit 1; }
		cat "$dir/time" >> "$dir/runs"
		i=$((i + 1))
	done
	s=$(cut -d' ' -f1 "$dir/runs" | sort -n | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }')
	k=$(cut -d' ' -f2 "$dir/runs" | sort -n | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }')
	c=$(awk '{ print $3 + $4 }' "$dir/runs" | sort -n | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }')
	# Wall time depends on what else runs on a shared machine; CPU time
	# (user + system, of all of vigil's threads: a JSON input is parsed
	# by one while another builds) is the program's own cost.  The
	# target is on wall time.
	awk -v l="$label" -v b="$size" -v s="$s" -v k="$k" -v c="$c" 'BEGIN {
		printf "%-28s wall %6.2f s %6.1f MB/s | cpu, all threads %5.2f s | peak %6.1f MB = %.2fx the %.0f MB input\n",
		    l, s, (s > 0 ? b / 1e6 / s : 0), c,
		    k / 1024, k * 1024 / b, b / 1e6 }'
}
measure "check --profile all" "$dir/big.cdx.json" \
    "$VIGIL" sbom check --profile all "$dir/big.cdx.json"
measure "check --profile none" "$dir/big.cdx.json" \
    "$VIGIL" sbom check --profile none "$dir/big.cdx.json"
for t in cyclonedx-json:o.json spdx-json:o.spdx.json cyclonedx-xml:o.xml \
    spdx-tv:o.spdx; do
	FRESH=$dir/${t#*:}
	measure "convert -> ${t%%:*}" "$dir/big.cdx.json" \
	    "$VIGIL" sbom convert "$dir/big.cdx.json" --to "${t%%:*}" \
	    -o "$dir/${t#*:}"
	FRESH=
	measure "  overwriting the output" "$dir/big.cdx.json" \
	    "$VIGIL" sbom convert "$dir/big.cdx.json" --to "${t%%:*}" \
	    -o "$dir/${t#*:}"
done
measure "check spdx-json" "$dir/o.spdx.json" \
    "$VIGIL" sbom check --profile none "$dir/o.spdx.json"
measure "check cyclonedx-xml" "$dir/o.xml" \
    "$VIGIL" sbom check --profile none "$dir/o.xml"
measure "check spdx-tv" "$dir/o.spdx" \
    "$VIGIL" sbom check --profile none "$dir/o.spdx"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
