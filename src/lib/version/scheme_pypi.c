/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Python package versions (PEP 440), parsed and ordered exactly as
 * packaging.version.Version (packaging 22 and later, which no longer has
 * LegacyVersion):
 *
 *	v? [N!] N(.N)* [{a|b|c|rc|alpha|beta|pre|preview}N] [.postN | -N]
 *	    [.devN] [+local]
 *
 * with the alternative spellings PEP 440 section "Normalization" allows
 * (case, "-", "_" and "." separators or none, implicit numbers, "rev"/"r"
 * for post, "c"/"pre"/"preview" for rc, a leading "v", surrounding
 * whitespace).  The matcher tries the alternatives in the order the
 * regular expression in packaging/version.py does, so the same string
 * yields the same parts.  Ordering follows packaging's _cmpkey: epoch,
 * release without trailing zeros, pre (a dev release without pre or post
 * sorts before every pre-release), post, dev, then the local label
 * (numeric segments above alphanumeric ones).  Integers have any size.
 */
#include <string.h>

#include "langint.h"

struct span {
	const char *p;
	size_t n;
};

struct pep {
	struct span epoch;	/* n == 0: epoch 0 */
	struct span release;	/* N(.N)* */
	int pre;		/* 0 none, 1 a, 2 b, 3 rc */
	struct span pre_n;	/* n == 0: implicit 0 */
	bool post;
	struct span post_n;
	bool dev;
	struct span dev_n;
	struct span local;	/* n == 0: none */
};

struct pctx {
	const char *s;
	size_t end;
	struct pep *v;
};

static bool
is_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Case-insensitive match of the lowercase word W at S[I]. */
static size_t
word_at(const struct pctx *c, size_t i, const char *w)
{
	size_t n = strlen(w), k;

	if (c->end - i < n)
		return 0;
	for (k = 0; k < n; k++)
		if (vgx_tolower((unsigned char)c->s[i + k]) != w[k])
			return 0;
	return n;
}

static size_t
digits_at(const struct pctx *c, size_t i)
{
	size_t k = i;

	while (k < c->end && vgx_isdigit((unsigned char)c->s[k]))
		k++;
	return k - i;
}

/* (?:\+[a-z0-9]+(?:[-_\.][a-z0-9]+)*)?$ from I */
static bool
m_local(struct pctx *c, size_t i)
{
	size_t k, run = 0;

	c->v->local.p = NULL;
	c->v->local.n = 0;
	if (i == c->end)
		return true;
	if (c->s[i] != '+')
		return false;
	for (k = i + 1; k < c->end; k++) {
		int ch = (unsigned char)c->s[k];

		if (is_sep(ch)) {
			if (run == 0)
				return false;
			run = 0;
		} else if (vgx_isalnum(ch)) {
			run++;
		} else {
			return false;
		}
	}
	if (run == 0)
		return false;
	c->v->local.p = c->s + i + 1;
	c->v->local.n = c->end - i - 1;
	return true;
}

/*
 * One "[-_\.]?(LABEL)[-_\.]?([0-9]+)?" group at I, trying the LABELS in
 * order and each optional separator taken first; NEXT continues the match.
 * On success *CODE is the index of the label that matched.
 */
static bool
m_group(struct pctx *c, size_t i, const char *const *labels, int *code,
    struct span *num, bool (*next)(struct pctx *, size_t))
{
	int s1, s2, l;

	for (s1 = 1; s1 >= 0; s1--) {
		size_t j = i;

		if (s1) {
			if (j >= c->end || !is_sep((unsigned char)c->s[j]))
				continue;
			j++;
		}
		for (l = 0; labels[l] != NULL; l++) {
			size_t w = word_at(c, j, labels[l]);

			if (w == 0)
				continue;
			for (s2 = 1; s2 >= 0; s2--) {
				size_t k = j + w, d;

				if (s2) {
					if (k >= c->end ||
					    !is_sep((unsigned char)c->s[k]))
						continue;
					k++;
				}
				d = digits_at(c, k);
				num->p = c->s + k;
				num->n = d;
				*code = l;
				if (next(c, k + d))
					return true;
			}
		}
	}
	return false;
}

static bool
m_dev(struct pctx *c, size_t i)
{
	static const char *const labels[] = { "dev", NULL };
	int code;

	if (m_group(c, i, labels, &code, &c->v->dev_n, m_local)) {
		c->v->dev = true;
		return true;
	}
	c->v->dev = false;
	c->v->dev_n.n = 0;
	return m_local(c, i);
}

static bool
m_post(struct pctx *c, size_t i)
{
	static const char *const labels[] = { "post", "rev", "r", NULL };
	int code;
	size_t d;

	/* -N: the implicit post release */
	if (i < c->end && c->s[i] == '-' && (d = digits_at(c, i + 1)) > 0) {
		c->v->post_n.p = c->s + i + 1;
		c->v->post_n.n = d;
		c->v->post = true;
		if (m_dev(c, i + 1 + d))
			return true;
	}
	if (m_group(c, i, labels, &code, &c->v->post_n, m_dev)) {
		c->v->post = true;
		return true;
	}
	c->v->post = false;
	c->v->post_n.n = 0;
	return m_dev(c, i);
}

static bool
m_pre(struct pctx *c, size_t i)
{
	/* the order of packaging 23's pattern; the code is the spelling */
	static const char *const labels[] = { "a", "b", "c", "rc", "alpha",
	    "beta", "pre", "preview", NULL };
	static const int norm[] = { 1, 2, 3, 3, 1, 2, 3, 3 };
	int code;

	if (m_group(c, i, labels, &code, &c->v->pre_n, m_post)) {
		c->v->pre = norm[code];
		return true;
	}
	c->v->pre = 0;
	c->v->pre_n.n = 0;
	return m_post(c, i);
}

/* Python's str.isspace() for the characters that can reach us (UTF-8). */
static size_t
py_space(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = (size_t)(end - p);

	if (n >= 1 && (u[0] == ' ' || (u[0] >= 0x09 && u[0] <= 0x0d) ||
	    (u[0] >= 0x1c && u[0] <= 0x1f)))
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

static int
pep_parse(struct pep *v, const char *s, size_t len, const char *which,
    vigil_error *err)
{
	struct pctx c;
	const char *p = s, *end = s + len;
	size_t n, i, d;

	memset(v, 0, sizeof(*v));
	while (p < end && (n = py_space(p, end)) > 0)
		p += n;
	for (;;) {
		size_t k;

		for (k = 1; k <= 3 && k <= (size_t)(end - p); k++)
			if (py_space(end - k, end) == k)
				break;
		if (k > 3 || k > (size_t)(end - p))
			break;
		end -= k;
	}
	c.s = p;
	c.end = (size_t)(end - p);
	c.v = v;
	i = 0;
	if (i < c.end && (p[i] == 'v' || p[i] == 'V'))
		i++;
	d = digits_at(&c, i);
	if (d > 0 && i + d < c.end && p[i + d] == '!') {
		v->epoch.p = p + i;
		v->epoch.n = d;
		i += d + 1;
	}
	v->release.p = p + i;
	if ((d = digits_at(&c, i)) == 0)
		goto bad;
	i += d;
	while (i + 1 < c.end && p[i] == '.' && (d = digits_at(&c, i + 1)) > 0)
		i += 1 + d;
	v->release.n = (size_t)(p + i - v->release.p);
	if (!m_pre(&c, i))
		goto bad;
	return 0;
bad:
	return vigil__error(err, VIGIL_EINVALID,
	    "%spypi version \"%.*s\" is not a valid PEP 440 version", which,
	    (int)len, s);
}

/* Next dot-separated number of the release at *I; false at the end. */
static bool
next_num(const struct span *r, size_t *i, struct span *out)
{
	size_t k = *i;

	if (k >= r->n)
		return false;
	out->p = r->p + k;
	while (k < r->n && r->p[k] != '.')
		k++;
	out->n = (size_t)(r->p + k - out->p);
	*i = k < r->n ? k + 1 : k;
	return true;
}

/* The release without its trailing zeros, as a length. */
static size_t
release_trimmed(const struct span *r)
{
	size_t last = 0, i = 0;
	struct span x;

	while (next_num(r, &i, &x))
		if (vigil__vl_numcmp(x.p, x.n, "0", 1) != 0)
			last = (size_t)(x.p + x.n - r->p);
	return last;
}

static int
release_cmp(const struct span *a, const struct span *b)
{
	struct span ta = { a->p, release_trimmed(a) };
	struct span tb = { b->p, release_trimmed(b) };
	struct span x, y;
	size_t i = 0, j = 0;
	int c;

	for (;;) {
		bool hx = next_num(&ta, &i, &x), hy = next_num(&tb, &j, &y);

		if (!hx || !hy)
			return hx == hy ? 0 : hx ? 1 : -1;
		if ((c = vigil__vl_numcmp(x.p, x.n, y.p, y.n)) != 0)
			return c;
	}
}

/* Next local segment at *I (separators - _ .). */
static bool
next_local(const struct span *l, size_t *i, struct span *out)
{
	size_t k = *i;

	if (k >= l->n)
		return false;
	out->p = l->p + k;
	while (k < l->n && !is_sep((unsigned char)l->p[k]))
		k++;
	out->n = (size_t)(l->p + k - out->p);
	*i = k < l->n ? k + 1 : k;
	return true;
}

static int
local_cmp(const struct span *a, const struct span *b)
{
	struct span x, y;
	size_t i = 0, j = 0, k;

	/* no local label sorts first */
	if (a->n == 0 || b->n == 0)
		return a->n == b->n ? 0 : a->n == 0 ? -1 : 1;
	for (;;) {
		bool hx = next_local(a, &i, &x), hy = next_local(b, &j, &y);
		bool nx, ny;
		int c = 0;

		if (!hx || !hy)
			return hx == hy ? 0 : hx ? 1 : -1;
		nx = vigil__vl_alldigits(x.p, x.n);
		ny = vigil__vl_alldigits(y.p, y.n);
		if (nx && ny) {
			c = vigil__vl_numcmp(x.p, x.n, y.p, y.n);
		} else if (nx || ny) {
			c = nx ? 1 : -1;
		} else {
			for (k = 0; k < x.n && k < y.n && c == 0; k++)
				c = vgx_tolower((unsigned char)x.p[k]) -
				    vgx_tolower((unsigned char)y.p[k]);
			if (c == 0)
				c = x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
		}
		if (c != 0)
			return VL_SIGN(c);
	}
}

/* packaging's _cmpkey pre element: -1 = -Infinity, 1 = +Infinity. */
static int
pre_key(const struct pep *v)
{
	if (v->pre == 0 && !v->post && v->dev)
		return -1;
	return v->pre == 0 ? 1 : 0;
}

static int
pep_cmp(const struct pep *a, const struct pep *b)
{
	int c, ka, kb;

	if ((c = vigil__vl_numcmp(a->epoch.p, a->epoch.n, b->epoch.p,
	    b->epoch.n)) != 0)
		return c;
	if ((c = release_cmp(&a->release, &b->release)) != 0)
		return c;
	ka = pre_key(a);
	kb = pre_key(b);
	if (ka != kb || ka != 0) {
		if (ka != kb)
			return ka < kb ? -1 : 1;
	} else {
		if (a->pre != b->pre)
			return a->pre < b->pre ? -1 : 1;
		if ((c = vigil__vl_numcmp(a->pre_n.p, a->pre_n.n, b->pre_n.p,
		    b->pre_n.n)) != 0)
			return c;
	}
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (c = vigil__vl_numcmp(a->post_n.p, a->post_n.n,
	    b->post_n.p, b->post_n.n)) != 0)
		return c;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (c = vigil__vl_numcmp(a->dev_n.p, a->dev_n.n,
	    b->dev_n.p, b->dev_n.n)) != 0)
		return c;
	return local_cmp(&a->local, &b->local);
}

static int
pypi_validate(const char *v, size_t len, vigil_error *err)
{
	struct pep x;

	return pep_parse(&x, v, len, "", err);
}

static int
pypi_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct pep x, y;
	int rc;

	if ((rc = pep_parse(&x, a, alen, "first ", err)) < 0 ||
	    (rc = pep_parse(&y, b, blen, "second ", err)) < 0)
		return rc;
	*out = pep_cmp(&x, &y);
	return 0;
}

static const char *const pypi_aliases[] = { "python", "pip", "pep440",
    NULL };
static const char *const pypi_ecosystems[] = { "PyPI", NULL };

const struct vigil_scheme vigil__scheme_pypi = {
	"pypi", pypi_aliases, pypi_ecosystems, pypi_validate, pypi_compare
};
