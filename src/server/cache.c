/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small cache of GET answers, per user and URL (path and query): the
 * dashboard and integrations poll the same lists again and again.  Every
 * change made through the server (a request that is not GET or HEAD and
 * succeeds, a job's step) bumps a generation number and so invalidates
 * every entry; entries also expire after SRV_CACHE_TTL_MS, which bounds
 * how long a change made outside the server (another process writing the
 * database) can go unseen.  Answers over SRV_CACHE_MAX_BODY are not kept.
 * The same slots keep the row counts of lists (srv_count_get), so that
 * paging through a long list does not count it again for every page.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

#define SLOTS 512

struct entry {
	uint64_t hash;
	int64_t user;
	uint64_t gen;
	double at;		/* monotonic seconds */
	char *key;
	char *body;
	size_t len;
	unsigned status;
	const char *ctype;	/* static */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry slots[SLOTS];
static atomic_uint_fast64_t generation = 1;

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t
fnv(int64_t user, const char *key)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)user;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ull;
	return h;
}

void
srv_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

/* The entry for (USER, KEY) if it is current: copy its body into OUT. */
static bool
lookup(int64_t user, const char *key, double ttl, vgx_buf *out,
    unsigned *status, const char **ctype)
{
	uint64_t h = fnv(user, key);
	struct entry *e = &slots[h % SLOTS];
	bool hit = false;

	pthread_mutex_lock(&mu);
	if (e->key != NULL && e->hash == h && e->user == user &&
	    e->gen == atomic_load(&generation) && mono() - e->at < ttl &&
	    strcmp(e->key, key) == 0) {
		vgx_buf_reset(out);
		hit = vgx_buf_add(out, e->body, e->len) == 0;
		*status = e->status;
		*ctype = e->ctype;
	}
	pthread_mutex_unlock(&mu);
	return hit;
}

/* Keep BODY (LEN bytes) for (USER, KEY) as of generation GEN. */
static void
store(int64_t user, const char *key, uint64_t gen, const char *body,
    size_t len, unsigned status, const char *ctype)
{
	uint64_t h = fnv(user, key);
	struct entry *e = &slots[h % SLOTS];
	char *k, *b;

	k = vgx_strdup(key);
	b = vgx_malloc(len + 1);
	if (k == NULL || b == NULL) {
		vgx_free(k);
		vgx_free(b);
		return;
	}
	memcpy(b, body, len);
	pthread_mutex_lock(&mu);
	vgx_free(e->key);
	vgx_free(e->body);
	e->hash = h;
	e->user = user;
	e->gen = gen;
	e->at = mono();
	e->key = k;
	e->body = b;
	e->len = len;
	e->status = status;
	e->ctype = ctype;
	pthread_mutex_unlock(&mu);
}

/*
 * How long answers are kept: SRV_CACHE_TTL_MS, or VIGIL_CACHE_TTL_MS from
 * the environment (0 turns the answer cache off; row counts are still
 * kept for SRV_CACHE_TTL_MS).
 */
static double
answer_ttl(void)
{
	static _Atomic double ttl = -1;
	const char *e, *p;
	uint64_t v;
	double t = atomic_load(&ttl);

	if (t < 0) {
		t = SRV_CACHE_TTL_MS / 1000.0;
		if ((e = getenv("VIGIL_CACHE_TTL_MS")) != NULL && (p = e,
		    vgx_parse_uint(&p, e + strlen(e), 3600000, &v) == 0) &&
		    *p == '\0')
			t = (double)v / 1000.0;
		atomic_store(&ttl, t);
	}
	return t;
}

bool
srv_cache_get(struct req *r, const char *key)
{
	double ttl = answer_ttl();

	return ttl > 0 && lookup(r->who.user, key, ttl, &r->out, &r->status,
	    &r->ctype);
}

void
srv_cache_put(struct req *r, const char *key, uint64_t gen)
{
	if (answer_ttl() <= 0 || r->status != 200 || r->out.len >
	    SRV_CACHE_MAX_BODY ||
	    r->cookie[0][0] != '\0')
		return;
	store(r->who.user, key, gen, vgx_buf_cstr(&r->out), r->out.len,
	    r->status, r->ctype);
}

/*
 * Row counts of lists (the "total" of a page) share the slots under a
 * user id no account has; KEY is the count query with its parameters,
 * which include the organisation.
 */
#define COUNT_USER INT64_MIN

bool
srv_count_get(const char *key, int64_t *n)
{
	vgx_buf b;
	unsigned status;
	const char *ctype;
	const char *p;
	uint64_t v;
	bool hit;

	vgx_buf_init(&b, 32);
	hit = lookup(COUNT_USER, key, SRV_CACHE_TTL_MS / 1000.0, &b, &status,
	    &ctype);
	if (hit) {
		p = vgx_buf_cstr(&b);
		hit = vgx_parse_uint(&p, p + b.len, INT64_MAX, &v) == 0 &&
		    *p == '\0';
		*n = (int64_t)v;
	}
	vgx_buf_dispose(&b);
	return hit;
}

void
srv_count_put(const char *key, uint64_t gen, int64_t n)
{
	char num[24];
	int len = snprintf(num, sizeof(num), "%lld", (long long)n);

	if (n >= 0 && len > 0 && (size_t)len < sizeof(num))
		store(COUNT_USER, key, gen, num, (size_t)len, 200, NULL);
}

uint64_t
srv_cache_generation(void)
{
	return atomic_load(&generation);
}

void
srv_cache_clear(void)
{
	size_t i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < SLOTS; i++) {
		vgx_free(slots[i].key);
		vgx_free(slots[i].body);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
	pthread_mutex_unlock(&mu);
}
