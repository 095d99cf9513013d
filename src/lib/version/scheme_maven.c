/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Maven versions, ordered exactly as Maven's
 * org.apache.maven.artifact.versioning.ComparableVersion (maven-artifact
 * 3.9.9, and Debian's maven-artifact 3.8.7, which behaves the same;
 * https://maven.apache.org/pom.html#version-order-specification).  Every
 * string is a version.
 *
 * The version, lower-cased, is cut into items at ".", at "-" and where
 * digits and letters meet; "-" and a transition open a sub-list (letters
 * before digits open one first when the current list is not empty), and a
 * string at the end opens one when the current list is not empty, so a
 * trailing ".X" reads as "-X" (MNG-7644):
 *
 *	"1.0-alpha1"  ->  list0: 1 0 list1        (normalised: 1 list1)
 *	                  list1: alpha list2       (alpha followed by a digit)
 *	                  list2: 1
 *	"1.0.a"       ->  list0: 1 0 list1         (normalised: 1 list1)
 *	                  list1: a
 *
 * Each list then drops its trailing "null" items (0, "", ga, final,
 * release, empty lists), looking past non-empty sub-lists.  Items compare:
 * numbers by value (but with leading zeros stripped, one of 10-18 digits is
 * above any of 1-9 and one of 19 or more above both, as Int, Long and
 * BigInteger items are; an all-zero run keeps its length); qualifiers
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
 * release < sp < any other string (others in lexical order); a/b/m
 * directly followed by a digit mean alpha, beta, milestone; a number is
 * above a qualifier and a list; a list is above a qualifier.  A missing
 * item compares like Java's null (a list against null: each of its items
 * in turn, MNG-6964).
 *
 * Lower-casing is ASCII only and only ASCII digits are digits (Java's
 * toLowerCase and Character.isDigit also know non-ASCII ones).
 */
#include <string.h>

#include "langint.h"

#define MV_MAX (VIGIL_VERSION_MAX_LEN + 2)

enum { MV_NUM, MV_STR, MV_LIST, MV_NONE };

struct mv_item {
	const char *p;
	uint16_t n;
	uint8_t type;		/* MV_NUM or MV_STR */
	uint8_t fbd;		/* a string followed by a digit */
	uint8_t removed;	/* dropped by normalisation */
};

struct mv_list {
	uint16_t first;		/* its items are [first, first + count) */
	uint16_t count;
	uint8_t child;		/* list index + 1 is its last element */
};

struct mv {
	struct mv_item item[MV_MAX];
	struct mv_list list[MV_MAX];
	size_t nitems, nlists, cur;
};

/* An element of a list: an item, a sub-list, or nothing (Java's null). */
struct mv_ref {
	int type;
	size_t i;
};

static void
add_item(struct mv *v, const char *p, size_t n, int type, bool fbd)
{
	struct mv_item *it = &v->item[v->nitems++];

	it->p = p;
	it->n = (uint16_t)n;
	it->type = (uint8_t)type;
	it->fbd = fbd;
	it->removed = 0;
	v->list[v->cur].count++;
}

static void
new_list(struct mv *v)
{
	struct mv_list *l = &v->list[v->nlists];

	l->first = (uint16_t)v->nitems;
	l->count = 0;
	l->child = 0;
	v->list[v->cur].child = 1;
	v->cur = v->nlists++;
}

static bool
all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '0')
			return false;
	return true;
}

/*
 * The item class that holds a number: 0 IntItem (up to 9 digits after
 * stripLeadingZeroes), 1 LongItem (up to 18), 2 BigIntegerItem.  An
 * all-zero run keeps its length, as stripLeadingZeroes leaves it whole.
 */
static int
num_class(const char *p, size_t n)
{
	size_t k = 0;

	if (!all_zero(p, n))
		while (k < n && p[k] == '0')
			k++;
	return n - k <= 9 ? 0 : n - k <= 18 ? 1 : 2;
}

static int
num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int ca = num_class(a, an), cb = num_class(b, bn);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	return vigil__vl_numcmp(a, an, b, bn);
}

/*
 * The qualifier's rank: 0 alpha, 1 beta, 2 milestone, 3 rc (cr), 4
 * snapshot, 5 "" ga final release, 6 sp, 7 anything else (then compared as
 * a string).
 */
static int
qual_rank(const struct mv_item *it)
{
	static const char *const q[] = { "alpha", "beta", "milestone", "rc",
	    "snapshot", "", "sp" };
	size_t k;

	if (it->fbd && it->n == 1) {
		switch (vgx_tolower((unsigned char)it->p[0])) {
		case 'a':
			return 0;
		case 'b':
			return 1;
		case 'm':
			return 2;
		default:
			break;
		}
	}
	if (vgx_strieq(it->p, it->n, "ga") || vgx_strieq(it->p, it->n, "final") ||
	    vgx_strieq(it->p, it->n, "release"))
		return 5;
	if (vgx_strieq(it->p, it->n, "cr"))
		return 3;
	for (k = 0; k < VGX_ARRAY_SIZE(q); k++)
		if (vgx_strieq(it->p, it->n, q[k]))
			return (int)k;
	return 7;
}

static bool
item_null(const struct mv_item *it)
{
	return it->type == MV_NUM ? all_zero(it->p, it->n) :
	    qual_rank(it) == 5;
}

static bool
list_empty(const struct mv *v, size_t j)
{
	const struct mv_list *l = &v->list[j];
	size_t k;

	if (l->child)
		return false;
	for (k = l->first; k < (size_t)l->first + l->count; k++)
		if (!v->item[k].removed)
			return false;
	return true;
}

static void
mv_parse(struct mv *v, const char *s, size_t len)
{
	size_t i, start = 0, j;
	bool digit = false;

	v->nitems = 0;
	v->nlists = 1;
	v->cur = 0;
	memset(&v->list[0], 0, sizeof(v->list[0]));
	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '.' || c == '-') {
			if (i == start)
				add_item(v, "0", 1, MV_NUM, false);
			else
				add_item(v, s + start, i - start,
				    digit ? MV_NUM : MV_STR, false);
			start = i + 1;
			if (c == '-')
				new_list(v);
		} else if (vgx_isdigit(c)) {
			if (!digit && i > start) {
				if (v->list[v->cur].count > 0)
					new_list(v);
				add_item(v, s + start, i - start, MV_STR,
				    true);
				start = i;
				new_list(v);
			}
			digit = true;
		} else {
			if (digit && i > start) {
				add_item(v, s + start, i - start, MV_NUM,
				    false);
				start = i;
				new_list(v);
			}
			digit = false;
		}
	}
	if (len > start) {
		/* 1.0.0.X1 < 1.0.0-X2: a string at the end opens a list */
		if (!digit && v->list[v->cur].count > 0)
			new_list(v);
		add_item(v, s + start, len - start, digit ? MV_NUM : MV_STR,
		    false);
	}
	/* ListItem.normalize(), innermost list first */
	for (j = v->nlists; j-- > 0;) {
		struct mv_list *l = &v->list[j];
		size_t k;

		if (l->child && list_empty(v, j + 1))
			l->child = 0;
		for (k = (size_t)l->first + l->count; k-- > l->first;) {
			if (!item_null(&v->item[k]))
				break;
			v->item[k].removed = 1;
		}
	}
}

/* The element after position *POS of list J (items, then the sub-list). */
static struct mv_ref
next_elem(const struct mv *v, size_t j, size_t *pos)
{
	const struct mv_list *l = &v->list[j];
	struct mv_ref r = { MV_NONE, 0 };

	while (*pos < l->count) {
		size_t k = (size_t)l->first + (*pos)++;

		if (!v->item[k].removed) {
			r.type = v->item[k].type;
			r.i = k;
			return r;
		}
	}
	if (*pos == l->count && l->child) {
		(*pos)++;
		r.type = MV_LIST;
		r.i = j + 1;
	}
	return r;
}

static int qual_cmp(const struct mv_item *, const struct mv_item *);

/* Item.compareTo: A is never MV_NONE; B may be. */
static int
elem_cmp(const struct mv *va, struct mv_ref a, const struct mv *vb,
    struct mv_ref b)
{
	const struct mv_item *x = &va->item[a.i];

	switch (a.type) {
	case MV_NUM:
		if (b.type == MV_NONE)
			return all_zero(x->p, x->n) ? 0 : 1;
		if (b.type == MV_NUM)
			return num_cmp(x->p, x->n, vb->item[b.i].p,
			    vb->item[b.i].n);
		return 1;
	case MV_STR:
		if (b.type == MV_NONE) {
			int r = qual_rank(x);

			return r < 5 ? -1 : r > 5 ? 1 : 0;
		}
		if (b.type == MV_STR)
			return qual_cmp(x, &vb->item[b.i]);
		return -1;
	default: {
		size_t pa = 0, pb = 0;

		if (b.type == MV_NONE) {
			/* every item against null (MNG-6964) */
			for (;;) {
				struct mv_ref f = next_elem(va, a.i, &pa);
				int c;

				if (f.type == MV_NONE)
					return 0;
				if ((c = elem_cmp(va, f, vb, b)) != 0)
					return c;
			}
		}
		if (b.type == MV_NUM)
			return -1;
		if (b.type == MV_STR)
			return 1;
		for (;;) {
			struct mv_ref l = next_elem(va, a.i, &pa);
			struct mv_ref r = next_elem(vb, b.i, &pb);
			int c;

			if (l.type == MV_NONE && r.type == MV_NONE)
				return 0;
			if (l.type == MV_NONE)
				c = -elem_cmp(vb, r, va, l);
			else
				c = elem_cmp(va, l, vb, r);
			if (c != 0)
				return c;
		}
	}
	}
}

static int
qual_cmp(const struct mv_item *x, const struct mv_item *y)
{
	int rx = qual_rank(x), ry = qual_rank(y);
	size_t k;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx != 7)
		return 0;
	for (k = 0; k < x->n && k < y->n; k++) {
		int c = vgx_tolower((unsigned char)x->p[k]) -
		    vgx_tolower((unsigned char)y->p[k]);

		if (c != 0)
			return VL_SIGN(c);
	}
	return x->n == y->n ? 0 : x->n < y->n ? -1 : 1;
}

static int
maven_validate(const char *v, size_t len, vigil_error *err)
{
	(void)v;
	(void)len;
	(void)err;
	return 0;		/* ComparableVersion accepts every string */
}

static int
maven_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct mv x, y;
	struct mv_ref ra = { MV_LIST, 0 }, rb = { MV_LIST, 0 };

	(void)err;
	/* list index 0 is the root; elem_cmp reads lists through MV_LIST */
	mv_parse(&x, a, alen);
	mv_parse(&y, b, blen);
	*out = elem_cmp(&x, ra, &y, rb);
	return 0;
}

static const char *const maven_aliases[] = { "java", "gradle", NULL };
static const char *const maven_ecosystems[] = { "Maven", NULL };

const struct vigil_scheme vigil__scheme_maven = {
	"maven", maven_aliases, maven_ecosystems, maven_validate,
	maven_compare
};
