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

#include "server.h"

static int
bind_at(struct dbh *h, void *st, int idx, char type, const char *s,
    int64_t i)
{
	if (type == 's')
		return h->be->bind_text(st, idx, s, s ? strlen(s) : 0);
	return h->be->bind_int64(st, idx, i);
}

json_t *
srv_row_json(struct dbh *h, void *st, const struct listcol *cols)
{
	json_t *o = json_object(), *v;
	const char *t;
	size_t len;
	int i;

	for (i = 0; cols[i].name != NULL; i++) {
		t = h->be->column_text(st, i, &len);
		if (t == NULL) {
			v = json_null();
		} else {
			switch (cols[i].type) {
			case 'i':
				v = json_integer(h->be->column_int64(st, i));
				break;
			case 'd':
				v = json_real(h->be->column_double(st, i));
				break;
			case 'b':
				v = json_boolean(h->be->column_int64(st, i));
				break;
			case 'j':
				v = json_loadb(t, len, 0, NULL);
				if (v == NULL)
					v = json_null();
				break;
			default:
				v = json_stringn(t, len);
				if (v == NULL)	/* not UTF-8: never expected */
					v = json_null();
			}
		}
		json_object_set_new(o, cols[i].name, v);
	}
	return o;
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

int
srv_list(struct req *r, const struct listspec *ls, const char *xtypes,
    const char *xs, int64_t xi)
{
	const struct listcol *c, *sort = NULL;
	const char *v, *sortname, *order, *q;
	uint64_t limit = SRV_PAGE_DEFAULT, offset = 0, n;
	vigil_error err;
	vgx_buf where, sql;
	json_t *items, *out;
	char fv[16][8];		/* filter kinds, in order */
	const char *fval[16];
	int64_t fint[16];
	size_t nf = 0, i;
	int64_t total = 0;
	void *st;
	int rc, idx;
	bool desc = ls->desc;

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
	vgx_buf_init(&where, 8192);
	vgx_buf_init(&sql, 16384);
	(void)vgx_buf_adds(&where, ls->from);
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
					vgx_buf_dispose(&where);
					vgx_buf_dispose(&sql);
					return srv_problem(r, 400, "Bad "
					    "Request", "filter %s takes %s",
					    c->name, c->type == 'b' ?
					    "true or false" : "an integer");
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
	}
	q = srv_query(r, "q");
	if (q != NULL && ls->search != NULL)
		(void)vgx_buf_printf(&where, " AND %s LIKE ?", ls->search);
	(void)vgx_buf_adds(&sql, "SELECT ");
	for (c = ls->cols; c->name != NULL; c++)
		(void)vgx_buf_printf(&sql, "%s%s", c == ls->cols ? "" : ", ",
		    c->expr);
	if (vgx_buf_printf(&sql, " %s ORDER BY %s %s, 1 LIMIT ? OFFSET ?",
	    vgx_buf_cstr(&where), sort->expr, desc ? "DESC" : "ASC") < 0) {
		vgx_buf_dispose(&where);
		vgx_buf_dispose(&sql);
		return srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
	}
	items = json_array();
	/* Two passes: the page, then the total. */
	for (n = 0; n < 2; n++) {
		vgx_buf cnt;

		vgx_buf_init(&cnt, 16384);
		if (n == 1)
			(void)vgx_buf_printf(&cnt, "SELECT count(*) %s",
			    vgx_buf_cstr(&where));
		st = srv_db_prep(r->db, n == 0 ? vgx_buf_cstr(&sql) :
		    vgx_buf_cstr(&cnt), &err);
		vgx_buf_dispose(&cnt);
		if (st == NULL) {
			rc = VIGIL_EDB;
			goto fail;
		}
		idx = 1;
		bind_at(r->db, st, idx++, 'i', NULL, r->who.org);
		if (xtypes != NULL)
			bind_at(r->db, st, idx++, xtypes[0], xs, xi);
		for (i = 0; i < nf; i++)
			bind_at(r->db, st, idx++, fv[i][0], fval[i], fint[i]);
		if (q != NULL && ls->search != NULL) {
			vgx_buf like;

			vgx_buf_init(&like, 1024);
			(void)vgx_buf_printf(&like, "%%%s%%", q);
			bind_at(r->db, st, idx++, 's', vgx_buf_cstr(&like), 0);
			vgx_buf_dispose(&like);
		}
		if (n == 0) {
			bind_at(r->db, st, idx++, 'i', NULL, (int64_t)limit);
			bind_at(r->db, st, idx++, 'i', NULL, (int64_t)offset);
		}
		while ((rc = srv_db_step(r->db, st, &err)) == 1) {
			if (n == 0)
				json_array_append_new(items, srv_row_json(
				    r->db, st, ls->cols));
			else
				total = srv_db_int(r->db, st, 0);
		}
		srv_db_reset(r->db, st);
		if (rc < 0)
			goto fail;
	}
	vgx_buf_dispose(&where);
	vgx_buf_dispose(&sql);
	out = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
	    (json_int_t)total, "limit", (json_int_t)limit, "offset",
	    (json_int_t)offset);
	return srv_json(r, 200, out);
fail:
	json_decref(items);
	vgx_buf_dispose(&where);
	vgx_buf_dispose(&sql);
	return srv_problem_err(r, rc, &err);
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
