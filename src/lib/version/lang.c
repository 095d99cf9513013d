/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared pieces of the language-ecosystem schemes: digit strings compared
 * by value at any length (so "99999999999999999999999" neither overflows
 * nor is rejected where the ecosystem allows it), and the strict SemVer
 * 2.0.0 parser and precedence (https://semver.org/spec/v2.0.0.html) used
 * by the semver, cargo, hex and golang schemes.
 */
#include <string.h>

#include "langint.h"

bool
vigil__vl_alldigits(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!vgx_isdigit((unsigned char)p[i]))
			return false;
	return true;
}

int
vigil__vl_numcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	while (alen > 0 && *a == '0') {
		a++;
		alen--;
	}
	while (blen > 0 && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	if (alen == 0)
		return 0;
	c = memcmp(a, b, alen);
	return VL_SIGN(c);
}

bool
vigil__vl_num_above(const char *p, size_t n, uint64_t max)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(p[i] - '0');

		if (v > (max - d) / 10)
			return true;
		v = v * 10 + d;
	}
	return false;
}

int
vigil__vl_bytecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return VL_SIGN(c);
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

static bool
ident_char(int c)
{
	return vgx_isalnum(c) || c == '-';
}

/*
 * Check that (P, LEN) is a dot-separated list of identifiers
 * [0-9A-Za-z-]+; with NUMERIC, all-digit identifiers must not have leading
 * zeros (SemVer 2.0.0 section 9).  On failure *WHY says what is wrong.
 */
static bool
check_idents(const char *p, size_t len, bool numeric, const char **why)
{
	size_t i = 0, start;

	for (;;) {
		start = i;
		while (i < len && ident_char((unsigned char)p[i]))
			i++;
		if (i == start) {
			*why = i < len && p[i] != '.' ?
			    "a character outside [0-9A-Za-z-.]" :
			    "an empty identifier";
			return false;
		}
		if (numeric && i - start > 1 && p[start] == '0' &&
		    vigil__vl_alldigits(p + start, i - start)) {
			*why = "a numeric identifier with a leading zero";
			return false;
		}
		if (i == len)
			return true;
		if (p[i] != '.') {
			*why = "a character outside [0-9A-Za-z-.]";
			return false;
		}
		i++;
	}
}

int
vigil__vl_semver_parse(struct vl_semver *out, const char *v, size_t len,
    unsigned flags, const char *scheme, const char *which, vigil_error *err)
{
	const char *p = v, *end = v + len, *why = "", *part = "";
	int k;

	memset(out, 0, sizeof(*out));
	if ((flags & VL_SV_VPREFIX) && p < end && *p == 'v')
		p++;
	for (k = 0; k < 3; k++) {
		const char *s = p;

		if (k > 0) {
			if (p == end && (flags & VL_SV_SHORT))
				break;
			if (p == end || *p != '.')
				goto badmain;
			s = ++p;
		}
		while (p < end && vgx_isdigit((unsigned char)*p))
			p++;
		if (p == s)
			goto badmain;
		if (p - s > 1 && *s == '0')
			return vigil__error(err, VIGIL_EINVALID,
			    "%s%s version \"%.*s\": a version number has a "
			    "leading zero", which, scheme, (int)len, v);
		if ((flags & VL_SV_U64) &&
		    vigil__vl_num_above(s, (size_t)(p - s), UINT64_MAX))
			return vigil__error(err, VIGIL_EINVALID,
			    "%s%s version \"%.*s\": a version number does not "
			    "fit in 64 bits", which, scheme, (int)len, v);
		out->num[k] = s;
		out->numlen[k] = (size_t)(p - s);
	}
	if (k < 3) {
		if (p != end)
			goto badmain;
		return 0;
	}
	if (p < end && *p == '-') {
		out->pre = ++p;
		while (p < end && *p != '+')
			p++;
		out->prelen = (size_t)(p - out->pre);
		if (!check_idents(out->pre, out->prelen, true, &why)) {
			part = "pre-release";
			goto badpart;
		}
	}
	if (p < end && *p == '+') {
		out->build = ++p;
		out->buildlen = (size_t)(end - p);
		if (!check_idents(out->build, out->buildlen, false, &why)) {
			part = "build";
			goto badpart;
		}
		p = end;
	}
	if (p != end)
		goto badmain;
	return 0;
badmain:
	return vigil__error(err, VIGIL_EINVALID,
	    "%s%s version \"%.*s\" is not MAJOR.MINOR.PATCH[-PRE][+BUILD] "
	    "(unexpected %s at offset %zu)", which, scheme, (int)len, v,
	    p == end ? "end" : "character", (size_t)(p - v));
badpart:
	return vigil__error(err, VIGIL_EINVALID,
	    "%s%s version \"%.*s\": the %s part has %s", which, scheme,
	    (int)len, v, part, why);
}

int
vigil__vl_semver_precmp(const char *a, size_t alen, const char *b,
    size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t si = i, sj = j;
		bool an, bn;
		int c;

		if (i >= alen || j >= blen)
			return (i >= alen) == (j >= blen) ? 0 :
			    i >= alen ? -1 : 1;
		while (i < alen && a[i] != '.')
			i++;
		while (j < blen && b[j] != '.')
			j++;
		an = vigil__vl_alldigits(a + si, i - si);
		bn = vigil__vl_alldigits(b + sj, j - sj);
		if (an && bn)
			c = vigil__vl_numcmp(a + si, i - si, b + sj, j - sj);
		else if (an || bn)
			c = an ? -1 : 1;
		else
			c = vigil__vl_bytecmp(a + si, i - si, b + sj, j - sj);
		if (c != 0)
			return c;
		/* skip the dot; a trailing dot cannot occur (parsed) */
		if (i < alen)
			i++;
		if (j < blen)
			j++;
	}
}

int
vigil__vl_semver_cmp(const struct vl_semver *a, const struct vl_semver *b)
{
	int k, c;

	for (k = 0; k < 3; k++)
		if ((c = vigil__vl_numcmp(a->num[k], a->numlen[k], b->num[k],
		    b->numlen[k])) != 0)
			return c;
	if (a->pre == NULL || b->pre == NULL)
		return a->pre == b->pre ? 0 : a->pre == NULL ? 1 : -1;
	return vigil__vl_semver_precmp(a->pre, a->prelen, b->pre, b->prelen);
}
