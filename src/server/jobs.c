/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Background jobs: long work (importing an uploaded feed file, rescanning
 * every release of an organisation after the advisories changed) runs in
 * one worker thread, one job at a time, off the request threads.  A job is
 * a row of srv_job (queued, running, done, failed) whose done/total
 * columns the worker updates as it goes, so progress is visible through
 * GET /api/v1/jobs/{id}.
 *
 * Jobs survive a crash: a job found "running" at start-up was interrupted
 * and is queued again.  Both kinds are safe to rerun (feed imports commit
 * in batches and a rerun completes them; a rescan replaces findings in one
 * transaction per SBOM).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

struct progress {
	struct srv *s;
	int64_t job;
};

static void
job_progress(struct dbh *h, int64_t job, int64_t done, int64_t total)
{
	vigil_error err;

	srv_cache_invalidate();
	(void)srv_db_run(NULL, h, &err, "UPDATE srv_job SET done = ?, total = "
	    "? WHERE id = ?", "iii", done, total, job);
}

static void
on_feed_progress(void *payload, const char *file, uint64_t records,
    uint64_t done, uint64_t total)
{
	struct progress *p = payload;

	(void)file;
	(void)records;
	p->s->job_done = (int64_t)done;
	p->s->job_total = (int64_t)total;
}

static int
run_import(struct srv *s, struct dbh *h, int64_t job, const char *path,
    char *msg, size_t msgsz)
{
	vigil_feed_opts fo = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats stats;
	struct progress p = { s, job };
	vigil_store *st = NULL;
	vigil_error err;
	int rc;

	memset(&stats, 0, sizeof(stats));
	vigil_error_clear(&err);
	fo.progress = on_feed_progress;
	fo.payload = &p;
	if ((rc = vigil_store_open(&st, s->dbpath, 0, &err)) == 0)
		rc = vigil_feed_import_path(&stats, st, path, &fo, &err);
	vigil_store_close(st);
	job_progress(h, job, s->job_done, s->job_total);
	if (rc < 0)
		snprintf(msg, msgsz, "%s", err.msg);
	else {
		snprintf(msg, msgsz, "added %llu, updated %llu, unchanged "
		    "%llu, withdrawn %llu, rejected %llu",
		    (unsigned long long)stats.added,
		    (unsigned long long)stats.updated,
		    (unsigned long long)stats.unchanged,
		    (unsigned long long)stats.withdrawn,
		    (unsigned long long)stats.rejected);
		(void)unlink(path);
	}
	return rc;
}

static int
run_rescan(struct dbh *h, int64_t job, int64_t org, char *msg, size_t msgsz)
{
	int64_t ids[4096], total = 0, i;
	vigil_error err;
	void *st;
	int rc;

	vigil_error_clear(&err);
	if ((st = srv_db_prep(h, "SELECT max(s.sid) FROM release_sbom s JOIN "
	    "device_release rl ON rl.rid = s.rid WHERE rl.org = ? GROUP BY "
	    "s.rid ORDER BY 1", &err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(h, st, "i", org);
	while ((rc = srv_db_step(h, st, &err)) == 1 && total < 4096)
		ids[total++] = srv_db_int(h, st, 0);
	srv_db_reset(h, st);
	if (rc < 0) {
		snprintf(msg, msgsz, "%s", err.msg);
		return rc;
	}
	job_progress(h, job, 0, total);
	for (i = 0; i < total; i++) {
		if ((rc = srv_sbom_rescan(h, org, ids[i], &err)) < 0) {
			snprintf(msg, msgsz, "SBOM %lld: %s", (long long)ids[i],
			    err.msg);
			return rc;
		}
		job_progress(h, job, i + 1, total);
	}
	snprintf(msg, msgsz, "rescanned %lld SBOMs", (long long)total);
	return 0;
}

/* Take the oldest queued job; 1 if one was run, 0 if none. */
static int
run_one(struct srv *s, struct dbh *h)
{
	char kind[16], arg[1024], msg[512], now[21];
	int64_t id = 0, org = 0;
	vigil_error err;
	const char *t;
	void *st;
	int rc;

	if ((st = srv_db_prep(h, "SELECT id, org, kind, arg FROM srv_job "
	    "WHERE state = 'queued' ORDER BY id LIMIT 1", &err)) == NULL)
		return 0;
	if (srv_db_step(h, st, &err) == 1) {
		id = srv_db_int(h, st, 0);
		org = srv_db_int(h, st, 1);
		snprintf(kind, sizeof(kind), "%s", srv_db_text(h, st, 2));
		t = srv_db_text(h, st, 3);
		snprintf(arg, sizeof(arg), "%s", t ? t : "");
	}
	srv_db_reset(h, st);
	if (id == 0)
		return 0;
	(void)srv_db_run(NULL, h, &err, "UPDATE srv_job SET state = "
	    "'running' WHERE id = ?", "i", id);
	msg[0] = '\0';
	s->job_done = s->job_total = 0;
	s->job_id = id;
	if (strcmp(kind, "import") == 0)
		rc = run_import(s, h, id, arg, msg, sizeof(msg));
	else if (strcmp(kind, "rescan") == 0)
		rc = run_rescan(h, id, org, msg, sizeof(msg));
	else {
		snprintf(msg, sizeof(msg), "unknown job kind '%s'", kind);
		rc = VIGIL_EINVALID;
	}
	srv_now(now);
	(void)srv_db_run(NULL, h, &err, "UPDATE srv_job SET state = ?, "
	    "message = ?, finished = ? WHERE id = ?", "sssi", rc < 0 ?
	    "failed" : "done", msg, now, id);
	s->job_id = 0;
	srv_cache_invalidate();
	return 1;
}

static void *
worker(void *arg)
{
	struct srv *s = arg;
	struct dbh *h = srv_db_get(&s->pool);
	struct timespec ts;

	while (!s->stopping) {
		if (run_one(s, h) > 0)
			continue;
		pthread_mutex_lock(&s->jobmu);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (!s->stopping)
			pthread_cond_timedwait(&s->jobcv, &s->jobmu, &ts);
		pthread_mutex_unlock(&s->jobmu);
	}
	srv_db_put(&s->pool, h);
	pthread_mutex_lock(&s->jobmu);
	s->worker_done = true;
	pthread_cond_broadcast(&s->jobcv);
	pthread_mutex_unlock(&s->jobmu);
	return NULL;
}

int
srv_jobs_start(struct srv *s, vigil_error *err)
{
	struct dbh *h = srv_db_get(&s->pool);
	int rc;

	/* Jobs left running by a crash run again. */
	rc = srv_db_run(NULL, h, err, "UPDATE srv_job SET state = 'queued' "
	    "WHERE state = 'running'", "");
	srv_db_put(&s->pool, h);
	if (rc < 0)
		return rc;
	if (pthread_create(&s->worker, NULL, worker, s) != 0)
		return vigil__error(err, VIGIL_ERROR, "cannot start the job "
		    "worker");
	s->worker_started = true;
	return 0;
}

void
srv_jobs_wake(struct srv *s)
{
	pthread_mutex_lock(&s->jobmu);
	pthread_cond_signal(&s->jobcv);
	pthread_mutex_unlock(&s->jobmu);
}

/*
 * Stop the worker: it finishes its current step.  A feed import cannot be
 * interrupted between its batches, so after 5 s the worker is left to the
 * process's exit: the batch in progress is rolled back by SQLite, and the
 * job, still "running" in its row, is queued again at the next start.
 */
void
srv_jobs_stop(struct srv *s)
{
	struct timespec ts;

	if (!s->worker_started)
		return;
	s->stopping = 1;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	pthread_mutex_lock(&s->jobmu);
	pthread_cond_broadcast(&s->jobcv);
	while (!s->worker_done)
		if (pthread_cond_timedwait(&s->jobcv, &s->jobmu, &ts) != 0)
			break;
	pthread_mutex_unlock(&s->jobmu);
	if (s->worker_done)
		pthread_join(s->worker, NULL);
	else {
		pthread_detach(s->worker);
		s->worker_stuck = true;
	}
	s->worker_started = false;
}

/* ---- the API ------------------------------------------------------------- */

static const struct listcol job_cols[] = {
	{"id", "j.id", 'i', false, true},
	{"kind", "j.kind", 's', true, true},
	{"state", "j.state", 's', true, true},
	{"done", "j.done", 'i', false, false},
	{"total", "j.total", 'i', false, false},
	{"message", "j.message", 's', false, false},
	{"user_id", "j.user_id", 'i', false, false},
	{"created", "j.created", 's', false, true},
	{"finished", "j.finished", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec jobs = {
	"FROM srv_job j WHERE j.org = ?", job_cols, NULL, "id", true, NULL, NULL
};

int
api_jobs_list(struct req *r)
{
	return srv_list(r, &jobs, NULL, NULL, 0);
}

int
api_jobs_get(struct req *r)
{
	int64_t id = srv_param_id(r, 0);
	json_t *o = srv_get_one(r, &jobs, "j.id", id);

	if (o == NULL)
		return -1;
	if (id == r->srv->job_id && strcmp(json_string_value(json_object_get(
	    o, "state")), "running") == 0) {
		json_object_set_new(o, "done", json_integer(r->srv->job_done));
		json_object_set_new(o, "total", json_integer(
		    r->srv->job_total));
	}
	return srv_json(r, 200, o);
}

static int
queue(struct req *r, const char *kind, const char *arg)
{
	char now[21], obj[64];
	int64_t id = 0;
	vigil_error err;
	json_t *o;
	int rc;

	srv_now(now);
	if ((rc = srv_db_begin(r->db, &err)) < 0 ||
	    (rc = srv_db_run(&id, r->db, &err, "INSERT INTO srv_job (org, "
	    "user_id, kind, state, done, total, arg, created) VALUES (?, ?, ?, "
	    "'queued', 0, 0, ?, ?) RETURNING id", "iisss", r->who.org,
	    r->who.user, kind, arg, now)) < 0) {
		srv_db_rollback(r->db);
		return srv_problem_err(r, rc, &err);
	}
	snprintf(obj, sizeof(obj), "job/%lld", (long long)id);
	if ((rc = srv_audit(r, "job.create", obj, NULL, NULL)) < 0 ||
	    (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		return srv_problem_err(r, rc, &err);
	}
	srv_jobs_wake(r->srv);
	if ((o = srv_get_one(r, &jobs, "j.id", id)) == NULL)
		return -1;
	snprintf(r->location, sizeof(r->location), "/api/v1/jobs/%lld",
	    (long long)id);
	return srv_json(r, 202, o);
}

int
api_jobs_create(struct req *r)
{
	const char *kind;
	json_t *j;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "kind", 16, true, &kind) < 0) {
		json_decref(j);
		return -1;
	}
	if (strcmp(kind, "rescan") != 0) {
		json_decref(j);
		return srv_problem(r, 422, "Unprocessable Content", "kind takes "
		    "rescan (feeds are imported by POST /api/v1/feeds)");
	}
	rc = queue(r, "rescan", NULL);
	json_decref(j);
	return rc;
}

static const char *
feed_ext(const char *name)
{
	static const char *const ext[] = {
		".json.gz", ".csv.gz", ".json", ".csv", ".zip", NULL
	};
	size_t i, n, e;

	if (name == NULL)
		return ".json";
	n = strlen(name);
	for (i = 0; ext[i] != NULL; i++) {
		e = strlen(ext[i]);
		if (n >= e && strcmp(name + n - e, ext[i]) == 0)
			return ext[i];
	}
	return NULL;
}

int
api_feeds_upload(struct req *r)
{
	char tmp[4096], path[4096], rnd[64];
	const char *ext = feed_ext(srv_query(r, "name"));
	size_t off;
	ssize_t w;
	int fd;

	if (ext == NULL)
		return srv_problem(r, 415, "Unsupported Media Type", "name "
		    "must end in .json, .json.gz, .csv, .csv.gz or .zip");
	if (r->len == 0)
		return srv_problem(r, 400, "Bad Request", "the body is the "
		    "feed file; it is empty");
	if (mkdir(r->srv->spool, 0700) < 0 && errno != EEXIST)
		return srv_problem(r, 500, "Internal Server Error", "cannot "
		    "create the spool directory");
	srv_secret_new(rnd, sizeof(rnd), "");
	snprintf(tmp, sizeof(tmp), "%s/.%s.part", r->srv->spool, rnd);
	snprintf(path, sizeof(path), "%s/feed-%s%s", r->srv->spool, rnd, ext);
	/* Written, synced, then renamed: a crash leaves no half file under
	 * the name a job reads. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) <
	    0)
		return srv_problem(r, 500, "Internal Server Error", "cannot "
		    "write the spool file");
	for (off = 0; off < r->len; off += (size_t)w)
		if ((w = write(fd, r->body + off, r->len - off)) <= 0)
			break;
	if (off != r->len || fsync(fd) < 0 || close(fd) < 0 || rename(tmp,
	    path) < 0) {
		if (off != r->len)
			close(fd);
		(void)unlink(tmp);
		return srv_problem(r, 500, "Internal Server Error", "cannot "
		    "write the spool file");
	}
	return queue(r, "import", path);
}

/* The lists' columns, for the OpenAPI document (router.c). */
const struct listspec *const srv_ls_job = &jobs;
