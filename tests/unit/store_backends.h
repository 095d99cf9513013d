/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store tests run once per backend: SQLite (a file in a temporary
 * directory) and PostgreSQL (a fresh schema in the database named by
 * VIGIL_TEST_PG_DSN; unset, the PostgreSQL variants skip with a message).
 * Each PostgreSQL store gets its own schema, selected by the connection's
 * search_path, so test programs running at once do not meet.
 */
#ifndef VIGIL_TEST_STORE_BACKENDS_H
#define VIGIL_TEST_STORE_BACKENDS_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "testutil.h"
#include "vigil/store.h"
#include "vigil/sys/store_backend.h"

/*
 * Tests using the server hold a shared lock on a file for their life; the
 * test that restarts the server takes it exclusively, so that it never
 * pulls the server from under another test program.
 */
static inline void
vt_pg_lock(bool exclusive)
{
	static int fd = -1;

	if (fd < 0) {
		const char *d = getenv("VIGIL_TEST_PG_DSN");
		unsigned long h = 5381;
		char path[64];

		/* one lock per server */
		for (; d != NULL && *d != '\0'; d++)
			h = h * 33 + (unsigned char)*d;
		snprintf(path, sizeof(path), "/tmp/vigil-pg-test-%lx.lock",
		    h & 0xffffffffUL);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	}
	if (fd >= 0)
		while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0)
			;
}

/* The PostgreSQL DSN under test, or NULL (after saying why). */
static inline const char *
vt_pg_dsn(void)
{
	const char *d = getenv("VIGIL_TEST_PG_DSN");

	if (d == NULL || *d == '\0') {
		print_message("SKIP: VIGIL_TEST_PG_DSN unset; PostgreSQL "
		    "variants skipped (make test starts a cluster when "
		    "PostgreSQL is installed)\n");
		return NULL;
	}
	if (vigil_store_backend_postgresql() == NULL) {
		print_message("SKIP: built without PostgreSQL\n");
		return NULL;
	}
	vt_pg_lock(false);
	return d;
}

/* Run SQL on the test database; 0 or an error code. */
static inline int
vt_pg_exec(const char *sql)
{
	const vigil_store_backend *be = vigil_store_backend_postgresql();
	const char *dsn = getenv("VIGIL_TEST_PG_DSN");
	vigil_error err;
	void *db = NULL;
	int rc;

	if (be == NULL || dsn == NULL)
		return VIGIL_EINVALID;
	if ((rc = be->open(&db, dsn, 0, &err)) < 0) {
		print_error("pg: %s\n", err.msg);
		return rc;
	}
	if ((rc = be->exec(db, sql, &err)) < 0)
		print_error("pg: %s\n", err.msg);
	be->close(db);
	return rc;
}

/*
 * A fresh, empty schema: its name into SCHEMA, a DSN selecting it into
 * OUT.  0 or an error code.
 */
static inline int
vt_pg_fresh(char *out, size_t sz, char schema[64], const char *tag)
{
	static unsigned n;
	const char *dsn = getenv("VIGIL_TEST_PG_DSN");
	char sql[256];

	if (dsn == NULL)
		return VIGIL_EINVALID;
	snprintf(schema, 64, "t_%s_%ld_%u", tag, (long)getpid(), n++);
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
	    "CREATE SCHEMA %s", schema, schema);
	if (vt_pg_exec(sql) < 0)
		return VIGIL_EDB;
	snprintf(out, sz, "%s%soptions=-csearch_path%%3D%s", dsn,
	    strchr(dsn, '?') != NULL ? "&" : "?", schema);
	return 0;
}

static inline void
vt_pg_drop(const char *schema)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", schema);
	vt_pg_exec(sql);
}

/*
 * A store for one test, on the backend chosen by PG: the SQLite file
 * SQLITE_REL under a new temporary directory, or a fresh PostgreSQL schema
 * named after TAG.  cmocka setup and teardown: *STATE is the vt_store.
 */
struct vt_store {
	char *dir;
	char db[4200];
	char schema[64];	/* PostgreSQL: the test's schema */
	bool pg;
	vigil_store *st;
};

static inline int
vt_store_setup(void **state, bool pg, const char *tag, const char *sqlite_rel)
{
	struct vt_store *c = calloc(1, sizeof(*c));
	vigil_error err;

	if (c == NULL)
		return -1;
	c->pg = pg;
	c->dir = vt_mkdtemp();
	*state = c;
	if (pg) {
		if (vt_pg_fresh(c->db, sizeof(c->db), c->schema, tag) < 0)
			return -1;
	} else {
		snprintf(c->db, sizeof(c->db), "%s/%s", c->dir, sqlite_rel);
	}
	if (vigil_store_open(&c->st, c->db, 0, &err) != 0) {
		print_error("open: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static inline int
vt_store_teardown(void **state)
{
	struct vt_store *c = *state;

	if (c == NULL)
		return 0;
	vigil_store_close(c->st);	/* NULL-safe */
	if (c->pg && c->schema[0] != '\0')
		vt_pg_drop(c->schema);
	vt_rmtree(c->dir);
	free(c->dir);
	free(c);
	*state = NULL;
	return 0;
}

#endif
