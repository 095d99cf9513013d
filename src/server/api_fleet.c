/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fleet: releases (a product model at one version, with its life-cycle
 * stage and support dates in the terms of IMDRF N70: development,
 * supported, limited_support up to the end of guaranteed support, then
 * end_of_support), installed devices, the life-cycle view, the fleet
 * overview of the dashboard, and the public support-status page of a
 * manufacturer, which shows each product's stage and dates and nothing
 * else.
 *
 * Releases and devices are the store's inventory (device_release,
 * installed_device; `vigil release` and `vigil device` see the same rows
 * of organisation 1).  Releases are written through the library
 * (vigil_fleet_release_put checks them); the end of guaranteed support
 * is the release's EOL date.  A device registered here needs only a
 * name: its serial, release and site are optional, its serial unique in
 * the organisation.
 */
#include <stdio.h>
#include <string.h>

#include "server.h"

static const struct listcol release_cols[] = {
	{"id", "rl.rid", 'i', false, true},
	{"product", "rl.model", 's', true, true},
	{"version", "rl.release", 's', true, true},
	{"stage", SRV_STAGE("rl"), 's', true, true},
	{"released", "rl.released", 's', false, true},
	{"end_of_guaranteed_support", "rl.eol", 's', false, true},
	{"end_of_support", "rl.eos", 's', false, true},
	{"devices", "(SELECT count(*) FROM installed_device d WHERE d.rid = "
	    "rl.rid)", 'i', false, true},
	{"findings", "(SELECT count(*) FROM fleet_finding f WHERE f.rid = "
	    "rl.rid AND f.scan = rl.scans)", 'i', false, true},
	{"latest_sbom", "(SELECT max(s.sid) FROM release_sbom s WHERE s.rid = "
	    "rl.rid)", 'i', false, false},
	{"created", "rl.created", 's', false, true},
	{"manufacturer", "rl.manufacturer", 's', true, true},
	/* the product VEX decisions name (vigil vex --product) */
	{"purl", "rl.purl", 's', true, false},
	{NULL, NULL, 0, false, false}
};

static const struct listspec releases = {
	"FROM device_release rl WHERE rl.org = ?", release_cols,
	"rl.model || ' ' || rl.release", "id", false, NULL, NULL
};

static const struct listcol device_cols[] = {
	{"id", "d.did", 'i', false, true},
	{"name", "COALESCE(d.name, d.serial)", 's', true, true},
	{"serial", "d.serial", 's', true, true},
	{"location", "d.location", 's', true, true},
	{"release_id", "d.rid", 'i', true, true},
	{"product", "rl.model", 's', true, true},
	{"version", "rl.release", 's', false, true},
	{"stage", "CASE WHEN rl.rid IS NOT NULL THEN " SRV_STAGE("rl") " END",
	    's', true, true},
	{"end_of_support", "rl.eos", 's', false, true},
	{"created", "d.created", 's', false, true},
	{"site", "d.site", 's', true, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec devices = {
	"FROM installed_device d LEFT JOIN device_release rl ON rl.rid = d.rid "
	"WHERE d.org = ?", device_cols,
	"COALESCE(d.name, '') || ' ' || COALESCE(d.serial, '') || ' ' || "
	"COALESCE(d.location, '')", "id", false,
	"FROM installed_device d WHERE d.org = ?", "d."
};

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
	json_t *o = srv_get_one(r, &releases, "rl.rid", srv_param_id(r, 0));

	return o == NULL ? -1 : srv_json(r, 200, o);
}

int
srv_release_name(struct req *r, int64_t id, char *model, size_t msz,
    char *release, size_t rsz)
{
	vigil_error err;
	void *st;
	int rc;

	if (id <= 0)
		return VIGIL_ENOTFOUND;
	if ((st = srv_db_prep(r->db, "SELECT model, release FROM "
	    "device_release WHERE rid = ? AND org = ?", &err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(r->db, st, "ii", id, r->who.org);
	if ((rc = srv_db_step(r->db, st, &err)) == 1) {
		snprintf(model, msz, "%s", srv_db_text(r->db, st, 0));
		snprintf(release, rsz, "%s", srv_db_text(r->db, st, 1));
	}
	srv_db_reset(r->db, st);
	return rc < 0 ? rc : rc == 1 ? 0 : VIGIL_ENOTFOUND;
}

/* The library's answer to a release write, as a problem. */
static int
release_problem(struct req *r, int rc, const vigil_error *err)
{
	if (rc == VIGIL_EEXISTS)
		return srv_problem(r, 409, "Conflict", "%s", err->msg);
	if (rc == VIGIL_EINVALID || rc == VIGIL_ETOOBIG)
		return srv_problem(r, 422, "Unprocessable Content", "%s",
		    err->msg);
	return srv_problem_err(r, rc, err);
}

/* Read the release fields of J into *REL (strings borrowed from J): -1
 * after a problem.  The library checks them (vigil_fleet_release_check). */
static int
release_fields(struct req *r, json_t *j, bool create, vigil_fleet_release *rel)
{
	const char *eogs, *stage, *manu;

	if (srv_field(r, j, "product", 200, create, &rel->model) < 0 ||
	    srv_field(r, j, "version", 100, create, &rel->release) < 0 ||
	    srv_field(r, j, "manufacturer", 200, false, &manu) < 0 ||
	    srv_field(r, j, "stage", 32, false, &stage) < 0 ||
	    srv_field_date(r, j, "released", &rel->released) < 0 ||
	    srv_field_date(r, j, "end_of_guaranteed_support", &eogs) < 0 ||
	    srv_field_date(r, j, "end_of_support", &rel->eos) < 0)
		return -1;
	if (manu != NULL)
		rel->manufacturer = manu;
	if (stage != NULL)
		rel->stage = stage;
	rel->eol = eogs;
	return 0;
}

/* The organisation's name: the manufacturer of releases created without
 * one. */
static void
org_name(struct req *r, char *out, size_t sz)
{
	vigil_error err;
	void *st;

	snprintf(out, sz, "unknown");
	if ((st = srv_db_prep(r->db, "SELECT name FROM srv_org WHERE id = ?",
	    &err)) == NULL)
		return;
	srv_db_bind(r->db, st, "i", r->who.org);
	if (srv_db_step(r->db, st, &err) == 1)
		snprintf(out, sz, "%s", srv_db_text(r->db, st, 0));
	srv_db_reset(r->db, st);
}

int
api_releases_create(struct req *r)
{
	vigil_fleet_release rel = VIGIL_FLEET_RELEASE_INIT;
	char loc[64], manu[256];
	vigil_error err;
	json_t *j, *o;
	int64_t id = 0;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	org_name(r, manu, sizeof(manu));
	rel.manufacturer = manu;
	if (release_fields(r, j, true, &rel) < 0) {
		json_decref(j);
		return -1;
	}
	vigil_error_clear(&err);
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto fail;
	if ((rc = vigil_fleet_release_put(srv_store(r->db, r->who.org), &rel,
	    false, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(j);
		return release_problem(r, rc, &err);
	}
	rc = srv_db_run(&id, r->db, &err, "SELECT rid FROM device_release "
	    "WHERE org = ? AND model = ? AND release = ?", "iss", r->who.org,
	    rel.model, rel.release);
	if (rc < 0 || (o = srv_get_one(r, &releases, "rl.rid", id)) == NULL) {
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

/* The stored release, as vigil_fleet_release_get() gives it, kept in a
 * JSON object (its strings live there). */
static int
keep_release(void *p, const vigil_fleet_release *rel)
{
	json_t *o = p;

	json_object_set_new(o, "manufacturer", json_string(rel->manufacturer));
	json_object_set_new(o, "udi_di", rel->udi_di ?
	    json_string(rel->udi_di) : json_null());
	json_object_set_new(o, "released", rel->released ?
	    json_string(rel->released) : json_null());
	json_object_set_new(o, "eol", rel->eol ? json_string(rel->eol) :
	    json_null());
	json_object_set_new(o, "eos", rel->eos ? json_string(rel->eos) :
	    json_null());
	json_object_set_new(o, "note", rel->note ? json_string(rel->note) :
	    json_null());
	json_object_set_new(o, "profile", rel->profile ?
	    json_string(rel->profile) : json_null());
	json_object_set_new(o, "contact", rel->contact ?
	    json_string(rel->contact) : json_null());
	json_object_set_new(o, "stage", rel->stage ? json_string(rel->stage) :
	    json_null());
	return 0;
}

static const char *
jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int
api_releases_update(struct req *r)
{
	vigil_fleet_release in = VIGIL_FLEET_RELEASE_INIT, rel =
	    VIGIL_FLEET_RELEASE_INIT;
	int64_t id = srv_param_id(r, 0);
	json_t *j, *before = NULL, *after = NULL, *cur = json_object();
	char model[1100], release[1100];
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((j = srv_body_json(r)) == NULL) {
		json_decref(cur);
		return -1;
	}
	if (release_fields(r, j, false, &in) < 0)
		goto bad;
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto dberr;
	if ((before = srv_get_one(r, &releases, "rl.rid", id)) == NULL ||
	    srv_release_name(r, id, model, sizeof(model), release,
	    sizeof(release)) < 0) {
		srv_db_rollback(r->db);
		goto bad;
	}
	if ((rc = vigil_fleet_release_get(srv_store(r->db, r->who.org), model,
	    release, keep_release, cur, &err)) < 0) {
		srv_db_rollback(r->db);
		goto dberr;
	}
	/* Only the members given change; "null" clears a date. */
	rel.model = model;
	rel.release = release;
	rel.manufacturer = in.manufacturer ? in.manufacturer :
	    jstr(cur, "manufacturer");
	rel.udi_di = jstr(cur, "udi_di");
	rel.note = jstr(cur, "note");
	rel.profile = jstr(cur, "profile");
	rel.contact = jstr(cur, "contact");
	rel.stage = in.stage ? in.stage : jstr(cur, "stage");
	rel.released = json_object_get(j, "released") ? in.released :
	    jstr(cur, "released");
	rel.eol = json_object_get(j, "end_of_guaranteed_support") ? in.eol :
	    jstr(cur, "eol");
	rel.eos = json_object_get(j, "end_of_support") ? in.eos :
	    jstr(cur, "eos");
	if ((rc = vigil_fleet_release_put(srv_store(r->db, r->who.org), &rel,
	    true, &err)) < 0) {
		srv_db_rollback(r->db);
		release_problem(r, rc, &err);
		goto bad;
	}
	if ((after = srv_get_one(r, &releases, "rl.rid", id)) == NULL ||
	    (rc = srv_audit_change(r, "release.update", "release", id,
	    before, after)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		goto dberr;
	}
	json_decref(before);
	json_decref(cur);
	json_decref(j);
	return srv_json(r, 200, after);
dberr:
	json_decref(before);
	json_decref(after);
	json_decref(cur);
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
bad:
	json_decref(before);
	json_decref(cur);
	json_decref(j);
	return -1;
}

int
api_devices_list(struct req *r)
{
	return srv_list(r, &devices, NULL, NULL, 0);
}

int
api_devices_get(struct req *r)
{
	json_t *o = srv_get_one(r, &devices, "d.did", srv_param_id(r, 0));

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
	if (srv_db_run(&x, r->db, &err, "SELECT rid FROM device_release WHERE "
	    "rid = ? AND org = ?", "ii", *rel, r->who.org) < 0)
		return srv_problem(r, 422, "Unprocessable Content", "no "
		    "release %lld in your organisation", (long long)*rel);
	return 0;
}

/* A serial is unique in an organisation (the CLI names devices by it). */
static int
serial_free(struct req *r, const char *serial, int64_t self)
{
	vigil_error err;
	int64_t x;

	if (serial == NULL)
		return 0;
	if (srv_db_run(&x, r->db, &err, "SELECT did FROM installed_device "
	    "WHERE org = ? AND serial = ? AND did <> ?", "isi", r->who.org,
	    serial, self) == 0)
		return srv_problem(r, 409, "Conflict", "a device with serial "
		    "%s exists", serial);
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
	if (serial_free(r, serial, 0) < 0) {
		srv_db_rollback(r->db);
		json_decref(j);
		return -1;
	}
	if ((rc = srv_db_run(&id, r->db, &err, "INSERT INTO installed_device "
	    "(org, name, serial, location, rid, controls, created) VALUES (?, "
	    "?, ?, ?, nullif(?, 0), 0, ?) RETURNING did", "isssis", r->who.org,
	    name, serial, location, rel, now)) < 0 ||
	    (o = srv_get_one(r, &devices, "d.did", id)) == NULL ||
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
	if ((before = srv_get_one(r, &devices, "d.did", id)) == NULL ||
	    serial_free(r, serial, id) < 0 ||
	    (rc = srv_db_run(NULL, r->db, &err, "UPDATE installed_device SET "
	    "name = coalesce(?, name), serial = coalesce(?, serial), location "
	    "= coalesce(?, location), rid = CASE WHEN ? = 1 THEN nullif(?, 0) "
	    "ELSE rid END WHERE did = ? AND org = ?", "sssiiii", name, serial,
	    location, (int64_t)given, rel, id, r->who.org)) < 0 ||
	    (after = srv_get_one(r, &devices, "d.did", id)) == NULL ||
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
	if ((before = srv_get_one(r, &devices, "d.did", id)) == NULL ||
	    (rc = srv_db_run(NULL, r->db, &err, "DELETE FROM installed_device "
	    "WHERE did = ? AND org = ?", "ii", id, r->who.org)) < 0 ||
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
	if ((rc = counts(r, stage, "SELECT CASE WHEN rl.rid IS NULL THEN "
	    "'unknown' ELSE " SRV_STAGE("rl") " END, count(*) FROM "
	    "installed_device d LEFT JOIN device_release rl ON rl.rid = d.rid "
	    "WHERE d.org = ? GROUP BY 1")) < 0 ||
	    (rc = counts(r, risk, "SELECT coalesce(f.risk, 'unknown'), "
	    "count(*) FROM " SRV_FINDINGS " GROUP BY 1")) < 0 ||
	    (rc = counts(r, sev, "SELECT f.severity, count(*) FROM "
	    SRV_FINDINGS " GROUP BY 1")) < 0 ||
	    (rc = counts(r, vex, "SELECT coalesce(v.status, "
	    "'under_investigation'), count(*) FROM fleet_finding f JOIN "
	    "device_release rl ON rl.rid = f.rid " SRV_VEX_JOIN "WHERE "
	    "rl.org = ? AND f.scan = rl.scans GROUP BY 1")) < 0 ||
	    (rc = counts(r, tot, "SELECT 'devices', count(*) FROM "
	    "installed_device WHERE org = ?1 UNION ALL SELECT 'releases', "
	    "count(*) FROM device_release WHERE org = ?1 UNION ALL SELECT "
	    "'sboms', count(*) FROM release_sbom s JOIN device_release rl ON "
	    "rl.rid = s.rid WHERE rl.org = ?1 UNION ALL SELECT 'findings', "
	    "count(*) FROM " SRV_FINDINGS " UNION ALL SELECT 'kev', "
	    "count(DISTINCT f.vuln) FROM " SRV_FINDINGS " AND f.kev = 1 "
	    "UNION ALL SELECT 'affected_devices', count(*) FROM "
	    "installed_device d WHERE d.org = ?1 AND d.rid IN (SELECT f.rid "
	    "FROM " SRV_FINDINGS ")")) < 0) {
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

	st = srv_db_prep(r->db, "SELECT o.name, rl.model, rl.release, "
	    SRV_STAGE("rl") ", rl.released, rl.eol, rl.eos FROM srv_org o "
	    "LEFT JOIN device_release rl ON rl.org = o.id AND "
	    SRV_STAGE("rl") " <> 'development' WHERE o.slug = ? ORDER BY "
	    "rl.model, rl.release", &err);
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
