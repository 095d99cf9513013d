/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit, commands: accepted commands, every refusal (malformed,
 * other device, unknown key, wrong signature, replayed, reordered, stale
 * in both directions, unknown opcode), the signal of intent for
 * safety-critical commands (held, confirmed, missing confirmation, late
 * confirmation, confirmation of something else, local confirmation), and
 * that each outcome reaches the audit log.
 */
#include <string.h>

#include "testutil.h"
#include "crypto_port.h"
#include "vigil/device/command.h"
#include "vigil/device/link.h"

enum { OP_STATUS = 1, OP_DOSE = 0x10 };

static const vigil_dev_opdef ops[] = {
	{OP_STATUS, 0},
	{OP_DOSE, VIGIL_DEV_OP_CRITICAL},
};
static const uint8_t dev_id[8] = {'D', 'E', 'V', '0', '0', '0', '0', '1'};
static uint8_t ctl_pk[32], ctl_sk[64], bad_sk[64], dev_sk[64], dev_pk[32];

/* The audit log in memory. */
static uint8_t logbuf[16384];
static size_t loglen;
static int log_fail;

static int
append(void *payload, const uint8_t *rec, size_t len)
{
	(void)payload;
	if (log_fail || len > sizeof(logbuf) - loglen)
		return -1;
	memcpy(logbuf + loglen, rec, len);
	loglen += len;
	return 0;
}

static vigil_dev_controller ctl[1];
static vigil_dev_audit audit;
static vigil_dev_cmd_ctx ctx;

static int
setup(void **state)
{
	uint8_t seed[32], pk[32];

	(void)state;
	if (vigil_port_init() != 0)
		return -1;
	memset(seed, 1, 32);
	(void)vigil_port_ed25519_seed_keypair(ctl_pk, ctl_sk, seed);
	memset(seed, 2, 32);
	(void)vigil_port_ed25519_seed_keypair(pk, bad_sk, seed);
	memset(seed, 3, 32);
	(void)vigil_port_ed25519_seed_keypair(dev_pk, dev_sk, seed);
	return 0;
}

static int
fresh(void **state)
{
	(void)state;
	loglen = 0;
	log_fail = 0;
	memset(ctl, 0, sizeof(ctl));
	memcpy(ctl[0].key_id, "CTLKEY01", 8);
	memcpy(ctl[0].pk, ctl_pk, 32);
	if (vigil_dev_audit_init(&audit, append, NULL, dev_sk,
	    (const uint8_t *)"DEVKEY01", 8) != 0)
		return -1;
	return vigil_dev_cmd_init(&ctx, dev_id, ctl, 1, ops, 2, 30, 20,
	    &audit);
}

/* A signed message; returns its length. */
static size_t
msg(uint8_t *buf, unsigned op, uint64_t counter, uint64_t t, unsigned flags,
    uint64_t ref, const void *payload, size_t plen, const uint8_t *sk)
{
	vigil_dev_cmd_msg m;
	size_t n;

	memset(&m, 0, sizeof(m));
	m.flags = flags;
	m.opcode = op;
	memcpy(m.device_id, dev_id, 8);
	memcpy(m.key_id, "CTLKEY01", 8);
	m.counter = counter;
	m.time = t;
	m.ref = ref;
	m.payload = payload;
	m.payload_len = plen;
	assert_int_equal(vigil_dev_cmd_encode_body(buf, VIGIL_DEV_CMD_MAX, &n,
	    &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_port_ed25519_sign(buf + n, buf, n, sk), 0);
	return n + 64;
}

/* Event code of the last audit record. */
static unsigned
last_event(uint8_t *status)
{
	vigil_dev_audit_record r, last;
	size_t off = 0, used;

	memset(&last, 0, sizeof(last));
	while (off < loglen && vigil_dev_audit_record_parse(&r, &used,
	    logbuf + off, loglen - off) == 0) {
		if (r.type == VIGIL_DEV_AUDIT_EVENT)
			last = r;
		off += used;
	}
	if (status != NULL)
		*status = last.data_len == 11 ? last.data[0] : 0;
	return last.event;
}

static void
test_accept(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c;
	size_t n;

	(void)state;
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, "hi", 2, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_OK);
	assert_int_equal(c.opcode, OP_STATUS);
	assert_int_equal(c.payload_len, 2);
	assert_memory_equal(c.payload, "hi", 2);
	assert_int_equal(c.confirmed, 0);
	assert_int_equal(ctl[0].last_counter, 1);
	assert_int_equal(last_event(NULL), VIGIL_DEV_EV_CMD_ACCEPTED);
	/* Counters may skip; the window is inclusive. */
	n = msg(buf, OP_STATUS, 1000000, 1030, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_audit_verify(NULL, logbuf, loglen, dev_pk),
	    VIGIL_DEV_OK);
}

static void
test_replay_and_order(void **state)
{
	uint8_t a[VIGIL_DEV_CMD_MAX], b[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c;
	uint8_t st;
	size_t na, nb;

	(void)state;
	na = msg(a, OP_STATUS, 5, 1000, 0, 0, NULL, 0, ctl_sk);
	nb = msg(b, OP_STATUS, 6, 1000, 0, 0, NULL, 0, ctl_sk);
	/* Delivered out of order: 6 then 5. */
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, b, nb, 1001),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, a, na, 1001),
	    VIGIL_DEV_EORDER);
	assert_int_equal(last_event(&st), VIGIL_DEV_EV_CMD_REFUSED);
	assert_int_equal((signed char)st, VIGIL_DEV_EORDER);
	/* 6 again: a replay. */
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, b, nb, 1002),
	    VIGIL_DEV_EREPLAY);
	assert_int_equal(last_event(&st), VIGIL_DEV_EV_CMD_REFUSED);
	assert_int_equal((signed char)st, VIGIL_DEV_EREPLAY);
	assert_int_equal(ctl[0].last_counter, 6);
}

static void
test_stale(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c;
	size_t n;

	(void)state;
	/* Older than the window, and from the future. */
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1031),
	    VIGIL_DEV_ESTALE);
	n = msg(buf, OP_STATUS, 2, 2000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_ESTALE);
	/* A refused message does not consume its counter. */
	assert_int_equal(ctl[0].last_counter, 0);
	n = msg(buf, OP_STATUS, 1, 0, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n,
	    UINT64_MAX), VIGIL_DEV_ESTALE);
	n = msg(buf, OP_STATUS, 1, UINT64_MAX, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 0),
	    VIGIL_DEV_ESTALE);
}

static void
test_auth_refusals(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c;
	size_t n;

	(void)state;
	/* Wrong signature. */
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, "x", 1, bad_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_ESIG);
	/* A changed payload byte. */
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, "x", 1, ctl_sk);
	buf[VIGIL_DEV_CMD_FIXED] = 'y';
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_ESIG);
	/* Another device. */
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, NULL, 0, ctl_sk);
	buf[8] ^= 1;
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_EDEVICE);
	buf[8] ^= 1;
	/* Unknown key id. */
	buf[16] ^= 1;
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_EKEY);
	buf[16] ^= 1;
	/* Unknown opcode (authentic). */
	n = msg(buf, 77, 1, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_EOPCODE);
	/* Malformed: truncated, trailing byte, zero counter. */
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n - 1, 1000),
	    VIGIL_DEV_EFORMAT);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n + 1, 1000),
	    VIGIL_DEV_EFORMAT);
	memset(buf + 24, 0, 8);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_EFORMAT);
	assert_int_equal(ctl[0].last_counter, 0);
}

static void
test_parse_limits(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX + 1];
	uint8_t payload[VIGIL_DEV_CMD_PAYLOAD_MAX + 1];
	vigil_dev_cmd_msg m;
	size_t n, i;

	(void)state;
	memset(payload, 'p', sizeof(payload));
	n = msg(buf, OP_STATUS, 1, 1, 0, 0, payload,
	    VIGIL_DEV_CMD_PAYLOAD_MAX, ctl_sk);
	assert_int_equal(n, VIGIL_DEV_CMD_MAX);
	assert_int_equal(vigil_dev_cmd_parse(&m, buf, n), VIGIL_DEV_OK);
	for (i = 0; i < n; i += 7)
		assert_int_equal(vigil_dev_cmd_parse(&m, buf, i),
		    VIGIL_DEV_EFORMAT);
	/* Payload length above the limit. */
	buf[48] = 0x02;
	buf[49] = 0x01;
	assert_int_equal(vigil_dev_cmd_parse(&m, buf, n + 1),
	    VIGIL_DEV_EFORMAT);
	memset(&m, 0, sizeof(m));
	m.counter = 1;
	m.payload = payload;
	m.payload_len = VIGIL_DEV_CMD_PAYLOAD_MAX + 1;
	assert_int_equal(vigil_dev_cmd_encode_body(buf, sizeof(buf), &n, &m),
	    VIGIL_DEV_EFORMAT);
	/* CONFIRM needs a ref and a ref needs CONFIRM. */
	m.payload_len = 0;
	m.ref = 3;
	assert_int_equal(vigil_dev_cmd_encode_body(buf, sizeof(buf), &n, &m),
	    VIGIL_DEV_EFORMAT);
	m.flags = VIGIL_DEV_CMD_CONFIRM;
	assert_int_equal(vigil_dev_cmd_encode_body(buf, sizeof(buf), &n, &m),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_cmd_encode_body(buf, 10, &n, &m),
	    VIGIL_DEV_ESPACE);
}

static void
test_intent(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX], conf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c, held;
	size_t n, nc;

	(void)state;
	n = msg(buf, OP_DOSE, 10, 1000, 0, 0, "5ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &held, buf, n, 1000),
	    VIGIL_DEV_PENDING);
	assert_int_equal(last_event(NULL), VIGIL_DEV_EV_CMD_PENDING);
	/* A plain command meanwhile runs; the dose stays held. */
	nc = msg(conf, OP_STATUS, 11, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1001),
	    VIGIL_DEV_OK);
	/* A confirmation for another counter, or another digest. */
	nc = msg(conf, OP_DOSE, 12, 1002, VIGIL_DEV_CMD_CONFIRM, 9,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1002),
	    VIGIL_DEV_ENOTPENDING);
	held.digest[0] ^= 1;
	nc = msg(conf, OP_DOSE, 13, 1002, VIGIL_DEV_CMD_CONFIRM, 10,
	    held.digest, 32, ctl_sk);
	held.digest[0] ^= 1;
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1002),
	    VIGIL_DEV_ENOTPENDING);
	/* The right one, within the limit. */
	nc = msg(conf, OP_DOSE, 14, 1019, VIGIL_DEV_CMD_CONFIRM, 10,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1019),
	    VIGIL_DEV_OK);
	assert_int_equal(c.opcode, OP_DOSE);
	assert_int_equal(c.counter, 10);
	assert_int_equal(c.confirmed, 1);
	assert_memory_equal(c.payload, "5ml", 3);
	assert_int_equal(last_event(NULL), VIGIL_DEV_EV_CMD_CONFIRMED);
	/* Confirming again: nothing held any more (and a replay). */
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1019),
	    VIGIL_DEV_EREPLAY);
	nc = msg(conf, OP_DOSE, 15, 1019, VIGIL_DEV_CMD_CONFIRM, 10,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1019),
	    VIGIL_DEV_ENOTPENDING);
	/* Replaying the held command itself. */
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1020),
	    VIGIL_DEV_EORDER);
	assert_int_equal(vigil_dev_audit_verify(NULL, logbuf, loglen, dev_pk),
	    VIGIL_DEV_OK);
}

static void
test_late_and_missing(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX], conf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c, held;
	size_t n, nc;

	(void)state;
	/* Late: the confirmation comes 21 s later, limit 20. */
	n = msg(buf, OP_DOSE, 1, 1000, 0, 0, "5ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &held, buf, n, 1000),
	    VIGIL_DEV_PENDING);
	nc = msg(conf, OP_DOSE, 2, 1021, VIGIL_DEV_CMD_CONFIRM, 1,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1021),
	    VIGIL_DEV_ELATE);
	assert_int_equal(last_event(NULL), VIGIL_DEV_EV_CMD_UNCONFIRMED);
	assert_int_equal(vigil_dev_cmd_tick(&ctx, 1100), VIGIL_DEV_OK);
	/* Missing: nobody confirms; the tick drops it. */
	n = msg(buf, OP_DOSE, 3, 1100, 0, 0, "7ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &held, buf, n, 1100),
	    VIGIL_DEV_PENDING);
	assert_int_equal(vigil_dev_cmd_tick(&ctx, 1120), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_cmd_tick(&ctx, 1121),
	    VIGIL_DEV_EUNCONFIRMED);
	assert_int_equal(last_event(NULL), VIGIL_DEV_EV_CMD_UNCONFIRMED);
	nc = msg(conf, OP_DOSE, 4, 1121, VIGIL_DEV_CMD_CONFIRM, 3,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1121),
	    VIGIL_DEV_ENOTPENDING);
	/* A newer critical command replaces the held one. */
	n = msg(buf, OP_DOSE, 5, 1200, 0, 0, "1ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &held, buf, n, 1200),
	    VIGIL_DEV_PENDING);
	n = msg(buf, OP_DOSE, 6, 1200, 0, 0, "2ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1200),
	    VIGIL_DEV_PENDING);
	nc = msg(conf, OP_DOSE, 7, 1201, VIGIL_DEV_CMD_CONFIRM, 5,
	    held.digest, 32, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, conf, nc, 1201),
	    VIGIL_DEV_ENOTPENDING);
	/* Local confirmation (a button): in time, then nothing held. */
	assert_int_equal(vigil_dev_cmd_confirm_local(&ctx, &c, 1210),
	    VIGIL_DEV_OK);
	assert_memory_equal(c.payload, "2ml", 3);
	assert_int_equal(vigil_dev_cmd_confirm_local(&ctx, &c, 1210),
	    VIGIL_DEV_ENOTPENDING);
	n = msg(buf, OP_DOSE, 8, 1300, 0, 0, "3ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1300),
	    VIGIL_DEV_PENDING);
	assert_int_equal(vigil_dev_cmd_confirm_local(&ctx, &c, 1321),
	    VIGIL_DEV_ELATE);
	/* A deadline at the end of time does not wrap into the past. */
	n = msg(buf, OP_DOSE, 9, UINT64_MAX - 5, 0, 0, "4ml", 3, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n,
	    UINT64_MAX - 5), VIGIL_DEV_PENDING);
	assert_int_equal(vigil_dev_cmd_tick(&ctx, UINT64_MAX), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_cmd_confirm_local(&ctx, &c, UINT64_MAX),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_audit_verify(NULL, logbuf, loglen, dev_pk),
	    VIGIL_DEV_OK);
}

static void
test_log_failure(void **state)
{
	uint8_t buf[VIGIL_DEV_CMD_MAX];
	vigil_dev_cmd c;
	size_t n;

	(void)state;
	/* No record, no command. */
	log_fail = 1;
	n = msg(buf, OP_STATUS, 1, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_ESTORAGE);
	n = msg(buf, OP_DOSE, 2, 1000, 0, 0, NULL, 0, ctl_sk);
	assert_int_equal(vigil_dev_cmd_receive(&ctx, &c, buf, n, 1000),
	    VIGIL_DEV_ESTORAGE);
	assert_int_equal(vigil_dev_cmd_confirm_local(&ctx, &c, 1000),
	    VIGIL_DEV_ENOTPENDING);
	assert_int_equal(vigil_dev_cmd_init(&ctx, dev_id, ctl, 1, ops, 2, 0,
	    20, NULL), VIGIL_DEV_ESTATE);
}

static void
test_link_and_status(void **state)
{
	uint8_t h[VIGIL_DEV_LINK_HEADER];
	unsigned type;
	uint32_t len;
	int st;

	(void)state;
	vigil_dev_link_header(h, VIGIL_DEV_LINK_CMD, 626);
	assert_int_equal(vigil_dev_link_parse_header(&type, &len, h),
	    VIGIL_DEV_OK);
	assert_int_equal(type, 'C');
	assert_int_equal(len, 626);
	vigil_dev_link_header(h, 'H', VIGIL_DEV_LINK_MAX);
	assert_int_equal(vigil_dev_link_parse_header(&type, &len, h),
	    VIGIL_DEV_OK);
	vigil_dev_link_header(h, 'H', VIGIL_DEV_LINK_MAX + 1);
	assert_int_equal(vigil_dev_link_parse_header(&type, &len, h),
	    VIGIL_DEV_ESPACE);
	vigil_dev_link_header(h, 'C', UINT32_MAX);
	assert_int_equal(vigil_dev_link_parse_header(&type, &len, h),
	    VIGIL_DEV_ESPACE);
	/* Every status has a name and a text of its own. */
	for (st = VIGIL_DEV_ECHECKPOINT; st <= VIGIL_DEV_PENDING; st++) {
		assert_string_not_equal(vigil_dev_status_name(st), "?");
		assert_string_not_equal(vigil_dev_strerror(st),
		    "unknown status");
		if (st > VIGIL_DEV_ECHECKPOINT)
			assert_string_not_equal(vigil_dev_strerror(st),
			    vigil_dev_strerror(st - 1));
	}
	assert_string_equal(vigil_dev_status_name(VIGIL_DEV_ECHECKPOINT - 1),
	    "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_accept, fresh),
		cmocka_unit_test_setup(test_replay_and_order, fresh),
		cmocka_unit_test_setup(test_stale, fresh),
		cmocka_unit_test_setup(test_auth_refusals, fresh),
		cmocka_unit_test_setup(test_parse_limits, fresh),
		cmocka_unit_test_setup(test_intent, fresh),
		cmocka_unit_test_setup(test_late_and_missing, fresh),
		cmocka_unit_test_setup(test_log_failure, fresh),
		cmocka_unit_test(test_link_and_status),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
