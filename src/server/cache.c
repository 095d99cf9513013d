/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small cache of GET answers, per user and URL (path and query): the
 * dashboard and integrations poll the same lists again and again.  Every
 * change made through the server (a request that is not GET or HEAD and
 * succeeds, a job's step) bumps a generation number and so invalidates
 * every entry; entries also expire after SRV_CACHE_TTL_MS, which bounds
 * how long a change made outside the server (another process writing the
 * database) can go unseen.  Answers over SRV_CACHE_MAX_BODY are not kept.
 */
#include <stdatomic.h>
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

bool
srv_cache_get(struct req *r, const char *key)
{
	uint64_t h = fnv(r->who.user, key);
	struct entry *e = &slots[h % SLOTS];
	bool hit = false;

	pthread_mutex_lock(&mu);
	if (e->key != NULL && e->hash == h && e->user == r->who.user &&
	    e->gen == atomic_load(&generation) && mono() - e->at <
	    SRV_CACHE_TTL_MS / 1000.0 && strcmp(e->key, key) == 0) {
		vgx_buf_reset(&r->out);
		hit = vgx_buf_add(&r->out, e->body, e->len) == 0;
		r->status = e->status;
		r->ctype = e->ctype;
	}
	pthread_mutex_unlock(&mu);
	return hit;
}

void
srv_cache_put(struct req *r, const char *key, uint64_t gen)
{
	uint64_t h = fnv(r->who.user, key);
	struct entry *e = &slots[h % SLOTS];
	char *k, *b;

	if (r->status != 200 || r->out.len > SRV_CACHE_MAX_BODY ||
	    r->cookie[0][0] != '\0')
		return;
	k = vgx_strdup(key);
	b = vgx_malloc(r->out.len + 1);
	if (k == NULL || b == NULL) {
		vgx_free(k);
		vgx_free(b);
		return;
	}
	memcpy(b, vgx_buf_cstr(&r->out), r->out.len);
	pthread_mutex_lock(&mu);
	vgx_free(e->key);
	vgx_free(e->body);
	e->hash = h;
	e->user = r->who.user;
	e->gen = gen;
	e->at = mono();
	e->key = k;
	e->body = b;
	e->len = r->out.len;
	e->status = r->status;
	e->ctype = r->ctype;
	pthread_mutex_unlock(&mu);
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
