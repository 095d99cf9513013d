/* SPDX-License-Identifier: Apache-2.0 */
/*
 * npm versions, compared exactly as node-semver's compare(a, b, true)
 * (loose mode; node-semver 7, internal/re.js LOOSE and classes/semver.js):
 *
 *	[v=\s]* MAJOR.MINOR.PATCH (-?PRE)? (+BUILD)?     after trim()
 *
 * Loose mode is a superset of strict mode that orders every strict
 * version the same way; it adds leading "v", "=" and spaces ("= 1.2.3"),
 * leading zeros ("01.2.3" is 1.2.3), and a pre-release without its hyphen
 * ("1.2.3beta").  MAJOR, MINOR and PATCH must not exceed
 * Number.MAX_SAFE_INTEGER (2^53 - 1).  Pre-release identifiers that are
 * all digits compare as JavaScript numbers (doubles, so above 2^53 two
 * different digit strings can be equal), others as strings; build
 * metadata is ignored.  Whitespace is JavaScript's (ASCII and the Unicode
 * spaces, in UTF-8).
 */
#include <stdlib.h>
#include <string.h>

#include "langint.h"

#define NPM_MAX_SAFE UINT64_C(9007199254740991)

struct npmver {
	const char *num[3];
	size_t numlen[3];
	const char *pre;	/* NULL when there is none */
	size_t prelen;
};

/* Length of the JavaScript whitespace character at P, or 0. */
static size_t
js_space(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n >= 1 && (u[0] == ' ' || (u[0] >= 0x09 && u[0] <= 0x0d)))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;			/* U+00A0 */
	if (n < 3)
		return 0;
	if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80)
		return 3;			/* U+1680 */
	if (u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xa8 ||
	    u[2] == 0xa9 || u[2] == 0xaf))
		return 3;		/* U+2000-200A, 2028, 2029, 202F */
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;			/* U+205F */
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;			/* U+3000 */
	if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;			/* U+FEFF */
	return 0;
}

/* Length of the JavaScript whitespace character ending at END, or 0. */
static size_t
js_space_before(const char *start, const char *end)
{
	size_t k;

	for (k = 1; k <= 3 && k <= (size_t)(end - start); k++)
		if (js_space(end - k, end) == k)
			return k;
	return 0;
}

static bool
ident_char(int c)
{
	return vgx_isalnum(c) || c == '-';
}

/* (P, LEN) is ID(.ID)* with ID = [0-9A-Za-z-]+ */
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
		} else if (ident_char((unsigned char)p[i])) {
			run++;
		} else {
			return false;
		}
	}
	return run > 0;
}

/*
 * Match R against (?:-?(PRE))?(?:\+(BUILD))?$ in the order a regular
 * expression engine tries it: with the hyphen taken, without it, and
 * without a pre-release.
 */
static bool
suffix_ok(struct npmver *v, const char *r, size_t rlen)
{
	const char *plus = memchr(r, '+', rlen);
	size_t plen = plus != NULL ? (size_t)(plus - r) : rlen;

	if (plus != NULL && !idlist_ok(plus + 1, rlen - plen - 1))
		return false;
	v->pre = NULL;
	v->prelen = 0;
	if (plen == 0)
		return true;
	if (r[0] == '-' && idlist_ok(r + 1, plen - 1)) {
		v->pre = r + 1;
		v->prelen = plen - 1;
		return true;
	}
	if (idlist_ok(r, plen)) {
		v->pre = r;
		v->prelen = plen;
		return true;
	}
	return false;
}

static int
npm_parse(struct npmver *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	const char *p = s, *end = s + len, *d3;
	size_t n;
	int k;

	memset(v, 0, sizeof(*v));
	while (p < end && (n = js_space(p, end)) > 0)
		p += n;
	while (end > p && (n = js_space_before(p, end)) > 0)
		end -= n;
	/* [v=\s]* */
	for (;;) {
		if (p < end && (*p == 'v' || *p == '='))
			p++;
		else if (p < end && (n = js_space(p, end)) > 0)
			p += n;
		else
			break;
	}
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
		v->num[k] = st;
		v->numlen[k] = (size_t)(p - st);
	}
	if (!suffix_ok(v, p, (size_t)(end - p))) {
		/*
		 * The regex engine backtracks into PATCH's digits when the
		 * rest starts with a dot: "1.2.34.x" is 1.2.3 with
		 * pre-release "4.x".
		 */
		d3 = v->num[2];
		if (*p != '.' || v->numlen[2] < 2 ||
		    !suffix_ok(v, p - 1, (size_t)(end - p + 1)))
			goto bad;
		v->numlen[2] = (size_t)(p - 1 - d3);
	}
	for (k = 0; k < 3; k++)
		if (vigil__vl_num_above(v->num[k], v->numlen[k], NPM_MAX_SAFE))
			return vigil__error(err, VIGIL_EINVALID,
			    "%snpm version \"%.*s\": %s version is above "
			    "2^53 - 1", which, (int)len, s,
			    k == 0 ? "major" : k == 1 ? "minor" : "patch");
	return 0;
bad:
	return vigil__error(err, VIGIL_EINVALID,
	    "%snpm version \"%.*s\" is not a valid (loose) semver version",
	    which, (int)len, s);
}

/* +a < +b as JavaScript numbers (doubles) for digit strings A and B. */
static int
js_numcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	char ab[VIGIL_VERSION_MAX_LEN + 1], bb[VIGIL_VERSION_MAX_LEN + 1];
	size_t za = 0, zb = 0;
	double x, y;

	while (za < alen && a[za] == '0')
		za++;
	while (zb < blen && b[zb] == '0')
		zb++;
	/* Up to 15 digits a double is exact: compare the digits. */
	if (alen - za <= 15 && blen - zb <= 15)
		return vigil__vl_numcmp(a, alen, b, blen);
	if (VIGIL_NEVER(alen > VIGIL_VERSION_MAX_LEN ||
	    blen > VIGIL_VERSION_MAX_LEN))
		return vigil__vl_numcmp(a, alen, b, blen);
	memcpy(ab, a, alen);
	ab[alen] = '\0';
	memcpy(bb, b, blen);
	bb[blen] = '\0';
	x = strtod(ab, NULL);
	y = strtod(bb, NULL);
	return x < y ? -1 : x > y ? 1 : 0;
}

/*
 * node-semver keeps a pre-release identifier as a number when it is all
 * digits and below MAX_SAFE_INTEGER, else as a string; comparePre tests
 * identity (===) before comparing.
 */
static bool
npm_same(const char *a, size_t an_len, bool an, const char *b, size_t bn_len,
    bool bn)
{
	bool anum = an && !vigil__vl_num_above(a, an_len, NPM_MAX_SAFE - 1);
	bool bnum = bn && !vigil__vl_num_above(b, bn_len, NPM_MAX_SAFE - 1);

	if (anum != bnum)
		return false;
	if (anum)
		return vigil__vl_numcmp(a, an_len, b, bn_len) == 0;
	return vigil__vl_bytecmp(a, an_len, b, bn_len) == 0;
}

static int
npm_precmp(const struct npmver *x, const struct npmver *y)
{
	const char *a = x->pre, *b = y->pre;
	size_t alen = x->prelen, blen = y->prelen, i = 0, j = 0;

	if (a == NULL || b == NULL)
		return a == b ? 0 : a == NULL ? 1 : -1;
	for (;;) {
		size_t si = i, sj = j;
		bool an, bn;

		if (i >= alen || j >= blen)
			return (i >= alen) == (j >= blen) ? 0 :
			    i >= alen ? -1 : 1;
		while (i < alen && a[i] != '.')
			i++;
		while (j < blen && b[j] != '.')
			j++;
		an = vigil__vl_alldigits(a + si, i - si);
		bn = vigil__vl_alldigits(b + sj, j - sj);
		/*
		 * comparePre: identical identifiers (numbers below
		 * MAX_SAFE_INTEGER by value, the rest as strings) go on to
		 * the next; otherwise compareIdentifiers decides, even when
		 * it says 0 (two huge numbers equal as doubles).
		 */
		if (npm_same(a + si, i - si, an, b + sj, j - sj, bn)) {
			if (i < alen)
				i++;
			if (j < blen)
				j++;
			continue;
		}
		if (an && bn)
			return js_numcmp(a + si, i - si, b + sj, j - sj);
		if (an || bn)
			return an ? -1 : 1;
		return vigil__vl_bytecmp(a + si, i - si, b + sj, j - sj);
	}
}

static int
npm_validate(const char *v, size_t len, vigil_error *err)
{
	struct npmver x;

	return npm_parse(&x, v, len, "", err);
}

static int
npm_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct npmver x, y;
	int rc, k, c;

	if ((rc = npm_parse(&x, a, alen, "first ", err)) < 0 ||
	    (rc = npm_parse(&y, b, blen, "second ", err)) < 0)
		return rc;
	for (k = 0; k < 3; k++)
		if ((c = vigil__vl_numcmp(x.num[k], x.numlen[k], y.num[k],
		    y.numlen[k])) != 0) {
			*out = c;
			return 0;
		}
	*out = npm_precmp(&x, &y);
	return 0;
}

static const char *const npm_aliases[] = { "node", "nodejs", NULL };
static const char *const npm_ecosystems[] = { "npm", NULL };

const struct vigil_scheme vigil__scheme_npm = {
	"npm", npm_aliases, npm_ecosystems, npm_validate, npm_compare
};
