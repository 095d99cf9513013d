/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/cpe.h
 * @brief CPE 2.3 names: parse (formatted string and 2.2 URI), bind back,
 * compare (NISTIR 7695 naming, NISTIR 7696 name matching).
 *
 * A CPE name is a well-formed name (WFN): eleven attributes, each the
 * logical value ANY, the logical value NA, or a value string that may
 * start and end with wildcards ('*' for any run of characters, '?' for
 * at most one character each):
 *
 *     cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*
 *             |  |         |                 |        |    ...
 *           part vendor   product           version  update edition
 *           language sw_edition target_sw target_hw other
 *
 * vigil reads the formatted string "cpe:2.3:..." (the grammar of the
 * CPE 2.3 dictionary schema: unreserved [A-Za-z0-9._-] or a backslash
 * before one punctuation character, wildcards only at the ends, language
 * an RFC 5646-style tag) and the 2.2 URI "cpe:/..." (percent-encoding,
 * %01 and %02 wildcards, the packed edition "~ed~sw~tsw~thw~other").  It
 * binds every name back to the formatted string.
 *
 * Limits: a name is at most VIGIL_CPE_MAX_LEN bytes of printable ASCII.
 * All functions are thread-safe; a vigil_cpe is immutable once parsed.
 */
#ifndef VIGIL_CPE_H
#define VIGIL_CPE_H

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest CPE name accepted, in bytes. */
#define VIGIL_CPE_MAX_LEN 2048

/** The eleven WFN attributes, in formatted-string order. */
typedef enum vigil_cpe_attr {
	VIGIL_CPE_PART = 0,
	VIGIL_CPE_VENDOR,
	VIGIL_CPE_PRODUCT,
	VIGIL_CPE_VERSION,
	VIGIL_CPE_UPDATE,
	VIGIL_CPE_EDITION,
	VIGIL_CPE_LANGUAGE,
	VIGIL_CPE_SW_EDITION,
	VIGIL_CPE_TARGET_SW,
	VIGIL_CPE_TARGET_HW,
	VIGIL_CPE_OTHER,
	VIGIL_CPE_NATTRS	/**< number of attributes (11) */
} vigil_cpe_attr;

/** What an attribute holds. */
typedef enum vigil_cpe_kind {
	VIGIL_CPE_ANY = 0,	/**< logical ANY ("*"): any value */
	VIGIL_CPE_NA,		/**< logical NA ("-"): not applicable */
	VIGIL_CPE_VALUE		/**< a value string */
} vigil_cpe_kind;

/** One attribute's value; all strings are borrowed from the vigil_cpe. */
typedef struct vigil_cpe_av {
	vigil_cpe_kind kind;
	/** Formatted-string binding: "*", "-", or the quoted value as in
	 * the cpe23 string: 8.0, c\+\+, *beta. */
	const char *fs;
	/** VALUE: the literal text between the wildcards with the quoting
	 * removed ("c++", "beta"); "" for ANY and NA. */
	const char *text;
	/** Wildcard before text: 0 none, n > 0 that many '?', -1 a '*'. */
	int lead;
	/** Wildcard after text, as lead. */
	int trail;
} vigil_cpe_av;

/** Relation of a source to a target (NISTIR 7696 §6). */
typedef enum vigil_cpe_relation {
	VIGIL_CPE_DISJOINT = 0,	/**< no name satisfies both */
	VIGIL_CPE_SUBSET,	/**< source is a subset of target */
	VIGIL_CPE_SUPERSET,	/**< source is a superset of target */
	VIGIL_CPE_EQUAL,	/**< source and target are the same set */
	/** The target has wildcards, which matching does not define. */
	VIGIL_CPE_UNDEFINED,
	/** Names only: some attributes are subsets, others supersets, so
	 * the names share members but neither contains the other. */
	VIGIL_CPE_OVERLAP
} vigil_cpe_relation;

typedef struct vigil_cpe vigil_cpe;

/**
 * Parse the CPE name S of LEN bytes (not kept): a 2.3 formatted string
 * ("cpe:2.3:...", exactly 11 attributes) or a 2.2 URI ("cpe:/...", at
 * most 7 components, missing ones ANY).  *OUT is freed with
 * vigil_cpe_free().  Returns 0, VIGIL_EINVALID (ERR says what is wrong
 * and at which byte offset; err->column is offset + 1), VIGIL_ETOOBIG
 * (longer than VIGIL_CPE_MAX_LEN) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_cpe_parse(vigil_cpe **out, const char *s, size_t len,
    vigil_error *err);

/**
 * Check the CPE name S of LEN bytes as vigil_cpe_parse() does (same
 * return codes and messages in ERR) without keeping anything: no memory
 * is allocated.  Returns 0, VIGIL_EINVALID or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_cpe_validate(const char *s, size_t len,
    vigil_error *err);

/**
 * The name bound as a formatted string, normalised ("cpe:2.3:" and the
 * eleven attributes; '.', '-' and '_' unquoted, other punctuation quoted,
 * case kept from a formatted string, lowercase from a URI).  Borrowed
 * from CPE.
 */
VIGIL_EXTERN const char *vigil_cpe_fs(const vigil_cpe *cpe);

/** Attribute ATTR of CPE (0 <= ATTR < VIGIL_CPE_NATTRS); borrowed. */
VIGIL_EXTERN const vigil_cpe_av *vigil_cpe_get(const vigil_cpe *cpe,
    vigil_cpe_attr attr);

/** The attribute's WFN name ("part", "sw_edition", ...); static. */
VIGIL_EXTERN const char *vigil_cpe_attr_name(vigil_cpe_attr attr);

/**
 * Compare one attribute of SOURCE with the same of TARGET (NISTIR 7696
 * Table 6-2), case-insensitively: EQUAL, SUBSET, SUPERSET, DISJOINT or
 * UNDEFINED (the target value has wildcards).
 */
VIGIL_EXTERN vigil_cpe_relation vigil_cpe_compare_attr(
    const vigil_cpe *source, const vigil_cpe *target, vigil_cpe_attr attr);

/**
 * The relation of the name SOURCE to the name TARGET: DISJOINT if any
 * attribute is disjoint; else UNDEFINED if any is undefined; EQUAL if all
 * are equal; SUBSET (SUPERSET) if all are subset (superset) or equal;
 * otherwise OVERLAP.
 */
VIGIL_EXTERN vigil_cpe_relation vigil_cpe_compare(const vigil_cpe *source,
    const vigil_cpe *target);

/**
 * Whether SOURCE matches TARGET in the sense used by vulnerability
 * feeds: every name TARGET stands for is one SOURCE stands for (the
 * relation is SUPERSET or EQUAL).  SOURCE is typically an NVD match
 * criterion, TARGET a component's CPE.
 */
VIGIL_EXTERN int vigil_cpe_match(const vigil_cpe *source,
    const vigil_cpe *target);

/** "equal", "subset", "superset", "disjoint", "undefined", "overlap". */
VIGIL_EXTERN const char *vigil_cpe_relation_name(vigil_cpe_relation rel);

/** Free CPE; NULL is allowed. */
VIGIL_EXTERN void vigil_cpe_free(vigil_cpe *cpe);

#ifdef __cplusplus
}
#endif
#endif
