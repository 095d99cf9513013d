/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NuGet versions, as NuGet.Versioning's NuGetVersion.TryParse and
 * VersionComparer.Default.  After trimming white space the version splits
 * at the first "-" or "+" (ParseSections): the numeric part goes to
 * System.Version.TryParse, one to four components (a lone one gets
 * ".0"; missing ones are 0), each an Int32 as Int32.TryParse reads it
 * (leading zeros and spaces around it allowed, at most 2^31 - 1); then an optional release label of dot-separated
 * [0-9A-Za-z-]+ identifiers without leading zeros in numeric ones, and
 * optional "+" metadata (leading zeros allowed), which the default
 * comparison ignores.
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

/*
 * SemanticVersion.IsValidPart: [0-9A-Za-z-]+, and without LEADZERO no
 * all-digit part with a leading zero.  IsValid: a dot-separated list.
 */
static bool
idlist_ok(const char *p, size_t len, bool leadzero)
{
	size_t i = 0, st;

	for (;;) {
		st = i;
		while (i < len && p[i] != '.') {
			if (!vgx_isalnum((unsigned char)p[i]) && p[i] != '-')
				return false;
			i++;
		}
		if (i == st)
			return false;
		if (!leadzero && i - st > 1 && p[st] == '0' &&
		    vigil__vl_alldigits(p + st, i - st))
			return false;
		if (i == len)
			return true;
		i++;
	}
}

/* Char.IsWhiteSpace for the characters that can reach us (UTF-8). */
static size_t
net_space(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n >= 1 && (u[0] == ' ' || (u[0] >= 0x09 && u[0] <= 0x0d)))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && (u[1] == 0x85 || u[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80)
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xa8 ||
	    u[2] == 0xa9 || u[2] == 0xaf))
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/*
 * One System.Version component: Int32.TryParse with NumberStyles.Integer
 * allows spaces around the digits (a sign cannot occur: ParseSections has
 * already cut the version at the first "-" or "+").  *D, *DN: the digits.
 */
static bool
component(const char *p, size_t n, const char **d, size_t *dn)
{
	size_t i = 0, st;

	while (i < n && p[i] == ' ')
		i++;
	st = i;
	while (i < n && vgx_isdigit((unsigned char)p[i]))
		i++;
	if (i == st)
		return false;
	*d = p + st;
	*dn = i - st;
	while (i < n && p[i] == ' ')
		i++;
	return i == n && !vigil__vl_num_above(*d, *dn, INT32_MAX);
}

static int
nu_parse(struct nuver *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	const char *p = s, *end = s + len, *cut, *plus, *c;
	size_t n;
	int k = 0;

	memset(v, 0, sizeof(*v));
	/* NuGetVersion.TryParse trims, then ParseSections */
	while (p < end && (n = net_space(p, end)) > 0)
		p += n;
	for (;;) {
		for (n = 1; n <= 3 && n <= (size_t)(end - p); n++)
			if (net_space(end - n, end) == n)
				break;
		if (n > 3 || n > (size_t)(end - p))
			break;
		end -= n;
	}
	for (cut = p; cut < end && *cut != '-' && *cut != '+'; cut++)
		;
	if (cut == p)
		goto bad;
	/* System.Version.TryParse: 2 to 4 components ("1" gets ".0") */
	for (c = p; c <= cut; c++) {
		const char *st = c;

		while (c < cut && *c != '.')
			c++;
		if (k == 4 || !component(st, (size_t)(c - st), &v->num[k],
		    &v->numlen[k]))
			goto bad;
		k++;
	}
	for (; k < 4; k++) {
		v->num[k] = "0";
		v->numlen[k] = 1;
	}
	plus = cut < end && *cut == '-' ? memchr(cut, '+', (size_t)(end -
	    cut)) : cut < end ? cut : NULL;
	if (cut < end && *cut == '-') {
		v->label = cut + 1;
		v->labellen = (size_t)((plus != NULL ? plus : end) - v->label);
		if (!idlist_ok(v->label, v->labellen, false))
			goto bad;
	}
	if (plus != NULL && !idlist_ok(plus + 1, (size_t)(end - plus - 1),
	    true))
		goto bad;
	return 0;
bad:
	return vigil__error(err, VIGIL_EINVALID,
	    "%snuget version \"%.*s\" is not N[.N[.N[.N]]][-LABEL][+METADATA] "
	    "(NuGetVersion)", which, (int)len, s);
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
