/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trusted keys and `--require-signature`.  A keyring is the public keys
 * found in the trusted-key directories (docs/signing.md):
 *
 *     $VIGIL_TRUSTED_KEYS                    if set: this directory only
 *     $XDG_CONFIG_HOME/vigil/trusted-keys    (~/.config/... without it)
 *     /etc/vigil/trusted-keys
 *
 * each holding NAME.pub files.  vigil_trust_require_signature() is what
 * `vigil sbom check`, `vigil db import` and `vigil scan` call: a file is
 * accepted only with a FILE.minisig from one of those keys, and every way
 * of failing says which it was.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trustint.h"

struct vigil_keyring {
	vigil_pubkey *keys;
	size_t n, cap;
	char dirs[512];		/* the directories read, for messages */
};

int
vigil_keyring_new(vigil_keyring **out, vigil_error *err)
{
	if ((*out = vgx_calloc(1, sizeof(**out))) == NULL)
		return vigil__error_oom(err);
	return 0;
}

void
vigil_keyring_free(vigil_keyring *kr)
{
	if (kr == NULL)
		return;
	vgx_free(kr->keys);
	vgx_free(kr);
}

size_t
vigil_keyring_count(const vigil_keyring *kr)
{
	return kr->n;
}

const vigil_pubkey *
vigil_keyring_find(const vigil_keyring *kr, const uint8_t key_id[8])
{
	size_t i;

	for (i = 0; i < kr->n; i++)
		if (memcmp(kr->keys[i].key_id, key_id, 8) == 0)
			return &kr->keys[i];
	return NULL;
}

int
vigil_keyring_add(vigil_keyring *kr, const vigil_pubkey *pk,
    vigil_error *err)
{
	if (kr->n == kr->cap) {
		size_t cap = kr->cap ? kr->cap * 2 : 8;
		vigil_pubkey *p;

		if (kr->n >= VIGIL_KEYRING_MAX)
			return vigil__error(err, VIGIL_ETOOBIG,
			    "more than %d trusted keys", VIGIL_KEYRING_MAX);
		if (cap > VIGIL_KEYRING_MAX)
			cap = VIGIL_KEYRING_MAX;
		if ((p = vgx_reallocarray(kr->keys, cap, sizeof(*p))) == NULL)
			return vigil__error_oom(err);
		kr->keys = p;
		kr->cap = cap;
	}
	kr->keys[kr->n++] = *pk;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
note_dir(vigil_keyring *kr, const char *dir)
{
	size_t used = strlen(kr->dirs);

	snprintf(kr->dirs + used, sizeof(kr->dirs) - used, "%s%s",
	    used ? ", " : "", dir);
}

int
vigil_keyring_add_dir(vigil_keyring *kr, const char *dir, vigil_error *err)
{
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i, len;
	struct dirent *e;
	vigil_pubkey pk;
	DIR *d;
	int rc = 0;

	note_dir(kr, dir);
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return vigil__error(err, VIGIL_EIO, "%s: %s", dir,
		    strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 ||
		    strcmp(e->d_name + len - 4, ".pub") != 0)
			continue;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 16;
			char **p;

			if (n >= VIGIL_KEYRING_MAX) {
				rc = vigil__error(err, VIGIL_ETOOBIG,
				    "%s: more than %d key files", dir,
				    VIGIL_KEYRING_MAX);
				goto done;
			}
			if ((p = vgx_reallocarray(names, c, sizeof(*p))) ==
			    NULL) {
				rc = vigil__error_oom(err);
				goto done;
			}
			names = p;
			cap = c;
		}
		if ((names[n] = vgx_strdup(e->d_name)) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]) >= sizeof(path)) {
			rc = vigil__error(err, VIGIL_EIO, "%s: path too long",
			    dir);
			goto done;
		}
		if ((rc = vigil_trust_pubkey_load(&pk, path, err)) < 0 ||
		    (rc = vigil_keyring_add(kr, &pk, err)) < 0)
			goto done;
	}
done:
	closedir(d);
	for (i = 0; i < n; i++)
		vgx_free(names[i]);
	vgx_free(names);
	return rc;
}

int
vigil_keyring_load_default(vigil_keyring **out, vigil_error *err)
{
	const char *env = getenv("VIGIL_TRUSTED_KEYS");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	vigil_keyring *kr;
	char dir[4096];
	int rc;

	*out = NULL;
	if ((rc = vigil_keyring_new(&kr, err)) < 0)
		return rc;
	if (env != NULL && *env != '\0') {
		rc = vigil_keyring_add_dir(kr, env, err);
		goto done;
	}
	/* XDG Base Directory: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg != NULL && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s/vigil/trusted-keys", xdg);
	else if (home != NULL && home[0] == '/')
		snprintf(dir, sizeof(dir), "%s/.config/vigil/trusted-keys",
		    home);
	else
		dir[0] = '\0';
	if ((dir[0] != '\0' &&
	    (rc = vigil_keyring_add_dir(kr, dir, err)) < 0) ||
	    (rc = vigil_keyring_add_dir(kr, "/etc/vigil/trusted-keys",
	    err)) < 0)
		goto done;
done:
	if (rc < 0)
		vigil_keyring_free(kr);
	else
		*out = kr;
	return rc;
}

int
vigil_trust_require_signature(vigil_trust_verified *info, const char *path,
    const vigil_keyring *keys, vigil_error *err)
{
	vigil_keyring *own = NULL;
	const vigil_pubkey *pk;
	vigil_minisig *sig = NULL;
	char sigpath[4096], id[17];
	struct stat st;
	int rc;

	if (info != NULL)
		memset(info, 0, sizeof(*info));
	if ((size_t)snprintf(sigpath, sizeof(sigpath), "%s.minisig", path) >=
	    sizeof(sigpath))
		return vigil__error(err, VIGIL_EIO, "%s: path too long", path);
	if (keys == NULL) {
		if ((rc = vigil_keyring_load_default(&own, err)) < 0)
			return rc;
		keys = own;
	}
	if (keys->n == 0) {
		rc = vigil__error(err, VIGIL_EVERIFY,
		    "%s: a signature is required but there are no trusted "
		    "keys (looked in: %s)", path,
		    keys->dirs[0] ? keys->dirs : "a keyring with no keys");
		goto done;
	}
	if (stat(sigpath, &st) != 0 && errno == ENOENT) {
		rc = vigil__error(err, VIGIL_EVERIFY,
		    "%s is not signed: %s does not exist", path, sigpath);
		goto done;
	}
	if ((sig = vgx_malloc(sizeof(*sig))) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if ((rc = vigil_trust_minisig_load(sig, sigpath, err)) < 0) {
		if (rc != VIGIL_EIO && rc != VIGIL_ENOMEM) {
			vigil__error_prefix(err, "malformed signature");
			if (err != NULL)
				err->code = VIGIL_EVERIFY;
			rc = VIGIL_EVERIFY;
		}
		goto done;
	}
	if ((pk = vigil_keyring_find(keys, sig->key_id)) == NULL) {
		vigil_trust_keyid_hex(id, sig->key_id);
		rc = vigil__error(err, VIGIL_EVERIFY,
		    "%s: signed by key id %s, which is not a trusted key",
		    sigpath, id);
		goto done;
	}
	if ((rc = vigil_trust_verify_file(pk, path, sig, err)) < 0) {
		vigil__error_prefix(err, "%s", sigpath);
		goto done;
	}
	if (info != NULL) {
		memcpy(info->key_id, sig->key_id, 8);
		memcpy(info->trusted, sig->trusted, sizeof(info->trusted));
	}
done:
	vgx_free(sig);
	vigil_keyring_free(own);
	return rc;
}
