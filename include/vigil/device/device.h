/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/device.h
 * @brief The device security kit: status codes and sizes shared by its
 * parts (authenticated updates, commands, audit log, emergency access).
 *
 * The kit is the device's side of the IMDRF N60 Table 1 controls, in C99
 * for firmware: it allocates nothing (the caller provides every context
 * and buffer), keeps no global state, and reaches cryptography only
 * through src/device/crypto_port.h.  It does not depend on libvigil; the
 * manufacturer's and the controller's side live in the vigil command
 * (`vigil release`, `vigil device`).  See docs/device-kit.md for the
 * formats byte by byte, the sizes and the threat model.
 *
 * Conventions: pointers MUST NOT be NULL unless said otherwise; functions
 * return VIGIL_DEV_OK (0), a positive status where documented, or a
 * negative vigil_dev_status; times are seconds on the device's clock
 * (`now`), which the firmware passes in.  A context is used by one thread
 * (or interrupt level) at a time.
 */
#ifndef VIGIL_DEVICE_H
#define VIGIL_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define VIGIL_DEV_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define VIGIL_DEV_WARN_UNUSED
#endif

/** Bytes in a key id (as in the minisign formats). */
#define VIGIL_DEV_KEYID_BYTES 8
/** Bytes in an Ed25519 public key. */
#define VIGIL_DEV_PK_BYTES 32
/** Bytes in an Ed25519 secret key (seed[32] || public key[32]). */
#define VIGIL_DEV_SK_BYTES 64
/** Bytes in an Ed25519 signature. */
#define VIGIL_DEV_SIG_BYTES 64
/** Bytes in a SHA-256 digest. */
#define VIGIL_DEV_DIGEST_BYTES 32
/** Bytes in a device id. */
#define VIGIL_DEV_ID_BYTES 8

/**
 * Status codes.  Every refusal has its own code so that the firmware (and
 * the audit log) can tell the cases apart.
 */
typedef enum vigil_dev_status {
	VIGIL_DEV_OK = 0,
	/** A safety-critical command waits for its confirmation. */
	VIGIL_DEV_PENDING = 1,
	VIGIL_DEV_EFORMAT = -1,		/**< malformed message or record */
	VIGIL_DEV_ESPACE = -2,		/**< a buffer or limit is too small */
	VIGIL_DEV_ESIG = -3,		/**< a signature does not verify */
	VIGIL_DEV_EMODEL = -4,		/**< manifest is for another model */
	VIGIL_DEV_EROLLBACK = -5,	/**< lower security version */
	VIGIL_DEV_EDIGEST = -6,		/**< image digest differs */
	VIGIL_DEV_ESIZE = -7,		/**< image size differs */
	VIGIL_DEV_EKEY = -8,		/**< unknown key id */
	VIGIL_DEV_EDEVICE = -9,		/**< command for another device */
	VIGIL_DEV_EREPLAY = -10,	/**< counter already used */
	VIGIL_DEV_EORDER = -11,		/**< counter below the last one */
	VIGIL_DEV_ESTALE = -12,		/**< outside the freshness window */
	VIGIL_DEV_ENOTPENDING = -13,	/**< no such command to confirm */
	VIGIL_DEV_ELATE = -14,		/**< confirmation after the limit */
	VIGIL_DEV_EUNCONFIRMED = -15,	/**< confirmation never came */
	VIGIL_DEV_EEXPIRED = -16,	/**< emergency access has expired */
	VIGIL_DEV_EDENIED = -17,	/**< not allowed in this state */
	VIGIL_DEV_ESTORAGE = -18,	/**< the audit storage failed */
	VIGIL_DEV_ECRYPTO = -19,	/**< the crypto port failed */
	VIGIL_DEV_EOPCODE = -20,	/**< unknown command */
	VIGIL_DEV_ESTATE = -21,		/**< call out of order */
	VIGIL_DEV_EREMOVED = -22,	/**< audit: a record is missing */
	VIGIL_DEV_EALTERED = -23,	/**< audit: a record was changed */
	VIGIL_DEV_EREORDERED = -24,	/**< audit: records out of order */
	VIGIL_DEV_ECHECKPOINT = -25	/**< audit: checkpoint bad or absent */
} vigil_dev_status;

/** A static one-line description of STATUS ("signature does not verify"). */
const char *vigil_dev_strerror(int status);

/** The enum name of STATUS without the prefix ("ESIG"), or "?". */
const char *vigil_dev_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif
