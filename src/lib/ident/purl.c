/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Package URL: parsing, building and the canonical form (ECMA-427 clause
 * 5, "how to parse", and the registered type definitions).
 *
 * Parsing and building meet in one place.  Both fill a `struct work`
 * with decoded components (each a NUL-terminated string in one scratch
 * buffer, addressed by offset because the buffer may move), then
 * finish() applies the type rules, sorts the qualifiers, writes the
 * canonical string and copies everything into a single allocation:
 *
 *     [vigil_purl][qualifier array][decoded strings ...][canonical]
 *
 * so a purl is one malloc and one free.  The work area is a fixed array
 * (decoded components never outgrow it), so vigil_purl_validate() runs
 * the same code without allocating at all: it stops before the copy and
 * only measures the canonical form.
 *
 * The split of a purl string works from the right, as the specification
 * says, with one refinement: the '@' before the version is searched only
 * in the last path segment, so that "pkg:npm/@babel/core" has the
 * namespace "@babel" and no version, and "pkg:swift/a/b/@1.0" has an
 * empty name (an error) rather than the name "b".
 *
 *     pkg:type/ns1/ns2/name@version?k=v&k2=v2#sub/path
 *         |    |       |    |       |         +- subpath: after the last '#'
 *         |    |       |    |       +- qualifiers: after the last '?'
 *         |    |       |    +- version: after the last '@' of the last segment
 *         |    |       +- name: the last segment
 *         |    +- namespace: the segments between type and name
 *         +- type: after "pkg:" and any '/', up to the next '/'
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/purl.h"
#include "vgx.h"

#define NONE ((size_t)-1)
/* Scratch space for decoded components: they never grow when decoded. */
#define WORK_MAX (4 * VIGIL_PURL_MAX_LEN)

/* ---- registered types --------------------------------------------------- */

enum { NS_OPTIONAL, NS_REQUIRED, NS_PROHIBITED };
enum { FOLD_NONE, FOLD_LOWER, FOLD_UPPER };
enum { NAME_KEEP, NAME_LOWER, NAME_PYPI, NAME_PUB, NAME_MLFLOW };
/* Type quirks. */
#define T_GIT 0x01	/* namespace is the host; the name may hold '/' */
#define T_CPAN 0x02	/* name (a distribution) must not contain "::" */
#define T_CHROME 0x04	/* 32-letter [a-p] id; version 1 to 4 numbers */

struct ptype {
	const char *name;
	unsigned char ns;	/* NS_* */
	unsigned char ns_fold;	/* FOLD_* */
	unsigned char name_rule;	/* NAME_* */
	unsigned char ver_lower;	/* version is case-insensitive */
	unsigned char quirks;	/* T_* */
	const char *required_qualifier;
};

/*
 * From the type definitions (purl-spec types/<type>-definition.json):
 * namespace_definition.requirement and case_sensitive, name case and
 * normalization_rules, version case_sensitive, required qualifiers.
 * Sorted by name (byte order): ptype_find() searches by halves.
 */
static const struct ptype ptypes[] = {
	{"alpm", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"apk", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"bazel", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"bitbucket", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"bitnami", NS_PROHIBITED, FOLD_NONE, NAME_LOWER, 0, 0, NULL},
	{"brew", NS_OPTIONAL, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"cargo", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"chrome-extension", NS_PROHIBITED, FOLD_NONE, NAME_LOWER, 0,
	    T_CHROME, NULL},
	{"cocoapods", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"composer", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"conan", NS_OPTIONAL, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"conda", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	/* "When present, [the CPAN author id] shall be uppercase." */
	{"cpan", NS_OPTIONAL, FOLD_UPPER, NAME_KEEP, 0, T_CPAN, NULL},
	{"cran", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"deb", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"docker", NS_OPTIONAL, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"gem", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"generic", NS_OPTIONAL, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	/*
	 * The definition calls git names case-sensitive, but the test suite
	 * lowercases them (git-test.json); the suite is the authority.
	 */
	{"git", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, T_GIT, NULL},
	{"github", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"golang", NS_REQUIRED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"hackage", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"hex", NS_OPTIONAL, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"huggingface", NS_REQUIRED, FOLD_NONE, NAME_KEEP, 1, 0, NULL},
	{"julia", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, "uuid"},
	{"luarocks", NS_OPTIONAL, FOLD_LOWER, NAME_LOWER, 0, 0, NULL},
	{"maven", NS_REQUIRED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"mlflow", NS_PROHIBITED, FOLD_NONE, NAME_MLFLOW, 0, 0, NULL},
	{"npm", NS_OPTIONAL, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"nuget", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"oci", NS_PROHIBITED, FOLD_NONE, NAME_LOWER, 1, 0, NULL},
	{"opam", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"otp", NS_PROHIBITED, FOLD_NONE, NAME_LOWER, 0, 0, NULL},
	{"pub", NS_PROHIBITED, FOLD_NONE, NAME_PUB, 0, 0, NULL},
	{"pypi", NS_PROHIBITED, FOLD_NONE, NAME_PYPI, 1, 0, NULL},
	{"qpkg", NS_REQUIRED, FOLD_LOWER, NAME_KEEP, 0, 0, NULL},
	{"rpm", NS_REQUIRED, FOLD_LOWER, NAME_KEEP, 0, 0, NULL},
	{"swid", NS_OPTIONAL, FOLD_NONE, NAME_KEEP, 0, 0, "tag_id"},
	{"swift", NS_REQUIRED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"vcpkg", NS_PROHIBITED, FOLD_NONE, NAME_KEEP, 0, 0, NULL},
	{"vscode-extension", NS_REQUIRED, FOLD_LOWER, NAME_LOWER, 1, 0,
	    NULL},
	{"yocto", NS_OPTIONAL, FOLD_LOWER, NAME_KEEP, 0, 0, NULL},
};

/* Compare (TYPE, LEN), ignoring ASCII case, with the lowercase NAME. */
static int
ptype_cmp(const char *type, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len && name[i] != '\0'; i++) {
		int c = vgx_tolower((unsigned char)type[i]);

		if (c != (unsigned char)name[i])
			return c < (unsigned char)name[i] ? -1 : 1;
	}
	if (i < len)
		return 1;
	return name[i] == '\0' ? 0 : -1;
}

static const struct ptype *
ptype_find(const char *type, size_t len)
{
	size_t lo = 0, hi = VGX_ARRAY_SIZE(ptypes);

	/* PTYPES is sorted by name (byte order). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ptype_cmp(type, len, ptypes[mid].name);

		if (c == 0)
			return &ptypes[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
vigil_purl_type_registered(const char *type, size_t len)
{
	return ptype_find(type, len) != NULL;
}

/* ---- the work area shared by parse and build ---------------------------- */

struct qoff {
	size_t key, value;	/* offsets into work.buf */
};

/* Decoded strings, each NUL-terminated, in a fixed array (no growth, so
 * offsets and pointers into it stay valid). */
struct wbuf {
	char ptr[WORK_MAX + 1];
	size_t len;		/* bytes used, <= WORK_MAX */
};

struct work {
	struct wbuf buf;	/* decoded strings, each NUL-terminated */
	size_t type, ns, name, version, subpath;	/* offsets or NONE */
	/* Input offsets for messages (NONE when building). */
	size_t o_type, o_ns, o_name, o_version;
	struct qoff q[VIGIL_PURL_MAX_QUALIFIERS];
	size_t nq;
	unsigned flags;
	const struct ptype *pt;
	bool typed;		/* check_type() done */
	size_t inlen;		/* bytes of the parsed input, 0 when building */
};

#define W(w, off) ((w)->buf.ptr + (off))

static void
work_init(struct work *w, unsigned flags)
{
	w->buf.len = 0;
	w->buf.ptr[0] = '\0';
	w->nq = 0;
	w->pt = NULL;
	w->typed = false;
	w->inlen = 0;
	w->type = w->ns = w->name = w->version = w->subpath = NONE;
	w->o_type = w->o_ns = w->o_name = w->o_version = NONE;
	w->flags = flags;
}

static int werr(vigil_error *, int, size_t, const char *, ...)
    VIGIL_PRINTF(4, 5);

/* An error about the input at byte offset OFF (NONE: no position). */
static int
werr(vigil_error *err, int code, size_t off, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (off == NONE)
		return vigil__error(err, code, "%s", msg);
	(void)vigil__error(err, code, "%s at offset %zu", msg, off);
	if (err != NULL)
		err->column = (unsigned long)off + 1;
	return code;
}

static int
buf_fail(vigil_error *err)
{
	return vigil__error(err, VIGIL_ETOOBIG,
	    "purl components are longer than %d bytes", WORK_MAX);
}

/* Start a new string at the end of the buffer; *OFF is its offset. */
static int
wstart(struct work *w, size_t *off, vigil_error *err)
{
	(void)err;
	*off = w->buf.len;
	return 0;
}

/* Append (P, N); P may point into the buffer before its end. */
static int
wadd(struct work *w, const char *p, size_t n, vigil_error *err)
{
	if (n > WORK_MAX - w->buf.len)
		return buf_fail(err);
	memmove(w->buf.ptr + w->buf.len, p, n);
	w->buf.len += n;
	w->buf.ptr[w->buf.len] = '\0';
	return 0;
}

/* End the current string (add its NUL). */
static int
wend(struct work *w, vigil_error *err)
{
	return wadd(w, "", 1, err);
}

/*
 * Check decoded text: valid UTF-8 (no NUL) and no control characters.
 * BASE is the input offset for messages, or NONE.
 */
static int
check_text(const char *p, size_t n, const char *what, size_t base,
    vigil_error *err)
{
	size_t i, bad;

	if (vgx_utf8_check(p, n, &bad) < 0)
		return werr(err, VIGIL_EINVALID, base,
		    p[bad] == '\0' ? "%s contains a NUL byte" :
		    "%s is not valid UTF-8", what);
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return werr(err, VIGIL_EINVALID, base,
			    "%s contains a control character (0x%02x)", what,
			    (unsigned)(unsigned char)p[i]);
	return 0;
}

/*
 * Percent-decode (P, N), found at input offset BASE, onto the end of the
 * buffer (no NUL added); the decoded run must be valid text.
 */
static int
decode(struct work *w, const char *p, size_t n, size_t base,
    const char *what, vigil_error *err)
{
	size_t i, start = w->buf.len;
	char *o = w->buf.ptr + start;
	int pct = 0;

	/* Decoding never makes the text longer. */
	if (n > WORK_MAX - start)
		return buf_fail(err);
	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = vgx_hexval(p[i + 1])) < 0 ||
			    (lo = vgx_hexval(p[i + 2])) < 0)
				return werr(err, VIGIL_EINVALID, base + i,
				    "%s has a '%%' that is not followed by two "
				    "hex digits", what);
			c = (char)(hi * 16 + lo);
			if (c == '\0')
				return werr(err, VIGIL_EINVALID, base + i,
				    "%s contains an encoded NUL (%%00)", what);
			i += 2;
			pct = 1;
		}
		*o++ = c;
	}
	*o = '\0';
	w->buf.len = (size_t)(o - w->buf.ptr);
	/* Without a %xx the text is a piece of the input, which parse()
	 * checked already (valid UTF-8, no control character). */
	if (!pct)
		return 0;
	return check_text(W(w, start), w->buf.len - start, what, base, err);
}

/*
 * Decode the '/'-separated segments of (P, N) into one string joined by
 * '/', dropping empty segments (and "." and ".." when DOTS is set).  A
 * decoded segment must not contain '/'.  *OFF is NONE when nothing is
 * left.
 */
static int
decode_segments(struct work *w, size_t *off, const char *p, size_t n,
    size_t base, const char *what, int dots, vigil_error *err)
{
	size_t i = 0, start;
	int rc, any = 0;

	*off = NONE;
	if ((rc = wstart(w, &start, err)) < 0)
		return rc;
	while (i <= n) {
		size_t j = i, seg, slen;

		while (j < n && p[j] != '/')
			j++;
		if (j > i) {
			if (any && (rc = wadd(w, "/", 1, err)) < 0)
				return rc;
			seg = w->buf.len;
			if ((rc = decode(w, p + i, j - i, base + i, what, err)) <
			    0)
				return rc;
			slen = w->buf.len - seg;
			if (memchr(W(w, seg), '/', slen) != NULL)
				return werr(err, VIGIL_EINVALID, base + i,
				    "%s segment contains an encoded '/'", what);
			if (dots && ((slen == 1 && W(w, seg)[0] == '.') ||
			    (slen == 2 && memcmp(W(w, seg), "..", 2) == 0))) {
				/* Drop the segment and its separator. */
				w->buf.len = any ? seg - 1 : seg;
			} else {
				any = 1;
			}
		}
		i = j + 1;
	}
	if (!any) {
		w->buf.len = start;
		return 0;
	}
	if ((rc = wend(w, err)) < 0)
		return rc;
	*off = start;
	return 0;
}

/*
 * Add the qualifier KEY=VALUE (key raw, value already decoded at VOFF).
 * Keys are [a-z][a-z0-9._-]*; uppercase letters are folded unless
 * VIGIL_PURL_STRICT.  BASE is the key's input offset or NONE.
 */
static int
add_key(struct work *w, size_t *koff, const char *k, size_t klen,
    size_t base, vigil_error *err)
{
	size_t i;
	int rc;

	if (klen == 0)
		return werr(err, VIGIL_EINVALID, base, "empty qualifier key");
	if (klen > 128)
		return werr(err, VIGIL_EINVALID, base,
		    "qualifier key is longer than 128 bytes");
	if ((rc = wstart(w, koff, err)) < 0)
		return rc;
	for (i = 0; i < klen; i++) {
		int c = (unsigned char)k[i];

		if (c >= 'A' && c <= 'Z') {
			/*
			 * Strict mode follows the suite's "required" tests,
			 * which reject "Platform=" and "Arch=" but accept and
			 * fold "repositorY_url=" (maven-test.json): a key must
			 * start with a lowercase letter, later letters fold.
			 */
			if ((w->flags & VIGIL_PURL_STRICT) && i == 0)
				return werr(err, VIGIL_EINVALID,
				    base == NONE ? NONE : base + i,
				    "qualifier key '%.*s' must start with a "
				    "lowercase letter",
				    (int)klen, k);
			c = vgx_tolower(c);
		}
		if (!(vgx_isalnum(c) || c == '.' || c == '-' || c == '_') ||
		    (i == 0 && !vgx_isalpha(c)))
			return werr(err, VIGIL_EINVALID,
			    base == NONE ? NONE : base + i,
			    "invalid qualifier key '%.*s' (a letter, then "
			    "letters, digits, '.', '-' or '_')",
			    (int)(klen > 60 ? 60 : klen), k);
		{
			char ch = (char)c;

			if ((rc = wadd(w, &ch, 1, err)) < 0)
				return rc;
		}
	}
	return wend(w, err);
}

static int
push_qualifier(struct work *w, size_t koff, size_t voff, size_t base,
    vigil_error *err)
{
	if (w->nq == VIGIL_PURL_MAX_QUALIFIERS)
		return werr(err, VIGIL_ETOOBIG, base,
		    "more than %d qualifiers", VIGIL_PURL_MAX_QUALIFIERS);
	w->q[w->nq].key = koff;
	w->q[w->nq].value = voff;
	w->nq++;
	return 0;
}

static int
parse_qualifiers(struct work *w, const char *s, size_t a, size_t b,
    vigil_error *err)
{
	size_t i = a;
	int rc;

	while (i < b) {
		size_t j = i, eq, koff = 0, voff = 0;

		while (j < b && s[j] != '&')
			j++;
		if (j > i) {
			for (eq = i; eq < j && s[eq] != '='; eq++)
				;
			if (eq == j)
				return werr(err, VIGIL_EINVALID, i,
				    "qualifier '%.*s' has no '='",
				    (int)(j - i > 60 ? 60 : j - i), s + i);
			if ((rc = add_key(w, &koff, s + i, eq - i, i, err)) < 0)
				return rc;
			if ((rc = wstart(w, &voff, err)) < 0 ||
			    (rc = decode(w, s + eq + 1, j - eq - 1, eq + 1,
			    "qualifier value", err)) < 0)
				return rc;
			if (w->buf.len == voff) {
				/* "key=" is the same as no key (5.6.6). */
				w->buf.len = koff;
			} else {
				if ((rc = wend(w, err)) < 0 ||
				    (rc = push_qualifier(w, koff, voff, i, err)) <
				    0)
					return rc;
			}
		}
		i = j + 1;
	}
	return 0;
}

/* ---- type rules, canonical form ----------------------------------------- */

static void
fold(char *s, int how)
{
	for (; *s != '\0'; s++)
		if (how == FOLD_LOWER)
			*s = (char)vgx_tolower((unsigned char)*s);
		else if (how == FOLD_UPPER)
			*s = (char)vgx_toupper((unsigned char)*s);
}

static const char *
qualifier_in(const struct work *w, const char *key)
{
	size_t i;

	for (i = 0; i < w->nq; i++)
		if (strcmp(W(w, w->q[i].key), key) == 0)
			return W(w, w->q[i].value);
	return NULL;
}

/* Pub: lowercase, and every character outside [a-z0-9] becomes '_'. */
static void
pub_normalise(char *s)
{
	char *o = s;

	while (*s != '\0') {
		unsigned char c = (unsigned char)vgx_tolower((unsigned char)*s);

		if (vgx_isalnum(c) || c == '_') {
			*o++ = (char)c;
			s++;
			continue;
		}
		/* One '_' per character, however many bytes it takes. */
		*o++ = '_';
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	*o = '\0';
}

static int
chrome_version_ok(const char *v)
{
	int parts = 0;

	for (;;) {
		if (!vgx_isdigit((unsigned char)*v))
			return 0;
		while (vgx_isdigit((unsigned char)*v))
			v++;
		if (++parts > 4)
			return 0;
		if (*v == '\0')
			return 1;
		if (*v++ != '.')
			return 0;
	}
}

/* Whether a Databricks MLflow tracking server (case-insensitive names). */
static int
mlflow_databricks(const char *url)
{
	const char *hosts[] = {"azuredatabricks.net", "databricks.com"};
	const char *p, *end;
	size_t i, n;

	if (url == NULL)
		return 0;
	/* The host: after "scheme://", up to the next '/', ':' or '?'. */
	p = strstr(url, "://");
	p = p != NULL ? p + 3 : url;
	for (end = p; *end != '\0' && *end != '/' && *end != ':' &&
	    *end != '?'; end++)
		;
	n = (size_t)(end - p);
	for (i = 0; i < VGX_ARRAY_SIZE(hosts); i++) {
		size_t h = strlen(hosts[i]);

		if (n >= h && vgx_strieq(end - h, h, hosts[i]) &&
		    (n == h || end[-(long)h - 1] == '.'))
			return 1;
	}
	return 0;
}

/* Git: the namespace is the host; further namespace segments join the name. */
static int
git_split(struct work *w, vigil_error *err)
{
	char *slash = strchr(W(w, w->ns), '/');
	size_t off;
	int rc;

	if (slash == NULL)
		return 0;
	/* "rest-of-namespace/name" at the end (the buffer never moves). */
	if ((rc = wstart(w, &off, err)) < 0 ||
	    (rc = wadd(w, slash + 1, strlen(slash + 1), err)) < 0 ||
	    (rc = wadd(w, "/", 1, err)) < 0 ||
	    (rc = wadd(w, W(w, w->name), strlen(W(w, w->name)), err)) < 0 ||
	    (rc = wend(w, err)) < 0)
		return rc;
	*slash = '\0';
	w->name = off;
	return 0;
}

static int
apply_type_rules(struct work *w, vigil_error *err)
{
	const struct ptype *pt = w->pt;
	char *name;
	int rc;

	if (pt == NULL)
		return 0;
	if (pt->ns == NS_REQUIRED && w->ns == NONE)
		return werr(err, VIGIL_EINVALID, w->o_name,
		    "type '%s' requires a namespace", pt->name);
	if (pt->ns == NS_PROHIBITED && w->ns != NONE)
		return werr(err, VIGIL_EINVALID, w->o_ns,
		    "type '%s' does not allow a namespace", pt->name);
	if ((pt->quirks & T_GIT) && (rc = git_split(w, err)) < 0)
		return rc;
	if (w->ns != NONE)
		fold(W(w, w->ns), pt->ns_fold);
	name = W(w, w->name);
	switch (pt->name_rule) {
	case NAME_LOWER:
		fold(name, FOLD_LOWER);
		break;
	case NAME_PYPI:
		/* PyPI: case-insensitive, and '_' is the same as '-'. */
		fold(name, FOLD_LOWER);
		for (; *name != '\0'; name++)
			if (*name == '_')
				*name = '-';
		break;
	case NAME_PUB:
		pub_normalise(name);
		break;
	case NAME_MLFLOW:
		/* Case-insensitive on Databricks, as-is on Azure ML. */
		if (mlflow_databricks(qualifier_in(w, "repository_url")))
			fold(name, FOLD_LOWER);
		break;
	default:
		break;
	}
	if (pt->ver_lower && w->version != NONE)
		fold(W(w, w->version), FOLD_LOWER);
	name = W(w, w->name);
	/* A git name is a path: its '/' stay unencoded, so no empty step. */
	if ((pt->quirks & T_GIT) && (name[0] == '/' ||
	    name[strlen(name) - 1] == '/' || strstr(name, "//") != NULL))
		return werr(err, VIGIL_EINVALID, w->o_name,
		    "git name '%.60s' has an empty path segment", name);
	if ((pt->quirks & T_CPAN) && strstr(name, "::") != NULL)
		return werr(err, VIGIL_EINVALID, w->o_name,
		    "cpan name '%.60s' is a module name; a distribution name "
		    "has no '::'", name);
	if (pt->quirks & T_CHROME) {
		size_t i, n = strlen(name);

		for (i = 0; i < n && name[i] >= 'a' && name[i] <= 'p'; i++)
			;
		if (n != 32 || i != n)
			return werr(err, VIGIL_EINVALID, w->o_name,
			    "chrome-extension id must be 32 letters a-p");
		if (w->version != NONE && !chrome_version_ok(W(w, w->version)))
			return werr(err, VIGIL_EINVALID, w->o_version,
			    "chrome-extension version must be 1 to 4 dot-"
			    "separated numbers");
	}
	if (pt->required_qualifier != NULL &&
	    qualifier_in(w, pt->required_qualifier) == NULL)
		return werr(err, VIGIL_EINVALID, NONE,
		    "type '%s' requires the qualifier '%s'", pt->name,
		    pt->required_qualifier);
	return 0;
}

static int
check_type(struct work *w, vigil_error *err)
{
	char *t = W(w, w->type);
	size_t i, n = strlen(t);

	if (n == 0)
		return werr(err, VIGIL_EINVALID, w->o_type, "the type is empty");
	for (i = 0; i < n; i++) {
		int c = (unsigned char)t[i];

		if (i == 0 && !vgx_isalpha(c))
			return werr(err, VIGIL_EINVALID, w->o_type,
			    "the type must start with a letter");
		if (!vgx_isalnum(c) && c != '.' && c != '-')
			return werr(err, VIGIL_EINVALID,
			    w->o_type == NONE ? NONE : w->o_type + i,
			    "invalid character '%c' in the type (letters, "
			    "digits, '.' and '-')", c > 0x20 && c < 0x7f ? c :
			    '?');
	}
	fold(t, FOLD_LOWER);
	w->pt = ptype_find(t, n);
	w->typed = true;
	return 0;
}

/*
 * The canonical string is written into OUT (VIGIL_PURL_MAX_LEN + 1
 * bytes), or only measured when OUT is NULL; LEN may pass the limit, the
 * bytes beyond it are not written.
 */
struct cw {
	char *out;
	size_t len;
};

static void
cw_put(struct cw *c, const char *p, size_t n)
{
	if (c->out != NULL && c->len <= VIGIL_PURL_MAX_LEN) {
		size_t room = VIGIL_PURL_MAX_LEN - c->len;

		memcpy(c->out + c->len, p, n < room ? n : room);
	}
	c->len += n;
}

static void
cw_s(struct cw *c, const char *s)
{
	cw_put(c, s, strlen(s));
}

/* Percent-encode S for the canonical form; KEEP is a separator kept. */
static void
encode(struct cw *b, const char *s, char keep)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run;

	for (;;) {
		unsigned char c;

		/* Unreserved characters and ':' are never encoded (5.4). */
		for (run = s; (c = (unsigned char)*s) != '\0' &&
		    (vgx_isalnum(c) || c == '.' || c == '-' || c == '_' ||
		    c == '~' || c == ':' || (keep != '\0' && c == keep)); s++)
			;
		if (s > run)
			cw_put(b, run, (size_t)(s - run));
		if (c == '\0')
			return;
		{
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};

			cw_put(b, t, 3);
		}
		s++;
	}
}

/* Write (or measure) the canonical form; its length, maybe > the limit. */
static size_t
canonical(char *out, const struct work *w)
{
	struct cw b = { out, 0 };
	size_t i;

	cw_s(&b, "pkg:");
	cw_s(&b, W(w, w->type));
	cw_put(&b, "/", 1);
	if (w->ns != NONE) {
		encode(&b, W(w, w->ns), '/');
		cw_put(&b, "/", 1);
	}
	encode(&b, W(w, w->name),
	    w->pt != NULL && (w->pt->quirks & T_GIT) ? '/' : '\0');
	if (w->version != NONE) {
		cw_put(&b, "@", 1);
		encode(&b, W(w, w->version), '\0');
	}
	for (i = 0; i < w->nq; i++) {
		cw_put(&b, i == 0 ? "?" : "&", 1);
		cw_s(&b, W(w, w->q[i].key));
		cw_put(&b, "=", 1);
		encode(&b, W(w, w->q[i].value), '\0');
	}
	if (w->subpath != NONE) {
		cw_put(&b, "#", 1);
		encode(&b, W(w, w->subpath), '/');
	}
	if (out != NULL && b.len <= VIGIL_PURL_MAX_LEN)
		out[b.len] = '\0';
	return b.len;
}

/* Copy the string at OFF (or NULL for NONE) into the final block. */
static const char *
place(char **dst, const struct work *w, size_t off)
{
	const char *r;
	size_t n;

	if (off == NONE)
		return NULL;
	n = strlen(W(w, off)) + 1;
	memcpy(*dst, W(w, off), n);
	r = *dst;
	*dst += n;
	return r;
}

/* Apply the type rules and make the purl; OUT NULL: only validate. */
static int
finish(vigil_purl **out, struct work *w, vigil_error *err)
{
	vigil_purl *p;
	vigil_purl_qual *q;
	char canon[VIGIL_PURL_MAX_LEN + 1];
	size_t i, j, total, clen;
	char *dst;
	int rc;

	if (!w->typed && (rc = check_type(w, err)) < 0)
		return rc;
	/* Qualifiers sorted by key; insertion sort, at most 64. */
	for (i = 1; i < w->nq; i++) {
		struct qoff t = w->q[i];

		for (j = i; j > 0 && strcmp(W(w, w->q[j - 1].key),
		    W(w, t.key)) > 0; j--)
			w->q[j] = w->q[j - 1];
		w->q[j] = t;
	}
	for (i = 1; i < w->nq; i++)
		if (strcmp(W(w, w->q[i - 1].key), W(w, w->q[i].key)) == 0)
			return werr(err, VIGIL_EINVALID, NONE,
			    "qualifier '%s' appears more than once",
			    W(w, w->q[i].key));
	if ((rc = apply_type_rules(w, err)) < 0)
		return rc;

	/*
	 * Validating a short input, the canonical form cannot be too long:
	 * every byte of it comes from a byte of the input (a separator, or
	 * a decoded byte encoded again as at most three).
	 */
	if (out == NULL && w->inlen > 0 && w->inlen <= VIGIL_PURL_MAX_LEN / 3)
		return 0;
	if ((clen = canonical(out != NULL ? canon : NULL, w)) >
	    VIGIL_PURL_MAX_LEN)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "the canonical purl is longer than %d bytes",
		    VIGIL_PURL_MAX_LEN);
	if (out == NULL)
		return 0;

	total = sizeof(*p) + w->nq * sizeof(*q) + w->buf.len + clen + 1;
	if ((p = vgx_malloc(total)) == NULL)
		return vigil__error_oom(err);
	memset(p, 0, sizeof(*p));
	q = (vigil_purl_qual *)(p + 1);
	dst = (char *)(q + w->nq);
	p->type = place(&dst, w, w->type);
	p->ns = place(&dst, w, w->ns);
	p->name = place(&dst, w, w->name);
	p->version = place(&dst, w, w->version);
	p->subpath = place(&dst, w, w->subpath);
	for (i = 0; i < w->nq; i++) {
		q[i].key = place(&dst, w, w->q[i].key);
		q[i].value = place(&dst, w, w->q[i].value);
	}
	p->qualifiers = w->nq ? q : NULL;
	p->nqualifiers = w->nq;
	memcpy(dst, canon, clen + 1);
	p->canonical = dst;
	*out = p;
	return 0;
}

/* ---- parse -------------------------------------------------------------- */

static size_t
rfind(const char *s, size_t a, size_t b, char c)
{
	while (b > a)
		if (s[--b] == c)
			return b;
	return NONE;
}

static int
parse(vigil_purl **out, struct work *w, const char *s, size_t len,
    vigil_error *err)
{
	size_t i, end, hash, qm, t0, p, rs, re, ls, at, bad;
	int rc;

	w->inlen = len;
	if (len == 0)
		return werr(err, VIGIL_EINVALID, NONE, "empty purl");
	if (len > VIGIL_PURL_MAX_LEN)
		return werr(err, VIGIL_ETOOBIG, NONE,
		    "purl is longer than %d bytes", VIGIL_PURL_MAX_LEN);
	if (vgx_utf8_check(s, len, &bad) < 0)
		return werr(err, VIGIL_EINVALID, bad, s[bad] == '\0' ?
		    "NUL byte in purl" : "purl is not valid UTF-8");
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return werr(err, VIGIL_EINVALID, i,
			    "control character (0x%02x) in purl",
			    (unsigned)(unsigned char)s[i]);
		/* Never guess whether a stray blank belongs to the purl. */
		if (s[i] == ' ')
			return werr(err, VIGIL_EINVALID, i,
			    "space in purl (percent-encode it as %%20)");
	}
	/* 5.6.1: the scheme "pkg" and an unencoded ':'. */
	if (len < 4 || !vgx_strieq(s, 4, "pkg:"))
		return werr(err, VIGIL_EINVALID, 0,
		    "a purl starts with 'pkg:'");

	end = len;
	if ((hash = rfind(s, 4, end, '#')) != NONE) {
		if ((rc = decode_segments(w, &w->subpath, s + hash + 1,
		    end - hash - 1, hash + 1, "subpath", 1, err)) < 0)
			return rc;
		end = hash;
	}
	if ((qm = rfind(s, 4, end, '?')) != NONE) {
		if ((rc = parse_qualifiers(w, s, qm + 1, end, err)) < 0)
			return rc;
		end = qm;
	}
	/* Slashes after "pkg:" are not significant (5.6.1). */
	for (p = 4; p < end && s[p] == '/'; p++)
		;
	for (t0 = p; p < end && s[p] != '/'; p++)
		;
	w->o_type = t0;
	if ((rc = wstart(w, &w->type, err)) < 0 ||
	    (rc = wadd(w, s + t0, p - t0, err)) < 0 ||
	    (rc = wend(w, err)) < 0)
		return rc;
	if (p - t0 == 0)
		return werr(err, VIGIL_EINVALID, t0, "no type after 'pkg:'");
	if ((rc = check_type(w, err)) < 0)
		return rc;
	if (p == end)
		return werr(err, VIGIL_EINVALID, p, "no name after the type");

	rs = p + 1;
	re = end;
	while (re > rs && s[re - 1] == '/')
		re--;
	ls = rfind(s, rs, re, '/');
	ls = ls == NONE ? rs : ls + 1;
	at = rfind(s, ls, re, '@');
	if (at != NONE) {
		if (at + 1 == re)
			return werr(err, VIGIL_EINVALID, at,
			    "'@' is not followed by a version");
		w->o_version = at + 1;
		if ((rc = wstart(w, &w->version, err)) < 0 ||
		    (rc = decode(w, s + at + 1, re - at - 1, at + 1, "version",
		    err)) < 0 || (rc = wend(w, err)) < 0)
			return rc;
	} else {
		at = re;
	}
	w->o_name = ls;
	if (at == ls)
		return werr(err, VIGIL_EINVALID, ls, "the name is empty");
	if ((rc = wstart(w, &w->name, err)) < 0 ||
	    (rc = decode(w, s + ls, at - ls, ls, "name", err)) < 0 ||
	    (rc = wend(w, err)) < 0)
		return rc;
	if (ls > rs) {
		/*
		 * A raw '@' inside a namespace segment ("name@1.0/2") means a
		 * version with an unencoded '/': refuse rather than guess.  An
		 * '@' that starts a segment is an npm-style scope.
		 */
		for (i = rs + 1; i < ls - 1; i++)
			if (s[i] == '@' && s[i - 1] != '/')
				return werr(err, VIGIL_EINVALID, i,
				    "'@' inside the namespace (a '/' in a "
				    "version or an '@' in a namespace must be "
				    "percent-encoded)");
		w->o_ns = rs;
		if ((rc = decode_segments(w, &w->ns, s + rs, ls - 1 - rs, rs,
		    "namespace", 0, err)) < 0)
			return rc;
	}
	return finish(out, w, err);
}

int
vigil_purl_parse(vigil_purl **out, const char *s, size_t len,
    unsigned flags, vigil_error *err)
{
	struct work w;

	*out = NULL;
	work_init(&w, flags);
	return parse(out, &w, s, len, err);
}

int
vigil_purl_validate(const char *s, size_t len, unsigned flags,
    vigil_error *err)
{
	struct work w;

	work_init(&w, flags);
	return parse(NULL, &w, s, len, err);
}

/* ---- build -------------------------------------------------------------- */

/* Copy the '/'-separated segments of S, dropping empty ones (and dots). */
static int
copy_segments(struct work *w, size_t *off, const char *s, const char *what,
    int dots, vigil_error *err)
{
	size_t i = 0, n = strlen(s), start;
	int rc, any = 0;

	*off = NONE;
	if ((rc = check_text(s, n, what, NONE, err)) < 0 ||
	    (rc = wstart(w, &start, err)) < 0)
		return rc;
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		if (j > i && !(dots && ((j - i == 1 && s[i] == '.') ||
		    (j - i == 2 && s[i] == '.' && s[i + 1] == '.')))) {
			if ((any && (rc = wadd(w, "/", 1, err)) < 0) ||
			    (rc = wadd(w, s + i, j - i, err)) < 0)
				return rc;
			any = 1;
		}
		i = j + 1;
	}
	if (!any)
		return 0;
	if ((rc = wend(w, err)) < 0)
		return rc;
	*off = start;
	return 0;
}

static int
copy_text(struct work *w, size_t *off, const char *s, const char *what,
    vigil_error *err)
{
	size_t n = strlen(s);
	int rc;

	if ((rc = check_text(s, n, what, NONE, err)) < 0 ||
	    (rc = wstart(w, off, err)) < 0 || (rc = wadd(w, s, n, err)) < 0)
		return rc;
	return wend(w, err);
}

static int
build(vigil_purl **out, struct work *w, const vigil_purl *in,
    vigil_error *err)
{
	size_t i, koff, voff;
	int rc;

	if (in->type == NULL || in->type[0] == '\0')
		return vigil__error(err, VIGIL_EINVALID, "the type is missing");
	if (in->name == NULL || in->name[0] == '\0')
		return vigil__error(err, VIGIL_EINVALID, "the name is missing");
	if ((rc = copy_text(w, &w->type, in->type, "type", err)) < 0 ||
	    (rc = copy_text(w, &w->name, in->name, "name", err)) < 0)
		return rc;
	if (in->ns != NULL && (rc = copy_segments(w, &w->ns, in->ns,
	    "namespace", 0, err)) < 0)
		return rc;
	if (in->version != NULL && in->version[0] != '\0' &&
	    (rc = copy_text(w, &w->version, in->version, "version", err)) < 0)
		return rc;
	if (in->subpath != NULL && (rc = copy_segments(w, &w->subpath,
	    in->subpath, "subpath", 1, err)) < 0)
		return rc;
	if (in->nqualifiers > 0 && in->qualifiers == NULL)
		vigil__misuse("vigil_purl_build: qualifiers is NULL");
	for (i = 0; i < in->nqualifiers; i++) {
		const vigil_purl_qual *q = &in->qualifiers[i];

		if (q->key == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "qualifier %zu has no key", i);
		if (q->value == NULL || q->value[0] == '\0')
			continue;
		if ((rc = add_key(w, &koff, q->key, strlen(q->key), NONE,
		    err)) < 0 ||
		    (rc = copy_text(w, &voff, q->value, "qualifier value",
		    err)) < 0 ||
		    (rc = push_qualifier(w, koff, voff, NONE, err)) < 0)
			return rc;
	}
	return finish(out, w, err);
}

int
vigil_purl_build(vigil_purl **out, const vigil_purl *parts, unsigned flags,
    vigil_error *err)
{
	struct work w;

	*out = NULL;
	work_init(&w, flags);
	return build(out, &w, parts, err);
}

/* ---- access ------------------------------------------------------------- */

int
vigil_purl_to_string(char **out, const vigil_purl *purl, vigil_error *err)
{
	*out = NULL;
	if (purl->canonical == NULL)
		vigil__misuse("vigil_purl_to_string: not a parsed or built purl");
	if ((*out = vgx_strdup(purl->canonical)) == NULL)
		return vigil__error_oom(err);
	return 0;
}

void
vigil_purl_string_free(char *s)
{
	vgx_free(s);
}

const char *
vigil_purl_qualifier(const vigil_purl *purl, const char *key)
{
	size_t i;

	for (i = 0; i < purl->nqualifiers; i++)
		if (strcmp(purl->qualifiers[i].key, key) == 0)
			return purl->qualifiers[i].value;
	return NULL;
}

void
vigil_purl_free(vigil_purl *purl)
{
	vgx_free(purl);
}
