/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/lib/trust/pgp.c: OpenPGP detached signatures through gpgme, with a
 * throwaway GNUPGHOME and a fresh Ed25519 key.  Signatures made by vigil
 * are checked with the gpg command too, and gpg's with vigil.  Skips,
 * saying so, when gpg is not installed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "vigil/vigil.h"

static char home[64], other[64], work[64], fpr[129];
static char f[128], asc[128];

static void
put(const char *path, const char *s)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(s, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	FILE *p;
	char cmd[512];

	(void)state;
	if (vt_system("command -v gpg >/dev/null && command -v gpgconf "
	    ">/dev/null") != 0)
		return 0;
	/* Short paths: gpg-agent's socket path has a length limit. */
	snprintf(home, sizeof(home), "/tmp/vgpgXXXXXX");
	snprintf(other, sizeof(other), "/tmp/vgpoXXXXXX");
	snprintf(work, sizeof(work), "/tmp/vgpwXXXXXX");
	if (mkdtemp(home) == NULL || mkdtemp(other) == NULL ||
	    mkdtemp(work) == NULL)
		return -1;
	if (vt_system("gpg --batch --quiet --homedir %s --passphrase '' "
	    "--quick-gen-key 'vigil test <test@example.invalid>' ed25519 sign "
	    "never 2>/dev/null", home) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "gpg --homedir %s --list-secret-keys "
	    "--with-colons 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }'",
	    home);
	if ((p = popen(cmd, "r")) == NULL || fgets(fpr, sizeof(fpr), p) == NULL)
		return -1;
	pclose(p);
	fpr[strcspn(fpr, "\n")] = '\0';
	snprintf(f, sizeof(f), "%s/advisory.json", work);
	snprintf(asc, sizeof(asc), "%s/advisory.json.asc", work);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (home[0] == '\0')
		return 0;
	vt_system("gpgconf --homedir %s --kill gpg-agent 2>/dev/null", home);
	vt_system("gpgconf --homedir %s --kill gpg-agent 2>/dev/null", other);
	vt_rmtree(home);
	vt_rmtree(other);
	vt_rmtree(work);
	return 0;
}

#define NEED_GPG() do {							\
	if (home[0] == '\0') {						\
		print_message("SKIP: gpg is not installed\n");		\
		skip();							\
	}								\
} while (0)

static void
test_sign_verify(void **state)
{
	vigil_pgp_verified info;
	vigil_error err;

	(void)state;
	NEED_GPG();
	put(f, "{\"document\": {\"category\": \"csaf_security_advisory\"}}\n");
	if (vigil_trust_pgp_sign_file(f, NULL, fpr, home, &err) != 0)
		fail_msg("sign: %s", err.msg);
	assert_int_equal(vt_system("grep -q 'BEGIN PGP SIGNATURE' %s", asc), 0);
	if (vigil_trust_pgp_verify_file(&info, f, NULL, NULL, home, &err) != 0)
		fail_msg("verify: %s", err.msg);
	assert_string_equal(info.fpr, fpr);
	assert_true(info.created > 0);
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL, fpr, home,
	    &err), 0);
	/* gpg itself agrees. */
	assert_int_equal(vt_system("gpg --batch --quiet --homedir %s --verify "
	    "%s %s 2>/dev/null", home, asc, f), 0);
	/* And vigil accepts what gpg signs (binary, not armoured). */
	assert_int_equal(vt_system("gpg --batch --quiet --yes --homedir %s "
	    "--detach-sign -o %s.sig %s", home, f, f), 0);
	{
		char sig[160];

		snprintf(sig, sizeof(sig), "%s.sig", f);
		assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, sig, fpr,
		    home, &err), 0);
	}
}

static void
test_negative(void **state)
{
	vigil_error err;
	char junk[160];

	(void)state;
	NEED_GPG();
	put(f, "{\"vulnerabilities\": []}\n");
	assert_int_equal(vigil_trust_pgp_sign_file(f, NULL, fpr, home, &err),
	    0);
	/* Another signer expected. */
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL,
	    "0000000000000000000000000000000000000000", home, &err),
	    VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "not by"));
	/* The key is not in another keyring. */
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL, NULL, other,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "not in the keyring"));
	/* Tampered document. */
	put(f, "{\"vulnerabilities\": [1]}\n");
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL, NULL, home,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "bad signature"));
	/* Not a signature at all; no signature file. */
	snprintf(junk, sizeof(junk), "%s/junk.asc", work);
	put(junk, "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n"
	    "-----END PGP SIGNATURE-----\n");
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, junk, NULL, home,
	    &err), VIGIL_EVERIFY);
	unlink(asc);
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL, NULL, home,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "is not signed"));
	/* No such signer; no secret key in the other home. */
	assert_int_equal(vigil_trust_pgp_sign_file(f, NULL,
	    "nobody@example.invalid", home, &err), VIGIL_ENOTFOUND);
	assert_true(vigil_trust_pgp_sign_file(f, NULL, NULL, other, &err) < 0);
	assert_int_equal(access(asc, F_OK), -1);
	assert_int_equal(vigil_trust_pgp_sign_file("/nonexistent/x", NULL, fpr,
	    home, &err), VIGIL_EIO);
}

static void
test_revoked(void **state)
{
	vigil_error err;

	(void)state;
	NEED_GPG();
	put(f, "revoked later\n");
	assert_int_equal(vigil_trust_pgp_sign_file(f, NULL, fpr, home, &err),
	    0);
	/* Import the revocation certificate gpg made with the key. */
	assert_int_equal(vt_system("sed 's/^:-----/-----/' "
	    "%s/openpgp-revocs.d/%s.rev | gpg --batch --quiet --homedir %s "
	    "--import 2>/dev/null", home, fpr, home), 0);
	assert_int_equal(vigil_trust_pgp_verify_file(NULL, f, NULL, NULL, home,
	    &err), VIGIL_EVERIFY);
	assert_non_null(strstr(err.msg, "revoked"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_revoked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
