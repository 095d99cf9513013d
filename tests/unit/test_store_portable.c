/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The portable subset of docs/store.md ("Writing a migration") behaves the
 * same on both backends: a migration with generated keys, BLOB, REAL,
 * PRAGMA, a refusing guard trigger and an empty migration; `?`
 * placeholders (and `?` inside quotes, which is not one); upserts;
 * RETURNING; byte order of text; NULLs; transactions; and what each
 * engine rejects.  Drives the backend table (vigil/sys/store_backend.h)
 * directly.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/vigil.h"
#include "store_backends.h"

static const char migration[] =
    "PRAGMA foreign_keys=ON;\n"
    "CREATE TABLE item (\n"
    "\tid INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "\tname TEXT NOT NULL,\n"
    "\tnote TEXT,\n"
    "\tdata BLOB,\n"
    "\tscore REAL,\n"
    "\tUNIQUE (name)\n"
    ");\n"
    "-- a comment with a ? and 'quote\n"
    "CREATE TABLE log (\n"
    "\tseq INTEGER PRIMARY KEY,\n"
    "\titem BIGINT NOT NULL REFERENCES item (id) ON DELETE CASCADE,\n"
    "\tmsg TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX log_item ON log (item, seq);\n"
    "CREATE TRIGGER log_no_update BEFORE UPDATE ON log\n"
    "BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;\n"
    "CREATE TRIGGER log_no_delete BEFORE DELETE ON log\n"
    "BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;\n"
    "ALTER TABLE item ADD COLUMN extra TEXT;\n";

static void
run_ok(const vigil_store_backend *be, void *db, const char *sql,
    const char *a, const char *b)
{
	vigil_error err;
	void *s = NULL;

	if (be->prepare(&s, db, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
	if (a != NULL)
		assert_int_equal(be->bind_text(s, 1, a, strlen(a)), 0);
	if (b != NULL)
		assert_int_equal(be->bind_text(s, 2, b, strlen(b)), 0);
	if (be->step(s, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
	be->finalize(s);
}

static void
portable(const vigil_store_backend *be, const char *location, bool pg)
{
	static const unsigned char blob[] = {0, 1, 2, 0xff, 0, '\\', 'x'};
	const char *names[] = {"b", "B", "a", "\xc3\xa9", "A"};
	char got[64];
	vigil_error err;
	void *db = NULL, *s = NULL;
	int64_t id1 = 0, id2 = 0;
	size_t len, i;
	const void *p;
	bool empty = false;

	assert_int_equal(be->open(&db, location, 0, &err), 0);
	assert_int_equal(be->empty(&empty, db, &err), 0);
	assert_true(empty);
	assert_int_equal(be->begin(db, &err), 0);
	if (be->exec_schema(db, migration, &err) < 0)
		fail_msg("migration: %s", err.msg);
	assert_int_equal(be->exec_schema(db, "", &err), 0);	/* reserved */
	assert_int_equal(be->commit(db, &err), 0);
	assert_int_equal(be->empty(&empty, db, &err), 0);
	assert_false(empty);

	/* generated keys through RETURNING, blobs with NULs, doubles */
	assert_int_equal(be->prepare(&s, db, "INSERT INTO item (name, note, "
	    "data, score) VALUES (?, '?', ?, ?) RETURNING id", &err), 0);
	assert_int_equal(be->bind_text(s, 1, "first", 5), 0);
	assert_int_equal(be->bind_blob(s, 2, blob, sizeof(blob)), 0);
	assert_int_equal(be->bind_double(s, 3, 0.1 + 0.2), 0);
	assert_int_equal(be->step(s, &err), 1);
	id1 = be->column_int64(s, 0);
	be->reset(s);
	assert_int_equal(be->bind_text(s, 1, "second", 6), 0);
	assert_int_equal(be->bind_text(s, 2, NULL, 0), 0);	/* NULL */
	assert_int_equal(be->bind_double(s, 3, -1e300), 0);
	assert_int_equal(be->step(s, &err), 1);
	id2 = be->column_int64(s, 0);
	be->finalize(s);
	assert_true(id1 >= 1);
	assert_true(id2 > id1);

	assert_int_equal(be->prepare(&s, db, "SELECT note, data, score, extra "
	    "FROM item WHERE id = ?", &err), 0);
	assert_int_equal(be->bind_int64(s, 1, id1), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_string_equal(be->column_text(s, 0, NULL), "?");
	p = be->column_blob(s, 1, &len);
	assert_int_equal(len, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_true(be->column_double(s, 2) == 0.1 + 0.2);
	assert_null(be->column_text(s, 3, NULL));
	assert_int_equal(be->step(s, &err), 0);
	be->reset(s);
	assert_int_equal(be->bind_int64(s, 1, id2), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_null(be->column_blob(s, 1, &len));
	assert_int_equal(len, 0);
	assert_true(be->column_double(s, 2) == -1e300);
	be->finalize(s);

	/* numbered parameters, one used twice and once without a type */
	assert_int_equal(be->prepare(&s, db, "SELECT COUNT(*) FROM item WHERE "
	    "(?2 IS NULL OR name = ?2) AND id >= ?1", &err), 0);
	assert_int_equal(be->bind_int64(s, 1, id1), 0);
	assert_int_equal(be->bind_text(s, 2, "second", 6), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_int_equal(be->column_int64(s, 0), 1);
	be->reset(s);
	assert_int_equal(be->bind_int64(s, 1, id1), 0);
	assert_int_equal(be->bind_text(s, 2, NULL, 0), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_int_equal(be->column_int64(s, 0), 2);
	be->finalize(s);
	/* the same inside a transaction; a statement that does not
	 * compile leaves the transaction usable on both engines */
	assert_int_equal(be->begin(db, &err), 0);
	assert_int_equal(be->prepare(&s, db, "SELECT COUNT(*) FROM item WHERE "
	    "?1 IS NULL OR name = ?1", &err), 0);
	assert_int_equal(be->bind_text(s, 1, "first", 5), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_int_equal(be->column_int64(s, 0), 1);
	be->finalize(s);
	s = NULL;
	assert_int_equal(be->prepare(&s, db, "SELECT nosuchcolumn FROM item",
	    &err), VIGIL_EDB);
	run_ok(be, db, "INSERT INTO item (name) VALUES (?)", "in-tx", NULL);
	assert_int_equal(be->commit(db, &err), 0);
	/* ?0 is not a parameter on either engine */
	s = NULL;
	assert_int_equal(be->prepare(&s, db, "SELECT name FROM item WHERE "
	    "name = ?0", &err), VIGIL_EDB);
	assert_null(s);

	/* upsert */
	run_ok(be, db, "INSERT INTO item (name, note) VALUES (?, ?) ON CONFLICT "
	    "(name) DO UPDATE SET note = excluded.note", "first", "updated");
	run_ok(be, db, "INSERT INTO item (name) VALUES (?) ON CONFLICT DO "
	    "NOTHING", "first", NULL);
	assert_int_equal(be->prepare(&s, db, "SELECT COUNT(*), MAX(note) FROM "
	    "item", &err), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_int_equal(be->column_int64(s, 0), 3);
	assert_string_equal(be->column_text(s, 1, NULL), "updated");
	be->finalize(s);

	/* text sorts by bytes on both */
	for (i = 0; i < VGX_ARRAY_SIZE(names); i++)
		run_ok(be, db, "INSERT INTO item (name) VALUES (?)", names[i],
		    NULL);
	assert_int_equal(be->prepare(&s, db, "SELECT name FROM item WHERE "
	    "note IS NULL ORDER BY name", &err), 0);
	got[0] = '\0';
	while (be->step(s, &err) == 1)
		strncat(got, be->column_text(s, 0, NULL), 8);
	be->finalize(s);
	assert_string_equal(got, "ABabin-tx\xc3\xa9");

	/* the guard trigger refuses, with its message, and the
	 * transaction can be rolled back and the store used again */
	run_ok(be, db, "INSERT INTO log (item, msg) VALUES (1, ?)", "one",
	    NULL);
	assert_int_equal(be->begin(db, &err), 0);
	assert_int_equal(be->exec(db, "UPDATE log SET msg = 'x'", &err),
	    VIGIL_EDB);
	assert_non_null(strstr(err.msg, "append-only"));
	be->rollback(db);
	assert_int_equal(be->exec(db, "DELETE FROM log", &err), VIGIL_EDB);
	assert_non_null(strstr(err.msg, "append-only"));

	/* a failed transaction does not commit */
	assert_int_equal(be->begin(db, &err), 0);
	run_ok(be, db, "INSERT INTO item (name) VALUES (?)", "lost", NULL);
	assert_int_equal(be->exec(db, "INSERT INTO nosuchtable VALUES (1)",
	    &err), VIGIL_EDB);
	if (pg) {
		/* PostgreSQL: the whole transaction is now refused */
		assert_int_not_equal(be->commit(db, &err), 0);
	} else {
		be->rollback(db);
	}
	assert_int_equal(be->prepare(&s, db, "SELECT COUNT(*) FROM item WHERE "
	    "name = ?", &err), 0);
	assert_int_equal(be->bind_text(s, 1, "lost", 4), 0);
	assert_int_equal(be->step(s, &err), 1);
	assert_int_equal(be->column_int64(s, 0), 0);
	be->finalize(s);

	/* bad SQL, a missing table */
	assert_int_equal(be->prepare(&s, db, "SELEC 1", &err), VIGIL_EDB);
	assert_int_equal(be->exec(db, "SELECT * FROM nosuch", &err), VIGIL_EDB);
	if (pg) {
		/* text cannot hold NUL; invalid UTF-8 is refused */
		s = NULL;
		assert_int_equal(be->prepare(&s, db, "INSERT INTO item (name) "
		    "VALUES (?)", &err), 0);
		assert_int_equal(be->bind_text(s, 1, "a\0b", 3),
		    VIGIL_EINVALID);
		assert_int_equal(be->step(s, &err), VIGIL_EDB);
		be->reset(s);
		assert_int_equal(be->bind_text(s, 1, "\xc3\x28", 2), 0);
		assert_int_equal(be->step(s, &err), VIGIL_EDB);
		be->reset(s);
		assert_int_equal(be->bind_text(s, 1, "ok", 2), 0);
		assert_int_equal(be->step(s, &err), 0);
		be->finalize(s);
		/* a placeholder number beyond the statement's */
		assert_int_equal(be->prepare(&s, db, "SELECT name FROM item "
		    "WHERE name = ?", &err), 0);
		assert_int_equal(be->bind_text(s, 2, "x", 1), VIGIL_EINVALID);
		be->finalize(s);
	}
	assert_int_equal(be->check(db, &err), 0);
	be->close(db);
}

static void
test_portable_sqlite(void **state)
{
	char *dir = vt_mkdtemp(), path[4200];

	(void)state;
	snprintf(path, sizeof(path), "%s/p.db", dir);
	portable(vigil_store_backend_sqlite(), path, false);
	vt_rmtree(dir);
	free(dir);
}

static void
test_portable_postgresql(void **state)
{
	char dsn[4200], schema[64];

	(void)state;
	if (vt_pg_dsn() == NULL)
		skip();
	assert_int_equal(vt_pg_fresh(dsn, sizeof(dsn), schema, "port"), 0);
	portable(vigil_store_backend_postgresql(), dsn, true);
	vt_pg_drop(schema);
}

/* A store URI when PostgreSQL is unreachable: a clean error. */
static void
test_unreachable(void **state)
{
	vigil_store *st = NULL;
	vigil_error err;
	int rc;

	(void)state;
	rc = vigil_store_open(&st, "postgresql://u:pw@/x?host=/nonexistent"
	    "&connect_timeout=1", 0, &err);
	assert_null(st);
	if (vigil_store_backend_postgresql() == NULL) {
		assert_int_equal(rc, VIGIL_EINVALID);
	} else {
		assert_int_equal(rc, VIGIL_EDB);
		assert_non_null(strstr(err.msg, "cannot connect"));
	}
	assert_null(strstr(err.msg, "pw@"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portable_sqlite),
		cmocka_unit_test(test_portable_postgresql),
		cmocka_unit_test(test_unreachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
