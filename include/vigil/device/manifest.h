/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/device/manifest.h
 * @brief Authenticated updates: the release manifest, its check on the
 * device, and the streamed check of the image it describes.
 *
 * A manifest (format "VDM1", docs/device-kit.md) names the device model,
 * the version, a monotonic security version, the image's size and
 * SHA-256, the SBOM's SHA-256, and carries the manufacturer's Ed25519
 * signature over everything before it.  `vigil release sign` writes one;
 * the device checks it in this order, each failure with its own status:
 *
 *     parse          -> VIGIL_DEV_EFORMAT
 *     key id, sig    -> VIGIL_DEV_EKEY, VIGIL_DEV_ESIG
 *     model          -> VIGIL_DEV_EMODEL
 *     security ver.  -> VIGIL_DEV_EROLLBACK (lower than installed)
 *     image          -> VIGIL_DEV_ESIZE, VIGIL_DEV_EDIGEST (at the end)
 *
 * Nothing in the manifest is trusted before its signature verifies.
 */
#ifndef VIGIL_DEVICE_MANIFEST_H
#define VIGIL_DEVICE_MANIFEST_H

#include "vigil/device/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest model name, bytes (printable ASCII). */
#define VIGIL_DEV_MODEL_MAX 64
/** Longest version string, bytes (printable ASCII). */
#define VIGIL_DEV_VERSION_MAX 32
/** Fixed part of a manifest, bytes. */
#define VIGIL_DEV_MANIFEST_FIXED 96
/** Largest manifest, bytes. */
#define VIGIL_DEV_MANIFEST_MAX (VIGIL_DEV_MANIFEST_FIXED + \
	VIGIL_DEV_MODEL_MAX + VIGIL_DEV_VERSION_MAX + VIGIL_DEV_SIG_BYTES)

/** Flag: the manifest carries an SBOM digest. */
#define VIGIL_DEV_MANIFEST_HAS_SBOM 0x01u

/**
 * A parsed manifest.  Strings are copied and NUL-terminated; `body_len`
 * is the number of signed bytes (the signature follows them).
 */
typedef struct vigil_dev_manifest {
	char model[VIGIL_DEV_MODEL_MAX + 1];
	char version[VIGIL_DEV_VERSION_MAX + 1];
	uint64_t security_version;
	uint64_t image_size;				/**< bytes */
	uint8_t image_sha256[VIGIL_DEV_DIGEST_BYTES];
	uint8_t sbom_sha256[VIGIL_DEV_DIGEST_BYTES];	/**< zero if none */
	unsigned flags;					/**< HAS_SBOM */
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	uint8_t sig[VIGIL_DEV_SIG_BYTES];
	size_t body_len;
} vigil_dev_manifest;

/** A manufacturer's public key, as the device stores it. */
typedef struct vigil_dev_pubkey {
	uint8_t key_id[VIGIL_DEV_KEYID_BYTES];
	uint8_t pk[VIGIL_DEV_PK_BYTES];
} vigil_dev_pubkey;

/**
 * Parse the LEN bytes at BUF as a manifest into OUT (no signature check).
 * Trailing bytes are an error.  Returns VIGIL_DEV_OK or VIGIL_DEV_EFORMAT.
 */
int vigil_dev_manifest_parse(vigil_dev_manifest *out, const uint8_t *buf,
    size_t len);

/**
 * Write the signed part (the body) of manifest M to BUF (SIZE bytes);
 * *LEN_OUT is its length.  Uses M's model, version, security_version,
 * image_size, image_sha256, sbom_sha256, flags and key_id.  The caller
 * appends the 64-byte Ed25519 signature of the body to make a manifest.
 * Returns VIGIL_DEV_OK, VIGIL_DEV_EFORMAT (a string is empty, too long
 * or not printable ASCII) or VIGIL_DEV_ESPACE.
 */
int vigil_dev_manifest_encode_body(uint8_t *buf, size_t size,
    size_t *len_out, const vigil_dev_manifest *m);

/**
 * The device's check of the manifest in BUF (LEN bytes): parse it into
 * OUT, verify its signature with one of the NKEYS manufacturer KEYS (by
 * key id), then require MODEL and a security version not below
 * INSTALLED_SECVER.  Returns VIGIL_DEV_OK or, in that order of checks,
 * VIGIL_DEV_EFORMAT, VIGIL_DEV_EKEY, VIGIL_DEV_ESIG, VIGIL_DEV_EMODEL,
 * VIGIL_DEV_EROLLBACK, VIGIL_DEV_ECRYPTO.  OUT is filled even on failure
 * after parsing, for the audit log; do not act on it then.
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_manifest_check(vigil_dev_manifest *out,
    const uint8_t *buf, size_t len, const vigil_dev_pubkey *keys,
    size_t nkeys, const char *model, uint64_t installed_secver);

/** Streamed check of an image against an accepted manifest. */
typedef struct vigil_dev_update {
	uint64_t hash_state[16];	/**< crypto port SHA-256 state */
	uint64_t expect_size;
	uint64_t got;			/**< bytes fed so far */
	uint8_t expect[VIGIL_DEV_DIGEST_BYTES];
	int active;
} vigil_dev_update;

/**
 * Start checking an image against M (which vigil_dev_manifest_check()
 * accepted).  Returns VIGIL_DEV_OK or VIGIL_DEV_ECRYPTO.
 */
int vigil_dev_update_begin(vigil_dev_update *u, const vigil_dev_manifest *m);

/**
 * Feed the next LEN bytes of the image (as they are written to the
 * inactive slot).  More bytes than the manifest says is VIGIL_DEV_ESIZE
 * at once.  Returns VIGIL_DEV_OK, VIGIL_DEV_ESIZE or VIGIL_DEV_ESTATE.
 */
int vigil_dev_update_write(vigil_dev_update *u, const uint8_t *buf,
    size_t len);

/**
 * Finish: the image must have the manifest's size and SHA-256; only then
 * may the firmware switch slots.  Ends the update either way.  Returns
 * VIGIL_DEV_OK, VIGIL_DEV_ESIZE, VIGIL_DEV_EDIGEST or VIGIL_DEV_ESTATE.
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_update_finish(vigil_dev_update *u);

/** Abandon an update (wipes the state). */
void vigil_dev_update_abort(vigil_dev_update *u);

/**
 * Whether the LEN bytes at SBOM are the SBOM manifest M names (its
 * SHA-256 matches): the device serves only that SBOM.  Returns
 * VIGIL_DEV_OK, VIGIL_DEV_EDIGEST, or VIGIL_DEV_ESTATE (M has no SBOM).
 */
VIGIL_DEV_WARN_UNUSED int vigil_dev_manifest_sbom_check(
    const vigil_dev_manifest *m, const uint8_t *sbom, size_t len);

#ifdef __cplusplus
}
#endif
#endif
