/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private interface of the version module.  Each scheme lives in
 * scheme_<name>.c and defines
 *
 *	const struct vigil_scheme vigil__scheme_<name> = { ... };
 *
 * The build generates the list of schemes from those file names
 * (version_schemes.inc), so adding a scheme means adding one file.
 *
 * Scheme functions receive (ptr, len) strings of at most
 * VIGIL_VERSION_MAX_LEN bytes (version.c checks the length, and that the
 * string is not empty and holds no NUL or control byte) and must not
 * allocate.
 */
#ifndef VIGIL_VERSIONINT_H
#define VIGIL_VERSIONINT_H

#include "vigil/version.h"
#include "vgx.h"

struct vigil_scheme {
	/* vigil name, equal to the purl type where one exists: "pypi" */
	const char *name;
	/* other purl types or names that use this scheme; NULL-terminated,
	 * may be NULL */
	const char *const *aliases;
	/* OSV ecosystem names (before any ':'), matched case-sensitively as
	 * OSV spells them; NULL-terminated, may be NULL */
	const char *const *ecosystems;
	/* 0 or VIGIL_EINVALID with the reason */
	int (*validate)(const char *v, size_t len, vigil_error *err);
	/* *out = -1/0/1; 0 or VIGIL_EINVALID (naming which version) */
	int (*compare)(int *out, const char *a, size_t alen, const char *b,
	    size_t blen, vigil_error *err);
};

#define X(n) extern const struct vigil_scheme vigil__scheme_##n;
#include "version_schemes.inc"
#undef X

#endif
