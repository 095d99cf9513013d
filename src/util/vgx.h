/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/util: helpers shared by the library, the command line and the tests
 * (curl's curlx).  Allocation with hooks and overflow checks, growable
 * buffers with a hard limit, bounded number parsing on (ptr, end), whole
 * file reading with a size cap, and the internal error setters.
 *
 * Nothing here prints.  Every function that can fail returns 0 or a
 * negative vigil_error_code.
 */
#ifndef VGX_H
#define VGX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vigil/common.h"

/* ---- defensive macros (SQLite ALWAYS/NEVER) ---------------------------- */
#include <assert.h>
#ifdef NDEBUG
#define VIGIL_ALWAYS(x) (x)
#define VIGIL_NEVER(x) (x)
#else
#define VIGIL_ALWAYS(x) ((x) ? 1 : (assert(0), 0))
#define VIGIL_NEVER(x) ((x) ? (assert(0), 1) : 0)
#endif

#define VGX_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors -------------------------------------------------------------- */

/*
 * Fill ERR (which may be NULL) with CODE and a formatted message; return
 * CODE so that callers can write `return vigil__error(err, ...)`.
 */
int vigil__error(vigil_error *err, int code, const char *fmt, ...)
    VIGIL_PRINTF(3, 4);
int vigil__verror(vigil_error *err, int code, const char *fmt, va_list ap)
    VIGIL_PRINTF(3, 0);

/* As vigil__error, and also record the line and column of the input. */
int vigil__error_at(vigil_error *err, int code, unsigned long line,
    unsigned long column, const char *fmt, ...) VIGIL_PRINTF(5, 6);

/*
 * As vigil__error, and also record POINTER, a JSON Pointer into the input
 * (truncated to fit; truncation is marked with "...").
 */
int vigil__error_ptr(vigil_error *err, int code, const char *pointer,
    const char *fmt, ...) VIGIL_PRINTF(4, 5);

/* ERR says "out of memory"; returns VIGIL_ENOMEM. */
int vigil__error_oom(vigil_error *err);

/*
 * Put PREFIX in front of ERR's message ("PREFIX: old message"), keeping the
 * code and position.  Used to name the file or record that failed.
 */
void vigil__error_prefix(vigil_error *err, const char *fmt, ...)
    VIGIL_PRINTF(2, 3);

/* Caller misuse that cannot be reported safely: abort (libsodium). */
void vigil__misuse(const char *what) __attribute__((noreturn));

/* ---- allocation ---------------------------------------------------------- */

/*
 * Every allocation in vigil goes through these, so that tests can make the
 * Nth allocation fail (curl torture, jansson chaos).  vgx_reallocarray
 * checks N * SIZE for overflow and, like OpenBSD's, leaves the old block
 * intact on failure.
 */
void *vgx_malloc(size_t size);
void *vgx_calloc(size_t n, size_t size);
void *vgx_reallocarray(void *p, size_t n, size_t size);
void vgx_free(void *p);
char *vgx_strdup(const char *s);
char *vgx_strndup(const char *s, size_t n);
/*
 * A copy of S, or NULL for NULL; when the copy fails, NULL and *OOM set, so
 * that many fields can be copied before one check.
 */
char *vgx_strdup_or_flag(const char *s, bool *oom);

/*
 * Test hook: make the allocation numbered FAIL_AT (1-based, counted from
 * this call) and every later one fail; 0 turns failures off.  Returns how
 * many allocations were made since the previous call.
 */
unsigned long vgx_alloc_fail_at(unsigned long fail_at);

/* ---- growable buffer with a hard limit (curl dynbuf) --------------------- */

typedef struct vgx_buf {
	char *ptr;		/* NUL-terminated contents, NULL when empty */
	size_t len;		/* bytes used, without the NUL */
	size_t cap;		/* bytes allocated */
	size_t max;		/* hard limit on len, in bytes */
} vgx_buf;

/* Initialise B, whose contents may never exceed MAX bytes. */
void vgx_buf_init(vgx_buf *b, size_t max);
/* Free B's contents; B can be used again after vgx_buf_init. */
void vgx_buf_dispose(vgx_buf *b);
/* Empty B without freeing its memory. */
void vgx_buf_reset(vgx_buf *b);
/*
 * Append; on failure (VIGIL_ENOMEM or VIGIL_ETOOBIG) B is left as it was.
 */
int vgx_buf_add(vgx_buf *b, const void *p, size_t len);
int vgx_buf_adds(vgx_buf *b, const char *s);
int vgx_buf_addc(vgx_buf *b, char c);
int vgx_buf_printf(vgx_buf *b, const char *fmt, ...) VIGIL_PRINTF(2, 3);
/* Hand the contents over to the caller (vgx_free them); B is emptied. */
char *vgx_buf_take(vgx_buf *b, size_t *len_out);
/* The contents as a C string: "" when empty; borrowed from B. */
const char *vgx_buf_cstr(const vgx_buf *b);

/* ---- bounded parsing on (ptr, end) (curl STRPARSE) ------------------------ */

/*
 * Parse a run of ASCII digits at *SP (before END) into *OUT, not above MAX.
 * Moves *SP past the digits.  Returns 0, or -1 when there is no digit or the
 * number exceeds MAX (then *SP is unchanged).
 */
int vgx_parse_uint(const char **sp, const char *end, uint64_t max,
    uint64_t *out);

/* ASCII-only helpers, independent of the locale. */
static inline int vgx_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int vgx_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int vgx_isalnum(int c) { return vgx_isdigit(c) || vgx_isalpha(c); }
/* The value of hex digit C (either case), or -1. */
static inline int vgx_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
static inline int vgx_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}
static inline int vgx_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}
static inline int vgx_toupper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* Case-insensitive (ASCII) comparison of (a, alen) with the C string B. */
bool vgx_strieq(const char *a, size_t alen, const char *b);
/* Exact comparison of (a, alen) with the C string B. */
bool vgx_streq(const char *a, size_t alen, const char *b);

/*
 * Check that (s, len) is valid UTF-8 without NUL bytes, overlong forms or
 * surrogates.  Returns 0, or -1 and the offset of the first bad byte.
 */
int vgx_utf8_check(const char *s, size_t len, size_t *bad_at);

/* ---- files ---------------------------------------------------------------- */

/*
 * Read the whole of PATH ("-" for stdin) into a new NUL-terminated buffer
 * of at most MAX bytes.  *OUT is the caller's (vgx_free).  Errors name the
 * path: VIGIL_EIO, VIGIL_ETOOBIG, VIGIL_ENOMEM.
 */
int vgx_file_read(char **out, size_t *len_out, const char *path, size_t max,
    vigil_error *err);

/*
 * Read one line from FP into B (without the newline; a trailing CR is
 * removed too).  Returns 1 when a line was read, 0 at end of file, or a
 * negative code: VIGIL_ETOOBIG for a line longer than B's limit (the rest of
 * that line is consumed), VIGIL_EIO on a read error.
 */
int vgx_getline(vgx_buf *b, FILE *fp, vigil_error *err);

#endif
