/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL backend of the store (vigil/sys/store_backend.h), over
 * libpq.  Everything PostgreSQL-only lives here:
 *
 *   - `?` placeholders become `$1, $2, ...` in prepare (outside quotes and
 *     comments); statements are server-side prepared once per connection;
 *   - migrations (exec_schema) are translated from the portable subset of
 *     docs/store.md: INTEGER PRIMARY KEY becomes an identity column, BLOB
 *     BYTEA, REAL DOUBLE PRECISION, TEXT columns get COLLATE "C" (so that
 *     ORDER BY sorts bytes, as SQLite does), PRAGMA lines are dropped;
 *   - write transactions take a transaction-level advisory lock, one per
 *     schema, so writers (imports, migrations) run one at a time as they do
 *     on SQLite, while readers never wait;
 *   - a process-wide connection pool: bounded (VIGIL_PG_POOL_MAX, default
 *     16), thread-safe acquire/release; opening a store acquires a
 *     connection, closing releases it;
 *   - reconnecting: a connection that broke (server restart) is reset
 *     before the next operation.  The operation that saw the break fails
 *     with VIGIL_EDB; if it was inside a transaction, every operation fails
 *     until the store rolls back, so a half-done transaction is never
 *     mistaken for a committed one.
 *
 * Results are fetched whole (text format; bytea decoded on demand), so a
 * statement may be stepped while others run on the same connection.
 */
#include <stddef.h>

#include "vigil/sys/store_backend.h"

#ifndef VIGIL_WITH_PG

const vigil_store_backend *
vigil_store_backend_postgresql(void)
{
	return NULL;
}

void
vigil_store_pg_pool_stats(size_t *open, size_t *busy, size_t *max,
    unsigned long *waits)
{
	if (open != NULL)
		*open = 0;
	if (busy != NULL)
		*busy = 0;
	if (max != NULL)
		*max = 0;
	if (waits != NULL)
		*waits = 0;
}

#else

#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "vgx.h"

#define POOL_LIMIT 256		/* largest VIGIL_PG_POOL_MAX */
#define POOL_DEFAULT 16
#define POOL_WAIT_S 30		/* an acquire waits this long for a slot */
#define MAX_PARAMS 1000		/* placeholders in one statement */
#define MAX_SQL ((size_t)1 << 20)
/* Advisory lock class ('vigl'); the second key is the schema's hash. */
#define LOCK_SQL "SELECT pg_advisory_xact_lock(1986619244, " \
	"hashtext(current_schema()))"

struct pg_conn {
	pid_t pid;		/* the process that opened it */
	PGconn *pc;
	char *conninfo;
	unsigned gen;		/* bumped by every reconnect */
	unsigned long names;	/* statement name counter */
	bool busy;
	bool dirty;		/* statements left prepared: DEALLOCATE ALL */
};

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cv = PTHREAD_COND_INITIALIZER;
static struct pg_conn *pool[POOL_LIMIT];
static size_t pool_connecting;	/* slots reserved by connects in flight */
static size_t pool_max;		/* 0: not read yet */
static unsigned long pool_waits;	/* acquires that had to wait */

struct pg_db {
	struct pg_conn *c;
	bool readonly;
	bool in_tx;
	bool tx_broken;		/* the connection broke inside a transaction */
};

struct pg_stmt {
	struct pg_db *db;
	char *sql;		/* with $n placeholders */
	char name[32];
	unsigned gen;		/* connection generation it is prepared on */
	int nparams;
	char **vals;
	int *lens, *fmts;
	bool bind_failed;
	PGresult *res;
	int row, nrows, ncols;
	unsigned char **blobs;	/* decoded bytea per column, this row */
	size_t *bloblens;
};

/* ---- errors --------------------------------------------------------------- */

/* One line of libpq's message (they end with newlines, sometimes span
 * several: "ERROR: ...\nDETAIL: ..."). */
static int
pgerr(vigil_error *err, const char *what, const char *msg)
{
	size_t n;

	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	n = strcspn(msg, "\n");
	return vigil__error(err, VIGIL_EDB, "%s: %.*s", what, (int)n, msg);
}

static int
reserr(struct pg_db *db, PGresult *r, vigil_error *err, const char *what)
{
	const char *m = r != NULL ? PQresultErrorMessage(r) : NULL;

	if (PQstatus(db->c->pc) == CONNECTION_BAD && db->in_tx)
		db->tx_broken = true;
	if (m == NULL || *m == '\0')
		m = PQerrorMessage(db->c->pc);
	return pgerr(err, what, m);
}

/* libpq prints notices on stderr by default; the library never prints. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* ---- connections and the pool ------------------------------------------- */

static int
conn_setup(PGconn *pc, vigil_error *err)
{
	const char *enc;

	PQsetNoticeProcessor(pc, quiet, NULL);
	if (PQsetClientEncoding(pc, "UTF8") != 0)
		return pgerr(err, "client encoding", PQerrorMessage(pc));
	enc = PQparameterStatus(pc, "server_encoding");
	if (enc == NULL || strcmp(enc, "UTF8") != 0)
		return vigil__error(err, VIGIL_EDB, "database encoding is %s, "
		    "not UTF8", enc != NULL ? enc : "unknown");
	return 0;
}

static void
conn_free(struct pg_conn *c)
{
	if (c == NULL)
		return;
	PQfinish(c->pc);
	vgx_free(c->conninfo);
	vgx_free(c);
}

static size_t
pool_limit(void)
{
	const char *v = getenv("VIGIL_PG_POOL_MAX");
	uint64_t n;

	if (v != NULL && vgx_parse_uint(&v, v + strlen(v), POOL_LIMIT, &n) ==
	    0 && *v == '\0' && n >= 1)
		return (size_t)n;
	return POOL_DEFAULT;
}

/*
 * Connections inherited over fork() belong to the parent: a child never
 * uses or closes them (closing would end the parent's session), it leaves
 * them where they are and opens its own.
 */
static bool
mine(const struct pg_conn *c)
{
	return c != NULL && c->pid == getpid();
}

static size_t
pool_used(void)
{
	size_t i, n = pool_connecting;

	for (i = 0; i < POOL_LIMIT; i++)
		if (mine(pool[i]))
			n++;
	return n;
}

/* Take an idle connection to CONNINFO, or connect a new one. */
static int
pool_acquire(struct pg_conn **out, const char *conninfo, vigil_error *err)
{
	struct timespec until;
	struct pg_conn *c = NULL, *evict = NULL;
	size_t i;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += POOL_WAIT_S;
	pthread_mutex_lock(&pool_mu);
	if (pool_max == 0)
		pool_max = pool_limit();
	for (;;) {
		for (i = 0; i < POOL_LIMIT; i++)
			if (mine(pool[i]) && !pool[i]->busy &&
			    strcmp(pool[i]->conninfo, conninfo) == 0)
				break;
		if (i < POOL_LIMIT) {
			pool[i]->busy = true;
			*out = pool[i];
			pthread_mutex_unlock(&pool_mu);
			return 0;
		}
		if (pool_used() < pool_max)
			break;
		/* Full: make room by closing an idle connection to another
		 * database, else wait for a release. */
		for (i = 0; i < POOL_LIMIT; i++)
			if (mine(pool[i]) && !pool[i]->busy)
				break;
		if (i < POOL_LIMIT) {
			evict = pool[i];
			pool[i] = NULL;
			break;
		}
		pool_waits++;
		if (pthread_cond_timedwait(&pool_cv, &pool_mu, &until) ==
		    ETIMEDOUT) {
			pthread_mutex_unlock(&pool_mu);
			return vigil__error(err, VIGIL_EDB, "PostgreSQL "
			    "connection pool exhausted (%zu connections busy "
			    "for %d s)", pool_max, POOL_WAIT_S);
		}
	}
	pool_connecting++;
	pthread_mutex_unlock(&pool_mu);
	conn_free(evict);

	if ((c = vgx_calloc(1, sizeof(*c))) == NULL ||
	    (c->conninfo = vgx_strdup(conninfo)) == NULL) {
		rc = vigil__error_oom(err);
	} else {
		c->pid = getpid();
		c->pc = PQconnectdb(conninfo);
		if (c->pc == NULL)
			rc = vigil__error_oom(err);
		else if (PQstatus(c->pc) != CONNECTION_OK)
			rc = pgerr(err, "cannot connect to PostgreSQL",
			    PQerrorMessage(c->pc));
		else
			rc = conn_setup(c->pc, err);
	}
	pthread_mutex_lock(&pool_mu);
	pool_connecting--;
	if (rc == 0) {
		for (i = 0; i < POOL_LIMIT && pool[i] != NULL; i++)
			;
		if (i == POOL_LIMIT) {
			/* every slot holds a parent's connection */
			rc = vigil__error(err, VIGIL_EDB, "PostgreSQL "
			    "connection pool full");
		} else {
			c->busy = true;
			pool[i] = c;
		}
	}
	pthread_cond_broadcast(&pool_cv);
	pthread_mutex_unlock(&pool_mu);
	if (rc < 0) {
		conn_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Give C back; a broken connection or one left in a transaction is closed. */
static void
pool_release(struct pg_conn *c)
{
	bool drop;
	size_t i;

	drop = PQstatus(c->pc) != CONNECTION_OK ||
	    PQtransactionStatus(c->pc) != PQTRANS_IDLE;
	if (!drop && c->dirty) {
		PGresult *r = PQexec(c->pc, "DEALLOCATE ALL");

		drop = PQresultStatus(r) != PGRES_COMMAND_OK;
		PQclear(r);
		c->dirty = false;
	}
	pthread_mutex_lock(&pool_mu);
	for (i = 0; i < POOL_LIMIT; i++)
		if (pool[i] == c)
			break;
	if (drop && i < POOL_LIMIT)
		pool[i] = NULL;
	c->busy = false;
	pthread_cond_broadcast(&pool_cv);
	pthread_mutex_unlock(&pool_mu);
	if (drop)
		conn_free(c);
}

void
vigil_store_pg_pool_stats(size_t *open, size_t *busy, size_t *max,
    unsigned long *waits)
{
	size_t i, o = 0, b = 0;

	pthread_mutex_lock(&pool_mu);
	for (i = 0; i < POOL_LIMIT; i++) {
		if (!mine(pool[i]))
			continue;
		o++;
		if (pool[i]->busy)
			b++;
	}
	if (open != NULL)
		*open = o;
	if (busy != NULL)
		*busy = b;
	if (max != NULL)
		*max = pool_max != 0 ? pool_max : pool_limit();
	if (waits != NULL)
		*waits = pool_waits;
	pthread_mutex_unlock(&pool_mu);
}

/* Before an operation: refuse inside a broken transaction, reconnect a
 * connection that broke outside one. */
static int
pg_ready(struct pg_db *db, vigil_error *err)
{
	if (db->tx_broken)
		return vigil__error(err, VIGIL_EDB, "connection to PostgreSQL "
		    "lost during a transaction; roll back");
	if (PQstatus(db->c->pc) == CONNECTION_OK)
		return 0;
	if (db->in_tx) {
		db->tx_broken = true;
		return vigil__error(err, VIGIL_EDB, "connection to PostgreSQL "
		    "lost during a transaction; roll back");
	}
	PQreset(db->c->pc);
	db->c->gen++;
	if (PQstatus(db->c->pc) != CONNECTION_OK)
		return pgerr(err, "cannot reconnect to PostgreSQL",
		    PQerrorMessage(db->c->pc));
	return conn_setup(db->c->pc, err);
}

/* Run SQL without results; CMD, if not NULL, gets PQcmdStatus. */
static int
pg_run(struct pg_db *db, const char *sql, char *cmd, size_t cmdsz,
    vigil_error *err)
{
	PGresult *r;
	ExecStatusType s;
	int rc;

	if ((rc = pg_ready(db, err)) < 0)
		return rc;
	r = PQexec(db->c->pc, sql);
	s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY) {
		rc = reserr(db, r, err, "PostgreSQL");
		PQclear(r);
		return rc;
	}
	if (cmd != NULL)
		snprintf(cmd, cmdsz, "%s", PQcmdStatus(r));
	PQclear(r);
	return 0;
}

/* ---- the backend ------------------------------------------------------------ */

static int
pg_session(struct pg_db *db, vigil_error *err)
{
	return pg_run(db, db->readonly ?
	    "SET default_transaction_read_only = on" :
	    "SET default_transaction_read_only = off", NULL, 0, err);
}

static int
pg_open(void **out, const char *location, unsigned flags, vigil_error *err)
{
	struct pg_db *db;
	int rc;

	if ((db = vgx_calloc(1, sizeof(*db))) == NULL)
		return vigil__error_oom(err);
	db->readonly = (flags & VIGIL_STORE_BACKEND_READONLY) != 0;
	if ((rc = pool_acquire(&db->c, location, err)) < 0) {
		vgx_free(db);
		return rc;
	}
	/* The first command on a pooled connection may find it broken by a
	 * server restart since it was last used: reconnect once. */
	if ((rc = pg_session(db, err)) < 0 &&
	    PQstatus(db->c->pc) == CONNECTION_BAD)
		rc = pg_session(db, err);
	if (rc < 0) {
		pool_release(db->c);
		vgx_free(db);
		return rc;
	}
	*out = db;
	return 0;
}

static void
pg_close(void *p)
{
	struct pg_db *db = p;

	if (db == NULL)
		return;
	if (db->in_tx && !db->tx_broken)
		pg_run(db, "ROLLBACK", NULL, 0, NULL);
	pool_release(db->c);
	vgx_free(db);
}

static int
pg_exec(void *p, const char *sql, vigil_error *err)
{
	return pg_run(p, sql, NULL, 0, err);
}

static int
pg_begin(void *p, vigil_error *err)
{
	struct pg_db *db = p;
	int rc;

	if ((rc = pg_run(db, "BEGIN", NULL, 0, err)) < 0)
		return rc;
	db->in_tx = true;
	if (!db->readonly && (rc = pg_run(db, LOCK_SQL, NULL, 0, err)) < 0) {
		if (!db->tx_broken)
			pg_run(db, "ROLLBACK", NULL, 0, NULL);
		db->in_tx = false;
		db->tx_broken = false;
		return rc;
	}
	return 0;
}

static int
pg_commit(void *p, vigil_error *err)
{
	struct pg_db *db = p;
	char cmd[32];
	int rc;

	rc = pg_run(db, "COMMIT", cmd, sizeof(cmd), err);
	/* COMMIT of a transaction that failed answers ROLLBACK. */
	if (rc == 0 && strcmp(cmd, "COMMIT") != 0)
		rc = vigil__error(err, VIGIL_EDB, "transaction rolled back "
		    "after an error");
	if (rc < 0 && !db->tx_broken)
		pg_run(db, "ROLLBACK", NULL, 0, NULL);
	db->in_tx = false;
	db->tx_broken = false;
	return rc;
}

static void
pg_rollback(void *p)
{
	struct pg_db *db = p;

	if (db->in_tx && !db->tx_broken)
		pg_run(db, "ROLLBACK", NULL, 0, NULL);
	db->in_tx = false;
	db->tx_broken = false;
}

/*
 * `?` -> `$n` and `?NNN` -> `$NNN` outside '...' strings, "..."
 * identifiers and -- comments, numbered as SQLite does (a bare `?` is one
 * more than the largest number so far).  *NPARAMS gets the largest.
 */
static char *
rewrite_params(const char *sql, int *nparams)
{
	vgx_buf b;
	const char *p;
	int n = 0;

	vgx_buf_init(&b, MAX_SQL);
	for (p = sql; *p != '\0'; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);

			if (q == NULL)
				q = p + strlen(p) - 1;
			if (vgx_buf_add(&b, p, (size_t)(q - p) + 1) < 0)
				goto fail;
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			size_t k = strcspn(p, "\n");

			if (vgx_buf_add(&b, p, k) < 0)
				goto fail;
			p += k - 1;
		} else if (*p == '?') {
			int k = 0;

			if (vgx_isdigit((unsigned char)p[1])) {
				while (vgx_isdigit((unsigned char)p[1])) {
					k = k * 10 + (p[1] - '0');
					if (k > MAX_PARAMS)
						goto fail;
					p++;
				}
				if (k == 0)
					goto fail;
			} else {
				k = n + 1;
			}
			if (k > MAX_PARAMS || vgx_buf_printf(&b, "$%d", k) < 0)
				goto fail;
			if (k > n)
				n = k;
		} else if (vgx_buf_add(&b, p, 1) < 0) {
			goto fail;
		}
	}
	*nparams = n;
	return vgx_buf_take(&b, NULL);
fail:
	vgx_buf_dispose(&b);
	return NULL;
}

/*
 * Prepare on the server.  A parameter whose type PostgreSQL cannot tell
 * from its first use (`?2 IS NULL OR vuln = ?2`) is typed text and the
 * statement prepared again, as SQLite would take it.  Inside a
 * transaction a savepoint keeps a failed prepare from aborting it (on
 * SQLite a statement that does not compile leaves the transaction alone).
 */
static int
stmt_prepare(struct pg_stmt *s, vigil_error *err)
{
	struct pg_conn *c = s->db->c;
	PGresult *r = NULL;
	Oid *types = NULL;
	bool sp = PQtransactionStatus(c->pc) == PQTRANS_INTRANS;
	int rc = 0, tries;

	for (tries = 0; tries <= s->nparams; tries++) {
		const char *state, *msg, *dollar;
		uint64_t k;

		snprintf(s->name, sizeof(s->name), "vigil_%lu", ++c->names);
		PQclear(r);
		if (sp && (rc = pg_run(s->db, "SAVEPOINT vigil_prepare", NULL, 0,
		    err)) < 0)
			break;
		r = PQprepare(c->pc, s->name, s->sql, s->nparams, types);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			s->gen = c->gen;
			if (sp)
				rc = pg_run(s->db, "RELEASE SAVEPOINT "
				    "vigil_prepare", NULL, 0, err);
			break;
		}
		if (sp && PQstatus(c->pc) == CONNECTION_OK)
			pg_run(s->db, "ROLLBACK TO SAVEPOINT vigil_prepare", NULL,
			    0, NULL);
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		/* 42P18 or 42P08: could not determine data type of
		 * parameter $N */
		if (state == NULL || (strcmp(state, "42P18") != 0 &&
		    strcmp(state, "42P08") != 0) ||
		    msg == NULL || (dollar = strrchr(msg, '$')) == NULL ||
		    (dollar++, vgx_parse_uint(&dollar, dollar + strlen(dollar),
		    (uint64_t)s->nparams, &k) < 0) || k == 0) {
			rc = reserr(s->db, r, err, "prepare");
			break;
		}
		if (types == NULL &&
		    (types = vgx_calloc((size_t)s->nparams, sizeof(*types))) ==
		    NULL) {
			rc = vigil__error_oom(err);
			break;
		}
		if (types[k - 1] != 0) {
			rc = reserr(s->db, r, err, "prepare");
			break;
		}
		types[k - 1] = 25;	/* TEXTOID */
	}
	PQclear(r);
	vgx_free(types);
	return rc;
}

static void
stmt_clear_row(struct pg_stmt *s)
{
	int i;

	if (s->blobs != NULL)
		for (i = 0; i < s->ncols; i++) {
			if (s->blobs[i] != NULL)
				PQfreemem(s->blobs[i]);
			s->blobs[i] = NULL;
		}
}

static void
stmt_clear(struct pg_stmt *s)
{
	int i;

	stmt_clear_row(s);
	vgx_free(s->blobs);
	vgx_free(s->bloblens);
	s->blobs = NULL;
	s->bloblens = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = s->ncols = 0;
	for (i = 0; i < s->nparams; i++) {
		vgx_free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
	s->bind_failed = false;
}

static void
pg_finalize(void *p)
{
	struct pg_stmt *s = p;

	if (s == NULL)
		return;
	stmt_clear(s);
	if (s->gen == s->db->c->gen && s->name[0] != '\0') {
		PGconn *pc = s->db->c->pc;
		PGTransactionStatusType t = PQtransactionStatus(pc);

		if (PQstatus(pc) == CONNECTION_OK &&
		    (t == PQTRANS_IDLE || t == PQTRANS_INTRANS)) {
			char sql[64];
			PGresult *r;

			snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
			r = PQexec(pc, sql);
			if (PQresultStatus(r) != PGRES_COMMAND_OK)
				s->db->c->dirty = true;
			PQclear(r);
		} else {
			s->db->c->dirty = true;
		}
	}
	vgx_free(s->vals);
	vgx_free(s->lens);
	vgx_free(s->fmts);
	vgx_free(s->sql);
	vgx_free(s);
}

static int
pg_prepare(void **out, void *p, const char *sql, vigil_error *err)
{
	struct pg_db *db = p;
	struct pg_stmt *s;
	int rc;

	if ((rc = pg_ready(db, err)) < 0)
		return rc;
	if ((s = vgx_calloc(1, sizeof(*s))) == NULL)
		return vigil__error_oom(err);
	s->db = db;
	s->row = -1;
	if ((s->sql = rewrite_params(sql, &s->nparams)) == NULL) {
		vgx_free(s);
		return vigil__error(err, VIGIL_EDB, "prepare: statement too "
		    "long, or a bad ?NNN parameter");
	}
	if (s->nparams > 0 &&
	    ((s->vals = vgx_calloc((size_t)s->nparams, sizeof(*s->vals))) ==
	    NULL || (s->lens = vgx_calloc((size_t)s->nparams,
	    sizeof(*s->lens))) == NULL || (s->fmts = vgx_calloc(
	    (size_t)s->nparams, sizeof(*s->fmts))) == NULL)) {
		s->name[0] = '\0';
		pg_finalize(s);
		return vigil__error_oom(err);
	}
	if ((rc = stmt_prepare(s, err)) < 0) {
		s->name[0] = '\0';
		pg_finalize(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* Keep a copy of LEN bytes as parameter IDX (text: NUL-terminated). */
static int
bind(struct pg_stmt *s, int idx, const void *v, size_t len, int fmt)
{
	char *copy;

	if (idx < 1 || idx > s->nparams) {
		s->bind_failed = true;
		return VIGIL_EINVALID;
	}
	if (len > 0x3fffffff) {
		s->bind_failed = true;
		return VIGIL_ETOOBIG;
	}
	if ((copy = vgx_malloc(len + 1)) == NULL) {
		s->bind_failed = true;
		return VIGIL_ENOMEM;
	}
	if (len > 0)
		memcpy(copy, v, len);
	copy[len] = '\0';
	vgx_free(s->vals[idx - 1]);
	s->vals[idx - 1] = copy;
	s->lens[idx - 1] = (int)len;
	s->fmts[idx - 1] = fmt;
	return 0;
}

static int
pg_bind_text(void *p, int idx, const char *text, size_t len)
{
	struct pg_stmt *s = p;

	if (text == NULL) {
		if (idx >= 1 && idx <= s->nparams) {
			vgx_free(s->vals[idx - 1]);
			s->vals[idx - 1] = NULL;
			return 0;
		}
		s->bind_failed = true;
		return VIGIL_EINVALID;
	}
	/* PostgreSQL text cannot hold NUL. */
	if (memchr(text, '\0', len) != NULL) {
		s->bind_failed = true;
		return VIGIL_EINVALID;
	}
	return bind(s, idx, text, len, 0);
}

static int
pg_bind_int64(void *p, int idx, int64_t v)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%lld", (long long)v);

	return bind(p, idx, num, (size_t)n, 0);
}

static int
pg_bind_double(void *p, int idx, double v)
{
	char num[40];
	int n = snprintf(num, sizeof(num), "%.17g", v);

	return bind(p, idx, num, (size_t)n, 0);
}

static int
pg_bind_blob(void *p, int idx, const void *data, size_t len)
{
	return bind(p, idx, data, len, 1);
}

static int
pg_step(void *p, vigil_error *err)
{
	struct pg_stmt *s = p;
	struct pg_db *db = s->db;
	ExecStatusType t;
	int rc;

	if (s->res != NULL) {
		stmt_clear_row(s);
		if (s->row < s->nrows)
			s->row++;
		return s->row < s->nrows ? 1 : 0;
	}
	if (s->bind_failed)
		return vigil__error(err, VIGIL_EDB, "cannot bind a value");
	if ((rc = pg_ready(db, err)) < 0)
		return rc;
	/* Prepared on a connection that has since been reset. */
	if (s->gen != db->c->gen && (rc = stmt_prepare(s, err)) < 0)
		return rc;
	s->res = PQexecPrepared(db->c->pc, s->name, s->nparams,
	    (const char *const *)s->vals, s->lens, s->fmts, 0);
	t = PQresultStatus(s->res);
	if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
		rc = reserr(db, s->res, err, "step");
		PQclear(s->res);
		s->res = NULL;
		return rc;
	}
	s->nrows = PQntuples(s->res);
	s->ncols = PQnfields(s->res);
	if (s->ncols > 0 &&
	    ((s->blobs = vgx_calloc((size_t)s->ncols, sizeof(*s->blobs))) ==
	    NULL || (s->bloblens = vgx_calloc((size_t)s->ncols,
	    sizeof(*s->bloblens))) == NULL))
		return vigil__error_oom(err);
	s->row = 0;
	return s->nrows > 0 ? 1 : 0;
}

static void
pg_reset(void *p)
{
	stmt_clear(p);
}

static bool
has_value(struct pg_stmt *s, int col)
{
	return s->res != NULL && s->row >= 0 && s->row < s->nrows &&
	    col >= 0 && col < s->ncols && !PQgetisnull(s->res, s->row, col);
}

static const char *
pg_column_text(void *p, int col, size_t *len)
{
	struct pg_stmt *s = p;

	if (!has_value(s, col)) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	if (len != NULL)
		*len = (size_t)PQgetlength(s->res, s->row, col);
	return PQgetvalue(s->res, s->row, col);
}

static int64_t
pg_column_int64(void *p, int col)
{
	const char *v = pg_column_text(p, col, NULL);

	if (v == NULL)
		return 0;
	if (strcmp(v, "t") == 0)
		return 1;
	return strtoll(v, NULL, 10);
}

static double
pg_column_double(void *p, int col)
{
	const char *v = pg_column_text(p, col, NULL);

	return v != NULL ? strtod(v, NULL) : 0;
}

static const void *
pg_column_blob(void *p, int col, size_t *len)
{
	struct pg_stmt *s = p;

	*len = 0;
	if (!has_value(s, col))
		return NULL;
	if (s->blobs[col] == NULL)
		s->blobs[col] = PQunescapeBytea((const unsigned char *)
		    PQgetvalue(s->res, s->row, col), &s->bloblens[col]);
	if (s->blobs[col] == NULL)
		return NULL;
	*len = s->bloblens[col];
	return s->blobs[col];
}

/* One number from a query without parameters. */
static int
query_int(int64_t *out, struct pg_db *db, const char *sql, vigil_error *err)
{
	PGresult *r;
	int rc;

	if ((rc = pg_ready(db, err)) < 0)
		return rc;
	r = PQexec(db->c->pc, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
	    PQnfields(r) != 1) {
		rc = reserr(db, r, err, "PostgreSQL");
		PQclear(r);
		return rc;
	}
	*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

/* PostgreSQL checks its pages itself (and foreign keys always); what can
 * be left broken is an index whose build failed. */
static int
pg_check(void *p, vigil_error *err)
{
	int64_t n = 0;
	int rc;

	if ((rc = query_int(&n, p, "SELECT count(*) FROM pg_catalog.pg_index "
	    "i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
	    "JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace "
	    "WHERE s.nspname = current_schema() "
	    "AND NOT (i.indisvalid AND i.indisready)", err)) < 0)
		return rc;
	if (n != 0)
		return vigil__error(err, VIGIL_EDB, "integrity check failed: "
		    "%lld invalid indexes", (long long)n);
	return 0;
}

static int
pg_empty(bool *empty, void *p, vigil_error *err)
{
	int64_t n = 0;
	int rc;

	if ((rc = query_int(&n, p, "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema()", err)) < 0)
		return rc;
	*empty = n == 0;
	return 0;
}

/* ---- migrations: the portable subset, translated ------------------------ */

static bool
word_at(const char *p, const char *w, const char *start)
{
	size_t n = strlen(w);

	if (p > start && (vgx_isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		return false;
	if (strncasecmp(p, w, n) != 0)
		return false;
	return !vgx_isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* The last two tokens before P: identifiers/keywords or single
 * punctuation characters, whitespace skipped. */
static void
prev_tokens(const char *start, const char *p, char t1[32], char t2[32])
{
	const char *e = p;
	char *t[2] = {t1, t2};
	int k;

	t1[0] = t2[0] = '\0';
	for (k = 0; k < 2; k++) {
		const char *b;

		while (e > start && vgx_isspace((unsigned char)e[-1]))
			e--;
		if (e == start)
			return;
		b = e - 1;
		if (vgx_isalnum((unsigned char)*b) || *b == '_') {
			while (b > start && (vgx_isalnum((unsigned char)b[-1]) ||
			    b[-1] == '_'))
				b--;
		}
		snprintf(t[k], 32, "%.*s", (int)(e - b), b);
		e = b;
	}
}

static bool
is_ident(const char *t)
{
	return t[0] != '\0' && (vgx_isalpha((unsigned char)t[0]) ||
	    t[0] == '_');
}

/* Copy the identifier at *P (letters, digits, '_') into OUT. */
static bool
take_ident(const char **p, char *out, size_t sz)
{
	size_t n = 0;

	while (vgx_isspace((unsigned char)**p))
		(*p)++;
	while (vgx_isalnum((unsigned char)(*p)[n]) || (*p)[n] == '_')
		n++;
	if (n == 0 || n >= sz)
		return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n;
	return true;
}

static bool
take_word(const char **p, const char *w)
{
	while (vgx_isspace((unsigned char)**p))
		(*p)++;
	if (!word_at(*p, w, *p))
		return false;
	*p += strlen(w);
	return true;
}

static bool
take_punct(const char **p, const char *w)
{
	while (vgx_isspace((unsigned char)**p))
		(*p)++;
	if (strncmp(*p, w, strlen(w)) != 0)
		return false;
	*p += strlen(w);
	return true;
}

/*
 * The one trigger form migrations may use, a guard that refuses a change:
 *   CREATE TRIGGER name BEFORE UPDATE|DELETE|INSERT ON table
 *   BEGIN SELECT RAISE(ABORT, 'message'); END;
 * becomes a PL/pgSQL function raising the message and a row trigger.
 * At P (the CREATE); on success *P is past the END and B has the
 * translation.
 */
static int
translate_trigger(vgx_buf *b, const char **p)
{
	const char *q = *p, *msg, *end;
	char name[64], event[16], table[64];

	if (!take_word(&q, "CREATE") || !take_word(&q, "TRIGGER") ||
	    !take_ident(&q, name, sizeof(name)) || !take_word(&q, "BEFORE") ||
	    !take_ident(&q, event, sizeof(event)) ||
	    (strcasecmp(event, "UPDATE") != 0 &&
	    strcasecmp(event, "DELETE") != 0 &&
	    strcasecmp(event, "INSERT") != 0) || !take_word(&q, "ON") ||
	    !take_ident(&q, table, sizeof(table)) || !take_word(&q, "BEGIN") ||
	    !take_word(&q, "SELECT") || !take_word(&q, "RAISE") ||
	    !take_punct(&q, "(") || !take_word(&q, "ABORT") ||
	    !take_punct(&q, ",") || !take_punct(&q, "'"))
		return 1;
	msg = q;
	if ((end = strchr(msg, '\'')) == NULL)
		return 1;
	q = end + 1;
	if (!take_punct(&q, ")") || !take_punct(&q, ";") ||
	    !take_word(&q, "END"))
		return 1;
	if (vgx_buf_printf(b, "CREATE FUNCTION %s_fn() RETURNS trigger "
	    "LANGUAGE plpgsql AS $vigil$BEGIN RAISE EXCEPTION '%.*s'; "
	    "END$vigil$;\nCREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW "
	    "EXECUTE FUNCTION %s_fn()", name, (int)(end - msg), msg, name,
	    event, table, name) < 0)
		return -1;
	*p = q;
	return 0;
}

static char *
translate_schema(const char *sql)
{
	vgx_buf b;
	const char *p;

	vgx_buf_init(&b, MAX_SQL);
	for (p = sql; *p != '\0'; p++) {
		char t1[32], t2[32];

		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);

			if (q == NULL)
				q = p + strlen(p) - 1;
			if (vgx_buf_add(&b, p, (size_t)(q - p) + 1) < 0)
				goto fail;
			p = q;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			size_t k = strcspn(p, "\n");

			if (vgx_buf_add(&b, p, k) < 0)
				goto fail;
			p += k - 1;
			continue;
		}
		if (word_at(p, "CREATE", sql)) {
			const char *q = p;
			int r = translate_trigger(&b, &q);

			if (r < 0)
				goto fail;
			if (r == 0) {
				p = q - 1;
				continue;
			}
		}
		if (word_at(p, "PRAGMA", sql)) {
			/* SQLite-only: drop up to the ';' */
			p += strcspn(p, ";");
			if (*p == '\0')
				p--;
			continue;
		}
		if (word_at(p, "INTEGER", sql) &&
		    strncasecmp(p + 7, " PRIMARY KEY", 12) == 0) {
			if (vgx_buf_adds(&b, "BIGINT GENERATED BY DEFAULT AS "
			    "IDENTITY PRIMARY KEY") < 0)
				goto fail;
			p += 7 + 12 - 1;
			if (strncasecmp(p + 1, " AUTOINCREMENT", 14) == 0)
				p += 14;
			continue;
		}
		if (word_at(p, "AUTOINCREMENT", sql)) {
			p += 13 - 1;
			continue;
		}
		if (word_at(p, "BLOB", sql)) {
			if (vgx_buf_adds(&b, "BYTEA") < 0)
				goto fail;
			p += 4 - 1;
			continue;
		}
		if (word_at(p, "REAL", sql)) {
			if (vgx_buf_adds(&b, "DOUBLE PRECISION") < 0)
				goto fail;
			p += 4 - 1;
			continue;
		}
		if (word_at(p, "WITHOUT", sql) &&
		    strncasecmp(p + 7, " ROWID", 6) == 0) {
			p += 13 - 1;
			continue;
		}
		if (word_at(p, "TEXT", sql)) {
			/* A column definition: "(name TEXT", ", name TEXT",
			 * "COLUMN name TEXT". */
			prev_tokens(sql, p, t1, t2);
			if (is_ident(t1) && (strcmp(t2, "(") == 0 ||
			    strcmp(t2, ",") == 0 || strcasecmp(t2, "COLUMN") ==
			    0)) {
				if (vgx_buf_adds(&b, "TEXT COLLATE \"C\"") < 0)
					goto fail;
				p += 4 - 1;
				continue;
			}
		}
		if (vgx_buf_add(&b, p, 1) < 0)
			goto fail;
	}
	return vgx_buf_take(&b, NULL);
fail:
	vgx_buf_dispose(&b);
	return NULL;
}

static int
pg_exec_schema(void *p, const char *sql, vigil_error *err)
{
	char *t = translate_schema(sql);
	int rc;

	if (t == NULL)
		return vigil__error(err, VIGIL_ETOOBIG, "migration too long");
	rc = pg_run(p, t, NULL, 0, err);
	vgx_free(t);
	/* A migration that rebuilds a table copies its ids explicitly (the
	 * portable way, docs/store.md); the identity sequences then start
	 * after the highest id again. */
	if (rc == 0)
		rc = pg_run(p, "DO $vigil$DECLARE r record; BEGIN FOR r IN "
		    "SELECT table_name AS t, column_name AS c FROM "
		    "information_schema.columns WHERE table_schema = "
		    "current_schema() AND is_identity = 'YES' LOOP EXECUTE "
		    "format('SELECT setval(pg_get_serial_sequence(%L, %L), "
		    "coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', "
		    "r.t, r.c, r.c, r.t); END LOOP; END$vigil$", NULL, 0, err);
	return rc;
}

static const vigil_store_backend pg_backend = {
	VIGIL_STORE_BACKEND_VERSION, "postgresql",
	pg_open, pg_close, pg_exec, pg_prepare, pg_bind_text, pg_bind_int64,
	pg_bind_double, pg_bind_blob, pg_step, pg_reset, pg_column_text,
	pg_column_int64, pg_column_double, pg_column_blob, pg_finalize,
	pg_check, pg_empty, pg_begin, pg_commit, pg_rollback, pg_exec_schema
};

const vigil_store_backend *
vigil_store_backend_postgresql(void)
{
	return &pg_backend;
}

#endif /* VIGIL_WITH_PG */
