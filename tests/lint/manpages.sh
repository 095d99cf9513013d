#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every command group (src/cli/cmd_<group>.c) has its manual page
# docs/man/vigil-<group>.1, and vigil(1) refers to it.
set -u
top=$1
st=0
n=0
for f in "$top"/src/cli/cmd_*.c; do
	g=$(basename "$f" .c | sed 's/^cmd_//')
	n=$((n + 1))
	if [ ! -f "$top/docs/man/vigil-$g.1" ]; then
		echo "FAIL: no docs/man/vigil-$g.1 for 'vigil $g'"
		st=1
	elif ! grep -q "^\.Xr vigil-$g 1" "$top/docs/man/vigil.1"; then
		echo "FAIL: vigil(1) does not refer to vigil-$g(1)"
		st=1
	fi
done
[ $st -eq 0 ] && echo "manpages: $n command groups, each with its page"
exit $st
