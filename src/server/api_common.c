/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Lists: every collection of the API is answered here, from a table of
 * its columns, with the same pagination (limit, offset; total in the
 * answer), filtering (?column=value on columns marked filterable, ?q=
 * on the searchable text) and sorting (?sort=column&order=asc|desc on
 * columns marked sortable).  Every query is restricted to the caller's
 * organisation: the list's FROM clause takes the organisation as its
 * first parameter, so a row of another organisation can never be named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server.h"

static int
bind_at(struct dbh *h, void *st, int idx, char type, const char *s,
    int64_t i)
{
	if (type == 's')
		return h->be->bind_text(st, idx, s, s ? strlen(s) : 0);
	return h->be->bind_int64(st, idx, i);
}

/* Column I of the row at ST, of TYPE, as JSON (a new reference). */
static json_t *
col_json(struct dbh *h, void *st, int i, char type)
{
	const char *t;
	size_t len;
	json_t *v;

	if ((t = h->be->column_text(st, i, &len)) == NULL)
		return json_null();
	switch (type) {
	case 'i':
		return json_integer(h->be->column_int64(st, i));
	case 'd':
		return json_real(h->be->column_double(st, i));
	case 'b':
		return json_boolean(h->be->column_int64(st, i));
	case 'j':
		v = json_loadb(t, len, 0, NULL);
		return v != NULL ? v : json_null();
	default:
		v = json_stringn(t, len);
		return v != NULL ? v : json_null();	/* not UTF-8 */
	}
}

json_t *
srv_row_json(struct dbh *h, void *st, const struct listcol *cols)
{
	json_t *o = json_object();
	int i;

	for (i = 0; cols[i].name != NULL; i++)
		json_object_set_new(o, cols[i].name, col_json(h, st, i,
		    cols[i].type));
	return o;
}

/*
 * Lists are written straight into the answer, row by row, as srv_json()
 * would write the same values (compact, non-ASCII as \u escapes, reals
 * to 6 significant digits), without building a tree per row.
 */
static int
put_jstr(vgx_buf *b, const char *s, size_t n)
{
	int bad = 0;
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *e = p + n, *run;
	char esc[16];
	uint32_t cp;
	size_t k;

	bad |= vgx_buf_add(b, "\"", 1);
	while (p < e) {
		for (run = p; p < e && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		    *p != '\\'; p++)
			;
		if (p > run)
			bad |= vgx_buf_add(b, run, (size_t)(p - run));
		if (p == e)
			break;
		k = 0;
		switch (*p) {
		case '"': case '\\':
			esc[k++] = '\\';
			esc[k++] = (char)*p++;
			break;
		case '\b': memcpy(esc, "\\b", 2); k = 2; p++; break;
		case '\f': memcpy(esc, "\\f", 2); k = 2; p++; break;
		case '\n': memcpy(esc, "\\n", 2); k = 2; p++; break;
		case '\r': memcpy(esc, "\\r", 2); k = 2; p++; break;
		case '\t': memcpy(esc, "\\t", 2); k = 2; p++; break;
		default:
			/* valid UTF-8, checked by the caller */
			if (*p < 0x80) {
				cp = *p++;
			} else if (*p < 0xe0) {
				cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
				p += 2;
			} else if (*p < 0xf0) {
				cp = (uint32_t)(p[0] & 0x0f) << 12 |
				    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
				p += 3;
			} else {
				cp = (uint32_t)(p[0] & 0x07) << 18 |
				    (uint32_t)(p[1] & 0x3f) << 12 |
				    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
				p += 4;
			}
			if (cp > 0xffff) {
				cp -= 0x10000;
				esc[k++] = '\\';
				esc[k++] = 'u';
				esc[k++] = 'D';
				esc[k++] = hex[0x8 | (cp >> 18 & 0x3)];
				esc[k++] = hex[cp >> 14 & 0xf];
				esc[k++] = hex[cp >> 10 & 0xf];
				cp = 0xdc00 | (cp & 0x3ff);
			}
			esc[k++] = '\\';
			esc[k++] = 'u';
			esc[k++] = hex[cp >> 12 & 0xf];
			esc[k++] = hex[cp >> 8 & 0xf];
			esc[k++] = hex[cp >> 4 & 0xf];
			esc[k++] = hex[cp & 0xf];
		}
		bad |= vgx_buf_add(b, esc, k);
	}
	bad |= vgx_buf_add(b, "\"", 1);
	return bad;
}

/* A real as jansson writes it with JSON_REAL_PRECISION(6). */
static int
put_real(vgx_buf *b, double d)
{
	int bad = 0;
	char num[40], *e, *q;
	int n;

	if (d != d || d - d != 0) {	/* NaN, infinite: not JSON */
		return vgx_buf_adds(b, "null");
	}
	n = snprintf(num, sizeof(num) - 2, "%.6g", d);
	if (n <= 0 || (size_t)n >= sizeof(num) - 2) {
		return vgx_buf_adds(b, "null");
	}
	if (strpbrk(num, ".e") == NULL)
		memcpy(num + n, ".0", 3);
	if ((e = strchr(num, 'e')) != NULL) {
		/* "1e+30" -> "1e30", "1e-05" -> "1e-5" */
		q = e + 1;
		if (*q == '+')
			memmove(q, q + 1, strlen(q));
		else if (*q == '-')
			q++;
		while (q[0] == '0' && q[1] != '\0')
			memmove(q, q + 1, strlen(q));
	}
	bad |= vgx_buf_adds(b, num);
	return bad;
}

/* Write column I of the row at ST as a JSON value. */
static int
put_col(vgx_buf *b, struct dbh *h, void *st, int i, char type)
{
	int bad = 0;
	const char *t;
	size_t len;
	char num[24];
	json_t *v;
	char *js;

	if ((t = h->be->column_text(st, i, &len)) == NULL) {
		return vgx_buf_adds(b, "null");
	}
	switch (type) {
	case 'i':
		snprintf(num, sizeof(num), "%lld",
		    (long long)h->be->column_int64(st, i));
		bad |= vgx_buf_adds(b, num);
		break;
	case 'd':
		bad |= put_real(b, h->be->column_double(st, i));
		break;
	case 'b':
		bad |= vgx_buf_adds(b, h->be->column_int64(st, i) ? "true" :
		    "false");
		break;
	case 'j':
		v = col_json(h, st, i, type);
		js = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII |
		    JSON_REAL_PRECISION(6) | JSON_ENCODE_ANY);
		json_decref(v);
		bad |= vgx_buf_adds(b, js != NULL ? js : "null");
		free(js);
		break;
	default:
		if (vgx_utf8_check(t, len, NULL) != 0)
			bad |= vgx_buf_adds(b, "null");
		else
			bad |= put_jstr(b, t, len);
	}
	return bad;
}

/* Write the row at ST as an object of COLS. */
static int
put_row(vgx_buf *b, struct dbh *h, void *st, const struct listcol *cols)
{
	int bad = 0;
	int i;

	for (i = 0; cols[i].name != NULL; i++) {
		bad |= vgx_buf_add(b, i == 0 ? "{" : ",", 1);
		bad |= put_jstr(b, cols[i].name, strlen(cols[i].name));
		bad |= vgx_buf_add(b, ":", 1);
		bad |= put_col(b, h, st, i, cols[i].type);
	}
	bad |= vgx_buf_add(b, "}", 1);
	return bad;
}

static int
parse_num(const char *s, uint64_t max, uint64_t *out)
{
	const char *p = s;

	if (s == NULL)
		return 1;
	if (vgx_parse_uint(&p, s + strlen(s), max, out) < 0 || *p != '\0')
		return -1;
	return 0;
}

/*
 * Keyset pagination.  A cursor names the position after a page's last row
 * for one sort column and order: {"s": column, "o": "a"|"d", "v": the
 * row's sort value, "k": its first column (the tie-break)}, as compact
 * JSON in unpadded base64url.  Clients treat it as opaque and pass back
 * the "next" of the previous page; a page then costs the same wherever it
 * is in the list, where an offset costs the rows it skips.
 */
#define CURSOR_MAX 1024

static char *
cursor_encode(const char *sort, bool desc, json_t *v, json_t *k)
{
	json_t *o;
	char *js, *out = NULL;
	size_t len, cap;

	o = json_pack("{s:s,s:s,s:O,s:O}", "s", sort, "o", desc ? "d" : "a",
	    "v", v, "k", k);
	if (o == NULL)
		return NULL;
	js = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (js == NULL)
		return NULL;
	len = strlen(js);
	cap = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (len <= CURSOR_MAX && (out = vgx_malloc(cap)) != NULL)
		sodium_bin2base64(out, cap, (const unsigned char *)js, len,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(js);
	return out;
}

/* Decode cursor S for SORT/DESC into *V (a new reference) and *K; -1
 * after a 400 answered. */
static int
cursor_decode(struct req *r, const char *s, const struct listcol *sort,
    bool desc, json_t **v, int64_t *k)
{
	unsigned char bin[CURSOR_MAX];
	size_t len;
	json_t *o, *jk, *js, *jo, *jv;
	bool ok;

	*v = NULL;
	if (strlen(s) > sodium_base64_ENCODED_LEN(CURSOR_MAX,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    sodium_base642bin(bin, sizeof(bin), s, strlen(s), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    (o = json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return srv_problem(r, 400, "Bad Request", "cursor is not one "
		    "this server made; use the \"next\" of a page");
	js = json_object_get(o, "s");
	jo = json_object_get(o, "o");
	jv = json_object_get(o, "v");
	jk = json_object_get(o, "k");
	ok = json_is_string(js) && json_is_string(jo) && jv != NULL &&
	    json_is_integer(jk) && (json_is_null(jv) ||
	    (sort->type == 's' && json_is_string(jv)) ||
	    ((sort->type == 'i' || sort->type == 'b') &&
	    json_is_integer(jv)) || (sort->type == 'b' &&
	    json_is_boolean(jv)) || (sort->type == 'd' && json_is_number(jv)));
	if (!ok) {
		json_decref(o);
		return srv_problem(r, 400, "Bad Request", "cursor is not one "
		    "this server made; use the \"next\" of a page");
	}
	if (strcmp(json_string_value(js), sort->name) != 0 ||
	    strcmp(json_string_value(jo), desc ? "d" : "a") != 0) {
		json_decref(o);
		return srv_problem(r, 400, "Bad Request", "cursor was made for "
		    "another sort or order; give the same sort and order as "
		    "the page it came from");
	}
	*v = json_incref(jv);
	*k = json_integer_value(jk);
	json_decref(o);
	return 0;
}

/* Bind cursor value V (of column type TYPE) at IDX. */
static void
bind_json(struct dbh *h, void *st, int idx, json_t *v)
{
	if (json_is_string(v))
		(void)h->be->bind_text(st, idx, json_string_value(v),
		    json_string_length(v));
	else if (json_is_boolean(v))
		(void)h->be->bind_int64(st, idx, json_is_true(v));
	else if (json_is_integer(v))
		(void)h->be->bind_int64(st, idx, json_integer_value(v));
	else
		(void)h->be->bind_double(st, idx, json_number_value(v));
}

/*
 * Bind the parameters of a list's WHERE clause to ST from index IDX on:
 * the organisation, the route's extra parameter (XTYPES, XS, XI), the NF
 * filters (kind 's' or 'i' in FV, values in FVAL/FINT) and the LIKE
 * pattern of ?q= (or NULL).  Returns the index of the next parameter.
 */
static int
bind_where(struct req *r, void *st, int idx, const char *xtypes,
    const char *xs, int64_t xi, char fv[][8], const char **fval,
    const int64_t *fint, size_t nf, const char *like)
{
	size_t i;

	bind_at(r->db, st, idx++, 'i', NULL, r->who.org);
	if (xtypes != NULL)
		bind_at(r->db, st, idx++, xtypes[0], xs, xi);
	for (i = 0; i < nf; i++)
		bind_at(r->db, st, idx++, fv[i][0], fval[i], fint[i]);
	if (like != NULL)
		bind_at(r->db, st, idx++, 's', like, 0);
	return idx;
}

/* Whether SQL numbers a parameter ("?2"). */
static bool
numbered(const char *sql)
{
	const char *p;

	for (p = sql; (p = strchr(p, '?')) != NULL; p++)
		if (vgx_isdigit((unsigned char)p[1]))
			return true;
	return false;
}

int
srv_list(struct req *r, const struct listspec *ls, const char *xtypes,
    const char *xs, int64_t xi)
{
	const struct listcol *c, *sort = NULL;
	const char *v, *sortname, *order, *q, *cur;
	uint64_t limit = SRV_PAGE_DEFAULT, offset = 0, gen, nrows = 0;
	vigil_error err;
	vgx_buf where, sql, cwhere, csql, ckey, like;
	bool base_only = ls->count_from != NULL;
	json_t *cv = NULL, *lastv = NULL, *lastk = NULL;
	char fv[16][8];		/* filter kinds, in order */
	const char *fval[16] = {NULL};
	int64_t fint[16] = {0}, ck = 0;
	size_t nf = 0, i;
	int64_t total = 0;
	char *next = NULL;
	void *st;
	int rc, idx, bad = 0, kbad;
	bool desc = ls->desc, counted, key_only, deferred;

	if ((rc = parse_num(srv_query(r, "limit"), SRV_PAGE_MAX, &limit)) < 0
	    || limit == 0)
		return srv_problem(r, 400, "Bad Request", "limit takes 1 to "
		    "%d", SRV_PAGE_MAX);
	if (parse_num(srv_query(r, "offset"), 1000000000, &offset) < 0)
		return srv_problem(r, 400, "Bad Request", "offset takes 0 to "
		    "1000000000");
	sortname = srv_query(r, "sort");
	if (sortname == NULL)
		sortname = ls->dflt;
	for (c = ls->cols; c->name != NULL; c++)
		if (c->sort && strcmp(c->name, sortname) == 0)
			sort = c;
	if (sort == NULL)
		return srv_problem(r, 400, "Bad Request", "cannot sort by "
		    "'%s'", sortname);
	if ((order = srv_query(r, "order")) != NULL) {
		if (strcmp(order, "asc") == 0)
			desc = false;
		else if (strcmp(order, "desc") == 0)
			desc = true;
		else
			return srv_problem(r, 400, "Bad Request", "order takes "
			    "asc or desc");
	}
	if ((cur = srv_query(r, "cursor")) != NULL && *cur != '\0') {
		if (offset != 0)
			return srv_problem(r, 400, "Bad Request", "give cursor "
			    "or offset, not both");
		if (cursor_decode(r, cur, sort, desc, &cv, &ck) < 0)
			return -1;
	}
	vgx_buf_init(&where, 8192);
	vgx_buf_init(&cwhere, 8192);
	vgx_buf_init(&sql, 16384);
	vgx_buf_init(&csql, 16384);
	vgx_buf_init(&ckey, 16384);
	vgx_buf_init(&like, 1024);
	(void)vgx_buf_adds(&where, ls->from);
	if (base_only)
		(void)vgx_buf_adds(&cwhere, ls->count_from);
	for (c = ls->cols; c->name != NULL; c++) {
		if (!c->filter || (v = srv_query(r, c->name)) == NULL)
			continue;
		if (nf >= 16)
			break;
		if (c->type == 'i' || c->type == 'b') {
			long long x;
			char *end;

			if (c->type == 'b' && (strcmp(v, "true") == 0 ||
			    strcmp(v, "false") == 0))
				x = v[0] == 't';
			else {
				x = strtoll(v, &end, 10);
				if (*v == '\0' || *end != '\0' || c->type ==
				    'b') {
					rc = srv_problem(r, 400, "Bad "
					    "Request", "filter %s takes %s",
					    c->name, c->type == 'b' ?
					    "true or false" : "an integer");
					goto done;
				}
			}
			fv[nf][0] = 'i';
			fint[nf] = x;
		} else {
			fv[nf][0] = 's';
			fval[nf] = v;
		}
		nf++;
		(void)vgx_buf_printf(&where, " AND %s = ?", c->expr);
		(void)vgx_buf_printf(&cwhere, " AND %s = ?", c->expr);
		if (base_only && strncmp(c->expr, ls->alias, strlen(ls->alias))
		    != 0)
			base_only = false;
	}
	q = srv_query(r, "q");
	if (q != NULL && strlen(q) > SRV_Q_MAX) {
		rc = srv_problem(r, 400, "Bad Request", "q takes at most %d "
		    "bytes", SRV_Q_MAX);
		goto done;
	}
	if (q != NULL && ls->search != NULL) {
		(void)vgx_buf_printf(&where, " AND %s LIKE ?", ls->search);
		(void)vgx_buf_printf(&cwhere, " AND %s LIKE ?", ls->search);
	}
	if (q != NULL)
		(void)vgx_buf_printf(&like, "%%%s%%", q);
	/* The total does not depend on the cursor: count before adding it. */
	(void)vgx_buf_printf(&csql, "SELECT count(*) %s",
	    vgx_buf_cstr(base_only ? &cwhere : &where));
	kbad = vgx_buf_adds(&ckey, vgx_buf_cstr(&csql));
	/*
	 * NULL sorts lowest on both engines (ASC NULLS FIRST, DESC NULLS
	 * LAST: SQLite's default, and indexes still serve the order), so the
	 * cursor's condition is the same everywhere.  Row values let both
	 * engines seek an index on (sort column, tie-break) for ascending
	 * pages; a descending page on a column other than the first must also
	 * take the NULLs that follow, and costs more.
	 */
	key_only = cv != NULL && (sort == ls->cols || json_is_null(cv));
	if (cv == NULL)
		;
	else if (sort == ls->cols)
		(void)vgx_buf_printf(&where, " AND %s %s ?", sort->expr,
		    desc ? "<" : ">");
	else if (json_is_null(cv))
		(void)vgx_buf_printf(&where, desc ? " AND (%s IS NULL AND %s "
		    "< ?)" : " AND (%s IS NOT NULL OR %s > ?)", sort->expr,
		    ls->cols[0].expr);
	else if (desc)
		(void)vgx_buf_printf(&where, " AND ((%s, %s) < (?, ?) OR %s "
		    "IS NULL)", sort->expr, ls->cols[0].expr, sort->expr);
	else
		(void)vgx_buf_printf(&where, " AND (%s, %s) > (?, ?)",
		    sort->expr, ls->cols[0].expr);
	/*
	 * A page sorted on another column than the first, or at an offset,
	 * is chosen first by the first column alone (the rows' ids, sorted
	 * and cut), and only its rows get their columns computed: otherwise
	 * the database computes every column of every row it sorts or skips.
	 * Not done when the list's FROM clause numbers its parameters ("?2"),
	 * as the query then has them twice.
	 */
	deferred = (sort != ls->cols || offset > 0) && !numbered(ls->from);
	(void)vgx_buf_adds(&sql, "SELECT ");
	for (c = ls->cols; c->name != NULL; c++)
		(void)vgx_buf_printf(&sql, "%s%s", c == ls->cols ? "" : ", ",
		    c->expr);
	if (deferred)
		(void)vgx_buf_printf(&sql, " %s AND %s IN (SELECT %s %s ORDER "
		    "BY %s %s, 1 %s LIMIT ? OFFSET ?) ORDER BY %s %s, 1 %s",
		    vgx_buf_cstr(&where), ls->cols[0].expr, ls->cols[0].expr,
		    vgx_buf_cstr(&where), sort->expr, desc ? "DESC NULLS LAST" :
		    "ASC NULLS FIRST", desc ? "DESC" : "ASC", sort->expr, desc ?
		    "DESC NULLS LAST" : "ASC NULLS FIRST", desc ? "DESC" :
		    "ASC");
	else
		(void)vgx_buf_printf(&sql, " %s ORDER BY %s %s, 1 %s LIMIT ? "
		    "OFFSET ?", vgx_buf_cstr(&where), sort->expr, desc ?
		    "DESC NULLS LAST" : "ASC NULLS FIRST", desc ? "DESC" :
		    "ASC");
	if (vgx_buf_adds(&sql, "") < 0 ||
	    vgx_buf_adds(&like, "") < 0) {
		rc = srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
		goto done;
	}
	st = srv_db_prep(r->db, vgx_buf_cstr(&sql), &err);
	if (st == NULL) {
		rc = VIGIL_EDB;
		goto fail;
	}
	for (idx = 1, i = 0; i < (deferred ? 2u : 1u); i++) {
		idx = bind_where(r, st, idx, xtypes, xs, xi, fv, fval, fint,
		    nf, q != NULL && ls->search != NULL ? vgx_buf_cstr(&like) :
		    NULL);
		if (cv != NULL && !key_only)
			bind_json(r->db, st, idx++, cv);
		if (cv != NULL)
			bind_at(r->db, st, idx++, 'i', NULL, ck);
	}
	bind_at(r->db, st, idx++, 'i', NULL, (int64_t)limit);
	bind_at(r->db, st, idx++, 'i', NULL, (int64_t)offset);
	vgx_buf_reset(&r->out);
	bad = vgx_buf_adds(&r->out, "{\"items\":[");
	while ((rc = srv_db_step(r->db, st, &err)) == 1) {
		if (nrows++ > 0)
			bad |= vgx_buf_add(&r->out, ",", 1);
		bad |= put_row(&r->out, r->db, st, ls->cols);
		if (nrows == limit) {
			/* the last row: where the next page starts */
			lastv = col_json(r->db, st, (int)(sort - ls->cols),
			    sort->type);
			lastk = col_json(r->db, st, 0, ls->cols[0].type);
		}
	}
	srv_db_reset(r->db, st);
	if (rc < 0)
		goto fail;

	/*
	 * The total: known without counting when the first page is not full;
	 * else kept per query and parameters until the next change (or
	 * SRV_CACHE_TTL_MS), so paging through a list counts it once.
	 */
	counted = cv == NULL && offset == 0 && nrows < limit;
	if (counted)
		total = (int64_t)nrows;
	kbad |= vgx_buf_printf(&ckey, "\x1f%lld\x1f%s\x1f%lld",
	    (long long)r->who.org, xs != NULL ? xs : "", (long long)xi);
	for (i = 0; i < nf; i++) {
		if (fv[i][0] == 's')
			kbad |= vgx_buf_printf(&ckey, "\x1fs%s", fval[i]);
		else
			kbad |= vgx_buf_printf(&ckey, "\x1fi%lld",
			    (long long)fint[i]);
	}
	if (q != NULL && ls->search != NULL)
		kbad |= vgx_buf_printf(&ckey, "\x1fq%s", q);
	/* A key that did not fit is not a key: count without the cache. */
	if (!counted && (kbad < 0 || !srv_count_get(vgx_buf_cstr(&ckey),
	    &total))) {
		gen = srv_cache_generation();
		if ((st = srv_db_prep(r->db, vgx_buf_cstr(&csql), &err)) ==
		    NULL) {
			rc = VIGIL_EDB;
			goto fail;
		}
		(void)bind_where(r, st, 1, xtypes, xs, xi, fv, fval, fint, nf,
		    q != NULL && ls->search != NULL ? vgx_buf_cstr(&like) :
		    NULL);
		while ((rc = srv_db_step(r->db, st, &err)) == 1)
			total = srv_db_int(r->db, st, 0);
		srv_db_reset(r->db, st);
		if (rc < 0)
			goto fail;
		if (kbad == 0)
			srv_count_put(vgx_buf_cstr(&ckey), gen, total);
	}
	if (lastv != NULL && (next = cursor_encode(sort->name, desc, lastv,
	    lastk)) == NULL) {
		rc = srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
		goto done;
	}
	bad |= vgx_buf_printf(&r->out, "],\"total\":%lld,\"limit\":%llu,"
	    "\"offset\":%llu", (long long)total, (unsigned long long)limit,
	    (unsigned long long)offset);
	if (next != NULL)
		bad |= vgx_buf_printf(&r->out, ",\"next\":\"%s\"", next);
	bad |= vgx_buf_add(&r->out, "}", 1);
	if (bad < 0) {
		rc = srv_problem(r, 500, "Internal Server Error", "the page "
		    "does not fit in an answer; ask for fewer rows (limit)");
		goto done;
	}
	r->status = 200;
	r->ctype = "application/json";
	rc = 0;
	goto done;
fail:
	rc = srv_problem_err(r, rc, &err);
done:
	vgx_free(next);
	json_decref(cv);
	json_decref(lastv);
	json_decref(lastk);
	vgx_buf_dispose(&like);
	vgx_buf_dispose(&csql);
	vgx_buf_dispose(&ckey);
	vgx_buf_dispose(&cwhere);
	vgx_buf_dispose(&where);
	vgx_buf_dispose(&sql);
	return rc;
}

json_t *
srv_get_one(struct req *r, const struct listspec *ls, const char *key,
    int64_t id)
{
	const struct listcol *c;
	vigil_error err;
	vgx_buf sql;
	json_t *o = NULL;
	void *st;
	int rc;

	if (id <= 0) {
		srv_problem(r, 404, "Not Found", "no such id");
		return NULL;
	}
	vgx_buf_init(&sql, 16384);
	(void)vgx_buf_adds(&sql, "SELECT ");
	for (c = ls->cols; c->name != NULL; c++)
		(void)vgx_buf_printf(&sql, "%s%s", c == ls->cols ? "" : ", ",
		    c->expr);
	(void)vgx_buf_printf(&sql, " %s AND %s = ?", ls->from, key);
	st = srv_db_prep(r->db, vgx_buf_cstr(&sql), &err);
	vgx_buf_dispose(&sql);
	if (st == NULL) {
		srv_problem_err(r, VIGIL_EDB, &err);
		return NULL;
	}
	srv_db_bind(r->db, st, "ii", r->who.org, id);
	if ((rc = srv_db_step(r->db, st, &err)) == 1)
		o = srv_row_json(r->db, st, ls->cols);
	srv_db_reset(r->db, st);
	if (rc < 0)
		srv_problem_err(r, rc, &err);
	else if (o == NULL)
		srv_problem(r, 404, "Not Found", "no such object in your "
		    "organisation");
	return o;
}

int
srv_field(struct req *r, json_t *j, const char *name, size_t max,
    bool required, const char **out)
{
	json_t *v = json_object_get(j, name);
	const char *s;
	size_t len;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return srv_problem(r, 422, "Unprocessable Content",
			    "'%s' is required", name);
		return 0;
	}
	if (!json_is_string(v))
		return srv_problem(r, 422, "Unprocessable Content", "'%s' "
		    "must be a string", name);
	s = json_string_value(v);
	len = json_string_length(v);
	if (len > max || strlen(s) != len)
		return srv_problem(r, 422, "Unprocessable Content", "'%s' "
		    "takes at most %zu bytes and no NUL", name, max);
	if (required && len == 0)
		return srv_problem(r, 422, "Unprocessable Content", "'%s' "
		    "must not be empty", name);
	*out = s;
	return 0;
}

int
srv_field_date(struct req *r, json_t *j, const char *name,
    const char **out)
{
	const char *s;
	int i;

	if (srv_field(r, j, name, 10, false, out) < 0)
		return -1;
	if ((s = *out) == NULL)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !vgx_isdigit(
		    (unsigned char)s[i]))
			return srv_problem(r, 422, "Unprocessable Content",
			    "'%s' takes a date YYYY-MM-DD", name);
	if ((s[5] - '0') * 10 + (s[6] - '0') > 12 || (s[8] - '0') * 10 +
	    (s[9] - '0') > 31 || s[5] + s[6] == '0' + '0' || s[8] + s[9] ==
	    '0' + '0')
		return srv_problem(r, 422, "Unprocessable Content", "'%s' is "
		    "not a valid date", name);
	return 0;
}

/* Append to the audit log with the object's JSON before and after;
 * takes neither reference. */
int
srv_audit_change(struct req *r, const char *action, const char *kind,
    int64_t id, json_t *before, json_t *after)
{
	char obj[64];

	snprintf(obj, sizeof(obj), "%s/%lld", kind, (long long)id);
	return srv_audit(r, action, obj, before, after);
}
