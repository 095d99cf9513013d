/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Growable byte buffer with a hard limit (curl dynbuf).  A failed append
 * leaves the buffer as it was; the limit makes every growth bounded.
 */
#include <stdio.h>
#include <string.h>

#include "vgx.h"

void
vgx_buf_init(vgx_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
vgx_buf_dispose(vgx_buf *b)
{
	vgx_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void
vgx_buf_reset(vgx_buf *b)
{
	b->len = 0;
	if (b->ptr != NULL)
		b->ptr[0] = '\0';
}

static int
grow(vgx_buf *b, size_t need)
{
	size_t cap;
	char *p;

	if (need > b->max)
		return VIGIL_ETOOBIG;
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need + 1) {
		if (cap > SIZE_MAX / 2) {
			cap = need + 1;
			break;
		}
		cap *= 2;
	}
	if (cap > b->max + 1)
		cap = b->max + 1;
	if ((p = vgx_reallocarray(b->ptr, cap, 1)) == NULL)
		return VIGIL_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int
vgx_buf_add(vgx_buf *b, const void *p, size_t len)
{
	size_t need;
	int rc;

	if (__builtin_add_overflow(b->len, len, &need))
		return VIGIL_ETOOBIG;
	if ((rc = grow(b, need)) < 0)
		return rc;
	if (len > 0)
		memcpy(b->ptr + b->len, p, len);
	b->len = need;
	b->ptr[b->len] = '\0';
	return 0;
}

int
vgx_buf_adds(vgx_buf *b, const char *s)
{
	return vgx_buf_add(b, s, strlen(s));
}

int
vgx_buf_addc(vgx_buf *b, char c)
{
	return vgx_buf_add(b, &c, 1);
}

int
vgx_buf_printf(vgx_buf *b, const char *fmt, ...)
{
	va_list ap, aq;
	size_t need;
	int n, rc;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		va_end(ap);
		return VIGIL_ERROR;
	}
	if (__builtin_add_overflow(b->len, (size_t)n, &need) ||
	    (rc = grow(b, need)) < 0) {
		va_end(ap);
		return need > b->max ? VIGIL_ETOOBIG : VIGIL_ENOMEM;
	}
	(void)vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len = need;
	return 0;
}

char *
vgx_buf_take(vgx_buf *b, size_t *len_out)
{
	char *p = b->ptr;

	if (len_out != NULL)
		*len_out = b->len;
	if (p == NULL)
		p = vgx_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *
vgx_buf_cstr(const vgx_buf *b)
{
	return b->ptr != NULL ? b->ptr : "";
}
