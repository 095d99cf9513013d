/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the language-ecosystem version schemes.  The input is
 * two versions separated by the first newline; both are compared under
 * every scheme (semver, npm, pypi, maven, nuget, gem, golang, cargo, hex,
 * composer, pub), checking that comparison is antisymmetric
 * (cmp(a, b) == -cmp(b, a)), reflexive (cmp(a, a) == 0 for a valid a), and
 * agrees with validation.  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"

static const char *const names[] = { "semver", "npm", "pypi", "maven",
    "nuget", "gem", "golang", "cargo", "hex", "composer", "pub" };

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data, *nl;
	size_t alen, blen, i;

	if (size > 2 * VIGIL_VERSION_MAX_LEN + 8)
		return 0;
	nl = memchr(a, '\n', size);
	alen = nl != NULL ? (size_t)(nl - a) : size;
	blen = nl != NULL ? size - alen - 1 : 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const vigil_scheme *s = vigil_scheme_find(names[i],
		    strlen(names[i]));

		if (s == NULL)
			abort();
		check(s, a, alen, nl != NULL ? nl + 1 : a, nl != NULL ? blen :
		    alen);
	}
	return 0;
}
