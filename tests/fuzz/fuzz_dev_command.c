/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the device kit's command parser and receive path: each input is
 * one message to a device context with a fixed controller key and a log
 * in memory.  Nothing can be accepted without the controller's secret
 * key; the log written on the way must verify as a chain.
 */
#include <stdint.h>
#include <string.h>

#include "crypto_port.h"
#include "vigil/device/command.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t logbuf[4096];
static size_t loglen;

static int
append(void *payload, const uint8_t *rec, size_t len)
{
	(void)payload;
	if (len > sizeof(logbuf) - loglen)
		return -1;
	memcpy(logbuf + loglen, rec, len);
	loglen += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const vigil_dev_opdef ops[] = {{1, 0}, {2, VIGIL_DEV_OP_CRITICAL}};
	static vigil_dev_cmd_ctx ctx;
	static vigil_dev_audit audit;
	vigil_dev_controller ctl;
	vigil_dev_cmd_msg m;
	vigil_dev_cmd c;
	uint8_t sk[64] = {0}, id[8] = {0};
	int rc;

	if (vigil_port_init() != 0)
		return 0;
	loglen = 0;
	memset(&ctl, 0, sizeof(ctl));
	memset(ctl.pk, 0x42, sizeof(ctl.pk));
	if (vigil_dev_cmd_parse(&m, data, size) == VIGIL_DEV_OK) {
		/* Aim at the deeper checks: same device and key id. */
		memcpy(id, m.device_id, 8);
		memcpy(ctl.key_id, m.key_id, 8);
	}
	if (vigil_dev_audit_init(&audit, append, NULL, sk, id, 3) != 0 ||
	    vigil_dev_cmd_init(&ctx, id, &ctl, 1, ops, 2, 30, 20, &audit) != 0)
		return 0;
	rc = vigil_dev_cmd_receive(&ctx, &c, data, size, m.time);
	if (rc == VIGIL_DEV_OK || rc == VIGIL_DEV_PENDING)
		__builtin_trap();	/* a forgery */
	if (vigil_dev_audit_verify(NULL, logbuf, loglen, NULL) != VIGIL_DEV_OK)
		__builtin_trap();
	vigil_dev_cmd_dispose(&ctx);
	vigil_dev_audit_dispose(&audit);
	return 0;
}
