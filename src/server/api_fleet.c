/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fleet: releases (a product model at one version, with its life-cycle
 * stage and support dates in the terms of IMDRF N70: development,
 * supported, limited_support up to the end of guaranteed support, then
 * end_of_support), installed devices, the life-cycle view, the fleet
 * overview of the dashboard, and the public support-status page of a
 * manufacturer, which shows each product's stage and dates and nothing
 * else.
 */
#include <stdio.h>
#include <string.h>

#include "server.h"

static const char *const stages[] = {
	"development", "supported", "limited_support", "end_of_support", NULL
};

static const struct listcol release_cols[] = {
	{"id", "rl.id", 'i', false, true},
	{"product", "rl.product", 's', true, true},
	{"version", "rl.version", 's', true, true},
	{"stage", "rl.stage", 's', true, true},
	{"released", "rl.released", 's', false, true},
	{"end_of_guaranteed_support", "rl.eogs", 's', false, true},
	{"end_of_support", "rl.eos", 's', false, true},
	{"devices", "(SELECT count(*) FROM srv_device d WHERE d.org = rl.org "
	    "AND d.release_id = rl.id)", 'i', false, true},
	{"findings", "(SELECT count(*) FROM srv_finding f WHERE f.org = "
	    "rl.org AND f.release_id = rl.id)", 'i', false, true},
	{"latest_sbom", "(SELECT max(s.id) FROM srv_sbom s WHERE s.org = "
	    "rl.org AND s.release_id = rl.id)", 'i', false, false},
	{"created", "rl.created", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec releases = {
	"FROM srv_release rl WHERE rl.org = ?", release_cols,
	"rl.product || ' ' || rl.version", "id", false, NULL, NULL
};

static const struct listcol device_cols[] = {
	{"id", "d.id", 'i', false, true},
	{"name", "d.name", 's', true, true},
	{"serial", "d.serial", 's', true, true},
	{"location", "d.location", 's', true, true},
	{"release_id", "d.release_id", 'i', true, true},
	{"product", "rl.product", 's', true, true},
	{"version", "rl.version", 's', false, true},
	{"stage", "rl.stage", 's', true, true},
	{"end_of_support", "rl.eos", 's', false, true},
	{"created", "d.created", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec devices = {
	"FROM srv_device d LEFT JOIN srv_release rl ON rl.id = d.release_id "
	"WHERE d.org = ?", device_cols,
	"d.name || ' ' || coalesce(d.serial, '') || ' ' || "
	"coalesce(d.location, '')", "id", false,
	"FROM srv_device d WHERE d.org = ?", "d."
};

static bool
stage_ok(const char *s)
{
	size_t i;

	for (i = 0; stages[i] != NULL; i++)
		if (strcmp(s, stages[i]) == 0)
			return true;
	return false;
}

int
api_releases_list(struct req *r)
{
	return srv_list(r, &releases, NULL, NULL, 0);
}

int
api_lifecycle(struct req *r)
{
	return srv_list(r, &releases, NULL, NULL, 0);
}

int
api_releases_get(struct req *r)
{
	json_t *o = srv_get_one(r, &releases, "rl.id", srv_param_id(r, 0));

	return o == NULL ? -1 : srv_json(r, 200, o);
}

/* Read the release fields of J: -1 after a problem. */
static int
release_fields(struct req *r, json_t *j, bool create, const char **product,
    const char **version, const char **stage, const char **rel,
    const char **eogs, const char **eos)
{
	if (srv_field(r, j, "product", 200, create, product) < 0 ||
	    srv_field(r, j, "version", 100, create, version) < 0 ||
	    srv_field(r, j, "stage", 32, false, stage) < 0 ||
	    srv_field_date(r, j, "released", rel) < 0 ||
	    srv_field_date(r, j, "end_of_guaranteed_support", eogs) < 0 ||
	    srv_field_date(r, j, "end_of_support", eos) < 0)
		return -1;
	if (*stage != NULL && !stage_ok(*stage))
		return srv_problem(r, 422, "Unprocessable Content", "stage "
		    "takes development, supported, limited_support or "
		    "end_of_support");
	if (*eogs != NULL && *eos != NULL && strcmp(*eogs, *eos) > 0)
		return srv_problem(r, 422, "Unprocessable Content",
		    "end_of_guaranteed_support comes after end_of_support");
	return 0;
}

int
api_releases_create(struct req *r)
{
	const char *product, *version, *stage, *rel, *eogs, *eos;
	char now[21], loc[64];
	vigil_error err;
	json_t *j, *o;
	int64_t id = 0;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (release_fields(r, j, true, &product, &version, &stage, &rel,
	    &eogs, &eos) < 0) {
		json_decref(j);
		return -1;
	}
	srv_now(now);
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto fail;
	rc = srv_db_run(&id, r->db, &err, "INSERT INTO srv_release (org, "
	    "product, version, stage, released, eogs, eos, created) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, product, version) DO "
	    "NOTHING RETURNING id", "isssssss", r->who.org, product, version,
	    stage ? stage : "supported", rel, eogs, eos, now);
	if (rc == VIGIL_ENOTFOUND) {
		srv_db_rollback(r->db);
		srv_problem(r, 409, "Conflict", "%s %s exists", product,
		    version);
		json_decref(j);
		return -1;
	}
	if (rc < 0 || (o = srv_get_one(r, &releases, "rl.id", id)) == NULL) {
		srv_db_rollback(r->db);
		goto fail;
	}
	if ((rc = srv_audit_change(r, "release.create", "release", id, NULL,
	    o)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		json_decref(o);
		srv_db_rollback(r->db);
		goto fail;
	}
	json_decref(j);
	snprintf(loc, sizeof(loc), "/api/v1/releases/%lld", (long long)id);
	snprintf(r->location, sizeof(r->location), "%s", loc);
	return srv_json(r, 201, o);
fail:
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
}

int
api_releases_update(struct req *r)
{
	const char *product, *version, *stage, *rel, *eogs, *eos;
	int64_t id = srv_param_id(r, 0);
	json_t *j, *before, *after = NULL;
	vigil_error err;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (release_fields(r, j, false, &product, &version, &stage, &rel,
	    &eogs, &eos) < 0) {
		json_decref(j);
		return -1;
	}
	if ((rc = srv_db_begin(r->db, &err)) < 0) {
		json_decref(j);
		return srv_problem_err(r, rc, &err);
	}
	if ((before = srv_get_one(r, &releases, "rl.id", id)) == NULL) {
		srv_db_rollback(r->db);
		json_decref(j);
		return -1;
	}
	/* Only the members given change; "null" clears a date. */
	rc = srv_db_run(NULL, r->db, &err, "UPDATE srv_release SET "
	    "stage = coalesce(?, stage), "
	    "released = CASE WHEN ? THEN ? ELSE released END, "
	    "eogs = CASE WHEN ? THEN ? ELSE eogs END, "
	    "eos = CASE WHEN ? THEN ? ELSE eos END "
	    "WHERE id = ? AND org = ?", "sisisisii", stage,
	    (int64_t)(json_object_get(j, "released") != NULL), rel,
	    (int64_t)(json_object_get(j, "end_of_guaranteed_support") != NULL),
	    eogs, (int64_t)(json_object_get(j, "end_of_support") != NULL), eos,
	    id, r->who.org);
	if (rc == 0 && (after = srv_get_one(r, &releases, "rl.id", id)) !=
	    NULL)
		rc = srv_audit_change(r, "release.update", "release", id,
		    before, after);
	if (rc < 0 || after == NULL || (rc = srv_db_commit(r->db, &err)) <
	    0) {
		srv_db_rollback(r->db);
		json_decref(before);
		json_decref(after);
		json_decref(j);
		return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
	}
	json_decref(before);
	json_decref(j);
	return srv_json(r, 200, after);
}

int
api_devices_list(struct req *r)
{
	return srv_list(r, &devices, NULL, NULL, 0);
}

int
api_devices_get(struct req *r)
{
	json_t *o = srv_get_one(r, &devices, "d.id", srv_param_id(r, 0));

	return o == NULL ? -1 : srv_json(r, 200, o);
}

/* RELEASE_ID of J must name a release of the caller's organisation. */
static int
device_release(struct req *r, json_t *j, int64_t *rel, bool *given)
{
	json_t *v = json_object_get(j, "release_id");
	vigil_error err;
	int64_t x;

	*given = v != NULL;
	*rel = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return srv_problem(r, 422, "Unprocessable Content",
		    "release_id takes a release id");
	*rel = json_integer_value(v);
	if (srv_db_run(&x, r->db, &err, "SELECT id FROM srv_release WHERE "
	    "id = ? AND org = ?", "ii", *rel, r->who.org) < 0)
		return srv_problem(r, 422, "Unprocessable Content", "no "
		    "release %lld in your organisation", (long long)*rel);
	return 0;
}

int
api_devices_create(struct req *r)
{
	const char *name, *serial, *location;
	char now[21];
	vigil_error err;
	json_t *j, *o = NULL;
	int64_t id = 0, rel;
	bool given;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "name", 200, true, &name) < 0 ||
	    srv_field(r, j, "serial", 200, false, &serial) < 0 ||
	    srv_field(r, j, "location", 200, false, &location) < 0 ||
	    device_release(r, j, &rel, &given) < 0) {
		json_decref(j);
		return -1;
	}
	srv_now(now);
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto fail;
	if ((rc = srv_db_run(&id, r->db, &err, "INSERT INTO srv_device (org, "
	    "name, serial, location, release_id, created) VALUES (?, ?, ?, ?, "
	    "nullif(?, 0), ?) RETURNING id", "isssis", r->who.org, name,
	    serial, location, rel, now)) < 0 ||
	    (o = srv_get_one(r, &devices, "d.id", id)) == NULL ||
	    (rc = srv_audit_change(r, "device.create", "device", id, NULL,
	    o)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(o);
		goto fail;
	}
	json_decref(j);
	snprintf(r->location, sizeof(r->location), "/api/v1/devices/%lld",
	    (long long)id);
	return srv_json(r, 201, o);
fail:
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
}

int
api_devices_update(struct req *r)
{
	const char *name, *serial, *location;
	int64_t id = srv_param_id(r, 0), rel;
	json_t *j, *before = NULL, *after = NULL;
	vigil_error err;
	bool given;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "name", 200, false, &name) < 0 ||
	    srv_field(r, j, "serial", 200, false, &serial) < 0 ||
	    srv_field(r, j, "location", 200, false, &location) < 0 ||
	    device_release(r, j, &rel, &given) < 0) {
		json_decref(j);
		return -1;
	}
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto fail;
	if ((before = srv_get_one(r, &devices, "d.id", id)) == NULL ||
	    (rc = srv_db_run(NULL, r->db, &err, "UPDATE srv_device SET name "
	    "= coalesce(?, name), serial = coalesce(?, serial), location = "
	    "coalesce(?, location), release_id = CASE WHEN ? THEN nullif(?, "
	    "0) ELSE release_id END WHERE id = ? AND org = ?", "sssiiii",
	    name, serial, location, (int64_t)given, rel, id, r->who.org)) < 0
	    || (after = srv_get_one(r, &devices, "d.id", id)) == NULL ||
	    (rc = srv_audit_change(r, "device.update", "device", id, before,
	    after)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(after);
		goto fail;
	}
	json_decref(before);
	json_decref(j);
	return srv_json(r, 200, after);
fail:
	json_decref(before);
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
}

int
api_devices_delete(struct req *r)
{
	int64_t id = srv_param_id(r, 0);
	json_t *before = NULL;
	vigil_error err;
	int rc;

	if ((rc = srv_db_begin(r->db, &err)) < 0)
		return srv_problem_err(r, rc, &err);
	if ((before = srv_get_one(r, &devices, "d.id", id)) == NULL ||
	    (rc = srv_db_run(NULL, r->db, &err, "DELETE FROM srv_device WHERE "
	    "id = ? AND org = ?", "ii", id, r->who.org)) < 0 ||
	    (rc = srv_audit_change(r, "device.delete", "device", id, before,
	    NULL)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(before);
		return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
	}
	json_decref(before);
	r->status = 204;
	r->ctype = NULL;
	return 0;
}

/* Rows of "SELECT key, count" into an object. */
static int
counts(struct req *r, json_t *into, const char *sql)
{
	vigil_error err;
	const char *k;
	void *st;
	int rc;

	if ((st = srv_db_prep(r->db, sql, &err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(r->db, st, "i", r->who.org);
	while ((rc = srv_db_step(r->db, st, &err)) == 1) {
		k = srv_db_text(r->db, st, 0);
		json_object_set_new(into, k ? k : "unknown", json_integer(
		    srv_db_int(r->db, st, 1)));
	}
	srv_db_reset(r->db, st);
	return rc;
}

int
api_overview(struct req *r)
{
	json_t *o, *stage, *risk, *sev, *vex, *tot;
	int rc;

	stage = json_object();
	risk = json_object();
	sev = json_object();
	vex = json_object();
	tot = json_object();
	o = json_pack("{s:o,s:o,s:o,s:o,s:o}", "devices_by_stage", stage,
	    "findings_by_risk", risk, "findings_by_severity", sev,
	    "findings_by_vex", vex, "totals", tot);
	if ((rc = counts(r, stage, "SELECT coalesce(rl.stage, 'unknown'), "
	    "count(*) FROM srv_device d LEFT JOIN srv_release rl ON rl.id = "
	    "d.release_id WHERE d.org = ? GROUP BY 1")) < 0 ||
	    (rc = counts(r, risk, "SELECT coalesce(f.risk, 'unknown'), "
	    "count(*) FROM srv_finding f WHERE f.org = ? GROUP BY 1")) < 0 ||
	    (rc = counts(r, sev, "SELECT f.severity, count(*) FROM "
	    "srv_finding f WHERE f.org = ? GROUP BY 1")) < 0 ||
	    (rc = counts(r, vex, "SELECT coalesce(v.status, "
	    "'under_investigation'), count(*) FROM srv_finding f LEFT JOIN "
	    "srv_vex v ON v.org = f.org AND v.release_id = f.release_id AND "
	    "v.vuln = f.vuln WHERE f.org = ? GROUP BY 1")) < 0 ||
	    (rc = counts(r, tot, "SELECT 'devices', count(*) FROM srv_device "
	    "WHERE org = ?1 UNION ALL SELECT 'releases', count(*) FROM "
	    "srv_release WHERE org = ?1 UNION ALL SELECT 'sboms', count(*) "
	    "FROM srv_sbom WHERE org = ?1 UNION ALL SELECT 'findings', "
	    "count(*) FROM srv_finding WHERE org = ?1 UNION ALL SELECT "
	    "'kev', count(DISTINCT vuln) FROM srv_finding WHERE org = ?1 AND "
	    "kev = 1 UNION ALL SELECT 'affected_devices', count(*) FROM "
	    "srv_device d WHERE d.org = ?1 AND d.release_id IN (SELECT "
	    "f.release_id FROM srv_finding f WHERE f.org = ?1)")) < 0) {
		json_decref(o);
		return srv_problem_err(r, rc, NULL);
	}
	return srv_json(r, 200, o);
}

/* ---- the public support-status page -------------------------------------- */

static void
html_esc(vgx_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<':
			(void)vgx_buf_adds(b, "&lt;");
			break;
		case '>':
			(void)vgx_buf_adds(b, "&gt;");
			break;
		case '&':
			(void)vgx_buf_adds(b, "&amp;");
			break;
		case '"':
			(void)vgx_buf_adds(b, "&quot;");
			break;
		case '\'':
			(void)vgx_buf_adds(b, "&#39;");
			break;
		default:
			(void)vgx_buf_addc(b, *s);
		}
	}
}

/* The public rows of organisation SLUG: calls ROW per product. */
static int
support_rows(struct req *r, const char *slug, char *orgname, size_t sz,
    json_t **out)
{
	static const char *const names[] = {
		"product", "version", "stage", "released",
		"end_of_guaranteed_support", "end_of_support"
	};
	vigil_error err;
	json_t *items, *o;
	void *st;
	int rc, i;

	st = srv_db_prep(r->db, "SELECT o.name, rl.product, rl.version, "
	    "rl.stage, rl.released, rl.eogs, rl.eos FROM srv_org o LEFT JOIN "
	    "srv_release rl ON rl.org = o.id AND rl.stage <> 'development' "
	    "WHERE o.slug = ? ORDER BY rl.product, rl.version", &err);
	if (st == NULL)
		return srv_problem_err(r, VIGIL_EDB, &err);
	srv_db_bind(r->db, st, "s", slug);
	items = json_array();
	orgname[0] = '\0';
	while ((rc = srv_db_step(r->db, st, &err)) == 1) {
		snprintf(orgname, sz, "%s", srv_db_text(r->db, st, 0));
		if (srv_db_text(r->db, st, 1) == NULL)
			continue;
		o = json_object();
		for (i = 0; i < 6; i++) {
			const char *t = srv_db_text(r->db, st, i + 1);

			json_object_set_new(o, names[i], t ? json_string(t) :
			    json_null());
		}
		json_array_append_new(items, o);
	}
	srv_db_reset(r->db, st);
	if (rc < 0) {
		json_decref(items);
		return srv_problem_err(r, rc, &err);
	}
	if (orgname[0] == '\0') {
		json_decref(items);
		return srv_problem(r, 404, "Not Found", "no manufacturer '%s'",
		    slug);
	}
	*out = items;
	return 0;
}

int
api_support_json(struct req *r)
{
	char org[256];
	json_t *items;

	if (support_rows(r, r->params[0], org, sizeof(org), &items) < 0)
		return -1;
	return srv_json(r, 200, json_pack("{s:s,s:o}", "manufacturer", org,
	    "products", items));
}

int
api_support_page(struct req *r)
{
	char org[256];
	json_t *items, *o;
	size_t i;
	int k;
	static const char *const keys[] = {
		"product", "version", "stage", "released",
		"end_of_guaranteed_support", "end_of_support"
	};

	if (support_rows(r, r->params[0], org, sizeof(org), &items) < 0)
		return -1;
	vgx_buf_reset(&r->out);
	(void)vgx_buf_adds(&r->out, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\""
	    "width=device-width\"><title>Support status: ");
	html_esc(&r->out, org);
	(void)vgx_buf_adds(&r->out, "</title><link rel=\"stylesheet\" href=\""
	    "/style.css\"></head><body class=\"public\"><main><h1>Product "
	    "support status: ");
	html_esc(&r->out, org);
	(void)vgx_buf_adds(&r->out, "</h1><table><caption>Life-cycle stage "
	    "and support dates of each product (IMDRF N70)</caption><thead>"
	    "<tr><th scope=\"col\">Product</th><th scope=\"col\">Version</th>"
	    "<th scope=\"col\">Stage</th><th scope=\"col\">Released</th>"
	    "<th scope=\"col\">End of guaranteed support</th>"
	    "<th scope=\"col\">End of support</th></tr></thead><tbody>");
	json_array_foreach(items, i, o) {
		(void)vgx_buf_adds(&r->out, "<tr>");
		for (k = 0; k < 6; k++) {
			json_t *v = json_object_get(o, keys[k]);

			(void)vgx_buf_adds(&r->out, "<td>");
			html_esc(&r->out, json_is_string(v) ?
			    json_string_value(v) : "\xe2\x80\x94");
			(void)vgx_buf_adds(&r->out, "</td>");
		}
		(void)vgx_buf_adds(&r->out, "</tr>");
	}
	(void)vgx_buf_adds(&r->out, "</tbody></table></main></body></html>\n");
	json_decref(items);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}

/* The lists' columns, for the OpenAPI document (router.c). */
const struct listspec *const srv_ls_release = &releases;
const struct listspec *const srv_ls_device = &devices;
