/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the validate-only entry points the SBOM readers use for
 * identifiers, vigil_purl_validate() and vigil_cpe_validate(), must give
 * the same answer (code and message) as the parsers they stand in for.
 * The input is tried as a purl in both modes and as a CPE name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cpe.h"
#include "vigil/purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same(int prc, const vigil_error *pe, int vrc, const vigil_error *ve)
{
	if (prc == VIGIL_ENOMEM)
		return;
	if (prc != vrc)
		abort();
	if (prc < 0 && (strcmp(pe->msg, ve->msg) != 0 ||
	    pe->column != ve->column))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	vigil_error pe, ve;
	vigil_purl *p = NULL;
	vigil_cpe *c = NULL;
	unsigned flags;
	int prc, vrc;

	for (flags = 0; flags <= VIGIL_PURL_STRICT; flags++) {
		memset(&pe, 0, sizeof(pe));
		memset(&ve, 0, sizeof(ve));
		prc = vigil_purl_parse(&p, s, size, flags, &pe);
		vigil_purl_free(p);
		p = NULL;
		vrc = vigil_purl_validate(s, size, flags, &ve);
		same(prc, &pe, vrc, &ve);
	}
	memset(&pe, 0, sizeof(pe));
	memset(&ve, 0, sizeof(ve));
	prc = vigil_cpe_parse(&c, s, size, &pe);
	vigil_cpe_free(c);
	vrc = vigil_cpe_validate(s, size, &ve);
	same(prc, &pe, vrc, &ve);
	return 0;
}
