/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RubyGems versions, as Gem::Version (RubyGems 3): a version matches
 *
 *	\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z
 *
 * (blank means "0"); each "-" reads as ".pre.".  The segments are the runs
 * of digits (numbers of any size) and of letters; trailing zeros are
 * dropped from the leading numeric segments and from the rest (the
 * canonical segments).  Segments compare pairwise, a missing one as 0: a
 * string is below a number, strings compare bytewise (case matters), so
 * letters make a prerelease ("1.0.a" < "1.0").
 */
#include <string.h>

#include "langint.h"

#define GEM_MAX (2 * VIGIL_VERSION_MAX_LEN + 2)

struct gseg {
	const char *p;
	uint16_t n;
	uint8_t num;
};

struct gemver {
	struct gseg seg[GEM_MAX];
	uint16_t canon[GEM_MAX];	/* indices of the canonical segments */
	size_t nseg, ncanon;
};

static bool
rb_space(int c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0;
}

static bool
gem_ok(const char *p, size_t n)
{
	size_t i = 0, k;

	if (n == 0)
		return true;
	if (!vgx_isdigit((unsigned char)p[0]))
		return false;
	while (i < n && vgx_isdigit((unsigned char)p[i]))
		i++;
	while (i < n && p[i] == '.') {
		k = ++i;
		while (i < n && vgx_isalnum((unsigned char)p[i]))
			i++;
		if (i == k)
			return false;
	}
	if (i == n)
		return true;
	if (p[i] != '-')
		return false;
	i++;
	for (;;) {
		k = i;
		while (i < n && (vgx_isalnum((unsigned char)p[i]) ||
		    p[i] == '-'))
			i++;
		if (i == k)
			return false;
		if (i == n)
			return true;
		if (p[i] != '.')
			return false;
		i++;
	}
}

static void
add_seg(struct gemver *v, const char *p, size_t n, bool num)
{
	v->seg[v->nseg].p = p;
	v->seg[v->nseg].n = (uint16_t)n;
	v->seg[v->nseg].num = num;
	v->nseg++;
}

static bool
seg_zero(const struct gseg *s)
{
	size_t i;

	if (!s->num)
		return false;
	for (i = 0; i < s->n; i++)
		if (s->p[i] != '0')
			return false;
	return true;
}

static int
gem_parse(struct gemver *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	const char *p = s, *end = s + len;
	size_t i, fs, last;

	while (p < end && rb_space((unsigned char)*p))
		p++;
	while (end > p && rb_space((unsigned char)end[-1]))
		end--;
	if (!gem_ok(p, (size_t)(end - p)))
		return vigil__error(err, VIGIL_EINVALID,
		    "%sgem version \"%.*s\" is malformed (Gem::Version)", which,
		    (int)len, s);
	v->nseg = v->ncanon = 0;
	if (p == end) {
		add_seg(v, "0", 1, true);	/* blank is "0" */
	}
	while (p < end) {
		const char *st = p;

		if (*p == '-') {
			add_seg(v, "pre", 3, false);
			p++;
		} else if (vgx_isdigit((unsigned char)*p)) {
			while (p < end && vgx_isdigit((unsigned char)*p))
				p++;
			add_seg(v, st, (size_t)(p - st), true);
		} else if (vgx_isalpha((unsigned char)*p)) {
			while (p < end && vgx_isalpha((unsigned char)*p))
				p++;
			add_seg(v, st, (size_t)(p - st), false);
		} else {
			p++;
		}
	}
	/* canonical_segments: trailing zeros off each half */
	for (fs = 0; fs < v->nseg && v->seg[fs].num; fs++)
		;
	for (last = fs; last > 0 && seg_zero(&v->seg[last - 1]); last--)
		;
	for (i = 0; i < last; i++)
		v->canon[v->ncanon++] = (uint16_t)i;
	for (last = v->nseg; last > fs && seg_zero(&v->seg[last - 1]); last--)
		;
	for (i = fs; i < last; i++)
		v->canon[v->ncanon++] = (uint16_t)i;
	return 0;
}

static int
gem_cmp(const struct gemver *a, const struct gemver *b)
{
	static const struct gseg zero = { "0", 1, 1 };
	size_t i, n = a->ncanon > b->ncanon ? a->ncanon : b->ncanon;

	for (i = 0; i < n; i++) {
		const struct gseg *x = i < a->ncanon ? &a->seg[a->canon[i]] :
		    &zero;
		const struct gseg *y = i < b->ncanon ? &b->seg[b->canon[i]] :
		    &zero;
		int c;

		if (x->num && y->num)
			c = vigil__vl_numcmp(x->p, x->n, y->p, y->n);
		else if (x->num || y->num)
			c = x->num ? 1 : -1;
		else
			c = vigil__vl_bytecmp(x->p, x->n, y->p, y->n);
		if (c != 0)
			return c;
	}
	return 0;
}

static int
gem_validate(const char *v, size_t len, vigil_error *err)
{
	struct gemver x;

	return gem_parse(&x, v, len, "", err);
}

static int
gem_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct gemver x, y;
	int rc;

	if ((rc = gem_parse(&x, a, alen, "first ", err)) < 0 ||
	    (rc = gem_parse(&y, b, blen, "second ", err)) < 0)
		return rc;
	*out = gem_cmp(&x, &y);
	return 0;
}

static const char *const gem_aliases[] = { "rubygems", "ruby", NULL };
static const char *const gem_ecosystems[] = { "RubyGems", NULL };

const struct vigil_scheme vigil__scheme_gem = {
	"gem", gem_aliases, gem_ecosystems, gem_validate, gem_compare
};
