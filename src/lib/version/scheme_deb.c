/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Debian package versions, compared as dpkg does (deb-version(7), Debian
 * Policy §5.6.12): [epoch:]upstream[-revision].
 *
 *   - the epoch is the decimal number before the first ':' (0 when absent,
 *     at most INT_MAX as in dpkg);
 *   - the revision is what follows the last '-' ("" when there is none,
 *     and "" sorts as "0", so "1.0" == "1.0-0");
 *   - upstream and revision are compared by dpkg's verrevcmp: alternating
 *     runs of non-digits and digits; non-digit runs character by character
 *     with '~' before the end of the string, the end before letters, and
 *     letters before every other character; digit runs numerically (any
 *     length: leading zeros are skipped and longer runs are greater, so
 *     there is no overflow).
 *
 * dpkg only warns about an upstream part that does not start with a digit
 * and compares it all the same, as APT does; so does vigil.  dpkg also
 * only warns about characters outside the policy's set (upstream
 * [A-Za-z0-9.+~:-], revision [A-Za-z0-9.+~]); vigil rejects those, since
 * such a string is not a Debian version and a guess could hide a
 * vulnerability.  Used by the OSV ecosystems "Debian" and "Ubuntu".
 */
#include <limits.h>
#include <string.h>

#include "versionint.h"

struct debver {
	uint64_t epoch;
	const char *up;		/* upstream version */
	size_t uplen;
	const char *rev;	/* revision, "" when absent */
	size_t revlen;
};

static int
deb_parse(struct debver *d, const char *v, size_t len, vigil_error *err)
{
	const char *end = v + len, *colon, *s, *hy;
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < len; i++)
		if (v[i] == ' ' || (unsigned char)v[i] >= 0x80)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\" has an invalid byte 0x%02x "
			    "at offset %zu", (int)len, v,
			    (unsigned char)v[i], i);
	s = v;
	colon = memchr(v, ':', len);
	if (colon != NULL) {
		const char *p = v;

		if (colon == v)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\": epoch is empty", (int)len,
			    v);
		if (vgx_parse_uint(&p, colon, INT_MAX, &d->epoch) < 0 ||
		    p != colon)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\": epoch is not a number from "
			    "0 to %d", (int)len, v, INT_MAX);
		s = colon + 1;
		if (s == end)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\": nothing after the epoch",
			    (int)len, v);
	}
	hy = NULL;
	for (i = (size_t)(end - s); i > 0; i--)
		if (s[i - 1] == '-') {
			hy = s + i - 1;
			break;
		}
	d->up = s;
	d->uplen = hy != NULL ? (size_t)(hy - s) : (size_t)(end - s);
	d->rev = hy != NULL ? hy + 1 : end;
	d->revlen = hy != NULL ? (size_t)(end - hy - 1) : 0;
	if (d->uplen == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "deb version \"%.*s\": upstream version is empty",
		    (int)len, v);
	if (hy != NULL && d->revlen == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "deb version \"%.*s\": revision is empty after '-'",
		    (int)len, v);
	for (i = 0; i < d->uplen; i++) {
		char c = d->up[i];

		if (!vgx_isalnum(c) && strchr(".-+~:", c) == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\": invalid character '%c' in "
			    "the upstream version", (int)len, v, c);
	}
	for (i = 0; i < d->revlen; i++) {
		char c = d->rev[i];

		if (!vgx_isalnum(c) && strchr(".+~", c) == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "deb version \"%.*s\": invalid character '%c' in "
			    "the revision", (int)len, v, c);
	}
	return 0;
}

/* dpkg's order(): the weight of one character of a non-digit run. */
static int
order(const char *p, const char *end)
{
	int c;

	if (p >= end)
		return 0;
	c = (unsigned char)*p;
	if (vgx_isdigit(c))
		return 0;
	if (vgx_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

static int
verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *ae = a + alen, *be = b + blen;

	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !vgx_isdigit(*a)) ||
		    (b < be && !vgx_isdigit(*b))) {
			int ac = order(a, ae), bc = order(b, be);

			if (ac != bc)
				return ac < bc ? -1 : 1;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && vgx_isdigit(*a) && vgx_isdigit(*b)) {
			if (first_diff == 0)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && vgx_isdigit(*a))
			return 1;
		if (b < be && vgx_isdigit(*b))
			return -1;
		if (first_diff != 0)
			return first_diff < 0 ? -1 : 1;
	}
	return 0;
}

static int
deb_validate(const char *v, size_t len, vigil_error *err)
{
	struct debver d;

	return deb_parse(&d, v, len, err);
}

static int
deb_compare(int *out, const char *a, size_t alen, const char *b, size_t blen,
    vigil_error *err)
{
	struct debver x, y;
	int rc, c;

	if ((rc = deb_parse(&x, a, alen, err)) < 0 ||
	    (rc = deb_parse(&y, b, blen, err)) < 0)
		return rc;
	if (x.epoch != y.epoch)
		c = x.epoch < y.epoch ? -1 : 1;
	else if ((c = verrevcmp(x.up, x.uplen, y.up, y.uplen)) == 0)
		c = verrevcmp(x.rev, x.revlen, y.rev, y.revlen);
	*out = c;
	return 0;
}

static const char *const deb_ecosystems[] = { "Debian", "Ubuntu", NULL };

const struct vigil_scheme vigil__scheme_deb = {
	"deb",
	NULL,
	deb_ecosystems,
	deb_validate,
	deb_compare
};
