#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Run one CLI test case: DIR/cmd is a shell snippet run with $VIGIL set to
# the vigil binary, $DATA to tests/data, $TESTDATA to ../shared/testdata
# and the working directory a fresh temporary directory.  It is compared
# with DIR/stdout (exact), DIR/stderr (exact, if present) and DIR/exit
# (the expected exit status, default 0).  A case that needs the shared
# testdata starts its cmd with `need_testdata`, which skips it (exit 77,
# said on stderr) when the data is absent.
set -u
dir=$1
VIGIL=${VIGIL_BIN:?VIGIL_BIN not set}
DATA=${VIGIL_SRCDIR:?}/tests/data
TESTDATA=${VIGIL_TESTDATA:-}
export VIGIL DATA TESTDATA
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

need_testdata() {
	if [ -z "$TESTDATA" ] || [ ! -d "$TESTDATA" ]; then
		exit 77
	fi
}

(
	cd "$tmp" || exit 1
	. "$dir/cmd"
) >"$tmp/.out" 2>"$tmp/.err" </dev/null
rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP: $dir needs ../shared/testdata, which is not here"
	exit 0
fi
want_rc=0
[ -f "$dir/exit" ] && want_rc=$(cat "$dir/exit")
fail=0
if [ "$rc" != "$want_rc" ]; then
	echo "FAIL: exit status $rc, expected $want_rc"
	fail=1
fi
if [ -f "$dir/stdout" ] && ! cmp -s "$dir/stdout" "$tmp/.out"; then
	echo "FAIL: stdout differs:"
	diff -u "$dir/stdout" "$tmp/.out" | head -40
	fail=1
fi
if [ -f "$dir/stderr" ] && ! cmp -s "$dir/stderr" "$tmp/.err"; then
	echo "FAIL: stderr differs:"
	diff -u "$dir/stderr" "$tmp/.err" | head -40
	fail=1
fi
if [ $fail -ne 0 ]; then
	echo "--- stderr was:"
	head -20 "$tmp/.err"
	exit 1
fi
exit 0
