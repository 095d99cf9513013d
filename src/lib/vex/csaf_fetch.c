/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fetching CSAF advisories from a provider (CSAF 2.0 section 7): the
 * provider-metadata.json names distributions, a directory (index.txt
 * lists the documents relative to it) or ROLIE feeds (entries whose
 * content.src is a document).  Each document comes with NAME.sha256 and
 * NAME.sha512 (and NAME.asc): all are saved in the mirror directory and
 * checked there by the trust module, then the document is validated and
 * imported.  Only http and https are followed; every response is capped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "vigil/csaf.h"
#include "vigil/store.h"
#include "vigil/trust.h"
#include "vgx.h"

#define URL_MAX 4096

struct sink {
	vgx_buf b;
	bool toobig;
};

static size_t
on_data(char *p, size_t sz, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = sz * n;

	if (vgx_buf_add(&s->b, p, len) < 0) {
		s->toobig = true;
		return 0;
	}
	return len;
}

/* GET URL into B (limit set by the caller).  404 gives VIGIL_ENOTFOUND. */
static int
http_get(struct sink *s, const char *url, long timeout, vigil_error *err)
{
	char ebuf[CURL_ERROR_SIZE];
	CURL *c;
	CURLcode cc;
	long code = 0;

	vgx_buf_reset(&s->b);
	s->toobig = false;
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return vigil__error(err, VIGIL_EINVALID, "%.200s: only http "
		    "and https URLs are fetched", url);
	if ((c = curl_easy_init()) == NULL)
		return vigil__error_oom(err);
	ebuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (s->toobig)
		return vigil__error(err, VIGIL_ETOOBIG, "%.200s: larger than "
		    "%zu bytes", url, s->b.max);
	if (cc != CURLE_OK)
		return vigil__error(err, VIGIL_EIO, "%.200s: %s", url,
		    ebuf[0] ? ebuf : curl_easy_strerror(cc));
	if (code == 404)
		return vigil__error(err, VIGIL_ENOTFOUND, "%.200s: not found",
		    url);
	if (code < 200 || code > 299)
		return vigil__error(err, VIGIL_EIO, "%.200s: HTTP %ld", url,
		    code);
	return 0;
}

static int
save(const char *path, const vgx_buf *b, vigil_error *err)
{
	FILE *fp = fopen(path, "w");
	bool bad;

	if (fp == NULL)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	bad = b->len > 0 && fwrite(b->ptr, 1, b->len, fp) != b->len;

	if (fclose(fp) != 0 || bad)
		return vigil__error(err, VIGIL_EIO, "%s: write failed", path);
	return 0;
}

struct job {
	const vigil_csaf_fetch_opts *o;
	vigil_csaf_fetch_stats *st;
	vigil_csaf_fetch_cb cb;
	void *payload;
	struct sink s;
	size_t max_docs;
	long timeout;
};

static void
tell(struct job *j, const char *url, const char *what)
{
	if (j->cb != NULL)
		j->cb(j->payload, url, what);
}

/* The last path segment of URL, checked to be a CSAF file name. */
static const char *
base_of(const char *url)
{
	const char *b = strrchr(url, '/');

	b = b != NULL ? b + 1 : url;
	return vigil_csaf_filename_valid(b) ? b : NULL;
}

/* Fetch, check, validate and import one document. */
static int
one_doc(struct job *j, const char *url, vigil_error *err)
{
	static const char *const ext[] = { "", ".sha256", ".sha512", ".asc" };
	char path[URL_MAX + 8], u[URL_MAX + 8], why[300];
	const char *base = base_of(url);
	vigil_error e;
	size_t i, n = j->o->gnupg_home != NULL ? 4 : 3, nadv = 0, nfail = 0;
	int rc;

	j->st->listed++;
	if (j->st->listed > j->max_docs)
		return vigil__error(err, VIGIL_ETOOBIG, "more than %zu "
		    "documents", j->max_docs);
	if (base == NULL) {
		tell(j, url, "rejected: not a CSAF file name (section 5.1)");
		j->st->rejected++;
		return 0;
	}
	for (i = 0; i < n; i++) {
		vigil_error_clear(&e);
		snprintf(u, sizeof(u), "%s%s", url, ext[i]);
		snprintf(path, sizeof(path), "%s/%s%s", j->o->mirror, base,
		    ext[i]);
		if ((rc = http_get(&j->s, u, j->timeout, &e)) < 0 ||
		    (rc = save(path, &j->s.b, &e)) < 0) {
			if (rc == VIGIL_ENOMEM)
				return vigil__error_oom(err);
			snprintf(why, sizeof(why), "rejected: %s", e.msg);
			tell(j, url, why);
			j->st->rejected++;
			return 0;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", j->o->mirror, base);
	vigil_error_clear(&e);
	if ((rc = vigil_trust_sidecars_check(path, &e)) < 0 ||
	    (j->o->gnupg_home != NULL && (rc = vigil_trust_pgp_verify_file(
	    NULL, path, NULL, NULL, j->o->gnupg_home, &e)) < 0)) {
		snprintf(why, sizeof(why), "rejected: %s", e.msg);
		unlink(path);
		tell(j, url, why);
		j->st->rejected++;
		return 0;
	}
	/* The document is in j->s.b no more (the sidecars came after). */
	{
		char *buf = NULL;
		size_t len;

		if ((rc = vgx_file_read(&buf, &len, path, VIGIL_CSAF_MAX_DOC,
		    err)) < 0)
			return rc;
		vigil_error_clear(&e);
		rc = vigil_csaf_validate(&nfail, buf, len, j->o->schema, NULL,
		    NULL, &e);
		if (rc == 0 && nfail == 0 && j->o->store != NULL)
			rc = vigil_csaf_import(&nadv, NULL, j->o->store, buf,
			    len, j->o->schema, &e);
		vgx_free(buf);
		if (rc == VIGIL_ENOMEM || rc == VIGIL_EDB) {
			*err = e;
			return rc;
		}
		if (rc < 0 || nfail > 0) {
			if (rc < 0)
				snprintf(why, sizeof(why), "rejected: %s",
				    e.msg);
			else
				snprintf(why, sizeof(why), "rejected: fails "
				    "%zu validation checks", nfail);
			tell(j, url, why);
			j->st->rejected++;
			return 0;
		}
	}
	j->st->fetched++;
	j->st->imported += nadv;
	tell(j, url, "ok");
	return 0;
}

/* Join BASE (a directory URL) and REL; REL must stay below BASE. */
static int
join(char *out, size_t sz, const char *base, const char *rel)
{
	size_t bl = strlen(base);

	if (strstr(rel, "..") != NULL || rel[0] == '/' ||
	    strstr(rel, "://") != NULL)
		return -1;
	if ((size_t)snprintf(out, sz, "%s%s%s", base, bl > 0 &&
	    base[bl - 1] == '/' ? "" : "/", rel) >= sz)
		return -1;
	return 0;
}

static int
from_directory(struct job *j, const char *dir, vigil_error *err)
{
	char url[URL_MAX], *list, *line, *save_p = NULL;
	int rc;

	if (join(url, sizeof(url), dir, "index.txt") < 0)
		return vigil__error(err, VIGIL_EINVALID, "bad directory_url");
	if ((rc = http_get(&j->s, url, j->timeout, err)) < 0)
		return rc;
	if ((list = vgx_buf_take(&j->s.b, NULL)) == NULL)
		return 0;	/* empty index */
	rc = 0;
	for (line = list; line != NULL && *line != '\0' && rc == 0;
	    line = save_p) {
		char *nl = strchr(line, '\n');
		char doc[URL_MAX];

		save_p = nl != NULL ? nl + 1 : NULL;
		if (nl != NULL)
			*nl = '\0';
		if (nl != NULL && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*line == '\0')
			continue;
		if (join(doc, sizeof(doc), dir, line) < 0) {
			tell(j, line, "rejected: path outside the directory");
			j->st->listed++;
			j->st->rejected++;
			continue;
		}
		rc = one_doc(j, doc, err);
	}
	vgx_free(list);
	return rc;
}

static int
from_rolie(struct job *j, const char *feed, vigil_error *err)
{
	json_t *root, *e;
	json_error_t je;
	size_t i;
	int rc;

	if ((rc = http_get(&j->s, feed, j->timeout, err)) < 0)
		return rc;
	if ((root = json_loadb(j->s.b.ptr ? j->s.b.ptr : "", j->s.b.len, 0,
	    &je)) == NULL)
		return vigil__error(err, VIGIL_EINVALID, "%.200s: %s", feed,
		    je.text);
	json_array_foreach(json_object_get(json_object_get(root, "feed"),
	    "entry"), i, e) {
		const char *src = json_string_value(json_object_get(
		    json_object_get(e, "content"), "src"));
		json_t *l;
		size_t m;

		/* The entry's self link, where there is one: it is what
		 * the hash and signature links sit next to. */
		json_array_foreach(json_object_get(e, "link"), m, l) {
			const char *rel = json_string_value(json_object_get(l,
			    "rel"));
			const char *href = json_string_value(json_object_get(l,
			    "href"));

			if (rel != NULL && href != NULL &&
			    strcmp(rel, "self") == 0)
				src = href;
		}
		if (src == NULL)
			continue;
		if ((rc = one_doc(j, src, err)) < 0)
			break;
	}
	json_decref(root);
	return rc;
}

int
vigil_csaf_fetch(vigil_csaf_fetch_stats *stats, const char *url,
    const vigil_csaf_fetch_opts *o, vigil_csaf_fetch_cb cb, void *payload,
    vigil_error *err)
{
	struct job j;
	json_t *md = NULL, *d;
	json_error_t je;
	size_t i, k;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (o == NULL || o->mirror == NULL)
		return vigil__error(err, VIGIL_EINVALID, "no mirror directory");
	if (mkdir(o->mirror, 0755) != 0 && errno != EEXIST)
		return vigil__error(err, VIGIL_EIO, "%s: %s", o->mirror,
		    strerror(errno));
	memset(&j, 0, sizeof(j));
	j.o = o;
	j.st = stats;
	j.cb = cb;
	j.payload = payload;
	j.max_docs = o->max_docs ? o->max_docs : 10000;
	j.timeout = o->timeout > 0 ? o->timeout : 60;
	vgx_buf_init(&j.s.b, o->max_bytes ? o->max_bytes : VIGIL_CSAF_MAX_DOC);
	if ((rc = http_get(&j.s, url, j.timeout, err)) < 0)
		goto done;
	if ((md = json_loadb(j.s.b.ptr ? j.s.b.ptr : "", j.s.b.len,
	    JSON_REJECT_DUPLICATES, &je)) == NULL) {
		rc = vigil__error(err, VIGIL_EINVALID, "%.200s: %s", url,
		    je.text);
		goto done;
	}
	if (!json_is_array(json_object_get(md, "distributions"))) {
		rc = vigil__error(err, VIGIL_EINVALID, "%.200s: no "
		    "distributions", url);
		goto done;
	}
	json_array_foreach(json_object_get(md, "distributions"), i, d) {
		const char *dir = json_string_value(json_object_get(d,
		    "directory_url"));
		json_t *f;

		if (dir != NULL && (rc = from_directory(&j, dir, err)) < 0)
			goto done;
		json_array_foreach(json_object_get(json_object_get(d, "rolie"),
		    "feeds"), k, f) {
			const char *fu = json_string_value(json_object_get(f,
			    "url"));

			if (fu != NULL && (rc = from_rolie(&j, fu, err)) < 0)
				goto done;
		}
	}
	rc = 0;
done:
	json_decref(md);
	vgx_buf_dispose(&j.s.b);
	return rc;
}
