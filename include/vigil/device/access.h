/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/access.h
 * @brief Emergency access ("break-glass"): access without the usual
 * authentication, always written to the audit log, that expires.
 *
 * The firmware opens it from a local, physical action only (a key switch,
 * a button held on the device: never a network message), for at most
 * `max_duration` seconds.  The opening is written to the audit log
 * before access is granted: if the log cannot be written, access is
 * refused (VIGIL_DEV_ESTORAGE), so no emergency use goes unrecorded.
 * Each use is logged; the first check after expiry logs the expiry and
 * refuses (VIGIL_DEV_EEXPIRED); closing early is logged too.
 */
#ifndef VIGIL_DEVICE_ACCESS_H
#define VIGIL_DEVICE_ACCESS_H

#include "vigil/device/device.h"
#include "vigil/device/audit.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The break-glass state; fields after max_duration are private. */
typedef struct vigil_dev_breakglass {
	vigil_dev_audit *audit;		/**< required */
	uint32_t max_duration;		/**< s, longest grant */
	int active;
	int expired;			/**< expired and not reopened */
	uint64_t expires;		/**< device time */
	uint32_t uses;
} vigil_dev_breakglass;

/**
 * Set up B with the log AUDIT (must outlive B) and the longest grant
 * MAX_DURATION seconds (at least 1).  Returns VIGIL_DEV_OK or
 * VIGIL_DEV_ESTATE.
 */
int vigil_dev_breakglass_init(vigil_dev_breakglass *b, vigil_dev_audit *audit,
    uint32_t max_duration);

/**
 * Open emergency access at NOW for DURATION seconds (clamped to
 * max_duration; 0 means max_duration), giving REASON (a firmware code).
 * Returns VIGIL_DEV_OK or VIGIL_DEV_ESTORAGE / VIGIL_DEV_ECRYPTO (not
 * recorded, so not granted).
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_breakglass_open(vigil_dev_breakglass *b,
    uint64_t now, uint32_t duration, unsigned reason);

/**
 * May the action WHAT (a firmware code) run under emergency access at
 * NOW?  VIGIL_DEV_OK (logged as a use), VIGIL_DEV_EEXPIRED (the grant
 * ran out: logged once, then closed), VIGIL_DEV_EDENIED (never opened or
 * closed) or VIGIL_DEV_ESTORAGE (the use could not be logged: refused).
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_breakglass_check(vigil_dev_breakglass *b,
    uint64_t now, unsigned what);

/** Seconds of emergency access left at NOW (0: none). */
uint64_t vigil_dev_breakglass_remaining(const vigil_dev_breakglass *b,
    uint64_t now);

/**
 * Close emergency access at NOW (logged).  Returns VIGIL_DEV_OK,
 * VIGIL_DEV_EDENIED (not open) or VIGIL_DEV_ESTORAGE.
 */
int vigil_dev_breakglass_close(vigil_dev_breakglass *b, uint64_t now);

#ifdef __cplusplus
}
#endif
#endif
