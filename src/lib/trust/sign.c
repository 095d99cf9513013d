/* SPDX-License-Identifier: Apache-2.0 */
/*
 * minisign signatures: making them (the file's BLAKE2b-512 or the file
 * itself signed with Ed25519, then a global signature over the signature
 * and the trusted comment), reading .minisig files and checking them.
 *
 * A .minisig file, four lines:
 *
 *     untrusted comment: signature from vigil secret key
 *     RUQ...   base64("ED" || key id[8] || Ed25519 signature[64])
 *     trusted comment: timestamp:1700000000<TAB>file:fw.bin<TAB>hashed
 *     abc...   base64(Ed25519 signature over signature[64] || comment)
 *
 * Nothing but the first line may change without the secret key.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "trustint.h"

#define SIG_BODY 74
#define CHUNK 65536


/* BLAKE2b-512 of the file PATH, streamed. */
static int
hash_file(uint8_t out[64], const char *path, vigil_error *err)
{
	crypto_generichash_state st;
	unsigned char *chunk;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	if ((chunk = vgx_malloc(CHUNK)) == NULL) {
		close(fd);
		return vigil__error_oom(err);
	}
	crypto_generichash_init(&st, NULL, 0, 64);
	for (;;) {
		n = read(fd, chunk, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(errno));
			break;
		}
		if (n == 0)
			break;
		crypto_generichash_update(&st, chunk, (size_t)n);
	}
	crypto_generichash_final(&st, out, 64);
	vgx_free(chunk);
	close(fd);
	return rc;
}

/* One line of text for a comment: valid UTF-8, no control characters. */
static int
check_comment(const char *s, size_t max, const char *what, vigil_error *err)
{
	size_t len = strlen(s), bad, i;

	if (len > max)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s longer than %zu bytes", what, max);
	if (vgx_utf8_check(s, len, &bad) != 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s is not valid UTF-8 (byte %zu)", what, bad + 1);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return vigil__error(err, VIGIL_EINVALID,
			    "%s contains a control character (byte %zu)",
			    what, i + 1);
	return 0;
}

/*
 * Sign the 64-byte hash or the message M (MLEN bytes) and format the
 * .minisig text.
 */
static int
sign_common(char **out, size_t *len_out, const vigil_seckey *sk,
    const uint8_t *m, size_t mlen, const char *name,
    const vigil_sign_opts *opts, vigil_error *err)
{
	static const vigil_sign_opts defaults = VIGIL_SIGN_OPTS_INIT;
	uint8_t body[SIG_BODY], global[64];
	uint8_t gmsg[64 + VIGIL_TRUST_TRUSTED_COMMENT_MAX];
	char tc[VIGIL_TRUST_TRUSTED_COMMENT_MAX + 1];
	char b64sig[sodium_base64_ENCODED_LEN(SIG_BODY,
	    sodium_base64_VARIANT_ORIGINAL)];
	char b64glob[sodium_base64_ENCODED_LEN(64,
	    sodium_base64_VARIANT_ORIGINAL)];
	const char *comment;
	vgx_buf b;
	size_t tlen;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != VIGIL_SIGN_OPTS_VERSION)
		vigil__misuse("vigil_sign_opts: unknown version");
	comment = opts->comment != NULL ? opts->comment :
	    "signature from vigil secret key";
	if ((rc = check_comment(comment, VIGIL_TRUST_COMMENT_MAX,
	    "untrusted comment", err)) < 0)
		return rc;
	if (opts->trusted_comment != NULL) {
		if ((rc = check_comment(opts->trusted_comment,
		    VIGIL_TRUST_TRUSTED_COMMENT_MAX, "trusted comment",
		    err)) < 0)
			return rc;
		tlen = strlen(opts->trusted_comment);
		memcpy(tc, opts->trusted_comment, tlen + 1);
	} else {
		long long ts = opts->timestamp != 0 ?
		    (long long)opts->timestamp : (long long)time(NULL);
		int n;

		n = snprintf(tc, sizeof(tc), "timestamp:%lld\tfile:%s%s", ts,
		    name, opts->alg == VIGIL_SIGALG_LEGACY ? "" : "\thashed");
		if (n < 0 || (size_t)n >= sizeof(tc))
			return vigil__error(err, VIGIL_EINVALID,
			    "file name too long for the trusted comment");
		if ((rc = check_comment(tc, VIGIL_TRUST_TRUSTED_COMMENT_MAX,
		    "trusted comment (from the file name)", err)) < 0)
			return rc;
		tlen = (size_t)n;
	}
	memcpy(body, opts->alg == VIGIL_SIGALG_LEGACY ? "Ed" : "ED", 2);
	memcpy(body + 2, sk->key_id, 8);
	crypto_sign_detached(body + 10, NULL, m, mlen, sk->sk);
	memcpy(gmsg, body + 10, 64);
	memcpy(gmsg + 64, tc, tlen);
	crypto_sign_detached(global, NULL, gmsg, 64 + tlen, sk->sk);
	sodium_bin2base64(b64sig, sizeof(b64sig), body, sizeof(body),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(b64glob, sizeof(b64glob), global, sizeof(global),
	    sodium_base64_VARIANT_ORIGINAL);
	vgx_buf_init(&b, 2 * VIGIL_TRUST_FILE_MAX);
	if ((rc = vgx_buf_printf(&b, UNTRUSTED_PREFIX "%s\n%s\n"
	    TRUSTED_PREFIX "%s\n%s\n", comment, b64sig, tc, b64glob)) < 0 ||
	    (*out = vgx_buf_take(&b, len_out)) == NULL) {
		vgx_buf_dispose(&b);
		return vigil__error_oom(err);
	}
	return 0;
}

int
vigil_trust_sign_buf(char **out, size_t *len_out, const vigil_seckey *sk,
    const void *buf, size_t len, const char *name,
    const vigil_sign_opts *opts, vigil_error *err)
{
	uint8_t h[64];
	int rc;

	*out = NULL;
	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if (opts != NULL && opts->alg == VIGIL_SIGALG_LEGACY)
		return sign_common(out, len_out, sk, buf, len, name, opts,
		    err);
	crypto_generichash(h, sizeof(h), buf, len, NULL, 0);
	return sign_common(out, len_out, sk, h, sizeof(h), name, opts, err);
}

int
vigil_trust_sign_file(char **out, size_t *len_out, const vigil_seckey *sk,
    const char *path, const vigil_sign_opts *opts, vigil_error *err)
{
	const char *name = vigil__trust_basename(path);
	uint8_t h[64];
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if (opts != NULL && opts->alg == VIGIL_SIGALG_LEGACY) {
		if ((rc = vgx_file_read(&data, &len, path,
		    (size_t)VIGIL_TRUST_LEGACY_MAX, err)) < 0)
			return rc;
		rc = sign_common(out, len_out, sk, (uint8_t *)data, len, name,
		    opts, err);
		vgx_free(data);
		return rc;
	}
	if ((rc = hash_file(h, path, err)) < 0)
		return rc;
	return sign_common(out, len_out, sk, h, sizeof(h), name, opts, err);
}

int
vigil_trust_sign_save(const char *sigpath, const vigil_seckey *sk,
    const char *path, const vigil_sign_opts *opts, vigil_error *err)
{
	char def[4096], *text;
	size_t len;
	int rc;

	if (sigpath == NULL) {
		if ((size_t)snprintf(def, sizeof(def), "%s.minisig", path) >=
		    sizeof(def))
			return vigil__error(err, VIGIL_EIO, "%s: path too long",
			    path);
		sigpath = def;
	}
	if ((rc = vigil_trust_sign_file(&text, &len, sk, path, opts,
	    err)) < 0)
		return rc;
	rc = vigil__trust_write_file(sigpath, text, len, 0644, 1, err);
	vgx_free(text);
	return rc;
}

/* A comment line: PREFIX then at most MAX bytes, copied to OUT. */
static int
comment_line(char *out, size_t max, const char *line, size_t len,
    const char *prefix, unsigned long lineno, vigil_error *err)
{
	size_t plen = strlen(prefix);

	if (len < plen || memcmp(line, prefix, plen) != 0)
		return vigil__error_at(err, VIGIL_EINVALID, lineno, 0,
		    "expected a line starting with \"%s\"", prefix);
	if (len - plen > max)
		return vigil__error_at(err, VIGIL_ETOOBIG, lineno, 0,
		    "comment longer than %zu bytes", max);
	memcpy(out, line + plen, len - plen);
	out[len - plen] = '\0';
	return 0;
}

int
vigil_trust_minisig_parse(vigil_minisig *out, const char *buf, size_t len,
    vigil_error *err)
{
	const char *s = buf, *end = buf + len, *line;
	uint8_t body[SIG_BODY];
	size_t llen;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = vigil__trust_init(err)) < 0)
		return rc;
	if (memchr(buf, '\0', len) != NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "signature contains a NUL byte");
	if (!vigil__trust_line(&s, end, &line, &llen))
		return vigil__error(err, VIGIL_EINVALID, "signature is empty");
	if ((rc = comment_line(out->untrusted, VIGIL_TRUST_COMMENT_MAX, line,
	    llen, UNTRUSTED_PREFIX, 1, err)) < 0)
		return rc;
	if (!vigil__trust_line(&s, end, &line, &llen))
		return vigil__error_at(err, VIGIL_EINVALID, 2, 0,
		    "signature is truncated: the signature line is missing");
	if (vigil__trust_b64_exact(body, sizeof(body), line, llen) != 0)
		return vigil__error_at(err, VIGIL_EINVALID, 2, 0,
		    "the signature line is not base64 of %d bytes", SIG_BODY);
	if (memcmp(body, "ED", 2) == 0)
		out->alg = VIGIL_SIGALG_HASHED;
	else if (memcmp(body, "Ed", 2) == 0)
		out->alg = VIGIL_SIGALG_LEGACY;
	else
		return vigil__error_at(err, VIGIL_EUNSUPPORTED, 2, 0,
		    "signature algorithm is neither \"ED\" nor \"Ed\"");
	memcpy(out->key_id, body + 2, 8);
	memcpy(out->sig, body + 10, 64);
	if (!vigil__trust_line(&s, end, &line, &llen))
		return vigil__error_at(err, VIGIL_EINVALID, 3, 0,
		    "signature is truncated: the trusted comment is missing");
	if ((rc = comment_line(out->trusted, VIGIL_TRUST_TRUSTED_COMMENT_MAX,
	    line, llen, TRUSTED_PREFIX, 3, err)) < 0)
		return rc;
	if (!vigil__trust_line(&s, end, &line, &llen))
		return vigil__error_at(err, VIGIL_EINVALID, 4, 0,
		    "signature is truncated: the global signature is missing");
	if (vigil__trust_b64_exact(out->global_sig, 64, line, llen) != 0)
		return vigil__error_at(err, VIGIL_EINVALID, 4, 0,
		    "the global signature line is not base64 of 64 bytes");
	if (!vigil__trust_blank(s, (size_t)(end - s)))
		return vigil__error_at(err, VIGIL_EINVALID, 5, 0,
		    "unexpected text after the global signature");
	return 0;
}

int
vigil_trust_minisig_load(vigil_minisig *out, const char *path,
    vigil_error *err)
{
	char buf[VIGIL_TRUST_FILE_MAX + 1];
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = vigil__trust_read_small(buf, sizeof(buf), &len, path,
	    err)) < 0)
		return rc;
	if ((rc = vigil_trust_minisig_parse(out, buf, len, err)) < 0)
		vigil__trust_error_file(err, path);
	return rc;
}

/* The checks shared by both verify calls, after the message is ready. */
static int
verify_common(const vigil_pubkey *pk, const uint8_t *m, size_t mlen,
    const vigil_minisig *sig, vigil_error *err)
{
	uint8_t gmsg[64 + VIGIL_TRUST_TRUSTED_COMMENT_MAX];
	size_t tlen = strnlen(sig->trusted, sizeof(sig->trusted));

	if (tlen > VIGIL_TRUST_TRUSTED_COMMENT_MAX)
		vigil__misuse("vigil_minisig: trusted comment not terminated");
	if (crypto_sign_verify_detached(sig->sig, m, mlen, pk->pk) != 0)
		return vigil__error(err, VIGIL_EVERIFY,
		    "signature does not verify: the file was changed after "
		    "signing (tampered or corrupted)");
	memcpy(gmsg, sig->sig, 64);
	memcpy(gmsg + 64, sig->trusted, tlen);
	if (crypto_sign_verify_detached(sig->global_sig, gmsg, 64 + tlen,
	    pk->pk) != 0)
		return vigil__error(err, VIGIL_EVERIFY,
		    "global signature does not verify: the trusted comment "
		    "was changed after signing");
	return 0;
}

static int
check_key_id(const vigil_pubkey *pk, const vigil_minisig *sig,
    vigil_error *err)
{
	char a[17], b[17];

	/* Key ids are public: an ordinary comparison is fine. */
	if (memcmp(pk->key_id, sig->key_id, 8) == 0)
		return 0;
	vigil_trust_keyid_hex(a, sig->key_id);
	vigil_trust_keyid_hex(b, pk->key_id);
	return vigil__error(err, VIGIL_EVERIFY,
	    "signature key id %s is not the public key's (%s)", a, b);
}

int
vigil_trust_verify_buf(const vigil_pubkey *pk, const void *buf, size_t len,
    const vigil_minisig *sig, vigil_error *err)
{
	uint8_t h[64];
	int rc;

	if ((rc = vigil__trust_init(err)) < 0 ||
	    (rc = check_key_id(pk, sig, err)) < 0)
		return rc;
	if (sig->alg == VIGIL_SIGALG_LEGACY)
		return verify_common(pk, buf, len, sig, err);
	crypto_generichash(h, sizeof(h), buf, len, NULL, 0);
	return verify_common(pk, h, sizeof(h), sig, err);
}

int
vigil_trust_verify_file(const vigil_pubkey *pk, const char *path,
    const vigil_minisig *sig, vigil_error *err)
{
	uint8_t h[64];
	char *data;
	size_t len;
	int rc;

	if ((rc = vigil__trust_init(err)) < 0 ||
	    (rc = check_key_id(pk, sig, err)) < 0)
		return rc;
	if (sig->alg == VIGIL_SIGALG_LEGACY) {
		if ((rc = vgx_file_read(&data, &len, path,
		    (size_t)VIGIL_TRUST_LEGACY_MAX, err)) < 0)
			return rc;
		rc = verify_common(pk, (uint8_t *)data, len, sig, err);
		vgx_free(data);
		return rc;
	}
	if ((rc = hash_file(h, path, err)) < 0)
		return rc;
	return verify_common(pk, h, sizeof(h), sig, err);
}
