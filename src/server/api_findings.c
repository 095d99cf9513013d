/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Findings and what is decided about them: the findings of each
 * release's latest SBOM with their VEX status and patient-harm risk,
 * "which devices are affected by this id (any alias) or contain this
 * component", VEX decisions (CISA minimum requirements: not_affected
 * needs a justification), per-release reports, and the advisories of the
 * store by any of their ids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define VEX_JOIN SRV_VEX_JOIN

static const struct listcol finding_cols[] = {
	{"id", "f.fid", 'i', false, true},
	{"release_id", "f.rid", 'i', true, true},
	{"product", "rl.model", 's', true, true},
	{"release_version", "rl.release", 's', false, true},
	{"vuln", "f.vuln", 's', true, true},
	/* stored space-separated (as `vigil fleet` shows them) */
	{"aliases", "'[\"' || replace(f.aliases, ' ', '\",\"') || '\"]'", 'j',
	    false, false},
	{"component", "COALESCE(f.cname, f.component)", 's', true, true},
	{"version", "f.cversion", 's', false, false},
	{"purl", "f.purl", 's', false, false},
	{"fixed", "f.fixed", 's', false, false},
	{"severity", "f.severity", 's', true, true},
	{"score", "CASE WHEN f.score >= 0 THEN f.score / 10.0 END", 'd', false,
	    true},
	{"kev", "f.kev", 'b', true, true},
	{"epss", "f.epss", 'd', false, true},
	{"harm", "f.harm", 's', true, true},
	{"risk", "f.risk", 's', true, true},
	/* 0: not assessed (no CVSS vector), as before */
	{"priority", "COALESCE(f.priority, 0)", 'i', true, true},
	{"vex_status", "coalesce(v.status, 'under_investigation')", 's', true,
	    true},
	{"justification", "v.justification", 's', false, false},
	{"vex_detail", "CASE WHEN v.status = 'affected' THEN v.action ELSE "
	    "v.impact END", 's', false, false},
	{"summary", "f.summary", 's', false, false},
	{NULL, NULL, 0, false, false}
};

static const struct listspec findings = {
	"FROM fleet_finding f JOIN device_release rl ON rl.rid = f.rid "
	VEX_JOIN "WHERE rl.org = ? AND f.scan = rl.scans", finding_cols,
	"f.vuln || ' ' || coalesce(f.component, '') || ' ' || f.aliases",
	"score", true, NULL, NULL
};

int
api_findings_list(struct req *r)
{
	return srv_list(r, &findings, NULL, NULL, 0);
}

int
api_findings_get(struct req *r)
{
	json_t *o = srv_get_one(r, &findings, "f.fid", srv_param_id(r, 0));

	return o == NULL ? -1 : srv_json(r, 200, o);
}

static const struct listcol affected_cols[] = {
	{"id", "d.did", 'i', false, true},
	{"name", "COALESCE(d.name, d.serial)", 's', true, true},
	{"serial", "d.serial", 's', false, true},
	{"location", "d.location", 's', true, true},
	{"release_id", "d.rid", 'i', true, true},
	{"product", "rl.model", 's', true, true},
	{"version", "rl.release", 's', false, true},
	{"stage", SRV_STAGE("rl"), 's', true, true},
	{NULL, NULL, 0, false, false}
};

/* Devices whose release has a finding with the id, unless VEX says the
 * release is not affected or fixed. */
static const struct listspec affected_by_id = {
	"FROM installed_device d JOIN device_release rl ON rl.rid = d.rid "
	"WHERE d.org = ? AND d.rid IN (SELECT f.rid FROM fleet_finding f JOIN "
	"device_release r2 ON r2.rid = f.rid AND f.scan = r2.scans "
	"WHERE (f.vuln = ?2 OR f.vuln IN (SELECT a.vuln FROM "
	"fleet_finding_alias a WHERE a.alias = ?2)) AND NOT EXISTS (SELECT 1 "
	"FROM vex_decisions v WHERE v.org = r2.org AND v.product = r2.purl AND "
	"v.vuln = f.vuln AND v.status IN ('not_affected', 'fixed') AND v.seq = "
	"(SELECT max(w.seq) FROM vex_decisions w WHERE w.org = v.org AND "
	"w.product = v.product AND w.vuln = v.vuln)))", affected_cols,
	"COALESCE(d.name, d.serial)", "id", false, NULL, NULL
};

/* Devices whose release's latest SBOM has a component of that name. */
static const struct listspec affected_by_comp = {
	"FROM installed_device d JOIN device_release rl ON rl.rid = d.rid "
	"WHERE d.org = ? AND d.rid IN (SELECT s.rid FROM srv_component c JOIN "
	"release_sbom s ON s.sid = c.sbom WHERE lower(c.name) = lower(?) AND "
	"s.seq = (SELECT max(s2.seq) FROM release_sbom s2 WHERE s2.rid = "
	"s.rid))", affected_cols, "COALESCE(d.name, d.serial)", "id", false,
	NULL, NULL
};

static bool
id_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!vgx_isalnum((unsigned char)s[i]) && strchr("-_.:",
		    s[i]) == NULL)
			return false;
	return i > 0 && i <= 100;
}

int
api_affected(struct req *r)
{
	const char *id = srv_query(r, "id"), *comp = srv_query(r, "component");

	if ((id == NULL) == (comp == NULL))
		return srv_problem(r, 400, "Bad Request", "give either id "
		    "(a CVE, GHSA, ... id) or component (a name)");
	if (id != NULL) {
		if (!id_ok(id))
			return srv_problem(r, 400, "Bad Request", "'%s' is not "
			    "a vulnerability id", id);
		return srv_list(r, &affected_by_id, "s", id, 0);
	}
	if (strlen(comp) > 200 || comp[0] == '\0')
		return srv_problem(r, 400, "Bad Request", "component takes 1 "
		    "to 200 bytes");
	return srv_list(r, &affected_by_comp, "s", comp, 0);
}

/* The current decision per release and vulnerability: the latest row of
 * vex_decisions (append-only, the history `vigil vex list` shows) about
 * the release's product. */
static const struct listcol vex_cols[] = {
	{"id", "v.seq", 'i', false, true},
	{"release_id", "rl.rid", 'i', true, true},
	{"product", "rl.model", 's', false, true},
	{"version", "rl.release", 's', false, true},
	{"vuln", "v.vuln", 's', true, true},
	{"status", "v.status", 's', true, true},
	{"justification", "v.justification", 's', false, false},
	{"detail", "CASE WHEN v.status = 'affected' THEN v.action ELSE "
	    "v.impact END", 's', false, false},
	{"user_id", "(SELECT u.id FROM srv_user u WHERE u.email = v.author)",
	    'i', false, false},
	{"at", "v.decided", 's', false, true},
	{"author", "v.author", 's', true, true},
	{"previous", "v.previous", 's', false, false},
	{"purl", "v.product", 's', false, false},
	{NULL, NULL, 0, false, false}
};

static const struct listspec vexes = {
	"FROM vex_decisions v JOIN device_release rl ON rl.org = v.org AND "
	"rl.purl = v.product WHERE v.org = ? AND v.seq = (SELECT max(w.seq) "
	"FROM vex_decisions w WHERE w.org = v.org AND w.product = v.product "
	"AND w.vuln = v.vuln)", vex_cols, "v.vuln || ' ' || "
	"coalesce(v.impact, '') || ' ' || coalesce(v.action, '')", "at", true,
	NULL, NULL
};

int
api_vex_list(struct req *r)
{
	return srv_list(r, &vexes, NULL, NULL, 0);
}

static const char *const vex_status[] = {
	"not_affected", "affected", "fixed", "under_investigation", NULL
};
/* CISA, "Minimum Requirements for VEX" (2023), §status justifications. */
static const char *const vex_just[] = {
	"component_not_present", "vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist", NULL
};

static bool
in_list(const char *s, const char *const *l)
{
	for (; *l != NULL; l++)
		if (strcmp(s, *l) == 0)
			return true;
	return false;
}

/* The VEX product of release REL (its purl), filled for a release stored
 * before store migration 5; into OUT (SZ bytes). */
static int
vex_product(struct req *r, int64_t rel, const char *model,
    const char *release, char *out, size_t sz, vigil_error *err)
{
	vigil_life_info *info = NULL;
	const char *p;
	void *st;
	int rc;

	out[0] = '\0';
	if ((st = srv_db_prep(r->db, "SELECT purl FROM device_release WHERE "
	    "rid = ?", err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(r->db, st, "i", rel);
	if ((rc = srv_db_step(r->db, st, err)) == 1 && srv_db_text(r->db, st,
	    0) != NULL)
		snprintf(out, sz, "%s", srv_db_text(r->db, st, 0));
	srv_db_reset(r->db, st);
	if (rc < 0 || out[0] != '\0')
		return rc < 0 ? rc : 0;
	if ((rc = vigil_life_info_load(&info, srv_store(r->db, r->who.org),
	    model, release, err)) < 0)
		return rc;
	if ((p = vigil_life_info_vex_product(info)) != NULL) {
		snprintf(out, sz, "%s", p);
		rc = srv_db_run(NULL, r->db, err, "UPDATE device_release SET "
		    "purl = ? WHERE rid = ?", "si", p, rel);
	}
	vigil_life_info_free(info);
	return rc;
}

int
api_vex_set(struct req *r)
{
	vigil_vex_decision d = VIGIL_VEX_DECISION_INIT;
	const char *status, *just, *detail, *vuln = r->params[1];
	int64_t rel = srv_param_id(r, 0), vid = 0, prev = 0;
	char primary[128], model[1100], release[1100], purl[2100];
	json_t *j, *before = NULL, *after;
	vigil_error err;
	void *st;
	int rc;

	vigil_error_clear(&err);
	if (!id_ok(vuln))
		return srv_problem(r, 400, "Bad Request", "'%s' is not a "
		    "vulnerability id", vuln);
	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "status", 32, true, &status) < 0 ||
	    srv_field(r, j, "justification", 64, false, &just) < 0 ||
	    srv_field(r, j, "detail", 4000, false, &detail) < 0)
		goto bad;
	if (!in_list(status, vex_status)) {
		srv_problem(r, 422, "Unprocessable Content", "status takes "
		    "not_affected, affected, fixed or under_investigation");
		goto bad;
	}
	if (just != NULL && !in_list(just, vex_just)) {
		srv_problem(r, 422, "Unprocessable Content", "unknown "
		    "justification '%s'", just);
		goto bad;
	}
	if (detail != NULL && detail[0] == '\0')
		detail = NULL;
	if (srv_release_name(r, rel, model, sizeof(model), release,
	    sizeof(release)) < 0) {
		srv_problem(r, 404, "Not Found", "no release %s in your "
		    "organisation", r->params[0]);
		goto bad;
	}
	/* An alias of a finding's vulnerability names that vulnerability. */
	snprintf(primary, sizeof(primary), "%s", vuln);
	if ((st = srv_db_prep(r->db, "SELECT f.vuln FROM fleet_finding f "
	    "WHERE f.rid = ?1 AND (f.vuln = ?2 OR f.vuln IN (SELECT a.vuln FROM "
	    "fleet_finding_alias a WHERE a.alias = ?2)) ORDER BY f.vuln LIMIT "
	    "1", &err)) != NULL) {
		srv_db_bind(r->db, st, "is", rel, vuln);
		if (srv_db_step(r->db, st, &err) == 1)
			snprintf(primary, sizeof(primary), "%s",
			    srv_db_text(r->db, st, 0));
		srv_db_reset(r->db, st);
	}
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto dberr;
	if ((rc = vex_product(r, rel, model, release, purl, sizeof(purl),
	    &err)) < 0 || purl[0] == '\0') {
		srv_db_rollback(r->db);
		if (rc == 0)
			rc = vigil__error(&err, VIGIL_EINVALID, "the release "
			    "has no product purl");
		goto dberr;
	}
	if (srv_db_run(&prev, r->db, &err, "SELECT max(seq) FROM "
	    "vex_decisions WHERE org = ? AND product = ? AND vuln = ?", "iss",
	    r->who.org, purl, primary) == 0 && prev > 0)
		before = srv_get_one(r, &vexes, "v.seq", prev);
	/* The library records it (CISA minimum rules) where `vigil vex`
	 * reads; the detail is the impact statement, or the action
	 * statement of an affected status. */
	d.product = purl;
	d.vuln = primary;
	d.status = vigil_vex_status_parse(status);
	d.justification = just != NULL ? vigil_vex_justification_parse(just) :
	    VIGIL_VEX_JUST_NONE;
	if (d.status == VIGIL_VEX_AFFECTED)
		d.action = detail;
	else
		d.impact = detail;
	d.author = r->who.email;
	if ((rc = vigil_vex_decide(srv_store(r->db, r->who.org), &d,
	    &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(before);
		json_decref(j);
		if (rc == VIGIL_EINVALID)
			return srv_problem(r, 422, "Unprocessable Content", "%s",
			    err.msg);
		return srv_problem_err(r, rc, &err);
	}
	if ((rc = srv_db_run(&vid, r->db, &err, "SELECT max(seq) FROM "
	    "vex_decisions WHERE org = ? AND product = ? AND vuln = ?", "iss",
	    r->who.org, purl, primary)) < 0 || (after = srv_get_one(r, &vexes,
	    "v.seq", vid)) == NULL) {
		srv_db_rollback(r->db);
		json_decref(before);
		goto dberr;
	}
	if ((rc = srv_audit_change(r, "vex.set", "vex", vid, before, after)) <
	    0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(before);
		json_decref(after);
		goto dberr;
	}
	json_decref(before);
	json_decref(j);
	return srv_json(r, 200, after);
dberr:
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
bad:
	json_decref(j);
	return -1;
}

static void
csv_field(vgx_buf *b, const char *s, bool last)
{
	(void)vgx_buf_addc(b, '"');
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"')
			(void)vgx_buf_addc(b, '"');
		(void)vgx_buf_addc(b, *s);
	}
	(void)vgx_buf_adds(b, last ? "\"\r\n" : "\",");
}

int
api_report(struct req *r)
{
	static const char *const csvcols[] = {
		"vuln", "component", "version", "fixed", "severity", "risk",
		"harm", "vex_status", "justification"
	};
	int64_t rel = srv_param_id(r, 0);
	const char *fmt = srv_query(r, "format");
	json_t *release, *items, *o;
	vgx_buf sql;
	vigil_error err;
	void *st;
	size_t i, k;
	int rc;

	if (fmt != NULL && strcmp(fmt, "json") != 0 && strcmp(fmt, "csv") != 0)
		return srv_problem(r, 400, "Bad Request", "format takes json "
		    "or csv");
	st = NULL;
	{
		static const struct listcol rc_cols[] = {
			{"id", "rl.rid", 'i', false, false},
			{"product", "rl.model", 's', false, false},
			{"version", "rl.release", 's', false, false},
			{"stage", SRV_STAGE("rl"), 's', false, false},
			{"end_of_support", "rl.eos", 's', false, false},
			{NULL, NULL, 0, false, false}
		};
		static const struct listspec rl = {
			"FROM device_release rl WHERE rl.org = ?", rc_cols,
			NULL,
			"id", false, NULL, NULL
		};

		if ((release = srv_get_one(r, &rl, "rl.rid", rel)) == NULL)
			return -1;
	}
	vgx_buf_init(&sql, 16384);
	(void)vgx_buf_adds(&sql, "SELECT ");
	for (i = 0; finding_cols[i].name != NULL; i++)
		(void)vgx_buf_printf(&sql, "%s%s", i ? ", " : "",
		    finding_cols[i].expr);
	(void)vgx_buf_printf(&sql, " %s AND f.rid = ? ORDER BY "
	    "COALESCE(f.priority, 0), f.score DESC, f.fid", findings.from);
	st = srv_db_prep(r->db, vgx_buf_cstr(&sql), &err);
	vgx_buf_dispose(&sql);
	if (st == NULL) {
		json_decref(release);
		return srv_problem_err(r, VIGIL_EDB, &err);
	}
	srv_db_bind(r->db, st, "ii", r->who.org, rel);
	items = json_array();
	while ((rc = srv_db_step(r->db, st, &err)) == 1)
		json_array_append_new(items, srv_row_json(r->db, st,
		    finding_cols));
	srv_db_reset(r->db, st);
	if (rc < 0) {
		json_decref(items);
		json_decref(release);
		return srv_problem_err(r, rc, &err);
	}
	if (fmt != NULL && strcmp(fmt, "csv") == 0) {
		vgx_buf_reset(&r->out);
		for (k = 0; k < VGX_ARRAY_SIZE(csvcols); k++)
			csv_field(&r->out, csvcols[k], k + 1 ==
			    VGX_ARRAY_SIZE(csvcols));
		json_array_foreach(items, i, o) {
			for (k = 0; k < VGX_ARRAY_SIZE(csvcols); k++) {
				json_t *v = json_object_get(o, csvcols[k]);

				csv_field(&r->out, json_is_string(v) ?
				    json_string_value(v) : "", k + 1 ==
				    VGX_ARRAY_SIZE(csvcols));
			}
		}
		json_decref(items);
		json_decref(release);
		r->status = 200;
		r->ctype = "text/csv; charset=utf-8";
		return 0;
	}
	return srv_json(r, 200, json_pack("{s:o,s:I,s:o}", "release", release,
	    "findings_count", (json_int_t)json_array_size(items), "findings",
	    items));
}

int
api_vuln_get(struct req *r)
{
	const char *id = r->params[0];
	json_t *rec, *rels;
	vigil_error err;
	char *out = NULL;
	void *st;
	int rc;

	if (!id_ok(id))
		return srv_problem(r, 400, "Bad Request", "'%s' is not a "
		    "vulnerability id", id);
	vigil_error_clear(&err);
	if ((rc = vigil_store_show(&out, r->db->store, id, VIGIL_STORE_JSON,
	    &err)) < 0)
		return srv_problem_err(r, rc, &err);
	rec = json_loads(out, 0, NULL);
	vigil_store_string_free(out);
	if (rec == NULL)
		return srv_problem(r, 500, "Internal Server Error", "the store "
		    "gave invalid JSON");
	/* Which of the caller's releases it touches. */
	rels = json_array();
	if ((st = srv_db_prep(r->db, "SELECT DISTINCT f.rid, "
	    "coalesce(v.status, 'under_investigation') FROM fleet_finding f "
	    "JOIN device_release rl ON rl.rid = f.rid " VEX_JOIN "WHERE "
	    "rl.org = ?1 AND f.scan = rl.scans AND (f.vuln = ?2 OR "
	    "f.vuln IN (SELECT a.vuln FROM fleet_finding_alias a WHERE a.alias "
	    "= ?2)) ORDER BY 1", &err)) != NULL) {
		srv_db_bind(r->db, st, "is", r->who.org, id);
		while (srv_db_step(r->db, st, &err) == 1)
			json_array_append_new(rels, json_pack("{s:I,s:s}",
			    "release_id", (json_int_t)srv_db_int(r->db, st, 0),
			    "vex_status", srv_db_text(r->db, st, 1)));
		srv_db_reset(r->db, st);
	}
	return srv_json(r, 200, json_pack("{s:o,s:o}", "advisory", rec,
	    "releases", rels));
}

int
api_store_status(struct req *r)
{
	vigil_store_status s;
	vigil_error err;
	int rc;

	if ((rc = vigil_store_status_get(&s, r->db->store, &err)) < 0)
		return srv_problem_err(r, rc, &err);
	return srv_json(r, 200, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s,"
	    "s:{s:s,s:s,s:s,s:s},s:s,s:s,s:i}", "snapshot", s.snapshot,
	    "vulnerabilities", (json_int_t)s.vulnerabilities, "osv",
	    (json_int_t)s.osv, "nvd", (json_int_t)s.nvd, "kev",
	    (json_int_t)s.kev, "epss", (json_int_t)s.epss, "imports",
	    (json_int_t)s.imports, "last_update", s.last_update,
	    "last_import", "osv", s.last_import[0], "nvd", s.last_import[1],
	    "kev", s.last_import[2], "epss", s.last_import[3], "epss_model",
	    s.epss_model, "kev_version", s.kev_version, "schema",
	    (int)s.schema));
}

/* The lists' columns, for the OpenAPI document (router.c). */
const struct listspec *const srv_ls_finding = &findings;
const struct listspec *const srv_ls_affected = &affected_by_id;
const struct listspec *const srv_ls_vex = &vexes;
