/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil serve: libmicrohttpd with a thread pool and epoll, the request
 * life cycle and the process's life cycle.
 *
 * A request is read into memory up to the body limit (checked against
 * Content-Length before a byte is read, and again while reading), routed
 * through the route table, authenticated, and answered by its handler
 * with a JSON body or an RFC 9457 problem.  Every response carries the
 * security headers; every finished request writes one JSON line to the
 * access log.  Connections are limited in number (total and per address)
 * and time out when idle, so slow clients cannot hold the server.
 *
 * SIGTERM or SIGINT stops accepting connections, lets the requests in
 * flight finish (up to 10 s), stops the job worker after its current
 * step, and closes the database handles.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "server.h"

struct conn_ctx {
	vgx_buf body;
	bool too_big;
	bool answered;		/* a response was queued early (413) */
	struct timespec start;
	unsigned status;
	size_t bytes;
	char user[24];
	char method[8];
	char path[256];
};

static atomic_int inflight;

/* ---- request helpers ----------------------------------------------------- */

bool
srv_kv_add(struct srv_kvs *kv, const char *name, const char *value)
{
	if (kv->n >= SRV_MAX_FIELDS) {
		kv->overflow = true;
		return false;
	}
	kv->kv[kv->n].name = name;
	kv->kv[kv->n].value = value;
	kv->n++;
	return true;
}

static const char *
kv_get(const struct srv_kvs *kv, const char *name, bool caseless)
{
	size_t i;

	for (i = 0; i < kv->n; i++)
		if (caseless ? vgx_strieq(kv->kv[i].name,
		    strlen(kv->kv[i].name), name) :
		    strcmp(kv->kv[i].name, name) == 0)
			return kv->kv[i].value;
	return NULL;
}

const char *
srv_query(struct req *r, const char *name)
{
	return kv_get(&r->arg, name, false);
}

const char *
srv_header(struct req *r, const char *name)
{
	return kv_get(&r->hdr, name, true);
}

const char *
srv_cookie(struct req *r, const char *name)
{
	return kv_get(&r->cookies, name, false);
}

int
srv_json(struct req *r, unsigned status, json_t *j)
{
	char *s;

	if (j == NULL)
		return srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
	s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(6));
	json_decref(j);
	vgx_buf_reset(&r->out);
	if (s == NULL || vgx_buf_adds(&r->out, s) < 0) {
		free(s);
		return srv_problem(r, 500, "Internal Server Error", "out of "
		    "memory");
	}
	free(s);
	r->status = status;
	r->ctype = "application/json";
	return 0;
}

int
srv_problem(struct req *r, unsigned status, const char *title,
    const char *fmt, ...)
{
	char detail[512];
	json_t *j;
	char *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	j = json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", "about:blank",
	    "title", title, "status", (int)status, "detail", detail,
	    "instance", r->path ? r->path : "");
	s = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(j);
	vgx_buf_reset(&r->out);
	if (s != NULL)
		(void)vgx_buf_adds(&r->out, s);
	free(s);
	r->status = status;
	r->ctype = "application/problem+json";
	return -1;
}

int
srv_problem_err(struct req *r, int code, const vigil_error *err)
{
	const char *msg = err != NULL && err->msg[0] != '\0' ? err->msg :
	    vigil_strerror(code);

	switch (code) {
	case VIGIL_EINVALID:
		return srv_problem(r, 422, "Unprocessable Content", "%s%s%s",
		    msg, err && err->path[0] ? " at " : "",
		    err && err->path[0] ? err->path : "");
	case VIGIL_ENOTFOUND:
		return srv_problem(r, 404, "Not Found", "%s", msg);
	case VIGIL_EEXISTS:
		return srv_problem(r, 409, "Conflict", "%s", msg);
	case VIGIL_ETOOBIG:
		return srv_problem(r, 413, "Content Too Large", "%s", msg);
	case VIGIL_EUNSUPPORTED:
		return srv_problem(r, 415, "Unsupported Media Type", "%s",
		    msg);
	default:
		return srv_problem(r, 500, "Internal Server Error", "%s",
		    msg);
	}
}

unsigned
srv_json_depth(const char *buf, size_t len, unsigned limit)
{
	unsigned depth = 0, max = 0;
	bool instr = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (instr) {
			if (c == '\\')
				i++;
			else if (c == '"')
				instr = false;
			continue;
		}
		if (c == '"')
			instr = true;
		else if (c == '[' || c == '{') {
			if (++depth > max && (max = depth) > limit)
				return max;
		} else if ((c == ']' || c == '}') && depth > 0)
			depth--;
	}
	return max;
}

json_t *
srv_body_json(struct req *r)
{
	json_error_t je;
	json_t *j;
	unsigned limit = r->srv->conf.max_depth;

	if (r->len > SRV_MAX_JSON_BODY) {
		srv_problem(r, 413, "Content Too Large", "a JSON body takes "
		    "at most %zu bytes", (size_t)SRV_MAX_JSON_BODY);
		return NULL;
	}
	if (srv_json_depth(r->body, r->len, limit) > limit) {
		srv_problem(r, 400, "Bad Request", "the JSON body nests "
		    "deeper than %u levels", limit);
		return NULL;
	}
	j = json_loadb(r->body ? r->body : "", r->len,
	    JSON_REJECT_DUPLICATES, &je);
	if (j == NULL) {
		srv_problem(r, 400, "Bad Request", "invalid JSON at line %d "
		    "column %d: %s", je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		srv_problem(r, 400, "Bad Request", "the JSON body must be an "
		    "object");
		return NULL;
	}
	return j;
}

int64_t
srv_param_id(struct req *r, size_t i)
{
	const char *s;
	uint64_t v;

	if (i >= r->nparams)
		return 0;
	s = r->params[i];
	if (vgx_parse_uint(&s, s + strlen(s), INT64_MAX, &v) < 0 || *s != '\0'
	    || v == 0)
		return 0;
	return (int64_t)v;
}

int
srv_audit(struct req *r, const char *action, const char *object,
    json_t *before, json_t *after)
{
	char now[21], *b = NULL, *a = NULL;
	vigil_error err;
	int rc;

	srv_now(now);
	if (before != NULL)
		b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
	if (after != NULL)
		a = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	rc = srv_db_run(NULL, r->db, &err, "INSERT INTO srv_audit (org, "
	    "user_id, at, action, object, before, after) VALUES (?, ?, ?, ?, "
	    "?, ?, ?)", "iisssss", r->who.org, r->who.user, now, action,
	    object, b, a);
	free(b);
	free(a);
	return rc;
}

/* ---- responses ----------------------------------------------------------- */

void
srv_security_headers(void *resp, bool api, bool tls)
{
	struct MHD_Response *rs = resp;

	MHD_add_response_header(rs, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(rs, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(rs, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(rs, "X-Frame-Options", "DENY");
	MHD_add_response_header(rs, "Cross-Origin-Opener-Policy",
	    "same-origin");
	MHD_add_response_header(rs, "Cross-Origin-Resource-Policy",
	    "same-origin");
	MHD_add_response_header(rs, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=()");
	if (api)
		MHD_add_response_header(rs, "Cache-Control", "no-store");
	if (tls)
		MHD_add_response_header(rs, "Strict-Transport-Security",
		    "max-age=31536000");
}

static enum MHD_Result
send_req(struct MHD_Connection *conn, struct req *r, struct conn_ctx *cx,
    bool head)
{
	struct MHD_Response *rs;
	enum MHD_Result ret;
	size_t len = 0;
	char *data, num[16];
	int i;

	data = vgx_buf_take(&r->out, &len);
	if (head) {
		vgx_free(data);
		data = NULL;
		len = 0;
	}
	rs = MHD_create_response_from_buffer_with_free_callback(len,
	    data ? data : (char *)"", data ? vgx_free : NULL);
	if (rs == NULL) {
		vgx_free(data);
		return MHD_NO;
	}
	if (r->ctype != NULL)
		MHD_add_response_header(rs, "Content-Type", r->ctype);
	srv_security_headers(rs, r->path != NULL && strncmp(r->path,
	    "/api/", 5) == 0, r->tls);
	for (i = 0; i < 2; i++)
		if (r->cookie[i][0] != '\0')
			MHD_add_response_header(rs, "Set-Cookie",
			    r->cookie[i]);
	if (r->location[0] != '\0')
		MHD_add_response_header(rs, "Location", r->location);
	if (r->retry_after > 0) {
		snprintf(num, sizeof(num), "%u", r->retry_after);
		MHD_add_response_header(rs, "Retry-After", num);
	}
	cx->status = r->status;
	cx->bytes = len;
	ret = MHD_queue_response(conn, r->status, rs);
	MHD_destroy_response(rs);
	return ret;
}

/* The cache key of R: method-independent path and query, arguments in
 * the order sent (a different order is only a miss).  A key that cannot
 * be exact (too long) is unique to R, so never shared. */
static void
key_of(struct req *r, char *key, size_t sz)
{
	size_t n, i;
	int w;

	n = (size_t)snprintf(key, sz, "%s?", r->path);
	for (i = 0; n < sz && i < r->arg.n; i++) {
		w = snprintf(key + n, sz - n, "&%s=%s", r->arg.kv[i].name,
		    r->arg.kv[i].value ? r->arg.kv[i].value : "");
		if (w < 0)
			break;
		n += (size_t)w;
	}
	if (n >= sz || i < r->arg.n)
		snprintf(key, sz, "\x01%p", (void *)r);
}

void
srv_req_init(struct req *r, struct srv *s)
{
	memset(r, 0, sizeof(*r));
	r->srv = s;
	r->tls = s->tls;
	r->status = 200;
	vgx_buf_init(&r->out, (size_t)1 << 30);
}

enum db_state { DB_SAME, DB_NEW, DB_DOWN };

/* The PostgreSQL backend serving H's own connection (SQLite: 0). */
static int
db_conn_id(int64_t *id, struct dbh *h, vigil_error *err)
{
	*id = 0;
	if (h->be != vigil_store_backend_postgresql())
		return srv_db_run(NULL, h, err, "SELECT 1", "");
	return srv_db_run(id, h, err, "SELECT pg_backend_pid()", "");
}

/*
 * Whether the connections of handle H (its own and its store's) answer:
 * DB_DOWN when not, DB_NEW when H's connection had to be re-made (the
 * database restarted since H's last check), else DB_SAME.  A connection
 * broken by a restart fails its first query and is re-made before the
 * next, so each is tried twice.  A transaction a failed handler left is
 * rolled back first.
 */
static enum db_state
db_check(struct dbh *h)
{
	vigil_error err;
	int64_t id = 0;
	char *v;
	int i, rc = -1;

	srv_db_rollback(h);
	for (i = 0; i < 2 && rc < 0; i++)
		rc = db_conn_id(&id, h, &err);
	if (rc < 0)
		return DB_DOWN;
	for (i = 0, rc = VIGIL_EDB; i < 2 && rc == VIGIL_EDB; i++) {
		v = NULL;
		rc = vigil_store_meta_get(&v, h->store, "snapshot", &err);
		vigil_store_string_free(v);
	}
	if (rc == VIGIL_EDB)
		return DB_DOWN;
	rc = h->conn_id != 0 && id != h->conn_id;
	h->conn_id = id;
	return rc ? DB_NEW : DB_SAME;
}

/* Forget R's answer, to answer it again. */
static void
answer_reset(struct req *r)
{
	vgx_buf_reset(&r->out);
	r->status = 200;
	r->ctype = NULL;
	r->cookie[0][0] = r->cookie[1][0] = '\0';
	r->location[0] = '\0';
	r->retry_after = 0;
	memset(&r->who, 0, sizeof(r->who));
}

/*
 * Authenticate R and run RT's handler, or answer from the cache; returns
 * the status, *LOST when a 5xx came with the database not answering.  A
 * connection broken since its last use (the database restarted) fails the
 * first query on it and is re-made then: a request whose authentication
 * failed that way, before its handler ran, or a read, is answered once
 * more on the re-made connection.
 */
static unsigned
answer(struct req *r, const struct route *rt, bool *lost)
{
	bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method,
	    "HEAD") == 0;
	bool cacheable, ran, again = false;
	char key[SRV_MAX_PATH + 512];
	enum db_state state;
	uint64_t gen;

	for (;;) {
		ran = false;
		if (srv_authenticate(r, rt->role) == 0) {
			cacheable = get && r->who.user != 0 &&
			    strcmp(rt->pattern, "/api/v1/session") != 0 &&
			    strcmp(rt->pattern, "/readyz") != 0;
			if (cacheable) {
				key_of(r, key, sizeof(key));
				if (srv_cache_get(r, key))
					return r->status;
			}
			gen = srv_cache_generation();
			ran = true;
			(void)rt->fn(r);
			if (!get && r->status < 400)
				srv_cache_invalidate();
			else if (cacheable)
				srv_cache_put(r, key, gen);
		}
		if (r->status < 500)
			return r->status;
		atomic_fetch_add(&r->srv->db_epoch, 1);
		state = db_check(r->db);
		r->db->epoch = atomic_load(&r->srv->db_epoch);
		/* Down; or a change that failed as its connection broke: the
		 * client may try again (whether a COMMIT that broke went
		 * through cannot be known). */
		if (state == DB_DOWN || (state == DB_NEW && ran && !get)) {
			*lost = true;
			return r->status;
		}
		if (again || (ran && !get))
			return r->status;
		again = true;
		answer_reset(r);
	}
}

void
srv_handle(struct req *r)
{
	struct srv *s = r->srv;
	const struct route *rt;
	bool known, lost = false;

	if (r->hdr.overflow || r->cookies.overflow) {
		srv_problem(r, 431, "Request Header Fields Too Large", "a "
		    "request takes at most %d headers and %d cookies",
		    SRV_MAX_FIELDS, SRV_MAX_FIELDS);
		return;
	}
	if (r->arg.overflow) {
		srv_problem(r, 400, "Bad Request", "a request takes at most "
		    "%d query parameters", SRV_MAX_FIELDS);
		return;
	}
	if (strlen(r->path) >= SRV_MAX_PATH) {
		srv_problem(r, 414, "URI Too Long", "paths take at most %d "
		    "bytes", SRV_MAX_PATH - 1);
		return;
	}
	if ((rt = srv_route_find(r, r->method, r->path, &known)) == NULL) {
		if (known) {
			srv_problem(r, 405, "Method Not Allowed", "%s is not "
			    "allowed on %s", r->method, r->path);
			return;
		}
		if (strncmp(r->path, "/api/", 5) == 0 || (strcmp(r->method,
		    "GET") != 0 && strcmp(r->method, "HEAD") != 0)) {
			srv_problem(r, 404, "Not Found", "no resource at %s",
			    r->path);
			return;
		}
		srv_static(r);
		return;
	}
	r->db = srv_db_get(&s->pool);
	/* After a failure elsewhere, this handle's connections may be
	 * broken too: re-made before the request uses them. */
	if (r->db->epoch != atomic_load(&s->db_epoch) ||
	    (r->db->conn_id == 0 && r->db->be ==
	    vigil_store_backend_postgresql())) {
		r->db->epoch = atomic_load(&s->db_epoch);
		(void)db_check(r->db);
	}
	(void)answer(r, rt, &lost);
	if (lost) {
		srv_problem(r, 503, "Service Unavailable", "the database is "
		    "unavailable or restarted; try again");
		r->retry_after = 1;
	}
	srv_db_put(&s->pool, r->db);
	r->db = NULL;
}

static enum MHD_Result
add_field(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct req *r = cls;

	if (k == NULL)
		return MHD_YES;
	switch (kind) {
	case MHD_HEADER_KIND:
		return srv_kv_add(&r->hdr, k, v) ? MHD_YES : MHD_NO;
	case MHD_COOKIE_KIND:
		return srv_kv_add(&r->cookies, k, v) ? MHD_YES : MHD_NO;
	case MHD_GET_ARGUMENT_KIND:
		return srv_kv_add(&r->arg, k, v) ? MHD_YES : MHD_NO;
	default:
		return MHD_YES;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct srv *s = cls;
	struct conn_ctx *cx = *con_cls;
	struct req r;
	const char *cl;
	enum MHD_Result ret;

	(void)version;
	if (cx == NULL) {
		if ((cx = vgx_calloc(1, sizeof(*cx))) == NULL)
			return MHD_NO;
		vgx_buf_init(&cx->body, s->conf.max_body);
		clock_gettime(CLOCK_MONOTONIC, &cx->start);
		snprintf(cx->method, sizeof(cx->method), "%s", method);
		snprintf(cx->path, sizeof(cx->path), "%s", url);
		*con_cls = cx;
		atomic_fetch_add(&inflight, 1);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > s->conf.max_body)
			cx->too_big = true;
		else
			return MHD_YES;
	}
	if (!cx->too_big && *upload_data_size > 0) {
		if (vgx_buf_add(&cx->body, upload_data, *upload_data_size) < 0)
			cx->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cx->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	srv_req_init(&r, s);
	r.method = method;
	r.path = url;
	(void)MHD_get_connection_values(conn, MHD_HEADER_KIND, add_field, &r);
	(void)MHD_get_connection_values(conn, MHD_COOKIE_KIND, add_field, &r);
	(void)MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
	    add_field, &r);
	if (cx->too_big) {
		srv_problem(&r, 413, "Content Too Large", "the body limit is "
		    "%zu bytes", s->conf.max_body);
		cx->answered = true;
		*upload_data_size = 0;
	} else {
		r.body = vgx_buf_cstr(&cx->body);
		r.len = cx->body.len;
		srv_handle(&r);
	}
	if (r.who.user != 0)
		snprintf(cx->user, sizeof(cx->user), "%lld",
		    (long long)r.who.user);
	ret = send_req(conn, &r, cx, strcmp(method, "HEAD") == 0);
	vgx_buf_dispose(&r.out);
	return ret;
}

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct srv *s = cls;
	struct conn_ctx *cx = *con_cls;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "-", ts[21];
	struct timespec end;
	double ms;
	FILE *fp = s->logfp;

	if (cx == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - cx->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - cx->start.tv_nsec) / 1e6;
	if (fp != NULL) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL) {
			if (ci->client_addr->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)
				    (const void *)ci->client_addr)->sin_addr,
				    addr, sizeof(addr));
			else if (ci->client_addr->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct
				    sockaddr_in6 *)(const void *)
				    ci->client_addr)->sin6_addr, addr,
				    sizeof(addr));
		}
		srv_now(ts);
		pthread_mutex_lock(&s->logmu);
		fprintf(fp, "{\"ts\":\"%s\",\"remote\":\"%s\",\"method\":",
		    ts, addr);
		json_str(fp, cx->method);
		fputs(",\"path\":", fp);
		json_str(fp, cx->path);
		fprintf(fp, ",\"status\":%u,\"bytes\":%zu,\"ms\":%.3f,"
		    "\"in\":%zu,\"user\":", cx->status, cx->bytes, ms,
		    cx->body.len);
		if (cx->user[0] != '\0')
			json_str(fp, cx->user);
		else
			fputs("null", fp);
		fprintf(fp, ",\"end\":\"%s\"}\n", toe ==
		    MHD_REQUEST_TERMINATED_COMPLETED_OK ? "ok" : toe ==
		    MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout" :
		    "aborted");
		fflush(fp);
		pthread_mutex_unlock(&s->logmu);
	}
	vgx_buf_dispose(&cx->body);
	vgx_free(cx);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

/* Method and path go into the log line too: MHD tells them to the URI
 * logger before the request callback. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)uri;
	(void)conn;
	return NULL;
}

/* ---- life cycle ---------------------------------------------------------- */

static int
parse_listen(struct sockaddr_storage *ss, socklen_t *sl, bool *v6,
    const char *spec, vigil_error *err)
{
	char host[128];
	const char *colon, *h = spec, *port;
	size_t hl;
	uint64_t p;

	memset(ss, 0, sizeof(*ss));
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');

		if (close == NULL || close[1] != ':')
			return vigil__error(err, VIGIL_EINVALID, "--listen "
			    "takes ADDR:PORT or [ADDR6]:PORT");
		h = spec + 1;
		hl = (size_t)(close - h);
		port = close + 2;
	} else {
		if ((colon = strrchr(spec, ':')) == NULL)
			return vigil__error(err, VIGIL_EINVALID, "--listen "
			    "takes ADDR:PORT");
		hl = (size_t)(colon - spec);
		port = colon + 1;
	}
	if (hl >= sizeof(host) || vgx_parse_uint(&port, port + strlen(port),
	    65535, &p) < 0 || *port != '\0')
		return vigil__error(err, VIGIL_EINVALID, "--listen: bad "
		    "address or port in '%s'", spec);
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)(void *)ss)->
	    sin_addr) == 1) {
		((struct sockaddr_in *)(void *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)(void *)ss)->sin_port = htons(
		    (uint16_t)p);
		*sl = sizeof(struct sockaddr_in);
		*v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)(void *)ss)->
	    sin6_addr) == 1) {
		((struct sockaddr_in6 *)(void *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(
		    (uint16_t)p);
		*sl = sizeof(struct sockaddr_in6);
		*v6 = true;
		return 0;
	}
	return vigil__error(err, VIGIL_EINVALID, "--listen: '%s' is not an "
	    "IP address", host);
}

static void
srv_dispose(struct srv *s)
{
	srv_jobs_stop(s);
	if (s->worker_stuck)
		return;		/* the worker still holds a handle; exit frees */
	srv_cache_clear();
	srv_db_pool_close(&s->pool);
	srv_rate_free(s->rate);
	if (s->logfp != NULL && s->logfp != stderr)
		fclose(s->logfp);
	vgx_free(s->dbpath);
	vgx_free(s->spool);
	pthread_mutex_destroy(&s->logmu);
	pthread_mutex_destroy(&s->pwmu);
	pthread_mutex_destroy(&s->jobmu);
	pthread_cond_destroy(&s->jobcv);
}

/*
 * The spool directory for uploaded feeds: DIR if given, else DB.spool
 * beside a store file, else (a postgresql:// store has no file)
 * $XDG_DATA_HOME/vigil/server.spool, whose parents are made here.
 */
static int
spool_path(char **out, const char *dir, const char *db, vigil_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	vgx_buf b;
	char *p, *q;

	vgx_buf_init(&b, 4096);
	if ((dir != NULL && vgx_buf_printf(&b, "%s", dir) < 0) ||
	    (dir == NULL && !vigil_store_is_url(db) &&
	    vgx_buf_printf(&b, "%s.spool", db) < 0))
		return vigil__error_oom(err);
	if (dir == NULL && vigil_store_is_url(db)) {
		if ((xdg == NULL || *xdg != '/') && (home == NULL ||
		    *home != '/'))
			return vigil__error(err, VIGIL_EINVALID, "neither "
			    "XDG_DATA_HOME nor HOME is set: give --spool DIR");
		if (((xdg != NULL && *xdg == '/') ?
		    vgx_buf_printf(&b, "%s/vigil/server.spool", xdg) :
		    vgx_buf_printf(&b, "%s/.local/share/vigil/server.spool",
		    home)) < 0)
			return vigil__error_oom(err);
		if ((p = vgx_buf_take(&b, NULL)) == NULL)
			return vigil__error_oom(err);
		/* mkdir -p of the parents; the spool itself is made (0700)
		 * when a feed arrives. */
		for (q = strchr(p + 1, '/'); q != NULL; q = strchr(q + 1,
		    '/')) {
			*q = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				int rc = vigil__error(err, VIGIL_EIO, "%s: "
				    "cannot create the directory", p);

				vgx_free(p);
				return rc;
			}
			*q = '/';
		}
		*out = p;
		return 0;
	}
	if ((*out = vgx_buf_take(&b, NULL)) == NULL)
		return vigil__error_oom(err);
	return 0;
}

/*
 * The PostgreSQL connections THREADS worker threads need: one per database
 * handle (its store's), a handle per thread and one for the job worker,
 * and one for the job worker's import.
 * VIGIL_PG_POOL_MAX, the process's bound (default 16), is raised to that
 * when unset; when set lower, the server refuses to start rather than let
 * requests wait for connections.
 */
static int
pg_pool_size(unsigned threads, vigil_error *err)
{
	const char *v = getenv("VIGIL_PG_POOL_MAX"), *p;
	unsigned long need = (unsigned long)threads + 2;
	uint64_t have;
	char num[24];

	if (v == NULL || *v == '\0') {
		if (need <= SRV_PG_POOL_DEFAULT)
			return 0;
		snprintf(num, sizeof(num), "%lu", need);
		if (setenv("VIGIL_PG_POOL_MAX", num, 1) < 0)
			return vigil__error_oom(err);
		return 0;
	}
	p = v;
	if (vgx_parse_uint(&p, v + strlen(v), SRV_PG_POOL_LIMIT, &have) < 0 ||
	    *p != '\0' || have == 0)
		return vigil__error(err, VIGIL_EINVALID, "VIGIL_PG_POOL_MAX "
		    "takes 1 to %d, not '%s'", SRV_PG_POOL_LIMIT, v);
	if (have < need)
		return vigil__error(err, VIGIL_EINVALID, "VIGIL_PG_POOL_MAX=%llu "
		    "is below the %lu PostgreSQL connections %u worker threads "
		    "need (1 for each of %u database handles and 1 for imports): "
		    "raise it or lower --threads (unset, it is sized to fit)",
		    (unsigned long long)have, need, threads, threads + 1);
	return 0;
}

static int
srv_setup(struct srv *s, const struct srv_conf *conf, vigil_error *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->conf = *conf;
	pthread_mutex_init(&s->logmu, NULL);
	pthread_mutex_init(&s->pwmu, NULL);
	pthread_mutex_init(&s->jobmu, NULL);
	pthread_cond_init(&s->jobcv, NULL);
	if (sodium_init() < 0)
		return vigil__error(err, VIGIL_ERROR, "libsodium failed to "
		    "initialise");
	if (conf->db != NULL)
		s->dbpath = vgx_strdup(conf->db);
	else if ((rc = vigil_store_default_path(&s->dbpath, err)) < 0)
		return rc;
	if (s->dbpath == NULL)
		return vigil__error_oom(err);
	if ((rc = spool_path(&s->spool, conf->spool, s->dbpath, err)) < 0)
		return rc;
	if (vigil_store_is_url(s->dbpath) && (rc = pg_pool_size(conf->threads,
	    err)) < 0)
		return rc;
	/* One database handle per worker thread and one for the job
	 * worker: nobody waits for a handle. */
	if ((rc = srv_db_pool_open(&s->pool, s->dbpath, conf->threads + 1,
	    err)) < 0)
		return rc;
	if ((s->rate = srv_rate_new(conf->rate, conf->rate * 4)) == NULL)
		return vigil__error_oom(err);
	return 0;
}

int
srv_open(struct srv *s, const struct srv_conf *conf, vigil_error *err)
{
	int rc;

	if ((rc = srv_setup(s, conf, err)) < 0)
		srv_dispose(s);
	return rc;
}

void
srv_close(struct srv *s)
{
	srv_dispose(s);
}

int
srv_run(const struct srv_conf *conf, vigil_error *err)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	socklen_t sl;
	sigset_t set;
	/* Static: a worker still importing at exit keeps using it. */
	static struct srv s;
	char *cert = NULL, *key = NULL;
	unsigned flags;
	bool v6 = false;
	int rc, sig, waited;

	if ((rc = parse_listen(&ss, &sl, &v6, conf->listen ? conf->listen :
	    SRV_DEFAULT_LISTEN, err)) < 0)
		return rc;
	if ((conf->tls_cert == NULL) != (conf->tls_key == NULL))
		return vigil__error(err, VIGIL_EINVALID, "--tls-cert and "
		    "--tls-key go together");
	if (conf->tls_cert != NULL && ((rc = vgx_file_read(&cert, NULL,
	    conf->tls_cert, 1 << 20, err)) < 0 || (rc = vgx_file_read(&key,
	    NULL, conf->tls_key, 1 << 20, err)) < 0)) {
		vgx_free(cert);
		return rc;
	}
	if ((rc = srv_setup(&s, conf, err)) < 0)
		goto fail;
	s.tls = cert != NULL;
	if (conf->quiet)
		s.logfp = NULL;
	else if (conf->access_log != NULL) {
		if ((s.logfp = fopen(conf->access_log, "a")) == NULL) {
			rc = vigil__error(err, VIGIL_EIO, "%s: %s",
			    conf->access_log, strerror(errno));
			goto fail;
		}
	} else
		s.logfp = stderr;
	/* Signals are taken by sigwait() below, in this thread only: block
	 * them before any thread starts, so every thread inherits that. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = srv_jobs_start(&s, err)) < 0)
		goto fail;

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | (v6 ? MHD_USE_IPv6 : 0) | (cert ? MHD_USE_TLS : 0);
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, conf->threads,
	    MHD_OPTION_CONNECTION_LIMIT, conf->max_conn,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, conf->per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, conf->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, &s,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
	    cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	if (d == NULL) {
		rc = vigil__error(err, VIGIL_EIO, "cannot listen on %s",
		    conf->listen ? conf->listen : SRV_DEFAULT_LISTEN);
		goto fail;
	}
	srv_sandbox();
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (conf->port_file != NULL && di != NULL) {
		FILE *pf = fopen(conf->port_file, "w");

		if (pf != NULL) {
			fprintf(pf, "%u\n", (unsigned)di->port);
			fclose(pf);
		}
	}
	if (s.logfp != NULL) {
		pthread_mutex_lock(&s.logmu);
		fprintf(s.logfp, "{\"event\":\"listening\",\"port\":%u,"
		    "\"tls\":%s,\"threads\":%u}\n", di ? (unsigned)di->port :
		    0, s.tls ? "true" : "false", conf->threads);
		fflush(s.logfp);
		pthread_mutex_unlock(&s.logmu);
	}
	do {
		rc = sigwait(&set, &sig);
	} while (rc != 0);
	s.stopping = 1;
	MHD_quiesce_daemon(d);
	for (waited = 0; atomic_load(&inflight) > 0 && waited < 1000;
	    waited++)
		usleep(10000);
	MHD_stop_daemon(d);
	if (s.logfp != NULL) {
		fprintf(s.logfp, "{\"event\":\"stopped\",\"signal\":%d}\n",
		    sig);
		fflush(s.logfp);
	}
	rc = 0;
fail:
	srv_dispose(&s);
	vgx_free(cert);
	vgx_free(key);
	return rc;
}

/* The URL-safe slug of organisation NAME into SLUG; its length. */
static size_t
org_slug(char *slug, size_t sz, const char *name)
{
	size_t i, j;

	for (i = j = 0; name[i] != '\0' && j + 1 < sz; i++)
		if (vgx_isalnum((unsigned char)name[i]))
			slug[j++] = (char)vgx_tolower((unsigned char)name[i]);
		else if (j > 0 && slug[j - 1] != '-')
			slug[j++] = '-';
	while (j > 0 && slug[j - 1] == '-')
		j--;
	slug[j] = '\0';
	return j;
}

int
srv_org_find(int64_t *id, struct dbh *h, const char *name,
    vigil_error *err)
{
	return srv_db_run(id, h, err, "SELECT id FROM srv_org WHERE name = ?",
	    "s", name);
}

int
srv_org_add(int64_t *id, struct dbh *h, const char *name, int64_t actor,
    vigil_error *err)
{
	char slug[64], now[21], after[200];
	json_t *j;
	char *s;
	int rc;

	if (strlen(name) > 100 || vgx_utf8_check(name, strlen(name), NULL) < 0 ||
	    org_slug(slug, sizeof(slug), name) == 0)
		return vigil__error(err, VIGIL_EINVALID, "an organisation "
		    "needs a name of at most 100 bytes with letters or digits");
	srv_now(now);
	if ((rc = srv_db_run(id, h, err, "INSERT INTO srv_org (name, slug, "
	    "created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
	    "sss", name, slug, now)) == VIGIL_ENOTFOUND)
		return vigil__error(err, VIGIL_EEXISTS, "an organisation "
		    "named '%s' or with the slug '%s' exists", name, slug);
	if (rc < 0)
		return rc;
	j = json_pack("{s:s,s:s}", "name", name, "slug", slug);
	s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	snprintf(after, sizeof(after), "%s", s ? s : "{}");
	free(s);
	return srv_db_run(NULL, h, err, "INSERT INTO srv_audit (org, user_id, "
	    "at, action, object, before, after) VALUES (?, ?, ?, 'org.create', "
	    "?, NULL, ?)", "iisss", *id, actor, now, slug, after);
}

int
srv_local(struct req *r, const struct principal *who)
{
	const struct route *rt;
	bool known;

	if ((rt = srv_route_find(r, r->method, r->path, &known)) == NULL)
		return srv_problem(r, known ? 405 : 404, known ? "Method Not "
		    "Allowed" : "Not Found", "no operation %s %s", r->method,
		    r->path);
	r->db = srv_db_get(&r->srv->pool);
	r->who = *who;
	(void)rt->fn(r);
	srv_db_put(&r->srv->pool, r->db);
	r->db = NULL;
	return r->status < 400 ? 0 : -1;
}

int
srv_init_admin(char **token, const char *db, const char *email,
    const char *org, const char *password, vigil_error *err)
{
	struct srv_conf conf;
	struct srv s;
	struct dbh *h;
	char now[21], tok[80], pw[256], slug[64];
	int64_t oid = 0, uid = 0, tid;
	int rc;

	memset(&conf, 0, sizeof(conf));
	conf.db = db;
	conf.threads = 0;
	*token = NULL;
	if (strchr(email, '@') == NULL || strlen(email) > 120)
		return vigil__error(err, VIGIL_EINVALID, "'%s' is not an "
		    "email address", email);
	if (org_slug(slug, sizeof(slug), org) == 0)
		return vigil__error(err, VIGIL_EINVALID, "the organisation "
		    "needs a name with letters or digits");
	pw[0] = '\0';
	if (password != NULL && (rc = srv_password_hash(pw, sizeof(pw),
	    password)) < 0)
		return vigil__error(err, rc, "cannot hash the password");
	if ((rc = srv_setup(&s, &conf, err)) < 0) {
		srv_dispose(&s);
		return rc;
	}
	h = srv_db_get(&s.pool);
	srv_now(now);
	if ((rc = srv_db_begin(h, err)) < 0)
		goto done;
	if ((rc = srv_org_find(&oid, h, org, err)) == VIGIL_ENOTFOUND)
		rc = srv_org_add(&oid, h, org, 0, err);
	if (rc < 0)
		goto rollback;
	if ((rc = srv_db_run(&uid, h, err, "INSERT INTO srv_user (org, email, "
	    "role, pwhash, created) VALUES (?, ?, 'admin', ?, ?) ON CONFLICT "
	    "(email) DO NOTHING RETURNING id", "isss", oid, email,
	    pw[0] ? pw : NULL, now)) == VIGIL_ENOTFOUND) {
		rc = vigil__error(err, VIGIL_EEXISTS, "user %s exists", email);
		goto rollback;
	}
	if (rc < 0)
		goto rollback;
	if ((tid = srv_token_create(h, tok, sizeof(tok), uid, "init-admin",
	    err)) < 0) {
		rc = (int)tid;
		goto rollback;
	}
	if ((rc = srv_db_run(NULL, h, err, "INSERT INTO srv_audit (org, "
	    "user_id, at, action, object, before, after) VALUES (?, ?, ?, "
	    "'user.create', ?, NULL, ?)", "iisss", oid, uid, now, email,
	    "{\"role\":\"admin\",\"via\":\"init-admin\"}")) < 0)
		goto rollback;
	if ((rc = srv_db_commit(h, err)) < 0)
		goto rollback;
	if ((*token = vgx_strdup(tok)) == NULL)
		rc = vigil__error_oom(err);
	goto done;
rollback:
	srv_db_rollback(h);
done:
	sodium_memzero(tok, sizeof(tok));
	srv_db_put(&s.pool, h);
	srv_dispose(&s);
	return rc;
}
