/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBOMs: upload (any format vigil reads, detected from the content),
 * scanned before the answer against the store, kept whole with their
 * components and findings; history per release, download as uploaded,
 * components and the difference between two SBOMs.
 *
 * An upload is one transaction: the SBOM row, its components, and the
 * release's findings replaced by the new ones.  A crash before the commit
 * leaves the previous state; after it, everything is there.  A release's
 * findings are those of its latest SBOM.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "server.h"

struct ingest {
	vigil_match *m;
	vigil_error err;
	int rc;
};

static int
on_component(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	struct ingest *in = ctx;

	(void)doc;
	if (c->subject)
		return 0;
	if ((in->rc = vigil_match_add(in->m, c, &in->err)) < 0)
		return in->rc;
	return 0;
}

static const char *
sev_name(const vigil_match_vuln *v)
{
	static const char *const n[] = {
		"none", "low", "medium", "high", "critical"
	};

	if (!v->has_cvss || (unsigned)v->severity >= 5)
		return "unknown";
	return n[v->severity];
}

/* Insert the findings of M for the SBOM. */
static int
store_findings(struct dbh *h, const vigil_match *m, int64_t org,
    int64_t rel, int64_t sbom, vigil_error *err)
{
	const vigil_match_finding *f;
	const vigil_match_vuln *v;
	const vigil_match_component *c;
	vigil_risk_input ri = VIGIL_RISK_INPUT_INIT;
	vigil_risk_result rr;
	vgx_buf aliases;
	const char *vec[1];
	int64_t fid;
	size_t i, k;
	int rc, prio;
	const char *harm, *risk;

	vgx_buf_init(&aliases, (size_t)1 << 20);
	for (i = 0; i < vigil_match_finding_count(m); i++) {
		f = vigil_match_finding_at(m, i);
		if (!f->confirmed)
			continue;
		v = vigil_match_vuln_at(m, f->vuln);
		c = vigil_match_component_at(m, f->component);
		harm = risk = NULL;
		prio = 0;
		if (v->has_cvss && v->cvss_vector != NULL) {
			vec[0] = v->cvss_vector;
			ri.cvss = vec;
			ri.ncvss = 1;
			ri.kev = v->kev;
			ri.epss = v->has_epss ? v->epss : -1.0;
			ri.epss_percentile = v->has_epss ? v->epss_percentile :
			    -1.0;
			if (vigil_risk_assess(&rr, &ri, NULL) == 0) {
				harm = vigil_harm_name(rr.harm);
				risk = vigil_risk_level_name(rr.level);
				prio = rr.priority;
			}
		}
		vgx_buf_reset(&aliases);
		(void)vgx_buf_addc(&aliases, '[');
		for (k = 0; k < v->naliases; k++)
			(void)vgx_buf_printf(&aliases, "%s\"%s\"", k ? "," : "",
			    v->aliases[k]);
		if (vgx_buf_addc(&aliases, ']') < 0) {
			vgx_buf_dispose(&aliases);
			return vigil__error_oom(err);
		}
		rc = srv_db_run(&fid, h, err, "INSERT INTO srv_finding (org, "
		    "release_id, sbom, vuln, aliases, component, version, purl, "
		    "fixed, severity, score, kev, epss, harm, risk, priority, "
		    "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?) RETURNING id", "iiisssssssdidssis", org, rel,
		    sbom, v->id, vgx_buf_cstr(&aliases), c->name, c->version,
		    c->purl, f->fixed, sev_name(v), v->has_cvss ? v->score /
		    10.0 : -1.0, (int64_t)v->kev, v->has_epss ? v->epss : -1.0,
		    harm, risk, (int64_t)prio, v->summary);
		for (k = 0; rc == 0 && k < v->naliases; k++)
			rc = srv_db_run(NULL, h, err, "INSERT INTO "
			    "srv_finding_id (finding, id) VALUES (?, ?) ON "
			    "CONFLICT DO NOTHING", "is", fid, v->aliases[k]);
		if (rc < 0) {
			vgx_buf_dispose(&aliases);
			return rc;
		}
	}
	vgx_buf_dispose(&aliases);
	/* Unknown scores are stored as NULL. */
	return srv_db_run(NULL, h, err, "UPDATE srv_finding SET score = NULL "
	    "WHERE sbom = ? AND score < 0", "i", sbom) < 0 ? VIGIL_EDB :
	    srv_db_run(NULL, h, err, "UPDATE srv_finding SET epss = NULL "
	    "WHERE sbom = ? AND epss < 0", "i", sbom);
}

static int
store_components(struct dbh *h, const vigil_match *m, int64_t org,
    int64_t sbom, vigil_error *err)
{
	const vigil_match_component *c;
	size_t i;
	int rc;

	for (i = 0; i < vigil_match_component_count(m); i++) {
		c = vigil_match_component_at(m, i);
		if ((rc = srv_db_run(NULL, h, err, "INSERT INTO srv_component "
		    "(sbom, seq, org, name, version, purl, cpe, state, reason) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iiissssss", sbom,
		    (int64_t)i, org, c->name, c->version, c->purl, c->cpe,
		    vigil_match_state_name(c->state),
		    vigil_match_reason_name(c->reason))) < 0)
			return rc;
	}
	return 0;
}

/* Scan BODY; with EXISTING > 0 replace that SBOM's scan, else add one. */
static int
ingest(int64_t *sbom, json_t **summary, struct dbh *h, int64_t org,
    int64_t rel, int64_t user, const char *name, const char *body,
    size_t len, int64_t existing, vigil_error *err)
{
	vigil_sbom_opts so = VIGIL_SBOM_OPTS_INIT;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[65], now[21], *snap = NULL;
	vigil_match_summary sum;
	struct ingest in;
	vigil_sbom *doc = NULL;
	const char *fmt;
	int64_t id = existing, latest = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	if ((rc = vigil_match_new(&in.m, h->store, NULL, err)) < 0)
		return rc;
	so.flags = VIGIL_SBOM_NOKEEP;
	so.max_bytes = len;
	so.max_depth = 64;
	so.max_components = 1000000;
	so.on_component = on_component;
	so.ctx = &in;
	if ((rc = vigil_sbom_read_mem(&doc, body, len, &so, err)) < 0) {
		if (in.rc < 0) {
			rc = in.rc;
			*err = in.err;
		}
		goto done;
	}
	if ((rc = vigil_match_run(in.m, err)) < 0)
		goto done;
	vigil_match_get_summary(in.m, &sum);
	crypto_hash_sha256(digest, (const unsigned char *)body, len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	fmt = vigil_sbom_format_name(vigil_sbom_get_meta(doc)->format);
	(void)vigil_store_meta_get(&snap, h->store, "snapshot", NULL);
	srv_now(now);
	if ((rc = srv_db_begin(h, err)) < 0)
		goto done;
	if (existing > 0) {
		rc = srv_db_run(NULL, h, err, "UPDATE srv_sbom SET components "
		    "= ?, affected = ?, not_evaluated = ?, snapshot = ?, "
		    "scanned = ? WHERE id = ?", "iiissi",
		    (int64_t)sum.components, (int64_t)sum.affected,
		    (int64_t)sum.not_evaluated, snap ? snap : "", now, id);
		if (rc == 0)
			rc = srv_db_run(NULL, h, err, "DELETE FROM "
			    "srv_component WHERE sbom = ?", "i", id);
	} else {
		rc = srv_db_run(&id, h, err, "INSERT INTO srv_sbom (org, "
		    "release_id, name, format, sha256, size, components, "
		    "affected, not_evaluated, snapshot, uploaded, scanned, "
		    "user_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?) RETURNING id", "iisssiiiisssis", org, rel, name, fmt,
		    hex, (int64_t)len, (int64_t)sum.components,
		    (int64_t)sum.affected, (int64_t)sum.not_evaluated,
		    snap ? snap : "", now, now, user, "");
		/* The body goes in as a blob (the text binder above stored
		 * an empty placeholder). */
		if (rc == 0) {
			void *st = srv_db_prep(h, "UPDATE srv_sbom SET body = ? "
			    "WHERE id = ?", err);

			if (st == NULL)
				rc = VIGIL_EDB;
			else {
				h->be->bind_blob(st, 1, body, len);
				h->be->bind_int64(st, 2, id);
				rc = h->be->step(st, err);
				h->be->reset(st);
				rc = rc < 0 ? rc : 0;
			}
		}
	}
	if (rc == 0)
		rc = store_components(h, in.m, org, id, err);
	/* Findings belong to the release's latest SBOM only. */
	if (rc == 0)
		rc = srv_db_run(&latest, h, err, "SELECT max(id) FROM srv_sbom "
		    "WHERE release_id = ?", "i", rel);
	if (rc == 0 && latest == id) {
		rc = srv_db_run(NULL, h, err, "DELETE FROM srv_finding WHERE "
		    "release_id = ?", "i", rel);
		if (rc == 0)
			rc = store_findings(h, in.m, org, rel, id, err);
	}
	if (rc == 0) {
		char obj[64], det[160];

		snprintf(obj, sizeof(obj), "sbom/%lld", (long long)id);
		snprintf(det, sizeof(det), "{\"release_id\":%lld,\"sha256\":"
		    "\"%s\",\"components\":%zu}", (long long)rel, hex,
		    sum.components);
		rc = srv_db_run(NULL, h, err, "INSERT INTO srv_audit (org, "
		    "user_id, at, action, object, before, after) VALUES (?, ?, "
		    "?, ?, ?, NULL, ?)", "iissss", org, user, now, existing ?
		    "sbom.rescan" : "sbom.upload", obj, det);
	}
	if (rc < 0 || (rc = srv_db_commit(h, err)) < 0) {
		srv_db_rollback(h);
		goto done;
	}
	*sbom = id;
	if (summary != NULL)
		*summary = json_pack("{s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,"
		    "s:I,s:f,s:s}", "id", (json_int_t)id, "release_id",
		    (json_int_t)rel, "format", fmt, "sha256", hex,
		    "components", (json_int_t)sum.components, "affected",
		    (json_int_t)sum.affected, "not_affected",
		    (json_int_t)sum.not_affected, "not_evaluated",
		    (json_int_t)sum.not_evaluated, "findings",
		    (json_int_t)sum.findings, "vulnerabilities",
		    (json_int_t)sum.vulns, "coverage",
		    vigil_report_coverage(in.m), "snapshot", snap ? snap : "");
done:
	vigil_store_string_free(snap);
	vigil_sbom_free(doc);
	vigil_match_free(in.m);
	return rc;
}

int
srv_sbom_ingest(int64_t *sbom, json_t **summary, struct dbh *h, int64_t org,
    int64_t rel, int64_t user, const char *name, const char *body,
    size_t len, vigil_error *err)
{
	return ingest(sbom, summary, h, org, rel, user, name, body, len, 0,
	    err);
}

int
srv_sbom_rescan(struct dbh *h, int64_t org, int64_t id, vigil_error *err)
{
	const char *b;
	char *body = NULL;
	int64_t rel, user, out;
	size_t len;
	void *st;
	int rc;

	if ((st = srv_db_prep(h, "SELECT release_id, user_id, body FROM "
	    "srv_sbom WHERE id = ? AND org = ?", err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(h, st, "ii", id, org);
	if ((rc = srv_db_step(h, st, err)) != 1) {
		srv_db_reset(h, st);
		return rc < 0 ? rc : vigil__error(err, VIGIL_ENOTFOUND, "no "
		    "SBOM %lld", (long long)id);
	}
	rel = srv_db_int(h, st, 0);
	user = srv_db_int(h, st, 1);
	b = h->be->column_blob(st, 2, &len);
	if (b != NULL && (body = vgx_malloc(len + 1)) != NULL) {
		memcpy(body, b, len);
		body[len] = '\0';
	}
	srv_db_reset(h, st);
	if (body == NULL)
		return vigil__error_oom(err);
	rc = ingest(&out, NULL, h, org, rel, user, NULL, body, len, id, err);
	vgx_free(body);
	return rc;
}

static const struct listcol sbom_cols[] = {
	{"id", "s.id", 'i', false, true},
	{"release_id", "s.release_id", 'i', true, true},
	{"product", "rl.product", 's', false, true},
	{"version", "rl.version", 's', false, true},
	{"name", "s.name", 's', false, true},
	{"format", "s.format", 's', true, true},
	{"sha256", "s.sha256", 's', true, false},
	{"size", "s.size", 'i', false, true},
	{"components", "s.components", 'i', false, true},
	{"affected", "s.affected", 'i', false, true},
	{"not_evaluated", "s.not_evaluated", 'i', false, true},
	{"snapshot", "s.snapshot", 's', false, false},
	{"uploaded", "s.uploaded", 's', false, true},
	{"scanned", "s.scanned", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec sboms = {
	"FROM srv_sbom s JOIN srv_release rl ON rl.id = s.release_id WHERE "
	"s.org = ?", sbom_cols, "coalesce(s.name, '') || ' ' || rl.product",
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
	json_t *o = srv_get_one(r, &sboms, "s.id", srv_param_id(r, 0));

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
	if (srv_db_run(&x, r->db, &err, "SELECT id FROM srv_release WHERE id "
	    "= ? AND org = ?", "ii", rel, r->who.org) < 0)
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

	if ((st = srv_db_prep(r->db, "SELECT body, format FROM srv_sbom WHERE "
	    "id = ? AND org = ?", &err)) == NULL)
		return srv_problem_err(r, VIGIL_EDB, &err);
	srv_db_bind(r->db, st, "ii", id, r->who.org);
	if ((rc = srv_db_step(r->db, st, &err)) != 1) {
		srv_db_reset(r->db, st);
		return rc < 0 ? srv_problem_err(r, rc, &err) :
		    srv_problem(r, 404, "Not Found", "no such SBOM in your "
		    "organisation");
	}
	b = r->db->be->column_blob(st, 0, &len);
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

	if (srv_db_run(&x, r->db, &err, "SELECT id FROM srv_sbom WHERE id = ? "
	    "AND org = ?", "ii", id, r->who.org) < 0)
		return srv_problem(r, 404, "Not Found", "no such SBOM in your "
		    "organisation");
	if (against == NULL)
		return srv_list(r, &comps, "i", NULL, id);
	other = strtoll(against, &end, 10);
	if (*against == '\0' || *end != '\0' || other <= 0 ||
	    srv_db_run(&x, r->db, &err, "SELECT id FROM srv_sbom WHERE id = ? "
	    "AND org = ?", "ii", other, r->who.org) < 0)
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
