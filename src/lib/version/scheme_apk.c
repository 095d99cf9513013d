/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Alpine apk versions, compared as apk-tools (2.14 and 3.x) does:
 *
 *	digits {.digits}... [letter[digits]] {_suffix[digits]}... [~hash]
 *	    [-rdigits]
 *
 * A version is a sequence of tokens, whose kinds are ordered
 *
 *	initial digits < .digits < letter < _suffix < suffix number
 *	    < ~commit hash < -r revision < end
 *
 * and each token may only be followed by a token of a later kind (a
 * '.digits' may follow another, a '_suffix' may follow a suffix or its
 * number).  Suffixes are alpha < beta < pre < rc < (none) < cvs < svn <
 * git < hg < p.  Letters are a-z only.
 *
 * Comparison walks both token lists while the kinds agree: numbers
 * compare by value, except that a '.digits' token with a leading zero in
 * either version compares as a string ("1.01" < "1.1", Gentoo's rule);
 * letters and suffixes by their order; hashes as strings.  When the kinds
 * differ the version that goes on is greater, unless what it goes on with
 * is a pre-release suffix (alpha, beta, pre, rc): "1.2_rc1" < "1.2" <
 * "1.2-r1" < "1.2_p1" < "1.2a" < "1.2.1".
 *
 * Differences from apk-tools 3, all on input it calls invalid or cannot
 * represent:
 *   - digits right after the letter ("6.6.2p1", "5.1p1-r0") are accepted
 *     as a further numeric token, as apk-tools 2.x (Alpine up to 3.22)
 *     did; such versions are in Alpine's secdb, and apk-tools 3 would
 *     call them invalid and compare them as equal past that point;
 *   - other strings that apk_version_validate() rejects are VIGIL_EINVALID
 *     here (apk compares them by their valid prefix), e.g. "1.2.r0",
 *     "1-r", "1.2_foo", "1.2A";
 *   - numbers above 2^64 compare by their value (apk wraps around).  Used by the OSV
 * ecosystems Alpine, Alpaquita, BellSoft Hardened Containers, Wolfi,
 * Chainguard and MinimOS.
 */
#include <string.h>

#include "versionint.h"

enum apk_tok {
	TOK_INITIAL,
	TOK_DIGIT,
	TOK_LETTER,
	TOK_SUFFIX,
	TOK_SUFFIX_NO,
	TOK_HASH,
	TOK_REVISION,
	TOK_END,
	TOK_INVALID
};

/* Suffix order; SUF_NONE (no suffix) is the pivot between pre and post. */
enum apk_suffix {
	SUF_ALPHA, SUF_BETA, SUF_PRE, SUF_RC, SUF_NONE,
	SUF_CVS, SUF_SVN, SUF_GIT, SUF_HG, SUF_P, SUF_INVALID
};

static const char *const suffix_names[] = {
	"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"
};

struct apk_state {
	const char *p, *end;	/* what is left to read */
	enum apk_tok tok;
	enum apk_suffix suffix;
	const char *val;	/* the token's text (digits, letter, hash) */
	size_t vlen;
};

static enum apk_suffix
suffix_value(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(suffix_names); i++)
		if (i != SUF_NONE && strlen(suffix_names[i]) == len &&
		    memcmp(suffix_names[i], s, len) == 0)
			return (enum apk_suffix)i;
	return SUF_INVALID;
}

static void
take_digits(struct apk_state *t)
{
	t->val = t->p;
	while (t->p < t->end && vgx_isdigit(*t->p))
		t->p++;
	t->vlen = (size_t)(t->p - t->val);
	if (t->vlen == 0)
		t->tok = TOK_INVALID;
}

static void
tok_first(struct apk_state *t, const char *v, size_t len)
{
	t->p = v;
	t->end = v + len;
	t->tok = TOK_INITIAL;
	t->suffix = SUF_INVALID;
	take_digits(t);
}

static bool
is_hex(char c)
{
	return vgx_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static void
tok_next(struct apk_state *t)
{
	char c;

	if (t->p >= t->end) {
		t->tok = TOK_END;
		return;
	}
	c = *t->p;
	if (c >= 'a' && c <= 'z') {
		if (t->tok > TOK_DIGIT)
			goto invalid;
		t->val = t->p++;
		t->vlen = 1;
		t->tok = TOK_LETTER;
	} else if (c == '.' || vgx_isdigit(c)) {
		if (c == '.') {
			if (t->tok > TOK_DIGIT)
				goto invalid;
			t->p++;
		}
		if (t->tok == TOK_INITIAL || t->tok == TOK_DIGIT ||
		    (c != '.' && t->tok == TOK_LETTER))
			t->tok = TOK_DIGIT;
		else if (t->tok == TOK_SUFFIX)
			t->tok = TOK_SUFFIX_NO;
		else
			goto invalid;
		take_digits(t);
	} else if (c == '_') {
		if (t->tok > TOK_SUFFIX_NO)
			goto invalid;
		t->val = ++t->p;
		while (t->p < t->end && *t->p >= 'a' && *t->p <= 'z')
			t->p++;
		t->vlen = (size_t)(t->p - t->val);
		t->suffix = suffix_value(t->val, t->vlen);
		if (t->suffix == SUF_INVALID)
			goto invalid;
		t->tok = TOK_SUFFIX;
	} else if (c == '~') {
		if (t->tok >= TOK_HASH)
			goto invalid;
		t->val = ++t->p;
		while (t->p < t->end && is_hex(*t->p))
			t->p++;
		t->vlen = (size_t)(t->p - t->val);
		if (t->vlen == 0)
			goto invalid;
		t->tok = TOK_HASH;
	} else if (c == '-') {
		if (t->tok >= TOK_REVISION || t->end - t->p < 2 ||
		    t->p[1] != 'r')
			goto invalid;
		t->p += 2;
		t->tok = TOK_REVISION;
		take_digits(t);
	} else {
		goto invalid;
	}
	return;
invalid:
	t->tok = TOK_INVALID;
}

/* Byte-wise comparison, a prefix first (apk_blob_sort). */
static int
blob_sort(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen == blen ? 0 : alen < blen ? -1 : 1;
}

/* Compare digit strings by value, whatever their length. */
static int
num_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen > 1 && *a == '0')
		a++, alen--;
	while (blen > 1 && *b == '0')
		b++, blen--;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return blob_sort(a, alen, b, blen);
}

static int
tok_cmp(const struct apk_state *a, const struct apk_state *b)
{
	switch (a->tok) {
	case TOK_DIGIT:
		if (a->val[0] == '0' || b->val[0] == '0')
			return blob_sort(a->val, a->vlen, b->val, b->vlen);
		/* FALLTHROUGH */
	case TOK_INITIAL:
	case TOK_SUFFIX_NO:
	case TOK_REVISION:
		return num_cmp(a->val, a->vlen, b->val, b->vlen);
	case TOK_LETTER:
		return a->val[0] == b->val[0] ? 0 : a->val[0] < b->val[0] ?
		    -1 : 1;
	case TOK_SUFFIX:
		return a->suffix == b->suffix ? 0 : a->suffix < b->suffix ?
		    -1 : 1;
	default:
		return blob_sort(a->val, a->vlen, b->val, b->vlen);
	}
}

static int
apk_validate(const char *v, size_t len, vigil_error *err)
{
	struct apk_state t;

	for (tok_first(&t, v, len); t.tok < TOK_END; tok_next(&t))
		;
	if (t.tok != TOK_END)
		return vigil__error(err, VIGIL_EINVALID,
		    "apk version \"%.*s\" is invalid at offset %zu "
		    "(expected digits{.digits}[a-z]{_suffix[N]}[~hash][-rN])",
		    (int)len, v, (size_t)(t.p - v));
	return 0;
}

static int
apk_compare(int *out, const char *a, size_t alen, const char *b, size_t blen,
    vigil_error *err)
{
	struct apk_state ta, tb;
	int rc;

	if ((rc = apk_validate(a, alen, err)) < 0 ||
	    (rc = apk_validate(b, blen, err)) < 0)
		return rc;
	for (tok_first(&ta, a, alen), tok_first(&tb, b, blen);
	    ta.tok == tb.tok && ta.tok < TOK_END;
	    tok_next(&ta), tok_next(&tb)) {
		if ((rc = tok_cmp(&ta, &tb)) != 0) {
			*out = rc;
			return 0;
		}
	}
	if (ta.tok == tb.tok)
		*out = 0;
	else if (ta.tok == TOK_SUFFIX && ta.suffix < SUF_NONE)
		*out = -1;
	else if (tb.tok == TOK_SUFFIX && tb.suffix < SUF_NONE)
		*out = 1;
	else
		*out = ta.tok > tb.tok ? -1 : 1;
	return 0;
}

static const char *const apk_aliases[] = { "alpine", NULL };

static const char *const apk_ecosystems[] = {
	"Alpine", "Alpaquita", "BellSoft Hardened Containers", "Wolfi",
	"Chainguard", "MinimOS", NULL
};

const struct vigil_scheme vigil__scheme_apk = {
	"apk",
	apk_aliases,
	apk_ecosystems,
	apk_validate,
	apk_compare
};
