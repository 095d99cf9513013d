/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/trust.h
 * @brief Trust: Ed25519 keys and signatures in the minisign formats, file
 * digests (SHA-256, SHA-512) and their sidecars, the trusted-key store
 * behind `--require-signature`, and OpenPGP detached signatures.
 *
 * Files are byte-compatible with minisign 0.11: a key pair made by
 * `vigil key generate` works with `minisign -S`/`-V`, and keys and
 * signatures made by minisign work here.  See docs/signing.md for the
 * formats:
 *
 *     NAME.pub   untrusted comment: minisign public key <KEY ID>
 *                base64("Ed" || key id[8] || Ed25519 public key[32])
 *     NAME.key   untrusted comment: minisign encrypted secret key
 *                base64("Ed" || kdf "Sc"|"\0\0" || "B2" || salt[32] ||
 *                       opslimit[8] LE || memlimit[8] LE ||
 *                       (key id[8] || secret key[64] || checksum[32])
 *                        XOR scrypt(password, salt, opslimit, memlimit))
 *     FILE.minisig
 *                untrusted comment: <text>
 *                base64("ED"|"Ed" || key id[8] || signature[64])
 *                trusted comment: <text>
 *                base64(global signature[64])
 *
 * "ED" signs BLAKE2b-512(FILE) (the default, streamed: any file size);
 * "Ed" signs FILE itself (legacy; the file is read into memory, at most
 * VIGIL_TRUST_LEGACY_MAX bytes).  The global signature covers
 * signature[64] || trusted comment, so the trusted comment cannot be
 * changed without the secret key.
 *
 * Secret keys live in memory from sodium_malloc() (guarded, locked where
 * the system allows) and are wiped when freed; the library never prints
 * them.  Every function that verifies something is VIGIL_WARN_UNUSED and
 * returns VIGIL_EVERIFY on a failed check; signature checks run in
 * constant time.
 *
 * All functions are thread-safe, unless said otherwise, as long as each
 * object is used by one thread at a time.
 */
#ifndef VIGIL_TRUST_H
#define VIGIL_TRUST_H

#include <stdint.h>

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes in a key id. */
#define VIGIL_TRUST_KEYID_BYTES 8
/** Bytes in an Ed25519 public key. */
#define VIGIL_TRUST_PK_BYTES 32
/** Bytes in an Ed25519 signature. */
#define VIGIL_TRUST_SIG_BYTES 64
/** Longest untrusted comment (text after "untrusted comment: "), bytes. */
#define VIGIL_TRUST_COMMENT_MAX 1000
/** Longest trusted comment (text after "trusted comment: "), bytes. */
#define VIGIL_TRUST_TRUSTED_COMMENT_MAX 8000
/** Largest .pub, .key or .minisig file read, in bytes. */
#define VIGIL_TRUST_FILE_MAX 16384
/** Largest file signed or verified with the legacy "Ed" algorithm. */
#define VIGIL_TRUST_LEGACY_MAX ((uint64_t)1 << 30)
/** Largest scrypt memlimit accepted from a secret key file (2 GiB). */
#define VIGIL_TRUST_KDF_MEMLIMIT_MAX ((uint64_t)2 << 30)
/** Largest scrypt opslimit accepted from a secret key file. */
#define VIGIL_TRUST_KDF_OPSLIMIT_MAX ((uint64_t)1 << 30)
/** Longest password, in bytes (as minisign). */
#define VIGIL_TRUST_PASSWORD_MAX 1024

/** A public key: what a NAME.pub file holds. */
typedef struct vigil_pubkey {
	uint8_t key_id[VIGIL_TRUST_KEYID_BYTES];	/**< random */
	uint8_t pk[VIGIL_TRUST_PK_BYTES];	/**< Ed25519 public key */
} vigil_pubkey;

/** A secret key, in guarded memory; opaque. */
typedef struct vigil_seckey vigil_seckey;

/** Signature algorithm of a .minisig file. */
typedef enum vigil_sigalg {
	VIGIL_SIGALG_HASHED = 0,	/**< "ED": Ed25519 over BLAKE2b-512 */
	VIGIL_SIGALG_LEGACY = 1		/**< "Ed": over the file itself */
} vigil_sigalg;

/** A parsed .minisig file.  Comments are NUL-terminated, no newline. */
typedef struct vigil_minisig {
	vigil_sigalg alg;
	uint8_t key_id[VIGIL_TRUST_KEYID_BYTES];
	uint8_t sig[VIGIL_TRUST_SIG_BYTES];	/**< over file or hash */
	uint8_t global_sig[VIGIL_TRUST_SIG_BYTES];	/**< sig || trusted */
	char untrusted[VIGIL_TRUST_COMMENT_MAX + 1];
	char trusted[VIGIL_TRUST_TRUSTED_COMMENT_MAX + 1];
} vigil_minisig;

/**
 * Key id as minisign prints it: 16 upper-case hex digits of the id read
 * as a little-endian number.  Writes 17 bytes (with the NUL) to OUT.
 */
VIGIL_EXTERN void vigil_trust_keyid_hex(char out[17],
    const uint8_t key_id[VIGIL_TRUST_KEYID_BYTES]);

/* ---- keys --------------------------------------------------------------- */

/**
 * Make a new key pair with a random key id.  *SK_OUT is the caller's
 * (vigil_trust_seckey_free); PK_OUT is filled.  Returns 0 or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_trust_keypair_generate(vigil_seckey **sk_out,
    vigil_pubkey *pk_out, vigil_error *err);

/** Wipe and free SK; NULL is fine. */
VIGIL_EXTERN void vigil_trust_seckey_free(vigil_seckey *sk);

/** The public half of SK. */
VIGIL_EXTERN void vigil_trust_seckey_pubkey(vigil_pubkey *out,
    const vigil_seckey *sk);

/**
 * Parse a public key: the text of a .pub file (an untrusted comment line,
 * then the base64 line) or the base64 string alone (minisign -P), LEN
 * bytes.  Returns 0, VIGIL_EINVALID or VIGIL_EUNSUPPORTED (not "Ed").
 */
VIGIL_EXTERN int vigil_trust_pubkey_parse(vigil_pubkey *out, const char *buf,
    size_t len, vigil_error *err);

/** vigil_trust_pubkey_parse() on the file PATH (errors name it). */
VIGIL_EXTERN int vigil_trust_pubkey_load(vigil_pubkey *out, const char *path,
    vigil_error *err);

/**
 * The base64 line of PK (56 characters and a NUL) into OUT, as minisign -P
 * takes it.
 */
VIGIL_EXTERN void vigil_trust_pubkey_base64(char out[57],
    const vigil_pubkey *pk);

/**
 * Write PK to PATH as a .pub file (mode 0644), atomically.  With REPLACE
 * false an existing PATH is VIGIL_EEXISTS and is left alone.  Returns 0,
 * VIGIL_EEXISTS, VIGIL_EIO or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_trust_pubkey_save(const char *path,
    const vigil_pubkey *pk, int replace, vigil_error *err);

/**
 * Called for the password of an encrypted secret key: write at most SIZE
 * - 1 bytes and a NUL to BUF and return 0, or return a negative
 * vigil_error_code (filling ERR) to give up.  BUF is wiped afterwards.
 */
typedef int (*vigil_trust_password_cb)(char *buf, size_t size,
    void *payload, vigil_error *err);

/**
 * Parse and, when it is encrypted, decrypt a secret key file's text (LEN
 * bytes).  PASSWORD is called only for an encrypted key; with PASSWORD
 * NULL an encrypted key is VIGIL_EINVALID.  A wrong password is
 * VIGIL_EVERIFY (the checksum does not match).  Returns 0, VIGIL_EINVALID,
 * VIGIL_EUNSUPPORTED, VIGIL_ETOOBIG (KDF limits above
 * VIGIL_TRUST_KDF_*_MAX), VIGIL_EVERIFY or VIGIL_ENOMEM.
 */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_seckey_parse(
    vigil_seckey **out, const char *buf, size_t len,
    vigil_trust_password_cb password, void *payload, vigil_error *err);

/** vigil_trust_seckey_parse() on the file PATH; wipes what it read. */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_seckey_load(
    vigil_seckey **out, const char *path, vigil_trust_password_cb password,
    void *payload, vigil_error *err);

/** Whether the secret key file text BUF (LEN bytes) is encrypted. */
VIGIL_EXTERN int vigil_trust_seckey_is_encrypted(const char *buf,
    size_t len);

/** scrypt cost of an encrypted secret key. */
typedef enum vigil_trust_kdf {
	VIGIL_TRUST_KDF_SENSITIVE = 0,	/**< minisign's: 1 GiB, 2^25 */
	VIGIL_TRUST_KDF_INTERACTIVE = 1	/**< 16 MiB, 2^19 ops */
} vigil_trust_kdf;

/**
 * Write SK to PATH as a .key file with mode 0600, atomically, wiping every
 * copy of the secret it made.  PASSWORD (PWLEN bytes) encrypts it; with
 * PASSWORD NULL the key is written unencrypted (minisign -W).  With
 * REPLACE false an existing PATH is VIGIL_EEXISTS and is left alone.
 * Returns 0, VIGIL_EEXISTS, VIGIL_EIO, VIGIL_ETOOBIG (password) or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_trust_seckey_save(const char *path,
    const vigil_seckey *sk, const char *password, size_t pwlen,
    vigil_trust_kdf kdf, int replace, vigil_error *err);

/* ---- signatures --------------------------------------------------------- */

/** Options of vigil_trust_sign_*(). */
typedef struct vigil_sign_opts {
	unsigned version;	/**< VIGIL_SIGN_OPTS_VERSION */
	vigil_sigalg alg;	/**< HASHED (default) or LEGACY */
	/** Untrusted comment; NULL: "signature from vigil secret key". */
	const char *comment;
	/**
	 * Trusted comment; NULL: "timestamp:T\tfile:BASENAME\thashed" as
	 * minisign writes it (no "\thashed" for LEGACY), where T is
	 * `timestamp` or, when that is 0, the current time.
	 */
	const char *trusted_comment;
	int64_t timestamp;	/**< seconds since 1970; 0: now */
} vigil_sign_opts;

#define VIGIL_SIGN_OPTS_VERSION 1
#define VIGIL_SIGN_OPTS_INIT { VIGIL_SIGN_OPTS_VERSION, VIGIL_SIGALG_HASHED, \
	NULL, NULL, 0 }

/**
 * Sign the file PATH with SK; *OUT is the text of the .minisig file
 * (*LEN_OUT bytes, NUL-terminated, the caller's: vigil_trust_text_free).
 * OPTS may be NULL.  Comments must be one line of valid UTF-8 within the
 * VIGIL_TRUST_*COMMENT_MAX limits.  Returns 0, VIGIL_EINVALID (a comment),
 * VIGIL_EIO, VIGIL_ETOOBIG (legacy input) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_trust_sign_file(char **out, size_t *len_out,
    const vigil_seckey *sk, const char *path, const vigil_sign_opts *opts,
    vigil_error *err);

/** Free text returned by this module; NULL is fine. */
VIGIL_EXTERN void vigil_trust_text_free(char *text);

/**
 * Sign PATH and write the signature to SIGPATH (NULL: PATH.minisig),
 * replacing an older one atomically.  Returns as vigil_trust_sign_file().
 */
VIGIL_EXTERN int vigil_trust_sign_save(const char *sigpath,
    const vigil_seckey *sk, const char *path, const vigil_sign_opts *opts,
    vigil_error *err);

/** As vigil_trust_sign_file(), for the LEN bytes at BUF named NAME. */
VIGIL_EXTERN int vigil_trust_sign_buf(char **out, size_t *len_out,
    const vigil_seckey *sk, const void *buf, size_t len, const char *name,
    const vigil_sign_opts *opts, vigil_error *err);

/**
 * Parse the text of a .minisig file (LEN bytes) into OUT.  Returns 0,
 * VIGIL_EINVALID (truncated, bad base64, NUL bytes, comment lines
 * missing; ERR has the line) or VIGIL_EUNSUPPORTED (algorithm), or
 * VIGIL_ETOOBIG (a comment).
 */
VIGIL_EXTERN int vigil_trust_minisig_parse(vigil_minisig *out,
    const char *buf, size_t len, vigil_error *err);

/** vigil_trust_minisig_parse() on the file PATH (errors name it). */
VIGIL_EXTERN int vigil_trust_minisig_load(vigil_minisig *out,
    const char *path, vigil_error *err);

/**
 * Check SIG against the file PATH and the key PK: the key ids must agree,
 * the signature must cover the file (or its BLAKE2b-512 for "ED"), and
 * the global signature must cover sig || trusted comment.  Returns 0, or
 * VIGIL_EVERIFY saying which check failed, or VIGIL_EIO, VIGIL_ETOOBIG.
 */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_verify_file(
    const vigil_pubkey *pk, const char *path, const vigil_minisig *sig,
    vigil_error *err);

/** As vigil_trust_verify_file(), for the LEN bytes at BUF. */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_verify_buf(
    const vigil_pubkey *pk, const void *buf, size_t len,
    const vigil_minisig *sig, vigil_error *err);

/* ---- digests and sidecars ----------------------------------------------- */

/** Digests of a file. */
typedef struct vigil_trust_digests {
	uint8_t sha256[32];
	uint8_t sha512[64];
	uint64_t size;		/**< bytes read */
} vigil_trust_digests;

/**
 * SHA-256 and SHA-512 of the file PATH ("-" for stdin) in one streaming
 * pass with a fixed 64 KiB buffer: any file size, constant memory.
 * Returns 0 or VIGIL_EIO.
 */
VIGIL_EXTERN int vigil_trust_digest_file(vigil_trust_digests *out,
    const char *path, vigil_error *err);

/** Lower-case hex of the LEN bytes at IN into OUT (2 * LEN + 1 bytes). */
VIGIL_EXTERN void vigil_trust_hex(char *out, const uint8_t *in, size_t len);

/**
 * Write PATH.sha256 and PATH.sha512 in the sha256sum/sha512sum format
 * ("HEX  BASENAME\n"), replacing older ones.  Returns 0, VIGIL_EIO or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_trust_sidecars_write(const char *path,
    vigil_error *err);

/**
 * Check PATH against PATH.sha256 and PATH.sha512 (both must exist and
 * name BASENAME).  Returns 0, VIGIL_EVERIFY (a sidecar is missing or
 * disagrees; ERR says which), VIGIL_EINVALID (a malformed sidecar) or
 * VIGIL_EIO.
 */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_sidecars_check(
    const char *path, vigil_error *err);

/* ---- trusted keys ------------------------------------------------------- */

/** A set of trusted public keys; opaque. */
typedef struct vigil_keyring vigil_keyring;

/** Most keys a keyring holds. */
#define VIGIL_KEYRING_MAX 1024

/** A new empty keyring (vigil_keyring_free).  Returns 0 or VIGIL_ENOMEM. */
VIGIL_EXTERN int vigil_keyring_new(vigil_keyring **out, vigil_error *err);

/** Free KR; NULL is fine. */
VIGIL_EXTERN void vigil_keyring_free(vigil_keyring *kr);

/** Add PK (copied).  Returns 0, VIGIL_ETOOBIG or VIGIL_ENOMEM. */
VIGIL_EXTERN int vigil_keyring_add(vigil_keyring *kr, const vigil_pubkey *pk,
    vigil_error *err);

/**
 * Add every DIR/\*.pub file, in name order.  A missing DIR adds nothing; a
 * malformed key file is an error naming it.  Returns 0, VIGIL_EINVALID,
 * VIGIL_EUNSUPPORTED, VIGIL_ETOOBIG, VIGIL_EIO or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_keyring_add_dir(vigil_keyring *kr, const char *dir,
    vigil_error *err);

/**
 * The default trusted keys: $VIGIL_TRUSTED_KEYS alone when it is set;
 * otherwise $XDG_CONFIG_HOME/vigil/trusted-keys (or
 * ~/.config/vigil/trusted-keys) and /etc/vigil/trusted-keys.  Reads the
 * environment, so not thread-safe against setenv().  Returns as
 * vigil_keyring_add_dir().
 */
VIGIL_EXTERN int vigil_keyring_load_default(vigil_keyring **out,
    vigil_error *err);

/** Number of keys in KR. */
VIGIL_EXTERN size_t vigil_keyring_count(const vigil_keyring *kr);

/** The key with KEY_ID in KR (borrowed, lives as long as KR), or NULL. */
VIGIL_EXTERN const vigil_pubkey *vigil_keyring_find(const vigil_keyring *kr,
    const uint8_t key_id[VIGIL_TRUST_KEYID_BYTES]);

/** What vigil_trust_require_signature() found on success. */
typedef struct vigil_trust_verified {
	uint8_t key_id[VIGIL_TRUST_KEYID_BYTES];	/**< the signer */
	/** The trusted comment. */
	char trusted[VIGIL_TRUST_TRUSTED_COMMENT_MAX + 1];
} vigil_trust_verified;

/**
 * `--require-signature`: PATH must have a PATH.minisig made by a key in
 * KEYS (NULL: vigil_keyring_load_default()).  On success fills INFO
 * (which may be NULL) and returns 0.  Every failure is VIGIL_EVERIFY
 * with a message that says which: no trusted keys, unsigned (no
 * .minisig), malformed .minisig, unknown key id, tampered file (the
 * signature does not cover it) or bad global signature (the trusted
 * comment was changed); or VIGIL_EIO / VIGIL_ENOMEM.
 */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_require_signature(
    vigil_trust_verified *info, const char *path, const vigil_keyring *keys,
    vigil_error *err);

/* ---- OpenPGP detached signatures (CSAF .asc) ---------------------------- */

/** What vigil_trust_pgp_verify_file() found on success. */
typedef struct vigil_pgp_verified {
	char fpr[129];		/**< signer's fingerprint (hex) */
	int64_t created;	/**< signature time, seconds since 1970 */
} vigil_pgp_verified;

/**
 * Make an ASCII-armoured detached OpenPGP signature of PATH with gpgme and
 * write it to ASCPATH (NULL: PATH.asc), replacing an older one atomically.
 * HOMEDIR is the GnuPG home (NULL: $GNUPGHOME or ~/.gnupg); SIGNER a key
 * fingerprint, id or user id (NULL: GnuPG's default key).  A passphrase,
 * if the key has one, is asked by gpg-agent's pinentry.  Returns 0,
 * VIGIL_ENOTFOUND (no such secret key), VIGIL_EIO or VIGIL_ERROR (gpgme
 * said why).
 */
VIGIL_EXTERN int vigil_trust_pgp_sign_file(const char *path,
    const char *ascpath, const char *signer, const char *homedir,
    vigil_error *err);

/**
 * Check the detached OpenPGP signature ASCPATH (NULL: PATH.asc; armoured
 * or binary) over PATH with the keys in HOMEDIR (NULL: the default).
 * Every signature in it must be good and made by a key that is neither
 * revoked nor expired; with WANT_FPR set, the signer's fingerprint must
 * be that one.  The owner trust of the key (the web of trust) is not
 * consulted: importing a key into HOMEDIR is what makes it trusted.
 * Fills INFO (may be NULL).  Returns 0, VIGIL_EVERIFY (bad, missing key,
 * revoked, expired, another signer, no signature), VIGIL_EIO or
 * VIGIL_ERROR.
 */
VIGIL_EXTERN VIGIL_WARN_UNUSED int vigil_trust_pgp_verify_file(
    vigil_pgp_verified *info, const char *path, const char *ascpath,
    const char *want_fpr, const char *homedir, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
