/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: vigil_purl_parse in both modes.  Besides crashes it checks
 * the invariants of the canonical form: it re-parses in strict mode to
 * itself, and building from the parsed components gives it again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const vigil_purl *p)
{
	vigil_purl *again = NULL, *built = NULL;
	size_t i;

	if (vigil_purl_parse(&again, p->canonical, strlen(p->canonical),
	    VIGIL_PURL_STRICT, NULL) != 0 ||
	    strcmp(again->canonical, p->canonical) != 0)
		abort();
	if (vigil_purl_build(&built, p, VIGIL_PURL_STRICT, NULL) != 0 ||
	    strcmp(built->canonical, p->canonical) != 0)
		abort();
	for (i = 0; i < p->nqualifiers; i++)
		if (vigil_purl_qualifier(p, p->qualifiers[i].key) !=
		    p->qualifiers[i].value || p->qualifiers[i].value[0] == '\0')
			abort();
	vigil_purl_free(again);
	vigil_purl_free(built);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_purl *p = NULL;
	vigil_error err;
	unsigned flags;

	for (flags = 0; flags <= VIGIL_PURL_STRICT; flags++) {
		if (vigil_purl_parse(&p, (const char *)data, size, flags,
		    &err) == 0) {
			check(p);
			vigil_purl_free(p);
		} else if (p != NULL || err.msg[0] == '\0') {
			abort();
		}
	}
	return 0;
}
