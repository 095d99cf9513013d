/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's database: a pool of handles on the store (a SQLite file or
 * a postgresql:// URL), opened through the public backend table
 * (vigil/sys/store_backend.h) so the server speaks the same portable SQL
 * as the store on either engine (transactions through the backend's
 * begin/commit, migrations through its exec_schema), and the server's own
 * tables, kept under their own schema version (srv_meta) beside the
 * store's migrations: organisations, users, API tokens (hashes only),
 * sessions, the append-only audit log, releases, devices, uploaded SBOMs,
 * findings, VEX decisions and background jobs.
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

static const char *const srv_migrations[] = { srv_m1, NULL };

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
	h->be = vigil_store_is_url(path) ? vigil_store_backend_postgresql() :
	    vigil_store_backend_sqlite();
	if (h->be == NULL)
		return vigil__error(err, VIGIL_EINVALID, "this vigil is built "
		    "without PostgreSQL");
	if ((rc = h->be->open(&h->db, path, 0, err)) < 0)
		return rc;
	/* The store's pragmas give each SQLite handle a 64 MB cache; the
	 * server's pool keeps many handles, so a smaller one each.  (No
	 * PRAGMA on PostgreSQL, whose cache is the server's.) */
	if (h->be == vigil_store_backend_sqlite() && (rc = h->be->exec(h->db,
	    "PRAGMA cache_size=-4096", err)) < 0)
		return rc;
	return vigil_store_open(&h->store, path, VIGIL_STORE_READONLY, err);
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
	if (h->db != NULL && h->be != NULL)
		h->be->close(h->db);
	vigil_store_close(h->store);
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
	return h->be->begin(h->db, err);
}

int
srv_db_commit(struct dbh *h, vigil_error *err)
{
	return h->be->commit(h->db, err);
}

void
srv_db_rollback(struct dbh *h)
{
	h->be->rollback(h->db);
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
		    err)) < 0) {
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
