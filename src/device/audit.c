/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: the tamper-evident audit log.  Record layout
 * (docs/device-kit.md), big-endian:
 *
 *     0   1  type (1 event, 2 checkpoint)
 *     1   1  data length D (0..128)
 *     2   2  event code (0 for a checkpoint)
 *     4   8  sequence number (1, 2, ...)
 *     12  8  device time, s
 *     20  D  data
 *     20+D 32 SHA-256("VDA1" || previous hash || bytes 0 .. 20+D)
 *
 * A checkpoint's data is key id[8] || Ed25519 signature[64] of
 * "VDA1-checkpoint" || seq[8] || previous hash[32]: it signs the chain
 * up to and including the record before it.
 */
#include <string.h>

#include "vigil/device/audit.h"
#include "crypto_port.h"
#include "devint.h"

#define CHAIN_TAG "VDA1"
#define CP_TAG "VDA1-checkpoint"
#define CP_DATA (VIGIL_DEV_KEYID_BYTES + VIGIL_DEV_SIG_BYTES)

int
vigil_dev_audit_record_parse(vigil_dev_audit_record *out, size_t *used,
    const uint8_t *buf, size_t len)
{
	size_t d, n;

	memset(out, 0, sizeof(*out));
	if (len < VIGIL_DEV_AUDIT_FIXED + VIGIL_DEV_DIGEST_BYTES)
		return VIGIL_DEV_EFORMAT;
	d = buf[1];
	if (d > VIGIL_DEV_AUDIT_DATA_MAX)
		return VIGIL_DEV_EFORMAT;
	n = VIGIL_DEV_AUDIT_FIXED + d + VIGIL_DEV_DIGEST_BYTES;
	if (len < n)
		return VIGIL_DEV_EFORMAT;
	out->type = buf[0];
	out->event = vigil__dev_be16_load(buf + 2);
	if (out->type == VIGIL_DEV_AUDIT_CHECKPOINT) {
		if (d != CP_DATA || out->event != 0)
			return VIGIL_DEV_EFORMAT;
	} else if (out->type != VIGIL_DEV_AUDIT_EVENT) {
		return VIGIL_DEV_EFORMAT;
	}
	out->seq = vigil__dev_be64_load(buf + 4);
	if (out->seq == 0)
		return VIGIL_DEV_EFORMAT;
	out->time = vigil__dev_be64_load(buf + 12);
	out->data = buf + VIGIL_DEV_AUDIT_FIXED;
	out->data_len = d;
	out->hash = buf + VIGIL_DEV_AUDIT_FIXED + d;
	out->raw = buf;
	out->raw_len = n;
	*used = n;
	return VIGIL_DEV_OK;
}

int
vigil_dev_audit_init(vigil_dev_audit *a, vigil_dev_audit_append_fn append,
    void *payload, const uint8_t sk[VIGIL_DEV_SK_BYTES],
    const uint8_t key_id[VIGIL_DEV_KEYID_BYTES], unsigned every)
{
	memset(a, 0, sizeof(*a));
	if (every == 0 || every > 65535)
		return VIGIL_DEV_ESTATE;
	a->append = append;
	a->payload = payload;
	memcpy(a->sk, sk, VIGIL_DEV_SK_BYTES);
	memcpy(a->key_id, key_id, VIGIL_DEV_KEYID_BYTES);
	a->every = every;
	return VIGIL_DEV_OK;
}

void
vigil_dev_audit_dispose(vigil_dev_audit *a)
{
	vigil_port_wipe(a, sizeof(*a));
}

/* Build a record in a->rec after the current head; *LEN_OUT its size. */
static int
build(vigil_dev_audit *a, size_t *len_out, unsigned type, unsigned event,
    uint64_t now, const uint8_t *data, size_t len)
{
	uint8_t *r = a->rec;

	r[0] = (uint8_t)type;
	r[1] = (uint8_t)len;
	vigil__dev_be16_store(r + 2, event);
	vigil__dev_be64_store(r + 4, a->seq + 1);
	vigil__dev_be64_store(r + 12, now);
	if (len > 0)
		memcpy(r + VIGIL_DEV_AUDIT_FIXED, data, len);
	if (vigil__dev_sha256(r + VIGIL_DEV_AUDIT_FIXED + len,
	    (const uint8_t *)CHAIN_TAG, 4, a->head, 32, r,
	    VIGIL_DEV_AUDIT_FIXED + len) != 0)
		return VIGIL_DEV_ECRYPTO;
	*len_out = VIGIL_DEV_AUDIT_FIXED + len + VIGIL_DEV_DIGEST_BYTES;
	return VIGIL_DEV_OK;
}

static int
write_record(vigil_dev_audit *a, unsigned type, unsigned event, uint64_t now,
    const uint8_t *data, size_t len)
{
	size_t n;
	int rc;

	if ((rc = build(a, &n, type, event, now, data, len)) != VIGIL_DEV_OK)
		return rc;
	if (a->append == NULL || a->append(a->payload, a->rec, n) != 0)
		return VIGIL_DEV_ESTORAGE;
	a->seq++;
	memcpy(a->head, a->rec + n - 32, 32);
	return VIGIL_DEV_OK;
}

static void
checkpoint_msg(uint8_t msg[sizeof(CP_TAG) - 1 + 8 + 32], uint64_t seq,
    const uint8_t prev[32])
{
	memcpy(msg, CP_TAG, sizeof(CP_TAG) - 1);
	vigil__dev_be64_store(msg + sizeof(CP_TAG) - 1, seq);
	memcpy(msg + sizeof(CP_TAG) - 1 + 8, prev, 32);
}

int
vigil_dev_audit_checkpoint(vigil_dev_audit *a, uint64_t now)
{
	uint8_t msg[sizeof(CP_TAG) - 1 + 8 + 32];
	uint8_t data[CP_DATA];
	int rc;

	checkpoint_msg(msg, a->seq + 1, a->head);
	memcpy(data, a->key_id, VIGIL_DEV_KEYID_BYTES);
	if (vigil_port_ed25519_sign(data + VIGIL_DEV_KEYID_BYTES, msg,
	    sizeof(msg), a->sk) != 0)
		return VIGIL_DEV_ECRYPTO;
	rc = write_record(a, VIGIL_DEV_AUDIT_CHECKPOINT, 0, now, data,
	    sizeof(data));
	if (rc == VIGIL_DEV_OK)
		a->since = 0;
	return rc;
}

int
vigil_dev_audit_append(vigil_dev_audit *a, uint64_t now, unsigned event,
    const uint8_t *data, size_t len)
{
	int rc;

	if (len > VIGIL_DEV_AUDIT_DATA_MAX || event == 0 || event > 0xffff)
		return VIGIL_DEV_ESPACE;
	if ((rc = write_record(a, VIGIL_DEV_AUDIT_EVENT, event, now, data,
	    len)) != VIGIL_DEV_OK)
		return rc;
	if (++a->since >= a->every)
		return vigil_dev_audit_checkpoint(a, now);
	return VIGIL_DEV_OK;
}

/*
 * Whether sequence number SEQ occurs in the records of LOG from byte
 * offset OFF on (records that do not parse end the search).
 */
static int
seq_later(const uint8_t *log, size_t len, size_t off, uint64_t seq)
{
	vigil_dev_audit_record r;
	size_t used;

	while (off < len && vigil_dev_audit_record_parse(&r, &used, log + off,
	    len - off) == VIGIL_DEV_OK) {
		if (r.seq == seq)
			return 1;
		off += used;
	}
	return 0;
}

static int
fail(vigil_dev_audit_result *res, int status, uint64_t seq, size_t off)
{
	res->status = status;
	res->seq = seq;
	res->offset = off;
	return status;
}

static int
verify(vigil_dev_audit_result *res, uint8_t head[32], uint64_t *last_seq,
    const uint8_t *log, size_t len, const uint8_t *pk)
{
	uint8_t prev[32], hash[32];
	uint8_t msg[sizeof(CP_TAG) - 1 + 8 + 32];
	uint64_t expect = 1;
	size_t off = 0, used;
	vigil_dev_audit_record r;

	memset(res, 0, sizeof(*res));
	memset(prev, 0, sizeof(prev));
	while (off < len) {
		if (vigil_dev_audit_record_parse(&r, &used, log + off,
		    len - off) != VIGIL_DEV_OK)
			return fail(res, VIGIL_DEV_EFORMAT, expect, off);
		if (r.seq < expect)
			return fail(res, VIGIL_DEV_EREORDERED, r.seq, off);
		if (r.seq > expect) {
			/* A missing number that turns up later is a
			 * reordering; one that never does was removed. */
			if (seq_later(log, len, off + used, expect))
				return fail(res, VIGIL_DEV_EREORDERED, expect,
				    off);
			res->count = r.seq - expect;
			return fail(res, VIGIL_DEV_EREMOVED, expect, off);
		}
		if (vigil__dev_sha256(hash, (const uint8_t *)CHAIN_TAG, 4,
		    prev, 32, r.raw, VIGIL_DEV_AUDIT_FIXED + r.data_len) != 0)
			return fail(res, VIGIL_DEV_ECRYPTO, r.seq, off);
		if (vigil_port_memeq(hash, r.hash, 32) != 0)
			return fail(res, VIGIL_DEV_EALTERED, r.seq, off);
		if (r.type == VIGIL_DEV_AUDIT_CHECKPOINT) {
			checkpoint_msg(msg, r.seq, prev);
			if (pk != NULL && vigil_port_ed25519_verify(r.data +
			    VIGIL_DEV_KEYID_BYTES, msg, sizeof(msg), pk) != 0)
				return fail(res, VIGIL_DEV_ECHECKPOINT, r.seq,
				    off);
			if (pk != NULL)
				res->checkpoints++;
			res->unsigned_tail = 0;
		} else {
			res->unsigned_tail++;
		}
		memcpy(prev, hash, 32);
		res->records++;
		expect++;
		off += used;
	}
	if (head != NULL)
		memcpy(head, prev, 32);
	if (last_seq != NULL)
		*last_seq = expect - 1;
	return VIGIL_DEV_OK;
}

int
vigil_dev_audit_verify(vigil_dev_audit_result *res, const uint8_t *log,
    size_t len, const uint8_t *pk)
{
	vigil_dev_audit_result tmp;

	return verify(res != NULL ? res : &tmp, NULL, NULL, log, len, pk);
}

int
vigil_dev_audit_resume(vigil_dev_audit *a, const uint8_t *log, size_t len)
{
	vigil_dev_audit_result res;
	int rc;

	if ((rc = verify(&res, a->head, &a->seq, log, len, NULL)) !=
	    VIGIL_DEV_OK)
		return rc;
	a->since = (unsigned)(res.unsigned_tail % a->every);
	return VIGIL_DEV_OK;
}
