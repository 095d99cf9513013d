/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's database: a pool of handles on the store (a SQLite file or
 * a postgresql:// URL), opened through the public backend table
 * (vigil/sys/store_backend.h) so the server speaks the same portable SQL
 * as the store on either engine (transactions through the backend's
 * begin/commit, migrations through its exec_schema), and the server's own
 * tables, kept under their own schema version (srv_meta) beside the
 * store's migrations: organisations, users, API tokens (hashes only),
 * sessions, the append-only audit log, the scan state of each SBOM's
 * components and background jobs.  Releases, devices, SBOMs, findings and
 * VEX decisions live in the store's inventory (store migration 5), the
 * same tables the CLI uses, each row with its organisation; server
 * migration 2 moved the rows of the server's former tables there.
 *
 * Each handle is one read-write vigil_store: the server's statements run
 * on its connection (vigil_store_backend_handle), so a library call
 * (vigil_fleet_*, vigil_vex_decide) and the server's audit record share
 * one transaction.
 *
 * Each handle keeps its prepared statements, keyed by SQL text, so a
 * request prepares nothing in the steady state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

static const char srv_m1[] =
    "CREATE TABLE srv_org (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\tname TEXT NOT NULL UNIQUE,\n"
    "\tslug TEXT NOT NULL UNIQUE,\n"
    "\tcreated TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE srv_user (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL REFERENCES srv_org (id),\n"
    "\temail TEXT NOT NULL UNIQUE,\n"
    "\trole TEXT NOT NULL,\n"
    "\tpwhash TEXT,\n"
    "\tdisabled INTEGER NOT NULL DEFAULT 0,\n"
    "\tcreated TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE srv_token (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\tuser_id BIGINT NOT NULL REFERENCES srv_user (id),\n"
    "\tname TEXT NOT NULL,\n"
    "\thash TEXT NOT NULL UNIQUE,\n"
    "\tcreated TEXT NOT NULL,\n"
    "\trevoked INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE srv_session (\n"
    "\thash TEXT PRIMARY KEY,\n"
    "\tuser_id BIGINT NOT NULL REFERENCES srv_user (id),\n"
    "\tcsrf TEXT NOT NULL,\n"
    "\texpires BIGINT NOT NULL\n"
    ");\n"
    "CREATE TABLE srv_audit (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL,\n"
    "\tuser_id BIGINT NOT NULL,\n"
    "\tat TEXT NOT NULL,\n"
    "\taction TEXT NOT NULL,\n"
    "\tobject TEXT NOT NULL,\n"
    "\tbefore TEXT,\n"
    "\tafter TEXT\n"
    ");\n"
    "CREATE INDEX srv_audit_org ON srv_audit (org, id);\n"
    "CREATE TRIGGER srv_audit_no_update BEFORE UPDATE ON srv_audit\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
    "CREATE TRIGGER srv_audit_no_delete BEFORE DELETE ON srv_audit\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
    "CREATE TABLE srv_release (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL REFERENCES srv_org (id),\n"
    "\tproduct TEXT NOT NULL,\n"
    "\tversion TEXT NOT NULL,\n"
    "\tstage TEXT NOT NULL,\n"
    "\treleased TEXT,\n"
    "\teogs TEXT,\n"
    "\teos TEXT,\n"
    "\tcreated TEXT NOT NULL,\n"
    "\tUNIQUE (org, product, version)\n"
    ");\n"
    "CREATE TABLE srv_device (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL REFERENCES srv_org (id),\n"
    "\tname TEXT NOT NULL,\n"
    "\tserial TEXT,\n"
    "\tlocation TEXT,\n"
    "\trelease_id BIGINT REFERENCES srv_release (id),\n"
    "\tcreated TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX srv_device_org ON srv_device (org, id);\n"
    "CREATE INDEX srv_device_rel ON srv_device (org, release_id);\n"
    "CREATE INDEX srv_device_name ON srv_device (org, name);\n"
    "CREATE INDEX srv_device_loc ON srv_device (org, location, name);\n"
    "CREATE TABLE srv_sbom (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL REFERENCES srv_org (id),\n"
    "\trelease_id BIGINT NOT NULL REFERENCES srv_release (id),\n"
    "\tname TEXT,\n"
    "\tformat TEXT NOT NULL,\n"
    "\tsha256 TEXT NOT NULL,\n"
    "\tsize BIGINT NOT NULL,\n"
    "\tcomponents BIGINT NOT NULL,\n"
    "\taffected BIGINT NOT NULL,\n"
    "\tnot_evaluated BIGINT NOT NULL,\n"
    "\tsnapshot TEXT NOT NULL,\n"
    "\tuploaded TEXT NOT NULL,\n"
    "\tscanned TEXT NOT NULL,\n"
    "\tuser_id BIGINT NOT NULL,\n"
    "\tbody BLOB NOT NULL\n"
    ");\n"
    "CREATE INDEX srv_sbom_rel ON srv_sbom (org, release_id, id);\n"
    "CREATE TABLE srv_component (\n"
    "\tsbom BIGINT NOT NULL REFERENCES srv_sbom (id) ON DELETE CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\torg BIGINT NOT NULL,\n"
    "\tname TEXT,\n"
    "\tversion TEXT,\n"
    "\tpurl TEXT,\n"
    "\tcpe TEXT,\n"
    "\tstate TEXT NOT NULL,\n"
    "\treason TEXT NOT NULL,\n"
    "\tPRIMARY KEY (sbom, seq)\n"
    ");\n"
    "CREATE INDEX srv_component_name ON srv_component (org, name);\n"
    "CREATE TABLE srv_finding (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL,\n"
    "\trelease_id BIGINT NOT NULL,\n"
    "\tsbom BIGINT NOT NULL REFERENCES srv_sbom (id) ON DELETE CASCADE,\n"
    "\tvuln TEXT NOT NULL,\n"
    "\taliases TEXT NOT NULL,\n"
    "\tcomponent TEXT,\n"
    "\tversion TEXT,\n"
    "\tpurl TEXT,\n"
    "\tfixed TEXT,\n"
    "\tseverity TEXT NOT NULL,\n"
    "\tscore DOUBLE PRECISION,\n"
    "\tkev INTEGER NOT NULL,\n"
    "\tepss DOUBLE PRECISION,\n"
    "\tharm TEXT,\n"
    "\trisk TEXT,\n"
    "\tpriority INTEGER,\n"
    "\tsummary TEXT\n"
    ");\n"
    "CREATE INDEX srv_finding_rel ON srv_finding (org, release_id);\n"
    "CREATE INDEX srv_finding_score ON srv_finding (org, score);\n"
    "CREATE INDEX srv_finding_sbom ON srv_finding (sbom);\n"
    "CREATE TABLE srv_finding_id (\n"
    "\tfinding BIGINT NOT NULL REFERENCES srv_finding (id)\n"
    "\t    ON DELETE CASCADE,\n"
    "\tid TEXT NOT NULL,\n"
    "\tPRIMARY KEY (id, finding)\n"
    ");\n"
    "CREATE TABLE srv_vex (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL,\n"
    "\trelease_id BIGINT NOT NULL REFERENCES srv_release (id),\n"
    "\tvuln TEXT NOT NULL,\n"
    "\tstatus TEXT NOT NULL,\n"
    "\tjustification TEXT,\n"
    "\tdetail TEXT,\n"
    "\tuser_id BIGINT NOT NULL,\n"
    "\tat TEXT NOT NULL,\n"
    "\tUNIQUE (org, release_id, vuln)\n"
    ");\n"
    "CREATE TABLE srv_job (\n"
    "\tid INTEGER PRIMARY KEY,\n"
    "\torg BIGINT NOT NULL,\n"
    "\tuser_id BIGINT NOT NULL,\n"
    "\tkind TEXT NOT NULL,\n"
    "\tstate TEXT NOT NULL,\n"
    "\tdone BIGINT NOT NULL,\n"
    "\ttotal BIGINT NOT NULL,\n"
    "\targ TEXT,\n"
    "\tmessage TEXT,\n"
    "\tcreated TEXT NOT NULL,\n"
    "\tfinished TEXT\n"
    ");\n";

/*
 * 2: releases, devices, SBOMs, findings and VEX decisions move into the
 * store's inventory (srv_migrate2() runs part A, moves the SBOMs and fills
 * the releases' VEX products in C, then part B).  A release the CLI
 * already has (organisation 1, same model and version) takes the
 * server's rows and the dates and stage it lacks; a device whose serial repeats one of its organisation
 * keeps its name and loses the serial.  Ids change: the audit log's
 * object names keep the old ones.
 */
static const char srv_m2a[] =
    "INSERT INTO device_release (org, manufacturer, model, release, "
    "released, eol, eos, stage, created) SELECT r.org, o.name, r.product, "
    "r.version, r.released, r.eogs, r.eos, r.stage, r.created FROM "
    "srv_release r JOIN srv_org o ON o.id = r.org WHERE 1 = 1 ORDER BY "
    "r.id ON CONFLICT (org, model, release) DO UPDATE SET released = "
    "COALESCE(device_release.released, excluded.released), eol = "
    "COALESCE(device_release.eol, excluded.eol), eos = "
    "COALESCE(device_release.eos, excluded.eos), stage = "
    "COALESCE(device_release.stage, excluded.stage), created = "
    "COALESCE(device_release.created, excluded.created);\n"
    "CREATE TABLE srv_relmap (\n"
    "\told BIGINT PRIMARY KEY,\n"
    "\trid BIGINT NOT NULL\n"
    ");\n"
    "INSERT INTO srv_relmap (old, rid) SELECT r.id, d.rid FROM srv_release "
    "r JOIN device_release d ON d.org = r.org AND d.model = r.product AND "
    "d.release = r.version;\n"
    "INSERT INTO installed_device (org, serial, name, rid, location, "
    "controls, created) SELECT v.org, CASE WHEN EXISTS (SELECT 1 FROM "
    "srv_device w WHERE w.org = v.org AND w.serial = v.serial AND w.id < "
    "v.id) OR EXISTS (SELECT 1 FROM installed_device i WHERE i.org = "
    "v.org AND i.serial = v.serial) THEN NULL ELSE v.serial END, v.name, "
    "m.rid, v.location, 0, v.created FROM srv_device v LEFT JOIN "
    "srv_relmap m ON m.old = v.release_id ORDER BY v.id;\n"
    "CREATE TABLE srv_component2 (\n"
    "\tsbom BIGINT NOT NULL REFERENCES release_sbom (sid) ON DELETE "
    "CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\torg BIGINT NOT NULL,\n"
    "\tname TEXT,\n"
    "\tversion TEXT,\n"
    "\tpurl TEXT,\n"
    "\tcpe TEXT,\n"
    "\tstate TEXT NOT NULL,\n"
    "\treason TEXT NOT NULL,\n"
    "\tPRIMARY KEY (sbom, seq)\n"
    ");\n";

static const char srv_m2b[] =
    "INSERT INTO fleet_finding (rid, vuln, component, aliases, purl, "
    "fixed, score, severity, kev, epss, summary, first_seen, last_seen, "
    "cname, cversion, harm, risk, priority) SELECT m.rid, f.vuln, "
    "CASE WHEN f.version IS NULL THEN COALESCE(f.component, '?') ELSE "
    "COALESCE(f.component, '?') || '@' || f.version END, "
    "COALESCE(NULLIF(replace(replace(replace(f.aliases, '\",\"', ' '), "
    "'[\"', ''), '\"]', ''), '[]'), f.vuln), f.purl, f.fixed, "
    "COALESCE(CAST(round(f.score * 10) AS BIGINT), -1), CASE WHEN "
    "f.severity = 'unknown' THEN 'none' ELSE f.severity END, f.kev, "
    "CAST(f.epss AS TEXT), f.summary, s.scanned, s.scanned, f.component, "
    "f.version, f.harm, f.risk, NULLIF(f.priority, 0) FROM srv_finding f "
    "JOIN srv_sbom s ON s.id = f.sbom JOIN srv_relmap m ON m.old = "
    "f.release_id WHERE 1 = 1 ORDER BY f.id ON CONFLICT (rid, vuln, "
    "component) DO NOTHING;\n"
    "INSERT INTO fleet_finding_alias (alias, vuln) SELECT DISTINCT fi.id, "
    "f.vuln FROM srv_finding_id fi JOIN srv_finding f ON f.id = "
    "fi.finding WHERE 1 = 1 ON CONFLICT (alias, vuln) DO NOTHING;\n"
    "UPDATE device_release SET last_scan = (SELECT max(s.scanned) FROM "
    "srv_sbom s JOIN srv_relmap m ON m.old = s.release_id WHERE m.rid = "
    "device_release.rid AND s.id = (SELECT max(t.id) FROM srv_sbom t WHERE "
    "t.release_id = s.release_id)) WHERE rid IN (SELECT rid FROM "
    "srv_relmap);\n"
    /* the moved findings of each release's last scan are its current */
    "UPDATE device_release SET scans = scans + 1 WHERE last_scan IS NOT "
    "NULL AND rid IN (SELECT rid FROM srv_relmap);\n"
    "UPDATE fleet_finding SET scan = (SELECT r.scans FROM device_release r "
    "WHERE r.rid = fleet_finding.rid) WHERE last_seen = (SELECT "
    "r.last_scan FROM device_release r WHERE r.rid = fleet_finding.rid) "
    "AND rid IN (SELECT rid FROM srv_relmap);\n"
    "INSERT INTO vex_decisions (org, product, vuln, status, justification, "
    "impact, action, author, decided) SELECT v.org, d.purl, v.vuln, "
    "v.status, v.justification, CASE WHEN v.status = 'affected' THEN NULL "
    "ELSE v.detail END, CASE WHEN v.status = 'affected' THEN "
    "COALESCE(v.detail, 'none given') END, COALESCE(u.email, 'unknown'), "
    "v.at FROM srv_vex v JOIN srv_relmap m ON m.old = v.release_id JOIN "
    "device_release d ON d.rid = m.rid LEFT JOIN srv_user u ON u.id = "
    "v.user_id WHERE d.purl IS NOT NULL ORDER BY v.at, v.id;\n"
    "DROP TABLE srv_finding_id;\n"
    "DROP TABLE srv_finding;\n"
    "DROP TABLE srv_vex;\n"
    "DROP TABLE srv_component;\n"
    "DROP TABLE srv_sbom;\n"
    "DROP TABLE srv_device;\n"
    "DROP TABLE srv_release;\n"
    "DROP TABLE srv_relmap;\n"
    "ALTER TABLE srv_component2 RENAME TO srv_component;\n"
    "CREATE INDEX srv_component_name ON srv_component (org, name);\n";

static const char *const srv_migrations[] = { srv_m1, srv_m2a, NULL };

void
srv_now(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
dbh_open(struct dbh *h, const char *path, vigil_error *err)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = vigil_store_open(&h->store, path, 0, err)) < 0)
		return rc;
	h->db = vigil_store_backend_handle(h->store, &h->be);
	/* The store's pragmas give each SQLite handle a 64 MB cache; the
	 * server's pool keeps many handles, so a smaller one each.  (No
	 * PRAGMA on PostgreSQL, whose cache is the server's.) */
	if (h->be == vigil_store_backend_sqlite() && (rc = h->be->exec(h->db,
	    "PRAGMA cache_size=-4096", err)) < 0)
		return rc;
	return 0;
}

static void
dbh_close(struct dbh *h)
{
	size_t i;

	for (i = 0; i < SRV_STMT_CACHE; i++) {
		if (h->cache[i].stmt != NULL)
			h->be->finalize(h->cache[i].stmt);
		vgx_free(h->cache[i].sql);
	}
	vigil_store_close(h->store);	/* closes h->db */
	memset(h, 0, sizeof(*h));
}

int
srv_db_pool_open(struct dbpool *p, const char *path, size_t n,
    vigil_error *err)
{
	vigil_store *st;
	size_t i;
	int rc;

	memset(p, 0, sizeof(*p));
	/* Create the store (and its schema) first. */
	if ((rc = vigil_store_open(&st, path, 0, err)) < 0)
		return rc;
	vigil_store_close(st);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->h = vgx_calloc(n, sizeof(*p->h));
	p->free = vgx_calloc(n, sizeof(*p->free));
	if (p->h == NULL || p->free == NULL) {
		srv_db_pool_close(p);
		return vigil__error_oom(err);
	}
	for (i = 0; i < n; i++) {
		if ((rc = dbh_open(&p->h[i], path, err)) < 0) {
			dbh_close(&p->h[i]);
			srv_db_pool_close(p);
			return rc;
		}
		p->n++;
		p->free[p->nfree++] = &p->h[i];
	}
	if ((rc = srv_db_migrate(&p->h[0], err)) < 0) {
		srv_db_pool_close(p);
		return rc;
	}
	return 0;
}

void
srv_db_pool_close(struct dbpool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		dbh_close(&p->h[i]);
	vgx_free(p->h);
	vgx_free(p->free);
	if (p->h != NULL || p->n > 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
	}
	memset(p, 0, sizeof(*p));
}

struct dbh *
srv_db_get(struct dbpool *p)
{
	struct dbh *h;

	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	h = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return h;
}

void
srv_db_put(struct dbpool *p, struct dbh *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = h;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void *
srv_db_prep(struct dbh *h, const char *sql, vigil_error *err)
{
	struct stmt_cache *c;
	void *st;
	size_t i;

	for (i = 0; i < SRV_STMT_CACHE; i++)
		if (h->cache[i].sql != NULL && strcmp(h->cache[i].sql, sql) ==
		    0) {
			h->be->reset(h->cache[i].stmt);
			return h->cache[i].stmt;
		}
	if (h->be->prepare(&st, h->db, sql, err) < 0)
		return NULL;
	c = &h->cache[h->next];
	h->next = (h->next + 1) % SRV_STMT_CACHE;
	if (c->stmt != NULL)
		h->be->finalize(c->stmt);
	vgx_free(c->sql);
	if ((c->sql = vgx_strdup(sql)) == NULL) {
		h->be->finalize(st);
		c->stmt = NULL;
		vigil__error_oom(err);
		return NULL;
	}
	c->stmt = st;
	return st;
}

static int
bind_va(struct dbh *h, void *st, int first, const char *types, va_list ap)
{
	int i = first, rc = 0;
	const char *s;

	for (; *types != '\0' && rc == 0; types++, i++) {
		switch (*types) {
		case 's':
			s = va_arg(ap, const char *);
			rc = h->be->bind_text(st, i, s, s ? strlen(s) : 0);
			break;
		case 'i':
			rc = h->be->bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = h->be->bind_double(st, i, va_arg(ap, double));
			break;
		default:
			vigil__misuse("srv_db_bind: bad type");
		}
	}
	return rc;
}

int
srv_db_bind(struct dbh *h, void *st, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = bind_va(h, st, 1, types, ap);
	va_end(ap);
	return rc;
}

int
srv_db_step(struct dbh *h, void *st, vigil_error *err)
{
	return h->be->step(st, err);
}

void
srv_db_reset(struct dbh *h, void *st)
{
	h->be->reset(st);
}

const char *
srv_db_text(struct dbh *h, void *st, int col)
{
	size_t len;

	return h->be->column_text(st, col, &len);
}

int64_t
srv_db_int(struct dbh *h, void *st, int col)
{
	return h->be->column_int64(st, col);
}

double
srv_db_double(struct dbh *h, void *st, int col)
{
	return h->be->column_double(st, col);
}

int
srv_db_exec(struct dbh *h, const char *sql, vigil_error *err)
{
	return h->be->exec(h->db, sql, err);
}

/* Write transactions go through the backend: SQLite's BEGIN IMMEDIATE,
 * PostgreSQL's transaction with the writers' advisory lock. */
int
srv_db_begin(struct dbh *h, vigil_error *err)
{
	return vigil_store_begin(h->store, err);
}

int
srv_db_commit(struct dbh *h, vigil_error *err)
{
	return vigil_store_commit(h->store, err);
}

void
srv_db_rollback(struct dbh *h)
{
	vigil_store_rollback(h->store);
}

vigil_store *
srv_store(struct dbh *h, int64_t org)
{
	vigil_store_set_org(h->store, org);
	return h->store;
}

/* ---- server migration 2: the C part --------------------------------------- */

/* Move one SBOM of the former srv_sbom (the current row of Q) into the
 * release's history, with its components' scan states. */
static int
move_sbom(struct dbh *h, void *q, vigil_error *err)
{
	int64_t old = srv_db_int(h, q, 0), sid = 0;
	const char *b;
	char *body;
	size_t len;
	int rc;

	b = h->be->column_blob(q, 14, &len);
	if ((body = vgx_malloc(len + 1)) == NULL)
		return vigil__error_oom(err);
	if (len > 0)
		memcpy(body, b, len);
	body[len] = '\0';
	if (vgx_utf8_check(body, len, NULL) < 0 || strlen(body) != len) {
		vgx_free(body);
		return vigil__error(err, VIGIL_EINVALID, "SBOM %lld is not "
		    "UTF-8 text", (long long)old);
	}
	rc = srv_db_run(&sid, h, err, "INSERT INTO release_sbom (rid, seq, "
	    "added, sha256, content, size, name, format, components, "
	    "affected, not_evaluated, snapshot, scanned, user_id) VALUES (?1, "
	    "(SELECT COALESCE(MAX(seq), 0) + 1 FROM release_sbom WHERE rid = "
	    "?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	    "RETURNING sid", "isssissiiissi", srv_db_int(h, q, 1),
	    srv_db_text(h, q, 2), srv_db_text(h, q, 3), body,
	    srv_db_int(h, q, 4), srv_db_text(h, q, 5), srv_db_text(h, q, 6),
	    srv_db_int(h, q, 7), srv_db_int(h, q, 8), srv_db_int(h, q, 9),
	    srv_db_text(h, q, 10), srv_db_text(h, q, 11), srv_db_int(h, q,
	    12));
	vgx_free(body);
	if (rc < 0)
		return rc;
	return srv_db_run(NULL, h, err, "INSERT INTO srv_component2 (sbom, "
	    "seq, org, name, version, purl, cpe, state, reason) SELECT ?, seq, "
	    "org, name, version, purl, cpe, state, reason FROM srv_component "
	    "WHERE sbom = ?", "ii", sid, old);
}

/* Fill the VEX product of every release without one (the server's
 * former releases, and the CLI's from before store migration 5). */
static int
fill_products(struct dbh *h, vigil_error *err)
{
	struct rel { int64_t rid, org; char *model, *release; } *v = NULL, *nv;
	size_t n = 0, i;
	void *q;
	int rc;

	if ((q = srv_db_prep(h, "SELECT rid, org, model, release FROM "
	    "device_release WHERE purl IS NULL ORDER BY rid", err)) == NULL)
		return VIGIL_EDB;
	while ((rc = srv_db_step(h, q, err)) == 1) {
		if ((nv = vgx_reallocarray(v, n + 1, sizeof(*v))) == NULL) {
			rc = vigil__error_oom(err);
			break;
		}
		v = nv;
		v[n].rid = srv_db_int(h, q, 0);
		v[n].org = srv_db_int(h, q, 1);
		v[n].model = vgx_strdup(srv_db_text(h, q, 2));
		v[n].release = vgx_strdup(srv_db_text(h, q, 3));
		n++;
		if (v[n - 1].model == NULL || v[n - 1].release == NULL) {
			rc = vigil__error_oom(err);
			break;
		}
	}
	srv_db_reset(h, q);
	for (i = 0; rc == 0 && i < n; i++) {
		vigil_life_info *info = NULL;
		vigil_error e2;

		/* A stored SBOM that no longer parses leaves the release
		 * without a product; its next upload sets one. */
		if (vigil_life_info_load(&info, srv_store(h, v[i].org),
		    v[i].model, v[i].release, &e2) < 0)
			continue;
		if (vigil_life_info_vex_product(info) != NULL)
			rc = srv_db_run(NULL, h, err, "UPDATE device_release SET "
			    "purl = ? WHERE rid = ?", "si",
			    vigil_life_info_vex_product(info), v[i].rid);
		vigil_life_info_free(info);
	}
	for (i = 0; i < n; i++) {
		vgx_free(v[i].model);
		vgx_free(v[i].release);
	}
	vgx_free(v);
	return rc;
}

static int
srv_migrate2(struct dbh *h, vigil_error *err)
{
	void *q;
	int rc;

	if ((q = srv_db_prep(h, "SELECT s.id, m.rid, s.uploaded, s.sha256, "
	    "s.size, s.name, s.format, s.components, s.affected, "
	    "s.not_evaluated, s.snapshot, s.scanned, s.user_id, s.org, s.body "
	    "FROM srv_sbom s JOIN srv_relmap m ON m.old = s.release_id ORDER "
	    "BY s.id", err)) == NULL)
		return VIGIL_EDB;
	while ((rc = srv_db_step(h, q, err)) == 1)
		if ((rc = move_sbom(h, q, err)) < 0)
			break;
	srv_db_reset(h, q);
	if (rc < 0 || (rc = fill_products(h, err)) < 0)
		return rc;
	return h->be->exec_schema(h->db, srv_m2b, err);
}

int
srv_db_run(int64_t *id, struct dbh *h, vigil_error *err, const char *sql,
    const char *types, ...)
{
	va_list ap;
	void *st;
	int rc;

	if ((st = srv_db_prep(h, sql, err)) == NULL)
		return VIGIL_EDB;
	va_start(ap, types);
	rc = bind_va(h, st, 1, types, ap);
	va_end(ap);
	if (rc < 0) {
		h->be->reset(st);
		return vigil__error(err, VIGIL_EDB, "cannot bind parameters");
	}
	rc = h->be->step(st, err);
	if (rc == 1 && id != NULL)
		*id = h->be->column_int64(st, 0);
	h->be->reset(st);
	if (rc < 0)
		return rc;
	return rc == 1 || id == NULL ? 0 : VIGIL_ENOTFOUND;
}

int
srv_db_migrate(struct dbh *h, vigil_error *err)
{
	unsigned have = 0, v;
	char vb[16];
	const char *t;
	void *st;
	int rc;

	if ((rc = srv_db_exec(h, "CREATE TABLE IF NOT EXISTS srv_meta (key "
	    "TEXT PRIMARY KEY, value TEXT NOT NULL)", err)) < 0)
		return rc;
	if ((rc = srv_db_begin(h, err)) < 0)
		return rc;
	if ((st = srv_db_prep(h, "SELECT value FROM srv_meta WHERE key = "
	    "'schema'", err)) == NULL) {
		srv_db_rollback(h);
		return VIGIL_EDB;
	}
	if ((rc = srv_db_step(h, st, err)) == 1 && (t = srv_db_text(h, st,
	    0)) != NULL)
		have = (unsigned)strtoul(t, NULL, 10);
	srv_db_reset(h, st);
	if (rc < 0) {
		srv_db_rollback(h);
		return rc;
	}
	if (have > SRV_SCHEMA_VERSION) {
		srv_db_rollback(h);
		return vigil__error(err, VIGIL_EDB, "the server's tables are at "
		    "schema %u, newer than this build (%u)", have,
		    SRV_SCHEMA_VERSION);
	}
	for (v = have; v < SRV_SCHEMA_VERSION; v++)
		if ((rc = h->be->exec_schema(h->db, srv_migrations[v],
		    err)) < 0 || (v == 1 && (rc = srv_migrate2(h, err)) < 0)) {
			vigil__error_prefix(err, "server migration %u", v + 1);
			srv_db_rollback(h);
			return rc;
		}
	snprintf(vb, sizeof(vb), "%u", SRV_SCHEMA_VERSION);
	if (have != SRV_SCHEMA_VERSION && (rc = srv_db_run(NULL, h, err,
	    "INSERT INTO srv_meta (key, value) VALUES ('schema', ?) ON "
	    "CONFLICT (key) DO UPDATE SET value = excluded.value", "s",
	    vb)) < 0) {
		srv_db_rollback(h);
		return rc;
	}
	return srv_db_commit(h, err);
}
