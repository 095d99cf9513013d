/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dart pub versions, as package:pub_semver's Version.parse and
 * Version.compareTo:
 *
 *	^(\d+)\.(\d+)\.(\d+)(-PRE)?(\+BUILD)?$     PRE, BUILD: [0-9A-Za-z-]+(\.…)*
 *
 * MAJOR, MINOR and PATCH are Dart ints (leading zeros allowed, at most
 * 2^63 - 1).  Each PRE and BUILD identifier is an int when Dart's
 * int.tryParse reads it as one (an optional "-" sign, decimal or 0x
 * hexadecimal, within 64 bits), else a string.  Order: the numbers; a
 * pre-release below the release; the pre-release identifiers (an int
 * below a string, strings by code unit, a shorter list first); then, unlike
 * SemVer, the build: none below some, then its identifiers the same way.
 */
#include <string.h>

#include "langint.h"

struct pubver {
	const char *num[3];
	size_t numlen[3];
	const char *pre, *build;	/* NULL when absent */
	size_t prelen, buildlen;
};

static bool
idlist_ok(const char *p, size_t len)
{
	size_t i, run = 0;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (p[i] == '.') {
			if (run == 0)
				return false;
			run = 0;
		} else if (vgx_isalnum((unsigned char)p[i]) || p[i] == '-') {
			run++;
		} else {
			return false;
		}
	}
	return run > 0;
}

static int
pub_parse(struct pubver *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	const char *p = s, *end = s + len, *plus;
	int k;

	memset(v, 0, sizeof(*v));
	for (k = 0; k < 3; k++) {
		const char *st;

		if (k > 0) {
			if (p == end || *p != '.')
				goto bad;
			p++;
		}
		st = p;
		while (p < end && vgx_isdigit((unsigned char)*p))
			p++;
		if (p == st)
			goto bad;
		if (vigil__vl_num_above(st, (size_t)(p - st), INT64_MAX))
			return vigil__error(err, VIGIL_EINVALID,
			    "%spub version \"%.*s\": a version number is above "
			    "2^63 - 1", which, (int)len, s);
		v->num[k] = st;
		v->numlen[k] = (size_t)(p - st);
	}
	plus = memchr(p, '+', (size_t)(end - p));
	if (p < (plus != NULL ? plus : end)) {
		if (*p != '-')
			goto bad;
		v->pre = p + 1;
		v->prelen = (size_t)((plus != NULL ? plus : end) - v->pre);
		if (!idlist_ok(v->pre, v->prelen))
			goto bad;
	}
	if (plus != NULL) {
		v->build = plus + 1;
		v->buildlen = (size_t)(end - v->build);
		if (!idlist_ok(v->build, v->buildlen))
			goto bad;
	}
	return 0;
bad:
	return vigil__error(err, VIGIL_EINVALID,
	    "%spub version \"%.*s\" is not MAJOR.MINOR.PATCH[-PRE][+BUILD]",
	    which, (int)len, s);
}

static int
hexval(int c)
{
	if (vgx_isdigit(c))
		return c - '0';
	c = vgx_tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Dart int.tryParse on an identifier: [-](digits | 0x hexdigits). */
static bool
dart_int(const char *p, size_t n, int64_t *out)
{
	bool neg = n > 0 && p[0] == '-';
	uint64_t v = 0, lim;
	unsigned base = 10;
	size_t i;

	if (neg) {
		p++;
		n--;
	}
	if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (i = 0; i < n; i++) {
		int d = base == 16 ? hexval((unsigned char)p[i]) :
		    vgx_isdigit((unsigned char)p[i]) ? p[i] - '0' : -1;

		if (d < 0)
			return false;
		if (v > (lim - (unsigned)d) / base)
			return false;
		v = v * base + (unsigned)d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return true;
}

/* pub_semver's _compareLists on two dot-separated identifier lists. */
static int
list_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t si = i, sj = j;
		int64_t x, y;
		bool xn, yn;
		int c;

		if (i >= alen || j >= blen)
			return (i >= alen) == (j >= blen) ? 0 :
			    i >= alen ? -1 : 1;
		while (i < alen && a[i] != '.')
			i++;
		while (j < blen && b[j] != '.')
			j++;
		xn = dart_int(a + si, i - si, &x);
		yn = dart_int(b + sj, j - sj, &y);
		if (xn && yn)
			c = x < y ? -1 : x > y ? 1 : 0;
		else if (xn || yn)
			c = xn ? -1 : 1;
		else
			c = vigil__vl_bytecmp(a + si, i - si, b + sj, j - sj);
		if (c != 0)
			return c;
		if (i < alen)
			i++;
		if (j < blen)
			j++;
	}
}

static int
pub_cmp(const struct pubver *a, const struct pubver *b)
{
	int k, c;

	for (k = 0; k < 3; k++)
		if ((c = vigil__vl_numcmp(a->num[k], a->numlen[k], b->num[k],
		    b->numlen[k])) != 0)
			return c;
	if (a->pre == NULL || b->pre == NULL) {
		if (a->pre != b->pre)
			return a->pre == NULL ? 1 : -1;
	} else if ((c = list_cmp(a->pre, a->prelen, b->pre, b->prelen)) != 0) {
		return c;
	}
	if (a->build == NULL || b->build == NULL)
		return a->build == b->build ? 0 : a->build == NULL ? -1 : 1;
	return list_cmp(a->build, a->buildlen, b->build, b->buildlen);
}

static int
pub_validate(const char *v, size_t len, vigil_error *err)
{
	struct pubver x;

	return pub_parse(&x, v, len, "", err);
}

static int
pub_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct pubver x, y;
	int rc;

	if ((rc = pub_parse(&x, a, alen, "first ", err)) < 0 ||
	    (rc = pub_parse(&y, b, blen, "second ", err)) < 0)
		return rc;
	*out = pub_cmp(&x, &y);
	return 0;
}

static const char *const pub_aliases[] = { "dart", "flutter", NULL };
static const char *const pub_ecosystems[] = { "Pub", NULL };

const struct vigil_scheme vigil__scheme_pub = {
	"pub", pub_aliases, pub_ecosystems, pub_validate, pub_compare
};
