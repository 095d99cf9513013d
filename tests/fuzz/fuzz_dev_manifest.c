/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the device kit's release manifest parser and check: any input
 * that parses is also checked against a fixed manufacturer key, which no
 * input can satisfy without the secret key (a pass would be a forgery).
 */
#include <stdint.h>
#include <string.h>

#include "crypto_port.h"
#include "vigil/device/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_dev_manifest m;
	vigil_dev_pubkey key;

	if (vigil_port_init() != 0)
		return 0;
	if (vigil_dev_manifest_parse(&m, data, size) != VIGIL_DEV_OK)
		return 0;
	memcpy(key.key_id, m.key_id, sizeof(key.key_id));
	memset(key.pk, 0x42, sizeof(key.pk));
	if (vigil_dev_manifest_check(&m, data, size, &key, 1, m.model, 0) ==
	    VIGIL_DEV_OK)
		__builtin_trap();
	return 0;
}
