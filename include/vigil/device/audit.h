/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/audit.h
 * @brief Tamper-evident audit log: append-only records chained by
 * SHA-256, with checkpoints signed by the device's Ed25519 key.
 *
 * Each record (format in docs/device-kit.md) carries a sequence number
 * (1, 2, 3, ...), the device time, an event code, up to
 * VIGIL_DEV_AUDIT_DATA_MAX bytes of data and
 *
 *     hash = SHA-256("VDA1" || previous record's hash || record bytes)
 *
 * (32 zero bytes before the first record).  Every `every` records, and on
 * demand, a checkpoint record signs the chain head, so that rewriting the
 * chain needs the device key:
 *
 *     [1 boot][2 cmd][3 cmd][4 CHECKPOINT sig(seq 4, hash of 3)][5 ...]
 *
 * vigil_dev_audit_verify() says which record was removed (a sequence
 * number missing), altered (its hash does not match) or reordered (a
 * sequence number comes back later), and whether a checkpoint signature
 * fails.  Records after the last checkpoint are chained but not yet
 * signed: the result counts them (`unsigned_tail`).
 */
#ifndef VIGIL_DEVICE_AUDIT_H
#define VIGIL_DEVICE_AUDIT_H

#include "vigil/device/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most data bytes in one record. */
#define VIGIL_DEV_AUDIT_DATA_MAX 128
/** Bytes before the data in a record. */
#define VIGIL_DEV_AUDIT_FIXED 20
/** Largest record, bytes. */
#define VIGIL_DEV_AUDIT_RECORD_MAX (VIGIL_DEV_AUDIT_FIXED + \
	VIGIL_DEV_AUDIT_DATA_MAX + VIGIL_DEV_DIGEST_BYTES)

/** Record types. */
#define VIGIL_DEV_AUDIT_EVENT 1
#define VIGIL_DEV_AUDIT_CHECKPOINT 2

/** Event codes the kit writes; firmware codes start at 0x8000. */
enum vigil_dev_event {
	VIGIL_DEV_EV_BOOT = 1,		/**< data: firmware version text */
	VIGIL_DEV_EV_CMD_ACCEPTED = 2,	/**< data: opcode[2] counter[8] */
	VIGIL_DEV_EV_CMD_REFUSED = 3,	/**< data: status[1] opcode counter */
	VIGIL_DEV_EV_CMD_PENDING = 4,	/**< data: opcode counter */
	VIGIL_DEV_EV_CMD_CONFIRMED = 5,	/**< data: opcode counter */
	VIGIL_DEV_EV_CMD_UNCONFIRMED = 6,	/**< data: opcode counter */
	VIGIL_DEV_EV_UPDATE_ACCEPTED = 7,	/**< data: secver[8] version */
	VIGIL_DEV_EV_UPDATE_REFUSED = 8,	/**< data: status[1] */
	VIGIL_DEV_EV_UPDATE_INSTALLED = 9,	/**< data: secver[8] version */
	VIGIL_DEV_EV_BREAKGLASS_OPEN = 10,	/**< data: reason[2] secs[4] */
	VIGIL_DEV_EV_BREAKGLASS_USE = 11,	/**< data: what[2] */
	VIGIL_DEV_EV_BREAKGLASS_CLOSE = 12,	/**< data: uses[4] */
	VIGIL_DEV_EV_BREAKGLASS_EXPIRED = 13,	/**< data: uses[4] */
	VIGIL_DEV_EV_INFO_SERVED = 14,	/**< data: what[1] */
	VIGIL_DEV_EV_FIRMWARE = 0x8000
};

/** A parsed record; `data` points into the parsed buffer. */
typedef struct vigil_dev_audit_record {
	unsigned type;			/**< EVENT or CHECKPOINT */
	unsigned event;
	uint64_t seq;
	uint64_t time;
	const uint8_t *data;
	size_t data_len;
	const uint8_t *hash;		/**< 32 bytes, stored */
	const uint8_t *raw;		/**< the whole record */
	size_t raw_len;
} vigil_dev_audit_record;

/**
 * Parse the record at the start of BUF (LEN bytes); *USED is its length.
 * Checks the layout only, not the hash.  Returns VIGIL_DEV_OK or
 * VIGIL_DEV_EFORMAT.
 */
int vigil_dev_audit_record_parse(vigil_dev_audit_record *out,
    size_t *used, const uint8_t *buf, size_t len);

/**
 * Storage: append LEN bytes at REC to the log, durably, and return 0; any
 * other value is a storage failure.
 */
typedef int (*vigil_dev_audit_append_fn)(void *payload, const uint8_t *rec,
    size_t len);

/** The log writer; all fields are private. */
typedef struct vigil_dev_audit {
	vigil_dev_audit_append_fn append;
	void *payload;
	uint64_t seq;			/**< last written */
	uint8_t head[VIGIL_DEV_DIGEST_BYTES];	/**< last hash */
	uint8_t sk[VIGIL_DEV_SK_BYTES];	/**< device key, wiped on dispose */
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	unsigned every;			/**< checkpoint interval, records */
	unsigned since;			/**< records since the checkpoint */
	uint8_t rec[VIGIL_DEV_AUDIT_RECORD_MAX];
} vigil_dev_audit;

/**
 * Set up A to write a new log through APPEND(PAYLOAD, ...), signing
 * checkpoints with SK (copied; wiped by vigil_dev_audit_dispose()) every
 * EVERY records (1 to 65535).  KEY_ID names the device key in
 * checkpoints.  Returns VIGIL_DEV_OK or VIGIL_DEV_ESTATE (EVERY).
 */
int vigil_dev_audit_init(vigil_dev_audit *a, vigil_dev_audit_append_fn append,
    void *payload, const uint8_t sk[VIGIL_DEV_SK_BYTES],
    const uint8_t key_id[VIGIL_DEV_KEYID_BYTES], unsigned every);

/**
 * After a restart: continue the existing log LOG (LEN bytes) with A (set
 * up by vigil_dev_audit_init()).  The log's chain must be intact.
 * Returns VIGIL_DEV_OK or the status of vigil_dev_audit_verify() (the
 * chain part; checkpoint signatures are not checked here).
 */
int vigil_dev_audit_resume(vigil_dev_audit *a, const uint8_t *log,
    size_t len);

/**
 * Append an EVENT record at time NOW with DATA (LEN bytes, may be NULL
 * when LEN is 0), and a checkpoint when one is due.  Returns
 * VIGIL_DEV_OK, VIGIL_DEV_ESPACE (LEN), VIGIL_DEV_ESTORAGE or
 * VIGIL_DEV_ECRYPTO.  On failure the log is unchanged as far as A knows.
 */
int vigil_dev_audit_append(vigil_dev_audit *a, uint64_t now, unsigned event,
    const uint8_t *data, size_t len);

/** Append a checkpoint now.  Returns as vigil_dev_audit_append(). */
int vigil_dev_audit_checkpoint(vigil_dev_audit *a, uint64_t now);

/** Wipe A, the device key included. */
void vigil_dev_audit_dispose(vigil_dev_audit *a);

/** What vigil_dev_audit_verify() found. */
typedef struct vigil_dev_audit_result {
	int status;		/**< as returned */
	uint64_t records;	/**< records read */
	uint64_t checkpoints;	/**< checkpoints verified (0 without a key) */
	uint64_t unsigned_tail;	/**< records after the last checkpoint */
	uint64_t seq;		/**< on failure: the sequence number concerned */
	uint64_t count;		/**< EREMOVED: how many are missing */
	size_t offset;		/**< on failure: byte offset of the record */
} vigil_dev_audit_result;

/**
 * Verify the whole log LOG (LEN bytes) with the device's public key PK
 * (NULL: check the chain only).  Returns VIGIL_DEV_OK or the first
 * problem: VIGIL_DEV_EFORMAT (a record does not parse), VIGIL_DEV_EREMOVED
 * (sequence numbers SEQ .. SEQ+COUNT-1 are missing),
 * VIGIL_DEV_EREORDERED (record SEQ is out of place), VIGIL_DEV_EALTERED
 * (record SEQ's hash does not match its content), VIGIL_DEV_ECHECKPOINT
 * (checkpoint SEQ's signature fails, or names another key) or
 * VIGIL_DEV_ECRYPTO.  RES (may be NULL) gets the details.
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_audit_verify(vigil_dev_audit_result *res,
    const uint8_t *log, size_t len, const uint8_t *pk);

#ifdef __cplusplus
}
#endif
#endif
