/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Allocation with a failure hook for tests, and overflow-checked array
 * growth.  All of vigil allocates through here, from any thread: the
 * hook's counters are atomic.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "vgx.h"

static atomic_ulong alloc_count;	/* allocations since the last reset */
static atomic_ulong alloc_fail_at;	/* 0: never fail */

static int
should_fail(void)
{
	unsigned long n = atomic_fetch_add_explicit(&alloc_count, 1,
	    memory_order_relaxed) + 1;
	unsigned long at = atomic_load_explicit(&alloc_fail_at,
	    memory_order_relaxed);

	return at != 0 && n >= at;
}

unsigned long
vgx_alloc_fail_at(unsigned long fail_at)
{
	unsigned long n = atomic_exchange(&alloc_count, 0);

	atomic_store(&alloc_fail_at, fail_at);
	return n;
}

void *
vgx_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *
vgx_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	if (n == 0 || size == 0)
		n = size = 1;
	return calloc(n, size);
}

void *
vgx_reallocarray(void *p, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	if (should_fail())
		return NULL;
	return realloc(p, total ? total : 1);	/* checksrc:allow: the one place */
}

void
vgx_free(void *p)
{
	free(p);
}

char *
vgx_strndup(const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX || (d = vgx_malloc(n + 1)) == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
vgx_strdup(const char *s)
{
	return vgx_strndup(s, strlen(s));
}

char *
vgx_strdup_or_flag(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = vgx_strdup(s)) == NULL)
		*oom = true;
	return d;
}
