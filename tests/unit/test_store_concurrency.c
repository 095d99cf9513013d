/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Many readers and writers on one store at once, on SQLite and on
 * PostgreSQL (VIGIL_TEST_PG_DSN): writer threads import records whose
 * aliases collide across writers (so alias groups merge under contention)
 * while reader threads look things up; at the end every record is there
 * exactly once and the groups are right (no lost update).  PostgreSQL
 * only: the connection pool stays within its bound under more threads
 * than connections, two processes migrating one new schema at once, and
 * a server restart under load (the operation in flight fails with
 * VIGIL_EDB, the next one succeeds, nothing half-written).
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "store_backends.h"

#define WRITERS 4
#define READERS 3
#define ROUNDS 6
#define PER_ROUND 40		/* records per import (one transaction) */
#define POOL_MAX 8		/* VIGIL_PG_POOL_MAX for this program */

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* An OSV array: PER_ROUND records W<w>-<round>-<i>, each aliasing
 * CVE-2098-<round * PER_ROUND + i>, which every writer shares. */
static char *
make_feed(int w, int round, size_t *len)
{
	size_t cap = (size_t)PER_ROUND * 512 + 16, n = 0;
	char *b = malloc(cap);
	int i;

	assert_non_null(b);
	n += (size_t)snprintf(b + n, cap - n, "[");
	for (i = 0; i < PER_ROUND; i++)
		n += (size_t)snprintf(b + n, cap - n, "%s{\"id\":"
		    "\"W%d-%d-%d\",\"modified\":\"2098-01-01T00:00:00Z\","
		    "\"aliases\":[\"CVE-2098-%d\"],\"affected\":[{\"package\":"
		    "{\"ecosystem\":\"PyPI\",\"name\":\"conc-%d\"},\"ranges\":"
		    "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":"
		    "\"0\"},{\"fixed\":\"1.%d\"}]}]}]}", i ? "," : "", w,
		    round, i, round * PER_ROUND + i, i % 7, w);
	n += (size_t)snprintf(b + n, cap - n, "]");
	*len = n;
	return b;
}

static int
import_round(vigil_store *st, int w, int round, vigil_feed_stats *s,
    vigil_error *err)
{
	vigil_feed_opts o = VIGIL_FEED_OPTS_INIT;
	size_t len;
	char *feed = make_feed(w, round, &len);
	int rc;

	o.batch = PER_ROUND;	/* one transaction: all or nothing */
	memset(s, 0, sizeof(*s));
	rc = vigil_feed_import_buffer(s, st, VIGIL_FEED_OSV, "conc.json", feed,
	    len, &o, err);
	free(feed);
	return rc;
}

/* ---- readers and writers ---------------------------------------------------- */

struct shared {
	const char *db;
	atomic_int writers_left;
	atomic_int failures;
	char msg[512];
};

struct worker {
	struct shared *sh;
	int id;
	long reads;
};

static void
note_failure(struct shared *sh, const char *what, const vigil_error *err)
{
	if (atomic_fetch_add(&sh->failures, 1) == 0)
		snprintf(sh->msg, sizeof(sh->msg), "%s: %s", what, err->msg);
}

static void *
writer(void *arg)
{
	struct worker *w = arg;
	vigil_store *st = NULL;
	vigil_feed_stats s;
	vigil_error err;
	int r;

	if (vigil_store_open(&st, w->sh->db, 0, &err) != 0) {
		note_failure(w->sh, "writer open", &err);
		goto out;
	}
	for (r = 0; r < ROUNDS; r++) {
		if (import_round(st, w->id, r, &s, &err) != 0) {
			note_failure(w->sh, "import", &err);
			break;
		}
		if (s.added != PER_ROUND) {
			snprintf(err.msg, sizeof(err.msg), "added %llu",
			    (unsigned long long)s.added);
			note_failure(w->sh, "import", &err);
		}
	}
out:
	vigil_store_close(st);
	atomic_fetch_sub(&w->sh->writers_left, 1);
	return NULL;
}

static int
count_id(void *payload, const char *id)
{
	(void)id;
	(*(int *)payload)++;
	return 0;
}

static void *
reader(void *arg)
{
	struct worker *w = arg;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	uint64_t last = 0;

	if (vigil_store_open(&st, w->sh->db, VIGIL_STORE_READONLY, &err) !=
	    0) {
		note_failure(w->sh, "reader open", &err);
		return NULL;
	}
	while (atomic_load(&w->sh->writers_left) > 0) {
		int n = 0;

		if (vigil_store_status_get(&s, st, &err) != 0) {
			note_failure(w->sh, "status", &err);
			break;
		}
		/* Commits only add: a reader never sees the count shrink,
		 * nor a part of an import. */
		if (s.osv < last || s.osv % PER_ROUND != 0) {
			snprintf(err.msg, sizeof(err.msg), "osv %llu after %llu",
			    (unsigned long long)s.osv,
			    (unsigned long long)last);
			note_failure(w->sh, "reader", &err);
			break;
		}
		last = s.osv;
		if (vigil_store_aliases(st, "CVE-2098-0", count_id, &n, &err) <
		    0 && err.code != VIGIL_ENOTFOUND) {
			note_failure(w->sh, "aliases", &err);
			break;
		}
		w->reads++;
	}
	vigil_store_close(st);
	return NULL;
}

static void
readers_and_writers(const char *db)
{
	pthread_t t[WRITERS + READERS];
	struct worker w[WRITERS + READERS];
	struct shared sh;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	long reads = 0;
	int i, n = 0;

	memset(&sh, 0, sizeof(sh));
	sh.db = db;
	atomic_init(&sh.writers_left, WRITERS);
	atomic_init(&sh.failures, 0);
	/* Create the store first: readers open it read-only. */
	assert_int_equal(vigil_store_open(&st, db, 0, &err), 0);
	vigil_store_close(st);
	for (i = 0; i < WRITERS + READERS; i++) {
		w[i].sh = &sh;
		w[i].id = i;
		w[i].reads = 0;
		assert_int_equal(pthread_create(&t[i], NULL,
		    i < WRITERS ? writer : reader, &w[i]), 0);
	}
	for (i = 0; i < WRITERS + READERS; i++) {
		pthread_join(t[i], NULL);
		reads += w[i].reads;
	}
	if (atomic_load(&sh.failures) != 0)
		fail_msg("%d failures, first: %s", atomic_load(&sh.failures),
		    sh.msg);
	print_message("%d writers x %d imports, %d readers: %ld reads\n",
	    WRITERS, ROUNDS, READERS, reads);
	assert_int_equal(vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err),
	    0);
	assert_int_equal(vigil_store_status_get(&s, st, &err), 0);
	assert_int_equal(s.osv, WRITERS * ROUNDS * PER_ROUND);
	/* Each CVE-2098-k joined the records of every writer: one group
	 * per k. */
	assert_int_equal(s.vulnerabilities, ROUNDS * PER_ROUND);
	assert_int_equal(vigil_store_aliases(st, "CVE-2098-0", count_id, &n,
	    &err), 0);
	assert_int_equal(n, WRITERS + 1);
	assert_int_equal(vigil_store_check(st, &err), 0);
	vigil_store_close(st);
}

static void
test_concurrent_sqlite(void **state)
{
	char *dir = vt_mkdtemp(), db[4200];

	(void)state;
	snprintf(db, sizeof(db), "%s/conc.db", dir);
	readers_and_writers(db);
	vt_rmtree(dir);
	free(dir);
}

static void
test_concurrent_postgresql(void **state)
{
	char db[4200], schema[64];
	size_t max = 0;

	(void)state;
	if (vt_pg_dsn() == NULL)
		skip();
	assert_int_equal(vt_pg_fresh(db, sizeof(db), schema, "conc"), 0);
	readers_and_writers(db);
	vigil_store_pg_pool_stats(NULL, NULL, &max, NULL);
	assert_int_equal(max, POOL_MAX);
	vt_pg_drop(schema);
}

/* ---- the pool ----------------------------------------------------------------- */

#define POOL_THREADS 24

struct pooler {
	const char *db;
	int rc;
	size_t most_open;
	char msg[256];
};

static void *
pool_user(void *arg)
{
	struct pooler *p = arg;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	size_t open = 0;
	int i;

	for (i = 0; i < 3 && p->rc == 0; i++) {
		if ((p->rc = vigil_store_open(&st, p->db, VIGIL_STORE_READONLY,
		    &err)) != 0) {
			snprintf(p->msg, sizeof(p->msg), "%s", err.msg);
			break;
		}
		vigil_store_pg_pool_stats(&open, NULL, NULL, NULL);
		if (open > p->most_open)
			p->most_open = open;
		if ((p->rc = vigil_store_status_get(&s, st, &err)) != 0)
			snprintf(p->msg, sizeof(p->msg), "%s", err.msg);
		sleep_ms(20);
		vigil_store_close(st);
	}
	return NULL;
}

static void
test_pool_postgresql(void **state)
{
	pthread_t t[POOL_THREADS];
	struct pooler p[POOL_THREADS];
	char db[4200], schema[64];
	vigil_store *st = NULL;
	vigil_error err;
	unsigned long waits0 = 0, waits = 0;
	size_t open = 0, busy = 0, max = 0;
	int i;

	(void)state;
	if (vt_pg_dsn() == NULL)
		skip();
	assert_int_equal(vt_pg_fresh(db, sizeof(db), schema, "pool"), 0);
	assert_int_equal(vigil_store_open(&st, db, 0, &err), 0);
	vigil_store_close(st);
	vigil_store_pg_pool_stats(NULL, NULL, NULL, &waits0);
	for (i = 0; i < POOL_THREADS; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].db = db;
		assert_int_equal(pthread_create(&t[i], NULL, pool_user, &p[i]),
		    0);
	}
	for (i = 0; i < POOL_THREADS; i++) {
		pthread_join(t[i], NULL);
		if (p[i].rc != 0)
			fail_msg("thread %d: %s", i, p[i].msg);
		assert_true(p[i].most_open <= POOL_MAX);
	}
	vigil_store_pg_pool_stats(&open, &busy, &max, &waits);
	print_message("pool: %zu open, %zu busy, bound %zu, %lu waits\n", open,
	    busy, max, waits - waits0);
	assert_true(open <= POOL_MAX);
	assert_int_equal(busy, 0);
	/* 24 threads over 8 connections had to queue. */
	assert_true(waits > waits0);
	/* Connections are reused: the store still works. */
	assert_int_equal(vigil_store_open(&st, db, 0, &err), 0);
	vigil_store_close(st);
	vt_pg_drop(schema);
}

/* ---- two processes migrating at once --------------------------------------- */

static void
test_migrate_race_postgresql(void **state)
{
	char db[4200], schema[64];
	pid_t pid[4];
	vigil_store *st = NULL;
	vigil_error err;
	int i, status;

	(void)state;
	if (vt_pg_dsn() == NULL)
		skip();
	assert_int_equal(vt_pg_fresh(db, sizeof(db), schema, "mig"), 0);
	/* Leave an idle pooled connection to this schema: the children
	 * inherit it and must neither use nor close it. */
	assert_int_equal(vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err),
	    VIGIL_EDB);
	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			/* Its own connection, not the parent's. */
			vigil_store *s = NULL;
			vigil_error e;
			int rc = vigil_store_open(&s, db, 0, &e);

			vigil_store_close(s);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	/* The parent's pooled connection still serves it. */
	assert_int_equal(vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err),
	    0);
	assert_int_equal(vigil_store_check(st, &err), 0);
	vigil_store_close(st);
	vt_pg_drop(schema);
}

/* ---- the server restarts under load ---------------------------------------- */

struct loader {
	const char *db;
	atomic_bool *stop;
	int id;
	int ok, failed, bad_code;
	int final_tries;	/* imports the last round needed */
	int rounds;
	char msg[600];
};

static void *
load(void *arg)
{
	struct loader *l = arg;
	vigil_store *st = NULL;
	vigil_feed_stats s;
	vigil_error err;
	int r = 0;

	if (vigil_store_open(&st, l->db, 0, &err) != 0) {
		snprintf(l->msg, sizeof(l->msg), "open: %s", err.msg);
		l->bad_code++;
		return NULL;
	}
	while (!atomic_load(l->stop)) {
		if (import_round(st, 100 + l->id, r, &s, &err) == 0) {
			l->ok++;
			r++;
		} else {
			l->failed++;
			if (err.code != VIGIL_EDB) {
				l->bad_code++;
				snprintf(l->msg, sizeof(l->msg), "%d: %s",
				    err.code, err.msg);
			}
			sleep_ms(50);
		}
	}
	/* The server is back: the next import works (the first may still
	 * find its connection broken by the restart). */
	for (l->final_tries = 1; l->final_tries <= 2; l->final_tries++) {
		if (import_round(st, 100 + l->id, r, &s, &err) == 0) {
			l->ok++;
			r++;
			break;
		}
		snprintf(l->msg, sizeof(l->msg), "after restart: %s", err.msg);
	}
	l->rounds = r;
	vigil_store_close(st);
	return NULL;
}

static void
test_restart_postgresql(void **state)
{
	const char *src = getenv("VIGIL_SRCDIR"), *dsn;
	char cmd[4400], db[4200], schema[64], line[4200];
	pthread_t t[3];
	struct loader l[3];
	atomic_bool stop;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	int i, failed = 0, ok = 0;
	FILE *fp;

	(void)state;
	if ((dsn = vt_pg_dsn()) == NULL)
		skip();
	/* Only the cluster this repository started may be restarted. */
	snprintf(cmd, sizeof(cmd), "'%s/scripts/pg-test-cluster' dsn",
	    src != NULL ? src : ".");
	line[0] = '\0';
	if ((fp = popen(cmd, "r")) != NULL) {
		if (fgets(line, sizeof(line), fp) == NULL)
			line[0] = '\0';
		pclose(fp);
	}
	line[strcspn(line, "\n")] = '\0';
	if (strcmp(line, dsn) != 0) {
		print_message("SKIP: VIGIL_TEST_PG_DSN is not the cluster of "
		    "scripts/pg-test-cluster; not restarting it\n");
		skip();
	}
	vt_pg_lock(true);
	assert_int_equal(vt_pg_fresh(db, sizeof(db), schema, "restart"), 0);
	assert_int_equal(vigil_store_open(&st, db, 0, &err), 0);
	vigil_store_close(st);
	atomic_init(&stop, false);
	for (i = 0; i < 3; i++) {
		memset(&l[i], 0, sizeof(l[i]));
		l[i].db = db;
		l[i].stop = &stop;
		l[i].id = i;
		assert_int_equal(pthread_create(&t[i], NULL, load, &l[i]), 0);
	}
	sleep_ms(700);
	snprintf(cmd, sizeof(cmd), "'%s/scripts/pg-test-cluster' restart",
	    src != NULL ? src : ".");
	assert_int_equal(vt_system("%s", cmd), 0);
	sleep_ms(700);
	atomic_store(&stop, true);
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		if (l[i].bad_code != 0)
			fail_msg("loader %d: not VIGIL_EDB: %s", i, l[i].msg);
		if (l[i].final_tries > 2)
			fail_msg("loader %d did not recover: %s", i, l[i].msg);
		failed += l[i].failed;
		ok += l[i].ok;
	}
	vt_pg_lock(false);
	print_message("restart under load: %d imports ok, %d failed with "
	    "VIGIL_EDB\n", ok, failed);
	assert_true(failed >= 1);
	/* Every import that reported success is there, whole; none of the
	 * failed ones left anything. */
	assert_int_equal(vigil_store_open(&st, db, VIGIL_STORE_READONLY, &err),
	    0);
	assert_int_equal(vigil_store_status_get(&s, st, &err), 0);
	assert_int_equal(s.osv, (uint64_t)ok * PER_ROUND);
	vigil_store_close(st);
	vt_pg_drop(schema);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_sqlite),
		cmocka_unit_test(test_concurrent_postgresql),
		cmocka_unit_test(test_pool_postgresql),
		cmocka_unit_test(test_migrate_race_postgresql),
		cmocka_unit_test(test_restart_postgresql),
	};

	setenv("VIGIL_PG_POOL_MAX", "8", 1);
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
