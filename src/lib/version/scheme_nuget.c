/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NuGet versions, as NuGet.Versioning's NuGetVersion.TryParse and
 * VersionComparer.Default: one to four numeric parts
 * (Major[.Minor[.Patch[.Revision]]], missing ones are 0, leading zeros
 * allowed, each at most 2^31 - 1 like the Int32 NuGet stores), an
 * optional "-" release label of dot-separated [0-9A-Za-z-]+ identifiers
 * and optional "+" metadata, which the default comparison ignores.
 * Label identifiers compare as Int32 when both parse as one (so "-1" is
 * minus one, and a number too large for Int32 is a string), a number
 * before a string, strings ordinally ignoring case; a version without
 * label is above any with one; more identifiers win a tie.
 */
#include <string.h>

#include "langint.h"

struct nuver {
	const char *num[4];
	size_t numlen[4];
	const char *label;	/* NULL when none */
	size_t labellen;
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
nu_parse(struct nuver *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	const char *p = s, *end = s + len, *plus, *cut;
	int k;

	memset(v, 0, sizeof(*v));
	for (k = 0; k < 4; k++) {
		const char *st;

		if (k > 0) {
			if (p == end || *p != '.')
				break;
			p++;
		}
		st = p;
		while (p < end && vgx_isdigit((unsigned char)*p))
			p++;
		if (p == st)
			goto bad;
		if (vigil__vl_num_above(st, (size_t)(p - st), INT32_MAX))
			return vigil__error(err, VIGIL_EINVALID,
			    "%snuget version \"%.*s\": part %d is above "
			    "2147483647", which, (int)len, s, k + 1);
		v->num[k] = st;
		v->numlen[k] = (size_t)(p - st);
	}
	plus = memchr(p, '+', (size_t)(end - p));
	cut = plus != NULL ? plus : end;
	if (p < cut) {
		if (*p != '-' || !idlist_ok(p + 1, (size_t)(cut - p - 1)))
			goto bad;
		v->label = p + 1;
		v->labellen = (size_t)(cut - p - 1);
	}
	if (plus != NULL && !idlist_ok(plus + 1, (size_t)(end - plus - 1)))
		goto bad;
	return 0;
bad:
	return vigil__error(err, VIGIL_EINVALID,
	    "%snuget version \"%.*s\" is not N[.N[.N[.N]]][-LABEL][+METADATA]",
	    which, (int)len, s);
}

/* Int32.TryParse on an identifier: [-]digits within the Int32 range. */
static bool
as_int32(const char *p, size_t n, int64_t *out)
{
	bool neg = n > 0 && p[0] == '-';
	int64_t v = 0;
	size_t i;

	if (neg) {
		p++;
		n--;
	}
	if (!vigil__vl_alldigits(p, n))
		return false;
	for (i = 0; i < n; i++) {
		v = v * 10 + (p[i] - '0');
		if (v > (int64_t)INT32_MAX + 1)
			return false;
	}
	if (!neg && v > INT32_MAX)
		return false;
	*out = neg ? -v : v;
	return true;
}

static int
label_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t si = i, sj = j, k;
		int64_t x, y;
		bool xn, yn;
		int c = 0;

		if (i >= alen || j >= blen)
			return (i >= alen) == (j >= blen) ? 0 :
			    i >= alen ? -1 : 1;
		while (i < alen && a[i] != '.')
			i++;
		while (j < blen && b[j] != '.')
			j++;
		xn = as_int32(a + si, i - si, &x);
		yn = as_int32(b + sj, j - sj, &y);
		if (xn && yn) {
			c = x < y ? -1 : x > y ? 1 : 0;
		} else if (xn || yn) {
			c = xn ? -1 : 1;
		} else {
			for (k = 0; si + k < i && sj + k < j && c == 0; k++)
				c = vgx_toupper((unsigned char)a[si + k]) -
				    vgx_toupper((unsigned char)b[sj + k]);
			if (c == 0)
				c = (i - si) < (j - sj) ? -1 :
				    (i - si) > (j - sj) ? 1 : 0;
			c = VL_SIGN(c);
		}
		if (c != 0)
			return c;
		if (i < alen)
			i++;
		if (j < blen)
			j++;
	}
}

static int
nuget_validate(const char *v, size_t len, vigil_error *err)
{
	struct nuver x;

	return nu_parse(&x, v, len, "", err);
}

static int
nuget_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct nuver x, y;
	int rc, k, c;

	if ((rc = nu_parse(&x, a, alen, "first ", err)) < 0 ||
	    (rc = nu_parse(&y, b, blen, "second ", err)) < 0)
		return rc;
	for (k = 0; k < 4; k++)
		if ((c = vigil__vl_numcmp(x.num[k], x.numlen[k], y.num[k],
		    y.numlen[k])) != 0) {
			*out = c;
			return 0;
		}
	if (x.label == NULL || y.label == NULL)
		*out = x.label == y.label ? 0 : x.label == NULL ? 1 : -1;
	else
		*out = label_cmp(x.label, x.labellen, y.label, y.labellen);
	return 0;
}

static const char *const nuget_aliases[] = { "dotnet", NULL };
static const char *const nuget_ecosystems[] = { "NuGet", NULL };

const struct vigil_scheme vigil__scheme_nuget = {
	"nuget", nuget_aliases, nuget_ecosystems, nuget_validate,
	nuget_compare
};
