/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBOMs: upload (any format vigil reads, detected from the content),
 * scanned before the answer against the store, kept whole with their
 * components and findings; history per release, download as uploaded,
 * components and the difference between two SBOMs.
 *
 * An upload is one transaction: the SBOM joins the release's history in
 * the store (vigil_fleet_sbom_attach_ex, the history `vigil release`
 * shows), the library scans it and records the findings where `vigil
 * fleet scan` does (vigil_fleet_scan_release_ex), the components' states
 * go to srv_component and the audit log gets the upload.  A crash before
 * the commit leaves the previous state; after it, everything is there.
 * A release's current findings are those of its latest scan.
 */
#include <stdio.h>
#include <string.h>

#include "server.h"

/* The model and version of release REL of ORG (for the library). */
static int
rel_name(struct dbh *h, int64_t org, int64_t rel, char *model, char *release,
    size_t sz, vigil_error *err)
{
	void *st;
	int rc;

	if ((st = srv_db_prep(h, "SELECT model, release FROM device_release "
	    "WHERE rid = ? AND org = ?", err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(h, st, "ii", rel, org);
	if ((rc = srv_db_step(h, st, err)) == 1) {
		snprintf(model, sz, "%s", srv_db_text(h, st, 0));
		snprintf(release, sz, "%s", srv_db_text(h, st, 1));
	}
	srv_db_reset(h, st);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : vigil__error(err, VIGIL_ENOTFOUND, "no release "
	    "%lld", (long long)rel);
}

struct scan {
	struct dbh *h;
	int64_t org;
	json_t *sum;		/* the scan's counts */
	vigil_error err;
};

/* The library's scan callback: every component's state (the dashboard's
 * component list and SBOM diff) and the counts of the answer. */
static int
on_scan(void *p, int64_t sbom, const vigil_match *m)
{
	struct scan *sc = p;
	const vigil_match_component *c;
	vigil_match_summary sum;
	size_t i;
	int rc;

	if ((rc = srv_db_run(NULL, sc->h, &sc->err, "DELETE FROM srv_component "
	    "WHERE sbom = ?", "i", sbom)) < 0)
		return rc;
	for (i = 0; i < vigil_match_component_count(m); i++) {
		c = vigil_match_component_at(m, i);
		if ((rc = srv_db_run(NULL, sc->h, &sc->err, "INSERT INTO "
		    "srv_component (sbom, seq, org, name, version, purl, cpe, "
		    "state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "iiissssss", sbom, (int64_t)i, sc->org, c->name, c->version,
		    c->purl, c->cpe, vigil_match_state_name(c->state),
		    vigil_match_reason_name(c->reason))) < 0)
			return rc;
	}
	vigil_match_get_summary(m, &sum);
	json_decref(sc->sum);
	sc->sum = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:f}", "components",
	    (json_int_t)sum.components, "affected", (json_int_t)sum.affected,
	    "not_affected", (json_int_t)sum.not_affected, "not_evaluated",
	    (json_int_t)sum.not_evaluated, "findings",
	    (json_int_t)sum.findings, "vulnerabilities",
	    (json_int_t)sum.vulns, "coverage", vigil_report_coverage(m));
	return sc->sum == NULL ? VIGIL_ENOMEM : 0;
}

/*
 * Scan the newest SBOM of release REL (model MODEL@RELEASE) through the
 * library (vigil_fleet_scan_release_ex: findings recorded where `vigil
 * fleet scan` records them) and log it, in the caller's transaction.
 */
static int
scan(json_t **sum, struct dbh *h, int64_t org, int64_t user, int64_t sbom,
    int64_t rel, const char *model, const char *release, const char *now,
    const char *action, vigil_error *err)
{
	struct scan sc;
	char obj[64], det[200];
	int rc;

	memset(&sc, 0, sizeof(sc));
	sc.h = h;
	sc.org = org;
	if ((rc = vigil_fleet_scan_release_ex(NULL, srv_store(h, org), model,
	    release, now, on_scan, &sc, err)) < 0) {
		if (sc.err.code != 0)
			*err = sc.err;
		json_decref(sc.sum);
		return rc;
	}
	snprintf(obj, sizeof(obj), "sbom/%lld", (long long)sbom);
	snprintf(det, sizeof(det), "{\"release_id\":%lld,\"components\":"
	    "%lld}", (long long)rel, sc.sum ? (long long)json_integer_value(
	    json_object_get(sc.sum, "components")) : 0LL);
	rc = srv_db_run(NULL, h, err, "INSERT INTO srv_audit (org, user_id, "
	    "at, action, object, before, after) VALUES (?, ?, ?, ?, ?, NULL, "
	    "?)", "iissss", org, user, now, action, obj, det);
	if (rc < 0 || sum == NULL)
		json_decref(sc.sum);
	else
		*sum = sc.sum;
	return rc;
}

int
srv_sbom_ingest(int64_t *sbom, json_t **summary, struct dbh *h, int64_t org,
    int64_t rel, int64_t user, const char *name, const char *body,
    size_t len, vigil_error *err)
{
	vigil_fleet_sbom_extra ex = {name, user, 0};
	char model[1100], release[1100], now[21];
	json_t *sum = NULL;
	void *st;
	int rc;

	if ((rc = rel_name(h, org, rel, model, release, sizeof(model),
	    err)) < 0)
		return rc;
	srv_now(now);
	if ((rc = srv_db_begin(h, err)) < 0)
		return rc;
	if ((rc = vigil_fleet_sbom_attach_ex(srv_store(h, org), model, release,
	    body, len, now, &ex, err)) < 0 ||
	    (rc = scan(&sum, h, org, user, ex.id, rel, model, release, now,
	    "sbom.upload", err)) < 0 ||
	    (rc = srv_db_commit(h, err)) < 0) {
		srv_db_rollback(h);
		json_decref(sum);
		return rc;
	}
	*sbom = ex.id;
	if (summary == NULL) {
		json_decref(sum);
		return 0;
	}
	json_object_set_new(sum, "id", json_integer(ex.id));
	json_object_set_new(sum, "release_id", json_integer(rel));
	if ((st = srv_db_prep(h, "SELECT format, sha256, snapshot FROM "
	    "release_sbom WHERE sid = ?", err)) != NULL) {
		srv_db_bind(h, st, "i", ex.id);
		if (srv_db_step(h, st, err) == 1) {
			const char *k[3] = {"format", "sha256", "snapshot"};
			int i;

			for (i = 0; i < 3; i++) {
				const char *t = srv_db_text(h, st, i);

				json_object_set_new(sum, k[i],
				    json_string(t ? t : ""));
			}
		}
		srv_db_reset(h, st);
	}
	*summary = sum;
	return 0;
}

int
srv_sbom_rescan(struct dbh *h, int64_t org, int64_t id, vigil_error *err)
{
	char model[1100], release[1100], now[21];
	int64_t rel = 0, user = 0;
	void *st;
	int rc;

	if ((st = srv_db_prep(h, "SELECT s.rid, s.user_id FROM release_sbom s "
	    "JOIN device_release rl ON rl.rid = s.rid WHERE s.sid = ? AND "
	    "rl.org = ?", err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(h, st, "ii", id, org);
	if ((rc = srv_db_step(h, st, err)) == 1) {
		rel = srv_db_int(h, st, 0);
		user = srv_db_int(h, st, 1);
	}
	srv_db_reset(h, st);
	if (rc != 1)
		return rc < 0 ? rc : vigil__error(err, VIGIL_ENOTFOUND, "no "
		    "SBOM %lld", (long long)id);
	if ((rc = rel_name(h, org, rel, model, release, sizeof(model),
	    err)) < 0)
		return rc;
	srv_now(now);
	if ((rc = srv_db_begin(h, err)) < 0)
		return rc;
	if ((rc = scan(NULL, h, org, user, id, rel, model, release, now,
	    "sbom.rescan", err)) < 0 || (rc = srv_db_commit(h, err)) < 0) {
		srv_db_rollback(h);
		return rc;
	}
	return 0;
}

static const struct listcol sbom_cols[] = {
	{"id", "s.sid", 'i', false, true},
	{"release_id", "s.rid", 'i', true, true},
	{"product", "rl.model", 's', false, true},
	{"version", "rl.release", 's', false, true},
	{"name", "s.name", 's', false, true},
	{"format", "s.format", 's', true, true},
	{"sha256", "s.sha256", 's', true, false},
	{"size", "s.size", 'i', false, true},
	{"components", "s.components", 'i', false, true},
	{"affected", "s.affected", 'i', false, true},
	{"not_evaluated", "s.not_evaluated", 'i', false, true},
	{"snapshot", "s.snapshot", 's', false, false},
	{"uploaded", "s.added", 's', false, true},
	{"scanned", "s.scanned", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec sboms = {
	"FROM release_sbom s JOIN device_release rl ON rl.rid = s.rid WHERE "
	"rl.org = ?", sbom_cols, "coalesce(s.name, '') || ' ' || rl.model",
	"id", true, NULL, NULL
};

int
api_sboms_list(struct req *r)
{
	return srv_list(r, &sboms, NULL, NULL, 0);
}

int
api_sboms_get(struct req *r)
{
	json_t *o = srv_get_one(r, &sboms, "s.sid", srv_param_id(r, 0));

	return o == NULL ? -1 : srv_json(r, 200, o);
}

int
api_sboms_upload(struct req *r)
{
	int64_t rel = srv_param_id(r, 0), x, id = 0;
	const char *name = srv_query(r, "name");
	vigil_error err;
	json_t *sum = NULL;
	int rc;

	vigil_error_clear(&err);
	if (srv_db_run(&x, r->db, &err, "SELECT rid FROM device_release WHERE "
	    "rid = ? AND org = ?", "ii", rel, r->who.org) < 0)
		return srv_problem(r, 404, "Not Found", "no release %s in your "
		    "organisation", r->params[0]);
	if (r->len == 0)
		return srv_problem(r, 400, "Bad Request", "the body is the "
		    "SBOM; it is empty");
	if (name != NULL && (strlen(name) > 200 || vgx_utf8_check(name,
	    strlen(name), NULL) < 0))
		return srv_problem(r, 400, "Bad Request", "name takes at most "
		    "200 bytes of UTF-8");
	rc = srv_sbom_ingest(&id, &sum, r->db, r->who.org, rel, r->who.user,
	    name, r->body, r->len, &err);
	if (rc < 0)
		return srv_problem_err(r, rc == VIGIL_EDB || rc == VIGIL_EIO ?
		    rc : rc == VIGIL_ENOMEM ? rc : rc == VIGIL_ETOOBIG ? rc :
		    rc == VIGIL_EUNSUPPORTED ? rc : VIGIL_EINVALID, &err);
	snprintf(r->location, sizeof(r->location), "/api/v1/sboms/%lld",
	    (long long)id);
	return srv_json(r, 201, sum);
}

int
api_sboms_download(struct req *r)
{
	int64_t id = srv_param_id(r, 0);
	vigil_error err;
	const char *b, *fmt;
	size_t len;
	void *st;
	int rc;

	if ((st = srv_db_prep(r->db, "SELECT s.content, s.format FROM "
	    "release_sbom s JOIN device_release rl ON rl.rid = s.rid WHERE "
	    "s.sid = ? AND rl.org = ?", &err)) == NULL)
		return srv_problem_err(r, VIGIL_EDB, &err);
	srv_db_bind(r->db, st, "ii", id, r->who.org);
	if ((rc = srv_db_step(r->db, st, &err)) != 1) {
		srv_db_reset(r->db, st);
		return rc < 0 ? srv_problem_err(r, rc, &err) :
		    srv_problem(r, 404, "Not Found", "no such SBOM in your "
		    "organisation");
	}
	b = r->db->be->column_text(st, 0, &len);
	fmt = srv_db_text(r->db, st, 1);
	vgx_buf_reset(&r->out);
	rc = vgx_buf_add(&r->out, b ? b : "", b ? len : 0);
	r->ctype = fmt != NULL && strstr(fmt, "xml") ? "application/xml" :
	    fmt != NULL && strstr(fmt, "json") ? "application/json" :
	    "text/plain; charset=utf-8";
	srv_db_reset(r->db, st);
	if (rc < 0)
		return srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
	r->status = 200;
	return 0;
}

static const struct listcol comp_cols[] = {
	{"seq", "c.seq", 'i', false, true},
	{"name", "c.name", 's', true, true},
	{"version", "c.version", 's', true, true},
	{"purl", "c.purl", 's', true, false},
	{"cpe", "c.cpe", 's', false, false},
	{"state", "c.state", 's', true, true},
	{"reason", "c.reason", 's', true, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec comps = {
	"FROM srv_component c WHERE c.org = ? AND c.sbom = ?", comp_cols,
	"coalesce(c.name, '') || ' ' || coalesce(c.purl, '')", "seq", false, NULL, NULL
};

#define SBOM_OF_ORG "SELECT s.sid FROM release_sbom s JOIN device_release " \
	"rl ON rl.rid = s.rid WHERE s.sid = ? AND rl.org = ?"

/* Components of A not in B (by name and version). */
static int
diff_side(struct req *r, json_t *into, int64_t a, int64_t b)
{
	vigil_error err;
	void *st;
	int rc;

	if ((st = srv_db_prep(r->db, "SELECT c.name, c.version, c.purl FROM "
	    "srv_component c WHERE c.org = ? AND c.sbom = ? AND NOT EXISTS "
	    "(SELECT 1 FROM srv_component d WHERE d.sbom = ? AND "
	    "coalesce(d.name, '') = coalesce(c.name, '') AND "
	    "coalesce(d.version, '') = coalesce(c.version, '')) ORDER BY "
	    "c.name, c.version LIMIT 10000", &err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(r->db, st, "iii", r->who.org, a, b);
	while ((rc = srv_db_step(r->db, st, &err)) == 1) {
		const char *n = srv_db_text(r->db, st, 0);
		const char *v = srv_db_text(r->db, st, 1);
		const char *p = srv_db_text(r->db, st, 2);

		json_array_append_new(into, json_pack("{s:s?,s:s?,s:s?}",
		    "name", n, "version", v, "purl", p));
	}
	srv_db_reset(r->db, st);
	return rc;
}

int
api_sboms_diff(struct req *r)
{
	int64_t id = srv_param_id(r, 0), other, x;
	const char *against = srv_query(r, "against");
	vigil_error err;
	json_t *added, *removed;
	char *end;

	if (srv_db_run(&x, r->db, &err, SBOM_OF_ORG, "ii", id, r->who.org) < 0)
		return srv_problem(r, 404, "Not Found", "no such SBOM in your "
		    "organisation");
	if (against == NULL)
		return srv_list(r, &comps, "i", NULL, id);
	other = strtoll(against, &end, 10);
	if (*against == '\0' || *end != '\0' || other <= 0 ||
	    srv_db_run(&x, r->db, &err, SBOM_OF_ORG, "ii", other, r->who.org) <
	    0)
		return srv_problem(r, 404, "Not Found", "no SBOM '%s' in your "
		    "organisation", against);
	added = json_array();
	removed = json_array();
	if (diff_side(r, added, id, other) < 0 || diff_side(r, removed, other,
	    id) < 0) {
		json_decref(added);
		json_decref(removed);
		return srv_problem(r, 500, "Internal Server Error", "cannot "
		    "compare");
	}
	return srv_json(r, 200, json_pack("{s:I,s:I,s:o,s:o}", "sbom",
	    (json_int_t)id, "against", (json_int_t)other, "added", added,
	    "removed", removed));
}

/* The lists' columns, for the OpenAPI document (router.c). */
const struct listspec *const srv_ls_sbom = &sboms;
const struct listspec *const srv_ls_component = &comps;
