#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# House-style checks on the C sources (curl checksrc): banned functions,
# missing SPDX headers, C++ comments.  Exit 1 and one line per problem.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
status=0
files=$(find src include tests -name '*.[ch]' -not -path '*/corpus/*' | sort)
for f in $files; do
	if ! head -3 "$f" | grep -q 'SPDX-License-Identifier'; then
		echo "$f:1: no SPDX-License-Identifier in the first lines"
		status=1
	fi
	# Banned: unbounded or locale-dependent calls and bare realloc.
	grep -nE '(^|[^_a-zA-Z0-9])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|sscanf|strtok|realloc)[[:space:]]*\(' "$f" |
	    grep -vE '^[0-9]+:[[:space:]]*(/?\*|//)' |
	    grep -v 'checksrc:allow' |
	    while IFS= read -r line; do
		echo "$f:$line: banned function (see docs/STYLE)"
		echo x >> "${TMPDIR:-/tmp}/checksrc.$$"
	    done
	if grep -nE '^[^"]*[^:"]//' "$f" | grep -v 'http' | grep -qv 'checksrc:allow'; then
		grep -nE '^[^"]*[^:"]//' "$f" | grep -v 'http' | grep -v 'checksrc:allow' |
		    sed "s|^|$f:|; s|$|: use /* */ comments|" | head -3
		status=1
	fi
done
if [ -f "${TMPDIR:-/tmp}/checksrc.$$" ]; then
	rm -f "${TMPDIR:-/tmp}/checksrc.$$"
	status=1
fi
[ $status -eq 0 ] && echo "checksrc: $(echo "$files" | wc -l) files clean"
exit $status
