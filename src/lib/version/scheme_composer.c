/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Composer (Packagist) versions, ordered as OSV orders the Packagist
 * ecosystem (osv.dev PackagistVersion, osv-scalibr semantic): PHP's
 * version_compare() after dropping one leading "v" or "V" (as Composer's
 * VersionParser does).  The version is canonicalised like PHP's
 * php_canonicalize_version: "-", "_" and "+" become ".", and a "." goes
 * between a digit and a non-digit; it is then split at the dots:
 *
 *	"v1.0.0-RC1"  ->  1 . 0 . 0 . RC . 1
 *
 * Parts compare pairwise: numbers by value (any length, where PHP's
 * strtol would saturate), other parts by PHP's special forms, matched on
 * their start: any other string < dev < alpha = a < beta = b < RC = rc <
 * # (a number) < pl = p.  When one side has more parts, a number there
 * makes it the larger, otherwise its remaining parts compare with "#".
 * Every string is accepted, as version_compare accepts every string.
 */
#include <string.h>

#include "langint.h"

static bool
is_sep(int c)
{
	return c == '.' || c == '-' || c == '_' || c == '+';
}

/* Iterator over the canonical parts (empty parts between dots count). */
struct citer {
	const char *p, *end;
	bool done;
};

static void
citer_init(struct citer *it, const char *s, size_t len)
{
	if (len > 0 && (s[0] == 'v' || s[0] == 'V')) {
		s++;
		len--;
	}
	it->p = s;
	it->end = s + len;
	it->done = false;
}

/*
 * The next part in (*P, *N); false after the last one.  IT->p is always at
 * the start of a dot-separated field or inside one after a digit/non-digit
 * transition.
 */
static bool
citer_next(struct citer *it, const char **p, size_t *n)
{
	const char *s = it->p;
	bool dig;

	if (it->done)
		return false;
	*p = s;
	*n = 0;
	if (s == it->end) {		/* an empty last field */
		it->done = true;
		return true;
	}
	if (is_sep((unsigned char)*s)) {	/* an empty field */
		it->p++;
		return true;
	}
	dig = vgx_isdigit((unsigned char)*s);
	while (it->p < it->end && !is_sep((unsigned char)*it->p) &&
	    (vgx_isdigit((unsigned char)*it->p) != 0) == dig)
		it->p++;
	*n = (size_t)(it->p - s);
	if (it->p == it->end)
		it->done = true;
	else if (is_sep((unsigned char)*it->p))
		it->p++;
	return true;
}

/* PHP compare_special_version_forms' order for a part; -1 = unknown. */
static int
special(const char *p, size_t n)
{
	if (n >= 3 && memcmp(p, "dev", 3) == 0)
		return 0;
	if (n >= 1 && p[0] == 'a')
		return 1;		/* alpha, a */
	if (n >= 1 && p[0] == 'b')
		return 2;		/* beta, b */
	if (n >= 2 && (memcmp(p, "RC", 2) == 0 || memcmp(p, "rc", 2) == 0))
		return 3;
	if (n >= 1 && p[0] == '#')
		return 4;
	if (n >= 1 && p[0] == 'p')
		return 5;		/* pl, p */
	return -1;
}

static int
part_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool x = vigil__vl_alldigits(a, an), y = vigil__vl_alldigits(b, bn);
	int sa, sb;

	if (x && y)
		return vigil__vl_numcmp(a, an, b, bn);
	sa = x ? 4 : special(a, an);
	sb = y ? 4 : special(b, bn);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/* The longer side's remaining parts against "#"; SIGN is +1 for A. */
static int
rest_cmp(struct citer *it, const char *p, size_t n, int sign)
{
	do {
		int c;

		if (vigil__vl_alldigits(p, n))
			return sign;
		if ((c = part_cmp(p, n, "#", 1)) != 0)
			return sign * c;
	} while (citer_next(it, &p, &n));
	return 0;
}

static int
composer_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	struct citer x, y;
	const char *p, *q;
	size_t n, m;
	int c;

	citer_init(&x, a, alen);
	citer_init(&y, b, blen);
	for (;;) {
		bool hx = citer_next(&x, &p, &n), hy = citer_next(&y, &q, &m);

		if (!hx && !hy)
			return 0;
		if (!hy)
			return rest_cmp(&x, p, n, 1);
		if (!hx)
			return rest_cmp(&y, q, m, -1);
		if ((c = part_cmp(p, n, q, m)) != 0)
			return c;
	}
}

static int
composer_validate(const char *v, size_t len, vigil_error *err)
{
	(void)v;
	(void)len;
	(void)err;
	return 0;		/* version_compare() takes any string */
}

static int
composer_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	(void)err;
	*out = composer_cmp(a, alen, b, blen);
	return 0;
}

static const char *const composer_aliases[] = { "packagist", "php", NULL };
static const char *const composer_ecosystems[] = { "Packagist", NULL };

const struct vigil_scheme vigil__scheme_composer = {
	"composer", composer_aliases, composer_ecosystems, composer_validate,
	composer_compare
};
