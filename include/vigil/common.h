/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/common.h
 * @brief Conventions shared by every public header: export macro, error
 * codes and the caller-provided error value.
 *
 * Conventions stated once for the whole API (BearSSL style):
 * - A pointer argument MUST NOT be NULL unless its documentation says so.
 * - `(ptr, len)` strings are not NUL-terminated and are never kept past the
 *   call unless the function says so.
 * - `vigil_error *err` may always be NULL; when given, it is filled on
 *   failure with a code, a one-line message and, where it applies, the line,
 *   column and JSON Pointer of the input that failed.  Nothing is allocated
 *   on the error path and there is no thread-local state.
 * - Functions return 0 on success or a negative vigil_error_code.
 * - `**out` results belong to the caller and are released with the
 *   matching NULL-safe `vigil_<type>_free()`.
 */
#ifndef VIGIL_COMMON_H
#define VIGIL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define VIGIL_EXTERN __attribute__((visibility("default")))
#define VIGIL_WARN_UNUSED __attribute__((warn_unused_result))
#define VIGIL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VIGIL_EXTERN
#define VIGIL_WARN_UNUSED
#define VIGIL_PRINTF(f, a)
#endif

/** Version of the library and of the command, "MAJOR.MINOR.PATCH". */
#define VIGIL_VERSION "0.1.0"

/** Error codes: every failing function returns one of these (< 0). */
typedef enum vigil_error_code {
	VIGIL_OK = 0,
	VIGIL_ERROR = -1,	/**< generic failure */
	VIGIL_ENOMEM = -2,	/**< out of memory */
	VIGIL_EINVALID = -3,	/**< the input is malformed */
	VIGIL_ENOTFOUND = -4,	/**< no such object */
	VIGIL_EEXISTS = -5,	/**< the object exists already */
	VIGIL_ETOOBIG = -6,	/**< a documented limit was hit */
	VIGIL_EUNSUPPORTED = -7,	/**< valid, but not something vigil does */
	VIGIL_EVERIFY = -8,	/**< a signature or digest does not verify */
	VIGIL_EIO = -9,		/**< reading or writing failed */
	VIGIL_EDB = -10		/**< the store failed */
} vigil_error_code;

/**
 * Details of a failure, filled by the callee when the caller passes one.
 * `path` is a JSON Pointer (RFC 6901) into the input when that applies,
 * else empty; `line` and `column` are 1-based, 0 when unknown.
 */
typedef struct vigil_error {
	int code;		/**< a vigil_error_code */
	unsigned long line;	/**< 1-based line in the input, 0 if unknown */
	unsigned long column;	/**< 1-based column, 0 if unknown */
	char path[128];		/**< JSON Pointer, "" if none */
	char msg[256];		/**< one factual line, no trailing newline */
} vigil_error;

/** Static text for an error code; never NULL. Thread-safe. */
VIGIL_EXTERN const char *vigil_strerror(int code);

/** Reset ERR to "no error". */
VIGIL_EXTERN void vigil_error_clear(vigil_error *err);

/** The library's version string (VIGIL_VERSION of the build). */
VIGIL_EXTERN const char *vigil_version_string(void);

#ifdef __cplusplus
}
#endif
#endif
