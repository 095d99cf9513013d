/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the controls file of the device report (docs/mds2.md):
 * one strict check of the input.
 */
#include <stdint.h>

#include "vigil/report_device.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_error err;

	(void)vigil_report_controls_check((const char *)data, size, &err);
	return 0;
}
