/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device kit, authenticated updates: manifest round trip, every refusal
 * with its own status (malformed, unknown key, wrong signature, wrong
 * model, rollback, image size, image digest), the streamed image check
 * and the on-device SBOM check.
 */
#include <string.h>

#include "testutil.h"
#include "crypto_port.h"
#include "vigil/device/manifest.h"

static uint8_t mfr_pk[32], mfr_sk[64], other_pk[32], other_sk[64];
static vigil_dev_pubkey keys[1];
static const uint8_t image[] = "firmware image bytes, version 2.1.0";
static const uint8_t sbom[] = "{\"bomFormat\":\"CycloneDX\"}";

static int
setup(void **state)
{
	uint8_t seed[32];

	(void)state;
	if (vigil_port_init() != 0)
		return -1;
	memset(seed, 7, sizeof(seed));
	(void)vigil_port_ed25519_seed_keypair(mfr_pk, mfr_sk, seed);
	memset(seed, 9, sizeof(seed));
	(void)vigil_port_ed25519_seed_keypair(other_pk, other_sk, seed);
	memcpy(keys[0].key_id, "MFRKEY01", 8);
	memcpy(keys[0].pk, mfr_pk, 32);
	return 0;
}

static void
sha256(uint8_t out[32], const uint8_t *buf, size_t len)
{
	struct vigil_port_sha256 st;

	assert_int_equal(vigil_port_sha256_init(&st), 0);
	assert_int_equal(vigil_port_sha256_update(&st, buf, len), 0);
	assert_int_equal(vigil_port_sha256_final(&st, out), 0);
}

/* Make a signed manifest into BUF; returns its length. */
static size_t
make(uint8_t *buf, const char *model, const char *version, uint64_t secver,
    const uint8_t *sk)
{
	vigil_dev_manifest m;
	size_t n;

	memset(&m, 0, sizeof(m));
	strcpy(m.model, model);		/* checksrc:allow (fits, tested) */
	strcpy(m.version, version);	/* checksrc:allow */
	m.security_version = secver;
	m.image_size = sizeof(image);
	sha256(m.image_sha256, image, sizeof(image));
	sha256(m.sbom_sha256, sbom, sizeof(sbom) - 1);
	m.flags = VIGIL_DEV_MANIFEST_HAS_SBOM;
	memcpy(m.key_id, "MFRKEY01", 8);
	assert_int_equal(vigil_dev_manifest_encode_body(buf,
	    VIGIL_DEV_MANIFEST_MAX, &n, &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_port_ed25519_sign(buf + n, buf, n, sk), 0);
	return n + 64;
}

static void
test_accept_and_install(void **state)
{
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX];
	vigil_dev_manifest m;
	vigil_dev_update u;
	size_t n;

	(void)state;
	n = make(buf, "ACME-PUMP-1", "2.1.0", 5, mfr_sk);
	assert_int_equal(n, 96 + 11 + 5 + 64);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 5), VIGIL_DEV_OK);
	assert_string_equal(m.model, "ACME-PUMP-1");
	assert_string_equal(m.version, "2.1.0");
	assert_int_equal(m.security_version, 5);
	/* An equal security version (re-install) is allowed. */
	assert_int_equal(vigil_dev_update_begin(&u, &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, image, 10), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, image + 10,
	    sizeof(image) - 10), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_finish(&u), VIGIL_DEV_OK);
	/* Finished: no more writes. */
	assert_int_equal(vigil_dev_update_write(&u, image, 1),
	    VIGIL_DEV_ESTATE);
	assert_int_equal(vigil_dev_update_finish(&u), VIGIL_DEV_ESTATE);
	assert_int_equal(vigil_dev_manifest_sbom_check(&m, sbom,
	    sizeof(sbom) - 1), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_manifest_sbom_check(&m, sbom,
	    sizeof(sbom) - 2), VIGIL_DEV_EDIGEST);
}

static void
test_refusals(void **state)
{
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX];
	vigil_dev_manifest m;
	vigil_dev_pubkey wrong[1];
	size_t n;

	(void)state;
	/* Wrong signature: signed by another key under our key id. */
	n = make(buf, "ACME-PUMP-1", "2.1.0", 5, other_sk);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 1), VIGIL_DEV_ESIG);
	/* A flipped bit in the body. */
	n = make(buf, "ACME-PUMP-1", "2.1.0", 5, mfr_sk);
	buf[9] ^= 1;
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 1), VIGIL_DEV_ESIG);
	buf[9] ^= 1;
	/* A flipped bit in the signature. */
	buf[n - 1] ^= 0x80;
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 1), VIGIL_DEV_ESIG);
	buf[n - 1] ^= 0x80;
	/* Unknown key id. */
	memcpy(wrong[0].key_id, "OTHERKEY", 8);
	memcpy(wrong[0].pk, mfr_pk, 32);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, wrong, 1,
	    "ACME-PUMP-1", 1), VIGIL_DEV_EKEY);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 0,
	    "ACME-PUMP-1", 1), VIGIL_DEV_EKEY);
	/* Wrong model, also a prefix of the real one. */
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-2", 1), VIGIL_DEV_EMODEL);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP", 1), VIGIL_DEV_EMODEL);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-10", 1), VIGIL_DEV_EMODEL);
	/* Rollback to a lower security version. */
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 6), VIGIL_DEV_EROLLBACK);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", UINT64_MAX), VIGIL_DEV_EROLLBACK);
	/* The signature is checked before the model and the version. */
	n = make(buf, "ACME-PUMP-9", "2.1.0", 1, other_sk);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 6), VIGIL_DEV_ESIG);
}

static void
test_image_refusals(void **state)
{
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX], bad[sizeof(image)];
	vigil_dev_manifest m;
	vigil_dev_update u;
	size_t n;

	(void)state;
	n = make(buf, "ACME-PUMP-1", "2.1.0", 5, mfr_sk);
	assert_int_equal(vigil_dev_manifest_check(&m, buf, n, keys, 1,
	    "ACME-PUMP-1", 5), VIGIL_DEV_OK);
	/* Digest mismatch: one byte changed, same size. */
	memcpy(bad, image, sizeof(image));
	bad[3] ^= 0x20;
	assert_int_equal(vigil_dev_update_begin(&u, &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, bad, sizeof(bad)),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_finish(&u), VIGIL_DEV_EDIGEST);
	/* Too short. */
	assert_int_equal(vigil_dev_update_begin(&u, &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, image, sizeof(image) - 1),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_finish(&u), VIGIL_DEV_ESIZE);
	/* Too long: refused as soon as it is. */
	assert_int_equal(vigil_dev_update_begin(&u, &m), VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, image, sizeof(image)),
	    VIGIL_DEV_OK);
	assert_int_equal(vigil_dev_update_write(&u, image, 1), VIGIL_DEV_ESIZE);
	assert_int_equal(vigil_dev_update_finish(&u), VIGIL_DEV_ESTATE);
}

static void
test_malformed(void **state)
{
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX + 8];
	vigil_dev_manifest m;
	size_t n, i;

	(void)state;
	n = make(buf, "ACME-PUMP-1", "2.1.0", 5, mfr_sk);
	/* Every truncation and one extra byte. */
	for (i = 0; i < n; i++)
		assert_int_equal(vigil_dev_manifest_parse(&m, buf, i),
		    VIGIL_DEV_EFORMAT);
	buf[n] = 0;
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n + 1),
	    VIGIL_DEV_EFORMAT);
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n), VIGIL_DEV_OK);
	/* Magic, format, lengths, flags, control bytes, NUL in the model. */
	buf[0] = 'X';
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[0] = 'V';
	buf[4] = 2;
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[4] = 1;
	buf[5] = 0;
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[5] = 11;
	buf[7] = 0x81;
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[7] = 0;	/* no SBOM flag but a digest */
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[7] = 1;
	buf[96 + 4] = '\0';
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[96 + 4] = '\n';
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
	buf[96 + 4] = 0xc3;
	assert_int_equal(vigil_dev_manifest_parse(&m, buf, n),
	    VIGIL_DEV_EFORMAT);
}

static void
test_encode_limits(void **state)
{
	uint8_t buf[VIGIL_DEV_MANIFEST_MAX];
	vigil_dev_manifest m;
	size_t n;

	(void)state;
	memset(&m, 0, sizeof(m));
	memset(m.model, 'M', VIGIL_DEV_MODEL_MAX);
	memset(m.version, 'V', VIGIL_DEV_VERSION_MAX);
	m.security_version = UINT64_MAX;
	m.image_size = UINT64_MAX;
	assert_int_equal(vigil_dev_manifest_encode_body(buf, sizeof(buf), &n,
	    &m), VIGIL_DEV_OK);
	assert_int_equal(n, VIGIL_DEV_MANIFEST_MAX - 64);
	assert_int_equal(vigil_dev_manifest_encode_body(buf, n - 1, &n, &m),
	    VIGIL_DEV_ESPACE);
	m.model[0] = '\0';
	assert_int_equal(vigil_dev_manifest_encode_body(buf, sizeof(buf), &n,
	    &m), VIGIL_DEV_EFORMAT);
	strcpy(m.model, "tab\there");	/* checksrc:allow */
	assert_int_equal(vigil_dev_manifest_encode_body(buf, sizeof(buf), &n,
	    &m), VIGIL_DEV_EFORMAT);
	assert_string_equal(vigil_dev_status_name(VIGIL_DEV_EROLLBACK),
	    "EROLLBACK");
	assert_string_equal(vigil_dev_strerror(12345), "unknown status");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_and_install),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_image_refusals),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_encode_limits),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
