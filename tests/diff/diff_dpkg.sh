#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's deb scheme against dpkg itself: generated
# version pairs (epochs, revisions, '~', '+', letters, leading zeros, long
# numbers, and near-identical mutations) are compared by
# `dpkg --compare-versions` and by `vigil version compare deb -` in one
# batch.  Prints the agreement figure; exits 1 on any disagreement.
# Skips (exit 0) when dpkg is missing.
set -u
VIGIL=${VIGIL_BIN:?VIGIL_BIN not set}
N=${DIFF_DPKG_PAIRS:-6000}
if ! command -v dpkg >/dev/null 2>&1; then
	echo "SKIP: dpkg is not installed"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Valid Debian versions only: upstream starts with a digit and uses
# [A-Za-z0-9.+~-]; the revision uses [A-Za-z0-9.+~].
awk -v n="$N" 'BEGIN {
	srand(20261129);
	np = split("0 1 2 9 10 01 007 99 123456789012345678901 a b z A Z rc beta dfsg deb12u1 ubuntu0 git", P, " ");
	ns = split(". . . + ~ ~ -", S, " ");
	for (i = 0; i < n; i++) {
		a = ver();
		r = rand();
		if (r < 0.45) b = ver();
		else if (r < 0.95) b = mutate(a);
		else b = a;
		print a "\t" b;
	}
}
function pick(k) { return int(rand() * k) + 1 }
function part(first, norev,   s, k, j, sep) {
	k = pick(4);
	s = first ? substr("0123456789", pick(10), 1) : P[pick(np)];
	for (j = 1; j < k; j++) {
		sep = S[pick(ns)];
		if (norev && sep == "-") sep = ".";
		if (rand() < 0.3) sep = "";
		s = s sep P[pick(np)];
	}
	if (rand() < 0.1) s = s "~";
	return s;
}
function ver(   s) {
	s = "";
	if (rand() < 0.2) s = pick(3) - 1 ":";
	s = s part(1, 0);
	if (rand() < 0.6) s = s "-" part(0, 1);
	return s;
}
function mutate(v,   i, c, m) {
	i = pick(length(v));
	m = split("0 1 a ~ + . 9 Z", C, " ");
	c = C[pick(m)];
	if (rand() < 0.3) c = c c;
	return substr(v, 1, i) c substr(v, i + 1);
}' >"$tmp/pairs"

# Keep the pairs dpkg accepts without complaint, with dpkg's answer.
: >"$tmp/valid"
: >"$tmp/want"
while IFS="	" read -r a b; do
	if dpkg --compare-versions "$a" lt "$b" 2>"$tmp/err"; then
		w="<"
	elif dpkg --compare-versions "$a" eq "$b" 2>>"$tmp/err"; then
		w="="
	else
		w=">"
	fi
	[ -s "$tmp/err" ] && continue
	printf '%s\t%s\n' "$a" "$b" >>"$tmp/valid"
	echo "$w" >>"$tmp/want"
done <"$tmp/pairs"

"$VIGIL" version compare deb - <"$tmp/valid" >"$tmp/got"
total=$(wc -l <"$tmp/want")
agree=$(paste "$tmp/want" "$tmp/got" | awk -F'\t' '$1 == $2' | wc -l)
echo "deb: $agree/$total pairs agree with $(dpkg --version | head -1 | sed 's/.*version \([^ ]*\).*/dpkg \1/')"
if [ "$agree" -ne "$total" ] || [ "$total" -lt 1000 ]; then
	paste "$tmp/valid" "$tmp/want" "$tmp/got" | awk -F'\t' '$3 != $4' | head -20
	exit 1
fi
exit 0
