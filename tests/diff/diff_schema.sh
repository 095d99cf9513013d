#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Differential test of `vigil schema validate` against Python jsonschema
# (the oracle): random schemas and instances, see schema_oracle.py.  The
# oracle lives in the pyenv python3 on PATH, not in Debian's; without it
# the test is skipped.
set -u
py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3 with the jsonschema module is not available"
	exit 0
fi
exec "$py" "${VIGIL_SRCDIR:?}/tests/diff/schema_oracle.py"
