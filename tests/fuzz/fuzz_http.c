/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the HTTP layer of `vigil serve`: every input is one
 * request, answered by the server's own request path (srv_handle: limits,
 * route matching and path parameters, authentication by token or session
 * cookie, CSRF, the answer cache, the handlers with their query
 * parameters, JSON bodies and SBOM uploads) against a real store, a
 * SQLite database in a temporary directory created at the first call
 * with an organisation, an admin (with a password, logged in once for a
 * session), an analyst, a viewer, a release and an SBOM.
 *
 * An input is text as on the wire, without the protocol version:
 *
 *     METHOD SP TARGET LF
 *     Name: value LF          (any number of headers)
 *     LF
 *     body
 *
 * TARGET is the path with an optional ?query; the path and each query
 * name and value are percent-decoded as libmicrohttpd does (a decoded NUL
 * ends the string), and the Cookie header is split into cookies.  In a
 * header value, {A}, {N} and {V} stand for the admin's, the analyst's and
 * the viewer's API tokens, {S} for the admin's session cookie and {C} for
 * its CSRF token, so authenticated paths are reached.  A header
 * "X-Fuzz-Repeat: N" (N <= 2000) repeats the body N times, so that the
 * size limits (a JSON body's 1 MiB) are reached too.  The response is
 * captured (status, body), never sent; VIGIL_FUZZ_HTTP_TRACE=1 prints
 * each request's status and the start of its body on stderr.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

#define FZ_MAX_LINE 8192

static struct srv fz_srv;
static bool fz_ready;
static char fz_dir[64];
static char fz_tok[3][96];	/* admin, analyst, viewer */
static char fz_sid[96], fz_csrf[96];

static void
fz_cleanup(void)
{
	char cmd[128];

	if (!fz_ready)
		return;
	srv_close(&fz_srv);
	fz_ready = false;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_http: cannot remove %s\n", fz_dir);
}

/* Answer one request built from parts (setup). */
static unsigned
fz_call(const char *method, const char *path, const char *auth,
    const char *body, char *out, size_t outsz, char *cookie, size_t csz)
{
	struct req r;
	char hv[128];
	unsigned st;

	srv_req_init(&r, &fz_srv);
	r.method = method;
	r.path = path;
	if (auth != NULL) {
		snprintf(hv, sizeof(hv), "Bearer %s", auth);
		srv_kv_add(&r.hdr, "Authorization", hv);
	}
	r.body = body ? body : "";
	r.len = strlen(r.body);
	srv_handle(&r);
	st = r.status;
	if (out != NULL)
		snprintf(out, outsz, "%.*s", (int)r.out.len, r.out.len ?
		    vgx_buf_cstr(&r.out) : "");
	if (cookie != NULL)
		snprintf(cookie, csz, "%s", r.cookie[0]);
	vgx_buf_dispose(&r.out);
	return st;
}

/* The string member NAME of the JSON text S into OUT. */
static void
fz_member(char *out, size_t outsz, const char *s, const char *name)
{
	json_t *j = json_loads(s, 0, NULL);

	snprintf(out, outsz, "%s", json_string_value(json_object_get(j,
	    name)) ? json_string_value(json_object_get(j, name)) : "");
	json_decref(j);
}

static const char fz_sbom[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
    "\"components\":[{\"type\":\"library\",\"name\":\"openssl\","
    "\"version\":\"1.1.1k\",\"purl\":\"pkg:generic/openssl@1.1.1k\"},"
    "{\"type\":\"library\",\"name\":\"zlib\",\"version\":\"1.2.11\","
    "\"purl\":\"pkg:generic/zlib@1.2.11\"}]}";

static void
fz_die(const char *what)
{
	fprintf(stderr, "fuzz_http: setup: %s\n", what);
	abort();
}

/* A session for {S} and {C} (again after an input logged out). */
static void
fz_login(void)
{
	char out[4096], cookie[256];

	if (fz_call("POST", "/api/v1/session", NULL, "{\"email\":"
	    "\"admin@fuzz.test\",\"password\":\"fuzz-password\"}", out,
	    sizeof(out), cookie, sizeof(cookie)) >= 300)
		fz_die(out);
	/* "vigil_session=VALUE; Path=/; ..." */
	snprintf(fz_sid, sizeof(fz_sid), "%.*s", (int)strcspn(cookie +
	    strcspn(cookie, "=") + 1, ";"), cookie + strcspn(cookie, "=") + 1);
	fz_member(fz_csrf, sizeof(fz_csrf), out, "csrf");
}

/*
 * Undo what an input did to the three users and their first tokens
 * (revoked, disabled, demoted, new password), so later inputs still reach
 * the authenticated paths.
 */
static void
fz_restore(void)
{
	struct dbh *h = srv_db_get(&fz_srv.pool);
	vigil_error err;

	if (srv_db_run(NULL, h, &err, "UPDATE srv_token SET revoked = 0 "
	    "WHERE id <= 3", "") < 0 || srv_db_run(NULL, h, &err, "UPDATE "
	    "srv_user SET disabled = 0, role = CASE id WHEN 1 THEN 'admin' "
	    "WHEN 2 THEN 'analyst' ELSE 'viewer' END WHERE id <= 3", "") < 0)
		fz_die(err.msg);
	srv_db_put(&fz_srv.pool, h);
	srv_cache_invalidate();
}

static void
fz_setup(void)
{
	struct srv_conf conf;
	vigil_error err;
	char db[96], spool[96], out[4096], body[256];
	char *tok = NULL;
	const char *who[2] = { "analyst", "viewer" };
	int i;

	snprintf(fz_dir, sizeof(fz_dir), "%s/vigil-fuzz-http-XXXXXX",
	    getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 20 ?
	    getenv("TMPDIR") : "/tmp");
	if (mkdtemp(fz_dir) == NULL)
		fz_die("mkdtemp");
	snprintf(db, sizeof(db), "%s/vigil.db", fz_dir);
	snprintf(spool, sizeof(spool), "%s/spool", fz_dir);
	if (srv_init_admin(&tok, db, "admin@fuzz.test", "Fuzz Org",
	    "fuzz-password", &err) < 0)
		fz_die(err.msg);
	snprintf(fz_tok[0], sizeof(fz_tok[0]), "%s", tok);
	vgx_free(tok);
	memset(&conf, 0, sizeof(conf));
	conf.db = db;
	conf.spool = spool;
	conf.threads = 1;
	conf.max_body = (size_t)1 << 20;
	conf.max_depth = SRV_MAX_DEPTH_DEFAULT;
	conf.rate = 0;		/* no rate limit: answers do not depend on time */
	conf.quiet = true;
	if (srv_open(&fz_srv, &conf, &err) < 0)
		fz_die(err.msg);
	fz_ready = true;
	atexit(fz_cleanup);
	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"email\":\"%s@fuzz.test\","
		    "\"role\":\"%s\"}", who[i], who[i]);
		if (fz_call("POST", "/api/v1/users", fz_tok[0], body, out,
		    sizeof(out), NULL, 0) != 201)
			fz_die(out);
		fz_member(fz_tok[i + 1], sizeof(fz_tok[i + 1]), out, "token");
	}
	fz_login();
	if (fz_call("POST", "/api/v1/releases", fz_tok[1], "{\"product\":"
	    "\"Pump\",\"version\":\"1.0\"}", out, sizeof(out), NULL, 0) != 201)
		fz_die(out);
	if (fz_call("POST", "/api/v1/releases/1/sboms", fz_tok[1], fz_sbom,
	    out, sizeof(out), NULL, 0) != 201)
		fz_die(out);
}

/* Percent-decode [S, E) into a new NUL-terminated string. */
static char *
fz_unescape(const char *s, const char *e)
{
	char *out = vgx_malloc((size_t)(e - s) + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (s < e) {
		if (*s == '%' && e - s >= 3 && vgx_hexval(s[1]) >= 0 &&
		    vgx_hexval(s[2]) >= 0) {
			*o++ = (char)(vgx_hexval(s[1]) * 16 + vgx_hexval(s[2]));
			s += 3;
		} else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Strings made while building one request, freed after it. */
struct fz_pool {
	char *p[3 * SRV_MAX_FIELDS + 8];
	size_t n;
};

static char *
fz_keep(struct fz_pool *fp, char *s)
{
	if (s == NULL || fp->n == sizeof(fp->p) / sizeof(fp->p[0])) {
		vgx_free(s);
		return NULL;
	}
	fp->p[fp->n++] = s;
	return s;
}

/* A header value with the placeholders replaced. */
static char *
fz_subst(const char *s, const char *e)
{
	vgx_buf b;
	const char *rep;

	vgx_buf_init(&b, FZ_MAX_LINE);
	while (s < e) {
		rep = NULL;
		if (e - s >= 3 && s[0] == '{' && s[2] == '}') {
			switch (s[1]) {
			case 'A': rep = fz_tok[0]; break;
			case 'N': rep = fz_tok[1]; break;
			case 'V': rep = fz_tok[2]; break;
			case 'S': rep = fz_sid; break;
			case 'C': rep = fz_csrf; break;
			default: break;
			}
		}
		if (rep != NULL) {
			if (vgx_buf_adds(&b, rep) < 0)
				break;
			s += 3;
		} else if (vgx_buf_add(&b, s++, 1) < 0)
			break;
	}
	return vgx_buf_take(&b, NULL);
}

static void
fz_query(struct req *r, struct fz_pool *fp, const char *s, const char *e)
{
	const char *amp, *eq;

	while (s < e) {
		amp = memchr(s, '&', (size_t)(e - s));
		if (amp == NULL)
			amp = e;
		if (amp > s) {
			eq = memchr(s, '=', (size_t)(amp - s));
			srv_kv_add(&r->arg, fz_keep(fp, fz_unescape(s, eq ? eq :
			    amp)), eq ? fz_keep(fp, fz_unescape(eq + 1, amp)) :
			    NULL);
		}
		s = amp + 1;
	}
}

static void
fz_cookies(struct req *r, struct fz_pool *fp, const char *s)
{
	const char *end, *eq;

	while (*s != '\0') {
		while (*s == ' ' || *s == ';')
			s++;
		end = s + strcspn(s, ";");
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq != NULL && eq > s)
			srv_kv_add(&r->cookies, fz_keep(fp, fz_unescape(s, eq)),
			    fz_keep(fp, fz_unescape(eq + 1, end)));
		s = end;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *sp, *q;
	const char *colon, *v;
	struct fz_pool fp = { { NULL }, 0 };
	struct req r;
	char *body;
	size_t i, rep;

	if (!fz_ready)
		fz_setup();
	if ((nl = memchr(p, '\n', size)) == NULL || (sp = memchr(p, ' ',
	    (size_t)(nl - p))) == NULL || sp == p)
		return 0;
	srv_req_init(&r, &fz_srv);
	r.method = fz_keep(&fp, vgx_strndup(p, (size_t)(sp - p)));
	q = memchr(sp + 1, '?', (size_t)(nl - sp - 1));
	r.path = fz_keep(&fp, fz_unescape(sp + 1, q ? q : nl));
	if (r.method == NULL || r.path == NULL)
		goto done;
	if (q != NULL)
		fz_query(&r, &fp, q + 1, nl);
	for (p = nl + 1; p < end && *p != '\n'; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((colon = memchr(p, ':', (size_t)(nl - p))) == NULL ||
		    colon == p)
			continue;
		for (v = colon + 1; v < nl && *v == ' '; v++)
			;
		srv_kv_add(&r.hdr, fz_keep(&fp, vgx_strndup(p, (size_t)(colon -
		    p))), fz_keep(&fp, fz_subst(v, nl)));
		if (nl == end)
			break;
	}
	for (i = 0; i < r.hdr.n; i++)
		if (r.hdr.kv[i].name != NULL && r.hdr.kv[i].value != NULL &&
		    strcmp(r.hdr.kv[i].name, "Cookie") == 0)
			fz_cookies(&r, &fp, r.hdr.kv[i].value);
	/* Names lost to an allocation failure: drop the request. */
	for (i = 0; i < r.hdr.n; i++)
		if (r.hdr.kv[i].name == NULL)
			goto done;
	for (i = 0; i < r.arg.n; i++)
		if (r.arg.kv[i].name == NULL)
			goto done;
	for (i = 0; i < r.cookies.n; i++)
		if (r.cookies.kv[i].name == NULL)
			goto done;
	p = p < end ? p + 1 : end;
	rep = 1;
	for (i = 0; i < r.hdr.n; i++)
		if (strcmp(r.hdr.kv[i].name, "X-Fuzz-Repeat") == 0 &&
		    r.hdr.kv[i].value != NULL) {
			const char *s = r.hdr.kv[i].value;
			uint64_t n;

			if (vgx_parse_uint(&s, s + strlen(s), 2000, &n) == 0 &&
			    n > 0)
				rep = (size_t)n;
		}
	/* The body, NUL-terminated as the server's reader leaves it. */
	if ((body = fz_keep(&fp, vgx_malloc((size_t)(end - p) * rep + 1))) ==
	    NULL)
		goto done;
	for (i = 0; i < rep; i++)
		memcpy(body + i * (size_t)(end - p), p, (size_t)(end - p));
	body[(size_t)(end - p) * rep] = '\0';
	r.body = body;
	r.len = (size_t)(end - p) * rep;
	srv_handle(&r);
	if (r.status < 100 || r.status > 599)
		abort();
	if (strcmp(r.method, "GET") != 0 && strcmp(r.method, "HEAD") != 0 &&
	    r.status < 300 && (strncmp(r.path, "/api/v1/users", 13) == 0 ||
	    strncmp(r.path, "/api/v1/tokens", 14) == 0))
		fz_restore();
	if (strcmp(r.path, "/api/v1/session") == 0 && strcmp(r.method,
	    "DELETE") == 0 && r.status == 204)
		fz_login();
	if (getenv("VIGIL_FUZZ_HTTP_TRACE") != NULL)
		fprintf(stderr, "%s %s -> %u %.200s\n", r.method, r.path,
		    r.status, r.out.len ? vgx_buf_cstr(&r.out) : "");
done:
	vgx_buf_dispose(&r.out);
	for (i = 0; i < fp.n; i++)
		vgx_free(fp.p[i]);
	return 0;
}
