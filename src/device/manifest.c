/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit: the release manifest ("VDM1") and the streamed image
 * check.  Layout (docs/device-kit.md), big-endian:
 *
 *     0   4  "VDM1"
 *     4   1  format version (1)
 *     5   1  model length M (1..64)
 *     6   1  version length V (1..32)
 *     7   1  flags (bit 0: SBOM digest present; others must be 0)
 *     8   8  security version
 *     16  8  image size
 *     24 32  image SHA-256
 *     56 32  SBOM SHA-256 (zeros without an SBOM)
 *     88  8  key id of the manufacturer's key
 *     96  M  model, printable ASCII
 *     96+M V version, printable ASCII
 *     ..  64 Ed25519 signature of bytes 0 .. 96+M+V
 */
#include <string.h>

#include "vigil/device/manifest.h"
#include "crypto_port.h"
#include "devint.h"

#define MAGIC "VDM1"
#define FORMAT 1

int
vigil_dev_manifest_parse(vigil_dev_manifest *out, const uint8_t *buf,
    size_t len)
{
	size_t mlen, vlen, body;

	memset(out, 0, sizeof(*out));
	if (len < VIGIL_DEV_MANIFEST_FIXED + VIGIL_DEV_SIG_BYTES ||
	    memcmp(buf, MAGIC, 4) != 0 || buf[4] != FORMAT)
		return VIGIL_DEV_EFORMAT;
	mlen = buf[5];
	vlen = buf[6];
	if (mlen == 0 || mlen > VIGIL_DEV_MODEL_MAX || vlen == 0 ||
	    vlen > VIGIL_DEV_VERSION_MAX ||
	    (buf[7] & ~VIGIL_DEV_MANIFEST_HAS_SBOM) != 0)
		return VIGIL_DEV_EFORMAT;
	body = VIGIL_DEV_MANIFEST_FIXED + mlen + vlen;
	if (len != body + VIGIL_DEV_SIG_BYTES)
		return VIGIL_DEV_EFORMAT;
	if (!vigil__dev_printable((const char *)buf + 96, mlen) ||
	    !vigil__dev_printable((const char *)buf + 96 + mlen, vlen))
		return VIGIL_DEV_EFORMAT;
	out->flags = buf[7];
	out->security_version = vigil__dev_be64_load(buf + 8);
	out->image_size = vigil__dev_be64_load(buf + 16);
	memcpy(out->image_sha256, buf + 24, 32);
	memcpy(out->sbom_sha256, buf + 56, 32);
	if (!(out->flags & VIGIL_DEV_MANIFEST_HAS_SBOM)) {
		static const uint8_t zero[32];

		/* One encoding per manifest: no digest without the flag. */
		if (memcmp(out->sbom_sha256, zero, 32) != 0)
			return VIGIL_DEV_EFORMAT;
	}
	memcpy(out->key_id, buf + 88, VIGIL_DEV_KEYID_BYTES);
	memcpy(out->model, buf + 96, mlen);
	out->model[mlen] = '\0';
	memcpy(out->version, buf + 96 + mlen, vlen);
	out->version[vlen] = '\0';
	memcpy(out->sig, buf + body, VIGIL_DEV_SIG_BYTES);
	out->body_len = body;
	return VIGIL_DEV_OK;
}

int
vigil_dev_manifest_encode_body(uint8_t *buf, size_t size, size_t *len_out,
    const vigil_dev_manifest *m)
{
	size_t mlen = strlen(m->model), vlen = strlen(m->version), body;

	if (mlen > VIGIL_DEV_MODEL_MAX || vlen > VIGIL_DEV_VERSION_MAX ||
	    !vigil__dev_printable(m->model, mlen) ||
	    !vigil__dev_printable(m->version, vlen) ||
	    (m->flags & ~VIGIL_DEV_MANIFEST_HAS_SBOM) != 0)
		return VIGIL_DEV_EFORMAT;
	body = VIGIL_DEV_MANIFEST_FIXED + mlen + vlen;
	if (size < body)
		return VIGIL_DEV_ESPACE;
	memcpy(buf, MAGIC, 4);
	buf[4] = FORMAT;
	buf[5] = (uint8_t)mlen;
	buf[6] = (uint8_t)vlen;
	buf[7] = (uint8_t)m->flags;
	vigil__dev_be64_store(buf + 8, m->security_version);
	vigil__dev_be64_store(buf + 16, m->image_size);
	memcpy(buf + 24, m->image_sha256, 32);
	if (m->flags & VIGIL_DEV_MANIFEST_HAS_SBOM)
		memcpy(buf + 56, m->sbom_sha256, 32);
	else
		memset(buf + 56, 0, 32);
	memcpy(buf + 88, m->key_id, VIGIL_DEV_KEYID_BYTES);
	memcpy(buf + 96, m->model, mlen);
	memcpy(buf + 96 + mlen, m->version, vlen);
	*len_out = body;
	return VIGIL_DEV_OK;
}

int
vigil_dev_manifest_check(vigil_dev_manifest *out, const uint8_t *buf,
    size_t len, const vigil_dev_pubkey *keys, size_t nkeys,
    const char *model, uint64_t installed_secver)
{
	const vigil_dev_pubkey *key = NULL;
	size_t i;
	int rc;

	if ((rc = vigil_dev_manifest_parse(out, buf, len)) != VIGIL_DEV_OK)
		return rc;
	for (i = 0; i < nkeys; i++)
		if (memcmp(keys[i].key_id, out->key_id,
		    VIGIL_DEV_KEYID_BYTES) == 0) {
			key = &keys[i];
			break;
		}
	if (key == NULL)
		return VIGIL_DEV_EKEY;
	if (vigil_port_ed25519_verify(out->sig, buf, out->body_len,
	    key->pk) != 0)
		return VIGIL_DEV_ESIG;
	/* Only now are the fields authentic. */
	if (strlen(model) != strlen(out->model) ||
	    strcmp(model, out->model) != 0)
		return VIGIL_DEV_EMODEL;
	if (out->security_version < installed_secver)
		return VIGIL_DEV_EROLLBACK;
	return VIGIL_DEV_OK;
}

int
vigil_dev_update_begin(vigil_dev_update *u, const vigil_dev_manifest *m)
{
	memset(u, 0, sizeof(*u));
	if (vigil_port_sha256_init((struct vigil_port_sha256 *)
	    (void *)u->hash_state) != 0)
		return VIGIL_DEV_ECRYPTO;
	u->expect_size = m->image_size;
	memcpy(u->expect, m->image_sha256, 32);
	u->active = 1;
	return VIGIL_DEV_OK;
}

int
vigil_dev_update_write(vigil_dev_update *u, const uint8_t *buf, size_t len)
{
	if (!u->active)
		return VIGIL_DEV_ESTATE;
	if (len > u->expect_size - u->got) {
		vigil_dev_update_abort(u);
		return VIGIL_DEV_ESIZE;
	}
	if (len > 0 && vigil_port_sha256_update((struct vigil_port_sha256 *)
	    (void *)u->hash_state, buf, len) != 0) {
		vigil_dev_update_abort(u);
		return VIGIL_DEV_ECRYPTO;
	}
	u->got += len;
	return VIGIL_DEV_OK;
}

int
vigil_dev_update_finish(vigil_dev_update *u)
{
	uint8_t got[32];
	int rc = VIGIL_DEV_OK;

	if (!u->active)
		return VIGIL_DEV_ESTATE;
	if (u->got != u->expect_size)
		rc = VIGIL_DEV_ESIZE;
	else if (vigil_port_sha256_final((struct vigil_port_sha256 *)
	    (void *)u->hash_state, got) != 0)
		rc = VIGIL_DEV_ECRYPTO;
	else if (vigil_port_memeq(got, u->expect, 32) != 0)
		rc = VIGIL_DEV_EDIGEST;
	vigil_dev_update_abort(u);
	return rc;
}

void
vigil_dev_update_abort(vigil_dev_update *u)
{
	vigil_port_wipe(u, sizeof(*u));
}

int
vigil_dev_manifest_sbom_check(const vigil_dev_manifest *m,
    const uint8_t *sbom, size_t len)
{
	uint8_t got[32];

	if (!(m->flags & VIGIL_DEV_MANIFEST_HAS_SBOM))
		return VIGIL_DEV_ESTATE;
	if (vigil__dev_sha256(got, sbom, len, NULL, 0, NULL, 0) != 0)
		return VIGIL_DEV_ECRYPTO;
	return vigil_port_memeq(got, m->sbom_sha256, 32) == 0 ?
	    VIGIL_DEV_OK : VIGIL_DEV_EDIGEST;
}
