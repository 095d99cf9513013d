/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON Schema "pattern", "patternProperties" and the "regex" format use
 * ECMA-262 regular expressions (JSON Schema 2020-12 validation §4.3, §6.3.3).
 * vigil runs them on PCRE2 (UTF-8 mode), whose syntax is a superset for
 * almost everything schemas use.  Where the two differ we translate or set
 * an option:
 *
 *   ECMA-262              PCRE2
 *   \uXXXX, \u{X...}      PCRE2_ALT_BSUX + PCRE2_EXTRA_ALT_BSUX
 *   [] / [^]              PCRE2_ALLOW_EMPTY_CLASS (nothing / any character)
 *   $ only at the end     PCRE2_DOLLAR_ENDONLY
 *   \s (Unicode spaces)   rewritten to an explicit class of the ECMA
 *                         WhiteSpace and LineTerminator code points
 *   [ inside a class      escaped, so "[[:a]" is not a POSIX class
 *   \d \w \b (ASCII)      PCRE2's default without PCRE2_UCP is ASCII too
 *
 * Patterns are searched for anywhere in the string (not anchored).  Each
 * match runs under a match and depth limit, so a pathological pattern
 * cannot stall validation; hitting the limit counts as a failure whose
 * message says so.  The rest of the dialect notes are in
 * docs/json-schema.md.
 */
#include <string.h>

#include "schemaint.h"

/* ECMA-262 WhiteSpace + LineTerminator, in PCRE2 ALT_BSUX syntax. */
static const char ecma_space[] =
    "\\x09-\\x0d\\x20\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f"
    "\\u205f\\u3000\\ufeff";

/* Longest pattern accepted, in bytes (the translation may grow it). */
#define RE_MAX_SRC 65536

/* Limits of one match (PCRE2 match_limit / depth_limit units). */
#define RE_MATCH_LIMIT 2000000u
#define RE_DEPTH_LIMIT 10000u

pcre2_compile_context *
vigil__re_context(void)
{
	pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);

	if (cctx == NULL)
		return NULL;
	(void)pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_ALT_BSUX);
	(void)pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
	(void)pcre2_set_parens_nest_limit(cctx, 250);
	return cctx;
}

pcre2_code *
vigil__re_compile(const char *src, size_t len, pcre2_compile_context *cctx,
    char *errbuf, size_t errlen)
{
	vgx_buf b;
	size_t i;
	int in_class = 0, ecode = 0;
	PCRE2_SIZE eoff = 0;
	pcre2_code *re = NULL;
	int rc = 0;

	if (len > RE_MAX_SRC) {
		(void)snprintf(errbuf, errlen, "pattern longer than %d bytes",
		    RE_MAX_SRC);
		return NULL;
	}
	vgx_buf_init(&b, RE_MAX_SRC * 4 + 64);
	for (i = 0; i < len && rc == 0; i++) {
		char ch = src[i];

		if (ch == '\\' && i + 1 < len) {
			char n = src[i + 1];

			if (n == 's') {
				if (in_class) {
					rc = vgx_buf_adds(&b, ecma_space);
				} else {
					rc = vgx_buf_addc(&b, '[');
					if (rc == 0)
						rc = vgx_buf_adds(&b, ecma_space);
					if (rc == 0)
						rc = vgx_buf_addc(&b, ']');
				}
				i++;
			} else if (n == 'S' && !in_class) {
				rc = vgx_buf_adds(&b, "[^");
				if (rc == 0)
					rc = vgx_buf_adds(&b, ecma_space);
				if (rc == 0)
					rc = vgx_buf_addc(&b, ']');
				i++;
			} else if ((unsigned char)n < 0x80) {
				rc = vgx_buf_add(&b, src + i, 2);
				i++;
			} else {
				/* identity escape of a non-ASCII character */
				continue;
			}
		} else if (ch == '[' && !in_class) {
			in_class = 1;
			rc = vgx_buf_addc(&b, '[');
			/* a leading ']' closes the class (ECMA [] and [^]) */
			if (rc == 0 && i + 1 < len && src[i + 1] == '^') {
				rc = vgx_buf_addc(&b, '^');
				i++;
			}
			if (rc == 0 && i + 1 < len && src[i + 1] == ']') {
				rc = vgx_buf_addc(&b, ']');
				in_class = 0;
				i++;
			}
		} else if (ch == '[') {
			rc = vgx_buf_adds(&b, "\\[");
		} else if (ch == ']' && in_class) {
			in_class = 0;
			rc = vgx_buf_addc(&b, ']');
		} else {
			rc = vgx_buf_addc(&b, ch);
		}
	}
	if (rc < 0) {
		(void)snprintf(errbuf, errlen, "%s", rc == VIGIL_ENOMEM ?
		    "out of memory" : "pattern too long");
		vgx_buf_dispose(&b);
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)vgx_buf_cstr(&b), b.len,
	    PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
	    PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C, &ecode, &eoff,
	    cctx);
	vgx_buf_dispose(&b);
	if (re == NULL) {
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(ecode, msg, sizeof(msg)) < 0)
			(void)snprintf((char *)msg, sizeof(msg), "error %d",
			    ecode);
		(void)snprintf(errbuf, errlen, "%s", (const char *)msg);
		return NULL;
	}
	/*
	 * JIT is an optimisation only: the interpreter runs when it fails.
	 * The valgrind build goes without (valgrind cannot see that the
	 * generated code initialises what it reads).
	 */
#ifndef VIGIL_NO_JIT
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
#endif
	return re;
}

int
vigil__re_search(const pcre2_code *re, const char *s, size_t len,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, md,
	    mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0,
		    PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md, mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

int
vigil__re_limits(pcre2_match_context *mctx)
{
	if (pcre2_set_match_limit(mctx, RE_MATCH_LIMIT) != 0 ||
	    pcre2_set_depth_limit(mctx, RE_DEPTH_LIMIT) != 0)
		return -1;
	return 0;
}
