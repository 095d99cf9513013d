/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the language-ecosystem version schemes.  The input is
 * two or three versions separated by newlines; they are compared under
 * every scheme (semver, npm, pypi, maven, nuget, gem, golang, cargo, hex,
 * composer, pub), checking that comparison is antisymmetric
 * (cmp(a, b) == -cmp(b, a)), reflexive (cmp(a, a) == 0 for a valid a), and
 * agrees with validation; and, for the schemes whose reference orders
 * versions totally (not npm, whose huge pre-release numbers compare as
 * doubles, nor Maven and PHP), that it is transitive over the three.  A
 * violation aborts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"

static const struct {
	const char *name;
	bool total;		/* the reference order is transitive */
} schemes[] = {
	{ "semver", true }, { "npm", false }, { "pypi", true },
	{ "maven", false }, { "nuget", true }, { "gem", true },
	{ "golang", true }, { "cargo", true }, { "hex", true },
	{ "composer", false }, { "pub", true },
};

static void
check(const vigil_scheme *s, const char *a, size_t alen, const char *b,
    size_t blen)
{
	vigil_error err;
	int ab, ba, aa, rab, rba, va, vb;

	va = vigil_version_validate(s, a, alen, &err);
	vb = vigil_version_validate(s, b, blen, &err);
	rab = vigil_version_compare(&ab, s, a, alen, b, blen, &err);
	rba = vigil_version_compare(&ba, s, b, blen, a, alen, &err);
	if ((rab == 0) != (va == 0 && vb == 0) || (rab == 0) != (rba == 0))
		abort();
	if (rab == 0 && (ab < -1 || ab > 1 || ab != -ba))
		abort();
	if (rab != 0 && (ab != 0 || ba != 0))
		abort();
	if (va == 0) {
		if (vigil_version_compare(&aa, s, a, alen, a, alen, &err) != 0 ||
		    aa != 0)
			abort();
	}
}

/* a <= b <= c implies a <= c, and equality is transitive */
static void
check3(const vigil_scheme *s, const char *a, size_t alen, const char *b,
    size_t blen, const char *c, size_t clen)
{
	int ab, bc, ac;

	if (vigil_version_compare(&ab, s, a, alen, b, blen, NULL) != 0 ||
	    vigil_version_compare(&bc, s, b, blen, c, clen, NULL) != 0 ||
	    vigil_version_compare(&ac, s, a, alen, c, clen, NULL) != 0)
		return;
	if (ab <= 0 && bc <= 0 && ac > 0)
		abort();
	if (ab >= 0 && bc >= 0 && ac < 0)
		abort();
	if (ab == 0 && bc == 0 && ac != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v[3], *p = (const char *)data, *end = p + size, *nl;
	size_t n[3], k = 0, i;

	if (size > 3 * VIGIL_VERSION_MAX_LEN + 8)
		return 0;
	/* up to three versions, one a line; a missing one repeats the first */
	while (k < 3) {
		nl = memchr(p, '\n', (size_t)(end - p));
		v[k] = p;
		n[k] = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		k++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	for (; k < 3; k++) {
		v[k] = v[0];
		n[k] = n[0];
	}
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		const vigil_scheme *s = vigil_scheme_find(schemes[i].name,
		    strlen(schemes[i].name));

		if (s == NULL)
			abort();
		check(s, v[0], n[0], v[1], n[1]);
		check(s, v[1], n[1], v[2], n[2]);
		if (schemes[i].total)
			check3(s, v[0], n[0], v[1], n[1], v[2], n[2]);
	}
	return 0;
}
