/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/range.h
 * @brief Version ranges: one interval model for OSV, vers and NVD.
 *
 * Every source of "which versions are affected" becomes the same thing: a
 * union of intervals of versions, ordered by one version scheme, minus a
 * few excluded versions.
 *
 *   source                          intervals (scheme)          excluded
 *   -----------------------------   -------------------------   --------
 *   vers:deb/>=1.2|<2|2.5.1        [1.2, 2)  [2.5.1, 2.5.1]    -
 *   vers:pypi/<1.0|!=0.5|>=3       (-inf, 1.0)  [3, +inf)       0.5
 *   vers:npm with "*" alone        (-inf, +inf)                -
 *   OSV  introduced 0, fixed 1.4,   (-inf, 1.4)  [2.0, 2.3]     -
 *        introduced 2.0,
 *        last_affected 2.3
 *   OSV  versions ["1.1", "1.3"]   [1.1, 1.1]  [1.3, 1.3]      -
 *   NVD  versionStartIncluding 5.0, [5.0, 5.4.2)                -
 *        versionEndExcluding 5.4.2
 *   NVD  cpe:...:openssl:1.1.1w     [1.1.1w, 1.1.1w]            -
 *
 * A version V is in the range when no excluded version equals V and some
 * interval holds V.  Each bound is a version string (kept in the range's
 * own text store, so the range does not borrow from its input) or
 * unbounded, and either inclusive or exclusive.  A point is an interval
 * whose bounds are equal and inclusive.
 *
 * Memory: a vigil_range is a plain struct with fixed capacity (BearSSL
 * style), so building and matching never allocate; the caller owns it
 * (stack, array, or inside another struct) and nothing needs freeing.
 * The limits are explicit (VIGIL_RANGE_MAX_*); going past one is
 * VIGIL_ETOOBIG, never a truncation.  Only vigil_range_parse_osv()
 * allocates, for the JSON tree, and frees it before returning.
 *
 * The struct fields are visible so that callers can size and embed the
 * struct; treat them as private and use the functions.
 *
 * All functions are thread-safe on distinct ranges; a range that is no
 * longer modified may be read by any number of threads.
 */
#ifndef VIGIL_RANGE_H
#define VIGIL_RANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil/common.h"
#include "vigil/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most intervals (points included) one range holds. */
#define VIGIL_RANGE_MAX_INTERVALS 256
/** Most excluded versions ("!=" in vers) one range holds. */
#define VIGIL_RANGE_MAX_EXCLUDED 32
/** Bytes of version text one range (or one parsed vers) holds. */
#define VIGIL_RANGE_TEXT_MAX 16384
/** Most constraints in one vers string. */
#define VIGIL_VERS_MAX_CONSTRAINTS 256
/** Longest vers string accepted, in bytes. */
#define VIGIL_VERS_MAX_LEN 16384

/** One interval; offsets index the range's text, a length of 0 is "unbounded". */
typedef struct vigil_interval {
	uint16_t lo_off, lo_len;	/**< lower bound; lo_len 0: -infinity */
	uint16_t hi_off, hi_len;	/**< upper bound; hi_len 0: +infinity */
	uint8_t lo_incl, hi_incl;	/**< 1: the bound itself is in */
} vigil_interval;

/** A set of versions of one scheme; see the file comment.  Private fields. */
typedef struct vigil_range {
	const vigil_scheme *scheme;
	uint16_t nint;			/**< intervals used */
	uint16_t nexcl;			/**< excluded versions used */
	uint16_t textlen;		/**< bytes of text used */
	uint16_t nskipped;		/**< OSV ranges skipped (GIT): see parse_osv */
	uint16_t ninvalid;		/**< OSV listed versions left out as invalid */
	vigil_interval iv[VIGIL_RANGE_MAX_INTERVALS];
	struct {
		uint16_t off, len;
	} excl[VIGIL_RANGE_MAX_EXCLUDED];
	char text[VIGIL_RANGE_TEXT_MAX];
} vigil_range;

/** Make R empty (it contains no version) for versions of SCHEME. */
VIGIL_EXTERN void vigil_range_init(vigil_range *r, const vigil_scheme *scheme);

/**
 * Add the interval from LO to HI.  LO (LOLEN bytes) NULL means unbounded
 * below, HI NULL unbounded above; LO_INCL / HI_INCL say whether a bound is
 * itself in the interval.  Both bounds must be valid versions of R's
 * scheme; they are copied.  An interval with LO above HI, or LO equal to
 * HI without both bounds inclusive, is empty and not added.
 * Returns 0, VIGIL_EINVALID (a bound is not a valid version) or
 * VIGIL_ETOOBIG (R is full); on error R is unchanged.
 */
VIGIL_EXTERN int vigil_range_add(vigil_range *r, const char *lo, size_t lolen,
    bool lo_incl, const char *hi, size_t hilen, bool hi_incl,
    vigil_error *err);

/**
 * Add the single version V.  A version R already contains adds nothing
 * (OSV "versions" lists mostly repeat what the ranges say).  Errors as
 * vigil_range_add().
 */
VIGIL_EXTERN int vigil_range_add_version(vigil_range *r, const char *v,
    size_t len, vigil_error *err);

/** Exclude version V from R (vers "!=").  Errors as vigil_range_add(). */
VIGIL_EXTERN int vigil_range_exclude(vigil_range *r, const char *v, size_t len,
    vigil_error *err);

/**
 * Set *OUT to whether version V (LEN bytes) is in R.  Allocates nothing.
 * Returns 0, or VIGIL_EINVALID when V is not a valid version of R's scheme
 * (*OUT is then false).
 */
VIGIL_EXTERN int vigil_range_contains(bool *out, const vigil_range *r,
    const char *v, size_t len, vigil_error *err);

/**
 * Sort R's intervals by their lower bounds and merge those that overlap or
 * touch, and drop excluded versions no interval holds, so that every
 * version is described once.  Does not change which versions R holds.
 * Returns 0 (it cannot fail on a range built by these functions).
 */
VIGIL_EXTERN int vigil_range_normalize(vigil_range *r, vigil_error *err);

/** Number of intervals in R. */
VIGIL_EXTERN size_t vigil_range_count(const vigil_range *r);

/**
 * Bounds of interval I of R: *LO / *HI point into R (valid while R is not
 * changed) or are NULL when unbounded.
 */
VIGIL_EXTERN void vigil_range_interval(const vigil_range *r, size_t i,
    const char **lo, size_t *lolen, bool *lo_incl, const char **hi,
    size_t *hilen, bool *hi_incl);

/**
 * Write R as a canonical vers string ("vers:deb/>=1.2|<2") into BUF of
 * SIZE bytes, NUL-terminated; *LEN_OUT (may be NULL) gets its length.
 * R is normalised on a copy first.  An empty range (no interval) cannot be
 * written: VIGIL_EINVALID.  Returns 0, VIGIL_EINVALID or VIGIL_ETOOBIG
 * (BUF too small).
 */
VIGIL_EXTERN int vigil_range_to_vers(char *buf, size_t size, size_t *len_out,
    const vigil_range *r, vigil_error *err);

/* ---- vers (https://github.com/package-url/vers-spec) -------------------- */

/** A vers comparator. */
typedef enum vigil_vers_op {
	VIGIL_VERS_EQ,		/**< "=" (or no comparator) */
	VIGIL_VERS_NE,		/**< "!=" */
	VIGIL_VERS_LT,		/**< "<" */
	VIGIL_VERS_LE,		/**< "<=" */
	VIGIL_VERS_GT,		/**< ">" */
	VIGIL_VERS_GE,		/**< ">=" */
	VIGIL_VERS_ANY		/**< "*": every version */
} vigil_vers_op;

/** One constraint: comparator and decoded version (in the vers's text). */
typedef struct vigil_vers_constraint {
	vigil_vers_op op;
	uint16_t off, len;
} vigil_vers_constraint;

/** A parsed vers string.  Private fields; use the functions. */
typedef struct vigil_vers {
	char scheme[32];		/**< versioning scheme, lower case */
	uint16_t n;			/**< constraints used */
	uint16_t textlen;
	vigil_vers_constraint c[VIGIL_VERS_MAX_CONSTRAINTS];
	char text[VIGIL_RANGE_TEXT_MAX];
} vigil_vers;

/** vigil_vers_parse() flags. */
enum {
	/**
	 * Accept only canonical vers: no whitespace, constraints sorted by
	 * version and unique, upper-case percent-encoding.  Without it,
	 * whitespace is removed and the constraints are sorted.
	 */
	VIGIL_VERS_STRICT = 1 << 0
};

/**
 * Parse the vers string S (LEN bytes) into OUT: "vers:<scheme>/<c>|<c>..".
 * Versions are percent-decoded once.  With two constraints or more,
 * sorting and the strict checks need the scheme's ordering: an unknown
 * scheme is then VIGIL_EUNSUPPORTED and an invalid version VIGIL_EINVALID;
 * a lone constraint's version is checked by vigil_range_from_vers().  Returns 0, VIGIL_EINVALID (ERR says what is wrong
 * and where), VIGIL_EUNSUPPORTED or VIGIL_ETOOBIG (a VIGIL_VERS_* limit).
 */
VIGIL_EXTERN int vigil_vers_parse(vigil_vers *out, const char *s, size_t len,
    unsigned flags, vigil_error *err);

/** The scheme of V found in the registry, or NULL. */
VIGIL_EXTERN const vigil_scheme *vigil_vers_scheme(const vigil_vers *v);

/** Constraint I of V: its comparator, and its version in *VER / *VLEN. */
VIGIL_EXTERN vigil_vers_op vigil_vers_constraint_at(const vigil_vers *v,
    size_t i, const char **ver, size_t *vlen);

/** Number of constraints of V. */
VIGIL_EXTERN size_t vigil_vers_count(const vigil_vers *v);

/**
 * Write V back as a vers string (versions percent-encoded where needed)
 * into BUF of SIZE bytes; errors as vigil_range_to_vers().
 */
VIGIL_EXTERN int vigil_vers_format(char *buf, size_t size, size_t *len_out,
    const vigil_vers *v, vigil_error *err);

/**
 * Turn V into intervals in R (which is initialised here), following the
 * vers containment algorithm: "=" (and the versions of "<=" and ">=") are
 * points, "!=" excludes, "<"/"<=" first opens from -infinity, ">"/">="
 * last runs to +infinity, and a ">"/">=" followed by a "<"/"<=" bounds an
 * interval; "*" is everything, and only "!=" constraints mean everything
 * but those.  V must be sorted (vigil_vers_parse() does that).
 * Returns 0, VIGIL_EUNSUPPORTED (unknown scheme), VIGIL_EINVALID (a
 * version is invalid in the scheme) or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_range_from_vers(vigil_range *r, const vigil_vers *v,
    vigil_error *err);

/**
 * Parse a vers string and build R from it in one go (uses a vigil_vers of
 * about 18 KiB on the stack).  Errors as the two functions.
 */
VIGIL_EXTERN int vigil_range_parse_vers(vigil_range *r, const char *s,
    size_t len, unsigned flags, vigil_error *err);

/**
 * Parse a GitLab advisory range ("<1.9.8||>=1.10.0 <1.10.4||=1.11.0",
 * also with ',' between the comparators of one alternative) of versions
 * of SCHEME into R (initialised here).  "||" separates alternatives, the
 * comparators of one alternative all hold; Go's leading "v" is dropped;
 * empty alternatives ("<1||", in GitLab's data) add nothing, but there
 * must be one comparator at least.
 * Returns 0, VIGIL_EINVALID or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_range_parse_gitlab(vigil_range *r,
    const vigil_scheme *scheme, const char *s, size_t len, vigil_error *err);

/* ---- OSV (https://ossf.github.io/osv-schema/) -------------------------- */

/** Kind of an OSV range event. */
typedef enum vigil_osv_event_kind {
	VIGIL_OSV_INTRODUCED,
	VIGIL_OSV_FIXED,
	VIGIL_OSV_LAST_AFFECTED,
	VIGIL_OSV_LIMIT
} vigil_osv_event_kind;

/** One event of an OSV range; VERSION is borrowed for the call. */
typedef struct vigil_osv_event {
	vigil_osv_event_kind kind;
	const char *version;	/**< "0" with INTRODUCED: from the start */
	size_t len;
} vigil_osv_event;

/**
 * Add one OSV range of type SEMVER or ECOSYSTEM, given by its N events
 * (at most VIGIL_RANGE_MAX_INTERVALS * 2), to R, evaluated as the OSV
 * schema says: events sorted by version ("introduced: 0" first), an
 * introduced opens an affected interval, the next fixed closes it before
 * that version and the next last_affected after it; limits cap the whole
 * range below the highest limit.  R's scheme orders the versions.
 * Returns 0, VIGIL_EINVALID (a version is invalid) or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_range_add_osv(vigil_range *r,
    const vigil_osv_event *ev, size_t n, vigil_error *err);

/**
 * Build R from one element of an OSV record's "affected" array, as JSON
 * (LEN bytes, at most 1 MiB): the scheme comes from package.ecosystem
 * (SEMVER ranges use the "semver" scheme when every range is SEMVER), and
 * R holds every SEMVER and ECOSYSTEM range plus the "versions" list.
 * Ranges of type GIT (commit ranges need the repository) or of an unknown
 * type are not evaluated: they are counted in vigil_range_skipped(), and
 * when nothing else is left the call fails with VIGIL_EUNSUPPORTED, so a
 * GIT-only package is never taken for "no version affected".
 * Allocates while parsing and frees before returning.
 * Returns 0, VIGIL_EINVALID (ERR has the JSON pointer), VIGIL_EUNSUPPORTED
 * (unknown ecosystem, or only GIT ranges), VIGIL_ETOOBIG or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_range_parse_osv(vigil_range *r, const char *json,
    size_t len, vigil_error *err);

/** Number of OSV ranges vigil_range_parse_osv() skipped (GIT, unknown). */
VIGIL_EXTERN size_t vigil_range_skipped(const vigil_range *r);

/**
 * Number of versions of the OSV "versions" list that are not valid in the
 * scheme and so were left out ("0.7.1.fix1" on PyPI): vigil_range_contains()
 * rejects such a version anyway, so nothing is lost by leaving it out.
 */
VIGIL_EXTERN size_t vigil_range_invalid_versions(const vigil_range *r);

/* ---- NVD (CVE API 2.0 configurations[].nodes[].cpeMatch[]) ------------- */

/**
 * The version part of an NVD cpeMatch: VERSION is the version field of
 * its criteria CPE ("*", "-", or a version), the others are the optional
 * versionStart/End fields (NULL when absent).  All borrowed for the call.
 */
typedef struct vigil_nvd_match {
	const char *version;
	const char *start_including;
	const char *start_excluding;
	const char *end_including;
	const char *end_excluding;
} vigil_nvd_match;

/**
 * Add the versions an NVD cpeMatch covers to R: with any start/end field
 * the interval they bound (a missing side is unbounded); otherwise the
 * CPE's version alone, or every version for "*".  A CPE version "-" (not
 * applicable) has no version to compare: VIGIL_EUNSUPPORTED; a bound of
 * "-" or "*" (real NVD records have versionStartIncluding "-") is no
 * bound.  Bounds
 * together with a CPE version other than "*" are VIGIL_EINVALID (NVD never
 * writes them; vigil does not guess which one is meant).  Returns 0,
 * VIGIL_EINVALID, VIGIL_EUNSUPPORTED or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_range_add_nvd(vigil_range *r, const vigil_nvd_match *m,
    vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
