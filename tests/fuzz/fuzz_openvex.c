/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the OpenVEX reader, with the round trip of fuzz_vex.h.
 */
#include "fuzz_vex.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_vex(VIGIL_VEX_FORMAT_OPENVEX, data, size);
}
