/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Feed download (libcurl): conditional requests (If-None-Match /
 * If-Modified-Since from the last import of the same URL), retries with
 * exponential back-off on network errors, 429 and 5xx, resumption of a
 * partial file with a Range request, and incremental updates:
 *
 *   NVD   pages of the CVE API 2.0 (startIndex, resultsPerPage); after the
 *         first full load only lastModStartDate..lastModEndDate.
 *   OSV   the ecosystem's all.zip first; then modified_id.csv
 *         ("<modified>,<id>" lines, newest first) and only the records
 *         modified since the last update.
 *   KEV, EPSS  one file each, conditional.
 *
 * Nothing here prints; progress and rejects go through the import
 * callbacks.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "feedint.h"

#define OSV_BASE "https://osv-vulnerabilities.storage.googleapis.com"
#define NVD_URL "https://services.nvd.nist.gov/rest/json/cves/2.0"
#define KEV_URL "https://www.cisa.gov/sites/default/files/feeds/" \
	"known_exploited_vulnerabilities.json"
#define EPSS_URL "https://epss.empiricalsecurity.com/" \
	"epss_scores-current.csv.gz"
#define MAX_URL 4096
#define MAX_PAGES 100000	/* NVD pages in one update */
#define MAX_OSV_CHANGES 1000000	/* records fetched one by one */

struct fetch {
	char etag[256];
	char last_modified[64];
	long status;
	bool not_modified;
};

/* ---- URLs -------------------------------------------------------------------- */

/* Replace "{ecosystem}" and "{id}" in TMPL. */
static int
expand(vgx_buf *b, const char *tmpl, const char *eco, const char *id)
{
	CURL *c = curl_easy_init();
	const char *p;
	int rc = 0;

	if (c == NULL)
		return VIGIL_ENOMEM;
	for (p = tmpl; *p != '\0' && rc == 0; ) {
		const char *v = NULL;
		size_t skip = 0;

		if (strncmp(p, "{ecosystem}", 11) == 0)
			v = eco, skip = 11;
		else if (strncmp(p, "{id}", 4) == 0)
			v = id, skip = 4;
		if (skip > 0) {
			char *e = curl_easy_escape(c, v != NULL ? v : "", 0);

			if (e == NULL)
				rc = VIGIL_ENOMEM;
			else
				rc = vgx_buf_adds(b, e);
			curl_free(e);
			p += skip;
		} else {
			rc = vgx_buf_addc(b, *p++);
		}
	}
	curl_easy_cleanup(c);
	return rc;
}

enum url_kind { U_MAIN, U_OSV_MODIFIED, U_OSV_RECORD };

static int
make_url(char **out, const vigil_feed_source *src, const vigil_feed_urls *u,
    enum url_kind which, const char *id, vigil_error *err)
{
	const char *tmpl = NULL, *m = u->mirror;
	vgx_buf b;
	int rc;

	vgx_buf_init(&b, MAX_URL);
	switch (src->kind) {
	case VIGIL_FEED_OSV:
		if (src->ecosystem == NULL || *src->ecosystem == '\0')
			return vigil__error(err, VIGIL_EINVALID,
			    "OSV needs an ecosystem (osv:PyPI)");
		if (which == U_MAIN)
			tmpl = u->osv;
		else if (which == U_OSV_MODIFIED)
			tmpl = u->osv_modified;
		else
			tmpl = u->osv_record;
		if (tmpl == NULL) {
			static const char *const tail[] = {
			    "/{ecosystem}/all.zip",
			    "/{ecosystem}/modified_id.csv",
			    "/{ecosystem}/{id}.json"};

			rc = vgx_buf_printf(&b, "%s%s%s", m != NULL ? m :
			    OSV_BASE, m != NULL ? "/osv" : "", tail[which]);
			if (rc == 0) {
				char *t = vgx_buf_take(&b, NULL);

				vgx_buf_init(&b, MAX_URL);
				rc = expand(&b, t, src->ecosystem, id);
				vgx_free(t);
			}
			goto done;
		}
		rc = expand(&b, tmpl, src->ecosystem, id);
		goto done;
	case VIGIL_FEED_NVD:
		tmpl = u->nvd;
		rc = tmpl != NULL ? vgx_buf_adds(&b, tmpl) : m != NULL ?
		    vgx_buf_printf(&b, "%s/nvd/cves/2.0", m) :
		    vgx_buf_adds(&b, NVD_URL);
		goto done;
	case VIGIL_FEED_KEV:
		rc = u->kev != NULL ? vgx_buf_adds(&b, u->kev) : m != NULL ?
		    vgx_buf_printf(&b, "%s/kev/known_exploited_vulnerabilities"
		    ".json", m) : vgx_buf_adds(&b, KEV_URL);
		goto done;
	case VIGIL_FEED_EPSS:
		rc = u->epss != NULL ? vgx_buf_adds(&b, u->epss) : m != NULL ?
		    vgx_buf_printf(&b, "%s/epss/epss_scores-current.csv.gz",
		    m) : vgx_buf_adds(&b, EPSS_URL);
		goto done;
	default:
		return vigil__error(err, VIGIL_EINVALID, "unknown feed kind");
	}
done:
	if (rc < 0) {
		vgx_buf_dispose(&b);
		return vigil__error(err, rc, "feed URL too long");
	}
	*out = vgx_buf_take(&b, NULL);
	return 0;
}

int
vigil_feed_url(char **out, const vigil_feed_source *src,
    const vigil_feed_urls *urls, vigil_error *err)
{
	return make_url(out, src, urls, U_MAIN, NULL, err);
}

/* ---- transfers ---------------------------------------------------------------- */

struct sink {
	FILE *fp;
	vgx_buf *mem;
	struct fetch *f;
	bool restart;		/* a 200 answered our Range: start over */
	curl_off_t offset;
};

static size_t
on_header(char *b, size_t sz, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = sz * n, vl;
	const char *v;
	char *dst = NULL;
	size_t dsz = 0;

	if (len > 5 && strncmp(b, "HTTP/", 5) == 0) {
		/* A new response (after a redirect): forget the old one. */
		s->f->etag[0] = s->f->last_modified[0] = '\0';
		return len;
	}
	if (len > 5 && vgx_strieq(b, 5, "etag:")) {
		v = b + 5;
		dst = s->f->etag;
		dsz = sizeof(s->f->etag);
	} else if (len > 14 && vgx_strieq(b, 14, "last-modified:")) {
		v = b + 14;
		dst = s->f->last_modified;
		dsz = sizeof(s->f->last_modified);
	} else {
		return len;
	}
	while (v < b + len && (*v == ' ' || *v == '\t'))
		v++;
	vl = (size_t)(b + len - v);
	while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' ||
	    v[vl - 1] == ' '))
		vl--;
	if (vl < dsz) {
		memcpy(dst, v, vl);
		dst[vl] = '\0';
	}
	return len;
}

static size_t
on_data(char *b, size_t sz, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = sz * n;

	if (s->mem != NULL)
		return vgx_buf_add(s->mem, b, len) == 0 ? len : 0;
	return fwrite(b, 1, len, s->fp);
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * GET URL into the file PART (resuming it if it exists) or into MEM.
 * ETAG/LASTMOD (may be NULL or "") make the request conditional.
 */
static int
http_get(struct fetch *f, const char *url, const char *part, vgx_buf *mem,
    const char *etag, const char *lastmod,
    const vigil_feed_update_opts *o, vigil_error *err)
{
	char ebuf[CURL_ERROR_SIZE];
	unsigned attempt, wait = o->backoff_ms;
	int rc = VIGIL_EIO;

	memset(f, 0, sizeof(*f));
	for (attempt = 0; attempt <= o->retries; attempt++) {
		struct curl_slist *h = NULL;
		struct sink s;
		struct stat sb;
		CURL *c;
		CURLcode cr;
		vgx_buf hb;
		bool retry = false;

		if (attempt > 0) {
			sleep_ms(wait);
			wait = wait > 60000 ? 120000 : wait * 2;
		}
		memset(&s, 0, sizeof(s));
		s.f = f;
		s.mem = mem;
		if (mem != NULL)
			vgx_buf_reset(mem);
		if (part != NULL) {
			s.offset = stat(part, &sb) == 0 ? sb.st_size : 0;
			if ((s.fp = fopen(part, s.offset > 0 ? "ab" : "wb")) ==
			    NULL)
				return vigil__error(err, VIGIL_EIO, "%s: %s",
				    part, strerror(errno));
		}
		if ((c = curl_easy_init()) == NULL) {
			if (s.fp != NULL)
				fclose(s.fp);
			return vigil__error_oom(err);
		}
		ebuf[0] = '\0';
		vgx_buf_init(&hb, 1024);
		/* A resumed transfer is not conditional: we want the rest. */
		if (s.offset == 0 && etag != NULL && *etag != '\0' &&
		    vgx_buf_printf(&hb, "If-None-Match: %s", etag) == 0) {
			h = curl_slist_append(h, vgx_buf_cstr(&hb));
			vgx_buf_reset(&hb);
		}
		if (s.offset == 0 && lastmod != NULL && *lastmod != '\0' &&
		    vgx_buf_printf(&hb, "If-Modified-Since: %s", lastmod) == 0) {
			h = curl_slist_append(h, vgx_buf_cstr(&hb));
			vgx_buf_reset(&hb);
		}
		if (o->urls.nvd_api_key != NULL &&
		    vgx_buf_printf(&hb, "apiKey: %s", o->urls.nvd_api_key) == 0)
			h = curl_slist_append(h, vgx_buf_cstr(&hb));
		vgx_buf_dispose(&hb);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		if (o->timeout_s > 0)
			curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s);
		if (s.offset > 0)
			curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, s.offset);
		cr = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
		curl_easy_cleanup(c);
		curl_slist_free_all(h);
		if (s.fp != NULL && fclose(s.fp) != 0 && cr == CURLE_OK)
			return vigil__error(err, VIGIL_EIO, "%s: write error",
			    part);
		if (cr == CURLE_RANGE_ERROR || (cr == CURLE_OK &&
		    s.offset > 0 && f->status == 200)) {
			/* The server ignored the Range: start again. */
			if (part != NULL)
				unlink(part);
			if (cr == CURLE_OK)
				attempt--;	/* not a failure */
			continue;
		}
		if (cr != CURLE_OK) {
			rc = vigil__error(err, VIGIL_EIO, "%s: %s", url,
			    ebuf[0] ? ebuf : curl_easy_strerror(cr));
			retry = cr != CURLE_WRITE_ERROR;
		} else if (f->status == 304) {
			f->not_modified = true;
			return 0;
		} else if (f->status == 200 || f->status == 206) {
			return 0;
		} else {
			rc = vigil__error(err, VIGIL_EIO, "%s: HTTP status %ld",
			    url, f->status);
			retry = f->status == 429 || f->status >= 500 ||
			    f->status == 408;
			if (part != NULL)
				unlink(part);	/* an error page */
		}
		if (!retry)
			break;
	}
	return rc;
}

/* ---- cache -------------------------------------------------------------------- */

static int
part_path(char **out, const vigil_feed_update_opts *o, const char *url,
    vigil_error *err)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	char digest[65];
	vgx_buf b;
	int rc;

	vgx_buf_init(&b, 4096);
	if (o->cache_dir != NULL)
		rc = vgx_buf_adds(&b, o->cache_dir);
	else if (x != NULL && *x == '/')
		rc = vgx_buf_printf(&b, "%s/vigil", x);
	else if (h != NULL && *h != '\0')
		rc = vgx_buf_printf(&b, "%s/.cache/vigil", h);
	else
		rc = vgx_buf_adds(&b, "/tmp/vigil-cache");
	if (rc < 0) {
		vgx_buf_dispose(&b);
		return vigil__error(err, rc, "cache path too long");
	}
	/* mkdir -p */
	{
		char *p = b.ptr;
		char *q;

		for (q = p + 1; ; q++) {
			if (*q == '/' || *q == '\0') {
				char c = *q;

				*q = '\0';
				if (mkdir(p, 0777) != 0 && errno != EEXIST) {
					rc = vigil__error(err, VIGIL_EIO,
					    "%s: %s", p, strerror(errno));
					*q = c;
					vgx_buf_dispose(&b);
					return rc;
				}
				*q = c;
				if (c == '\0')
					break;
			}
		}
	}
	vigil__sha256_hex(digest, url, strlen(url));
	if ((rc = vgx_buf_printf(&b, "/%.24s.part", digest)) < 0) {
		vgx_buf_dispose(&b);
		return vigil__error(err, rc, "cache path too long");
	}
	*out = vgx_buf_take(&b, NULL);
	return 0;
}

static void
iso_now(char *buf, size_t sz, time_t t, bool nvd)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, nvd ? "%Y-%m-%dT%H:%M:%S.000+00:00" :
	    "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Download URL to a part file and import it whole. */
static int
fetch_import(vigil_feed_stats *stats, int *nm, vigil_store *st,
    const char *url, bool conditional, const vigil_feed_update_opts *o,
    vigil_error *err)
{
	char *etag = NULL, *lastmod = NULL, *part = NULL;
	vigil_feed_opts io = o->import;
	struct fetch f;
	int rc;

	if (conditional && vigil_store_source_validators(&etag, &lastmod, st,
	    url, NULL) < 0)
		etag = lastmod = NULL;
	if ((rc = part_path(&part, o, url, err)) < 0)
		goto done;
	if ((rc = http_get(&f, url, part, NULL, etag, lastmod, o, err)) < 0)
		goto done;
	if (f.not_modified) {
		if (nm != NULL)
			*nm = 1;
		goto done;
	}
	io.location = url;
	io.etag = f.etag;
	io.last_modified = f.last_modified;
	rc = vigil_feed_import_path(stats, st, part, &io, err);
	if (rc >= 0 || rc == VIGIL_EINVALID)
		unlink(part);	/* done, or not worth resuming */
done:
	vgx_free(part);
	vigil_store_string_free(etag);
	vigil_store_string_free(lastmod);
	return rc;
}

/* ---- NVD ------------------------------------------------------------------------ */

/* The value of "totalResults" in an NVD page, without parsing it all. */
static int
total_results(uint64_t *out, const char *buf, size_t len)
{
	static const char key[] = "\"totalResults\"";
	const char *p = buf, *end = buf + len, *hit = NULL;

	while (p < end && (hit = memchr(p, '"', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - hit) >= sizeof(key) - 1 &&
		    memcmp(hit, key, sizeof(key) - 1) == 0)
			break;
		p = hit + 1;
		hit = NULL;
	}
	if (hit == NULL)
		return -1;
	p = hit + sizeof(key) - 1;
	while (p < end && (vgx_isspace((unsigned char)*p) || *p == ':'))
		p++;
	return vgx_parse_uint(&p, end, UINT32_MAX, out);
}

/*
 * Fetch every page of one query: all CVEs (SINCE NULL) or those modified
 * in [SINCE, UNTIL] (NVD takes at most 120 days per query).
 */
static int
nvd_query(vigil_feed_stats *stats, vigil_store *st, const char *base,
    bool official, const char *since, const char *until, unsigned *pages,
    const vigil_feed_update_opts *o, vigil_error *err)
{
	uint64_t index = 0, total = 1;
	unsigned per = o->nvd_page;
	char *part = NULL;
	int rc = 0;

	if (per == 0 || per > 2000)
		per = 2000;
	while (index < total) {
		vgx_buf url;
		vigil_feed_opts io = o->import;
		vigil_feed_stats before = *stats;
		struct fetch f;
		char *tmp = NULL;
		size_t len;
		uint64_t got;

		if (++*pages > MAX_PAGES) {
			rc = vigil__error(err, VIGIL_ETOOBIG,
			    "more than %d NVD pages", MAX_PAGES);
			break;
		}
		/* NVD asks for a pause between requests (rate limits); not
		 * needed for a mirror. */
		if (*pages > 1 && official)
			sleep_ms(o->urls.nvd_api_key != NULL ? 700 : 6500);
		vgx_buf_init(&url, MAX_URL);
		if (vgx_buf_printf(&url, "%s%sstartIndex=%llu&resultsPerPage=%u",
		    base, strchr(base, '?') != NULL ? "&" : "?",
		    (unsigned long long)index, per) < 0 ||
		    (since != NULL && vgx_buf_printf(&url,
		    "&lastModStartDate=%s&lastModEndDate=%s", since, until) < 0)) {
			vgx_buf_dispose(&url);
			rc = vigil__error(err, VIGIL_ETOOBIG, "URL too long");
			break;
		}
		/* '+' must travel as %2B in a query string. */
		for (len = 0; url.ptr[len] != '\0'; len++)
			if (url.ptr[len] == '+') {
				vgx_buf nb;

				vgx_buf_init(&nb, MAX_URL);
				if (vgx_buf_add(&nb, url.ptr, len) < 0 ||
				    vgx_buf_adds(&nb, "%2B") < 0 ||
				    vgx_buf_adds(&nb, url.ptr + len + 1) < 0) {
					vgx_buf_dispose(&nb);
					break;
				}
				vgx_buf_dispose(&url);
				url = nb;
			}
		vgx_free(part);
		part = NULL;
		if ((rc = part_path(&part, o, vgx_buf_cstr(&url), err)) < 0 ||
		    (rc = http_get(&f, vgx_buf_cstr(&url), part, NULL, NULL, NULL,
		    o, err)) < 0 ||
		    (rc = vgx_file_read(&tmp, &len, part, o->import.max_file,
		    err)) < 0) {
			vgx_buf_dispose(&url);
			break;
		}
		rc = total_results(&total, tmp, len);
		vgx_free(tmp);
		if (rc < 0) {
			unlink(part);
			vgx_buf_dispose(&url);
			rc = vigil__error(err, VIGIL_EINVALID,
			    "NVD answered something that is not a CVE page");
			break;
		}
		io.location = vgx_buf_cstr(&url);
		rc = vigil_feed_import_path(stats, st, part, &io, err);
		unlink(part);
		vgx_buf_dispose(&url);
		if (rc < 0)
			break;
		got = (stats->added + stats->updated + stats->unchanged +
		    stats->withdrawn + stats->rejected) - (before.added +
		    before.updated + before.unchanged + before.withdrawn +
		    before.rejected);
		if (got == 0)
			break;	/* a short answer: do not loop forever */
		index += got;
	}
	vgx_free(part);
	return rc;
}

/* "YYYY-MM-DDTHH:MM:SS..." (UTC) into *TM. */
static int
parse_time(struct tm *tm, const char *s)
{
	static const char sep[] = "--T::";
	uint64_t v[6];
	const char *p = s, *end = s + strlen(s);
	int i;

	for (i = 0; i < 6; i++) {
		if (vgx_parse_uint(&p, end, 9999, &v[i]) < 0)
			return -1;
		if (i < 5 && (p == end || *p++ != sep[i]))
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 ||
	    v[4] > 59 || v[5] > 60 || v[0] < 1970)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (int)v[0] - 1900;
	tm->tm_mon = (int)v[1] - 1;
	tm->tm_mday = (int)v[2];
	tm->tm_hour = (int)v[3];
	tm->tm_min = (int)v[4];
	tm->tm_sec = (int)v[5];
	return 0;
}

#define NVD_WINDOW (120L * 86400L)	/* the API's longest date range */

static int
nvd_update(vigil_feed_stats *stats, vigil_store *st,
    const vigil_feed_source *src, const vigil_feed_update_opts *o,
    vigil_error *err)
{
	char *base = NULL, *since = NULL;
	char from[48], until[48];
	unsigned pages = 0;
	time_t now = time(NULL), ws = 0;
	struct tm tm;
	int rc;

	if ((rc = make_url(&base, src, &o->urls, U_MAIN, NULL, err)) < 0)
		return rc;
	if (vigil_store_meta_get(&since, st, "nvd_last_update", NULL) < 0)
		since = NULL;
	if (since != NULL && (parse_time(&tm, since) < 0 ||
	    (ws = timegm(&tm)) <= 0 || ws > now)) {
		vigil_store_string_free(since);
		since = NULL;	/* unreadable: load everything again */
	}
	if (since == NULL) {
		rc = nvd_query(stats, st, base, strcmp(base, NVD_URL) == 0, NULL,
		    NULL, &pages, o, err);
	} else {
		/* From the last update to now, 120 days at a time (at least
		 * one query, even when no time has passed). */
		do {
			time_t we = now - ws > NVD_WINDOW ? ws + NVD_WINDOW :
			    now;

			iso_now(from, sizeof(from), ws, true);
			iso_now(until, sizeof(until), we, true);
			rc = nvd_query(stats, st, base, strcmp(base, NVD_URL) ==
			    0, from, until, &pages, o, err);
			ws = we;
		} while (rc >= 0 && ws < now);
	}
	if (rc >= 0) {
		iso_now(from, sizeof(from), now, true);
		if ((rc = vigil_store_begin(st, err)) >= 0) {
			rc = vigil_store_meta_set(st, "nvd_last_update", from,
			    err);
			if (rc < 0)
				vigil_store_rollback(st);
			else
				rc = vigil_store_commit(st, err);
		}
	}
	vgx_free(base);
	vigil_store_string_free(since);
	return rc;
}

/* ---- OSV ------------------------------------------------------------------------ */

static int
osv_incremental(vigil_feed_stats *stats, int *nm, vigil_store *st,
    const vigil_feed_source *src, const char *since,
    const vigil_feed_update_opts *o, vigil_error *err)
{
	char *url = NULL, *etag = NULL, *lastmod = NULL;
	vgx_buf list, rec;
	struct fetch f;
	const char *p, *end;
	vigil_store_source s;
	vigil_feed_stats mine;
	unsigned long changes = 0;
	int rc;

	memset(&mine, 0, sizeof(mine));
	vgx_buf_init(&list, (size_t)1 << 28);
	vgx_buf_init(&rec, o->import.max_file);
	if ((rc = make_url(&url, src, &o->urls, U_OSV_MODIFIED, NULL,
	    err)) < 0)
		goto done;
	if (vigil_store_source_validators(&etag, &lastmod, st, url, NULL) < 0)
		etag = lastmod = NULL;
	if ((rc = http_get(&f, url, NULL, &list, etag, lastmod, o, err)) < 0)
		goto done;
	if (f.not_modified) {
		*nm = 1;
		goto done;
	}
	p = vgx_buf_cstr(&list);
	end = p + list.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end, *comma;
		char mod[64], id[FEED_MAX_ID + 1];
		char *rurl = NULL;
		size_t ml, il;
		vigil_error e2;

		comma = memchr(p, ',', (size_t)(le - p));
		if (le > p && le[-1] == '\r')
			le--;
		if (comma == NULL) {
			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		ml = (size_t)(comma - p);
		il = (size_t)(le - comma - 1);
		if (ml >= sizeof(mod) || il == 0 || il > FEED_MAX_ID) {
			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		memcpy(mod, p, ml);
		mod[ml] = '\0';
		memcpy(id, comma + 1, il);
		id[il] = '\0';
		p = nl != NULL ? nl + 1 : end;
		/* Newest first: stop at the first one we have seen. */
		if (strcmp(mod, since) <= 0)
			break;
		if (++changes > MAX_OSV_CHANGES) {
			rc = vigil__error(err, VIGIL_ETOOBIG,
			    "more than %d changed records", MAX_OSV_CHANGES);
			goto done;
		}
		if ((rc = make_url(&rurl, src, &o->urls, U_OSV_RECORD, id,
		    err)) < 0)
			goto done;
		rc = http_get(&f, rurl, NULL, &rec, NULL, NULL, o, &e2);
		if (rc == 0)
			rc = vigil_feed_import_buffer(&mine, st, VIGIL_FEED_OSV,
			    rurl, rec.ptr != NULL ? rec.ptr : "", rec.len,
			    &o->import, &e2);
		vgx_free(rurl);
		if (rc == VIGIL_EINVALID || (rc == VIGIL_EIO && f.status == 404)) {
			vigil__imp_reject(&(struct vigil__imp){ .opts =
			    &o->import, .stats = &mine, .file = url }, id, &e2);
			rc = 0;
		} else if (rc < 0) {
			*err = e2;
			goto done;
		}
	}
	memset(&s, 0, sizeof(s));
	s.kind = "osv";
	s.location = url;
	s.size = (int64_t)list.len;
	s.etag = f.etag;
	s.last_modified = f.last_modified;
	s.added = mine.added;
	s.updated = mine.updated;
	s.unchanged = mine.unchanged;
	s.withdrawn = mine.withdrawn;
	s.rejected = mine.rejected;
	if ((rc = vigil_store_begin(st, err)) >= 0) {
		if ((rc = vigil_store_add_source(st, &s, err)) < 0 ||
		    (rc = vigil_store_snapshot_update(NULL, st, err)) < 0)
			vigil_store_rollback(st);
		else
			rc = vigil_store_commit(st, err);
	}
done:
	stats->added += mine.added;
	stats->updated += mine.updated;
	stats->unchanged += mine.unchanged;
	stats->withdrawn += mine.withdrawn;
	stats->rejected += mine.rejected;
	vgx_buf_dispose(&list);
	vgx_buf_dispose(&rec);
	vgx_free(url);
	vigil_store_string_free(etag);
	vigil_store_string_free(lastmod);
	return rc;
}

static int
osv_update(vigil_feed_stats *stats, int *nm, vigil_store *st,
    const vigil_feed_source *src, const vigil_feed_update_opts *o,
    vigil_error *err)
{
	char key[160], now[32], *since = NULL, *url = NULL;
	time_t t = time(NULL);
	int rc;

	snprintf(key, sizeof(key), "osv_last_update:%s", src->ecosystem);
	iso_now(now, sizeof(now), t, false);
	if (vigil_store_meta_get(&since, st, key, NULL) == 0) {
		rc = osv_incremental(stats, nm, st, src, since, o, err);
	} else {
		if ((rc = make_url(&url, src, &o->urls, U_MAIN, NULL, err)) < 0)
			return rc;
		rc = fetch_import(stats, nm, st, url, true, o, err);
		vgx_free(url);
	}
	vigil_store_string_free(since);
	if (rc < 0)
		return rc;
	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	if ((rc = vigil_store_meta_set(st, key, now, err)) < 0) {
		vigil_store_rollback(st);
		return rc;
	}
	return vigil_store_commit(st, err);
}

int
vigil_feed_update(vigil_feed_stats *stats, int *not_modified,
    vigil_store *st, const vigil_feed_source *src,
    const vigil_feed_update_opts *opts, vigil_error *err)
{
	static const vigil_feed_update_opts def = VIGIL_FEED_UPDATE_OPTS_INIT;
	const vigil_feed_update_opts *o = opts != NULL ? opts : &def;
	char *url = NULL;
	int nm = 0, rc;

	switch (src->kind) {
	case VIGIL_FEED_OSV:
		rc = osv_update(stats, &nm, st, src, o, err);
		break;
	case VIGIL_FEED_NVD:
		rc = nvd_update(stats, st, src, o, err);
		break;
	case VIGIL_FEED_KEV:
	case VIGIL_FEED_EPSS:
		if ((rc = make_url(&url, src, &o->urls, U_MAIN, NULL, err)) < 0)
			return rc;
		rc = fetch_import(stats, &nm, st, url, true, o, err);
		vgx_free(url);
		break;
	default:
		return vigil__error(err, VIGIL_EINVALID, "unknown feed kind");
	}
	if (not_modified != NULL)
		*not_modified = nm;
	return rc;
}
