/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: emergency access (break-glass).  Every change of state and
 * every use goes to the audit log before it takes effect; access.h says
 * why a log failure refuses access.
 */
#include <string.h>

#include "vigil/device/access.h"
#include "devint.h"

int
vigil_dev_breakglass_init(vigil_dev_breakglass *b, vigil_dev_audit *audit,
    uint32_t max_duration)
{
	memset(b, 0, sizeof(*b));
	if (audit == NULL || max_duration == 0)
		return VIGIL_DEV_ESTATE;
	b->audit = audit;
	b->max_duration = max_duration;
	return VIGIL_DEV_OK;
}

int
vigil_dev_breakglass_open(vigil_dev_breakglass *b, uint64_t now,
    uint32_t duration, unsigned reason)
{
	uint8_t d[6];
	int rc;

	if (duration == 0 || duration > b->max_duration)
		duration = b->max_duration;
	vigil__dev_be16_store(d, reason & 0xffffu);
	vigil__dev_be32_store(d + 2, duration);
	if ((rc = vigil_dev_audit_append(b->audit, now,
	    VIGIL_DEV_EV_BREAKGLASS_OPEN, d, sizeof(d))) != VIGIL_DEV_OK)
		return rc;
	b->active = 1;
	b->expired = 0;
	b->expires = vigil__dev_add_sat(now, duration);
	b->uses = 0;
	return VIGIL_DEV_OK;
}

static int
log_uses(vigil_dev_breakglass *b, uint64_t now, unsigned event)
{
	uint8_t d[4];

	vigil__dev_be32_store(d, b->uses);
	return vigil_dev_audit_append(b->audit, now, event, d, sizeof(d));
}

int
vigil_dev_breakglass_check(vigil_dev_breakglass *b, uint64_t now,
    unsigned what)
{
	uint8_t d[2];
	int rc;

	if (b->expired)
		return VIGIL_DEV_EEXPIRED;
	if (!b->active)
		return VIGIL_DEV_EDENIED;
	if (now >= b->expires) {
		b->active = 0;
		b->expired = 1;
		(void)log_uses(b, now, VIGIL_DEV_EV_BREAKGLASS_EXPIRED);
		return VIGIL_DEV_EEXPIRED;
	}
	vigil__dev_be16_store(d, what & 0xffffu);
	if ((rc = vigil_dev_audit_append(b->audit, now,
	    VIGIL_DEV_EV_BREAKGLASS_USE, d, sizeof(d))) != VIGIL_DEV_OK)
		return rc;
	b->uses++;
	return VIGIL_DEV_OK;
}

uint64_t
vigil_dev_breakglass_remaining(const vigil_dev_breakglass *b, uint64_t now)
{
	if (!b->active || now >= b->expires)
		return 0;
	return b->expires - now;
}

int
vigil_dev_breakglass_close(vigil_dev_breakglass *b, uint64_t now)
{
	if (!b->active)
		return VIGIL_DEV_EDENIED;
	b->active = 0;
	return log_uses(b, now, VIGIL_DEV_EV_BREAKGLASS_CLOSE);
}
