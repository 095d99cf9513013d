#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The shared library exports only the public API: vigil_* functions
# (jansson check-exports).  Internal vigil__*, vgx_* and static helpers
# must stay hidden.
set -u
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' |
    grep -vE '^vigil_[a-z0-9]' | grep -vE '^(_init|_fini|_edata|_end|__bss_start)$')
bad2=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -E '^vigil__')
if [ -n "$bad$bad2" ]; then
	echo "FAIL: symbols exported from $lib that are not public API:"
	echo "$bad" "$bad2" | tr ' ' '\n' | sed '/^$/d; s/^/  /'
	exit 1
fi
n=$(nm -D --defined-only "$lib" | grep -c ' T vigil_')
echo "exports: $n public functions, nothing else"
