#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Benchmark: vigil sbom check and convert on a generated SBOM of N
# components (default 300,000).  Prints the file size, wall time, MB/s and
# peak memory (maximum resident set size) of each command.
#
# usage: bench/sbom.sh VIGIL [N]
set -eu
vigil=${1:?usage: bench/sbom.sh VIGIL [N]}
n=${2:-300000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
here=$(dirname "$0")
python3 "$here/gen_sbom.py" "$n" "$dir/big.cdx.json"
size=$(wc -c < "$dir/big.cdx.json")
echo "input: $n components, $size bytes"
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null 2>"$dir/err" ||
	    { rc=$?; [ $rc -le 1 ] || { cat "$dir/err"; exit 1; }; }
	read -r secs kb < "$dir/time"
	awk -v l="$label" -v s="$secs" -v k="$kb" -v b="$size" 'BEGIN {
		printf "%-28s %6.2f s  %7.1f MB/s  peak %7.1f MB (%.2fx the file)\n",
		    l, s, (s > 0 ? b / 1e6 / s : 0), k / 1024, k * 1024 / b }'
}
measure "check --profile all" "$vigil" sbom check --profile all "$dir/big.cdx.json"
measure "check --profile none" "$vigil" sbom check --profile none "$dir/big.cdx.json"
measure "convert -> cyclonedx-json" "$vigil" sbom convert "$dir/big.cdx.json" --to cyclonedx-json -o "$dir/out.json"
measure "convert -> spdx-json" "$vigil" sbom convert "$dir/big.cdx.json" --to spdx-json -o "$dir/out.spdx.json"
measure "convert -> cyclonedx-xml" "$vigil" sbom convert "$dir/big.cdx.json" --to cyclonedx-xml -o "$dir/out.xml"
size=$(wc -c < "$dir/out.spdx.json")
measure "check spdx-json (converted)" "$vigil" sbom check --profile none "$dir/out.spdx.json"
size=$(wc -c < "$dir/out.xml")
measure "check cyclonedx-xml (conv.)" "$vigil" sbom check --profile none "$dir/out.xml"
