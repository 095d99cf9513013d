/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store: one interface over a SQL backend (vigil/sys/store_backend.h).
 * Opening runs the schema migrations (schema.c);
 * writing keeps alias groups up to date; the snapshot id is a digest over
 * everything held.  All SQL here is portable (SQLite and PostgreSQL).
 *
 * Alias groups (vuln_id): each id maps to a group number.  Writing a
 * record with ids {A, B, C} looks each id up; unknown ids join the
 * smallest group found (or a new one), and other groups found are merged
 * into it:
 *
 *     vuln_id before: CVE-1 -> 4, GHSA-x -> 7
 *     put GO-1 {aliases CVE-1, GHSA-x}
 *     vuln_id after:  CVE-1 -> 4, GHSA-x -> 4, GO-1 -> 4
 *
 * Groups only grow: a record that later drops an alias does not split
 * its group (a wrong split would hide a match; a stale join only shows an
 * extra id).
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "storeint.h"
#include "vgx.h"

#define SCHEMA_VERSION 5u

enum stmt_id {
	S_ADV_GET, S_ADV_DEL, S_ADV_INS, S_ALIAS_INS, S_SEV_INS, S_CWE_INS,
	S_AFF_INS, S_CFG_INS, S_CPE_INS, S_VID_GET, S_VID_INS,
	S_VID_MERGE, S_VID_NEXT, S_KEV_GET, S_KEV_PUT, S_EPSS_GET, S_EPSS_PUT,
	S_META_GET, S_META_SET, S_AFF_FOR, S_AFF_FOR_EXACT, S_CFG_FOR,
	S_ALIASES, S_SEV_FOR, S_KEV_ROW, S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_ADV_GET] = "SELECT rid, modified, digest, withdrawn FROM advisory "
	    "WHERE kind = ? AND id = ?",
	[S_ADV_DEL] = "DELETE FROM advisory WHERE rid = ?",
	[S_ADV_INS] = "INSERT INTO advisory (kind, id, modified, published, "
	    "withdrawn, status, summary, digest, raw) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rid",
	[S_ALIAS_INS] = "INSERT INTO alias (rid, rel, alias) VALUES (?, ?, ?) "
	    "ON CONFLICT DO NOTHING",
	[S_SEV_INS] = "INSERT INTO severity (rid, seq, version, source, type, "
	    "vector, base_score) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[S_CWE_INS] = "INSERT INTO weakness (rid, cwe, source) VALUES (?, ?, ?) "
	    "ON CONFLICT DO NOTHING",
	[S_AFF_INS] = "INSERT INTO affected (rid, seq, ecosystem, eco_base, "
	    "name, name_norm, purl, ranges, versions, eco_specific, "
	    "db_specific) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_CFG_INS] = "INSERT INTO nvd_config (rid, seq, config) "
	    "VALUES (?, ?, ?)",
	[S_CPE_INS] = "INSERT INTO nvd_cpe (rid, seq, part, vendor, product) "
	    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[S_VID_GET] = "SELECT vuln FROM vuln_id WHERE id = ?",
	[S_VID_INS] = "INSERT INTO vuln_id (id, vuln) VALUES (?, ?)",
	[S_VID_MERGE] = "UPDATE vuln_id SET vuln = ? WHERE vuln = ?",
	[S_VID_NEXT] = "SELECT COALESCE(MAX(vuln), 0) + 1 FROM vuln_id",
	[S_KEV_GET] = "SELECT digest FROM kev WHERE cve = ?",
	[S_KEV_PUT] = "INSERT INTO kev (cve, vendor, product, name, "
	    "date_added, description, required_action, due_date, ransomware, "
	    "notes, cwes, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (cve) DO UPDATE SET vendor = excluded.vendor, "
	    "product = excluded.product, name = excluded.name, "
	    "date_added = excluded.date_added, "
	    "description = excluded.description, "
	    "required_action = excluded.required_action, "
	    "due_date = excluded.due_date, ransomware = excluded.ransomware, "
	    "notes = excluded.notes, cwes = excluded.cwes, "
	    "digest = excluded.digest",
	[S_EPSS_GET] = "SELECT score, percentile, model, score_date FROM epss "
	    "WHERE cve = ?",
	[S_EPSS_PUT] = "INSERT INTO epss (cve, score, percentile, model, "
	    "score_date) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cve) DO UPDATE "
	    "SET score = excluded.score, percentile = excluded.percentile, "
	    "model = excluded.model, score_date = excluded.score_date",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?",
	[S_META_SET] = "INSERT INTO meta (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[S_AFF_FOR] = "SELECT a.id, a.modified, f.ecosystem, f.name, f.purl, "
	    "f.ranges, f.versions, f.eco_specific, f.db_specific "
	    "FROM affected f JOIN advisory a ON a.rid = f.rid "
	    "WHERE f.eco_base = ? AND f.name_norm = ? AND a.withdrawn IS NULL "
	    "ORDER BY a.id, f.seq",
	[S_AFF_FOR_EXACT] = "SELECT a.id, a.modified, f.ecosystem, f.name, "
	    "f.purl, f.ranges, f.versions, f.eco_specific, f.db_specific "
	    "FROM affected f JOIN advisory a ON a.rid = f.rid "
	    "WHERE f.eco_base = ? AND f.name_norm = ? AND f.ecosystem = ? "
	    "AND a.withdrawn IS NULL ORDER BY a.id, f.seq",
	/* Driven from the nvd_cpe primary key; (vendor, product, rid, seq)
	 * is unique, so each configuration comes once. */
	[S_CFG_FOR] = "SELECT a.id, c.seq, c.config FROM nvd_cpe p "
	    "JOIN nvd_config c ON c.rid = p.rid AND c.seq = p.seq "
	    "JOIN advisory a ON a.rid = p.rid "
	    "WHERE p.vendor = ? AND p.product = ? ORDER BY a.id, c.seq",
	[S_ALIASES] = "SELECT id FROM vuln_id WHERE vuln = "
	    "(SELECT vuln FROM vuln_id WHERE id = ?) ORDER BY id",
	[S_SEV_FOR] = "SELECT a.kind, a.id, s.version, s.source, s.type, "
	    "s.vector, s.base_score FROM severity s "
	    "JOIN advisory a ON a.rid = s.rid WHERE a.id IN "
	    "(SELECT g.id FROM vuln_id g WHERE g.vuln = "
	    "(SELECT h.vuln FROM vuln_id h WHERE h.id = ?)) "
	    "ORDER BY a.kind, a.id, s.seq",
	[S_KEV_ROW] = "SELECT cve, vendor, product, name, date_added, "
	    "description, required_action, due_date, ransomware, notes, cwes "
	    "FROM kev WHERE cve = ?",
};

#define QCACHE 16

struct vigil_store {
	const vigil_store_backend *be;
	void *db;
	void *stmt[S_COUNT];
	/* vigil__store_query1 statements, by the address of their SQL */
	const char *qsql[QCACHE];
	void *qstmt[QCACHE];
	bool readonly;
	bool in_tx;
	unsigned depth;		/* nested vigil_store_begin calls */
	bool tx_failed;		/* an inner level rolled back */
	int64_t org;		/* organisation of inventory queries */
	char orgs[24];		/* the same, in decimal, for binding */
	bool zinit;		/* z is set up */
	z_stream z;		/* compresses raw records */
	unsigned char *zbuf;	/* its output, ZCAP bytes */
	size_t zcap;
	vgx_buf kevbuf;		/* strings of the last vigil_store_kev_get */
};

/* ---- small helpers -------------------------------------------------------- */

void
vigil__sha256_hex(char *out, const void *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen = 0;
	size_t i;

	EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void
vigil_store_string_free(char *s)
{
	vgx_free(s);
}

static int
stmt(void **out, vigil_store *st, enum stmt_id id, vigil_error *err)
{
	int rc;

	if (st->stmt[id] == NULL &&
	    (rc = st->be->prepare(&st->stmt[id], st->db, stmt_sql[id],
	    err)) < 0)
		return rc;
	*out = st->stmt[id];
	return 0;
}

static int
bind_s(vigil_store *st, void *s, int idx, const char *v)
{
	return st->be->bind_text(s, idx, v, v != NULL ? strlen(v) : 0);
}

static int
bind_err(vigil_error *err, int rc)
{
	if (rc == VIGIL_ETOOBIG)
		return vigil__error(err, rc, "value too long for the store");
	return vigil__error(err, VIGIL_EDB, "cannot bind a value");
}

/*
 * Records as imported and NVD configurations are kept zlib-compressed (a
 * third of the size; the store's largest columns).  vigil_store_show()
 * and vigil_store_configs_for() unpack them (vigil__store_col_raw); the
 * cost is a few microseconds per row read.
 */
static int
bind_raw(vigil_store *st, void *s, int idx, const char *raw, size_t len,
    vigil_error *err)
{
	uLong bound;
	int rc;

	if (len > (size_t)1 << 30)
		return vigil__error(err, VIGIL_ETOOBIG, "record too big");
	/* One deflate stream for the store's life: setting one up costs
	 * more than compressing a record.  memLevel 4 keeps its reset
	 * cheap; level 1 is fast and still gets most of the gain. */
	if (!st->zinit) {
		if (deflateInit2(&st->z, 1, Z_DEFLATED, 15, 4,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return vigil__error_oom(err);
		st->zinit = true;
	} else if (deflateReset(&st->z) != Z_OK) {
		return vigil__error(err, VIGIL_ERROR, "cannot compress record");
	}
	bound = deflateBound(&st->z, (uLong)len);
	if (bound > st->zcap) {
		unsigned char *p = vgx_reallocarray(st->zbuf, bound, 1);

		if (p == NULL)
			return vigil__error_oom(err);
		st->zbuf = p;
		st->zcap = bound;
	}
	st->z.next_in = (Bytef *)(uintptr_t)raw;
	st->z.avail_in = (uInt)len;
	st->z.next_out = st->zbuf;
	st->z.avail_out = (uInt)st->zcap;
	if (deflate(&st->z, Z_FINISH) != Z_STREAM_END)
		return vigil__error(err, VIGIL_ERROR, "cannot compress record");
	rc = st->be->bind_blob(s, idx, st->zbuf, st->z.total_out);
	return rc < 0 ? bind_err(err, rc) : 0;
}

char *
vigil__store_col_raw(vigil_store *st, void *s, int col)
{
	size_t zlen, cap = 4096;
	const void *z = st->be->column_blob(s, col, &zlen);
	char *out = NULL;

	if (z == NULL)
		return NULL;
	/* The size is not stored: grow until it fits (bounded by 1 GiB). */
	for (; cap <= ((size_t)1 << 30); cap *= 4) {
		uLongf olen = (uLongf)cap;
		int zr;

		if ((out = vgx_malloc(cap + 1)) == NULL)
			return NULL;
		zr = uncompress((Bytef *)out, &olen, z, (uLong)zlen);
		if (zr == Z_OK) {
			out[olen] = '\0';
			return out;
		}
		vgx_free(out);
		if (zr != Z_BUF_ERROR)
			return NULL;
	}
	return NULL;
}

/* Step a statement that returns no rows and reset it. */
static int
run(vigil_store *st, void *s, vigil_error *err)
{
	int rc = st->be->step(s, err);

	st->be->reset(s);
	return rc < 0 ? rc : 0;
}

static char *
now_iso(char *buf, size_t sz)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* ---- opening and migrations -------------------------------------------- */

int
vigil_store_default_path(char **out, vigil_error *err)
{
	const char *v;
	vgx_buf b;

	vgx_buf_init(&b, 4096);
	if ((v = getenv("VIGIL_DB")) != NULL && *v != '\0') {
		if (vgx_buf_adds(&b, v) < 0)
			goto fail;
	} else if ((v = getenv("XDG_DATA_HOME")) != NULL && *v == '/') {
		if (vgx_buf_printf(&b, "%s/vigil/vigil.db", v) < 0)
			goto fail;
	} else if ((v = getenv("HOME")) != NULL && *v != '\0') {
		if (vgx_buf_printf(&b, "%s/.local/share/vigil/vigil.db", v) < 0)
			goto fail;
	} else {
		return vigil__error(err, VIGIL_ENOTFOUND,
		    "no store location: set VIGIL_DB, XDG_DATA_HOME or HOME");
	}
	*out = vgx_buf_take(&b, NULL);
	return 0;
fail:
	vgx_buf_dispose(&b);
	return vigil__error(err, VIGIL_ETOOBIG, "store path too long");
}

/* mkdir -p of PATH's parent directory. */
static int
make_parent(const char *path, vigil_error *err)
{
	char *dir, *p;
	int rc = 0;

	if ((dir = vgx_strdup(path)) == NULL)
		return vigil__error_oom(err);
	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		vgx_free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
				rc = vigil__error(err, VIGIL_EIO, "%s: %s", dir,
				    strerror(errno));
				break;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	vgx_free(dir);
	return rc;
}

static int
schema_version_get(unsigned *out, vigil_store *st, vigil_error *err)
{
	void *s = NULL;
	bool empty = false;
	int rc;

	/* Ask whether there are tables first: a failed statement would
	 * abort a PostgreSQL transaction. */
	*out = 0;
	if ((rc = st->be->empty(&empty, st->db, err)) < 0)
		return rc;
	if (empty)
		return 0;
	if (st->be->prepare(&s, st->db,
	    "SELECT value FROM meta WHERE key = 'schema_version'", err) < 0)
		return vigil__error(err, VIGIL_EDB,
		    "not a vigil store (no meta table)");
	rc = st->be->step(s, err);
	if (rc == 1) {
		const char *v = st->be->column_text(s, 0, NULL);
		uint64_t n;

		if (v == NULL || vgx_parse_uint(&v, v + strlen(v), 1000000, &n) <
		    0 || *v != '\0')
			rc = vigil__error(err, VIGIL_EDB,
			    "bad schema_version in store");
		else
			*out = (unsigned)n;
	}
	st->be->finalize(s);
	return rc < 0 ? rc : 0;
}

/*
 * Bring the schema from version FROM to SCHEMA_VERSION.  The write
 * transaction serialises migrations (SQLite's write lock, PostgreSQL's
 * advisory lock): a second process that found the same old version waits,
 * then reads the version again and finds nothing left to do.
 */
static int
migrate(vigil_store *st, unsigned from, vigil_error *err)
{
	unsigned v;
	char num[16];
	void *s = NULL;
	int rc;

	if ((rc = st->be->begin(st->db, err)) < 0)
		return rc;
	if ((rc = schema_version_get(&from, st, err)) < 0)
		goto fail;
	if (from >= SCHEMA_VERSION) {
		st->be->rollback(st->db);
		return 0;
	}
	for (v = from + 1; v <= SCHEMA_VERSION; v++) {
		const char *sql = vigil__store_migrations[v - 1];

		if (sql == NULL) {
			rc = vigil__error(err, VIGIL_EDB, "migration %u missing",
			    v);
			goto fail;
		}
		if ((rc = st->be->exec_schema(st->db, sql, err)) < 0) {
			vigil__error_prefix(err, "migration %u", v);
			goto fail;
		}
	}
	snprintf(num, sizeof(num), "%u", SCHEMA_VERSION);
	if ((rc = st->be->prepare(&s, st->db, stmt_sql[S_META_SET], err)) < 0)
		goto fail;
	st->be->bind_text(s, 1, "schema_version", 14);
	st->be->bind_text(s, 2, num, strlen(num));
	rc = st->be->step(s, err);
	st->be->finalize(s);
	if (rc < 0)
		goto fail;
	return st->be->commit(st->db, err);
fail:
	st->be->rollback(st->db);
	return rc;
}

bool
vigil_store_is_url(const char *location)
{
	return location != NULL &&
	    (strncmp(location, "postgresql://", 13) == 0 ||
	    strncmp(location, "postgres://", 11) == 0);
}

/* LOCATION for messages: a URL without its password. */
static void
where(char *out, size_t sz, const char *location)
{
	const char *auth, *end, *at, *colon;

	if (!vigil_store_is_url(location)) {
		snprintf(out, sz, "%s", location);
		return;
	}
	auth = strstr(location, "://") + 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon == NULL)
		snprintf(out, sz, "%s", location);
	else
		snprintf(out, sz, "%.*s%s", (int)(colon - location), location,
		    at);
}

int
vigil_store_open(vigil_store **out, const char *path, unsigned flags,
    vigil_error *err)
{
	vigil_store *st;
	char *def = NULL, name[512];
	unsigned ver;
	bool url;
	int rc;

	if (path == NULL) {
		if ((rc = vigil_store_default_path(&def, err)) < 0)
			return rc;
		path = def;
	}
	url = vigil_store_is_url(path);
	where(name, sizeof(name), path);
	if (url && vigil_store_backend_postgresql() == NULL) {
		rc = vigil__error(err, VIGIL_EINVALID, "%s: this vigil is built "
		    "without PostgreSQL", name);
		vgx_free(def);
		return rc;
	}
	if ((st = vgx_calloc(1, sizeof(*st))) == NULL) {
		vgx_free(def);
		return vigil__error_oom(err);
	}
	st->be = url ? vigil_store_backend_postgresql() :
	    vigil_store_backend_sqlite();
	vgx_buf_init(&st->kevbuf, (size_t)1 << 20);
	st->readonly = (flags & VIGIL_STORE_READONLY) != 0;
	vigil_store_set_org(st, VIGIL_STORE_ORG_LOCAL);
	if ((!st->readonly && !url && strcmp(path, ":memory:") != 0 &&
	    (rc = make_parent(path, err)) < 0) ||
	    (rc = st->be->open(&st->db, path, st->readonly ?
	    VIGIL_STORE_BACKEND_READONLY : 0, err)) < 0 ||
	    (rc = schema_version_get(&ver, st, err)) < 0)
		goto fail;
	if (ver > SCHEMA_VERSION) {
		rc = vigil__error(err, VIGIL_EDB, "%s: schema version %u is "
		    "newer than this vigil (%u)", name, ver, SCHEMA_VERSION);
		goto fail;
	}
	if (ver < SCHEMA_VERSION) {
		if (st->readonly) {
			rc = vigil__error(err, VIGIL_EDB, "%s: %s", name,
			    ver == 0 ? "not a vigil store" :
			    "old schema; open it once read-write to migrate");
			goto fail;
		}
		if ((rc = migrate(st, ver, err)) < 0)
			goto fail;
	}
	vgx_free(def);
	*out = st;
	return 0;
fail:
	vgx_free(def);
	vigil_store_close(st);
	return rc;
}

void
vigil_store_close(vigil_store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		if (st->stmt[i] != NULL)
			st->be->finalize(st->stmt[i]);
	for (i = 0; i < QCACHE; i++)
		if (st->qstmt[i] != NULL)
			st->be->finalize(st->qstmt[i]);
	if (st->in_tx && st->db != NULL)
		st->be->rollback(st->db);
	st->be->close(st->db);
	if (st->zinit)
		deflateEnd(&st->z);
	vgx_buf_dispose(&st->kevbuf);
	vgx_free(st->zbuf);
	vgx_free(st);
}

unsigned
vigil_store_schema_version(void)
{
	return SCHEMA_VERSION;
}

/*
 * Transactions nest: an inner begin/commit pair only counts levels, so a
 * library call that writes in its own transaction can run inside a
 * caller's (the server adds its audit record to the same commit).  An
 * inner rollback marks the transaction failed; the outermost commit then
 * rolls back and says so.
 */
int
vigil_store_begin(vigil_store *st, vigil_error *err)
{
	int rc;

	if (st->readonly)
		return vigil__error(err, VIGIL_EDB, "store opened read-only");
	if (st->depth > 0) {
		st->depth++;
		return 0;
	}
	if ((rc = st->be->begin(st->db, err)) < 0)
		return rc;
	st->in_tx = true;
	st->depth = 1;
	st->tx_failed = false;
	return 0;
}

int
vigil_store_commit(vigil_store *st, vigil_error *err)
{
	int rc;

	assert(st->in_tx && st->depth > 0);
	if (st->depth > 1) {
		st->depth--;
		return 0;
	}
	if (st->tx_failed) {
		vigil_store_rollback(st);
		return vigil__error(err, VIGIL_EDB, "a step of the transaction "
		    "failed; rolled back");
	}
	rc = st->be->commit(st->db, err);
	st->in_tx = false;
	st->depth = 0;
	return rc;
}

void
vigil_store_rollback(vigil_store *st)
{
	if (st->depth > 1) {
		st->depth--;
		st->tx_failed = true;
		return;
	}
	if (st->in_tx)
		st->be->rollback(st->db);
	st->in_tx = false;
	st->depth = 0;
	st->tx_failed = false;
}

bool
vigil_store_in_transaction(const vigil_store *st)
{
	return st->depth > 0;
}

void
vigil_store_set_org(vigil_store *st, int64_t org)
{
	st->org = org;
	snprintf(st->orgs, sizeof(st->orgs), "%lld", (long long)org);
}

int64_t
vigil_store_org(const vigil_store *st)
{
	return st->org;
}

const char *
vigil__store_org_text(const vigil_store *st)
{
	return st->orgs;
}

void *
vigil_store_backend_handle(vigil_store *st, const vigil_store_backend **be)
{
	if (be != NULL)
		*be = st->be;
	return st->db;
}

int
vigil_store_check(vigil_store *st, vigil_error *err)
{
	return st->be->check(st->db, err);
}

/* ---- meta ------------------------------------------------------------------ */

int
vigil_store_meta_get(char **out, vigil_store *st, const char *key,
    vigil_error *err)
{
	void *s;
	int rc;

	if ((rc = stmt(&s, st, S_META_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, key);
	rc = st->be->step(s, err);
	if (rc == 1) {
		const char *v = st->be->column_text(s, 0, NULL);

		if ((*out = vgx_strdup(v != NULL ? v : "")) == NULL)
			rc = vigil__error_oom(err);
		else
			rc = 0;
	} else if (rc == 0) {
		rc = vigil__error(err, VIGIL_ENOTFOUND, "no %s in store", key);
	}
	st->be->reset(s);
	return rc;
}

int
vigil_store_meta_set(vigil_store *st, const char *key, const char *value,
    vigil_error *err)
{
	void *s;
	int rc;

	if ((rc = stmt(&s, st, S_META_SET, err)) < 0)
		return rc;
	if (bind_s(st, s, 1, key) < 0 || bind_s(st, s, 2, value) < 0) {
		st->be->reset(s);
		return bind_err(err, VIGIL_EDB);
	}
	return run(st, s, err);
}

/* ---- sources --------------------------------------------------------------- */

int
vigil_store_add_source(vigil_store *st, const vigil_store_source *src,
    vigil_error *err)
{
	void *s = NULL;
	char now[32];
	int rc;

	if ((rc = st->be->prepare(&s, st->db, "INSERT INTO source (kind, "
	    "location, size, sha256, etag, last_modified, imported, added, "
	    "updated, unchanged, withdrawn, rejected) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?)", err)) < 0)
		return rc;
	bind_s(st, s, 1, src->kind);
	bind_s(st, s, 2, src->location);
	st->be->bind_int64(s, 3, src->size);
	bind_s(st, s, 4, src->sha256 != NULL ? src->sha256 : "");
	bind_s(st, s, 5, src->etag != NULL ? src->etag : "");
	bind_s(st, s, 6, src->last_modified != NULL ? src->last_modified : "");
	bind_s(st, s, 7, src->imported != NULL ? src->imported :
	    now_iso(now, sizeof(now)));
	st->be->bind_int64(s, 8, (int64_t)src->added);
	st->be->bind_int64(s, 9, (int64_t)src->updated);
	st->be->bind_int64(s, 10, (int64_t)src->unchanged);
	st->be->bind_int64(s, 11, (int64_t)src->withdrawn);
	st->be->bind_int64(s, 12, (int64_t)src->rejected);
	rc = st->be->step(s, err);
	st->be->finalize(s);
	if (rc < 0)
		return rc;
	return vigil_store_meta_set(st, "last_update", src->imported != NULL ?
	    src->imported : now, err);
}

int
vigil_store_sources(vigil_store *st, vigil_store_source_cb cb,
    void *payload, vigil_error *err)
{
	void *s = NULL;
	int rc;

	if ((rc = st->be->prepare(&s, st->db, "SELECT kind, location, size, "
	    "sha256, etag, last_modified, imported, added, updated, unchanged, "
	    "withdrawn, rejected FROM source ORDER BY sid", err)) < 0)
		return rc;
	while ((rc = st->be->step(s, err)) == 1) {
		vigil_store_source src;

		src.kind = st->be->column_text(s, 0, NULL);
		src.location = st->be->column_text(s, 1, NULL);
		src.size = st->be->column_int64(s, 2);
		src.sha256 = st->be->column_text(s, 3, NULL);
		src.etag = st->be->column_text(s, 4, NULL);
		src.last_modified = st->be->column_text(s, 5, NULL);
		src.imported = st->be->column_text(s, 6, NULL);
		src.added = (uint64_t)st->be->column_int64(s, 7);
		src.updated = (uint64_t)st->be->column_int64(s, 8);
		src.unchanged = (uint64_t)st->be->column_int64(s, 9);
		src.withdrawn = (uint64_t)st->be->column_int64(s, 10);
		src.rejected = (uint64_t)st->be->column_int64(s, 11);
		if ((rc = cb(payload, &src)) != 0)
			break;
	}
	st->be->finalize(s);
	return rc < 0 || rc > 1 ? rc : 0;
}

int
vigil_store_source_validators(char **etag, char **last_modified,
    vigil_store *st, const char *location, vigil_error *err)
{
	void *s = NULL;
	int rc;

	*etag = *last_modified = NULL;
	if ((rc = st->be->prepare(&s, st->db, "SELECT etag, last_modified "
	    "FROM source WHERE location = ? ORDER BY sid DESC LIMIT 1",
	    err)) < 0)
		return rc;
	bind_s(st, s, 1, location);
	rc = st->be->step(s, err);
	if (rc == 1) {
		const char *e = st->be->column_text(s, 0, NULL);
		const char *l = st->be->column_text(s, 1, NULL);

		*etag = vgx_strdup(e != NULL ? e : "");
		*last_modified = vgx_strdup(l != NULL ? l : "");
		rc = 0;
		if (*etag == NULL || *last_modified == NULL) {
			vgx_free(*etag);
			vgx_free(*last_modified);
			*etag = *last_modified = NULL;
			rc = vigil__error_oom(err);
		}
	} else if (rc == 0) {
		rc = vigil__error(err, VIGIL_ENOTFOUND, "%s not imported yet",
		    location);
	}
	st->be->finalize(s);
	return rc;
}

/* ---- writing ------------------------------------------------------------- */

/* Put ID into the alias group *GROUP (0: find or make one). */
static int
vid_join(int64_t *group, vigil_store *st, const char *id, vigil_error *err)
{
	void *s;
	int64_t found = 0;
	int rc;

	if ((rc = stmt(&s, st, S_VID_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, id);
	rc = st->be->step(s, err);
	if (rc == 1)
		found = st->be->column_int64(s, 0);
	st->be->reset(s);
	if (rc < 0)
		return rc;
	if (found != 0 && *group == found)
		return 0;
	if (found != 0 && *group != 0) {
		int64_t keep = found < *group ? found : *group;
		int64_t drop = found < *group ? *group : found;

		if ((rc = stmt(&s, st, S_VID_MERGE, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, keep);
		st->be->bind_int64(s, 2, drop);
		if ((rc = run(st, s, err)) < 0)
			return rc;
		*group = keep;
		return 0;
	}
	if (found != 0) {
		*group = found;
		return 0;
	}
	if (*group == 0) {
		if ((rc = stmt(&s, st, S_VID_NEXT, err)) < 0)
			return rc;
		rc = st->be->step(s, err);
		if (rc == 1)
			*group = st->be->column_int64(s, 0);
		st->be->reset(s);
		if (rc < 0)
			return rc;
	}
	if ((rc = stmt(&s, st, S_VID_INS, err)) < 0)
		return rc;
	bind_s(st, s, 1, id);
	st->be->bind_int64(s, 2, *group);
	return run(st, s, err);
}

static int
put_children(vigil_store *st, int64_t rid, const struct vigil__advisory *a,
    vigil_error *err)
{
	void *s;
	size_t i;
	int rc;

	for (i = 0; i < a->naliases + a->nrelated; i++) {
		bool al = i < a->naliases;

		if ((rc = stmt(&s, st, S_ALIAS_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		bind_s(st, s, 2, al ? "alias" : "related");
		bind_s(st, s, 3, al ? a->aliases[i] :
		    a->related[i - a->naliases]);
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	for (i = 0; i < a->nsev; i++) {
		const struct vigil__severity *v = &a->sev[i];

		if ((rc = stmt(&s, st, S_SEV_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		st->be->bind_int64(s, 2, (int64_t)i);
		bind_s(st, s, 3, v->version);
		bind_s(st, s, 4, v->source);
		bind_s(st, s, 5, v->type);
		bind_s(st, s, 6, v->vector);
		if (v->has_score)
			st->be->bind_double(s, 7, v->score);
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	for (i = 0; i < a->ncwes; i++) {
		if ((rc = stmt(&s, st, S_CWE_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		bind_s(st, s, 2, a->cwes[i].cwe);
		bind_s(st, s, 3, a->cwes[i].source != NULL ? a->cwes[i].source :
		    "");
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	for (i = 0; i < a->naff; i++) {
		const struct vigil__affected *f = &a->aff[i];
		char base[128], norm[512];

		if ((rc = vigil_store_ecosystem_base(base, sizeof(base),
		    f->ecosystem)) < 0 ||
		    (rc = vigil_store_name_normalize(norm, sizeof(norm),
		    f->ecosystem, f->name, strlen(f->name))) < 0)
			return vigil__error(err, VIGIL_EINVALID,
			    "affected[%zu]: package name or ecosystem too long",
			    i);
		if ((rc = stmt(&s, st, S_AFF_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		st->be->bind_int64(s, 2, (int64_t)i);
		bind_s(st, s, 3, f->ecosystem);
		bind_s(st, s, 4, base);
		bind_s(st, s, 5, f->name);
		bind_s(st, s, 6, norm);
		bind_s(st, s, 7, f->purl);
		bind_s(st, s, 8, f->ranges);
		bind_s(st, s, 9, f->versions);
		bind_s(st, s, 10, f->eco_specific);
		bind_s(st, s, 11, f->db_specific);
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	for (i = 0; i < a->nconfigs; i++) {
		if ((rc = stmt(&s, st, S_CFG_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		st->be->bind_int64(s, 2, (int64_t)i);
		if ((rc = bind_raw(st, s, 3, a->configs[i],
		    strlen(a->configs[i]), err)) < 0) {
			st->be->reset(s);
			return rc;
		}
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	for (i = 0; i < a->ncpes; i++) {
		const struct vigil__cpe *c = &a->cpes[i];

		if ((rc = stmt(&s, st, S_CPE_INS, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		st->be->bind_int64(s, 2, c->seq);
		bind_s(st, s, 3, c->part);
		bind_s(st, s, 4, c->vendor);
		bind_s(st, s, 5, c->product);
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	return 0;
}

int
vigil__store_put_advisory(int *result, vigil_store *st,
    const struct vigil__advisory *a, vigil_error *err)
{
	void *s;
	int64_t rid = 0, group = 0;
	bool have = false, was_withdrawn = false;
	char *old_mod = NULL;
	size_t i;
	int rc;

	assert(st->in_tx);
	if ((rc = stmt(&s, st, S_ADV_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, a->kind);
	bind_s(st, s, 2, a->id);
	rc = st->be->step(s, err);
	if (rc == 1) {
		const char *m = st->be->column_text(s, 1, NULL);
		const char *d = st->be->column_text(s, 2, NULL);

		have = true;
		rid = st->be->column_int64(s, 0);
		was_withdrawn = st->be->column_text(s, 3, NULL) != NULL;
		if (d != NULL && strcmp(d, a->digest) == 0) {
			st->be->reset(s);
			*result = VIGIL__PUT_UNCHANGED;
			return 0;
		}
		if (m != NULL && (old_mod = vgx_strdup(m)) == NULL) {
			st->be->reset(s);
			return vigil__error_oom(err);
		}
	}
	st->be->reset(s);
	if (rc < 0)
		return rc;
	/* A record that is not newer than the stored one does not replace it
	 * (ISO 8601 UTC times compare as strings). */
	if (have && old_mod != NULL && a->modified != NULL &&
	    strcmp(a->modified, old_mod) < 0) {
		vgx_free(old_mod);
		*result = VIGIL__PUT_UNCHANGED;
		return 0;
	}
	vgx_free(old_mod);
	if (have) {
		if ((rc = stmt(&s, st, S_ADV_DEL, err)) < 0)
			return rc;
		st->be->bind_int64(s, 1, rid);
		if ((rc = run(st, s, err)) < 0)
			return rc;
	}
	if ((rc = stmt(&s, st, S_ADV_INS, err)) < 0)
		return rc;
	bind_s(st, s, 1, a->kind);
	bind_s(st, s, 2, a->id);
	bind_s(st, s, 3, a->modified);
	bind_s(st, s, 4, a->published);
	bind_s(st, s, 5, a->withdrawn);
	bind_s(st, s, 6, a->status);
	bind_s(st, s, 7, a->summary);
	bind_s(st, s, 8, a->digest);
	if ((rc = bind_raw(st, s, 9, a->raw, a->rawlen, err)) < 0) {
		st->be->reset(s);
		return rc;
	}
	rc = st->be->step(s, err);
	if (rc == 1)
		rid = st->be->column_int64(s, 0);
	st->be->reset(s);
	if (rc < 0)
		return rc;
	if ((rc = put_children(st, rid, a, err)) < 0)
		return rc;
	if ((rc = vid_join(&group, st, a->id, err)) < 0)
		return rc;
	for (i = 0; i < a->naliases; i++)
		if ((rc = vid_join(&group, st, a->aliases[i], err)) < 0)
			return rc;
	if (a->withdrawn != NULL && !was_withdrawn)
		*result = VIGIL__PUT_WITHDRAWN;
	else
		*result = have ? VIGIL__PUT_UPDATED : VIGIL__PUT_ADDED;
	return 0;
}

int
vigil__store_put_kev(int *result, vigil_store *st, const struct vigil__kev *k,
    vigil_error *err)
{
	void *s;
	int64_t group = 0;
	bool have = false;
	int rc;

	assert(st->in_tx);
	if ((rc = stmt(&s, st, S_KEV_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, k->cve);
	rc = st->be->step(s, err);
	if (rc == 1) {
		const char *d = st->be->column_text(s, 0, NULL);

		have = true;
		if (d != NULL && strcmp(d, k->digest) == 0) {
			st->be->reset(s);
			*result = VIGIL__PUT_UNCHANGED;
			return 0;
		}
	}
	st->be->reset(s);
	if (rc < 0)
		return rc;
	if ((rc = stmt(&s, st, S_KEV_PUT, err)) < 0)
		return rc;
	bind_s(st, s, 1, k->cve);
	bind_s(st, s, 2, k->vendor);
	bind_s(st, s, 3, k->product);
	bind_s(st, s, 4, k->name);
	bind_s(st, s, 5, k->date_added);
	bind_s(st, s, 6, k->description);
	bind_s(st, s, 7, k->required_action);
	bind_s(st, s, 8, k->due_date);
	bind_s(st, s, 9, k->ransomware);
	bind_s(st, s, 10, k->notes);
	bind_s(st, s, 11, k->cwes);
	bind_s(st, s, 12, k->digest);
	if ((rc = run(st, s, err)) < 0)
		return rc;
	if ((rc = vid_join(&group, st, k->cve, err)) < 0)
		return rc;
	*result = have ? VIGIL__PUT_UPDATED : VIGIL__PUT_ADDED;
	return 0;
}

static bool
streq0(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
vigil__store_put_epss(int *result, vigil_store *st, const char *cve,
    double score, double percentile, const char *model, const char *date,
    vigil_error *err)
{
	void *s;
	bool have = false;
	int rc;

	assert(st->in_tx);
	if ((rc = stmt(&s, st, S_EPSS_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, cve);
	rc = st->be->step(s, err);
	if (rc == 1) {
		have = true;
		if (st->be->column_double(s, 0) == score &&
		    st->be->column_double(s, 1) == percentile &&
		    streq0(st->be->column_text(s, 2, NULL), model) &&
		    streq0(st->be->column_text(s, 3, NULL), date)) {
			st->be->reset(s);
			*result = VIGIL__PUT_UNCHANGED;
			return 0;
		}
	}
	st->be->reset(s);
	if (rc < 0)
		return rc;
	if ((rc = stmt(&s, st, S_EPSS_PUT, err)) < 0)
		return rc;
	bind_s(st, s, 1, cve);
	st->be->bind_double(s, 2, score);
	st->be->bind_double(s, 3, percentile);
	bind_s(st, s, 4, model);
	bind_s(st, s, 5, date);
	if ((rc = run(st, s, err)) < 0)
		return rc;
	*result = have ? VIGIL__PUT_UPDATED : VIGIL__PUT_ADDED;
	return 0;
}

void
vigil__advisory_dispose(struct vigil__advisory *a)
{
	size_t i;

	for (i = 0; i < a->naff; i++) {
		vgx_free(a->aff[i].ranges);
		vgx_free(a->aff[i].versions);
		vgx_free(a->aff[i].eco_specific);
		vgx_free(a->aff[i].db_specific);
	}
	for (i = 0; i < a->nconfigs; i++)
		vgx_free(a->configs[i]);
	for (i = 0; i < a->ncpes; i++) {
		vgx_free(a->cpes[i].vendor);
		vgx_free(a->cpes[i].product);
	}
	vgx_free(a->aliases);
	vgx_free(a->related);
	vgx_free(a->sev);
	vgx_free(a->refs);
	vgx_free(a->cwes);
	vgx_free(a->aff);
	vgx_free(a->configs);
	vgx_free(a->cpes);
	vgx_free(a->raw);
	memset(a, 0, sizeof(*a));
}

/* ---- snapshot and status --------------------------------------------------- */

static int
hash_query(EVP_MD_CTX *ctx, vigil_store *st, const char *sql, int ncol,
    vigil_error *err)
{
	void *s = NULL;
	int rc, i;

	if ((rc = st->be->prepare(&s, st->db, sql, err)) < 0)
		return rc;
	while ((rc = st->be->step(s, err)) == 1) {
		for (i = 0; i < ncol; i++) {
			size_t len;
			const char *v = st->be->column_text(s, i, &len);

			if (v != NULL)
				EVP_DigestUpdate(ctx, v, len);
			EVP_DigestUpdate(ctx, i + 1 < ncol ? "\t" : "\n", 1);
		}
	}
	st->be->finalize(s);
	return rc < 0 ? rc : 0;
}

static int
snapshot_compute(char *out, vigil_store *st, vigil_error *err)
{
	static const char hex[] = "0123456789abcdef";
	static const char *const q[] = {
		"SELECT kind, id, digest FROM advisory ORDER BY kind, id",
		"SELECT 'kev', cve, digest FROM kev ORDER BY cve",
		/* Scores as text with fixed precision: the same on every
		 * backend and platform. */
		"SELECT 'epss', cve, CAST(CAST(ROUND(score * 100000) AS "
		"INTEGER) AS TEXT), CAST(CAST(ROUND(percentile * 100000) AS "
		"INTEGER) AS TEXT), model, score_date FROM epss ORDER BY cve",
	};
	static const int ncol[] = {3, 3, 6};
	EVP_MD_CTX *ctx;
	unsigned char md[32];
	unsigned int mdlen = 0;
	size_t i;
	int rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return vigil__error_oom(err);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, "vigil-snapshot-1\n", 17);
	for (i = 0; i < VGX_ARRAY_SIZE(q) && rc == 0; i++)
		rc = hash_query(ctx, st, q[i], ncol[i], err);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (rc < 0)
		return rc;
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

int
vigil_store_snapshot_update(char *out, vigil_store *st, vigil_error *err)
{
	char snap[65];
	int rc;

	if ((rc = snapshot_compute(snap, st, err)) < 0 ||
	    (rc = vigil_store_meta_set(st, "snapshot", snap, err)) < 0)
		return rc;
	if (out != NULL)
		memcpy(out, snap, sizeof(snap));
	return 0;
}

static int
count(uint64_t *out, vigil_store *st, const char *sql, vigil_error *err)
{
	void *s = NULL;
	int rc;

	*out = 0;
	if ((rc = st->be->prepare(&s, st->db, sql, err)) < 0)
		return rc;
	if ((rc = st->be->step(s, err)) == 1)
		*out = (uint64_t)st->be->column_int64(s, 0);
	st->be->finalize(s);
	return rc < 0 ? rc : 0;
}

static void
meta_copy(char *out, size_t sz, vigil_store *st, const char *key)
{
	char *v = NULL;

	out[0] = '\0';
	if (vigil_store_meta_get(&v, st, key, NULL) == 0) {
		snprintf(out, sz, "%s", v);
		vgx_free(v);
	}
}

struct last {
	char *buf;
	size_t sz;
};

static int
last_row(void *ctx, vigil_store *st, void *s)
{
	struct last *l = ctx;
	const char *v = st->be->column_text(s, 0, NULL);

	snprintf(l->buf, l->sz, "%s", v != NULL ? v : "");
	return 0;
}

int
vigil_store_status_get(vigil_store_status *out, vigil_store *st,
    vigil_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count(&out->vulnerabilities, st,
	    "SELECT COUNT(DISTINCT vuln) FROM vuln_id", err)) < 0 ||
	    (rc = count(&out->osv, st,
	    "SELECT COUNT(*) FROM advisory WHERE kind = 'osv'", err)) < 0 ||
	    (rc = count(&out->osv_withdrawn, st, "SELECT COUNT(*) FROM "
	    "advisory WHERE kind = 'osv' AND withdrawn IS NOT NULL", err)) < 0 ||
	    (rc = count(&out->nvd, st,
	    "SELECT COUNT(*) FROM advisory WHERE kind = 'nvd'", err)) < 0 ||
	    (rc = count(&out->kev, st, "SELECT COUNT(*) FROM kev", err)) < 0 ||
	    (rc = count(&out->epss, st, "SELECT COUNT(*) FROM epss", err)) < 0 ||
	    (rc = count(&out->imports, st, "SELECT COUNT(*) FROM source",
	    err)) < 0)
		return rc;
	meta_copy(out->last_update, sizeof(out->last_update), st,
	    "last_update");
	meta_copy(out->epss_model, sizeof(out->epss_model), st, "epss_model");
	meta_copy(out->epss_date, sizeof(out->epss_date), st, "epss_date");
	meta_copy(out->kev_version, sizeof(out->kev_version), st,
	    "kev_version");
	meta_copy(out->snapshot, sizeof(out->snapshot), st, "snapshot");
	{
		static const char *const kinds[] = {"osv", "nvd", "kev",
		    "epss"};
		size_t i;

		for (i = 0; i < 4; i++) {
			struct last l = {out->last_import[i],
			    sizeof(out->last_import[0])};

			if ((rc = vigil__store_query1(st, "SELECT MAX(imported) "
			    "FROM source WHERE kind = ?", kinds[i], last_row, &l,
			    err)) < 0)
				return rc;
		}
	}
	out->schema = SCHEMA_VERSION;
	if (out->snapshot[0] == '\0' &&
	    (rc = snapshot_compute(out->snapshot, st, err)) < 0)
		return rc;
	return 0;
}

/* ---- queries ---------------------------------------------------------------- */

int
vigil_store_affected_for(vigil_store *st, const char *ecosystem,
    const char *name, vigil_store_affected_cb cb, void *payload,
    vigil_error *err)
{
	char base[128], norm[512];
	bool exact;
	void *s;
	int rc;

	if (vigil_store_ecosystem_base(base, sizeof(base), ecosystem) < 0)
		return vigil__error(err, VIGIL_EINVALID, "ecosystem too long");
	if ((rc = vigil_store_name_normalize(norm, sizeof(norm), ecosystem,
	    name, strlen(name))) < 0)
		return vigil__error(err, rc, "bad package name");
	exact = strcmp(base, ecosystem) != 0;
	if ((rc = stmt(&s, st, exact ? S_AFF_FOR_EXACT : S_AFF_FOR, err)) < 0)
		return rc;
	bind_s(st, s, 1, base);
	bind_s(st, s, 2, norm);
	if (exact)
		bind_s(st, s, 3, ecosystem);
	while ((rc = st->be->step(s, err)) == 1) {
		vigil_store_affected a;

		a.id = st->be->column_text(s, 0, NULL);
		a.modified = st->be->column_text(s, 1, NULL);
		a.ecosystem = st->be->column_text(s, 2, NULL);
		a.name = st->be->column_text(s, 3, NULL);
		a.purl = st->be->column_text(s, 4, NULL);
		a.ranges = st->be->column_text(s, 5, NULL);
		a.versions = st->be->column_text(s, 6, NULL);
		a.ecosystem_specific = st->be->column_text(s, 7, NULL);
		a.database_specific = st->be->column_text(s, 8, NULL);
		if ((rc = cb(payload, &a)) != 0)
			break;
	}
	st->be->reset(s);
	return rc == 1 ? 0 : rc;
}

int
vigil_store_configs_for(vigil_store *st, const char *vendor,
    const char *product, vigil_store_config_cb cb, void *payload,
    vigil_error *err)
{
	char v[256], p[256];
	void *s;
	size_t i;
	int rc;

	if (strlen(vendor) >= sizeof(v) || strlen(product) >= sizeof(p))
		return vigil__error(err, VIGIL_EINVALID,
		    "CPE vendor or product too long");
	for (i = 0; vendor[i] != '\0'; i++)
		v[i] = (char)vgx_tolower((unsigned char)vendor[i]);
	v[i] = '\0';
	for (i = 0; product[i] != '\0'; i++)
		p[i] = (char)vgx_tolower((unsigned char)product[i]);
	p[i] = '\0';
	if ((rc = stmt(&s, st, S_CFG_FOR, err)) < 0)
		return rc;
	bind_s(st, s, 1, v);
	bind_s(st, s, 2, p);
	while ((rc = st->be->step(s, err)) == 1) {
		vigil_store_config c;
		char *cfg = vigil__store_col_raw(st, s, 2);

		if (cfg == NULL) {
			rc = vigil__error(err, VIGIL_EDB,
			    "a stored configuration does not unpack");
			break;
		}
		c.cve = st->be->column_text(s, 0, NULL);
		c.seq = (unsigned)st->be->column_int64(s, 1);
		c.config = cfg;
		rc = cb(payload, &c);
		vgx_free(cfg);
		if (rc != 0)
			break;
	}
	st->be->reset(s);
	return rc == 1 ? 0 : rc;
}

int
vigil_store_aliases(vigil_store *st, const char *id, vigil_store_id_cb cb,
    void *payload, vigil_error *err)
{
	void *s;
	int rc, n = 0;

	if ((rc = stmt(&s, st, S_ALIASES, err)) < 0)
		return rc;
	bind_s(st, s, 1, id);
	while ((rc = st->be->step(s, err)) == 1) {
		n++;
		if ((rc = cb(payload, st->be->column_text(s, 0, NULL))) != 0)
			break;
	}
	st->be->reset(s);
	if (rc == 0 && n == 0)
		return vigil__error(err, VIGIL_ENOTFOUND, "%s: not in the store",
		    id);
	return rc == 1 ? 0 : rc;
}

int
vigil_store_severities(vigil_store *st, const char *id,
    vigil_store_severity_cb cb, void *payload, vigil_error *err)
{
	void *s;
	int rc;

	if ((rc = stmt(&s, st, S_SEV_FOR, err)) < 0)
		return rc;
	bind_s(st, s, 1, id);
	while ((rc = st->be->step(s, err)) == 1) {
		vigil_store_severity v;

		v.source_kind = st->be->column_text(s, 0, NULL);
		v.id = st->be->column_text(s, 1, NULL);
		v.version = st->be->column_text(s, 2, NULL);
		v.source = st->be->column_text(s, 3, NULL);
		v.type = st->be->column_text(s, 4, NULL);
		v.vector = st->be->column_text(s, 5, NULL);
		v.has_score = st->be->column_text(s, 6, NULL) != NULL;
		v.base_score = v.has_score ? st->be->column_double(s, 6) : 0;
		if ((rc = cb(payload, &v)) != 0)
			break;
	}
	st->be->reset(s);
	return rc == 1 ? 0 : rc;
}

int
vigil_store_kev_get(vigil_store_kev *out, vigil_store *st, const char *cve,
    vigil_error *err)
{
	size_t off[11];
	const char **f[11];
	void *s;
	int rc, i;

	f[0] = &out->cve; f[1] = &out->vendor; f[2] = &out->product;
	f[3] = &out->name; f[4] = &out->date_added; f[5] = &out->description;
	f[6] = &out->required_action; f[7] = &out->due_date;
	f[8] = &out->ransomware; f[9] = &out->notes; f[10] = &out->cwes;
	if ((rc = stmt(&s, st, S_KEV_ROW, err)) < 0)
		return rc;
	bind_s(st, s, 1, cve);
	rc = st->be->step(s, err);
	if (rc == 0)
		rc = vigil__error(err, VIGIL_ENOTFOUND, "%s: not in KEV", cve);
	if (rc < 0) {
		st->be->reset(s);
		return rc;
	}
	/* Copy out: the row is gone after the reset. */
	vgx_buf_reset(&st->kevbuf);
	for (i = 0; i < 11; i++) {
		const char *v = st->be->column_text(s, i, NULL);

		off[i] = st->kevbuf.len;
		if (vgx_buf_adds(&st->kevbuf, v != NULL ? v : "") < 0 ||
		    vgx_buf_addc(&st->kevbuf, '\0') < 0) {
			st->be->reset(s);
			return vigil__error(err, VIGIL_ETOOBIG,
			    "KEV entry too big");
		}
	}
	st->be->reset(s);
	for (i = 0; i < 11; i++)
		*f[i] = st->kevbuf.ptr + off[i];
	return 0;
}

int
vigil_store_epss_get(double *score, double *percentile, vigil_store *st,
    const char *cve, vigil_error *err)
{
	void *s;
	int rc;

	if ((rc = stmt(&s, st, S_EPSS_GET, err)) < 0)
		return rc;
	bind_s(st, s, 1, cve);
	rc = st->be->step(s, err);
	if (rc == 1) {
		*score = st->be->column_double(s, 0);
		*percentile = st->be->column_double(s, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = vigil__error(err, VIGIL_ENOTFOUND, "%s: no EPSS score",
		    cve);
	}
	st->be->reset(s);
	return rc;
}

/* For show.c: run SQL with one text parameter, calling FN per row. */
int
vigil__store_query1(vigil_store *st, const char *sql, const char *arg,
    int (*fn)(void *ctx, vigil_store *st, void *stmt), void *ctx,
    vigil_error *err)
{
	void *s = NULL;
	size_t i, slot = QCACHE;
	int rc;

	/* Statements are kept by the address of their SQL (callers pass
	 * string literals), so a query asked again is not parsed again. */
	for (i = 0; i < QCACHE; i++) {
		if (st->qsql[i] == sql) {
			s = st->qstmt[i];
			break;
		}
		if (st->qsql[i] == NULL && slot == QCACHE)
			slot = i;
	}
	if (s == NULL) {
		if ((rc = st->be->prepare(&s, st->db, sql, err)) < 0)
			return rc;
		if (slot < QCACHE) {
			st->qsql[slot] = sql;
			st->qstmt[slot] = s;
		}
	}
	if (arg != NULL)
		bind_s(st, s, 1, arg);
	while ((rc = st->be->step(s, err)) == 1)
		if ((rc = fn(ctx, st, s)) != 0)
			break;
	if (i < QCACHE || slot < QCACHE)
		st->be->reset(s);
	else
		st->be->finalize(s);
	return rc == 1 ? 0 : rc;
}

int
vigil__store_queryv(vigil_store *st, const char *sql,
    const char *const *args, size_t nargs,
    int (*fn)(void *ctx, vigil_store *st, void *stmt), void *ctx,
    vigil_error *err)
{
	void *s = NULL;
	size_t i;
	int rc;

	if ((rc = st->be->prepare(&s, st->db, sql, err)) < 0)
		return rc;
	for (i = 0; i < nargs; i++)
		if ((rc = bind_s(st, s, (int)i + 1, args[i])) < 0) {
			st->be->finalize(s);
			return bind_err(err, rc);
		}
	while ((rc = st->be->step(s, err)) == 1)
		if (fn == NULL || (rc = fn(ctx, st, s)) != 0)
			break;
	st->be->finalize(s);
	return rc == 1 || rc == 0 ? 0 : rc;
}

const char *
vigil__store_col(vigil_store *st, void *s, int col)
{
	return st->be->column_text(s, col, NULL);
}

double
vigil__store_col_double(vigil_store *st, void *s, int col)
{
	return st->be->column_double(s, col);
}

int64_t
vigil__store_col_int(vigil_store *st, void *s, int col)
{
	return st->be->column_int64(s, col);
}
