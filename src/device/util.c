/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: status texts, big-endian numbers and small helpers shared
 * by manifest.c, command.c, audit.c and access.c.
 */
#include <string.h>

#include "vigil/device/device.h"
#include "crypto_port.h"
#include "devint.h"

static const struct {
	int status;
	const char *name;
	const char *text;
} statuses[] = {
	{VIGIL_DEV_OK, "OK", "ok"},
	{VIGIL_DEV_PENDING, "PENDING", "waiting for confirmation"},
	{VIGIL_DEV_EFORMAT, "EFORMAT", "malformed message or record"},
	{VIGIL_DEV_ESPACE, "ESPACE", "buffer or limit too small"},
	{VIGIL_DEV_ESIG, "ESIG", "signature does not verify"},
	{VIGIL_DEV_EMODEL, "EMODEL", "manifest is for another device model"},
	{VIGIL_DEV_EROLLBACK, "EROLLBACK",
	    "security version is lower than the installed one (rollback)"},
	{VIGIL_DEV_EDIGEST, "EDIGEST", "image digest differs from the manifest"},
	{VIGIL_DEV_ESIZE, "ESIZE", "image size differs from the manifest"},
	{VIGIL_DEV_EKEY, "EKEY", "unknown key id"},
	{VIGIL_DEV_EDEVICE, "EDEVICE", "command is for another device"},
	{VIGIL_DEV_EREPLAY, "EREPLAY", "counter already used (replayed)"},
	{VIGIL_DEV_EORDER, "EORDER",
	    "counter below the last accepted one (reordered or replayed)"},
	{VIGIL_DEV_ESTALE, "ESTALE", "command outside the freshness window"},
	{VIGIL_DEV_ENOTPENDING, "ENOTPENDING",
	    "no held command matches the confirmation"},
	{VIGIL_DEV_ELATE, "ELATE", "confirmation came after the time limit"},
	{VIGIL_DEV_EUNCONFIRMED, "EUNCONFIRMED",
	    "safety-critical command dropped: no confirmation"},
	{VIGIL_DEV_EEXPIRED, "EEXPIRED", "emergency access has expired"},
	{VIGIL_DEV_EDENIED, "EDENIED", "not allowed"},
	{VIGIL_DEV_ESTORAGE, "ESTORAGE", "audit log storage failed"},
	{VIGIL_DEV_ECRYPTO, "ECRYPTO", "crypto port failed"},
	{VIGIL_DEV_EOPCODE, "EOPCODE", "unknown command"},
	{VIGIL_DEV_ESTATE, "ESTATE", "call out of order or bad setting"},
	{VIGIL_DEV_EREMOVED, "EREMOVED", "audit record removed"},
	{VIGIL_DEV_EALTERED, "EALTERED", "audit record altered"},
	{VIGIL_DEV_EREORDERED, "EREORDERED", "audit records reordered"},
	{VIGIL_DEV_ECHECKPOINT, "ECHECKPOINT",
	    "audit checkpoint signature does not verify"},
};

const char *
vigil_dev_strerror(int status)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].status == status)
			return statuses[i].text;
	return "unknown status";
}

const char *
vigil_dev_status_name(int status)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].status == status)
			return statuses[i].name;
	return "?";
}

void
vigil__dev_be16_store(uint8_t *out, unsigned v)
{
	out[0] = (uint8_t)(v >> 8);
	out[1] = (uint8_t)v;
}

void
vigil__dev_be32_store(uint8_t *out, uint32_t v)
{
	out[0] = (uint8_t)(v >> 24);
	out[1] = (uint8_t)(v >> 16);
	out[2] = (uint8_t)(v >> 8);
	out[3] = (uint8_t)v;
}

void
vigil__dev_be64_store(uint8_t *out, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		out[i] = (uint8_t)v;
		v >>= 8;
	}
}

unsigned
vigil__dev_be16_load(const uint8_t *in)
{
	return ((unsigned)in[0] << 8) | in[1];
}

uint64_t
vigil__dev_be64_load(const uint8_t *in)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | in[i];
	return v;
}

int
vigil__dev_sha256(uint8_t out[32], const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen, const uint8_t *c, size_t clen)
{
	struct vigil_port_sha256 st;

	if (vigil_port_sha256_init(&st) != 0 ||
	    vigil_port_sha256_update(&st, a, alen) != 0 ||
	    (blen > 0 && vigil_port_sha256_update(&st, b, blen) != 0) ||
	    (clen > 0 && vigil_port_sha256_update(&st, c, clen) != 0) ||
	    vigil_port_sha256_final(&st, out) != 0) {
		vigil_port_wipe(&st, sizeof(st));
		return -1;
	}
	return 0;
}

uint64_t
vigil__dev_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

int
vigil__dev_printable(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}
