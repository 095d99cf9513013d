/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the CSAF validator (the mandatory tests on the input, any
 * JSON), then the CSAF reader with the round trip of fuzz_vex.h.
 */
#include "vigil/csaf.h"

#include "fuzz_vex.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nfail;

	(void)vigil_csaf_validate(&nfail, (const char *)data, size, NULL, NULL,
	    NULL, NULL);
	return fuzz_vex(VIGIL_VEX_FORMAT_CSAF, data, size);
}
