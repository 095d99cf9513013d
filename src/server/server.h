/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil serve: the HTTP server's internal interface.  server.c runs
 * libmicrohttpd and turns each request into a struct req; router.c finds
 * the handler in the route table (the one source of the routes, of the
 * roles they need and of the OpenAPI document); db.c keeps a pool of
 * database handles on the store's file and the server's own tables
 * (organisations, users, tokens, sessions, audit log, jobs) beside the
 * store's inventory (releases, devices, SBOMs, findings, VEX decisions:
 * the CLI's tables, scoped per organisation); auth.c hashes tokens and
 * passwords and checks sessions and CSRF; api_*.c are the resources.
 *
 * The server uses the library only through <vigil/...> and src/util.
 */
#ifndef VIGIL_SERVER_H
#define VIGIL_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "vigil/vigil.h"
#include "vigil/sys/store_backend.h"
#include "vgx.h"

/* ---- configuration ------------------------------------------------------- */

struct srv_conf {
	const char *listen;	/* "ADDR:PORT", default 127.0.0.1:8080 */
	const char *db;		/* store path; NULL: the default */
	const char *spool;	/* feed uploads; NULL: beside the store */
	const char *tls_cert, *tls_key;	/* PEM files, both or neither */
	const char *access_log;	/* file, NULL: stderr */
	const char *port_file;	/* write the bound port here (tests) */
	unsigned threads;	/* worker threads, 1..64 */
	unsigned max_conn;	/* concurrent connections */
	unsigned per_ip;	/* concurrent connections from one address */
	unsigned timeout;	/* idle connection timeout, seconds */
	size_t max_body;	/* request body, bytes */
	unsigned max_depth;	/* JSON nesting */
	unsigned rate;		/* requests per second per token (burst x4) */
	bool quiet;		/* no access log */
};

#define SRV_DEFAULT_LISTEN "127.0.0.1:8080"
#define SRV_MAX_BODY_DEFAULT ((size_t)64 << 20)
#define SRV_MAX_JSON_BODY ((size_t)1 << 20)
#define SRV_MAX_DEPTH_DEFAULT 32
#define SRV_MAX_PARAMS 4
#define SRV_MAX_PATH 2048
#define SRV_PAGE_MAX 1000
#define SRV_PAGE_DEFAULT 50
#define SRV_Q_MAX 1000		/* bytes of a list's ?q= */
/* VIGIL_PG_POOL_MAX: the store's default and largest value. */
#define SRV_PG_POOL_DEFAULT 16
#define SRV_PG_POOL_LIMIT 256

/* Run the server until SIGTERM or SIGINT.  Returns 0, or a negative
 * vigil_error_code with ERR filled (nothing printed). */
int srv_run(const struct srv_conf *conf, vigil_error *err);

/* Create organisation ORG (if new) and an admin EMAIL in it, with
 * PASSWORD (may be NULL: token only); *TOKEN is a new API token (the
 * caller's, vgx_free()), shown once. */
int srv_init_admin(char **token, const char *db, const char *email,
    const char *org, const char *password, vigil_error *err);

/* ---- database ------------------------------------------------------------ */

struct dbh;
/* The id of organisation NAME: 0 or VIGIL_ENOTFOUND. */
int srv_org_find(int64_t *id, struct dbh *h, const char *name,
    vigil_error *err);
/* Add organisation NAME (slug from it) with its audit record by user
 * ACTOR (0: the command line); VIGIL_EEXISTS when the name or the slug is
 * taken.  In the caller's transaction if any. */
int srv_org_add(int64_t *id, struct dbh *h, const char *name, int64_t actor,
    vigil_error *err);

#define SRV_SCHEMA_VERSION 2
#define SRV_STMT_CACHE 48

struct stmt_cache {
	char *sql;
	void *stmt;
};

/* One database handle, used by one thread at a time. */
struct dbh {
	const vigil_store_backend *be;
	void *db;
	vigil_store *store;	/* the store; be/db are its connection */
	struct stmt_cache cache[SRV_STMT_CACHE];
	unsigned next;		/* cache slot to evict */
	unsigned epoch;		/* struct srv's db_epoch when last checked */
	int64_t conn_id;	/* PostgreSQL backend pid of db, 0: unknown */
};

struct dbpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct dbh *h;
	struct dbh **free;
	size_t n, nfree;
};

int srv_db_pool_open(struct dbpool *p, const char *path, size_t n,
    vigil_error *err);
void srv_db_pool_close(struct dbpool *p);
struct dbh *srv_db_get(struct dbpool *p);
void srv_db_put(struct dbpool *p, struct dbh *h);
/* Bring the server's tables up to SRV_SCHEMA_VERSION. */
int srv_db_migrate(struct dbh *h, vigil_error *err);

/* A prepared statement from H's cache (finalised by the cache). */
void *srv_db_prep(struct dbh *h, const char *sql, vigil_error *err);
/* Bind "s" text (NULL binds NULL), "i" int64, "d" double, in order. */
int srv_db_bind(struct dbh *h, void *st, const char *types, ...);
int srv_db_step(struct dbh *h, void *st, vigil_error *err);
void srv_db_reset(struct dbh *h, void *st);
const char *srv_db_text(struct dbh *h, void *st, int col);
int64_t srv_db_int(struct dbh *h, void *st, int col);
double srv_db_double(struct dbh *h, void *st, int col);
int srv_db_exec(struct dbh *h, const char *sql, vigil_error *err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK, through the store's nesting
 * transactions (library calls inside join the server's transaction). */
int srv_db_begin(struct dbh *h, vigil_error *err);
int srv_db_commit(struct dbh *h, vigil_error *err);
void srv_db_rollback(struct dbh *h);
/* Run SQL with TYPES/args binding; *ID the first column of the first
 * row if any (RETURNING id); returns 0, VIGIL_ENOTFOUND (no row) or an
 * error. */
int srv_db_run(int64_t *id, struct dbh *h, vigil_error *err,
    const char *sql, const char *types, ...);
/* H's store scoped to organisation ORG, for the library's inventory and
 * triage calls. */
vigil_store *srv_store(struct dbh *h, int64_t org);
/* UTC now as "YYYY-MM-DDTHH:MM:SSZ" into BUF (21 bytes). */
void srv_now(char buf[21]);

/* ---- requests ------------------------------------------------------------ */

enum srv_role {
	ROLE_PUBLIC = 0,	/* no authentication */
	ROLE_VIEWER = 1,
	ROLE_ANALYST = 2,
	ROLE_ADMIN = 3
};

const char *srv_role_name(int role);
int srv_role_parse(const char *s);

struct principal {
	int64_t user, org, token;	/* 0 when none */
	int role;
	bool session;		/* authenticated by cookie: CSRF applies */
	char email[128];
};

struct srv;

/* Headers, query arguments or cookies of a request, in the order sent,
 * borrowed from whoever read the request (libmicrohttpd, or a test).  A
 * name may repeat; lookups take the first.  VALUE is NULL for a query
 * argument without '='. */
#define SRV_MAX_FIELDS 64
struct srv_kv {
	const char *name, *value;
};
struct srv_kvs {
	struct srv_kv kv[SRV_MAX_FIELDS];
	size_t n;
	bool overflow;		/* more than SRV_MAX_FIELDS were sent */
};

struct req {
	struct srv *srv;
	const char *method;
	const char *path;	/* without the query, percent-decoded */
	struct srv_kvs hdr, arg, cookies;
	const char *body;
	size_t len;
	const char *params[SRV_MAX_PARAMS];	/* {name} path segments */
	size_t nparams;
	struct principal who;
	struct dbh *db;
	bool tls;
	/* response */
	unsigned status;
	vgx_buf out;
	const char *ctype;	/* static */
	char cookie[2][256];	/* Set-Cookie values, "" if none */
	char location[128];	/* Location header, "" if none */
	unsigned retry_after;	/* seconds, 0: none */
};

/* Add NAME=VALUE to KV (false when full: KV->overflow set). */
bool srv_kv_add(struct srv_kvs *kv, const char *name, const char *value);
/* Query parameter NAME, or NULL. */
const char *srv_query(struct req *r, const char *name);
/* A request header, or NULL. */
const char *srv_header(struct req *r, const char *name);
/* A cookie, or NULL. */
const char *srv_cookie(struct req *r, const char *name);

/* RFC 9457 problem details: sets the status and the body; returns -1. */
int srv_problem(struct req *r, unsigned status, const char *title,
    const char *fmt, ...) VIGIL_PRINTF(4, 5);
/* Problem for a library error code. */
int srv_problem_err(struct req *r, int code, const vigil_error *err);
/* Serialise J (stolen) as the JSON response with STATUS; returns 0. */
int srv_json(struct req *r, unsigned status, json_t *j);
/* Parse the body as a JSON object within the limits; NULL after a
 * problem response. */
json_t *srv_body_json(struct req *r);
/* Depth of the deepest nesting in BUF (LEN bytes) of JSON text, strings
 * skipped; stops counting past LIMIT+1. */
unsigned srv_json_depth(const char *buf, size_t len, unsigned limit);
/* The path parameter I as an id; 0 if not a positive integer. */
int64_t srv_param_id(struct req *r, size_t i);
/* Append an audit record (in the caller's transaction if any). */
int srv_audit(struct req *r, const char *action, const char *object,
    json_t *before, json_t *after);

/* ---- the route table ----------------------------------------------------- */

struct route {
	const char *method;
	const char *pattern;	/* "/api/v1/releases/{id}" */
	int role;		/* least role needed */
	int (*fn)(struct req *r);
	const char *tag;	/* OpenAPI tag */
	const char *summary;
	/* Query parameters, space separated; "LIST" adds limit, offset,
	 * sort and order. */
	const char *query;
	const char *body;	/* request media type, or NULL */
	unsigned ok;		/* status of success: 200, 201, 202, 204 */
	/* Its body: a schema of the document ("Release"; "Release[]" the
	 * list envelope of Release), then "|media/type" for other media
	 * types (text); NULL for none (204). */
	const char *schema;
};

extern const struct route srv_routes[];
extern const size_t srv_nroutes;

/* Find the route for METHOD and PATH; fills R->params.  Returns the
 * route, or NULL with *PATH_KNOWN telling 405 from 404. */
const struct route *srv_route_find(struct req *r, const char *method,
    const char *path, bool *path_known);
/* Whether PATTERN matches PATH, capturing parameters into PARAMS (copies
 * into BUF of BUFSZ bytes). */
bool srv_route_match(const char *pattern, const char *path,
    const char **params, size_t *nparams, char *buf, size_t bufsz);
/* The OpenAPI 3.1 document for the route table (new reference). */
json_t *srv_openapi(void);

/* ---- the inventory (the store's tables, store migration 5) --------------- */

/* The N70 stage of release alias A: the declared one, else from its dates
 * (EOS, then the end of guaranteed support, which is the EOL date, then
 * the release date) against today. */
#define SRV_STAGE(a) "COALESCE(" a ".stage, CASE WHEN " a ".eos <= " \
	"CAST(CURRENT_DATE AS TEXT) THEN 'end_of_support' WHEN " a ".eol <= " \
	"CAST(CURRENT_DATE AS TEXT) THEN 'limited_support' WHEN " a \
	".released <= CAST(CURRENT_DATE AS TEXT) THEN 'supported' ELSE " \
	"'development' END)"
/* The current findings (seen in their release's last scan) of the
 * organisation bound as parameter 1: "FROM " SRV_FINDINGS. */
#define SRV_FINDINGS "fleet_finding f JOIN device_release rl ON rl.rid = " \
	"f.rid WHERE rl.org = ?1 AND f.scan = rl.scans"
/* The current VEX decision v (if any) about finding f of release rl: the
 * latest of the release's product (its purl) and the vulnerability. */
#define SRV_VEX_JOIN "LEFT JOIN vex_decisions v ON v.org = rl.org AND " \
	"v.product = rl.purl AND v.vuln = f.vuln AND v.seq = (SELECT " \
	"max(w.seq) FROM vex_decisions w WHERE w.org = rl.org AND " \
	"w.product = rl.purl AND w.vuln = f.vuln) "

struct req;
/* The model and version of release ID of R's organisation: 0 or
 * VIGIL_ENOTFOUND / VIGIL_EDB. */
int srv_release_name(struct req *r, int64_t id, char *model, size_t msz,
    char *release, size_t rsz);

/* ---- lists: pagination, filtering, sorting ------------------------------- */

struct listcol {
	const char *name;	/* JSON member and sort/filter key */
	const char *expr;	/* SQL expression */
	char type;		/* 's' text, 'i' integer, 'd' double, 'b' bool,
				 * 'j' JSON text */
	bool filter;		/* ?name=value filters on equality */
	bool sort;
};

struct listspec {
	const char *from;	/* "FROM t WHERE t.org = ?" (org bound 1st) */
	const struct listcol *cols;
	const char *search;	/* expression ?q= matches with LIKE, or NULL */
	const char *dflt;	/* default sort column name */
	bool desc;		/* default order */
	/* Optional: a cheaper FROM clause (without the joins) for the total
	 * when every filter and the search are on columns of ALIAS ("d."). */
	const char *count_from;
	const char *alias;
};

/* The lists of the resources, whose columns the OpenAPI document's
 * schemas are generated from (api_*.c, jobs.c). */
extern const struct listspec *const srv_ls_org, *const srv_ls_user,
    *const srv_ls_token, *const srv_ls_audit, *const srv_ls_release,
    *const srv_ls_device, *const srv_ls_sbom, *const srv_ls_component,
    *const srv_ls_finding, *const srv_ls_affected, *const srv_ls_vex,
    *const srv_ls_job;

/* A resource of the OpenAPI document: schema NAME (and NAME "List", the
 * page envelope) made from the columns of *LS. */
struct srv_resource {
	const char *name;
	const struct listspec *const *ls;
};
extern const struct srv_resource srv_resources[];
/* The JSON Schema type of a column type ('j': NULL, any JSON). */
const char *srv_col_json_type(char type);
extern const size_t srv_nresources;

/* Answer a list request: {"items": [...], "total", "limit", "offset"}.
 * EXTRA (may be NULL) is bound after the org: TYPES as srv_db_bind. */
int srv_list(struct req *r, const struct listspec *ls, const char *xtypes,
    const char *xs, int64_t xi);
/* One row of LS's columns as an object, or NULL (404 answered). */
json_t *srv_row_json(struct dbh *h, void *st, const struct listcol *cols);
/* The object of LS for "AND <key> = ?" with ID, or NULL (404 sent). */
json_t *srv_get_one(struct req *r, const struct listspec *ls,
    const char *key, int64_t id);

/* Member NAME of object J as a string (borrowed), at most MAX bytes,
 * without NUL; *OUT is NULL when absent.  0, or -1 after a 422. */
int srv_field(struct req *r, json_t *j, const char *name, size_t max,
    bool required, const char **out);
/* As srv_field, a date "YYYY-MM-DD". */
int srv_field_date(struct req *r, json_t *j, const char *name,
    const char **out);
int srv_audit_change(struct req *r, const char *action, const char *kind,
    int64_t id, json_t *before, json_t *after);

/* ---- auth ---------------------------------------------------------------- */

#define SRV_TOKEN_PREFIX "vgl_"
#define SRV_HASH_HEX 65
#define SRV_SESSION_TTL (8 * 3600)

/* A new random secret: PREFIX + 43 base64url characters. */
void srv_secret_new(char *out, size_t outsz, const char *prefix);
/* Hex BLAKE2b-256 of S (domain separated by KEY) into OUT. */
void srv_hash_secret(char out[SRV_HASH_HEX], const char *s);
int srv_password_hash(char *out, size_t outsz, const char *pw);
bool srv_password_ok(const char *hash, const char *pw);
/* Authenticate R (Bearer token or session cookie); 0, or -1 after a
 * problem response (401/403/429). */
int srv_authenticate(struct req *r, int need);
/* User EMAIL: its id, organisation and role (any may be NULL); 0 or
 * VIGIL_ENOTFOUND. */
int srv_user_find(struct dbh *h, const char *email, int64_t *id,
    int64_t *org, int *role, vigil_error *err);
/* Constant-time comparison of two NUL-terminated strings. */
bool srv_ct_equal(const char *a, const char *b);
/* Create a token for USER named NAME: *TOKEN (static buffer of the
 * caller, >= 64 bytes).  Returns the token id or a negative code. */
int64_t srv_token_create(struct dbh *h, char *token, size_t tokensz,
    int64_t user, const char *name, vigil_error *err);

/* Token bucket per key: true when a request may go. */
struct ratelimit;
struct ratelimit *srv_rate_new(unsigned per_sec, unsigned burst);
void srv_rate_free(struct ratelimit *rl);
bool srv_rate_take(struct ratelimit *rl, uint64_t key, double now,
    unsigned *retry);

/* ---- the answer cache (cache.c) ----------------------------------------- */

#define SRV_CACHE_TTL_MS 1000
#define SRV_CACHE_MAX_BODY ((size_t)256 << 10)

/* Whether a fresh answer for R's user and KEY was copied into R. */
bool srv_cache_get(struct req *r, const char *key);
/* Keep R's answer (200 only) for KEY, computed at generation GEN. */
void srv_cache_put(struct req *r, const char *key, uint64_t gen);
uint64_t srv_cache_generation(void);
/* The row count kept for KEY (a count query and its parameters), if
 * current; and keeping one, as of generation GEN (taken before counting). */
bool srv_count_get(const char *key, int64_t *n);
void srv_count_put(const char *key, uint64_t gen, int64_t n);
/* Every change calls this: all entries become stale. */
void srv_cache_invalidate(void);
void srv_cache_clear(void);

/* ---- the server ---------------------------------------------------------- */

struct job;

struct srv {
	struct srv_conf conf;
	char *dbpath;
	struct dbpool pool;
	struct ratelimit *rate;
	pthread_mutex_t logmu;
	void *logfp;		/* FILE * */
	bool tls;
	volatile int stopping;
	/* background jobs */
	pthread_t worker;
	bool worker_started;
	pthread_mutex_t jobmu;
	pthread_cond_t jobcv;
	bool worker_done;	/* under jobmu */
	bool worker_stuck;	/* still importing at exit: pool left open */
	/* Progress of the running import, kept in memory: the import holds
	 * the write lock, so it cannot be written to the job row. */
	_Atomic int64_t job_id, job_done, job_total;
	char *spool;		/* directory for uploaded feeds */
	/* Bumped by every answer that failed on the database (it may have
	 * restarted): each handle checks its connections once after. */
	_Atomic unsigned db_epoch;
	pthread_mutex_t pwmu;	/* one password hash at a time (memory) */
};

/*
 * The request path without a socket: set up S as `vigil serve` does (the
 * database pool of CONF->threads + 1 handles, the rate limiter, the
 * spool; no listener, no job worker), answer requests with srv_handle(),
 * and srv_close() it.  libmicrohttpd's callback and the HTTP fuzz target
 * both go through srv_handle().
 */
int srv_open(struct srv *s, const struct srv_conf *conf, vigil_error *err);
void srv_close(struct srv *s);
/* Ready R for S: zeroed, status 200, an empty response buffer (the
 * caller fills method, path, fields, body, then vgx_buf_dispose(&r->out)
 * after sending). */
void srv_req_init(struct req *r, struct srv *s);
/* Answer R (method, path, fields, body filled) with its route's handler
 * as WHO, without authentication: local administration (`vigil user`)
 * by someone who holds the database anyway.  0, or -1 when R holds a
 * problem (status >= 400). */
int srv_local(struct req *r, const struct principal *who);
/* Answer R: limits, routing, authentication, the answer cache and the
 * handler; the response is in R's status, ctype, out, cookie, location
 * and retry_after. */
void srv_handle(struct req *r);

/* Set the security headers on a response (void * = MHD_Response). */
void srv_security_headers(void *resp, bool api, bool tls);
/* Serve an embedded dashboard file for PATH; 0, or -1 (404 answered). */
int srv_static(struct req *r);
/* Narrow privileges after binding. */
void srv_sandbox(void);

/* Scan an SBOM body for release REL of org ORG and store it and its
 * findings in one transaction; *SBOM the new id, *SUMMARY (new ref). */
int srv_sbom_ingest(int64_t *sbom, json_t **summary, struct dbh *h,
    int64_t org, int64_t rel, int64_t user, const char *name,
    const char *body, size_t len, vigil_error *err);
/* Rescan the stored SBOM ID (findings replaced); for jobs. */
int srv_sbom_rescan(struct dbh *h, int64_t org, int64_t id,
    vigil_error *err);

/* Job worker. */
int srv_jobs_start(struct srv *s, vigil_error *err);
void srv_jobs_stop(struct srv *s);
void srv_jobs_wake(struct srv *s);

/* Handlers (api_*.c). */
int api_health(struct req *r);
int api_ready(struct req *r);
int api_openapi(struct req *r);
int api_session_login(struct req *r);
int api_session_logout(struct req *r);
int api_session_get(struct req *r);
int api_orgs_list(struct req *r);
int api_users_list(struct req *r);
int api_users_create(struct req *r);
int api_users_update(struct req *r);
int api_tokens_list(struct req *r);
int api_tokens_create(struct req *r);
int api_tokens_revoke(struct req *r);
int api_audit_list(struct req *r);
int api_releases_list(struct req *r);
int api_releases_create(struct req *r);
int api_releases_get(struct req *r);
int api_releases_update(struct req *r);
int api_devices_list(struct req *r);
int api_devices_create(struct req *r);
int api_devices_get(struct req *r);
int api_devices_update(struct req *r);
int api_devices_delete(struct req *r);
int api_sboms_list(struct req *r);
int api_sboms_upload(struct req *r);
int api_sboms_get(struct req *r);
int api_sboms_download(struct req *r);
int api_sboms_diff(struct req *r);
int api_findings_list(struct req *r);
int api_findings_get(struct req *r);
int api_affected(struct req *r);
int api_vex_list(struct req *r);
int api_vex_set(struct req *r);
int api_lifecycle(struct req *r);
int api_overview(struct req *r);
int api_report(struct req *r);
int api_vuln_get(struct req *r);
int api_store_status(struct req *r);
int api_jobs_list(struct req *r);
int api_jobs_get(struct req *r);
int api_jobs_create(struct req *r);
int api_feeds_upload(struct req *r);
int api_support_page(struct req *r);
int api_support_json(struct req *r);

#endif
