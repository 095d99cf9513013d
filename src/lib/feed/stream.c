/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Streaming split of large JSON feeds.  A DOM of a 200 MB OSV array or a
 * 2,000-CVE NVD page costs ten times its size in memory; instead a yajl
 * pass finds where each record starts and ends, and each record alone is
 * then parsed (jansson) and imported:
 *
 *     [ {...}, {...}, ... ]                  OSV: elements of the root
 *     { "format": ..., "vulnerabilities":    NVD, KEV: elements of the
 *       [ {...}, {...} ], "totalResults": N }  root's `vulnerabilities`
 *       ^^^^^ ^^^^^
 *       spans (start, end) in the buffer
 *
 * The root's other members (scalars only) are kept to tell NVD from KEV
 * and for the KEV catalog version.  Memory: the spans (16 bytes a record)
 * and one record's tree at a time.
 */
#include <string.h>
#include <yajl/yajl_parse.h>

#include "feedint.h"

#define MAX_SPANS 10000000u	/* records in one document */

struct span {
	size_t start, end;	/* [start, end) in the buffer; end 0: bad */
};

struct scan {
	yajl_handle h;
	int depth;		/* containers open */
	bool root_array;
	bool in_list;		/* inside the array whose elements we want */
	int list_depth;		/* depth of that array */
	bool have_list;
	char key[64];		/* last key at depth 1 */
	json_t *scalars;	/* root members other than the list */
	struct span *spans;
	size_t nspans;
	bool oom;
};

static size_t
here(struct scan *s)
{
	return yajl_get_bytes_consumed(s->h);
}

/* A value starts at the list's element level. */
static int
element_start(struct scan *s, bool container)
{
	struct span *sp;

	if (!s->in_list || s->depth != s->list_depth)
		return 1;
	if ((sp = vigil__grow(&s->spans, &s->nspans, sizeof(*sp),
	    MAX_SPANS)) == NULL) {
		s->oom = true;
		return 0;
	}
	sp->start = here(s) - 1;
	sp->end = container ? 0 : here(s);	/* scalars: marked bad below */
	if (!container)
		sp->start = sp->end = 0;
	return 1;
}

static int
scalar(struct scan *s, json_t *v)
{
	if (s->depth == 1 && !s->root_array && s->key[0] != '\0') {
		if (v == NULL || json_object_set_new(s->scalars, s->key, v) < 0) {
			s->oom = true;
			return 0;
		}
		return 1;
	}
	json_decref(v);
	return element_start(s, false);
}

static int
cb_null(void *ctx)
{
	return scalar(ctx, json_null());
}

static int
cb_bool(void *ctx, int b)
{
	return scalar(ctx, json_boolean(b));
}

static int
cb_number(void *ctx, const char *n, size_t len)
{
	struct scan *s = ctx;
	char buf[64];

	if (s->depth == 1 && !s->root_array && len < sizeof(buf)) {
		json_t *v;
		json_error_t je;

		memcpy(buf, n, len);
		buf[len] = '\0';
		v = json_loads(buf, JSON_DECODE_ANY, &je);
		return scalar(s, v != NULL ? v : json_null());
	}
	return scalar(s, NULL);
}

static int
cb_string(void *ctx, const unsigned char *str, size_t len)
{
	struct scan *s = ctx;

	if (s->depth == 1 && !s->root_array)
		return scalar(s, json_stringn((const char *)str, len));
	return scalar(s, NULL);
}

static int
cb_start_map(void *ctx)
{
	struct scan *s = ctx;

	if (element_start(s, true) == 0)
		return 0;
	s->depth++;
	if (s->depth == 1)
		s->key[0] = '\0';
	return 1;
}

static int
cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
	struct scan *s = ctx;

	if (s->depth == 1) {
		if (len >= sizeof(s->key))
			len = sizeof(s->key) - 1;
		memcpy(s->key, key, len);
		s->key[len] = '\0';
	}
	return 1;
}

static int
cb_end(void *ctx)
{
	struct scan *s = ctx;

	s->depth--;
	if (s->in_list && s->depth == s->list_depth && s->nspans > 0 &&
	    s->spans[s->nspans - 1].end == 0 &&
	    s->spans[s->nspans - 1].start != 0)
		s->spans[s->nspans - 1].end = here(s);
	if (s->in_list && s->depth < s->list_depth)
		s->in_list = false;
	return 1;
}

static int
cb_start_array(void *ctx)
{
	struct scan *s = ctx;

	if (element_start(s, true) == 0)
		return 0;
	s->depth++;
	if (s->depth == 1) {
		s->root_array = true;
		s->in_list = s->have_list = true;
		s->list_depth = 1;
	} else if (s->depth == 2 && !s->root_array && !s->have_list &&
	    strcmp(s->key, "vulnerabilities") == 0) {
		s->in_list = s->have_list = true;
		s->list_depth = 2;
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end
};

/* Line and column of byte OFF. */
static void
position(const char *buf, size_t off, unsigned long *line,
    unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int
vigil__stream_import(bool *handled, struct vigil__imp *imp,
    vigil_feed_kind kind, const char *buf, size_t len, vigil_error *err)
{
	struct scan s;
	vigil_feed_kind k;
	const char *ver = NULL, *prefix;
	char ptr[64];
	size_t i;
	int rc = 0;

	*handled = false;
	memset(&s, 0, sizeof(s));
	if ((s.scalars = json_object()) == NULL)
		return vigil__error_oom(err);
	if ((s.h = yajl_alloc(&callbacks, NULL, &s)) == NULL) {
		json_decref(s.scalars);
		return vigil__error_oom(err);
	}
	if (yajl_parse(s.h, (const unsigned char *)buf, len) != yajl_status_ok ||
	    yajl_complete_parse(s.h) != yajl_status_ok) {
		unsigned long line, col;
		unsigned char *m;

		if (s.oom) {
			rc = vigil__error_oom(err);
			goto done;
		}
		position(buf, yajl_get_bytes_consumed(s.h), &line, &col);
		m = yajl_get_error(s.h, 0, (const unsigned char *)buf, len);
		rc = vigil__error_at(err, VIGIL_EINVALID, line, col, "%s",
		    m != NULL ? (const char *)m : "invalid JSON");
		if (m != NULL)
			yajl_free_error(s.h, m);
		*handled = true;
		goto done;
	}
	if (!s.have_list)
		goto done;	/* not a list of records: parse it whole */
	if (s.root_array) {
		/* An array of OSV records; its first element says so. */
		k = VIGIL_FEED_OSV;
		if (s.nspans > 0) {
			json_t *first = s.spans[0].end > s.spans[0].start ?
			    json_loadb(buf + s.spans[0].start, s.spans[0].end -
			    s.spans[0].start, 0, NULL) : NULL;

			if (!vigil__osv_like(first))
				k = VIGIL_FEED_UNKNOWN;
			json_decref(first);
		}
		if (k == VIGIL_FEED_UNKNOWN) {
			*handled = true;
			rc = vigil__error(err, VIGIL_EINVALID,
			    "not an OSV, NVD, KEV or EPSS feed");
			goto done;
		}
	}
	else if (json_object_get(s.scalars, "catalogVersion") != NULL)
		k = VIGIL_FEED_KEV;
	else if (json_object_get(s.scalars, "format") != NULL ||
	    json_object_get(s.scalars, "resultsPerPage") != NULL)
		k = VIGIL_FEED_NVD;
	else
		goto done;
	if (kind != VIGIL_FEED_UNKNOWN && kind != k)
		goto done;	/* the whole-document path says why */
	*handled = true;
	if (k == VIGIL_FEED_KEV &&
	    (rc = vigil__kev_version(imp, s.scalars, &ver, err)) < 0)
		goto done;
	prefix = s.root_array ? "" : "/vulnerabilities";
	for (i = 0; i < s.nspans && rc >= 0; i++) {
		json_error_t je;
		json_t *e = NULL;

		snprintf(ptr, sizeof(ptr), "%s/%zu", prefix, i);
		if (s.spans[i].end > s.spans[i].start)
			e = json_loadb(buf + s.spans[i].start,
			    s.spans[i].end - s.spans[i].start,
			    JSON_REJECT_DUPLICATES, &je);
		if (e == NULL) {
			vigil_error rerr;

			if (s.spans[i].end > s.spans[i].start)
				vigil__error_ptr(&rerr, VIGIL_EINVALID, ptr,
				    "%s", je.text);
			else
				vigil__error_ptr(&rerr, VIGIL_EINVALID, ptr,
				    "record is not an object");
			vigil__imp_reject(imp, NULL, &rerr);
			continue;
		}
		imp->bytes_done = s.spans[i].end;
		if (k == VIGIL_FEED_OSV)
			rc = vigil__osv_one(imp, e, ptr, err);
		else if (k == VIGIL_FEED_NVD)
			rc = vigil__nvd_one(imp, e, ptr, err);
		else
			rc = vigil__kev_one(imp, e, ptr, err);
		json_decref(e);
	}
	if (rc >= 0 && k == VIGIL_FEED_KEV)
		rc = vigil__kev_finish(imp, ver, err);
done:
	yajl_free(s.h);
	vgx_free(s.spans);
	json_decref(s.scalars);
	return rc;
}
