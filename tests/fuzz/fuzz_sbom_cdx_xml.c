/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the CycloneDX XML reader (strict, so that every check runs), one
 * read of the input as that format and a free.  Limits are small so that
 * the fuzzer reaches them.
 */
#include <stdint.h>
#include <stddef.h>

#include "vigil/vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;
	vigil_error err;

	o.format = VIGIL_SBOM_CYCLONEDX_XML;
	o.flags = VIGIL_SBOM_STRICT;
	o.max_depth = 64;
	o.max_string = 4096;
	o.max_components = 1000;
	o.max_diags = 50;
	(void)vigil_sbom_read_mem(&doc, (const char *)data, size, &o, &err);
	vigil_sbom_free(doc);
	return 0;
}
