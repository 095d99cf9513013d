/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: version comparison under every registered scheme.  The
 * input is up to three versions separated by newlines; each scheme must
 * answer without crashing, and where it answers, the answers must be
 * reflexive (A = A) and antisymmetric (A < B exactly when B > A); for the
 * schemes listed in `transitive` also transitive (A <= B <= C implies
 * A <= C).  A violation aborts.
 *
 * maven is not in the list: ".0a3" < "0" < "r" but ".0a3" > "r" (found by
 * this target; reported to the owner of scheme_maven.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

static int
cmp(const vigil_scheme *s, const char *a, size_t al, const char *b,
    size_t bl, int *out)
{
	vigil_error err;

	return vigil_version_compare(out, s, a, al, b, bl, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
transitive(const vigil_scheme *s)
{
	static const char *const names[] = {
		"apk", "deb", "generic", "rpm", NULL
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(vigil_scheme_name(s), names[i]) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *v[3];
	size_t len[3], n = 0, iter = 0, i, j;
	const vigil_scheme *s;

	while (n < 3) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		v[n] = p;
		len[n] = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		n++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	while ((s = vigil_scheme_next(&iter)) != NULL) {
		int c[3][3], ok[3][3];
		vigil_error err;

		for (i = 0; i < n; i++) {
			(void)vigil_version_validate(s, v[i], len[i], &err);
			for (j = 0; j < n; j++)
				ok[i][j] = cmp(s, v[i], len[i], v[j], len[j],
				    &c[i][j]) == 0;
		}
		for (i = 0; i < n; i++) {
			if (ok[i][i] && c[i][i] != 0)
				abort();	/* not reflexive */
			for (j = 0; j < n; j++)
				if (ok[i][j] != ok[j][i] ||
				    (ok[i][j] && c[i][j] != -c[j][i]))
					abort();	/* not antisymmetric */
		}
		if (n == 3 && transitive(s) && ok[0][1] && ok[1][2] && ok[0][2] &&
		    c[0][1] <= 0 && c[1][2] <= 0 && c[0][2] > 0)
			abort();	/* not transitive */
	}
	return 0;
}
