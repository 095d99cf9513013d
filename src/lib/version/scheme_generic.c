/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The generic scheme, for software with no ecosystem of its own (purl type
 * "generic", CPE-only products such as OpenSSL or gSOAP) and for vers's
 * "openssl" scheme.  The rule, chosen to be predictable rather than
 * clever:
 *
 *   1. A version is 1 to 256 bytes of printable ASCII without spaces, and
 *      holds at least one letter or digit.
 *   2. It is read as a list of segments: each maximal run of ASCII digits
 *      is a numeric segment, each maximal run of ASCII letters an
 *      alphabetic segment; every other byte only separates segments
 *      ("1.0", "1-0" and "1_0" are equal).
 *   3. Lists compare segment by segment:
 *        - numeric with numeric by value, any length ("10" > "9",
 *          "007" = "7", 99999999999999999999999 > 9999999999);
 *        - alphabetic with alphabetic byte by byte, a prefix first, case
 *          sensitive ("a" < "b" < "z" < "za", "B" < "a");
 *        - a numeric segment is greater than an alphabetic one;
 *        - when one list ends first, the longer list is greater.
 *
 * So letters after a number make a later release, as OpenSSL and gSOAP
 * number them: 1.1.1 < 1.1.1a < 1.1.1w < 1.1.1za < 1.1.2, and
 * 2.8.123 < 2.8.123e < 2.8.124.  Pre-release words get no special
 * treatment ("1.0rc1" > "1.0"), and "1.0" < "1.0.0": the generic scheme
 * cannot know a project's conventions, so it does not guess them.
 */
#include <string.h>

#include "versionint.h"

static int
generic_validate(const char *v, size_t len, vigil_error *err)
{
	bool alnum = false;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= ' ' || c >= 0x7f)
			return vigil__error(err, VIGIL_EINVALID,
			    "generic version \"%.*s\" has an invalid byte 0x%02x "
			    "at offset %zu", (int)len, v, c, i);
		if (vgx_isalnum(c))
			alnum = true;
	}
	if (!alnum)
		return vigil__error(err, VIGIL_EINVALID,
		    "generic version \"%.*s\" has no letter or digit", (int)len,
		    v);
	return 0;
}

/* Next segment of [*p, end): its start and length; false at the end. */
static bool
next_segment(const char **p, const char *end, const char **seg, size_t *len,
    bool *num)
{
	const char *s = *p;

	while (s < end && !vgx_isalnum(*s))
		s++;
	if (s == end) {
		*p = s;
		return false;
	}
	*seg = s;
	*num = vgx_isdigit(*s);
	if (*num)
		while (s < end && vgx_isdigit(*s))
			s++;
	else
		while (s < end && vgx_isalpha(*s))
			s++;
	*len = (size_t)(s - *seg);
	*p = s;
	return true;
}

static int
bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

static int
generic_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	const char *pa = a, *pb = b, *ea = a + alen, *eb = b + blen;
	int rc;

	if ((rc = generic_validate(a, alen, err)) < 0 ||
	    (rc = generic_validate(b, blen, err)) < 0)
		return rc;
	for (;;) {
		const char *sa = NULL, *sb = NULL;
		size_t la = 0, lb = 0;
		bool na = false, nb = false, ha, hb;
		int c;

		ha = next_segment(&pa, ea, &sa, &la, &na);
		hb = next_segment(&pb, eb, &sb, &lb, &nb);
		if (!ha || !hb) {
			*out = ha == hb ? 0 : ha ? 1 : -1;
			return 0;
		}
		if (na != nb) {
			*out = na ? 1 : -1;
			return 0;
		}
		if (na) {
			while (la > 1 && *sa == '0')
				sa++, la--;
			while (lb > 1 && *sb == '0')
				sb++, lb--;
			if (la != lb) {
				*out = la < lb ? -1 : 1;
				return 0;
			}
		}
		if ((c = bytes_cmp(sa, la, sb, lb)) != 0) {
			*out = c;
			return 0;
		}
	}
}

static const char *const generic_aliases[] = { "openssl", NULL };

const struct vigil_scheme vigil__scheme_generic = {
	"generic",
	generic_aliases,
	NULL,
	generic_validate,
	generic_compare
};
