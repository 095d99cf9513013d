/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the language-ecosystem version schemes (semver, npm,
 * pypi, maven, nuget, gem, golang, cargo, hex, composer, pub): decimal
 * digit strings compared by value without overflow, and the SemVer 2.0.0
 * parser that semver, cargo, hex and golang share.  Nothing here
 * allocates; versions are (ptr, len) strings.
 */
#ifndef VIGIL_LANGINT_H
#define VIGIL_LANGINT_H

#include "versionint.h"

/* Three-way sign of an int or a difference. */
#define VL_SIGN(x) ((x) < 0 ? -1 : (x) > 0 ? 1 : 0)

/* True when (p, n) is a non-empty run of ASCII digits. */
bool vigil__vl_alldigits(const char *p, size_t n);

/*
 * Compare two runs of ASCII digits by value, of any length: leading zeros
 * are skipped, then the longer number is larger, then the bytes decide.
 */
int vigil__vl_numcmp(const char *a, size_t alen, const char *b, size_t blen);

/* True when the digit run (p, n) is above MAX (leading zeros allowed). */
bool vigil__vl_num_above(const char *p, size_t n, uint64_t max);

/* Bytewise comparison of two strings, shorter-is-smaller on a tie. */
int vigil__vl_bytecmp(const char *a, size_t alen, const char *b, size_t blen);

/* Options for vigil__vl_semver_parse. */
enum {
	VL_SV_VPREFIX = 1 << 0,	/* an optional leading 'v' (Go) */
	VL_SV_SHORT = 1 << 1,	/* "1" and "1.2" without pre/build (Go) */
	VL_SV_U64 = 1 << 2	/* major.minor.patch must fit in 64 bits */
};

/*
 * A SemVer 2.0.0 version split into its parts: spans into the input.
 * Missing minor/patch (VL_SV_SHORT) have length 0 and count as 0.
 */
struct vl_semver {
	const char *num[3];
	size_t numlen[3];
	const char *pre;	/* without the '-'; NULL when absent */
	size_t prelen;
	const char *build;	/* without the '+'; NULL when absent */
	size_t buildlen;
};

/*
 * Parse V strictly by semver.org 2.0.0 (plus the FLAGS relaxations).
 * Returns 0, or VIGIL_EINVALID with a message that starts with WHICH
 * ("first ", "second " or "") and names SCHEME.
 */
int vigil__vl_semver_parse(struct vl_semver *out, const char *v, size_t len,
    unsigned flags, const char *scheme, const char *which, vigil_error *err);

/* SemVer 2.0.0 precedence (§11): build metadata is ignored. */
int vigil__vl_semver_cmp(const struct vl_semver *a, const struct vl_semver *b);

/*
 * Compare two dot-separated SemVer pre-release strings (§11.4): numeric
 * identifiers by value, numeric below alphanumeric, alphanumeric in ASCII
 * order, a shorter prefix first.
 */
int vigil__vl_semver_precmp(const char *a, size_t alen, const char *b,
    size_t blen);

#endif
