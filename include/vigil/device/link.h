/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/link.h
 * @brief The kit's standard opcodes (on-device SBOM and manifest, audit
 * log, updates) and a minimal framing for a byte-stream link (serial
 * port, TCP, a Unix socket), as `vigil device` and the simulator use it.
 *
 * A request is `type[1] length[4] bytes[length]` (big-endian length);
 * the reply is `status[1] length[4] bytes[length]`, where status is a
 * vigil_dev_status as a signed byte.  Types:
 *
 *     'C'  a signed command message (command.h)
 *     'H'  hello, unauthenticated: reply device id[8] || model
 *     'L'  a local, physical action (simulator only: stands for a key
 *          switch or a button): action[1] || arguments
 *
 * The reply to a held safety-critical command (status PENDING) is
 * opcode[2] || counter[8] || digest[32] || seconds to confirm[4].
 */
#ifndef VIGIL_DEVICE_LINK_H
#define VIGIL_DEVICE_LINK_H

#include "vigil/device/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes in a frame header. */
#define VIGIL_DEV_LINK_HEADER 5
/** Largest frame body either way, bytes (a 1 MiB log or SBOM reply). */
#define VIGIL_DEV_LINK_MAX ((uint32_t)1 << 20)

#define VIGIL_DEV_LINK_CMD 'C'
#define VIGIL_DEV_LINK_HELLO 'H'
#define VIGIL_DEV_LINK_LOCAL 'L'

/** Local actions (simulator). */
enum vigil_dev_local {
	VIGIL_DEV_LOCAL_BREAKGLASS = 1,	/**< seconds[4] reason[2] */
	VIGIL_DEV_LOCAL_CONFIRM = 2,	/**< the confirm button */
	VIGIL_DEV_LOCAL_CLOSE = 3,	/**< end emergency access */
	VIGIL_DEV_LOCAL_USE = 4		/**< act under emergency access */
};

/** Standard opcodes; firmware opcodes start at 0x0100. */
enum vigil_dev_opcode {
	VIGIL_DEV_OP_STATUS = 0x0001,		/**< reply: text */
	VIGIL_DEV_OP_GET_SBOM = 0x0002,		/**< reply: the SBOM */
	VIGIL_DEV_OP_GET_MANIFEST = 0x0003,	/**< reply: the manifest */
	VIGIL_DEV_OP_GET_LOG = 0x0004,		/**< reply: the audit log */
	VIGIL_DEV_OP_UPDATE_BEGIN = 0x0010,	/**< payload: manifest */
	VIGIL_DEV_OP_UPDATE_IMAGE = 0x0011,	/**< payload: image bytes */
	VIGIL_DEV_OP_UPDATE_SBOM = 0x0012,	/**< payload: SBOM bytes */
	VIGIL_DEV_OP_UPDATE_FINISH = 0x0013,	/**< check and install */
	VIGIL_DEV_OP_SHUTDOWN = 0x00ff,		/**< simulator: stop */
	VIGIL_DEV_OP_FIRMWARE = 0x0100
};

/** Write a frame header for TYPE and LEN body bytes to OUT. */
void vigil_dev_link_header(uint8_t out[VIGIL_DEV_LINK_HEADER], unsigned type,
    uint32_t len);

/**
 * Read a frame header: *TYPE (or status byte) and *LEN.  Returns
 * VIGIL_DEV_OK or VIGIL_DEV_ESPACE (LEN above VIGIL_DEV_LINK_MAX).
 */
int vigil_dev_link_parse_header(unsigned *type, uint32_t *len,
    const uint8_t in[VIGIL_DEV_LINK_HEADER]);

#ifdef __cplusplus
}
#endif
#endif
