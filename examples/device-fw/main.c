/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal firmware main for the Arm cross build (scripts/build-device-
 * arm): it wires the device kit the way a firmware would, with every
 * context in static memory, the audit log in a RAM "flash" region and a
 * receive loop fed by a board transport.  It is compiled and linked for
 * a Cortex-M4 to prove the kit builds there with newlib, no heap and the
 * crypto port interface; it is not run (the linked crypto port is the
 * link-check stub, see src/device/crypto_port_linkcheck.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vigil/device/access.h"
#include "vigil/device/audit.h"
#include "vigil/device/command.h"
#include "vigil/device/manifest.h"

#define FW_VERSION "1.0.0"
#define LOG_BYTES 4096u

enum { OP_STATUS = 1, OP_SET_RATE = 0x10, OP_START_INFUSION = 0x11 };

static const vigil_dev_opdef ops[] = {
	{OP_STATUS, 0},
	{OP_SET_RATE, VIGIL_DEV_OP_CRITICAL},
	{OP_START_INFUSION, VIGIL_DEV_OP_CRITICAL},
};

/* Provisioned at manufacturing (here: placeholders in flash). */
static const uint8_t device_id[VIGIL_DEV_ID_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
static const vigil_dev_pubkey mfr_keys[1];
static uint8_t device_sk[VIGIL_DEV_SK_BYTES];
static const uint8_t device_key_id[VIGIL_DEV_KEYID_BYTES];

static vigil_dev_controller controllers[2];
static vigil_dev_audit audit_ctx;
static vigil_dev_cmd_ctx cmd_ctx;
static vigil_dev_breakglass bg_ctx;
static vigil_dev_update update_ctx;
static uint8_t log_flash[LOG_BYTES];
static size_t log_used;
static uint8_t rx[VIGIL_DEV_CMD_MAX];
static uint64_t installed_secver = 1;
static volatile uint32_t ticks;	/* seconds, from a timer interrupt */
static volatile int button;	/* break-glass key switch */

static int
log_append(void *payload, const uint8_t *rec, size_t len)
{
	(void)payload;
	if (len > LOG_BYTES - log_used)
		return -1;
	memcpy(log_flash + log_used, rec, len);
	log_used += len;
	return 0;
}

/* Board transport: bytes of the next message, or 0 (stubbed here). */
static size_t
board_receive(uint8_t *buf, size_t size)
{
	(void)buf;
	(void)size;
	return 0;
}

static void
run_command(const vigil_dev_cmd *c)
{
	(void)c;		/* drive the pump */
}

static int
try_update(const uint8_t *manifest, size_t mlen, const uint8_t *image,
    size_t ilen)
{
	vigil_dev_manifest m;
	int rc;

	rc = vigil_dev_manifest_check(&m, manifest, mlen, mfr_keys, 1,
	    "ACME-PUMP-1", installed_secver);
	if (rc != VIGIL_DEV_OK)
		return rc;
	if ((rc = vigil_dev_update_begin(&update_ctx, &m)) != VIGIL_DEV_OK ||
	    (rc = vigil_dev_update_write(&update_ctx, image, ilen)) !=
	    VIGIL_DEV_OK)
		return rc;
	return vigil_dev_update_finish(&update_ctx);
}

int
main(void)
{
	vigil_dev_cmd cmd;
	size_t n;
	int rc;

	if (vigil_dev_audit_init(&audit_ctx, log_append, NULL, device_sk,
	    device_key_id, 16) != VIGIL_DEV_OK ||
	    vigil_dev_cmd_init(&cmd_ctx, device_id, controllers, 2, ops,
	    sizeof(ops) / sizeof(ops[0]), 30, 20, &audit_ctx) != VIGIL_DEV_OK ||
	    vigil_dev_breakglass_init(&bg_ctx, &audit_ctx, 900) !=
	    VIGIL_DEV_OK)
		return 1;
	(void)vigil_dev_audit_append(&audit_ctx, ticks, VIGIL_DEV_EV_BOOT,
	    (const uint8_t *)FW_VERSION, sizeof(FW_VERSION) - 1);
	(void)try_update(rx, 0, rx, 0);
	for (;;) {
		if (button && vigil_dev_breakglass_open(&bg_ctx, ticks, 0, 1) ==
		    VIGIL_DEV_OK)
			button = 0;
		if ((n = board_receive(rx, sizeof(rx))) > 0) {
			rc = vigil_dev_cmd_receive(&cmd_ctx, &cmd, rx, n, ticks);
			if (rc == VIGIL_DEV_OK)
				run_command(&cmd);
		}
		(void)vigil_dev_cmd_tick(&cmd_ctx, ticks);
	}
}
