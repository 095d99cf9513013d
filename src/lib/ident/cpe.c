/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPE 2.3 names: unbinding the formatted string and the 2.2 URI into a
 * well-formed name (NISTIR 7695 §6.1.3, §6.2.3), binding it back to the
 * formatted string (§6.2.2), and name comparison (NISTIR 7696 §6).
 *
 * Each attribute is kept "unquoted": the literal text between its
 * wildcards, plus the wildcards as counts, so that comparison needs no
 * escape arithmetic:
 *
 *     FS "??c\+\+*"   ->  lead = 2, text = "c++", trail = -1 ('*')
 *     URI "%01c%2b%2b%02"  ->  lead = 1, text = "c++", trail = -1
 *
 * The formatted-string grammar is the one of the CPE 2.3 dictionary
 * schema (also CSAF's): a value is an optional leading '*' or run of
 * '?', at least one unreserved character [A-Za-z0-9._-] or quoted
 * punctuation ("\!" ... "\~", "\\", "\*", "\?"), and an optional
 * trailing '*' or run of '?'.
 *
 * A parsed name is one allocation: the struct, then its strings.  The
 * decoded texts are gathered in a fixed array first (a text is never
 * longer than its input), so vigil_cpe_validate() runs the same checks
 * without allocating.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/cpe.h"
#include "vgx.h"

#define NONE ((size_t)-1)

struct vigil_cpe {
	vigil_cpe_av av[VIGIL_CPE_NATTRS];
	const char *fs;
	char data[];		/* the strings av[].fs, av[].text and fs */
};

static const char *const attr_names[VIGIL_CPE_NATTRS] = {
	"part", "vendor", "product", "version", "update", "edition",
	"language", "sw_edition", "target_sw", "target_hw", "other",
};

/* Punctuation that may follow a backslash in a formatted string. */
static const char quotable[] = "\\*?!\"#$%&'()+,/:;<=>@[]^`{|}~";

const char *
vigil_cpe_attr_name(vigil_cpe_attr attr)
{
	if ((unsigned)attr >= VIGIL_CPE_NATTRS)
		return "?";
	return attr_names[attr];
}

/* ---- parse work --------------------------------------------------------- */

struct pav {
	vigil_cpe_kind kind;
	int lead, trail;
	size_t text;		/* offset in work.buf */
};

/* Texts: at most one byte per input byte, plus a NUL per attribute. */
#define WORK_MAX (2 * VIGIL_CPE_MAX_LEN)

struct wbuf {
	char ptr[WORK_MAX + 1];
	size_t len;
};

struct work {
	struct wbuf buf;	/* texts, NUL-terminated */
	struct pav av[VIGIL_CPE_NATTRS];
};

static int cerr(vigil_error *, size_t, const char *, ...) VIGIL_PRINTF(3, 4);

static int
cerr(vigil_error *err, size_t off, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (off == NONE)
		return vigil__error(err, VIGIL_EINVALID, "%s", msg);
	(void)vigil__error(err, VIGIL_EINVALID, "%s at offset %zu", msg, off);
	if (err != NULL)
		err->column = (unsigned long)off + 1;
	return VIGIL_EINVALID;
}

static int
add(struct work *w, const void *p, size_t n, vigil_error *err)
{
	if (n > WORK_MAX - w->buf.len)
		return vigil__error(err, VIGIL_ETOOBIG, "CPE name too long");
	memcpy(w->buf.ptr + w->buf.len, p, n);
	w->buf.len += n;
	w->buf.ptr[w->buf.len] = '\0';
	return 0;
}

/* One byte: the hot path of the attribute loops. */
static int
add1(struct work *w, char c, vigil_error *err)
{
	if (w->buf.len >= WORK_MAX)
		return vigil__error(err, VIGIL_ETOOBIG, "CPE name too long");
	w->buf.ptr[w->buf.len++] = c;
	w->buf.ptr[w->buf.len] = '\0';
	return 0;
}

static int
unreserved(int c)
{
	return vgx_isalnum(c) || c == '_' || c == '.' || c == '-';
}

/*
 * RFC 5646-style language tag as the CPE 2.3 schema restricts it:
 * 2 or 3 letters, optionally '-' and a 2-letter region or 3-digit area.
 */
static int
language_ok(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && vgx_isalpha((unsigned char)s[i]))
		i++;
	if (i < 2 || i > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i++] != '-')
		return 0;
	k = n - i;
	if (k == 2)
		return vgx_isalpha((unsigned char)s[i]) &&
		    vgx_isalpha((unsigned char)s[i + 1]);
	if (k == 3)
		return vgx_isdigit((unsigned char)s[i]) &&
		    vgx_isdigit((unsigned char)s[i + 1]) &&
		    vgx_isdigit((unsigned char)s[i + 2]);
	return 0;
}

/* Checks shared by both bindings once a value is decoded. */
static int
check_value(struct work *w, vigil_cpe_attr a, size_t base,
    vigil_error *err)
{
	struct pav *v = &w->av[a];
	const char *t = w->buf.ptr + v->text;

	if (v->kind != VIGIL_CPE_VALUE)
		return 0;
	if (a == VIGIL_CPE_PART) {
		if (v->lead != 0 || v->trail != 0 || strlen(t) != 1 ||
		    strchr("aho", vgx_tolower((unsigned char)t[0])) == NULL)
			return cerr(err, base,
			    "part must be 'a', 'o', 'h', '*' or '-'");
	}
	if (a == VIGIL_CPE_LANGUAGE &&
	    (v->lead != 0 || v->trail != 0 || !language_ok(t, strlen(t))))
		return cerr(err, base, "language '%.20s' is not a language "
		    "tag such as 'en' or 'en-us'", t);
	return 0;
}

/*
 * One formatted-string attribute (S, N) at input offset BASE (§6.2.3 and
 * the dictionary schema's grammar).
 */
static int
fs_value(struct work *w, vigil_cpe_attr a, const char *s, size_t n,
    size_t base, vigil_error *err)
{
	struct pav *v = &w->av[a];
	size_t i = 0, body, wild;
	int rc;

	v->lead = v->trail = 0;
	v->text = w->buf.len;
	if (n == 0)
		return cerr(err, base, "%s is empty (use '*' for ANY)",
		    attr_names[a]);
	if (n == 1 && s[0] == '*') {
		v->kind = VIGIL_CPE_ANY;
		return add(w, "", 1, err);
	}
	if (n == 1 && s[0] == '-') {
		v->kind = VIGIL_CPE_NA;
		return add(w, "", 1, err);
	}
	v->kind = VIGIL_CPE_VALUE;
	if (s[0] == '*') {
		v->lead = -1;
		i = 1;
	} else {
		while (i < n && s[i] == '?')
			i++;
		v->lead = (int)i;
	}
	for (body = i; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c)) {
			rc = add1(w, s[i], err);
			i++;
		} else if (c == '\\') {
			if (i + 1 == n || s[i + 1] == '\0' ||
			    strchr(quotable, s[i + 1]) == NULL)
				return cerr(err, base + i, "'\\' in %s must be "
				    "followed by a punctuation character other "
				    "than '.', '-' or '_'", attr_names[a]);
			rc = add1(w, s[i + 1], err);
			i += 2;
		} else {
			break;
		}
		if (rc < 0)
			return rc;
	}
	if (i == body) {
		if (i < n && s[i] != '*' && s[i] != '?')
			goto unquoted;
		return cerr(err, base + i, "%s has no text besides wildcards",
		    attr_names[a]);
	}
	wild = i;
	if (i < n && s[i] == '*') {
		v->trail = -1;
		i++;
	} else {
		while (i < n && s[i] == '?')
			i++;
		v->trail = (int)(i - wild);
	}
	if (i < n) {
		if (v->trail != 0)
			return cerr(err, base + wild, "wildcard '%c' inside %s: "
			    "only at the start or end", s[wild], attr_names[a]);
		goto unquoted;
	}
	if ((rc = add(w, "", 1, err)) < 0)
		return rc;
	return check_value(w, a, base, err);
unquoted:
	return cerr(err, base + i, "character '%c' in %s must be quoted with "
	    "'\\'", s[i], attr_names[a]);
}

static int
parse_fs(struct work *w, const char *s, size_t len, vigil_error *err)
{
	size_t p = 8;
	int a, rc;

	for (a = 0; a < VIGIL_CPE_NATTRS; a++) {
		size_t start = p;

		while (p < len && s[p] != ':') {
			if (s[p] == '\\' && p + 1 < len)
				p++;
			p++;
		}
		if (p > len)
			p = len;
		if (a < VIGIL_CPE_NATTRS - 1 && p == len)
			return cerr(err, p, "only %d of the 11 attributes of a "
			    "CPE 2.3 name", a + 1);
		if ((rc = fs_value(w, (vigil_cpe_attr)a, s + start, p - start,
		    start, err)) < 0)
			return rc;
		if (a < VIGIL_CPE_NATTRS - 1)
			p++;
	}
	if (p != len)
		return cerr(err, p, "more than 11 attributes in a CPE 2.3 "
		    "name");
	return 0;
}

/* The %xx forms a URI may use for punctuation (§6.1.3.2 decode). */
static int
uri_punct(int c)
{
	return c != '\0' && strchr("!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~", c) !=
	    NULL;
}

/*
 * One URI component (S, N) at offset BASE: lowercased, percent-decoded;
 * %01 ('?') and %02 ('*') only at the ends.
 */
static int
uri_value(struct work *w, vigil_cpe_attr a, const char *s, size_t n,
    size_t base, vigil_error *err)
{
	struct pav *v = &w->av[a];
	size_t i = 0, body = 0;
	int rc, tail = 0;

	v->lead = v->trail = 0;
	v->text = w->buf.len;
	v->kind = VIGIL_CPE_VALUE;
	if (n == 0 || (n == 1 && s[0] == '-')) {
		v->kind = n == 0 ? VIGIL_CPE_ANY : VIGIL_CPE_NA;
		return add(w, "", 1, err);
	}
	while (i < n) {
		int c = (unsigned char)s[i], hi, lo;

		if (c != '%') {
			char ch = (char)vgx_tolower(c);

			if (tail)
				goto inside;
			if ((rc = add1(w, ch, err)) < 0)
				return rc;
			body++;
			i++;
			continue;
		}
		if (n - i < 3 || (hi = vgx_hexval((unsigned char)s[i + 1])) < 0 ||
		    (lo = vgx_hexval((unsigned char)s[i + 2])) < 0)
			return cerr(err, base + i, "'%%' in %s is not followed "
			    "by two hex digits", attr_names[a]);
		c = hi * 16 + lo;
		if (c == 1 || c == 2) {
			if (body == 0 && !tail) {
				/* Leading wildcards: "%02" or a run of "%01". */
				if (v->lead == -1 || (c == 2 && v->lead > 0))
					goto inside;
				v->lead = c == 2 ? -1 : v->lead + 1;
			} else {
				if (v->trail == -1 || (c == 2 && v->trail > 0))
					goto inside;
				v->trail = c == 2 ? -1 : v->trail + 1;
				tail = 1;
			}
		} else if (uri_punct(c)) {
			char ch = (char)c;

			if (tail)
				goto inside;
			if ((rc = add1(w, ch, err)) < 0)
				return rc;
			body++;
		} else {
			return cerr(err, base + i, "%%%c%c is not a "
			    "percent-encoded punctuation character", s[i + 1],
			    s[i + 2]);
		}
		i += 3;
	}
	if ((rc = add(w, "", 1, err)) < 0)
		return rc;
	if (body == 0) {
		/* "%02" alone binds to "*", which is ANY. */
		if (v->lead == -1 && v->trail == 0) {
			v->kind = VIGIL_CPE_ANY;
			v->lead = 0;
			return 0;
		}
		return cerr(err, base, "%s has no text besides wildcards",
		    attr_names[a]);
	}
	return check_value(w, a, base, err);
inside:
	return cerr(err, base + i, "wildcard inside %s: only at the start or "
	    "end", attr_names[a]);
}

static int
parse_uri(struct work *w, const char *s, size_t len, vigil_error *err)
{
	static const vigil_cpe_attr packed[] = {
		VIGIL_CPE_EDITION, VIGIL_CPE_SW_EDITION, VIGIL_CPE_TARGET_SW,
		VIGIL_CPE_TARGET_HW, VIGIL_CPE_OTHER,
	};
	size_t p = 5, i;
	int comp, a, rc;

	for (i = 5; i < len; i++)
		if (!(vgx_isalnum((unsigned char)s[i]) || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-' || s[i] == '~' || s[i] == '%' ||
		    s[i] == ':'))
			return cerr(err, i, "character '%c' is not allowed in a "
			    "CPE 2.2 URI (percent-encode it)", s[i]);
	/* Attributes the URI does not reach stay ANY. */
	for (a = 0; a < VIGIL_CPE_NATTRS; a++) {
		w->av[a].kind = VIGIL_CPE_ANY;
		w->av[a].lead = w->av[a].trail = 0;
		w->av[a].text = w->buf.len;
	}
	if ((rc = add(w, "", 1, err)) < 0)
		return rc;
	for (comp = 0; p <= len; comp++) {
		size_t start = p, n;

		while (p < len && s[p] != ':')
			p++;
		n = p - start;
		if (comp == 7)
			return cerr(err, start, "more than 7 components in a "
			    "CPE 2.2 URI");
		if (comp == 5 && n > 0 && s[start] == '~') {
			/* Packed: ~edition~sw_edition~target_sw~target_hw~other */
			size_t q = start + 1;
			int k;

			for (k = 0; k < 5; k++) {
				size_t f = q;

				while (q < p && s[q] != '~')
					q++;
				if ((k < 4 && q == p) || (k == 4 && q != p))
					return cerr(err, start, "a packed edition "
					    "has exactly 5 fields after '~'");
				if ((rc = uri_value(w, packed[k], s + f, q - f,
				    f, err)) < 0)
					return rc;
				q++;
			}
		} else {
			a = comp == 6 ? VIGIL_CPE_LANGUAGE : comp;
			if ((rc = uri_value(w, (vigil_cpe_attr)a, s + start, n,
			    start, err)) < 0)
				return rc;
		}
		p++;
	}
	return 0;
}

/* ---- binding to the formatted string ------------------------------------ */

static int
bind_av(vgx_buf *b, const struct pav *v, const char *text)
{
	int i, rc = 0;

	if (v->kind == VIGIL_CPE_ANY)
		return vgx_buf_addc(b, '*');
	if (v->kind == VIGIL_CPE_NA)
		return vgx_buf_addc(b, '-');
	if (v->lead == -1)
		rc = vgx_buf_addc(b, '*');
	for (i = 0; rc == 0 && i < v->lead; i++)
		rc = vgx_buf_addc(b, '?');
	for (; rc == 0 && *text != '\0'; text++) {
		if (!unreserved((unsigned char)*text))
			rc = vgx_buf_addc(b, '\\');
		if (rc == 0)
			rc = vgx_buf_addc(b, *text);
	}
	if (rc == 0 && v->trail == -1)
		rc = vgx_buf_addc(b, '*');
	for (i = 0; rc == 0 && i < v->trail; i++)
		rc = vgx_buf_addc(b, '?');
	return rc;
}

static int
finish(vigil_cpe **out, struct work *w, vigil_error *err)
{
	vgx_buf fs, attrs;
	size_t fsoff[VIGIL_CPE_NATTRS], total;
	vigil_cpe *c;
	char *dst;
	int a, rc = 0;

	/*
	 * ATTRS holds each attribute's binding, NUL-terminated; FS the
	 * whole name.  Each binding at most doubles its text.
	 */
	vgx_buf_init(&fs, 4 * VIGIL_CPE_MAX_LEN);
	vgx_buf_init(&attrs, 4 * VIGIL_CPE_MAX_LEN);
	rc = vgx_buf_adds(&fs, "cpe:2.3");
	for (a = 0; rc == 0 && a < VIGIL_CPE_NATTRS; a++) {
		const char *text = w->buf.ptr + w->av[a].text;

		fsoff[a] = attrs.len;
		if ((rc = vgx_buf_addc(&fs, ':')) == 0 &&
		    (rc = bind_av(&fs, &w->av[a], text)) == 0 &&
		    (rc = bind_av(&attrs, &w->av[a], text)) == 0)
			rc = vgx_buf_addc(&attrs, '\0');
	}
	if (rc < 0) {
		vgx_buf_dispose(&fs);
		vgx_buf_dispose(&attrs);
		return rc == VIGIL_ENOMEM ? vigil__error_oom(err) :
		    vigil__error(err, rc, "CPE name too long");
	}
	total = sizeof(*c) + w->buf.len + attrs.len + fs.len + 1;
	if ((c = vgx_malloc(total)) == NULL) {
		vgx_buf_dispose(&fs);
		vgx_buf_dispose(&attrs);
		return vigil__error_oom(err);
	}
	dst = c->data;
	memcpy(dst, w->buf.ptr, w->buf.len);
	for (a = 0; a < VIGIL_CPE_NATTRS; a++) {
		c->av[a].kind = w->av[a].kind;
		c->av[a].lead = w->av[a].lead;
		c->av[a].trail = w->av[a].trail;
		c->av[a].text = dst + w->av[a].text;
	}
	dst += w->buf.len;
	memcpy(dst, attrs.ptr, attrs.len);
	for (a = 0; a < VIGIL_CPE_NATTRS; a++)
		c->av[a].fs = dst + fsoff[a];
	dst += attrs.len;
	memcpy(dst, fs.ptr, fs.len + 1);
	c->fs = dst;
	vgx_buf_dispose(&fs);
	vgx_buf_dispose(&attrs);
	*out = c;
	return 0;
}

/* Parse into W; OUT NULL: only validate. */
static int
parse(vigil_cpe **out, struct work *w, const char *s, size_t len,
    vigil_error *err)
{
	size_t i;
	int rc;

	if (len > VIGIL_CPE_MAX_LEN)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "CPE name is longer than %d bytes", VIGIL_CPE_MAX_LEN);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0)
			return cerr(err, i, "NUL byte in CPE name");
		if (c < 0x20 || c == 0x7f)
			return cerr(err, i, "control character (0x%02x) in CPE "
			    "name", c);
		if (c >= 0x80)
			return cerr(err, i, "non-ASCII byte in CPE name "
			    "(percent-encode or quote it)");
		if (c == ' ')
			return cerr(err, i, "space in CPE name");
	}
	w->buf.len = 0;
	w->buf.ptr[0] = '\0';
	if (len >= 8 && memcmp(s, "cpe:2.3:", 8) == 0) {
		rc = parse_fs(w, s, len, err);
	} else if (len >= 5 && s[0] == 'c' && vgx_tolower(s[1]) == 'p' &&
	    vgx_tolower(s[2]) == 'e' && s[3] == ':' && s[4] == '/') {
		rc = parse_uri(w, s, len, err);
	} else {
		rc = cerr(err, 0, "a CPE name starts with 'cpe:2.3:' or "
		    "'cpe:/'");
	}
	if (rc == 0 && out != NULL)
		rc = finish(out, w, err);
	return rc;
}

int
vigil_cpe_parse(vigil_cpe **out, const char *s, size_t len,
    vigil_error *err)
{
	struct work w;

	*out = NULL;
	return parse(out, &w, s, len, err);
}

int
vigil_cpe_validate(const char *s, size_t len, vigil_error *err)
{
	struct work w;

	return parse(NULL, &w, s, len, err);
}

const char *
vigil_cpe_fs(const vigil_cpe *cpe)
{
	return cpe->fs;
}

const vigil_cpe_av *
vigil_cpe_get(const vigil_cpe *cpe, vigil_cpe_attr attr)
{
	if ((unsigned)attr >= VIGIL_CPE_NATTRS)
		vigil__misuse("vigil_cpe_get: no such attribute");
	return &cpe->av[attr];
}

void
vigil_cpe_free(vigil_cpe *cpe)
{
	vgx_free(cpe);
}

/* ---- comparison (NISTIR 7696) ------------------------------------------- */

static int
ieq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vgx_tolower((unsigned char)a[i]) !=
		    vgx_tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/*
 * Whether the source pattern (LEAD, TEXT, TRAIL) matches the literal X
 * (§6.1.2 compare_strings): TEXT occurs in X with at most LEAD characters
 * before it and at most TRAIL after (-1: any number).
 */
static int
pattern_match(int lead, const char *text, int trail, const char *x)
{
	size_t m = strlen(text), n = strlen(x), i;

	if (m > n)
		return 0;
	for (i = 0; i + m <= n; i++) {
		if (lead != -1 && i > (size_t)lead)
			return 0;
		if (!ieq(x + i, text, m))
			continue;
		if (trail == -1 || n - i - m <= (size_t)trail)
			return 1;
	}
	return 0;
}

vigil_cpe_relation
vigil_cpe_compare_attr(const vigil_cpe *source, const vigil_cpe *target,
    vigil_cpe_attr attr)
{
	const vigil_cpe_av *s = vigil_cpe_get(source, attr);
	const vigil_cpe_av *t = vigil_cpe_get(target, attr);

	/* Table 6-2: wildcards in the target are not defined. */
	if (t->kind == VIGIL_CPE_VALUE && (t->lead != 0 || t->trail != 0))
		return VIGIL_CPE_UNDEFINED;
	if (s->kind != VIGIL_CPE_VALUE || t->kind != VIGIL_CPE_VALUE) {
		if (s->kind == t->kind)
			return VIGIL_CPE_EQUAL;
		if (s->kind == VIGIL_CPE_ANY)
			return VIGIL_CPE_SUPERSET;
		if (t->kind == VIGIL_CPE_ANY)
			return VIGIL_CPE_SUBSET;
		return VIGIL_CPE_DISJOINT;	/* NA against a value */
	}
	if (s->lead == 0 && s->trail == 0) {
		size_t n = strlen(s->text);

		return n == strlen(t->text) && ieq(s->text, t->text, n) ?
		    VIGIL_CPE_EQUAL : VIGIL_CPE_DISJOINT;
	}
	return pattern_match(s->lead, s->text, s->trail, t->text) ?
	    VIGIL_CPE_SUPERSET : VIGIL_CPE_DISJOINT;
}

vigil_cpe_relation
vigil_cpe_compare(const vigil_cpe *source, const vigil_cpe *target)
{
	int a, n[VIGIL_CPE_OVERLAP + 1] = {0};

	for (a = 0; a < VIGIL_CPE_NATTRS; a++)
		n[vigil_cpe_compare_attr(source, target, (vigil_cpe_attr)a)]++;
	if (n[VIGIL_CPE_DISJOINT] > 0)
		return VIGIL_CPE_DISJOINT;
	if (n[VIGIL_CPE_UNDEFINED] > 0)
		return VIGIL_CPE_UNDEFINED;
	if (n[VIGIL_CPE_EQUAL] == VIGIL_CPE_NATTRS)
		return VIGIL_CPE_EQUAL;
	if (n[VIGIL_CPE_SUPERSET] == 0)
		return VIGIL_CPE_SUBSET;
	if (n[VIGIL_CPE_SUBSET] == 0)
		return VIGIL_CPE_SUPERSET;
	return VIGIL_CPE_OVERLAP;
}

int
vigil_cpe_match(const vigil_cpe *source, const vigil_cpe *target)
{
	vigil_cpe_relation r = vigil_cpe_compare(source, target);

	return r == VIGIL_CPE_SUPERSET || r == VIGIL_CPE_EQUAL;
}

const char *
vigil_cpe_relation_name(vigil_cpe_relation rel)
{
	switch (rel) {
	case VIGIL_CPE_DISJOINT: return "disjoint";
	case VIGIL_CPE_SUBSET: return "subset";
	case VIGIL_CPE_SUPERSET: return "superset";
	case VIGIL_CPE_EQUAL: return "equal";
	case VIGIL_CPE_UNDEFINED: return "undefined";
	case VIGIL_CPE_OVERLAP: return "overlap";
	}
	return "?";
}
