/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ed25519 key pairs in the minisign file formats: generating them, reading
 * and writing NAME.pub and NAME.key, and decrypting and encrypting the
 * secret key with a password.
 *
 * The secret key file body (158 bytes, base64 on the second line):
 *
 *     offset  size  field
 *          0     2  signature algorithm "Ed"
 *          2     2  KDF "Sc" (scrypt) or "\0\0" (none, minisign -W)
 *          4     2  checksum algorithm "B2" (BLAKE2b-256)
 *          6    32  KDF salt
 *         38     8  scrypt opslimit, little-endian
 *         46     8  scrypt memlimit, little-endian
 *         54     8  key id            \
 *         62    64  Ed25519 secret key > XOR scrypt stream (104 bytes)
 *        126    32  checksum          /  when the KDF is "Sc"
 *
 * checksum = BLAKE2b-256("Ed" || key id || secret key).  minisign computes
 * and checks it only for encrypted keys (an unencrypted key has 32 zero
 * bytes there); vigil writes it for both and checks it whenever it is not
 * all zero, so a corrupted unencrypted vigil key is noticed too.  A wrong
 * password shows up as a checksum mismatch.
 */
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "trustint.h"

#define SK_BODY 158
#define SK_KEYNUM_OFF 54
#define SK_KEYNUM_LEN 104	/* key id, secret key, checksum */
#define PK_BODY 42
#define SCRYPT(name) crypto_pwhash_scryptsalsa208sha256_##name


static int
seckey_alloc(vigil_seckey **out, vigil_error *err)
{
	/* sodium_malloc: guard pages, and mlock() where the system allows. */
	if ((*out = sodium_malloc(sizeof(**out))) == NULL)
		return vigil__error_oom(err);
	return 0;
}

void
vigil_trust_seckey_free(vigil_seckey *sk)
{
	if (sk != NULL)
		sodium_free(sk);	/* wipes before unmapping */
}

int
vigil_trust_keypair_generate(vigil_seckey **sk_out, vigil_pubkey *pk_out,
    vigil_error *err)
{
	vigil_seckey *sk;
	int rc;

	*sk_out = NULL;
	if ((rc = vigil__trust_init(err)) < 0 ||
	    (rc = seckey_alloc(&sk, err)) < 0)
		return rc;
	if (crypto_sign_keypair(pk_out->pk, sk->sk) != 0) {
		vigil_trust_seckey_free(sk);
		return vigil__error(err, VIGIL_ERROR, "key generation failed");
	}
	randombytes_buf(sk->key_id, sizeof(sk->key_id));
	memcpy(pk_out->key_id, sk->key_id, sizeof(sk->key_id));
	*sk_out = sk;
	return 0;
}

void
vigil_trust_seckey_pubkey(vigil_pubkey *out, const vigil_seckey *sk)
{
	memcpy(out->key_id, sk->key_id, sizeof(out->key_id));
	memcpy(out->pk, sk->sk + crypto_sign_SEEDBYTES, sizeof(out->pk));
}

/*
 * The key line of a key file's text: after an "untrusted comment: " line,
 * or (ALLOW_BARE) the first line itself.  Decodes it into exactly WANT
 * bytes at OUT; what follows may only be blank.
 */
static int
key_body(uint8_t *out, size_t want, const char *buf, size_t len,
    int allow_bare, const char *what, vigil_error *err)
{
	const char *s = buf, *end = buf + len, *line;
	size_t llen;
	unsigned long lineno = 1;

	if (memchr(buf, '\0', len) != NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s contains a NUL byte", what);
	if (!vigil__trust_line(&s, end, &line, &llen))
		return vigil__error(err, VIGIL_EINVALID, "%s is empty", what);
	if (llen >= strlen(UNTRUSTED_PREFIX) &&
	    memcmp(line, UNTRUSTED_PREFIX, strlen(UNTRUSTED_PREFIX)) == 0) {
		if (llen - strlen(UNTRUSTED_PREFIX) > VIGIL_TRUST_COMMENT_MAX)
			return vigil__error_at(err, VIGIL_ETOOBIG, 1, 0,
			    "untrusted comment longer than %d bytes",
			    VIGIL_TRUST_COMMENT_MAX);
		lineno = 2;
		if (!vigil__trust_line(&s, end, &line, &llen))
			return vigil__error_at(err, VIGIL_EINVALID, 2, 0,
			    "%s is truncated: the key line is missing", what);
	} else if (!allow_bare) {
		return vigil__error_at(err, VIGIL_EINVALID, 1, 0,
		    "%s must start with \"" UNTRUSTED_PREFIX "\"", what);
	}
	if (vigil__trust_b64_exact(out, want, line, llen) != 0)
		return vigil__error_at(err, VIGIL_EINVALID, lineno, 0,
		    "%s: the key line is not base64 of %zu bytes", what, want);
	if (!vigil__trust_blank(s, (size_t)(end - s)))
		return vigil__error_at(err, VIGIL_EINVALID, lineno + 1, 0,
		    "%s: unexpected text after the key line", what);
	return 0;
}

int
vigil_trust_pubkey_parse(vigil_pubkey *out, const char *buf, size_t len,
    vigil_error *err)
{
	uint8_t body[PK_BODY];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = vigil__trust_init(err)) < 0 ||
	    (rc = key_body(body, sizeof(body), buf, len, 1, "public key",
	    err)) < 0)
		return rc;
	if (memcmp(body, "Ed", 2) != 0)
		return vigil__error(err, VIGIL_EUNSUPPORTED,
		    "public key algorithm is not Ed25519 (\"Ed\")");
	memcpy(out->key_id, body + 2, sizeof(out->key_id));
	memcpy(out->pk, body + 10, sizeof(out->pk));
	return 0;
}

int
vigil_trust_pubkey_load(vigil_pubkey *out, const char *path,
    vigil_error *err)
{
	char buf[VIGIL_TRUST_FILE_MAX + 1];
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = vigil__trust_read_small(buf, sizeof(buf), &len, path,
	    err)) < 0)
		return rc;
	if ((rc = vigil_trust_pubkey_parse(out, buf, len, err)) < 0)
		vigil__trust_error_file(err, path);
	return rc;
}

void
vigil_trust_pubkey_base64(char out[57], const vigil_pubkey *pk)
{
	uint8_t body[PK_BODY];

	memcpy(body, "Ed", 2);
	memcpy(body + 2, pk->key_id, 8);
	memcpy(body + 10, pk->pk, 32);
	sodium_bin2base64(out, 57, body, sizeof(body),
	    sodium_base64_VARIANT_ORIGINAL);
}

int
vigil_trust_pubkey_save(const char *path, const vigil_pubkey *pk,
    int replace, vigil_error *err)
{
	char b64[57], id[17], text[160];
	int n, rc;

	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	vigil_trust_pubkey_base64(b64, pk);
	vigil_trust_keyid_hex(id, pk->key_id);
	n = snprintf(text, sizeof(text),
	    UNTRUSTED_PREFIX "minisign public key %s\n%s\n", id, b64);
	if (n < 0 || (size_t)n >= sizeof(text))
		return vigil__error(err, VIGIL_ERROR, "public key text");
	return vigil__trust_write_file(path, text, (size_t)n, 0644, replace,
	    err);
}

/* BLAKE2b-256("Ed" || key id || secret key), as minisign. */
static void
seckey_checksum(uint8_t out[32], const uint8_t key_id[8], const uint8_t *sk)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
	crypto_generichash_update(&st, key_id, 8);
	crypto_generichash_update(&st, sk, crypto_sign_SECRETKEYBYTES);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}

static int
all_zero(const uint8_t *p, size_t len)
{
	return sodium_is_zero(p, len);
}

int
vigil_trust_seckey_is_encrypted(const char *buf, size_t len)
{
	uint8_t *body;
	int enc;

	if (sodium_init() < 0 || (body = sodium_malloc(SK_BODY)) == NULL)
		return 0;
	enc = key_body(body, SK_BODY, buf, len, 0, "secret key", NULL) == 0 &&
	    memcmp(body + 2, "Sc", 2) == 0;
	sodium_free(body);
	return enc;
}

/* The scrypt stream for a key body: derived from the password. */
static int
kdf_stream(uint8_t *stream, const uint8_t *body, vigil_trust_password_cb cb,
    void *payload, vigil_error *err)
{
	uint64_t ops = vigil__trust_le64_load(body + 38);
	uint64_t mem = vigil__trust_le64_load(body + 46);
	char *pw;
	int rc;

	if (ops > VIGIL_TRUST_KDF_OPSLIMIT_MAX ||
	    mem > VIGIL_TRUST_KDF_MEMLIMIT_MAX)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "secret key asks for scrypt limits above vigil's "
		    "(opslimit %llu, memlimit %llu)", (unsigned long long)ops,
		    (unsigned long long)mem);
	if (cb == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "secret key is encrypted and no password was given");
	if ((pw = sodium_malloc(VIGIL_TRUST_PASSWORD_MAX + 1)) == NULL)
		return vigil__error_oom(err);
	memset(pw, 0, VIGIL_TRUST_PASSWORD_MAX + 1);
	if ((rc = cb(pw, VIGIL_TRUST_PASSWORD_MAX + 1, payload, err)) < 0)
		goto done;
	pw[VIGIL_TRUST_PASSWORD_MAX] = '\0';
	/*
	 * The high-level call turns minisign's stored (opslimit, memlimit)
	 * into scrypt's N, r, p exactly as minisign does; it runs
	 * crypto_pwhash_scryptsalsa208sha256_ll underneath.
	 */
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_KEYNUM_LEN, pw,
	    strlen(pw), body + 6, (unsigned long long)ops, (size_t)mem) != 0)
		rc = vigil__error(err, VIGIL_ENOMEM,
		    "scrypt failed (memlimit %llu bytes)",
		    (unsigned long long)mem);
done:
	sodium_free(pw);
	return rc;
}

int
vigil_trust_seckey_parse(vigil_seckey **out, const char *buf, size_t len,
    vigil_trust_password_cb password, void *payload, vigil_error *err)
{
	uint8_t *body = NULL, *stream = NULL, chk[32];
	vigil_seckey *sk = NULL;
	uint8_t *keynum;
	int rc, encrypted;
	size_t i;

	*out = NULL;
	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if ((body = sodium_malloc(SK_BODY)) == NULL ||
	    (stream = sodium_malloc(SK_KEYNUM_LEN)) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if ((rc = key_body(body, SK_BODY, buf, len, 0, "secret key",
	    err)) < 0)
		goto done;
	if (memcmp(body, "Ed", 2) != 0) {
		rc = vigil__error(err, VIGIL_EUNSUPPORTED,
		    "secret key algorithm is not Ed25519 (\"Ed\")");
		goto done;
	}
	if (memcmp(body + 4, "B2", 2) != 0) {
		rc = vigil__error(err, VIGIL_EUNSUPPORTED,
		    "secret key checksum algorithm is not BLAKE2b (\"B2\")");
		goto done;
	}
	if (memcmp(body + 2, "Sc", 2) == 0) {
		encrypted = 1;
	} else if (body[2] == 0 && body[3] == 0) {
		encrypted = 0;
	} else {
		rc = vigil__error(err, VIGIL_EUNSUPPORTED,
		    "secret key KDF is neither scrypt (\"Sc\") nor none");
		goto done;
	}
	keynum = body + SK_KEYNUM_OFF;
	if (encrypted) {
		if ((rc = kdf_stream(stream, body, password, payload,
		    err)) < 0)
			goto done;
		for (i = 0; i < SK_KEYNUM_LEN; i++)
			keynum[i] ^= stream[i];
	}
	if (encrypted || !all_zero(keynum + 72, 32)) {
		seckey_checksum(chk, keynum, keynum + 8);
		if (sodium_memcmp(chk, keynum + 72, 32) != 0) {
			rc = encrypted ?
			    vigil__error(err, VIGIL_EVERIFY,
			    "wrong password for the secret key") :
			    vigil__error(err, VIGIL_EINVALID,
			    "secret key checksum does not match (corrupted)");
			goto done;
		}
	}
	/*
	 * An Ed25519 secret key is seed || public key: rebuild it from the
	 * seed and insist on the same bytes.
	 */
	if ((rc = seckey_alloc(&sk, err)) < 0)
		goto done;
	{
		uint8_t pk[crypto_sign_PUBLICKEYBYTES];

		crypto_sign_seed_keypair(pk, sk->sk, keynum + 8);
		if (sodium_memcmp(sk->sk, keynum + 8, 64) != 0) {
			rc = vigil__error(err, VIGIL_EINVALID,
			    "secret key is inconsistent: its public half "
			    "does not belong to it");
			goto done;
		}
	}
	memcpy(sk->key_id, keynum, 8);
	*out = sk;
	sk = NULL;
done:
	sodium_memzero(chk, sizeof(chk));
	vigil_trust_seckey_free(sk);
	if (body != NULL)
		sodium_free(body);
	if (stream != NULL)
		sodium_free(stream);
	return rc;
}

int
vigil_trust_seckey_load(vigil_seckey **out, const char *path,
    vigil_trust_password_cb password, void *payload, vigil_error *err)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if ((buf = sodium_malloc(VIGIL_TRUST_FILE_MAX + 1)) == NULL)
		return vigil__error_oom(err);
	if ((rc = vigil__trust_read_small(buf, VIGIL_TRUST_FILE_MAX + 1, &len,
	    path, err)) == 0 &&
	    (rc = vigil_trust_seckey_parse(out, buf, len, password, payload,
	    err)) < 0)
		vigil__trust_error_file(err, path);
	sodium_free(buf);
	return rc;
}

int
vigil_trust_seckey_save(const char *path, const vigil_seckey *sk,
    const char *password, size_t pwlen, vigil_trust_kdf kdf, int replace,
    vigil_error *err)
{
	static const char head[] = UNTRUSTED_PREFIX
	    "minisign encrypted secret key\n";
	const size_t b64len = sodium_base64_ENCODED_LEN(SK_BODY,
	    sodium_base64_VARIANT_ORIGINAL);
	uint8_t *body = NULL, *stream = NULL, *keynum;
	char *text = NULL;
	size_t i, hlen = sizeof(head) - 1, tlen;
	uint64_t ops, mem;
	int rc;

	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if (password != NULL && pwlen > VIGIL_TRUST_PASSWORD_MAX)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "password longer than %d bytes", VIGIL_TRUST_PASSWORD_MAX);
	if (password != NULL && memchr(password, '\0', pwlen) != NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "password contains a NUL byte");
	if ((body = sodium_malloc(SK_BODY)) == NULL ||
	    (stream = sodium_malloc(SK_KEYNUM_LEN)) == NULL ||
	    (text = sodium_malloc(hlen + b64len + 1)) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	memset(body, 0, SK_BODY);
	keynum = body + SK_KEYNUM_OFF;
	memcpy(body, "Ed", 2);
	memcpy(body + 4, "B2", 2);
	memcpy(keynum, sk->key_id, 8);
	memcpy(keynum + 8, sk->sk, 64);
	seckey_checksum(keynum + 72, sk->key_id, sk->sk);
	if (password != NULL) {
		if (kdf == VIGIL_TRUST_KDF_INTERACTIVE) {
			ops = SCRYPT(OPSLIMIT_INTERACTIVE);
			mem = SCRYPT(MEMLIMIT_INTERACTIVE);
		} else {
			ops = SCRYPT(OPSLIMIT_SENSITIVE);
			mem = SCRYPT(MEMLIMIT_SENSITIVE);
		}
		memcpy(body + 2, "Sc", 2);
		randombytes_buf(body + 6, 32);
		vigil__trust_le64_store(body + 38, ops);
		vigil__trust_le64_store(body + 46, mem);
		if (crypto_pwhash_scryptsalsa208sha256(stream, SK_KEYNUM_LEN,
		    password, pwlen, body + 6, (unsigned long long)ops,
		    (size_t)mem) != 0) {
			rc = vigil__error(err, VIGIL_ENOMEM,
			    "scrypt failed (memlimit %llu bytes)",
			    (unsigned long long)mem);
			goto done;
		}
		for (i = 0; i < SK_KEYNUM_LEN; i++)
			keynum[i] ^= stream[i];
	}
	memcpy(text, head, hlen);
	sodium_bin2base64(text + hlen, b64len, body, SK_BODY,
	    sodium_base64_VARIANT_ORIGINAL);
	tlen = hlen + b64len - 1;
	text[tlen++] = '\n';
	rc = vigil__trust_write_file(path, text, tlen, 0600, replace, err);
done:
	if (body != NULL)
		sodium_free(body);
	if (stream != NULL)
		sodium_free(stream);
	if (text != NULL)
		sodium_free(text);
	return rc;
}
