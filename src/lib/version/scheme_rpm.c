/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RPM versions, [epoch:]version[-release], compared as rpm 4.18 does
 * (rpmvercmp() for each part, and the EVR rules of rpm.labelCompare):
 *
 *   - the epoch is the run of digits before a ':' (absent: "0"); the
 *     release follows the last '-' after it;
 *   - epochs, then versions, then releases are compared with rpmvercmp;
 *     a version without a release sorts before the same version with any
 *     release ("1.0" < "1.0-1"), as in labelCompare;
 *   - rpmvercmp: identical strings are equal; otherwise skip separators
 *     (anything but ASCII letters, digits, '~' and '^'); '~' sorts before
 *     everything, even the end ("1.0~rc1" < "1.0"); '^' sorts after the
 *     end but before any other segment ("1.0" < "1.0^git1" < "1.0.1");
 *     then compare one segment: a run of digits or a run of letters, taken
 *     from the type of the first string's segment.  A numeric segment is
 *     newer than an alphabetic one; numbers compare by value (leading
 *     zeros skipped, then length, then digits: no overflow); letters by
 *     bytes.  When one string runs out, the one with segments left is
 *     newer.
 *
 * vigil rejects what rpmbuild would not build (characters other than
 * letters, digits and ._+%{}~^ in the version and release; whitespace;
 * non-ASCII bytes) and empty epochs, versions and releases, all of which
 * rpmvercmp would silently read as separators or as empty.  Used by
 * the OSV ecosystems of RPM distributions (Red Hat, AlmaLinux, Rocky
 * Linux, openSUSE, SUSE, Mageia, openEuler, ...).
 */
#include <string.h>

#include "versionint.h"

struct rpmver {
	const char *e;		/* epoch digits; "0" when absent */
	size_t elen;
	const char *v;
	size_t vlen;
	const char *r;		/* release, NULL when absent */
	size_t rlen;
};

static int
rpm_parse(struct rpmver *p, const char *s, size_t len, vigil_error *err)
{
	const char *end = s + len, *q = s, *hy = NULL;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ' ' || (unsigned char)s[i] >= 0x80)
			return vigil__error(err, VIGIL_EINVALID,
			    "rpm version \"%.*s\" has an invalid byte 0x%02x "
			    "at offset %zu", (int)len, s,
			    (unsigned char)s[i], i);
	while (q < end && vgx_isdigit(*q))
		q++;
	if (q < end && *q == ':') {
		if (q == s)
			return vigil__error(err, VIGIL_EINVALID,
			    "rpm version \"%.*s\": epoch is empty", (int)len,
			    s);
		p->e = s;
		p->elen = (size_t)(q - s);
		q++;
	} else {
		p->e = "0";
		p->elen = 1;
		q = s;
	}
	for (i = (size_t)(end - q); i > 0; i--)
		if (q[i - 1] == '-') {
			hy = q + i - 1;
			break;
		}
	p->v = q;
	p->vlen = hy != NULL ? (size_t)(hy - q) : (size_t)(end - q);
	p->r = hy != NULL ? hy + 1 : NULL;
	p->rlen = hy != NULL ? (size_t)(end - hy - 1) : 0;
	if (p->vlen == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "rpm version \"%.*s\": version is empty", (int)len, s);
	/* rpmbuild's rule for Version and Release */
	for (i = 0; i < (size_t)(end - p->v); i++) {
		char c = p->v[i];

		if (&p->v[i] == hy)
			continue;
		if (!vgx_isalnum(c) && strchr("._+%{}~^", c) == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "rpm version \"%.*s\": invalid character '%c' "
			    "(rpm allows letters, digits and ._+%%{}~^)",
			    (int)len, s, c);
	}
	if (hy != NULL && p->rlen == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "rpm version \"%.*s\": release is empty after '-'",
		    (int)len, s);
	return 0;
}

static bool
is_sep(const char *p, const char *end)
{
	return p < end && !vgx_isalnum(*p) && *p != '~' && *p != '^';
}

/* rpmvercmp() on (ptr, len) strings. */
static int
rpmvercmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *one = a, *two = b, *ae = a + alen, *be = b + blen;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	while (one < ae || two < be) {
		const char *s1, *s2;
		size_t l1, l2;
		bool isnum;
		int rc;

		while (is_sep(one, ae))
			one++;
		while (is_sep(two, be))
			two++;
		if ((one < ae && *one == '~') || (two < be && *two == '~')) {
			if (one >= ae || *one != '~')
				return 1;
			if (two >= be || *two != '~')
				return -1;
			one++;
			two++;
			continue;
		}
		if ((one < ae && *one == '^') || (two < be && *two == '^')) {
			if (one >= ae)
				return -1;
			if (two >= be)
				return 1;
			if (*one != '^')
				return 1;
			if (*two != '^')
				return -1;
			one++;
			two++;
			continue;
		}
		if (one >= ae || two >= be)
			break;
		s1 = one;
		s2 = two;
		if (vgx_isdigit(*s1)) {
			while (s1 < ae && vgx_isdigit(*s1))
				s1++;
			while (s2 < be && vgx_isdigit(*s2))
				s2++;
			isnum = true;
		} else {
			while (s1 < ae && vgx_isalpha(*s1))
				s1++;
			while (s2 < be && vgx_isalpha(*s2))
				s2++;
			isnum = false;
		}
		if (two == s2)
			return isnum ? 1 : -1;
		if (isnum) {
			while (one < s1 && *one == '0')
				one++;
			while (two < s2 && *two == '0')
				two++;
			l1 = (size_t)(s1 - one);
			l2 = (size_t)(s2 - two);
			if (l1 != l2)
				return l1 > l2 ? 1 : -1;
		}
		l1 = (size_t)(s1 - one);
		l2 = (size_t)(s2 - two);
		rc = memcmp(one, two, l1 < l2 ? l1 : l2);
		if (rc == 0 && l1 != l2)
			rc = l1 < l2 ? -1 : 1;
		if (rc != 0)
			return rc < 0 ? -1 : 1;
		one = s1;
		two = s2;
	}
	if (one >= ae && two >= be)
		return 0;
	return one >= ae ? -1 : 1;
}

static int
rpm_validate(const char *v, size_t len, vigil_error *err)
{
	struct rpmver p;

	return rpm_parse(&p, v, len, err);
}

static int
rpm_compare(int *out, const char *a, size_t alen, const char *b, size_t blen,
    vigil_error *err)
{
	struct rpmver x, y;
	int rc, c;

	if ((rc = rpm_parse(&x, a, alen, err)) < 0 ||
	    (rc = rpm_parse(&y, b, blen, err)) < 0)
		return rc;
	c = rpmvercmp(x.e, x.elen, y.e, y.elen);
	if (c == 0)
		c = rpmvercmp(x.v, x.vlen, y.v, y.vlen);
	if (c == 0) {
		if (x.r == NULL || y.r == NULL)
			c = x.r == y.r ? 0 : x.r == NULL ? -1 : 1;
		else
			c = rpmvercmp(x.r, x.rlen, y.r, y.rlen);
	}
	*out = c;
	return 0;
}

/* OSV ecosystems whose packages are RPMs (osv-schema ecosystems.json). */
static const char *const rpm_ecosystems[] = {
	"Red Hat", "AlmaLinux", "Rocky Linux", "openSUSE", "SUSE", "Mageia",
	"openEuler", "Azure Linux", "Photon OS", NULL
};

const struct vigil_scheme vigil__scheme_rpm = {
	"rpm",
	NULL,
	rpm_ecosystems,
	rpm_validate,
	rpm_compare
};
