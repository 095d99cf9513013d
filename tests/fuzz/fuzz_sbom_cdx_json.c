/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the CycloneDX JSON reader, in the calling thread and with a
 * parsing thread, which must agree (fuzz_sbom_json.h).
 */
#include "fuzz_sbom_json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_sbom_json(VIGIL_SBOM_CYCLONEDX_JSON, data, size);
}
