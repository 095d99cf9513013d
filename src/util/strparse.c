/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bounded parsing on (ptr, end) and small ASCII string helpers.  None of
 * these depend on the locale or on NUL termination.
 */
#include <string.h>

#include "vgx.h"

int
vgx_parse_uint(const char **sp, const char *end, uint64_t max, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;

	if (s == end || !vgx_isdigit(*s))
		return -1;
	for (; s < end && vgx_isdigit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (max - d) / 10)
			return -1;	/* would exceed MAX */
		v = v * 10 + d;
	}
	*sp = s;
	*out = v;
	return 0;
}

bool
vgx_strieq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		if (b[i] == '\0' || vgx_tolower((unsigned char)a[i]) !=
		    vgx_tolower((unsigned char)b[i]))
			return false;
	}
	return b[alen] == '\0';
}

bool
vgx_streq(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && memcmp(a, b, alen) == 0;
}

int
vgx_utf8_check(const char *str, size_t len, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (len - i <= n)
			goto bad;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		i += n + 1;
	}
	return 0;
bad:
	if (bad_at != NULL)
		*bad_at = i;
	return -1;
}
