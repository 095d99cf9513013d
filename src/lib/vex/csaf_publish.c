/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CSAF provider directory (CSAF 2.0 section 7): documents by year under
 * the TLP:WHITE distribution directory, with SHA-256/SHA-512 sidecars and
 * optional OpenPGP signatures (the trust module), index.txt and
 * changes.csv listing every document, and provider-metadata.json.
 *
 *   DIR/provider-metadata.json
 *   DIR/white/index.txt            2026/exmd-vex-2026-001.json
 *   DIR/white/changes.csv          "2026/exmd-vex-2026-001.json","2026-…Z"
 *   DIR/white/2026/exmd-vex-2026-001.json{,.sha256,.sha512,.asc}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "vigil/csaf.h"
#include "vigil/trust.h"
#include "vexint.h"
#include "vgx.h"

#define MAX_ENTRIES 1000000u
#define PATH_MAX_LEN 4096

struct entry {
	char *path;	/* relative to DIR/white */
	char *date;	/* current_release_date */
};

struct list {
	struct entry *v;
	size_t n, cap;
};

static void
list_dispose(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		vgx_free(l->v[i].path);
		vgx_free(l->v[i].date);
	}
	vgx_free(l->v);
}

/* Add or replace the entry for PATH. */
static int
list_put(struct list *l, const char *path, const char *date,
    vigil_error *err)
{
	char *p, *d;
	size_t i;

	if ((d = vgx_strdup(date)) == NULL)
		return vigil__error_oom(err);
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0) {
			vgx_free(l->v[i].date);
			l->v[i].date = d;
			return 0;
		}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct entry *nv;

		if (cap > MAX_ENTRIES) {
			vgx_free(d);
			return vigil__error(err, VIGIL_ETOOBIG,
			    "more than %u documents", MAX_ENTRIES);
		}
		if ((nv = vgx_reallocarray(l->v, cap, sizeof(*nv))) == NULL) {
			vgx_free(d);
			return vigil__error_oom(err);
		}
		l->v = nv;
		l->cap = cap;
	}
	if ((p = vgx_strdup(path)) == NULL) {
		vgx_free(d);
		return vigil__error_oom(err);
	}
	l->v[l->n].path = p;
	l->v[l->n].date = d;
	l->n++;
	return 0;
}

/* Read an existing changes.csv ("path","date" per line) into L. */
static int
list_load(struct list *l, const char *csv, vigil_error *err)
{
	vgx_buf b;
	FILE *fp;
	int rc = 0, r;

	if ((fp = fopen(csv, "r")) == NULL)
		return errno == ENOENT ? 0 : vigil__error(err, VIGIL_EIO,
		    "%s: %s", csv, strerror(errno));
	vgx_buf_init(&b, 8192);
	while ((r = vgx_getline(&b, fp, err)) == 1) {
		char *s = b.ptr, *q1, *q2, *q3, *q4;

		if (s == NULL || (q1 = strchr(s, '"')) == NULL ||
		    (q2 = strchr(q1 + 1, '"')) == NULL ||
		    (q3 = strchr(q2 + 1, '"')) == NULL ||
		    (q4 = strchr(q3 + 1, '"')) == NULL) {
			rc = vigil__error(err, VIGIL_EINVALID,
			    "%s: malformed line", csv);
			break;
		}
		*q2 = '\0';
		*q4 = '\0';
		if ((rc = list_put(l, q1 + 1, q3 + 1, err)) < 0)
			break;
	}
	if (r < 0)
		rc = r;
	vgx_buf_dispose(&b);
	fclose(fp);
	return rc;
}

static int
by_date_desc(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c != 0 ? c : strcmp(x->path, y->path);
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

static int
mkdir_p(const char *path, vigil_error *err)
{
	char tmp[PATH_MAX_LEN];
	size_t i, n = strlen(path);

	if (n >= sizeof(tmp))
		return vigil__error(err, VIGIL_ETOOBIG, "path too long");
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++)
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];

			tmp[i] = '\0';
			if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
				return vigil__error(err, VIGIL_EIO, "%s: %s",
				    tmp, strerror(errno));
			tmp[i] = c;
		}
	return 0;
}

/* Write LEN bytes to PATH through PATH.tmp and rename. */
static int
write_atomic(const char *path, const void *buf, size_t len,
    vigil_error *err)
{
	char tmp[PATH_MAX_LEN + 8];
	FILE *fp;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return vigil__error(err, VIGIL_ETOOBIG, "path too long");
	if ((fp = fopen(tmp, "w")) == NULL)
		return vigil__error(err, VIGIL_EIO, "%s: %s", tmp,
		    strerror(errno));
	if (fwrite(buf, 1, len, fp) != len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		fclose(fp);
		unlink(tmp);
		return vigil__error(err, VIGIL_EIO, "%s: write failed", tmp);
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	}
	return 0;
}

struct fwd {
	vigil_csaf_issue_cb cb;
	void *payload;
	const char *file;
};

static void
forward(void *payload, const char *test, const char *pointer,
    const char *msg)
{
	struct fwd *f = payload;
	char m[768];

	if (f->cb == NULL)
		return;
	snprintf(m, sizeof(m), "%s: %s", f->file, msg);
	f->cb(f->payload, test, pointer, m);
}

/* Publish one document; *PUB_OUT gets its publisher (json, new ref). */
static int
publish_one(struct list *l, json_t **pub_out, const char *white,
    const char *file, const vigil_csaf_publish_opts *o,
    vigil_csaf_issue_cb cb, void *payload, vigil_error *err)
{
	struct fwd fw = { cb, payload, file };
	char *buf = NULL, name[512], rel[600], path[PATH_MAX_LEN], ydir[PATH_MAX_LEN];
	const char *id, *init, *cur, *tlp;
	json_t *root = NULL, *doc, *tr;
	size_t len, nfail = 0;
	int rc;

	if ((rc = vgx_file_read(&buf, &len, file, VIGIL_CSAF_MAX_DOC, err)) < 0)
		return rc;
	if ((rc = vigil_csaf_validate(&nfail, buf, len, o->schema, forward,
	    &fw, err)) < 0) {
		vigil__error_prefix(err, "%s", file);
		goto done;
	}
	if (nfail > 0) {
		rc = vigil__error(err, VIGIL_EINVALID, "%s: %zu validation "
		    "failures; not published", file, nfail);
		goto done;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
	doc = json_object_get(root, "document");
	tr = json_object_get(doc, "tracking");
	id = json_string_value(json_object_get(tr, "id"));
	init = json_string_value(json_object_get(tr, "initial_release_date"));
	cur = json_string_value(json_object_get(tr, "current_release_date"));
	tlp = json_string_value(json_object_get(json_object_get(
	    json_object_get(doc, "distribution"), "tlp"), "label"));
	if (id == NULL || init == NULL || cur == NULL || strlen(init) < 4) {
		rc = vigil__error(err, VIGIL_EINVALID, "%s: no tracking id or "
		    "dates", file);
		goto done;
	}
	if (tlp != NULL && strcmp(tlp, "WHITE") != 0 &&
	    strcmp(tlp, "CLEAR") != 0) {
		rc = vigil__error(err, VIGIL_EUNSUPPORTED, "%s: TLP:%s documents "
		    "do not go into a public provider directory", file, tlp);
		goto done;
	}
	if ((rc = vigil_csaf_filename(name, sizeof(name), id)) < 0) {
		rc = vigil__error(err, rc, "%s: tracking id makes no file name",
		    file);
		goto done;
	}
	if ((size_t)snprintf(rel, sizeof(rel), "%.4s/%s", init, name) >=
	    sizeof(rel)) {
		rc = vigil__error(err, VIGIL_ETOOBIG, "file name too long");
		goto done;
	}
	if ((size_t)snprintf(ydir, sizeof(ydir), "%s/%.4s", white, init) >=
	    sizeof(ydir) || (size_t)snprintf(path, sizeof(path), "%s/%s",
	    white, rel) >= sizeof(path)) {
		rc = vigil__error(err, VIGIL_ETOOBIG, "path too long");
		goto done;
	}
	if ((rc = mkdir_p(ydir, err)) < 0 ||
	    (rc = write_atomic(path, buf, len, err)) < 0 ||
	    (rc = vigil_trust_sidecars_write(path, err)) < 0 ||
	    (o->sign && (rc = vigil_trust_pgp_sign_file(path, NULL, o->signer,
	    o->gnupg_home, err)) < 0) ||
	    (rc = list_put(l, rel, cur, err)) < 0)
		goto done;
	if (*pub_out == NULL)
		*pub_out = json_incref(json_object_get(doc, "publisher"));
done:
	json_decref(root);
	vgx_free(buf);
	return rc;
}

static int
write_lists(struct list *l, const char *white, vigil_error *err)
{
	char path[PATH_MAX_LEN];
	vgx_buf b;
	size_t i;
	int rc = 0;

	vgx_buf_init(&b, (size_t)1 << 30);
	qsort(l->v, l->n, sizeof(*l->v), by_date_desc);
	for (i = 0; i < l->n && rc == 0; i++)
		rc = vgx_buf_printf(&b, "\"%s\",\"%s\"\n", l->v[i].path,
		    l->v[i].date);
	if (rc == 0 && (size_t)snprintf(path, sizeof(path), "%s/changes.csv",
	    white) >= sizeof(path))
		rc = vigil__error(err, VIGIL_ETOOBIG, "path too long");
	if (rc < 0 || (rc = write_atomic(path, b.ptr ? b.ptr : "", b.len,
	    err)) < 0)
		goto done;
	vgx_buf_reset(&b);
	qsort(l->v, l->n, sizeof(*l->v), by_path);
	for (i = 0; i < l->n && rc == 0; i++)
		rc = vgx_buf_printf(&b, "%s\n", l->v[i].path);
	if (rc == 0 && (size_t)snprintf(path, sizeof(path), "%s/index.txt",
	    white) >= sizeof(path))
		rc = vigil__error(err, VIGIL_ETOOBIG, "path too long");
	if (rc == 0)
		rc = write_atomic(path, b.ptr ? b.ptr : "", b.len, err);
done:
	if (rc < 0 && err != NULL && err->code == 0)
		vigil__error_oom(err);
	vgx_buf_dispose(&b);
	return rc;
}

static int
write_metadata(const char *dir, json_t *pub, const vigil_csaf_publish_opts *o,
    vigil_error *err)
{
	json_t *m = json_object(), *dist, *d, *keys;
	char path[PATH_MAX_LEN], url[PATH_MAX_LEN], now[32];
	char *text = NULL;
	int rc;

	vigil__vex_now(now);
	if (m == NULL)
		return vigil__error_oom(err);
	if ((size_t)snprintf(url, sizeof(url), "%s/provider-metadata.json",
	    o->base_url) >= sizeof(url)) {
		json_decref(m);
		return vigil__error(err, VIGIL_ETOOBIG, "URL too long");
	}
	json_object_set_new(m, "canonical_url", json_string(url));
	dist = json_array();
	d = json_object();
	if ((size_t)snprintf(url, sizeof(url), "%s/white/", o->base_url) >=
	    sizeof(url))
		url[0] = '\0';	/* cannot be: shorter than the one above */
	json_object_set_new(d, "directory_url", json_string(url));
	json_array_append_new(dist, d);
	json_object_set_new(m, "distributions", dist);
	json_object_set_new(m, "last_updated", json_string(now));
	json_object_set_new(m, "list_on_CSAF_aggregators", json_true());
	json_object_set_new(m, "metadata_version", json_string("2.0"));
	json_object_set_new(m, "mirror_on_CSAF_aggregators", json_true());
	keys = json_array();
	if (o->key_url != NULL) {
		json_t *k = json_object();

		if (o->key_fpr != NULL)
			json_object_set_new(k, "fingerprint",
			    json_string(o->key_fpr));
		json_object_set_new(k, "url", json_string(o->key_url));
		json_array_append_new(keys, k);
	}
	json_object_set_new(m, "public_openpgp_keys", keys);
	json_object_set(m, "publisher", pub);
	json_object_set_new(m, "role", json_string(o->role != NULL ? o->role :
	    "csaf_provider"));
	text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(m);
	if (text == NULL)
		return vigil__error_oom(err);
	if ((size_t)snprintf(path, sizeof(path), "%s/provider-metadata.json",
	    dir) >= sizeof(path))
		rc = vigil__error(err, VIGIL_ETOOBIG, "path too long");
	else
		rc = write_atomic(path, text, strlen(text), err);
	free(text);
	return rc;
}

int
vigil_csaf_publish(const char *dir, const char *const *files, size_t n,
    const vigil_csaf_publish_opts *o, vigil_csaf_issue_cb cb, void *payload,
    vigil_error *err)
{
	struct list l = { NULL, 0, 0 };
	char white[PATH_MAX_LEN], csv[PATH_MAX_LEN + 16];
	json_t *pub = NULL;
	vigil_error e1;
	size_t i;
	int rc, first = 0;

	if (o == NULL || o->base_url == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "a provider directory needs its base URL");
	if ((size_t)snprintf(white, sizeof(white), "%s/white", dir) >=
	    sizeof(white) - 64)
		return vigil__error(err, VIGIL_ETOOBIG, "path too long");
	if ((size_t)snprintf(csv, sizeof(csv), "%s/changes.csv", white) >=
	    sizeof(csv))
		return vigil__error(err, VIGIL_ETOOBIG, "path too long");
	if ((rc = mkdir_p(white, err)) < 0 ||
	    (rc = list_load(&l, csv, err)) < 0)
		goto done;
	vigil_error_clear(&e1);
	for (i = 0; i < n; i++) {
		vigil_error e;

		vigil_error_clear(&e);
		if ((rc = publish_one(&l, &pub, white, files[i], o, cb, payload,
		    &e)) < 0) {
			/* The first failure is the one reported; the other
			 * documents are still published. */
			if (first == 0) {
				first = rc;
				e1 = e;
			}
			if (rc != VIGIL_EINVALID && rc != VIGIL_EUNSUPPORTED)
				break;
		}
	}
	if (l.n > 0 && (rc = write_lists(&l, white, err)) < 0)
		goto done;
	if (pub != NULL && (rc = write_metadata(dir, pub, o, err)) < 0)
		goto done;
	rc = first;
	if (rc < 0 && err != NULL)
		*err = e1;
done:
	json_decref(pub);
	list_dispose(&l);
	return rc;
}
