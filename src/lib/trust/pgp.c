/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenPGP detached signatures through gpgme, for CSAF advisories, which
 * are published with a `.asc` next to each document (CSAF 2.0 section
 * 7.1.18/7.1.19).  Both files are streamed to gpg through file
 * descriptors; nothing is held in memory but the armoured signature.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gpgme.h>

#include "trustint.h"

#define ASC_MAX (1024 * 1024)	/* largest signature written */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int version_ok;

static void
init_once(void)
{
	/* gpgme wants this called once before anything else. */
	version_ok = gpgme_check_version(NULL) != NULL &&
	    gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) == 0;
}

static int
gpg_error_to(vigil_error *err, gpgme_error_t e, const char *what)
{
	return vigil__error(err, VIGIL_ERROR, "%s: %s", what,
	    gpgme_strerror(e));
}

/* A context for OpenPGP in HOMEDIR (NULL: gpg's default). */
static int
ctx_new(gpgme_ctx_t *out, const char *homedir, vigil_error *err)
{
	gpgme_error_t e;

	*out = NULL;
	pthread_once(&once, init_once);
	if (!version_ok)
		return vigil__error(err, VIGIL_ERROR,
		    "gpgme or the gpg engine is not usable");
	if ((e = gpgme_new(out)) != 0)
		return gpg_error_to(err, e, "gpgme");
	if ((e = gpgme_set_protocol(*out, GPGME_PROTOCOL_OpenPGP)) != 0 ||
	    (homedir != NULL && (e = gpgme_ctx_set_engine_info(*out,
	    GPGME_PROTOCOL_OpenPGP, NULL, homedir)) != 0)) {
		gpgme_release(*out);
		*out = NULL;
		return gpg_error_to(err, e, "gpgme");
	}
	return 0;
}

static int
open_data(gpgme_data_t *d, int *fd, const char *path, vigil_error *err)
{
	gpgme_error_t e;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	if ((e = gpgme_data_new_from_fd(d, *fd)) != 0) {
		close(*fd);
		*fd = -1;
		return gpg_error_to(err, e, path);
	}
	return 0;
}

int
vigil_trust_pgp_sign_file(const char *path, const char *ascpath,
    const char *signer, const char *homedir, vigil_error *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t in = NULL, out = NULL;
	gpgme_key_t key = NULL;
	gpgme_sign_result_t res;
	gpgme_error_t e;
	char def[4096], *sig = NULL;
	size_t len = 0;
	int fd = -1, rc;

	if (ascpath == NULL) {
		if ((size_t)snprintf(def, sizeof(def), "%s.asc", path) >=
		    sizeof(def))
			return vigil__error(err, VIGIL_EIO, "%s: path too long",
			    path);
		ascpath = def;
	}
	if ((rc = ctx_new(&ctx, homedir, err)) < 0)
		return rc;
	gpgme_set_armor(ctx, 1);
	if (signer != NULL) {
		if ((e = gpgme_get_key(ctx, signer, &key, 1)) != 0) {
			rc = gpgme_err_code(e) == GPG_ERR_EOF ?
			    vigil__error(err, VIGIL_ENOTFOUND,
			    "no OpenPGP secret key for \"%s\"", signer) :
			    gpg_error_to(err, e, signer);
			goto done;
		}
		if ((e = gpgme_signers_add(ctx, key)) != 0) {
			rc = gpg_error_to(err, e, signer);
			goto done;
		}
	}
	if ((rc = open_data(&in, &fd, path, err)) < 0)
		goto done;
	if ((e = gpgme_data_new(&out)) != 0) {
		rc = gpg_error_to(err, e, "gpgme");
		goto done;
	}
	if ((e = gpgme_op_sign(ctx, in, out, GPGME_SIG_MODE_DETACH)) != 0) {
		rc = gpgme_err_code(e) == GPG_ERR_NO_SECKEY ||
		    gpgme_err_code(e) == GPG_ERR_UNUSABLE_SECKEY ?
		    vigil__error(err, VIGIL_ENOTFOUND,
		    "%s: no usable OpenPGP secret key to sign with", path) :
		    gpg_error_to(err, e, path);
		goto done;
	}
	res = gpgme_op_sign_result(ctx);
	if (res == NULL || res->signatures == NULL || res->invalid_signers) {
		rc = vigil__error(err, VIGIL_ENOTFOUND,
		    "%s: gpg made no signature (no usable secret key)", path);
		goto done;
	}
	sig = gpgme_data_release_and_get_mem(out, &len);
	out = NULL;
	if (sig == NULL || len == 0 || len > ASC_MAX) {
		rc = vigil__error(err, VIGIL_ERROR, "%s: empty signature",
		    path);
		goto done;
	}
	rc = vigil__trust_write_file(ascpath, sig, len, 0644, 1, err);
done:
	if (sig != NULL)
		gpgme_free(sig);
	gpgme_data_release(out);
	gpgme_data_release(in);
	if (fd >= 0)
		close(fd);
	if (key != NULL)
		gpgme_key_unref(key);
	gpgme_release(ctx);
	return rc;
}

int
vigil_trust_pgp_verify_file(vigil_pgp_verified *info, const char *path,
    const char *ascpath, const char *want_fpr, const char *homedir,
    vigil_error *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t sigd = NULL, text = NULL;
	gpgme_verify_result_t res;
	gpgme_signature_t s;
	gpgme_error_t e;
	char def[4096];
	int sfd = -1, tfd = -1, rc, n = 0;

	if (info != NULL)
		memset(info, 0, sizeof(*info));
	if (ascpath == NULL) {
		if ((size_t)snprintf(def, sizeof(def), "%s.asc", path) >=
		    sizeof(def))
			return vigil__error(err, VIGIL_EIO, "%s: path too long",
			    path);
		ascpath = def;
	}
	if (access(ascpath, F_OK) != 0 && errno == ENOENT)
		return vigil__error(err, VIGIL_EVERIFY,
		    "%s is not signed: %s does not exist", path, ascpath);
	if ((rc = ctx_new(&ctx, homedir, err)) < 0)
		return rc;
	if ((rc = open_data(&sigd, &sfd, ascpath, err)) < 0 ||
	    (rc = open_data(&text, &tfd, path, err)) < 0)
		goto done;
	e = gpgme_op_verify(ctx, sigd, text, NULL);
	if (e != 0) {
		rc = gpgme_err_code(e) == GPG_ERR_NO_DATA ||
		    gpgme_err_code(e) == GPG_ERR_BAD_DATA ?
		    vigil__error(err, VIGIL_EVERIFY,
		    "%s: not an OpenPGP signature (%s)", ascpath,
		    gpgme_strerror(e)) :
		    gpg_error_to(err, e, ascpath);
		goto done;
	}
	if ((res = gpgme_op_verify_result(ctx)) == NULL ||
	    res->signatures == NULL) {
		rc = vigil__error(err, VIGIL_EVERIFY,
		    "%s: holds no signature", ascpath);
		goto done;
	}
	for (s = res->signatures; s != NULL; s = s->next, n++) {
		const char *fpr = s->fpr != NULL ? s->fpr : "?";

		if (gpgme_err_code(s->status) == GPG_ERR_NO_PUBKEY ||
		    (s->summary & GPGME_SIGSUM_KEY_MISSING)) {
			rc = vigil__error(err, VIGIL_EVERIFY,
			    "%s: signed by key %s, which is not in the keyring",
			    ascpath, fpr);
			goto done;
		}
		if (gpgme_err_code(s->status) == GPG_ERR_BAD_SIGNATURE ||
		    (s->summary & GPGME_SIGSUM_RED)) {
			rc = vigil__error(err, VIGIL_EVERIFY,
			    "%s: bad signature: %s was changed after signing "
			    "or the signature is forged", ascpath, path);
			goto done;
		}
		if (s->summary & (GPGME_SIGSUM_KEY_REVOKED |
		    GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) {
			rc = vigil__error(err, VIGIL_EVERIFY,
			    "%s: the signing key %s is %s", ascpath, fpr,
			    (s->summary & GPGME_SIGSUM_KEY_REVOKED) ?
			    "revoked" : "expired (or the signature is)");
			goto done;
		}
		if (s->status != 0) {
			rc = vigil__error(err, VIGIL_EVERIFY, "%s: %s",
			    ascpath, gpgme_strerror(s->status));
			goto done;
		}
		if (want_fpr != NULL && strcasecmp(want_fpr, fpr) != 0) {
			rc = vigil__error(err, VIGIL_EVERIFY,
			    "%s: signed by %s, not by %s", ascpath, fpr,
			    want_fpr);
			goto done;
		}
		if (info != NULL && n == 0) {
			snprintf(info->fpr, sizeof(info->fpr), "%s", fpr);
			info->created = (int64_t)s->timestamp;
		}
	}
	rc = 0;
done:
	gpgme_data_release(sigd);
	gpgme_data_release(text);
	if (sfd >= 0)
		close(sfd);
	if (tfd >= 0)
		close(tfd);
	gpgme_release(ctx);
	return rc;
}
