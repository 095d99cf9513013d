/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SQLite backend of the store (vigil/sys/store_backend.h).  Everything
 * that is SQLite-only lives here: the WAL journal, foreign keys, the
 * synchronous level, busy timeout and PRAGMA integrity_check.  The store
 * above speaks portable SQL.
 *
 * synchronous=NORMAL in WAL mode keeps the database consistent across a
 * crash or SIGKILL (a commit may be lost only on power failure), which is
 * what an import that can be rerun needs, at a fraction of FULL's cost.
 */
#include <sqlite3.h>
#include <string.h>

#include "vgx.h"
#include "vigil/sys/store_backend.h"

static int
dberr(vigil_error *err, sqlite3 *db, const char *what)
{
	return vigil__error(err, VIGIL_EDB, "%s: %s", what,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
}

static int
sq_open(void **out, const char *location, unsigned flags, vigil_error *err)
{
	sqlite3 *db = NULL;
	int oflags, rc;
	bool ro = (flags & VIGIL_STORE_BACKEND_READONLY) != 0;

	oflags = ro ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if ((rc = sqlite3_open_v2(location, &db, oflags, NULL)) != SQLITE_OK) {
		int code = (rc == SQLITE_CANTOPEN) ? VIGIL_EIO : VIGIL_EDB;

		vigil__error(err, code, "%s: %s", location,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return code;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) !=
	    SQLITE_OK)
		goto fail;
	/* A 64 MiB page cache: imports insert into several indexes with
	 * random keys, and a small cache turns that into reads. */
	if (!ro && sqlite3_exec(db,
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
	    "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
	    NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	/* Touch the schema so that "file is not a database" shows now. */
	if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto fail;
	*out = db;
	return 0;
fail:
	dberr(err, db, location);
	sqlite3_close(db);
	return VIGIL_EDB;
}

static void
sq_close(void *db)
{
	if (db != NULL)
		sqlite3_close(db);
}

static int
sq_exec(void *db, const char *sql, vigil_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vigil__error(err, VIGIL_EDB, "%s", msg != NULL ? msg :
		    sqlite3_errmsg(db));
		sqlite3_free(msg);
		return VIGIL_EDB;
	}
	return 0;
}

static int
sq_prepare(void **out, void *db, const char *sql, vigil_error *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		return dberr(err, db, "prepare");
	*out = st;
	return 0;
}

static int
sq_bind_text(void *st, int idx, const char *s, size_t len)
{
	if (s == NULL)
		return sqlite3_bind_null(st, idx) == SQLITE_OK ? 0 : VIGIL_EDB;
	if (len > 0x7fffffff)
		return VIGIL_ETOOBIG;
	return sqlite3_bind_text(st, idx, s, (int)len, SQLITE_TRANSIENT) ==
	    SQLITE_OK ? 0 : VIGIL_EDB;
}

static int
sq_bind_int64(void *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st, idx, v) == SQLITE_OK ? 0 : VIGIL_EDB;
}

static int
sq_bind_double(void *st, int idx, double v)
{
	return sqlite3_bind_double(st, idx, v) == SQLITE_OK ? 0 : VIGIL_EDB;
}

static int
sq_bind_blob(void *st, int idx, const void *p, size_t len)
{
	if (len > 0x7fffffff)
		return VIGIL_ETOOBIG;
	return sqlite3_bind_blob(st, idx, p, (int)len, SQLITE_TRANSIENT) ==
	    SQLITE_OK ? 0 : VIGIL_EDB;
}

static const void *
sq_column_blob(void *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);

	*len = p != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return p;
}

static int
sq_step(void *st, vigil_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return dberr(err, sqlite3_db_handle(st), "step");
}

static void
sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static const char *
sq_column_text(void *st, int col, size_t *len)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	if (len != NULL)
		*len = s != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return s;
}

static int64_t
sq_column_int64(void *st, int col)
{
	return sqlite3_column_int64(st, col);
}

static double
sq_column_double(void *st, int col)
{
	return sqlite3_column_double(st, col);
}

static void
sq_finalize(void *st)
{
	sqlite3_finalize(st);
}

static int
sq_check(void *db, vigil_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *r;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(err, db, "integrity_check");
	rc = sqlite3_step(st);
	r = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (r == NULL || strcmp(r, "ok") != 0) {
		vigil__error(err, VIGIL_EDB, "integrity check failed: %s",
		    r != NULL ? r : sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return VIGIL_EDB;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "PRAGMA foreign_key_check", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(err, db, "foreign_key_check");
	return 0;
}

static int
sq_empty(bool *empty, void *db, vigil_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1,
	    &st, NULL) != SQLITE_OK)
		return dberr(err, db, "schema");
	rc = sqlite3_step(st);
	*empty = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : dberr(err, db, "schema");
}

/* IMMEDIATE: take the write lock now.  A deferred transaction that
 * reads, then writes, fails with SQLITE_BUSY when another writer
 * committed in between; waiting up front cannot. */
static int
sq_begin(void *db, vigil_error *err)
{
	return sq_exec(db, "BEGIN IMMEDIATE", err);
}

static int
sq_commit(void *db, vigil_error *err)
{
	int rc = sq_exec(db, "COMMIT", err);

	if (rc < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void
sq_rollback(void *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static const vigil_store_backend sqlite_backend = {
	VIGIL_STORE_BACKEND_VERSION, "sqlite",
	sq_open, sq_close, sq_exec, sq_prepare, sq_bind_text, sq_bind_int64,
	sq_bind_double, sq_bind_blob, sq_step, sq_reset, sq_column_text,
	sq_column_int64, sq_column_double, sq_column_blob, sq_finalize, sq_check,
	sq_empty, sq_begin, sq_commit, sq_rollback, sq_exec
};

const vigil_store_backend *
vigil_store_backend_sqlite(void)
{
	return &sqlite_backend;
}
