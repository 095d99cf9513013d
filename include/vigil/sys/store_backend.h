/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/sys/store_backend.h
 * @brief The table of functions a store backend provides (SQLite and
 * PostgreSQL), for implementers only (git2/sys, the SQLite VFS).
 *
 * The store (src/lib/store/store.c) speaks portable SQL through this table:
 * `?` placeholders (a backend that numbers them, like libpq's `$1`,
 * rewrites them in prepare), `INSERT ... ON CONFLICT`, `RETURNING`, no
 * engine-specific functions.  What is not portable lives behind the
 * backend: opening, pragmas, integrity checks, locking, transactions and
 * the translation of migrations (docs/store.md lists the portable subset
 * migrations are written in).
 *
 * A backend handle is used by one thread at a time.
 */
#ifndef VIGIL_SYS_STORE_BACKEND_H
#define VIGIL_SYS_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Version of struct vigil_store_backend this header describes. */
#define VIGIL_STORE_BACKEND_VERSION 2

/** Open flags (the same values as VIGIL_STORE_* in vigil/store.h). */
#define VIGIL_STORE_BACKEND_READONLY 0x1u

/** One storage engine. All functions return 0 or a negative error code. */
typedef struct vigil_store_backend {
	unsigned version;	/**< VIGIL_STORE_BACKEND_VERSION */
	const char *name;	/**< "sqlite", "postgresql" */

	/** Open or create the database at LOCATION; *DB is the handle. */
	int (*open)(void **db, const char *location, unsigned flags,
	    vigil_error *err);
	/** Close DB (NULL-safe); every statement must be finalised. */
	void (*close)(void *db);
	/** Run one or more statements without results. */
	int (*exec)(void *db, const char *sql, vigil_error *err);
	/** Compile SQL into *STMT. */
	int (*prepare)(void **stmt, void *db, const char *sql,
	    vigil_error *err);
	/** Bind parameter IDX (1-based); TEXT is copied; NULL binds NULL. */
	int (*bind_text)(void *stmt, int idx, const char *text, size_t len);
	int (*bind_int64)(void *stmt, int idx, int64_t v);
	int (*bind_double)(void *stmt, int idx, double v);
	/** Bind LEN bytes of DATA as a binary value (copied). */
	int (*bind_blob)(void *stmt, int idx, const void *data, size_t len);
	/** Step: 1 a row is ready, 0 done, < 0 error (ERR filled). */
	int (*step)(void *stmt, vigil_error *err);
	/** Make STMT ready to run again and clear its bindings. */
	void (*reset)(void *stmt);
	/** Column COL (0-based) of the current row; text is borrowed until
	 * the next step or reset, NULL for SQL NULL. */
	const char *(*column_text)(void *stmt, int col, size_t *len);
	int64_t (*column_int64)(void *stmt, int col);
	double (*column_double)(void *stmt, int col);
	/** A binary column: *LEN bytes, borrowed like column_text. */
	const void *(*column_blob)(void *stmt, int col, size_t *len);
	/** Free STMT (NULL-safe). */
	void (*finalize)(void *stmt);
	/** Check the database's physical integrity: 0 or VIGIL_EDB. */
	int (*check)(void *db, vigil_error *err);
	/** *EMPTY = whether the database has no tables at all (a new one,
	 * as opposed to someone else's). */
	int (*empty)(bool *empty, void *db, vigil_error *err);
	/** Start a write transaction; writers (imports, migrations) run one
	 * at a time per database, readers never wait for them. */
	int (*begin)(void *db, vigil_error *err);
	/** Commit; on failure the transaction is rolled back. */
	int (*commit)(void *db, vigil_error *err);
	/** Roll back the open transaction (none: nothing). */
	void (*rollback)(void *db);
	/** Run a migration script written in the portable subset, translated
	 * for the engine (types, keys, engine-only statements). */
	int (*exec_schema)(void *db, const char *sql, vigil_error *err);
} vigil_store_backend;

struct vigil_store;

/**
 * The backend and the database handle under an open store, for a program
 * that keeps its own tables beside the store's and wants one connection
 * and one transaction for both (vigil serve): statements prepared on the
 * handle see the store's uncommitted writes.  Start and end transactions
 * with vigil_store_begin/commit/rollback, not the backend's, so that the
 * store's calls nest inside them.  *BE may be NULL.
 */
VIGIL_EXTERN void *vigil_store_backend_handle(struct vigil_store *st,
    const vigil_store_backend **be);

/** The SQLite backend (always built). */
VIGIL_EXTERN const vigil_store_backend *vigil_store_backend_sqlite(void);

/** The PostgreSQL backend (libpq), or NULL when built without it
 * (VIGIL_WITH_PG off).  Its LOCATION is a libpq connection URI. */
VIGIL_EXTERN const vigil_store_backend *vigil_store_backend_postgresql(void);

/**
 * The PostgreSQL connection pool: connections OPEN now, BUSY of them in
 * use by a store, the bound MAX (VIGIL_PG_POOL_MAX, default 16, at most
 * 256) and how many acquires had to WAIT for a free connection so far.
 * Any pointer may be NULL.  All zero without PostgreSQL.
 */
VIGIL_EXTERN void vigil_store_pg_pool_stats(size_t *open, size_t *busy,
    size_t *max, unsigned long *waits);

#ifdef __cplusplus
}
#endif
#endif
