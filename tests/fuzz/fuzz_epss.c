/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the EPSS importer (see fuzz_feed.h).
 */
#include "fuzz_feed.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(VIGIL_FEED_EPSS, data, size);
}
