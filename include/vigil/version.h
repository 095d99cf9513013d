/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/version.h
 * @brief Version schemes: compare versions exactly as each ecosystem does.
 *
 * A scheme is found by its vigil name (which is the purl type: "npm",
 * "pypi", "maven", "deb", "rpm", "apk", "gem", "nuget", "golang", "cargo",
 * "hex", "composer", "pub", "generic", also "semver"), by another purl type
 * that uses it, or by an OSV ecosystem name ("PyPI", "Debian:12",
 * "crates.io", "Go", "Alpine:v3.20", "Red Hat", ...).
 *
 * Comparison allocates nothing and works on (ptr, len) strings.  A version
 * longer than VIGIL_VERSION_MAX_LEN bytes, or one the scheme cannot parse,
 * is VIGIL_EINVALID with a message that says why: vigil never guesses.
 *
 * All functions here are thread-safe.
 */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest version string any scheme accepts, in bytes. */
#define VIGIL_VERSION_MAX_LEN 256

/** A version scheme; scheme objects are static and never freed. */
typedef struct vigil_scheme vigil_scheme;

/**
 * The scheme named NAME (LEN bytes): a vigil scheme name or purl type
 * (case-insensitive), or an OSV ecosystem name (the part before any ':'
 * decides, so "Debian:12" and "Alpine:v3.20" work).  Returns NULL when no
 * scheme is known by that name.
 */
VIGIL_EXTERN const vigil_scheme *vigil_scheme_find(const char *name,
    size_t len);

/** The scheme's vigil name ("pypi"); static. */
VIGIL_EXTERN const char *vigil_scheme_name(const vigil_scheme *scheme);

/**
 * Visit every scheme in name order: *ITER starts at 0; returns the next
 * scheme or NULL at the end.
 */
VIGIL_EXTERN const vigil_scheme *vigil_scheme_next(size_t *iter);

/**
 * Compare A and B under SCHEME: *OUT is -1, 0 or 1 for A < B, A == B
 * (equal precedence, e.g. "1.0" and "1.0.0" in Maven) and A > B.
 * Returns 0, or VIGIL_EINVALID when either version is not valid in the
 * scheme (ERR says which and why; *OUT is then 0).
 */
VIGIL_EXTERN int vigil_version_compare(int *out, const vigil_scheme *scheme,
    const char *a, size_t alen, const char *b, size_t blen,
    vigil_error *err);

/**
 * Check that V is a valid version in SCHEME.  Returns 0 or VIGIL_EINVALID
 * with the reason in ERR.
 */
VIGIL_EXTERN int vigil_version_validate(const vigil_scheme *scheme,
    const char *v, size_t len, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
