/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/command.h
 * @brief Commands from a controller to the device: Ed25519-signed, bound
 * to one device, with a monotonic counter and a freshness window against
 * replay, and a second, separate confirmation (the "signal of intent")
 * for safety-critical commands.
 *
 * A message ("VDC1", docs/device-kit.md) carries the device id, the
 * controller's key id, a counter, the controller's time, the opcode and a
 * payload, signed by the controller.  The device takes it in this order:
 *
 *     parse                       -> VIGIL_DEV_EFORMAT
 *     device id, key id, sig      -> VIGIL_DEV_EDEVICE, _EKEY, _ESIG
 *     counter == last accepted    -> VIGIL_DEV_EREPLAY
 *     counter <  last accepted    -> VIGIL_DEV_EORDER
 *     |now - time| > window       -> VIGIL_DEV_ESTALE
 *     opcode known                -> VIGIL_DEV_EOPCODE
 *
 * A safety-critical opcode is then held, not run (VIGIL_DEV_PENDING).
 * It runs only when a confirmation arrives within `confirm_window`
 * seconds: a second signed message with the CONFIRM flag, its own fresh
 * counter, REF = the held command's counter and as payload the SHA-256 of
 * the held message; or vigil_dev_cmd_confirm_local() (a button on the
 * device).  Too late is VIGIL_DEV_ELATE; a confirmation that matches
 * nothing held is VIGIL_DEV_ENOTPENDING; a held command nobody confirms
 * is dropped by vigil_dev_cmd_tick() (VIGIL_DEV_EUNCONFIRMED).
 */
#ifndef VIGIL_DEVICE_COMMAND_H
#define VIGIL_DEVICE_COMMAND_H

#include "vigil/device/device.h"
#include "vigil/device/audit.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most payload bytes in a command. */
#define VIGIL_DEV_CMD_PAYLOAD_MAX 512
/** Bytes before the payload. */
#define VIGIL_DEV_CMD_FIXED 50
/** Largest command message, bytes. */
#define VIGIL_DEV_CMD_MAX (VIGIL_DEV_CMD_FIXED + VIGIL_DEV_CMD_PAYLOAD_MAX + \
	VIGIL_DEV_SIG_BYTES)

/** Message flag: this confirms a held safety-critical command. */
#define VIGIL_DEV_CMD_CONFIRM 0x01u

/** A parsed command message; `payload` points into the parsed buffer. */
typedef struct vigil_dev_cmd_msg {
	unsigned flags;				/**< CONFIRM */
	unsigned opcode;			/**< 0 .. 65535 */
	uint8_t device_id[VIGIL_DEV_ID_BYTES];
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	uint64_t counter;
	uint64_t time;				/**< controller's clock, s */
	uint64_t ref;				/**< CONFIRM: held counter */
	const uint8_t *payload;
	size_t payload_len;
	const uint8_t *sig;			/**< 64 bytes */
	size_t body_len;			/**< signed bytes */
} vigil_dev_cmd_msg;

/**
 * Parse the LEN bytes at BUF as a command message (layout only).  Returns
 * VIGIL_DEV_OK or VIGIL_DEV_EFORMAT.
 */
int vigil_dev_cmd_parse(vigil_dev_cmd_msg *out, const uint8_t *buf,
    size_t len);

/**
 * The controller's side: write the signed part of M (all fields but sig
 * and body_len) to BUF (SIZE bytes), *LEN_OUT its length; append the
 * controller's Ed25519 signature of it to make the message.  Returns
 * VIGIL_DEV_OK, VIGIL_DEV_EFORMAT (payload too long) or VIGIL_DEV_ESPACE.
 */
int vigil_dev_cmd_encode_body(uint8_t *buf, size_t size, size_t *len_out,
    const vigil_dev_cmd_msg *m);

/** Opcode flag: safety-critical, needs a confirmation. */
#define VIGIL_DEV_OP_CRITICAL 0x01u

/** An opcode the device knows. */
typedef struct vigil_dev_opdef {
	unsigned opcode;
	unsigned flags;		/**< VIGIL_DEV_OP_CRITICAL */
} vigil_dev_opdef;

/**
 * A controller the device accepts, with its counter.  The firmware keeps
 * `last_counter` in persistent storage across restarts (it only grows).
 */
typedef struct vigil_dev_controller {
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	uint8_t pk[VIGIL_DEV_PK_BYTES];
	uint64_t last_counter;	/**< 0: none accepted yet */
} vigil_dev_controller;

/** A command the firmware should run now. */
typedef struct vigil_dev_cmd {
	unsigned opcode;
	uint64_t counter;
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	/** Borrowed: the received buffer, or the context for a confirmed
	 * command; valid until the next call on the context. */
	const uint8_t *payload;
	size_t payload_len;
	uint8_t digest[VIGIL_DEV_DIGEST_BYTES];	/**< SHA-256 of the message */
	int confirmed;		/**< was held and then confirmed */
} vigil_dev_cmd;

/** The receiving context; fields after `audit` are private. */
typedef struct vigil_dev_cmd_ctx {
	uint8_t device_id[VIGIL_DEV_ID_BYTES];
	vigil_dev_controller *controllers;	/**< caller's array */
	size_t ncontrollers;
	const vigil_dev_opdef *ops;		/**< caller's array */
	size_t nops;
	uint32_t fresh_window;		/**< s, |now - time| allowed */
	uint32_t confirm_window;	/**< s to confirm a held command */
	vigil_dev_audit *audit;		/**< NULL: no log */
	/* The held safety-critical command. */
	int held;
	unsigned held_opcode;
	uint64_t held_counter;
	uint64_t held_deadline;
	uint8_t held_key_id[VIGIL_DEV_KEYID_BYTES];
	uint8_t held_digest[VIGIL_DEV_DIGEST_BYTES];
	size_t held_len;
	uint8_t held_payload[VIGIL_DEV_CMD_PAYLOAD_MAX];
} vigil_dev_cmd_ctx;

/**
 * Set up C.  CONTROLLERS, OPS and AUDIT (may be NULL) must outlive C.
 * FRESH_WINDOW and CONFIRM_WINDOW are seconds (at least 1).  Returns
 * VIGIL_DEV_OK or VIGIL_DEV_ESTATE (a window is 0).
 */
int vigil_dev_cmd_init(vigil_dev_cmd_ctx *c,
    const uint8_t device_id[VIGIL_DEV_ID_BYTES],
    vigil_dev_controller *controllers, size_t ncontrollers,
    const vigil_dev_opdef *ops, size_t nops, uint32_t fresh_window,
    uint32_t confirm_window, vigil_dev_audit *audit);

/**
 * Take the message BUF (LEN bytes) received at device time NOW.
 * VIGIL_DEV_OK: run OUT now (a plain command, or the held command that
 * this message confirms).  VIGIL_DEV_PENDING: a safety-critical command
 * is held; OUT describes it (show it to the user, do not run it).
 * Negative: refused, as listed above; the counter is consumed only by an
 * accepted message.  Every outcome is written to the audit log; a log
 * failure is VIGIL_DEV_ESTORAGE and the command is not run.
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_cmd_receive(vigil_dev_cmd_ctx *c,
    vigil_dev_cmd *out, const uint8_t *buf, size_t len, uint64_t now);

/**
 * Confirm the held command from the device itself (a physical button,
 * the local user interface) at NOW.  Returns VIGIL_DEV_OK with OUT the
 * command to run, VIGIL_DEV_ENOTPENDING or VIGIL_DEV_ELATE.
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_cmd_confirm_local(vigil_dev_cmd_ctx *c,
    vigil_dev_cmd *out, uint64_t now);

/**
 * Call periodically: drops a held command whose confirmation time has
 * passed and logs it.  Returns VIGIL_DEV_EUNCONFIRMED when it dropped
 * one, else VIGIL_DEV_OK.
 */
int vigil_dev_cmd_tick(vigil_dev_cmd_ctx *c, uint64_t now);

/** Wipe C's held command. */
void vigil_dev_cmd_dispose(vigil_dev_cmd_ctx *c);

#ifdef __cplusplus
}
#endif
#endif
