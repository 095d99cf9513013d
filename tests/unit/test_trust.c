/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/lib/trust: minisign keys and signatures (round trips, forgeries,
 * truncation, wrong keys, tampering), encrypted secret keys, SHA-2
 * sidecars, trusted keys and --require-signature, and the fixed files in
 * tests/data/trust (some made by minisign itself).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/vigil.h"

static char *tmpdir;

static int
setup(void **state)
{
	(void)state;
	tmpdir = vt_mkdtemp();
	return tmpdir == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	vt_rmtree(tmpdir);
	free(tmpdir);
	tmpdir = NULL;
	return 0;
}

static const char *
tmp(const char *name)
{
	static char buf[4][4096];
	static unsigned i;
	char *p = buf[i++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

static void
write_text(const char *path, const char *s, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(s, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static vigil_seckey *
load_sk(const char *rel)
{
	vigil_seckey *sk = NULL;
	vigil_error err;

	if (vigil_trust_seckey_load(&sk, vt_data(rel), NULL, NULL, &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	return sk;
}

static void
load_pk(vigil_pubkey *pk, const char *rel)
{
	vigil_error err;

	if (vigil_trust_pubkey_load(pk, vt_data(rel), &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
}

/* Sign MSG in memory with SK; the .minisig text is parsed into SIG. */
static void
sign_parse(vigil_minisig *sig, const vigil_seckey *sk, const char *msg,
    vigil_sigalg alg)
{
	vigil_sign_opts o = VIGIL_SIGN_OPTS_INIT;
	vigil_error err;
	char *text;
	size_t len;

	o.alg = alg;
	o.timestamp = 1700000000;
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, msg,
	    strlen(msg), "msg.txt", &o, &err), 0);
	assert_int_equal(vigil_trust_minisig_parse(sig, text, len, &err), 0);
	vigil_trust_text_free(text);
}

static void
test_roundtrip(void **state)
{
	static const vigil_sigalg algs[] = {VIGIL_SIGALG_HASHED,
	    VIGIL_SIGALG_LEGACY};
	vigil_seckey *sk;
	vigil_pubkey pk, pk2;
	vigil_minisig sig;
	vigil_error err;
	size_t i;

	(void)state;
	assert_int_equal(vigil_trust_keypair_generate(&sk, &pk, &err), 0);
	vigil_trust_seckey_pubkey(&pk2, sk);
	assert_memory_equal(&pk, &pk2, sizeof(pk));
	for (i = 0; i < VGX_ARRAY_SIZE(algs); i++) {
		sign_parse(&sig, sk, "hello", algs[i]);
		assert_int_equal(sig.alg, algs[i]);
		assert_memory_equal(sig.key_id, pk.key_id, 8);
		assert_string_equal(sig.trusted, algs[i] == VIGIL_SIGALG_HASHED ?
		    "timestamp:1700000000\tfile:msg.txt\thashed" :
		    "timestamp:1700000000\tfile:msg.txt");
		assert_string_equal(sig.untrusted,
		    "signature from vigil secret key");
		assert_int_equal(vigil_trust_verify_buf(&pk, "hello", 5, &sig,
		    &err), 0);
		assert_int_equal(vigil_trust_verify_buf(&pk, "hellp", 5, &sig,
		    &err), VIGIL_EVERIFY);
	}
	/* The same through files, with the default (hashed) algorithm. */
	write_text(tmp("data.bin"), "payload\n", 8);
	assert_int_equal(vigil_trust_sign_save(NULL, sk, tmp("data.bin"), NULL,
	    &err), 0);
	assert_int_equal(vigil_trust_minisig_load(&sig, tmp("data.bin.minisig"),
	    &err), 0);
	assert_non_null(strstr(sig.trusted, "\tfile:data.bin\thashed"));
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("data.bin"), &sig,
	    &err), 0);
	vigil_trust_seckey_free(sk);
}

static void
test_forged(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_minisig sig, bad;
	vigil_pubkey pk;
	vigil_error err;
	size_t i;

	(void)state;
	load_pk(&pk, "trust/test.pub");
	sign_parse(&sig, sk, "dose limits v2", VIGIL_SIGALG_HASHED);
	/* Any single flipped bit in either signature is caught. */
	for (i = 0; i < 64 * 8; i += 37) {
		bad = sig;
		bad.sig[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(vigil_trust_verify_buf(&pk, "dose limits v2", 14,
		    &bad, &err), VIGIL_EVERIFY);
		bad = sig;
		bad.global_sig[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(vigil_trust_verify_buf(&pk, "dose limits v2", 14,
		    &bad, &err), VIGIL_EVERIFY);
		assert_non_null(strstr(err.msg, "global signature"));
	}
	/* An all-zero signature (and a small-order one) is refused. */
	bad = sig;
	memset(bad.sig, 0, 64);
	assert_int_equal(vigil_trust_verify_buf(&pk, "dose limits v2", 14,
	    &bad, &err), VIGIL_EVERIFY);
	/* Switching the algorithm byte does not make it valid either. */
	bad = sig;
	bad.alg = VIGIL_SIGALG_LEGACY;
	assert_int_equal(vigil_trust_verify_buf(&pk, "dose limits v2", 14,
	    &bad, &err), VIGIL_EVERIFY);
	vigil_trust_seckey_free(sk);
}

static void
test_truncated(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_error err;
	vigil_minisig sig;
	char *text;
	size_t len, k;

	(void)state;
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x",
	    NULL, &err), 0);
	/* Every proper prefix but the one without the last newline fails. */
	for (k = 0; k + 1 < len; k++) {
		int rc = vigil_trust_minisig_parse(&sig, text, k, &err);

		if (rc == 0)
			fail_msg("prefix of %zu bytes parsed", k);
		assert_true(rc == VIGIL_EINVALID);
	}
	assert_int_equal(vigil_trust_minisig_parse(&sig, text, len - 1, &err),
	    0);
	/* A truncated file on disk is reported with its name. */
	write_text(tmp("t.minisig"), text, len / 2);
	assert_int_equal(vigil_trust_minisig_load(&sig, tmp("t.minisig"), &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "t.minisig"));
	vigil_trust_text_free(text);
	vigil_trust_seckey_free(sk);
}

static void
test_wrong_key(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_pubkey other, forged;
	vigil_minisig sig;
	vigil_error err;

	(void)state;
	load_pk(&other, "trust/other.pub");
	sign_parse(&sig, sk, "m", VIGIL_SIGALG_HASHED);
	/* Key id mismatch: reported as such, naming both ids. */
	assert_int_equal(vigil_trust_verify_buf(&other, "m", 1, &sig, &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "key id BDFB51297555DF22"));
	assert_non_null(strstr(err.msg, "81BEECE584547B70"));
	/* The right id on another key: the signature itself fails. */
	forged = other;
	memcpy(forged.key_id, sig.key_id, 8);
	assert_int_equal(vigil_trust_verify_buf(&forged, "m", 1, &sig, &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "signature does not verify"));
	vigil_trust_seckey_free(sk);
}

static void
test_tampered(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_sign_opts o = VIGIL_SIGN_OPTS_INIT;
	vigil_minisig sig, bad;
	vigil_pubkey pk;
	vigil_error err;

	(void)state;
	load_pk(&pk, "trust/test.pub");
	o.trusted_comment = "release 4.1 approved";
	write_text(tmp("fw.bin"), "firmware", 8);
	assert_int_equal(vigil_trust_sign_save(NULL, sk, tmp("fw.bin"), &o,
	    &err), 0);
	assert_int_equal(vigil_trust_minisig_load(&sig, tmp("fw.bin.minisig"),
	    &err), 0);
	assert_string_equal(sig.trusted, "release 4.1 approved");
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("fw.bin"), &sig,
	    &err), 0);
	/* Tampered trusted comment. */
	bad = sig;
	memcpy(bad.trusted, "release 4.2", 11);
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("fw.bin"), &bad,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "trusted comment"));
	/* The untrusted comment may change freely. */
	bad = sig;
	snprintf(bad.untrusted, sizeof(bad.untrusted), "%s", "anything");
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("fw.bin"), &bad,
	    &err), 0);
	/* Tampered file: one byte more. */
	write_text(tmp("fw.bin"), "firmware!", 9);
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("fw.bin"), &sig,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "changed after signing"));
	/* A missing file is an I/O error, not a pass. */
	assert_int_equal(vigil_trust_verify_file(&pk, tmp("nope"), &sig, &err),
	    VIGIL_EIO);
	vigil_trust_seckey_free(sk);
}

static void
test_comments(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_sign_opts o = VIGIL_SIGN_OPTS_INIT;
	vigil_error err;
	char *text, *big;
	size_t len;

	(void)state;
	o.trusted_comment = "two\nlines";
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x", &o,
	    &err), VIGIL_EINVALID);
	o.trusted_comment = "bad \xff utf-8";
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x", &o,
	    &err), VIGIL_EINVALID);
	o.trusted_comment = NULL;
	o.comment = "esc\x1b[31m";
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x", &o,
	    &err), VIGIL_EINVALID);
	o.comment = NULL;
	big = calloc(1, VIGIL_TRUST_TRUSTED_COMMENT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', VIGIL_TRUST_TRUSTED_COMMENT_MAX);
	o.trusted_comment = big;
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x", &o,
	    &err), 0);
	vigil_trust_text_free(text);
	big[VIGIL_TRUST_TRUSTED_COMMENT_MAX] = 'a';
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "x", &o,
	    &err), VIGIL_EINVALID);
	/* A file name with a newline cannot go into the default comment. */
	o.trusted_comment = NULL;
	assert_int_equal(vigil_trust_sign_buf(&text, &len, sk, "x", 1, "a\nb",
	    &o, &err), VIGIL_EINVALID);
	free(big);
	vigil_trust_seckey_free(sk);
}

static void
test_minisig_parse_negative(void **state)
{
	static const struct {
		const char *text;
		int rc;
	} cases[] = {
		{"", VIGIL_EINVALID},
		{"not a comment\n", VIGIL_EINVALID},
		{"untrusted comment: x\n", VIGIL_EINVALID},
		{"untrusted comment: x\n!!!!\n", VIGIL_EINVALID},
		/* "XX" algorithm: base64 of 74 bytes starting "XX". */
		{"untrusted comment: x\n"
		    "WFgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
		    "trusted comment: t\n"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAA==\n", VIGIL_EUNSUPPORTED},
		/* "ED" with the trusted comment line missing its prefix. */
		{"untrusted comment: x\n"
		    "RUQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
		    "comment: t\n"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAA==\n", VIGIL_EINVALID},
		/* Global signature one character short. */
		{"untrusted comment: x\n"
		    "RUQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
		    "trusted comment: t\n"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAA==\n", VIGIL_EINVALID},
		/* Text after the global signature. */
		{"untrusted comment: x\n"
		    "RUQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
		    "trusted comment: t\n"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAA==\nmore\n", VIGIL_EINVALID},
	};
	static const char good[] = "untrusted comment: x\r\n"
	    "RUQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
	    "trusted comment: t\r\n"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAA==\r\n";
	vigil_minisig sig;
	vigil_error err;
	char nul[sizeof(good)];
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		int rc = vigil_trust_minisig_parse(&sig, cases[i].text,
		    strlen(cases[i].text), &err);

		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d, want %d (%s)", i, rc,
			    cases[i].rc, err.msg);
	}
	/* CRLF line ends parse (structure only; the signature is zero). */
	assert_int_equal(vigil_trust_minisig_parse(&sig, good,
	    sizeof(good) - 1, &err), 0);
	assert_string_equal(sig.trusted, "t");
	/* An embedded NUL anywhere is refused. */
	memcpy(nul, good, sizeof(good));
	nul[19] = '\0';
	assert_int_equal(vigil_trust_minisig_parse(&sig, nul, sizeof(good) - 1,
	    &err), VIGIL_EINVALID);
	/* A comment one byte over the limit. */
	{
		char *t = calloc(1, 20 + VIGIL_TRUST_COMMENT_MAX + 2);

		assert_non_null(t);
		memcpy(t, "untrusted comment: ", 19);
		memset(t + 19, 'c', VIGIL_TRUST_COMMENT_MAX + 1);
		assert_int_equal(vigil_trust_minisig_parse(&sig, t, strlen(t),
		    &err), VIGIL_ETOOBIG);
		free(t);
	}
}

static void
test_pubkey_parse(void **state)
{
	static const char b64[] =
	    "RWQi31V1KVH7vcIoEoV+7JW/3m7pAlgDaovOnnx0zZcppTSSpMEvokxD";
	vigil_pubkey pk, file;
	vigil_error err;
	char out[57], id[17], text[256];

	(void)state;
	load_pk(&file, "trust/test.pub");
	/* Bare base64 (minisign -P) and the file agree. */
	assert_int_equal(vigil_trust_pubkey_parse(&pk, b64, strlen(b64), &err),
	    0);
	assert_memory_equal(&pk, &file, sizeof(pk));
	vigil_trust_pubkey_base64(out, &pk);
	assert_string_equal(out, b64);
	vigil_trust_keyid_hex(id, pk.key_id);
	assert_string_equal(id, "BDFB51297555DF22");
	/* Negative: wrong length, wrong algorithm, garbage after, NUL. */
	assert_int_equal(vigil_trust_pubkey_parse(&pk, b64, strlen(b64) - 4,
	    &err), VIGIL_EINVALID);
	assert_int_equal(vigil_trust_pubkey_parse(&pk,
	    "RURi31V1KVH7vcIoEoV+7JW/3m7pAlgDaovOnnx0zZcppTSSpMEvokxD", 56,
	    &err), VIGIL_EUNSUPPORTED);
	snprintf(text, sizeof(text), "untrusted comment: k\n%s\nextra\n", b64);
	assert_int_equal(vigil_trust_pubkey_parse(&pk, text, strlen(text),
	    &err), VIGIL_EINVALID);
	snprintf(text, sizeof(text), "untrusted comment: k\n%s\n\n", b64);
	assert_int_equal(vigil_trust_pubkey_parse(&pk, text, strlen(text),
	    &err), 0);
	text[5] = '\0';
	assert_int_equal(vigil_trust_pubkey_parse(&pk, text, strlen(b64) + 22,
	    &err), VIGIL_EINVALID);
	assert_int_equal(vigil_trust_pubkey_parse(&pk, "", 0, &err),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_trust_pubkey_parse(&pk, "untrusted comment: k",
	    20, &err), VIGIL_EINVALID);
	assert_int_equal(vigil_trust_pubkey_load(&pk, tmp("absent.pub"), &err),
	    VIGIL_EIO);
}

static int
pw_cb(char *buf, size_t size, void *payload, vigil_error *err)
{
	(void)err;
	snprintf(buf, size, "%s", (const char *)payload);
	return 0;
}

static void
test_encrypted_key(void **state)
{
	vigil_seckey *sk = NULL, *sk2 = NULL;
	vigil_pubkey pk, want;
	vigil_error err;
	struct stat st;
	char *text;
	size_t len;

	(void)state;
	load_pk(&want, "trust/enc.pub");
	/* Wrong password: the checksum catches it. */
	assert_int_equal(vigil_trust_seckey_load(&sk, vt_data("trust/enc.key"),
	    pw_cb, (void *)"wrong-password", &err), VIGIL_EVERIFY);
	assert_null(sk);
	assert_non_null(strstr(err.msg, "wrong password"));
	/* No password callback for an encrypted key. */
	assert_int_equal(vigil_trust_seckey_load(&sk, vt_data("trust/enc.key"),
	    NULL, NULL, &err), VIGIL_EINVALID);
	text = vt_read(vt_data("trust/enc.key"), &len);
	assert_true(vigil_trust_seckey_is_encrypted(text, len));
	free(text);
	text = vt_read(vt_data("trust/test.key"), &len);
	assert_false(vigil_trust_seckey_is_encrypted(text, len));
	free(text);
	/* The right one. */
	assert_int_equal(vigil_trust_seckey_load(&sk, vt_data("trust/enc.key"),
	    pw_cb, (void *)"test-password", &err), 0);
	vigil_trust_seckey_pubkey(&pk, sk);
	assert_memory_equal(&pk, &want, sizeof(pk));
	/* Save encrypted (0600, exclusive), read back; then unencrypted. */
	assert_int_equal(vigil_trust_seckey_save(tmp("k.key"), sk, "pw2", 3,
	    VIGIL_TRUST_KDF_INTERACTIVE, 0, &err), 0);
	assert_int_equal(stat(tmp("k.key"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(vigil_trust_seckey_save(tmp("k.key"), sk, "pw2", 3,
	    VIGIL_TRUST_KDF_INTERACTIVE, 0, &err), VIGIL_EEXISTS);
	assert_int_equal(vigil_trust_seckey_load(&sk2, tmp("k.key"), pw_cb,
	    (void *)"pw2", &err), 0);
	vigil_trust_seckey_pubkey(&pk, sk2);
	assert_memory_equal(&pk, &want, sizeof(pk));
	vigil_trust_seckey_free(sk2);
	chmod(tmp("k.key"), 0644);
	assert_int_equal(vigil_trust_seckey_save(tmp("k.key"), sk, NULL, 0,
	    VIGIL_TRUST_KDF_INTERACTIVE, 1, &err), 0);
	assert_int_equal(stat(tmp("k.key"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(vigil_trust_seckey_load(&sk2, tmp("k.key"), NULL, NULL,
	    &err), 0);
	vigil_trust_seckey_free(sk2);
	/* Password limits. */
	{
		char big[VIGIL_TRUST_PASSWORD_MAX + 2];

		memset(big, 'p', sizeof(big));
		assert_int_equal(vigil_trust_seckey_save(tmp("k2.key"), sk, big,
		    sizeof(big), VIGIL_TRUST_KDF_INTERACTIVE, 0, &err),
		    VIGIL_ETOOBIG);
		assert_int_equal(vigil_trust_seckey_save(tmp("k2.key"), sk,
		    "a\0b", 3, VIGIL_TRUST_KDF_INTERACTIVE, 0, &err),
		    VIGIL_EINVALID);
		assert_int_equal(access(tmp("k2.key"), F_OK), -1);
	}
	vigil_trust_seckey_free(sk);
}

/* Re-encode a secret key body after changing it with FN. */
static void
patch_key(const char *rel, const char *out, void (*fn)(uint8_t *))
{
	size_t len, bl;
	char *text = vt_read(vt_data(rel), &len), *nl, b64[260], file[400];
	uint8_t body[158];

	nl = strchr(text, '\n');
	assert_non_null(nl);
	assert_int_equal(sodium_base642bin(body, sizeof(body), nl + 1,
	    strcspn(nl + 1, "\n"), NULL, &bl, NULL,
	    sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(bl, 158);
	fn(body);
	sodium_bin2base64(b64, sizeof(b64), body, sizeof(body),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(file, sizeof(file), "untrusted comment: patched\n%s\n", b64);
	write_text(tmp(out), file, strlen(file));
	free(text);
}

static void flip_sk(uint8_t *b) { b[54 + 8 + 3] ^= 1; }
static void flip_pub_half(uint8_t *b) { b[54 + 8 + 40] ^= 1; }
static void big_kdf(uint8_t *b) { b[46 + 7] = 0x7f; }
static void odd_kdf(uint8_t *b) { b[2] = 'X'; }
static void odd_chk(uint8_t *b) { b[4] = 'X'; }
static void zero_chk(uint8_t *b) { memset(b + 54 + 72, 0, 32); }

static void
test_seckey_negative(void **state)
{
	vigil_seckey *sk = NULL;
	vigil_error err;

	(void)state;
	/* A vigil key with a checksum: a flipped secret bit is noticed. */
	patch_key("trust/test.key", "a.key", flip_sk);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("a.key"), NULL, NULL,
	    &err), VIGIL_EINVALID);
	/* Without a checksum (as minisign -W), the public half still is. */
	patch_key("trust/ms.key", "b.key", flip_pub_half);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("b.key"), NULL, NULL,
	    &err), VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "inconsistent"));
	patch_key("trust/test.key", "c.key", zero_chk);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("c.key"), NULL, NULL,
	    &err), 0);
	vigil_trust_seckey_free(sk);
	sk = NULL;
	/* KDF limits beyond vigil's, before any password is asked. */
	patch_key("trust/enc.key", "d.key", big_kdf);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("d.key"), pw_cb,
	    (void *)"x", &err), VIGIL_ETOOBIG);
	patch_key("trust/test.key", "e.key", odd_kdf);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("e.key"), NULL, NULL,
	    &err), VIGIL_EUNSUPPORTED);
	patch_key("trust/test.key", "f.key", odd_chk);
	assert_int_equal(vigil_trust_seckey_load(&sk, tmp("f.key"), NULL, NULL,
	    &err), VIGIL_EUNSUPPORTED);
	/* A public key file is not a secret key. */
	assert_int_equal(vigil_trust_seckey_load(&sk, vt_data("trust/test.pub"),
	    NULL, NULL, &err), VIGIL_EINVALID);
	assert_null(sk);
}

static void
test_fixed_files(void **state)
{
	static const struct {
		const char *pub, *sig, *trusted;
		vigil_sigalg alg;
	} cases[] = {
		{"trust/test.pub", "trust/firmware.txt.minisig",
		    "timestamp:1700000000\tfile:firmware.txt\thashed",
		    VIGIL_SIGALG_HASHED},
		{"trust/ms.pub", "trust/firmware.txt.ms.minisig",
		    "timestamp:1700000000\tfile:firmware.txt\thashed",
		    VIGIL_SIGALG_HASHED},
		{"trust/ms.pub", "trust/firmware.txt.legacy.minisig",
		    "legacy test", VIGIL_SIGALG_LEGACY},
	};
	vigil_pubkey pk;
	vigil_minisig sig;
	vigil_error err;
	char file[4096];
	size_t i;

	(void)state;
	snprintf(file, sizeof(file), "%s", vt_data("trust/firmware.txt"));
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		load_pk(&pk, cases[i].pub);
		assert_int_equal(vigil_trust_minisig_load(&sig,
		    vt_data(cases[i].sig), &err), 0);
		assert_int_equal(sig.alg, cases[i].alg);
		assert_string_equal(sig.trusted, cases[i].trusted);
		if (vigil_trust_verify_file(&pk, file, &sig, &err) != 0)
			fail_msg("%s: %s", cases[i].sig, err.msg);
	}
	assert_int_equal(vigil_trust_sidecars_check(file, &err), 0);
	/* A key made by minisign -W signs what vigil and minisign accept. */
	{
		vigil_seckey *sk = load_sk("trust/ms.key");

		load_pk(&pk, "trust/ms.pub");
		sign_parse(&sig, sk, "abc", VIGIL_SIGALG_HASHED);
		assert_int_equal(vigil_trust_verify_buf(&pk, "abc", 3, &sig,
		    &err), 0);
		vigil_trust_seckey_free(sk);
	}
}

static void
test_digests_sidecars(void **state)
{
	vigil_trust_digests d;
	vigil_error err;
	char hex[129], *text;
	size_t len, i;
	FILE *fp;

	(void)state;
	write_text(tmp("abc"), "abc", 3);
	assert_int_equal(vigil_trust_digest_file(&d, tmp("abc"), &err), 0);
	assert_int_equal(d.size, 3);
	vigil_trust_hex(hex, d.sha256, 32);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	vigil_trust_hex(hex, d.sha512, 64);
	assert_string_equal(hex, "ddaf35a193617abacc417349ae204131"
	    "12e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
	    "454d4423643ce80e2a9ac94fa54ca49f");
	/* "-" is standard input. */
	assert_non_null(freopen(tmp("abc"), "rb", stdin));
	memset(&d, 0, sizeof(d));
	assert_int_equal(vigil_trust_digest_file(&d, "-", &err), 0);
	assert_int_equal(d.size, 3);
	vigil_trust_hex(hex, d.sha256, 32);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(vigil_trust_digest_file(&d, tmp("absent"), &err),
	    VIGIL_EIO);
	/* Streaming over several 64 KiB pieces agrees with one shot. */
	fp = fopen(tmp("big"), "wb");
	assert_non_null(fp);
	for (i = 0; i < 200000; i++)
		fputc((int)(i * 7 % 251), fp);
	fclose(fp);
	assert_int_equal(vigil_trust_digest_file(&d, tmp("big"), &err), 0);
	assert_int_equal(d.size, 200000);
	{
		uint8_t one[64];

		text = vt_read(tmp("big"), &len);
		crypto_hash_sha512(one, (uint8_t *)text, len);
		assert_memory_equal(one, d.sha512, 64);
		crypto_hash_sha256(one, (uint8_t *)text, len);
		assert_memory_equal(one, d.sha256, 32);
		free(text);
	}
	/* Sidecars: write, check, then each way of disagreeing. */
	assert_int_equal(vigil_trust_sidecars_write(tmp("abc"), &err), 0);
	text = vt_read(tmp("abc.sha256"), &len);
	assert_string_equal(text, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad  abc\n");
	free(text);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err), 0);
	write_text(tmp("abc"), "abd", 3);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "sha256 sidecar disagrees"));
	/* Only the SHA-512 one disagrees. */
	write_text(tmp("abc"), "abc", 3);
	text = vt_read(tmp("abc.sha512"), &len);
	text[0] = text[0] == '0' ? '1' : '0';
	write_text(tmp("abc.sha512"), text, len);
	free(text);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "sha512 sidecar disagrees"));
	/* Binary-mode marker, upper-case hex, other names listed too. */
	write_text(tmp("abc.sha512"), "", 0);
	fp = fopen(tmp("abc.sha512"), "w");
	fprintf(fp, "%0128d  other\n", 0);
	vigil_trust_hex(hex, (const uint8_t *)"", 0);
	fclose(fp);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "does not list abc"));
	write_text(tmp("abc.sha512"), "zz  abc\n", 8);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_trust_sidecars_write(tmp("abc"), &err), 0);
	text = vt_read(tmp("abc.sha256"), &len);
	for (i = 0; i < 64; i++)
		text[i] = (char)vgx_toupper(text[i]);
	text[65] = '*';
	write_text(tmp("abc.sha256"), text, len);
	free(text);
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err), 0);
	unlink(tmp("abc.sha512"));
	assert_int_equal(vigil_trust_sidecars_check(tmp("abc"), &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "no sha512 sidecar"));
	/* Names with a backslash or newline are escaped like sha256sum. */
	write_text(tmp("a\\b\nc"), "abc", 3);
	assert_int_equal(vigil_trust_sidecars_write(tmp("a\\b\nc"), &err), 0);
	text = vt_read(tmp("a\\b\nc.sha256"), &len);
	assert_int_equal(text[0], '\\');
	assert_non_null(strstr(text, "  a\\\\b\\nc\n"));
	free(text);
	assert_int_equal(vigil_trust_sidecars_check(tmp("a\\b\nc"), &err), 0);
}

static void
test_require_signature(void **state)
{
	vigil_seckey *sk = load_sk("trust/test.key");
	vigil_seckey *other = load_sk("trust/other.key");
	vigil_trust_verified info;
	vigil_keyring *kr;
	vigil_pubkey pk;
	vigil_error err;
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(mkdir(tmp("keys"), 0755), 0);
	text = vt_read(vt_data("trust/test.pub"), &len);
	write_text(tmp("keys/release.pub"), text, len);
	free(text);
	write_text(tmp("keys/README"), "not a key", 9);
	assert_int_equal(setenv("VIGIL_TRUSTED_KEYS", tmp("keys"), 1), 0);
	write_text(tmp("sbom.json"), "{}", 2);

	/* No signature. */
	assert_int_equal(vigil_trust_require_signature(&info, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "is not signed"));
	/* Signed by a trusted key. */
	assert_int_equal(vigil_trust_sign_save(NULL, sk, tmp("sbom.json"), NULL,
	    &err), 0);
	assert_int_equal(vigil_trust_require_signature(&info, tmp("sbom.json"),
	    NULL, &err), 0);
	assert_non_null(strstr(info.trusted, "file:sbom.json"));
	load_pk(&pk, "trust/test.pub");
	assert_memory_equal(info.key_id, pk.key_id, 8);
	/* Tampered file. */
	write_text(tmp("sbom.json"), "{ }", 3);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "changed after signing"));
	/* Bad global signature (the trusted comment was edited). */
	write_text(tmp("sbom.json"), "{}", 2);
	text = vt_read(tmp("sbom.json.minisig"), &len);
	{
		char *t = strstr(text, "timestamp:");

		assert_non_null(t);
		t[10] = t[10] == '9' ? '8' : '9';
	}
	write_text(tmp("sbom.json.minisig"), text, len);
	free(text);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "global signature"));
	/* Malformed signature file. */
	write_text(tmp("sbom.json.minisig"), "garbage\n", 8);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_int_equal(err.code, VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "malformed signature"));
	/* Unknown key id. */
	assert_int_equal(vigil_trust_sign_save(NULL, other, tmp("sbom.json"),
	    NULL, &err), 0);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "key id 81BEECE584547B70"));
	assert_non_null(strstr(err.msg, "not a trusted key"));
	/* An explicit keyring with that key accepts it. */
	assert_int_equal(vigil_keyring_new(&kr, &err), 0);
	load_pk(&pk, "trust/other.pub");
	assert_int_equal(vigil_keyring_add(kr, &pk, &err), 0);
	assert_int_equal(vigil_keyring_count(kr), 1);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    kr, &err), 0);
	vigil_keyring_free(kr);
	/* No trusted keys at all. */
	assert_int_equal(setenv("VIGIL_TRUSTED_KEYS", tmp("empty"), 1), 0);
	assert_int_equal(vigil_trust_require_signature(NULL, tmp("sbom.json"),
	    NULL, &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "no trusted keys"));
	/* A malformed .pub in the directory is an error naming it. */
	write_text(tmp("keys/bad.pub"), "junk\n", 5);
	assert_int_equal(setenv("VIGIL_TRUSTED_KEYS", tmp("keys"), 1), 0);
	assert_int_equal(vigil_keyring_load_default(&kr, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "bad.pub"));
	/* XDG_CONFIG_HOME is used when VIGIL_TRUSTED_KEYS is not set. */
	unlink(tmp("keys/bad.pub"));
	unsetenv("VIGIL_TRUSTED_KEYS");
	assert_int_equal(mkdir(tmp("xdg"), 0755), 0);
	assert_int_equal(mkdir(tmp("xdg/vigil"), 0755), 0);
	assert_int_equal(rename(tmp("keys"), tmp("xdg/vigil/trusted-keys")), 0);
	assert_int_equal(setenv("XDG_CONFIG_HOME", tmp("xdg"), 1), 0);
	assert_int_equal(vigil_keyring_load_default(&kr, &err), 0);
	assert_true(vigil_keyring_count(kr) >= 1);
	load_pk(&pk, "trust/test.pub");
	assert_non_null(vigil_keyring_find(kr, pk.key_id));
	vigil_keyring_free(kr);
	unsetenv("XDG_CONFIG_HOME");
	vigil_trust_seckey_free(sk);
	vigil_trust_seckey_free(other);
}

static void
test_alloc_failures(void **state)
{
	vigil_keyring *kr = NULL;
	vigil_error err;
	unsigned long n;
	int rc;

	(void)state;
	/* Fail each allocation of a keyring load in turn: no leak, no crash. */
	assert_int_equal(mkdir(tmp("k"), 0755), 0);
	assert_int_equal(vt_system("cp %s %s/a.pub && cp %s %s/b.pub",
	    vt_data("trust/test.pub"), tmp("k"), vt_data("trust/other.pub"),
	    tmp("k")), 0);
	for (n = 1; n < 50; n++) {
		kr = NULL;
		vgx_alloc_fail_at(n);
		rc = vigil_keyring_new(&kr, &err);
		if (rc == 0)
			rc = vigil_keyring_add_dir(kr, tmp("k"), &err);
		vgx_alloc_fail_at(0);
		if (rc == 0) {
			assert_int_equal(vigil_keyring_count(kr), 2);
			vigil_keyring_free(kr);
			break;
		}
		assert_int_equal(rc, VIGIL_ENOMEM);
		vigil_keyring_free(kr);
	}
	assert_true(n < 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test(test_minisig_parse_negative),
		cmocka_unit_test_setup_teardown(test_pubkey_parse, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seckey_negative, setup,
		    teardown),
		cmocka_unit_test(test_fixed_files),
		cmocka_unit_test_setup_teardown(test_digests_sidecars, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_require_signature, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failures, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
