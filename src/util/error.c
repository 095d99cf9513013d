/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error values (STYLE §2.3).  The caller owns the vigil_error; these
 * functions only format into its fixed buffers, so they never allocate and
 * are safe on the out-of-memory path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgx.h"

const char *
vigil_strerror(int code)
{
	switch (code) {
	case VIGIL_OK: return "no error";
	case VIGIL_ERROR: return "error";
	case VIGIL_ENOMEM: return "out of memory";
	case VIGIL_EINVALID: return "invalid input";
	case VIGIL_ENOTFOUND: return "not found";
	case VIGIL_EEXISTS: return "already exists";
	case VIGIL_ETOOBIG: return "limit exceeded";
	case VIGIL_EUNSUPPORTED: return "not supported";
	case VIGIL_EVERIFY: return "verification failed";
	case VIGIL_EIO: return "input/output error";
	case VIGIL_EDB: return "database error";
	}
	return "unknown error";
}

const char *
vigil_version_string(void)
{
	return VIGIL_VERSION;
}

void
vigil_error_clear(vigil_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

int
vigil__verror(vigil_error *err, int code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	err->line = 0;
	err->column = 0;
	err->path[0] = '\0';
	if (vsnprintf(err->msg, sizeof(err->msg), fmt, ap) < 0)
		(void)snprintf(err->msg, sizeof(err->msg), "%s",
		    vigil_strerror(code));
	return code;
}

int
vigil__error(vigil_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vigil__verror(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int
vigil__error_at(vigil_error *err, int code, unsigned long line,
    unsigned long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vigil__verror(err, code, fmt, ap);
	va_end(ap);
	if (err != NULL) {
		err->line = line;
		err->column = column;
	}
	return code;
}

int
vigil__error_ptr(vigil_error *err, int code, const char *pointer,
    const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	(void)vigil__verror(err, code, fmt, ap);
	va_end(ap);
	if (err != NULL && pointer != NULL) {
		n = strlen(pointer);
		if (n < sizeof(err->path)) {
			memcpy(err->path, pointer, n + 1);
		} else {
			memcpy(err->path, pointer, sizeof(err->path) - 4);
			memcpy(err->path + sizeof(err->path) - 4, "...", 4);
		}
	}
	return code;
}

int
vigil__error_oom(vigil_error *err)
{
	return vigil__error(err, VIGIL_ENOMEM, "out of memory");
}

void
vigil__error_prefix(vigil_error *err, const char *fmt, ...)
{
	char pre[sizeof(err->msg)], old[sizeof(err->msg)];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	if (vsnprintf(pre, sizeof(pre), fmt, ap) < 0)
		pre[0] = '\0';
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is fine: the message stays one readable line. */
	if (snprintf(err->msg, sizeof(err->msg), "%s: %s", pre, old) < 0)
		memcpy(err->msg, old, sizeof(old));
}

void
vigil__misuse(const char *what)
{
	fprintf(stderr, "vigil: library misuse: %s\n", what);
	abort();
}
