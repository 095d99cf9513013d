/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An import killed with SIGKILL half-way leaves a store that opens,
 * passes PRAGMA integrity_check, still holds every batch committed before
 * the kill, and a rerun completes the import.  Runs the real `vigil db
 * import` on a generated feed, on SQLite and on PostgreSQL
 * (VIGIL_TEST_PG_DSN).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "store_backends.h"

#define NREC 60000

static void
gen_feed(const char *path)
{
	FILE *fp = fopen(path, "w");
	int i;

	assert_non_null(fp);
	fputs("[\n", fp);
	for (i = 0; i < NREC; i++)
		fprintf(fp, "%s{\"id\":\"KILL-%06d\",\"modified\":"
		    "\"2099-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-%d\"],"
		    "\"summary\":\"generated record %d\",\"affected\":[{"
		    "\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"pkg-%d\"},"
		    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
		    "{\"introduced\":\"0\"},{\"fixed\":\"1.%d\"}]}],"
		    "\"versions\":[\"0.1\",\"0.2\",\"0.3\"]}],"
		    "\"references\":[{\"type\":\"WEB\",\"url\":"
		    "\"https://example.org/%d\"}]}\n", i ? "," : "", i,
		    100000 + i, i, i % 5000, i, i);
	fputs("]\n", fp);
	assert_int_equal(fclose(fp), 0);
}

static uint64_t
count_osv(const char *db)
{
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;

	if (vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err) != 0)
		return 0;	/* not created yet */
	if (vigil_store_status_get(&s, st, &err) != 0)
		s.osv = 0;
	vigil_store_close(st);
	return s.osv;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void
kill_and_rerun(bool pg)
{
	const char *bin = getenv("VIGIL_BIN");
	char *dir, feed[4200], db[4200], schema[64];
	uint64_t before = 0, after;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	pid_t pid;
	int status, i, rc;

	if (bin == NULL) {
		print_message("SKIP: VIGIL_BIN not set\n");
		skip();
	}
	dir = vt_mkdtemp();
	snprintf(feed, sizeof(feed), "%s/feed.json", dir);
	if (pg)
		assert_int_equal(vt_pg_fresh(db, sizeof(db), schema, "kill"), 0);
	else
		snprintf(db, sizeof(db), "%s/vigil.db", dir);
	gen_feed(feed);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(bin, bin, "db", "import", "--batch", "500", "--db", db,
		    feed, (char *)NULL);
		_exit(127);
	}
	/* Wait until a few batches are committed, then stop the import
	 * at once (a slow count, under valgrind, must not let it finish),
	 * count what it committed, and kill it. */
	for (i = 0; i < 6000; i++) {
		sleep_ms(20);
		if ((before = count_osv(db)) >= 2000) {
			kill(pid, SIGSTOP);
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("import ended (status %d) before the kill",
			    status);
	}
	before = count_osv(db);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	print_message("killed after %llu of %d records\n",
	    (unsigned long long)before, NREC);
	assert_true(before >= 2000);
	assert_true(before < NREC);

	/* It opens, passes the integrity check and keeps the commits. */
	assert_int_equal(vigil_store_open(&st, db, 0, &err), 0);
	assert_int_equal(vigil_store_check(st, &err), 0);
	assert_int_equal(vigil_store_status_get(&s, st, &err), 0);
	after = s.osv;
	assert_true(after >= before);
	assert_true(after < NREC);
	assert_true(after % 500 == 0);	/* whole batches only */
	vigil_store_close(st);

	/* The rerun completes it. */
	rc = vt_system("'%s' db import -q --db '%s' '%s'", bin, db, feed);
	assert_int_equal(rc, 0);
	assert_int_equal(vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err),
	    0);
	assert_int_equal(vigil_store_check(st, &err), 0);
	assert_int_equal(vigil_store_status_get(&s, st, &err), 0);
	assert_int_equal(s.osv, NREC);
	assert_int_equal(s.vulnerabilities, NREC);
	vigil_store_close(st);
	if (pg)
		vt_pg_drop(schema);
	vt_rmtree(dir);
	free(dir);
}

static void
test_kill_sqlite(void **state)
{
	(void)state;
	kill_and_rerun(false);
}

static void
test_kill_postgresql(void **state)
{
	(void)state;
	if (vt_pg_dsn() == NULL)
		skip();
	kill_and_rerun(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_sqlite),
		cmocka_unit_test(test_kill_postgresql),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
