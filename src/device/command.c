/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: controller commands with anti-replay and the signal of
 * intent.  Message layout (docs/device-kit.md), big-endian:
 *
 *     0   4  "VDC1"
 *     4   1  format version (1)
 *     5   1  flags (bit 0 CONFIRM; others must be 0)
 *     6   2  opcode
 *     8   8  device id
 *     16  8  controller key id
 *     24  8  counter (>= 1)
 *     32  8  controller time, s
 *     40  8  ref: the held counter (CONFIRM), else 0
 *     48  2  payload length P (0..512)
 *     50  P  payload
 *     50+P 64 Ed25519 signature of bytes 0 .. 50+P
 */
#include <string.h>

#include "vigil/device/command.h"
#include "crypto_port.h"
#include "devint.h"

#define MAGIC "VDC1"
#define FORMAT 1

int
vigil_dev_cmd_parse(vigil_dev_cmd_msg *out, const uint8_t *buf, size_t len)
{
	size_t p;

	memset(out, 0, sizeof(*out));
	if (len < VIGIL_DEV_CMD_FIXED + VIGIL_DEV_SIG_BYTES ||
	    memcmp(buf, MAGIC, 4) != 0 || buf[4] != FORMAT ||
	    (buf[5] & ~VIGIL_DEV_CMD_CONFIRM) != 0)
		return VIGIL_DEV_EFORMAT;
	p = vigil__dev_be16_load(buf + 48);
	if (p > VIGIL_DEV_CMD_PAYLOAD_MAX ||
	    len != VIGIL_DEV_CMD_FIXED + p + VIGIL_DEV_SIG_BYTES)
		return VIGIL_DEV_EFORMAT;
	out->flags = buf[5];
	out->opcode = vigil__dev_be16_load(buf + 6);
	memcpy(out->device_id, buf + 8, VIGIL_DEV_ID_BYTES);
	memcpy(out->key_id, buf + 16, VIGIL_DEV_KEYID_BYTES);
	out->counter = vigil__dev_be64_load(buf + 24);
	out->time = vigil__dev_be64_load(buf + 32);
	out->ref = vigil__dev_be64_load(buf + 40);
	if (out->counter == 0 ||
	    ((out->flags & VIGIL_DEV_CMD_CONFIRM) != 0) != (out->ref != 0))
		return VIGIL_DEV_EFORMAT;
	out->payload = buf + VIGIL_DEV_CMD_FIXED;
	out->payload_len = p;
	out->body_len = VIGIL_DEV_CMD_FIXED + p;
	out->sig = buf + out->body_len;
	return VIGIL_DEV_OK;
}

int
vigil_dev_cmd_encode_body(uint8_t *buf, size_t size, size_t *len_out,
    const vigil_dev_cmd_msg *m)
{
	size_t n;

	if (m->payload_len > VIGIL_DEV_CMD_PAYLOAD_MAX || m->counter == 0 ||
	    m->opcode > 0xffff || (m->flags & ~VIGIL_DEV_CMD_CONFIRM) != 0 ||
	    ((m->flags & VIGIL_DEV_CMD_CONFIRM) != 0) != (m->ref != 0))
		return VIGIL_DEV_EFORMAT;
	n = VIGIL_DEV_CMD_FIXED + m->payload_len;
	if (size < n)
		return VIGIL_DEV_ESPACE;
	memcpy(buf, MAGIC, 4);
	buf[4] = FORMAT;
	buf[5] = (uint8_t)m->flags;
	vigil__dev_be16_store(buf + 6, m->opcode);
	memcpy(buf + 8, m->device_id, VIGIL_DEV_ID_BYTES);
	memcpy(buf + 16, m->key_id, VIGIL_DEV_KEYID_BYTES);
	vigil__dev_be64_store(buf + 24, m->counter);
	vigil__dev_be64_store(buf + 32, m->time);
	vigil__dev_be64_store(buf + 40, m->ref);
	vigil__dev_be16_store(buf + 48, (unsigned)m->payload_len);
	if (m->payload_len > 0)
		memcpy(buf + VIGIL_DEV_CMD_FIXED, m->payload, m->payload_len);
	*len_out = n;
	return VIGIL_DEV_OK;
}

int
vigil_dev_cmd_init(vigil_dev_cmd_ctx *c,
    const uint8_t device_id[VIGIL_DEV_ID_BYTES],
    vigil_dev_controller *controllers, size_t ncontrollers,
    const vigil_dev_opdef *ops, size_t nops, uint32_t fresh_window,
    uint32_t confirm_window, vigil_dev_audit *audit)
{
	memset(c, 0, sizeof(*c));
	if (fresh_window == 0 || confirm_window == 0)
		return VIGIL_DEV_ESTATE;
	memcpy(c->device_id, device_id, VIGIL_DEV_ID_BYTES);
	c->controllers = controllers;
	c->ncontrollers = ncontrollers;
	c->ops = ops;
	c->nops = nops;
	c->fresh_window = fresh_window;
	c->confirm_window = confirm_window;
	c->audit = audit;
	return VIGIL_DEV_OK;
}

void
vigil_dev_cmd_dispose(vigil_dev_cmd_ctx *c)
{
	c->held = 0;
	vigil_port_wipe(c->held_payload, sizeof(c->held_payload));
	vigil_port_wipe(c->held_digest, sizeof(c->held_digest));
}

/* Log EVENT with (status, opcode, counter); status 0 is left out. */
static int
logev(vigil_dev_cmd_ctx *c, uint64_t now, unsigned event, int status,
    unsigned opcode, uint64_t counter)
{
	uint8_t d[11];
	size_t n = 0;

	if (c->audit == NULL)
		return VIGIL_DEV_OK;
	if (status != 0)
		d[n++] = (uint8_t)(signed char)status;
	vigil__dev_be16_store(d + n, opcode);
	vigil__dev_be64_store(d + n + 2, counter);
	n += 10;
	return vigil_dev_audit_append(c->audit, now, event, d, n);
}

/* Refuse with STATUS, logging it; a log failure does not hide STATUS. */
static int
refuse(vigil_dev_cmd_ctx *c, uint64_t now, int status, unsigned opcode,
    uint64_t counter)
{
	(void)logev(c, now, VIGIL_DEV_EV_CMD_REFUSED, status, opcode, counter);
	return status;
}

static int
drop_held(vigil_dev_cmd_ctx *c, uint64_t now)
{
	int rc;

	rc = logev(c, now, VIGIL_DEV_EV_CMD_UNCONFIRMED, 0, c->held_opcode,
	    c->held_counter);
	vigil_dev_cmd_dispose(c);
	return rc;
}

/* Hand out the held command as confirmed (logged); it stays readable in
 * the context until the next call. */
static int
release_held(vigil_dev_cmd_ctx *c, vigil_dev_cmd *out, uint64_t now)
{
	int rc;

	c->held = 0;
	if ((rc = logev(c, now, VIGIL_DEV_EV_CMD_CONFIRMED, 0, c->held_opcode,
	    c->held_counter)) != VIGIL_DEV_OK)
		return rc;
	out->opcode = c->held_opcode;
	out->counter = c->held_counter;
	memcpy(out->key_id, c->held_key_id, VIGIL_DEV_KEYID_BYTES);
	out->payload = c->held_payload;
	out->payload_len = c->held_len;
	memcpy(out->digest, c->held_digest, 32);
	out->confirmed = 1;
	return VIGIL_DEV_OK;
}

int
vigil_dev_cmd_tick(vigil_dev_cmd_ctx *c, uint64_t now)
{
	if (c->held && now > c->held_deadline) {
		(void)drop_held(c, now);
		return VIGIL_DEV_EUNCONFIRMED;
	}
	return VIGIL_DEV_OK;
}

int
vigil_dev_cmd_confirm_local(vigil_dev_cmd_ctx *c, vigil_dev_cmd *out,
    uint64_t now)
{
	memset(out, 0, sizeof(*out));
	if (!c->held)
		return VIGIL_DEV_ENOTPENDING;
	if (now > c->held_deadline) {
		(void)drop_held(c, now);
		return VIGIL_DEV_ELATE;
	}
	return release_held(c, out, now);
}

static int
confirm(vigil_dev_cmd_ctx *c, vigil_dev_cmd *out, const vigil_dev_cmd_msg *m,
    uint64_t now)
{
	if (!c->held || m->ref != c->held_counter ||
	    m->opcode != c->held_opcode || m->payload_len != 32 ||
	    vigil_port_memeq(m->payload, c->held_digest, 32) != 0)
		return refuse(c, now, VIGIL_DEV_ENOTPENDING, m->opcode,
		    m->counter);
	if (now > c->held_deadline) {
		(void)refuse(c, now, VIGIL_DEV_ELATE, m->opcode, m->counter);
		(void)drop_held(c, now);
		return VIGIL_DEV_ELATE;
	}
	return release_held(c, out, now);
}

int
vigil_dev_cmd_receive(vigil_dev_cmd_ctx *c, vigil_dev_cmd *out,
    const uint8_t *buf, size_t len, uint64_t now)
{
	vigil_dev_controller *ctl = NULL;
	const vigil_dev_opdef *op = NULL;
	vigil_dev_cmd_msg m;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (vigil_dev_cmd_parse(&m, buf, len) != VIGIL_DEV_OK)
		return refuse(c, now, VIGIL_DEV_EFORMAT, 0, 0);
	if (vigil_port_memeq(m.device_id, c->device_id,
	    VIGIL_DEV_ID_BYTES) != 0)
		return refuse(c, now, VIGIL_DEV_EDEVICE, m.opcode, m.counter);
	for (i = 0; i < c->ncontrollers; i++)
		if (memcmp(c->controllers[i].key_id, m.key_id,
		    VIGIL_DEV_KEYID_BYTES) == 0) {
			ctl = &c->controllers[i];
			break;
		}
	if (ctl == NULL)
		return refuse(c, now, VIGIL_DEV_EKEY, m.opcode, m.counter);
	if (vigil_port_ed25519_verify(m.sig, buf, m.body_len, ctl->pk) != 0)
		return refuse(c, now, VIGIL_DEV_ESIG, m.opcode, m.counter);
	/* Authentic from here on. */
	if (m.counter == ctl->last_counter)
		return refuse(c, now, VIGIL_DEV_EREPLAY, m.opcode, m.counter);
	if (m.counter < ctl->last_counter)
		return refuse(c, now, VIGIL_DEV_EORDER, m.opcode, m.counter);
	if ((m.time > now ? m.time - now : now - m.time) > c->fresh_window)
		return refuse(c, now, VIGIL_DEV_ESTALE, m.opcode, m.counter);
	for (i = 0; i < c->nops; i++)
		if (c->ops[i].opcode == m.opcode) {
			op = &c->ops[i];
			break;
		}
	if (op == NULL)
		return refuse(c, now, VIGIL_DEV_EOPCODE, m.opcode, m.counter);
	ctl->last_counter = m.counter;

	if (m.flags & VIGIL_DEV_CMD_CONFIRM)
		return confirm(c, out, &m, now);

	out->opcode = m.opcode;
	out->counter = m.counter;
	memcpy(out->key_id, m.key_id, VIGIL_DEV_KEYID_BYTES);
	out->payload = m.payload;
	out->payload_len = m.payload_len;
	if (vigil__dev_sha256(out->digest, buf, len, NULL, 0, NULL, 0) != 0)
		return VIGIL_DEV_ECRYPTO;

	if (op->flags & VIGIL_DEV_OP_CRITICAL) {
		/* A newer critical command replaces a held one. */
		if (c->held && (rc = drop_held(c, now)) != VIGIL_DEV_OK)
			return rc;
		if ((rc = logev(c, now, VIGIL_DEV_EV_CMD_PENDING, 0, m.opcode,
		    m.counter)) != VIGIL_DEV_OK)
			return rc;
		c->held = 1;
		c->held_opcode = m.opcode;
		c->held_counter = m.counter;
		c->held_deadline = vigil__dev_add_sat(now, c->confirm_window);
		memcpy(c->held_key_id, m.key_id, VIGIL_DEV_KEYID_BYTES);
		memcpy(c->held_digest, out->digest, 32);
		c->held_len = m.payload_len;
		if (m.payload_len > 0)
			memcpy(c->held_payload, m.payload, m.payload_len);
		return VIGIL_DEV_PENDING;
	}
	if ((rc = logev(c, now, VIGIL_DEV_EV_CMD_ACCEPTED, 0, m.opcode,
	    m.counter)) != VIGIL_DEV_OK)
		return rc;
	return VIGIL_DEV_OK;
}
