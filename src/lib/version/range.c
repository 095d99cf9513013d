/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Version ranges: the interval model of vigil/range.h, and the builders
 * that turn vers strings, GitLab advisory ranges, OSV events and NVD
 * cpeMatch bounds into it.  Everything here works in caller-owned structs
 * with fixed capacity; only the OSV JSON reader allocates (jansson's
 * tree), and frees before returning.
 *
 * How a vers string becomes intervals (vers-spec, "containment"):
 *
 *	vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3
 *
 *	constraints, sorted:  >=1.2  !=1.5  <2  2.5.1  >=3
 *	points (=, <=, >=):   [1.2,1.2]  [2.5.1,2.5.1]  [3,3]
 *	excluded (!=):        1.5
 *	bounds only:          >=1.2  <2  >=3
 *	pairs:                >=1.2 then <2    -> [1.2, 2)
 *	                      >=3 is last      -> [3, +inf)
 *
 *	range:  [1.2, 2) u [2.5.1] u [3, +inf)  minus {1.5}
 *	        (the points inside intervals go at normalisation)
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/range.h"
#include "versionint.h"

/* ---- text store ------------------------------------------------------- */

static int
store(uint16_t *off, char *text, uint16_t *textlen, const char *s, size_t len,
    vigil_error *err)
{
	if (len > (size_t)(VIGIL_RANGE_TEXT_MAX - *textlen))
		return vigil__error(err, VIGIL_ETOOBIG,
		    "range holds more than %d bytes of versions",
		    VIGIL_RANGE_TEXT_MAX);
	memcpy(text + *textlen, s, len);
	*off = *textlen;
	*textlen = (uint16_t)(*textlen + len);
	return 0;
}

/*
 * Check V for use in a range: valid in the scheme and valid UTF-8 (some
 * schemes, Maven's, take any bytes, but a range's versions must be
 * writable as vers, which carries UTF-8 only).
 */
static int
check_version(const vigil_scheme *s, const char *v, size_t len,
    vigil_error *err)
{
	size_t bad;
	int rc;

	if ((rc = vigil_version_validate(s, v, len, err)) < 0)
		return rc;
	if (vgx_utf8_check(v, len, &bad) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s version is not valid UTF-8 (offset %zu)",
		    vigil_scheme_name(s), bad);
	return 0;
}

/* Compare two versions already known to be valid in the scheme. */
static int
vcmp(const vigil_scheme *s, const char *a, size_t alen, const char *b,
    size_t blen)
{
	vigil_error err;
	int c = 0;

	if (vigil_version_compare(&c, s, a, alen, b, blen, &err) < 0) {
		(void)VIGIL_NEVER(1);	/* versions are validated first */
		return 0;
	}
	return c;
}

#define LO(r, i) ((r)->text + (r)->iv[i].lo_off), ((size_t)(r)->iv[i].lo_len)
#define HI(r, i) ((r)->text + (r)->iv[i].hi_off), ((size_t)(r)->iv[i].hi_len)

/* ---- the interval model ---------------------------------------------- */

void
vigil_range_init(vigil_range *r, const vigil_scheme *scheme)
{
	r->scheme = scheme;
	r->nint = 0;
	r->nexcl = 0;
	r->textlen = 0;
	r->nskipped = 0;
	r->ninvalid = 0;
}

size_t
vigil_range_count(const vigil_range *r)
{
	return r->nint;
}

size_t
vigil_range_skipped(const vigil_range *r)
{
	return r->nskipped;
}

size_t
vigil_range_invalid_versions(const vigil_range *r)
{
	return r->ninvalid;
}

void
vigil_range_interval(const vigil_range *r, size_t i, const char **lo,
    size_t *lolen, bool *lo_incl, const char **hi, size_t *hilen,
    bool *hi_incl)
{
	const vigil_interval *iv = &r->iv[i];

	assert(i < r->nint);
	*lo = iv->lo_len ? r->text + iv->lo_off : NULL;
	*lolen = iv->lo_len;
	*lo_incl = iv->lo_incl != 0;
	*hi = iv->hi_len ? r->text + iv->hi_off : NULL;
	*hilen = iv->hi_len;
	*hi_incl = iv->hi_incl != 0;
}

int
vigil_range_add(vigil_range *r, const char *lo, size_t lolen, bool lo_incl,
    const char *hi, size_t hilen, bool hi_incl, vigil_error *err)
{
	vigil_interval iv;
	uint16_t save = r->textlen;
	int rc;

	if (r->scheme == NULL)
		return vigil__error(err, VIGIL_EINVALID, "range has no scheme");
	if (lo != NULL &&
	    (rc = check_version(r->scheme, lo, lolen, err)) < 0)
		return rc;
	if (hi != NULL &&
	    (rc = check_version(r->scheme, hi, hilen, err)) < 0)
		return rc;
	if (lo != NULL && hi != NULL) {
		int c = vcmp(r->scheme, lo, lolen, hi, hilen);

		if (c > 0 || (c == 0 && !(lo_incl && hi_incl)))
			return 0;	/* empty */
	}
	if (r->nint >= VIGIL_RANGE_MAX_INTERVALS)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "range has more than %d intervals",
		    VIGIL_RANGE_MAX_INTERVALS);
	memset(&iv, 0, sizeof(iv));
	if (lo != NULL) {
		if ((rc = store(&iv.lo_off, r->text, &r->textlen, lo, lolen,
		    err)) < 0)
			return rc;
		iv.lo_len = (uint16_t)lolen;
		iv.lo_incl = lo_incl;
	}
	if (hi != NULL) {
		if (lo != NULL && hilen == lolen && memcmp(lo, hi, lolen) == 0) {
			iv.hi_off = iv.lo_off;	/* a point: share the text */
		} else if ((rc = store(&iv.hi_off, r->text, &r->textlen, hi,
		    hilen, err)) < 0) {
			r->textlen = save;
			return rc;
		}
		iv.hi_len = (uint16_t)hilen;
		iv.hi_incl = hi_incl;
	}
	r->iv[r->nint++] = iv;
	return 0;
}

/* Whether interval I holds the valid version V. */
static bool
in_interval(const vigil_range *r, size_t i, const char *v, size_t len)
{
	const vigil_interval *iv = &r->iv[i];
	int c;

	if (iv->lo_len) {
		c = vcmp(r->scheme, v, len, LO(r, i));
		if (c < 0 || (c == 0 && !iv->lo_incl))
			return false;
	}
	if (iv->hi_len) {
		c = vcmp(r->scheme, v, len, HI(r, i));
		if (c > 0 || (c == 0 && !iv->hi_incl))
			return false;
	}
	return true;
}

static bool
in_intervals(const vigil_range *r, const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < r->nint; i++)
		if (in_interval(r, i, v, len))
			return true;
	return false;
}

int
vigil_range_add_version(vigil_range *r, const char *v, size_t len,
    vigil_error *err)
{
	int rc;

	if (r->scheme == NULL)
		return vigil__error(err, VIGIL_EINVALID, "range has no scheme");
	if ((rc = check_version(r->scheme, v, len, err)) < 0)
		return rc;
	if (in_intervals(r, v, len))
		return 0;
	return vigil_range_add(r, v, len, true, v, len, true, err);
}

int
vigil_range_exclude(vigil_range *r, const char *v, size_t len,
    vigil_error *err)
{
	uint16_t off = 0;
	int rc;

	if (r->scheme == NULL)
		return vigil__error(err, VIGIL_EINVALID, "range has no scheme");
	if ((rc = check_version(r->scheme, v, len, err)) < 0)
		return rc;
	if (r->nexcl >= VIGIL_RANGE_MAX_EXCLUDED)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "range excludes more than %d versions",
		    VIGIL_RANGE_MAX_EXCLUDED);
	if ((rc = store(&off, r->text, &r->textlen, v, len, err)) < 0)
		return rc;
	r->excl[r->nexcl].off = off;
	r->excl[r->nexcl].len = (uint16_t)len;
	r->nexcl++;
	return 0;
}

int
vigil_range_contains(bool *out, const vigil_range *r, const char *v,
    size_t len, vigil_error *err)
{
	size_t i;
	int rc;

	*out = false;
	if (r->scheme == NULL)
		return vigil__error(err, VIGIL_EINVALID, "range has no scheme");
	if ((rc = check_version(r->scheme, v, len, err)) < 0)
		return rc;
	for (i = 0; i < r->nexcl; i++)
		if (vcmp(r->scheme, v, len, r->text + r->excl[i].off,
		    r->excl[i].len) == 0)
			return 0;
	*out = in_intervals(r, v, len);
	return 0;
}

/* Order of lower bounds: -inf first, then by version, inclusive first. */
static int
lo_cmp(const vigil_range *r, const vigil_interval *a, const vigil_interval *b)
{
	int c;

	if (a->lo_len == 0 || b->lo_len == 0)
		return (a->lo_len != 0) - (b->lo_len != 0);
	c = vcmp(r->scheme, r->text + a->lo_off, a->lo_len,
	    r->text + b->lo_off, b->lo_len);
	if (c != 0)
		return c;
	return (int)b->lo_incl - (int)a->lo_incl;
}

/*
 * Whether B (whose lower bound is not below A's) starts inside A or right
 * where A ends, so that the two make one interval.
 */
static bool
joins(const vigil_range *r, const vigil_interval *a, const vigil_interval *b)
{
	int c;

	if (a->hi_len == 0 || b->lo_len == 0)
		return true;
	c = vcmp(r->scheme, r->text + b->lo_off, b->lo_len,
	    r->text + a->hi_off, a->hi_len);
	return c < 0 || (c == 0 && (a->hi_incl || b->lo_incl));
}

/* Whether A's upper bound is above B's. */
static bool
hi_above(const vigil_range *r, const vigil_interval *a,
    const vigil_interval *b)
{
	int c;

	if (a->hi_len == 0)
		return b->hi_len != 0;
	if (b->hi_len == 0)
		return false;
	c = vcmp(r->scheme, r->text + a->hi_off, a->hi_len,
	    r->text + b->hi_off, b->hi_len);
	return c > 0 || (c == 0 && a->hi_incl && !b->hi_incl);
}

int
vigil_range_normalize(vigil_range *r, vigil_error *err)
{
	size_t i, j, n;

	(void)err;
	/* insertion sort: stable, in place, at most 256 entries */
	for (i = 1; i < r->nint; i++) {
		vigil_interval x = r->iv[i];

		for (j = i; j > 0 && lo_cmp(r, &r->iv[j - 1], &x) > 0; j--)
			r->iv[j] = r->iv[j - 1];
		r->iv[j] = x;
	}
	for (i = 0, n = 0; i < r->nint; i++) {
		if (n > 0 && joins(r, &r->iv[n - 1], &r->iv[i])) {
			if (hi_above(r, &r->iv[i], &r->iv[n - 1])) {
				r->iv[n - 1].hi_off = r->iv[i].hi_off;
				r->iv[n - 1].hi_len = r->iv[i].hi_len;
				r->iv[n - 1].hi_incl = r->iv[i].hi_incl;
			}
			continue;
		}
		r->iv[n++] = r->iv[i];
	}
	r->nint = (uint16_t)n;
	/*
	 * An excluded version that is an interval's inclusive bound makes
	 * the bound exclusive, and removes a point; one inside an interval
	 * stays; one outside every interval goes.  So no version is named
	 * twice when the range is written as vers.
	 */
	for (i = 0, n = 0; i < r->nexcl; i++) {
		const char *x = r->text + r->excl[i].off;
		size_t xl = r->excl[i].len, k, m;

		for (k = 0, m = 0; k < r->nint; k++) {
			vigil_interval *iv = &r->iv[k];
			bool lo = iv->lo_len && vcmp(r->scheme, x, xl,
			    LO(r, k)) == 0;
			bool hi = iv->hi_len && vcmp(r->scheme, x, xl,
			    HI(r, k)) == 0;

			if (lo && hi)
				continue;	/* the point [x, x] */
			if (lo)
				iv->lo_incl = 0;
			if (hi)
				iv->hi_incl = 0;
			r->iv[m++] = *iv;
		}
		r->nint = (uint16_t)m;
		for (k = 0; k < n; k++)
			if (vcmp(r->scheme, x, xl, r->text + r->excl[k].off,
			    r->excl[k].len) == 0)
				break;
		if (k == n && in_intervals(r, x, xl))
			r->excl[n++] = r->excl[i];	/* once, and inside */
	}
	r->nexcl = (uint16_t)n;
	return 0;
}

/* ---- vers ------------------------------------------------------------- */

static const char *const op_names[] = {
	"", "!=", "<", "<=", ">", ">=", "*"
};

size_t
vigil_vers_count(const vigil_vers *v)
{
	return v->n;
}

vigil_vers_op
vigil_vers_constraint_at(const vigil_vers *v, size_t i, const char **ver,
    size_t *vlen)
{
	assert(i < v->n);
	*ver = v->text + v->c[i].off;
	*vlen = v->c[i].len;
	return v->c[i].op;
}

const vigil_scheme *
vigil_vers_scheme(const vigil_vers *v)
{
	return vigil_scheme_find(v->scheme, strlen(v->scheme));
}

/*
 * Decode one constraint's version (percent-decoding once) into V's text.
 * POS is the byte offset of the constraint in the input, for messages.
 */
static int
decode_version(vigil_vers *v, const char *s, size_t len, unsigned flags,
    size_t pos, vigil_error *err)
{
	char buf[VIGIL_VERSION_MAX_LEN];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= len) {
				h = l = -1;
			} else {
				h = vgx_hexval(s[i + 1]);
				l = vgx_hexval(s[i + 2]);
			}
			if (h < 0 || l < 0)
				return vigil__error(err, VIGIL_EINVALID,
				    "vers: invalid percent-encoding in version "
				    "at offset %zu", pos + i);
			if ((flags & VIGIL_VERS_STRICT) &&
			    ((s[i + 1] >= 'a' && s[i + 1] <= 'f') ||
			    (s[i + 2] >= 'a' && s[i + 2] <= 'f')))
				return vigil__error(err, VIGIL_EINVALID,
				    "vers: percent-encoding in version is not "
				    "canonical (upper-case hex) at offset %zu",
				    pos + i);
			c = (unsigned char)(h * 16 + l);
			i += 2;
		}
		if (n >= sizeof(buf))
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: version at offset %zu is longer than %d "
			    "bytes", pos, VIGIL_VERSION_MAX_LEN);
		buf[n++] = (char)c;
	}
	if (n == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: empty version at offset %zu", pos);
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: version at offset %zu decodes to a control "
			    "byte", pos);
	if (vgx_utf8_check(buf, n, &i) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: version at offset %zu is not valid UTF-8 once "
		    "decoded", pos);
	if (v->n >= VIGIL_VERS_MAX_CONSTRAINTS)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "vers: more than %d constraints",
		    VIGIL_VERS_MAX_CONSTRAINTS);
	v->c[v->n].len = (uint16_t)n;
	return store(&v->c[v->n].off, v->text, &v->textlen, buf, n, err);
}

/* Datetime versions (RFC 3339) have canonical-form rules of their own. */
static int
check_datetime(const char *s, size_t len, size_t pos, vigil_error *err)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == 't' || s[i] == 'z')
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: datetime must use upper-case T and Z "
			    "(offset %zu)", pos + i);
		if (s[i] == '%' && i + 2 < len && s[i + 1] == '3' &&
		    (s[i + 2] == 'A' || s[i + 2] == 'a'))
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: datetime time colons must be unencoded "
			    "(offset %zu)", pos + i);
	}
	return 0;
}

static int
parse_constraint(vigil_vers *v, const char *s, size_t len, unsigned flags,
    size_t pos, bool datetime, vigil_error *err)
{
	vigil_vers_op op = VIGIL_VERS_EQ;
	size_t k = 0;
	int rc;

	if (len >= 2 && s[0] == '!' && s[1] == '=')
		op = VIGIL_VERS_NE, k = 2;
	else if (len >= 2 && s[0] == '<' && s[1] == '=')
		op = VIGIL_VERS_LE, k = 2;
	else if (len >= 2 && s[0] == '>' && s[1] == '=')
		op = VIGIL_VERS_GE, k = 2;
	else if (len >= 1 && s[0] == '<')
		op = VIGIL_VERS_LT, k = 1;
	else if (len >= 1 && s[0] == '>')
		op = VIGIL_VERS_GT, k = 1;
	else if (len >= 1 && s[0] == '=')
		op = VIGIL_VERS_EQ, k = 1;
	if (k == len)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: constraint at offset %zu has no version", pos);
	if (strchr("<>=!", s[k]) != NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: invalid comparator at offset %zu", pos);
	if (datetime && (rc = check_datetime(s + k, len - k, pos + k, err)) < 0)
		return rc;
	if ((rc = decode_version(v, s + k, len - k, flags, pos + k, err)) < 0)
		return rc;
	v->c[v->n++].op = op;
	return 0;
}

int
vigil_vers_parse(vigil_vers *out, const char *s, size_t len, unsigned flags,
    vigil_error *err)
{
	char clean[VIGIL_VERS_MAX_LEN];
	const vigil_scheme *scheme;
	const char *p, *end, *slash;
	size_t i, n = 0, slen;
	bool datetime;
	int rc;

	out->scheme[0] = '\0';
	out->n = 0;
	out->textlen = 0;
	if (len > VIGIL_VERS_MAX_LEN)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "vers is longer than %d bytes", VIGIL_VERS_MAX_LEN);
	/* Whitespace: an error in canonical form, removed otherwise. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (flags & VIGIL_VERS_STRICT)
				return vigil__error(err, VIGIL_EINVALID,
				    "non-canonical vers: whitespace is not "
				    "permitted (offset %zu)", i);
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: byte 0x%02x at offset %zu is not printable "
			    "ASCII (percent-encode it)", c, i);
		clean[n++] = (char)c;
	}
	p = clean;
	end = clean + n;
	if (n < 5 || !((flags & VIGIL_VERS_STRICT) ?
	    memcmp(p, "vers:", 5) == 0 : vgx_strieq(p, 5, "vers:")))
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: does not start with \"vers:\"");
	p += 5;
	if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: no '/' after the versioning scheme");
	slen = (size_t)(slash - p);
	if (slen == 0 || slen >= sizeof(out->scheme))
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: versioning scheme is empty or longer than %zu bytes",
		    sizeof(out->scheme) - 1);
	for (i = 0; i < slen; i++) {
		char c = p[i];

		if (!vgx_isalnum(c) && c != '.' && c != '-' && c != '+')
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: invalid character '%c' in the versioning "
			    "scheme", c);
		if ((flags & VIGIL_VERS_STRICT) && c >= 'A' && c <= 'Z')
			return vigil__error(err, VIGIL_EINVALID,
			    "non-canonical vers: versioning scheme must be "
			    "lower case");
		out->scheme[i] = (char)vgx_tolower(c);
	}
	out->scheme[slen] = '\0';
	datetime = strcmp(out->scheme, "datetime") == 0;
	p = slash + 1;
	if (p == end)
		return vigil__error(err, VIGIL_EINVALID,
		    "vers: no constraint after the scheme");
	if (end - p == 1 && *p == '*') {
		out->c[0].op = VIGIL_VERS_ANY;
		out->c[0].off = 0;
		out->c[0].len = 0;
		out->n = 1;
		return 0;
	}
	if (*p == '|')
		return vigil__error(err, VIGIL_EINVALID,
		    "non-canonical vers: leading pipe is not permitted");
	if (end[-1] == '|')
		return vigil__error(err, VIGIL_EINVALID,
		    "non-canonical vers: trailing pipe is not permitted");
	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *q = bar != NULL ? bar : end;

		if (q == p)
			return vigil__error(err, VIGIL_EINVALID,
			    "non-canonical vers: consecutive pipes are not "
			    "permitted");
		if (q - p == 1 && *p == '*')
			return vigil__error(err, VIGIL_EINVALID,
			    "vers: '*' must be the only constraint");
		if ((rc = parse_constraint(out, p, (size_t)(q - p), flags,
		    (size_t)(p - clean), datetime, err)) < 0)
			return rc;
		p = bar != NULL ? bar + 1 : end;
	}
	/*
	 * Ordering needs the scheme, and valid versions; a lone constraint
	 * needs neither here (vigil_range_from_vers() checks its version).
	 */
	if (out->n < 2)
		return 0;
	if ((scheme = vigil_vers_scheme(out)) == NULL)
		return vigil__error(err, VIGIL_EUNSUPPORTED,
		    "vers: no version scheme '%s' in vigil", out->scheme);
	for (i = 0; i < out->n; i++)
		if ((rc = check_version(scheme,
		    out->text + out->c[i].off, out->c[i].len, err)) < 0) {
			vigil__error_prefix(err, "vers: constraint %zu", i + 1);
			return rc;
		}
	if (flags & VIGIL_VERS_STRICT) {
		for (i = 1; i < out->n; i++) {
			int c = vcmp(scheme, out->text + out->c[i - 1].off,
			    out->c[i - 1].len, out->text + out->c[i].off,
			    out->c[i].len);

			if (c > 0)
				return vigil__error(err, VIGIL_EINVALID,
				    "non-canonical vers: constraints are not "
				    "sorted by version");
			if (c == 0)
				return vigil__error(err, VIGIL_EINVALID,
				    "non-canonical vers: version of constraint "
				    "%zu is repeated", i + 1);
		}
		return 0;
	}
	/* Stable insertion sort by version (at most 256 constraints). */
	for (i = 1; i < out->n; i++) {
		vigil_vers_constraint x = out->c[i];
		size_t j;

		for (j = i; j > 0 && vcmp(scheme,
		    out->text + out->c[j - 1].off, out->c[j - 1].len,
		    out->text + x.off, x.len) > 0; j--)
			out->c[j] = out->c[j - 1];
		out->c[j] = x;
	}
	return 0;
}

/* Append S (LEN bytes) to BUF, keeping count in *N even past SIZE. */
static void
put(char *buf, size_t size, size_t *n, const char *s, size_t len)
{
	if (*n < size)
		memcpy(buf + *n, s, len < size - *n ? len : size - *n);
	*n += len;
}

/* Append version V percent-encoding what vers syntax or ASCII needs. */
static void
put_version(char *buf, size_t size, size_t *n, const char *v, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c >= 0x7f || strchr("%|<>=!*/?#,", c) != NULL) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			put(buf, size, n, e, 3);
		} else {
			put(buf, size, n, v + i, 1);
		}
	}
}

static int
finish(char *buf, size_t size, size_t n, size_t *len_out, vigil_error *err)
{
	if (n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return vigil__error(err, VIGIL_ETOOBIG,
		    "vers needs %zu bytes, the buffer has %zu", n + 1, size);
	}
	buf[n] = '\0';
	if (len_out != NULL)
		*len_out = n;
	return 0;
}

int
vigil_vers_format(char *buf, size_t size, size_t *len_out,
    const vigil_vers *v, vigil_error *err)
{
	size_t i, n = 0;

	put(buf, size, &n, "vers:", 5);
	put(buf, size, &n, v->scheme, strlen(v->scheme));
	put(buf, size, &n, "/", 1);
	for (i = 0; i < v->n; i++) {
		const char *name = op_names[v->c[i].op];

		if (i > 0)
			put(buf, size, &n, "|", 1);
		put(buf, size, &n, name, strlen(name));
		put_version(buf, size, &n, v->text + v->c[i].off, v->c[i].len);
	}
	return finish(buf, size, n, len_out, err);
}

static bool
is_lower(vigil_vers_op op)
{
	return op == VIGIL_VERS_GT || op == VIGIL_VERS_GE;
}

static bool
is_upper(vigil_vers_op op)
{
	return op == VIGIL_VERS_LT || op == VIGIL_VERS_LE;
}

int
vigil_range_from_vers(vigil_range *r, const vigil_vers *v, vigil_error *err)
{
	const vigil_scheme *scheme = vigil_vers_scheme(v);
	size_t i, j, nb = 0, nbound = 0, neq = 0, nne = 0;
	int rc;

	if (scheme == NULL)
		return vigil__error(err, VIGIL_EUNSUPPORTED,
		    "vers: no version scheme '%s' in vigil", v->scheme);
	vigil_range_init(r, scheme);
	for (i = 0; i < v->n; i++) {
		const char *ver = v->text + v->c[i].off;
		size_t len = v->c[i].len;

		switch (v->c[i].op) {
		case VIGIL_VERS_ANY:
			return vigil_range_add(r, NULL, 0, false, NULL, 0,
			    false, err);
		case VIGIL_VERS_NE:
			nne++;
			rc = vigil_range_exclude(r, ver, len, err);
			break;
		case VIGIL_VERS_EQ:
			neq++;
			rc = vigil_range_add(r, ver, len, true, ver, len, true,
			    err);
			break;
		case VIGIL_VERS_LE:
		case VIGIL_VERS_GE:
			rc = vigil_range_add(r, ver, len, true, ver, len, true,
			    err);
			nbound++;
			break;
		default:
			rc = 0;
			nbound++;
			break;
		}
		if (rc < 0)
			return rc;
	}
	/* Walk the bounds ("<", "<=", ">", ">=") in pairs. */
	for (i = 0; i < v->n; i++) {
		const vigil_vers_constraint *c = &v->c[i];
		const char *ver = v->text + c->off;

		if (!is_lower(c->op) && !is_upper(c->op))
			continue;
		for (j = i + 1; j < v->n && !is_lower(v->c[j].op) &&
		    !is_upper(v->c[j].op); j++)
			;
		if (nb == 0 && is_upper(c->op))
			rc = vigil_range_add(r, NULL, 0, false, ver, c->len,
			    c->op == VIGIL_VERS_LE, err);
		else if (is_lower(c->op) && j == v->n)
			rc = vigil_range_add(r, ver, c->len,
			    c->op == VIGIL_VERS_GE, NULL, 0, false, err);
		else if (is_lower(c->op) && is_upper(v->c[j].op))
			rc = vigil_range_add(r, ver, c->len,
			    c->op == VIGIL_VERS_GE, v->text + v->c[j].off,
			    v->c[j].len, v->c[j].op == VIGIL_VERS_LE, err);
		else
			rc = 0;
		if (rc < 0)
			return rc;
		nb++;
	}
	/* Only "!=": every version but those. */
	if (nne > 0 && neq == 0 && nbound == 0)
		return vigil_range_add(r, NULL, 0, false, NULL, 0, false, err);
	return 0;
}

int
vigil_range_parse_vers(vigil_range *r, const char *s, size_t len,
    unsigned flags, vigil_error *err)
{
	vigil_vers v;
	int rc;

	if ((rc = vigil_vers_parse(&v, s, len, flags, err)) < 0)
		return rc;
	return vigil_range_from_vers(r, &v, err);
}

/* Constraints of a range, for writing it as vers. */
struct wc {
	vigil_vers_op op;
	uint16_t off, len;
};

int
vigil_range_to_vers(char *buf, size_t size, size_t *len_out,
    const vigil_range *r, vigil_error *err)
{
	vigil_range c;
	struct wc w[VIGIL_RANGE_MAX_INTERVALS * 2 + VIGIL_RANGE_MAX_EXCLUDED];
	size_t i, j, nw = 0, n = 0;

	if (r->scheme == NULL || r->nint == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "an empty range has no vers form");
	memcpy(&c, r, sizeof(c));
	vigil_range_normalize(&c, err);
	put(buf, size, &n, "vers:", 5);
	put(buf, size, &n, c.scheme->name, strlen(c.scheme->name));
	put(buf, size, &n, "/", 1);
	if (c.nint == 1 && c.iv[0].lo_len == 0 && c.iv[0].hi_len == 0 &&
	    c.nexcl == 0) {
		put(buf, size, &n, "*", 1);
		return finish(buf, size, n, len_out, err);
	}
	for (i = 0; i < c.nint; i++) {
		const vigil_interval *iv = &c.iv[i];

		if (iv->lo_len && iv->hi_len && iv->lo_incl && iv->hi_incl &&
		    vcmp(c.scheme, LO(&c, i), HI(&c, i)) == 0) {
			w[nw++] = (struct wc){ VIGIL_VERS_EQ, iv->lo_off,
			    iv->lo_len };
			continue;
		}
		/*
		 * (-inf, +inf) with exclusions writes no bound: the "!="
		 * constraints alone say "every version but these".
		 */
		/*
		 * Two intervals that meet at a version neither holds, "<X"
		 * then ">X", would name X twice: write "!=X" instead, which
		 * vers reads as the same gap.
		 */
		if (iv->lo_len && nw > 0 && w[nw - 1].op == VIGIL_VERS_LT &&
		    vcmp(c.scheme, c.text + w[nw - 1].off, w[nw - 1].len,
		    LO(&c, i)) == 0 && !iv->lo_incl)
			w[nw - 1].op = VIGIL_VERS_NE;
		else if (iv->lo_len)
			w[nw++] = (struct wc){ iv->lo_incl ? VIGIL_VERS_GE :
			    VIGIL_VERS_GT, iv->lo_off, iv->lo_len };
		if (iv->hi_len)
			w[nw++] = (struct wc){ iv->hi_incl ? VIGIL_VERS_LE :
			    VIGIL_VERS_LT, iv->hi_off, iv->hi_len };
	}
	/* Exclusions go where their version sorts. */
	for (i = 0; i < c.nexcl; i++) {
		struct wc x = { VIGIL_VERS_NE, c.excl[i].off, c.excl[i].len };

		for (j = nw; j > 0 && vcmp(c.scheme, c.text + w[j - 1].off,
		    w[j - 1].len, c.text + x.off, x.len) > 0; j--)
			w[j] = w[j - 1];
		w[j] = x;
		nw++;
	}
	for (i = 0; i < nw; i++) {
		const char *name = op_names[w[i].op];

		if (i > 0)
			put(buf, size, &n, "|", 1);
		put(buf, size, &n, name, strlen(name));
		put_version(buf, size, &n, c.text + w[i].off, w[i].len);
	}
	return finish(buf, size, n, len_out, err);
}

/* ---- GitLab advisory ranges ------------------------------------------ */

struct bound {
	const char *v;		/* NULL: unbounded */
	size_t len;
	bool incl;
};

/* Narrow the lower bound LO with (V, INCL): the higher one wins. */
static void
raise_lo(const vigil_scheme *s, struct bound *lo, const char *v, size_t len,
    bool incl)
{
	int c = lo->v == NULL ? -1 : vcmp(s, lo->v, lo->len, v, len);

	if (c < 0 || (c == 0 && !incl)) {
		lo->v = v;
		lo->len = len;
		lo->incl = incl;
	}
}

static void
lower_hi(const vigil_scheme *s, struct bound *hi, const char *v, size_t len,
    bool incl)
{
	int c = hi->v == NULL ? 1 : vcmp(s, hi->v, hi->len, v, len);

	if (c > 0 || (c == 0 && !incl)) {
		hi->v = v;
		hi->len = len;
		hi->incl = incl;
	}
}

static bool
gl_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* One "||" alternative of a GitLab range: comparators that all hold. */
static int
gitlab_alt(vigil_range *r, const char *p, const char *end, size_t pos,
    vigil_error *err)
{
	struct bound lo = { NULL, 0, false }, hi = { NULL, 0, false };
	bool golang = strcmp(r->scheme->name, "golang") == 0;
	int n = 0, rc;

	for (;;) {
		const char *op, *v;
		size_t oplen;

		while (p < end && gl_sep(*p))
			p++;
		if (p == end)
			break;
		op = p;
		while (p < end && strchr("<>=!", *p) != NULL)
			p++;
		oplen = (size_t)(p - op);
		while (p < end && gl_sep(*p))
			p++;	/* ">= 1.0" */
		v = p;
		while (p < end && !gl_sep(*p))
			p++;
		if (p == v)
			return vigil__error(err, VIGIL_EINVALID,
			    "gitlab range: comparator at offset %zu has no "
			    "version", pos);
		if (strchr("<>=!~^", *v) != NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "gitlab range: invalid comparator before \"%.*s\"",
			    (int)(p - v), v);
		if (golang && p - v > 1 && *v == 'v' && vgx_isdigit(v[1]))
			v++;
		if ((rc = check_version(r->scheme, v, (size_t)(p - v),
		    err)) < 0)
			return rc;
		if (oplen == 0 || (oplen == 1 && *op == '=') ||
		    (oplen == 2 && op[0] == '=' && op[1] == '=')) {
			raise_lo(r->scheme, &lo, v, (size_t)(p - v), true);
			lower_hi(r->scheme, &hi, v, (size_t)(p - v), true);
		} else if (oplen == 1 && *op == '>') {
			raise_lo(r->scheme, &lo, v, (size_t)(p - v), false);
		} else if (oplen == 2 && op[0] == '>' && op[1] == '=') {
			raise_lo(r->scheme, &lo, v, (size_t)(p - v), true);
		} else if (oplen == 1 && *op == '<') {
			lower_hi(r->scheme, &hi, v, (size_t)(p - v), false);
		} else if (oplen == 2 && op[0] == '<' && op[1] == '=') {
			lower_hi(r->scheme, &hi, v, (size_t)(p - v), true);
		} else {
			return vigil__error(err, VIGIL_EINVALID,
			    "gitlab range: invalid comparator '%.*s'",
			    (int)oplen, op);
		}
		n++;
	}
	if (n == 0)
		return 1;	/* empty: the caller decides */
	return vigil_range_add(r, lo.v, lo.len, lo.incl, hi.v, hi.len, hi.incl,
	    err);
}

int
vigil_range_parse_gitlab(vigil_range *r, const vigil_scheme *scheme,
    const char *s, size_t len, vigil_error *err)
{
	const char *p = s, *end = s + len;
	int rc, nalt = 0;

	vigil_range_init(r, scheme);
	if (len > VIGIL_VERS_MAX_LEN)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "gitlab range is longer than %d bytes", VIGIL_VERS_MAX_LEN);
	for (;;) {
		const char *q = p;

		while (q + 1 < end && !(q[0] == '|' && q[1] == '|'))
			q++;
		if (q + 1 >= end)
			q = end;
		/* An empty alternative ("<1||", seen in GitLab's data) adds
		 * nothing; a range of nothing but empty ones is an error. */
		if ((rc = gitlab_alt(r, p, q, (size_t)(p - s), err)) < 0)
			return rc;
		if (rc == 0)
			nalt++;
		if (q == end)
			break;
		p = q + 2;
	}
	if (nalt == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "gitlab range has no comparator");
	return 0;
}

/* ---- OSV ------------------------------------------------------------- */

/* Add [LO, HI) (bounds as given) cut below the limit LIM, if any. */
static int
add_limited(vigil_range *r, const struct bound *lo, const struct bound *hi,
    const struct bound *lim, vigil_error *err)
{
	struct bound h = *hi;

	if (lim->v != NULL)
		lower_hi(r->scheme, &h, lim->v, lim->len, false);
	return vigil_range_add(r, lo->v, lo->len, lo->incl, h.v, h.len,
	    h.incl, err);
}

static bool
is_zero_intro(const vigil_osv_event *e)
{
	return e->kind == VIGIL_OSV_INTRODUCED && e->len == 1 &&
	    e->version[0] == '0';
}

int
vigil_range_add_osv(vigil_range *r, const vigil_osv_event *ev, size_t n,
    vigil_error *err)
{
	uint16_t order[VIGIL_RANGE_MAX_INTERVALS * 2];
	struct bound lo = { NULL, 0, true }, none = { NULL, 0, false };
	struct bound lim = { NULL, 0, false };
	bool open = false;
	size_t i, j;
	int rc;

	if (r->scheme == NULL)
		return vigil__error(err, VIGIL_EINVALID, "range has no scheme");
	if (n > VGX_ARRAY_SIZE(order))
		return vigil__error(err, VIGIL_ETOOBIG,
		    "OSV range has more than %zu events", VGX_ARRAY_SIZE(order));
	for (i = 0; i < n; i++) {
		if (ev[i].version == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "OSV event %zu has no version", i);
		if (!is_zero_intro(&ev[i]) &&
		    (rc = check_version(r->scheme, ev[i].version,
		    ev[i].len, err)) < 0) {
			vigil__error_prefix(err, "OSV event %zu", i);
			return rc;
		}
		if (ev[i].kind == VIGIL_OSV_LIMIT) {
			/* the highest limit bounds the range (OSV schema) */
			if (lim.v == NULL || vcmp(r->scheme, lim.v, lim.len,
			    ev[i].version, ev[i].len) < 0) {
				lim.v = ev[i].version;
				lim.len = ev[i].len;
			}
		}
	}
	/* Stable sort by version; "introduced: 0" before everything. */
	for (i = 0; i < n; i++) {
		for (j = i; j > 0; j--) {
			const vigil_osv_event *a = &ev[order[j - 1]];

			if (is_zero_intro(&ev[i]) ? is_zero_intro(a) :
			    (is_zero_intro(a) || vcmp(r->scheme, a->version,
			    a->len, ev[i].version, ev[i].len) <= 0))
				break;
			order[j] = order[j - 1];
		}
		order[j] = (uint16_t)i;
	}
	for (i = 0; i < n; i++) {
		const vigil_osv_event *e = &ev[order[i]];
		struct bound hi;

		switch (e->kind) {
		case VIGIL_OSV_INTRODUCED:
			if (!open) {
				open = true;
				lo.v = is_zero_intro(e) ? NULL : e->version;
				lo.len = is_zero_intro(e) ? 0 : e->len;
				lo.incl = true;
			}
			break;
		case VIGIL_OSV_FIXED:
		case VIGIL_OSV_LAST_AFFECTED:
			if (!open)
				break;
			hi.v = e->version;
			hi.len = e->len;
			hi.incl = e->kind == VIGIL_OSV_LAST_AFFECTED;
			if ((rc = add_limited(r, &lo, &hi, &lim, err)) < 0)
				return rc;
			open = false;
			break;
		case VIGIL_OSV_LIMIT:
			break;
		}
	}
	if (open)
		return add_limited(r, &lo, &none, &lim, err);
	return 0;
}

/* ERR (already set) gets the JSON pointer PTR. */
static int
at(vigil_error *err, int rc, const char *fmt, ...) VIGIL_PRINTF(3, 4);

static int
at(vigil_error *err, int rc, const char *fmt, ...)
{
	char ptr[sizeof(err->path)], msg[sizeof(err->msg)];
	va_list ap;

	if (err == NULL)
		return rc;
	va_start(ap, fmt);
	vsnprintf(ptr, sizeof(ptr), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return vigil__error_ptr(err, rc, ptr, "%s", msg);
}

static int
osv_events(vigil_range *r, json_t *events, size_t ri, vigil_error *err)
{
	vigil_osv_event ev[VIGIL_RANGE_MAX_INTERVALS * 2];
	json_t *e;
	size_t i;
	int rc;

	if (!json_is_array(events) || json_array_size(events) == 0) {
		vigil__error(err, VIGIL_EINVALID,
		    "\"events\" must be a non-empty array");
		return at(err, VIGIL_EINVALID, "/ranges/%zu/events", ri);
	}
	if (json_array_size(events) > VGX_ARRAY_SIZE(ev)) {
		vigil__error(err, VIGIL_ETOOBIG, "more than %zu events",
		    VGX_ARRAY_SIZE(ev));
		return at(err, VIGIL_ETOOBIG, "/ranges/%zu/events", ri);
	}
	json_array_foreach(events, i, e) {
		static const char *const kinds[] = {
			"introduced", "fixed", "last_affected", "limit"
		};
		const char *key;
		json_t *val;
		size_t k;

		if (!json_is_object(e) || json_object_size(e) != 1) {
			vigil__error(err, VIGIL_EINVALID, "an OSV event is an "
			    "object with exactly one of introduced, fixed, "
			    "last_affected, limit");
			return at(err, VIGIL_EINVALID, "/ranges/%zu/events/%zu",
			    ri, i);
		}
		json_object_foreach(e, key, val) {
			for (k = 0; k < VGX_ARRAY_SIZE(kinds); k++)
				if (strcmp(key, kinds[k]) == 0)
					break;
			if (k == VGX_ARRAY_SIZE(kinds)) {
				vigil__error(err, VIGIL_EINVALID,
				    "unknown OSV event \"%.40s\"", key);
				return at(err, VIGIL_EINVALID,
				    "/ranges/%zu/events/%zu", ri, i);
			}
			if (!json_is_string(val)) {
				vigil__error(err, VIGIL_EINVALID,
				    "OSV event version must be a string");
				return at(err, VIGIL_EINVALID,
				    "/ranges/%zu/events/%zu/%s", ri, i, key);
			}
			ev[i].kind = (vigil_osv_event_kind)k;
			ev[i].version = json_string_value(val);
			ev[i].len = json_string_length(val);
		}
	}
	if ((rc = vigil_range_add_osv(r, ev, i, err)) < 0)
		return at(err, rc, "/ranges/%zu/events", ri);
	return 0;
}

int
vigil_range_parse_osv(vigil_range *r, const char *json, size_t len,
    vigil_error *err)
{
	json_error_t jerr;
	json_t *root, *pkg, *ranges, *versions, *rg, *v;
	const char *eco = NULL;
	const vigil_scheme *scheme;
	size_t i, nsemver = 0, neco = 0, nother = 0, used = 0;
	int rc = 0;

	vigil_range_init(r, NULL);
	if (len > 1024 * 1024)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "OSV affected entry is larger than 1 MiB");
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return vigil__error_at(err, VIGIL_EINVALID, (unsigned long)
		    jerr.line, (unsigned long)jerr.column, "%s", jerr.text);
	if (!json_is_object(root)) {
		rc = vigil__error(err, VIGIL_EINVALID,
		    "OSV affected entry is not a JSON object");
		goto done;
	}
	pkg = json_object_get(root, "package");
	if (pkg != NULL && !json_is_object(pkg)) {
		rc = vigil__error_ptr(err, VIGIL_EINVALID, "/package",
		    "\"package\" is not an object");
		goto done;
	}
	if (pkg != NULL && json_object_get(pkg, "ecosystem") != NULL) {
		if ((eco = json_string_value(json_object_get(pkg,
		    "ecosystem"))) == NULL) {
			rc = vigil__error_ptr(err, VIGIL_EINVALID,
			    "/package/ecosystem", "ecosystem is not a string");
			goto done;
		}
	}
	ranges = json_object_get(root, "ranges");
	versions = json_object_get(root, "versions");
	if ((ranges != NULL && !json_is_array(ranges)) ||
	    (versions != NULL && !json_is_array(versions))) {
		rc = vigil__error_ptr(err, VIGIL_EINVALID,
		    ranges != NULL && !json_is_array(ranges) ? "/ranges" :
		    "/versions", "must be an array");
		goto done;
	}
	json_array_foreach(ranges, i, rg) {
		const char *type = json_string_value(json_object_get(rg,
		    "type"));

		if (type == NULL) {
			vigil__error(err, VIGIL_EINVALID,
			    "OSV range has no \"type\"");
			rc = at(err, VIGIL_EINVALID, "/ranges/%zu", i);
			goto done;
		}
		if (strcmp(type, "SEMVER") == 0)
			nsemver++;
		else if (strcmp(type, "ECOSYSTEM") == 0)
			neco++;
		else
			nother++;
	}
	/* SEMVER ranges are ordered by SemVer 2.0 whatever the ecosystem. */
	if (nsemver > 0 && neco == 0 && json_array_size(versions) == 0)
		scheme = vigil_scheme_find("semver", 6);
	else
		scheme = eco != NULL ? vigil_scheme_find(eco, strlen(eco)) :
		    NULL;
	if (scheme == NULL && (nsemver + neco > 0 ||
	    json_array_size(versions) > 0)) {
		rc = vigil__error_ptr(err, VIGIL_EUNSUPPORTED,
		    "/package/ecosystem", "no version scheme for ecosystem "
		    "\"%.60s\"", eco != NULL ? eco : nsemver > 0 ? "SEMVER" :
		    "(none)");
		goto done;
	}
	vigil_range_init(r, scheme);
	json_array_foreach(ranges, i, rg) {
		const char *type = json_string_value(json_object_get(rg,
		    "type"));

		if (strcmp(type, "SEMVER") != 0 &&
		    strcmp(type, "ECOSYSTEM") != 0) {
			r->nskipped++;	/* GIT: commits, not versions */
			continue;
		}
		if ((rc = osv_events(r, json_object_get(rg, "events"), i,
		    err)) < 0)
			goto done;
		used++;
	}
	json_array_foreach(versions, i, v) {
		if (!json_is_string(v)) {
			vigil__error(err, VIGIL_EINVALID,
			    "version is not a string");
			rc = at(err, VIGIL_EINVALID, "/versions/%zu", i);
			goto done;
		}
		/*
		 * osv.dev lists every release of the package, including
		 * ones the scheme cannot order ("0.7.1.fix1" on PyPI).  Such
		 * a version can never be asked about (contains() rejects
		 * it), so it is left out and counted, not fatal.
		 */
		if (check_version(r->scheme, json_string_value(v),
		    json_string_length(v), NULL) < 0) {
			r->ninvalid++;
			continue;
		}
		if ((rc = vigil_range_add_version(r, json_string_value(v),
		    json_string_length(v), err)) < 0) {
			rc = at(err, rc, "/versions/%zu", i);
			goto done;
		}
		used++;
	}
	if (used == 0 && nother > 0)
		rc = vigil__error_ptr(err, VIGIL_EUNSUPPORTED, "/ranges",
		    "only GIT (commit) ranges, which vigil does not evaluate; "
		    "no version is known to be affected or not");
done:
	json_decref(root);
	return rc;
}

/* ---- NVD ------------------------------------------------------------- */

/*
 * Whether a cpeMatch field is there.  Real NVD records hold bounds of "-"
 * (versionStartIncluding "-" in CVE-2023-...): NVD's "not applicable",
 * which for a bound can only mean "no bound".
 */
static bool
given(const char *s)
{
	return s != NULL && *s != '\0' && strcmp(s, "-") != 0 &&
	    strcmp(s, "*") != 0;
}

int
vigil_range_add_nvd(vigil_range *r, const vigil_nvd_match *m,
    vigil_error *err)
{
	const char *v = m->version != NULL && *m->version != '\0' ?
	    m->version : "*";
	const char *lo, *hi;

	if (given(m->start_including) && given(m->start_excluding))
		return vigil__error(err, VIGIL_EINVALID, "cpeMatch has both "
		    "versionStartIncluding and versionStartExcluding");
	if (given(m->end_including) && given(m->end_excluding))
		return vigil__error(err, VIGIL_EINVALID, "cpeMatch has both "
		    "versionEndIncluding and versionEndExcluding");
	lo = given(m->start_including) ? m->start_including :
	    given(m->start_excluding) ? m->start_excluding : NULL;
	hi = given(m->end_including) ? m->end_including :
	    given(m->end_excluding) ? m->end_excluding : NULL;
	if (lo != NULL || hi != NULL) {
		if (strcmp(v, "*") != 0)
			return vigil__error(err, VIGIL_EINVALID, "cpeMatch has "
			    "version bounds and the exact version \"%.60s\"",
			    v);
		return vigil_range_add(r, lo, lo ? strlen(lo) : 0,
		    given(m->start_including), hi, hi ? strlen(hi) : 0,
		    given(m->end_including), err);
	}
	if (strcmp(v, "*") == 0)
		return vigil_range_add(r, NULL, 0, false, NULL, 0, false, err);
	if (strcmp(v, "-") == 0)
		return vigil__error(err, VIGIL_EUNSUPPORTED, "CPE version '-' "
		    "(not applicable) has no version to compare");
	return vigil_range_add_version(r, v, strlen(v), err);
}
