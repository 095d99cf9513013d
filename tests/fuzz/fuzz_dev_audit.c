/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the device kit's audit log reader: record parsing, the verifier
 * (with a fixed device key, so checkpoint signatures are checked) and
 * resuming a writer from the log.
 */
#include <stdint.h>
#include <string.h>

#include "crypto_port.h"
#include "vigil/device/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
append(void *payload, const uint8_t *rec, size_t len)
{
	(void)payload;
	(void)rec;
	(void)len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vigil_dev_audit a;
	vigil_dev_audit_result res;
	vigil_dev_audit_record r;
	uint8_t pk[32], sk[64] = {0};
	size_t off, used;

	if (vigil_port_init() != 0)
		return 0;
	memset(pk, 0x42, sizeof(pk));
	for (off = 0; off < size; off += used)
		if (vigil_dev_audit_record_parse(&r, &used, data + off,
		    size - off) != VIGIL_DEV_OK)
			break;
	if (vigil_dev_audit_verify(&res, data, size, pk) == VIGIL_DEV_OK &&
	    off != size)
		__builtin_trap();
	if (vigil_dev_audit_init(&a, append, NULL, sk, sk, 4) == VIGIL_DEV_OK &&
	    vigil_dev_audit_resume(&a, data, size) == VIGIL_DEV_OK)
		(void)vigil_dev_audit_append(&a, 1, VIGIL_DEV_EV_BOOT, NULL, 0);
	vigil_dev_audit_dispose(&a);
	return 0;
}
