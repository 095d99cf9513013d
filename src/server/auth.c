/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Authentication and its limits.  API tokens and session ids are 32
 * random bytes (libsodium), shown once, and stored only as keyed
 * BLAKE2b-256 hashes (crypto_generichash), so a stolen database holds no
 * usable secret; passwords are Argon2id (crypto_pwhash_str).  A session
 * is a cookie (HttpOnly, SameSite=Strict, Secure under TLS) plus a
 * synchroniser CSRF token kept with the session row, which every
 * state-changing request made with the cookie must send back in
 * X-CSRF-Token.  Requests with a Bearer token carry no ambient authority
 * and need no CSRF token.
 *
 * Requests are rate limited per token (or per session user, or per client
 * address for anonymous requests) by token buckets in a fixed-size table.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server.h"

/* Domain separation for stored hashes: a token hash is not a session
 * hash even for equal input. */
static const unsigned char hash_key[crypto_generichash_KEYBYTES] =
    "vigil serve: stored secret v1.";

const char *
srv_role_name(int role)
{
	switch (role) {
	case ROLE_VIEWER:
		return "viewer";
	case ROLE_ANALYST:
		return "analyst";
	case ROLE_ADMIN:
		return "admin";
	default:
		return "public";
	}
}

int
srv_role_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "viewer") == 0)
		return ROLE_VIEWER;
	if (strcmp(s, "analyst") == 0)
		return ROLE_ANALYST;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	return -1;
}

void
srv_secret_new(char *out, size_t outsz, const char *prefix)
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);

	if (outsz < plen + sodium_base64_ENCODED_LEN(sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		vigil__misuse("srv_secret_new: buffer too small");
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, outsz - plen, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
srv_hash_secret(char out[SRV_HASH_HEX], const char *s)
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s),
	    hash_key, sizeof(hash_key));
	sodium_bin2hex(out, SRV_HASH_HEX, h, sizeof(h));
}

bool
srv_ct_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb || la == 0)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

int
srv_password_hash(char *out, size_t outsz, const char *pw)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return VIGIL_ETOOBIG;
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return VIGIL_ENOMEM;
	return 0;
}

bool
srv_password_ok(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL)
		return false;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int64_t
srv_token_create(struct dbh *h, char *token, size_t tokensz, int64_t user,
    const char *name, vigil_error *err)
{
	char hash[SRV_HASH_HEX], now[21];
	int64_t id = 0;
	int rc;

	srv_secret_new(token, tokensz, SRV_TOKEN_PREFIX);
	srv_hash_secret(hash, token);
	srv_now(now);
	if ((rc = srv_db_run(&id, h, err, "INSERT INTO srv_token (user_id, "
	    "name, hash, created) VALUES (?, ?, ?, ?) RETURNING id", "isss",
	    user, name, hash, now)) < 0)
		return rc;
	return id;
}

int
srv_user_find(struct dbh *h, const char *email, int64_t *id, int64_t *org,
    int *role, vigil_error *err)
{
	void *st;
	int rc;

	if ((st = srv_db_prep(h, "SELECT id, org, role FROM srv_user WHERE "
	    "email = ?", err)) == NULL)
		return VIGIL_EDB;
	srv_db_bind(h, st, "s", email);
	if ((rc = srv_db_step(h, st, err)) == 1) {
		if (id != NULL)
			*id = srv_db_int(h, st, 0);
		if (org != NULL)
			*org = srv_db_int(h, st, 1);
		if (role != NULL)
			*role = srv_role_parse(srv_db_text(h, st, 2));
	}
	srv_db_reset(h, st);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : vigil__error(err, VIGIL_ENOTFOUND, "no user %s",
	    email);
}

/* ---- rate limiting ------------------------------------------------------- */

#define RATE_SLOTS 4096

struct bucket {
	uint64_t key;
	double tokens;
	double last;
};

struct ratelimit {
	pthread_mutex_t mu;
	double rate, burst;
	struct bucket b[RATE_SLOTS];
};

struct ratelimit *
srv_rate_new(unsigned per_sec, unsigned burst)
{
	struct ratelimit *rl = vgx_calloc(1, sizeof(*rl));

	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->mu, NULL);
	rl->rate = per_sec;
	rl->burst = burst;
	return rl;
}

void
srv_rate_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->mu);
	vgx_free(rl);
}

bool
srv_rate_take(struct ratelimit *rl, uint64_t key, double now,
    unsigned *retry)
{
	struct bucket *b;
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	bool ok;

	if (rl == NULL || rl->rate <= 0)
		return true;
	pthread_mutex_lock(&rl->mu);
	b = &rl->b[(h >> 32) % RATE_SLOTS];
	if (b->key != key || b->last == 0) {
		/* A new key (or one evicted by a collision) starts full. */
		b->key = key;
		b->tokens = rl->burst;
		b->last = now;
	}
	b->tokens += (now - b->last) * rl->rate;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->last = now;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else if (retry != NULL)
		*retry = (unsigned)ceil((1.0 - b->tokens) / rl->rate);
	pthread_mutex_unlock(&rl->mu);
	return ok;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- authenticating a request -------------------------------------------- */

static bool
safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static int
load_principal(struct req *r, void *st)
{
	const char *email = srv_db_text(r->db, st, 3);

	r->who.token = srv_db_int(r->db, st, 0);
	r->who.user = srv_db_int(r->db, st, 1);
	r->who.org = srv_db_int(r->db, st, 2);
	snprintf(r->who.email, sizeof(r->who.email), "%s", email ? email :
	    "");
	r->who.role = srv_role_parse(srv_db_text(r->db, st, 4));
	return r->who.role < 0 ? -1 : 0;
}

int
srv_authenticate(struct req *r, int need)
{
	const char *auth, *cookie, *csrf;
	char hash[SRV_HASH_HEX];
	vigil_error err;
	uint64_t key;
	unsigned retry = 1;
	void *st;
	int rc;

	memset(&r->who, 0, sizeof(r->who));
	auth = srv_header(r, "Authorization");
	cookie = srv_cookie(r, "vigil_session");
	if (need == ROLE_PUBLIC && auth == NULL && cookie == NULL)
		return 0;
	if (auth != NULL) {
		if (strncmp(auth, "Bearer ", 7) != 0 || strncmp(auth + 7,
		    SRV_TOKEN_PREFIX, strlen(SRV_TOKEN_PREFIX)) != 0)
			return srv_problem(r, 401, "Unauthorized", "the "
			    "Authorization header takes 'Bearer vgl_...'");
		srv_hash_secret(hash, auth + 7);
		st = srv_db_prep(r->db, "SELECT t.id, u.id, u.org, u.email, "
		    "u.role FROM srv_token t JOIN srv_user u ON u.id = "
		    "t.user_id WHERE t.hash = ? AND t.revoked = 0 AND "
		    "u.disabled = 0", &err);
	} else if (cookie != NULL) {
		srv_hash_secret(hash, cookie);
		st = srv_db_prep(r->db, "SELECT 0, u.id, u.org, u.email, "
		    "u.role, s.csrf, s.expires FROM srv_session s JOIN "
		    "srv_user u ON u.id = s.user_id WHERE s.hash = ? AND "
		    "u.disabled = 0", &err);
	} else
		return srv_problem(r, 401, "Unauthorized", "this resource "
		    "needs an API token (Authorization: Bearer) or a session");
	if (st == NULL)
		return srv_problem_err(r, VIGIL_EDB, &err);
	srv_db_bind(r->db, st, "s", hash);
	if ((rc = srv_db_step(r->db, st, &err)) < 0) {
		srv_db_reset(r->db, st);
		return srv_problem_err(r, rc, &err);
	}
	if (rc == 0) {
		srv_db_reset(r->db, st);
		return srv_problem(r, 401, "Unauthorized", auth != NULL ?
		    "unknown or revoked token" : "no such session; log in");
	}
	if (load_principal(r, st) < 0) {
		srv_db_reset(r->db, st);
		return srv_problem(r, 403, "Forbidden", "the user has no "
		    "valid role");
	}
	if (auth == NULL) {
		const char *want = srv_db_text(r->db, st, 5);
		int64_t expires = srv_db_int(r->db, st, 6);
		char wantbuf[80];

		snprintf(wantbuf, sizeof(wantbuf), "%s", want ? want : "");
		srv_db_reset(r->db, st);
		if (expires < (int64_t)time(NULL))
			return srv_problem(r, 401, "Unauthorized", "the "
			    "session has expired; log in again");
		r->who.session = true;
		if (!safe_method(r->method)) {
			csrf = srv_header(r, "X-CSRF-Token");
			if (csrf == NULL || !srv_ct_equal(csrf, wantbuf))
				return srv_problem(r, 403, "Forbidden",
				    "missing or wrong X-CSRF-Token");
		}
	} else
		srv_db_reset(r->db, st);
	key = r->who.token != 0 ? (uint64_t)r->who.token :
	    ((uint64_t)r->who.user | (1ull << 62));
	if (!srv_rate_take(r->srv->rate, key, now_s(), &retry)) {
		r->retry_after = retry;
		return srv_problem(r, 429, "Too Many Requests", "the rate "
		    "limit of this token is %u requests per second",
		    r->srv->conf.rate);
	}
	if (r->who.role < need)
		return srv_problem(r, 403, "Forbidden", "this needs the %s "
		    "role; you are %s", srv_role_name(need),
		    srv_role_name(r->who.role));
	return 0;
}
