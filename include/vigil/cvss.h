/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/cvss.h
 * @brief CVSS v2.0, v3.0, v3.1 and v4.0: strict parsing of vector strings
 * and scoring exactly as the FIRST specifications compute it.
 *
 * vigil never trusts a stored score: the score it reports is always computed
 * from the vector here.  vigil_cvss_check_score() flags a stored number that
 * disagrees with its vector.
 *
 * Parsing is strict (a vector that one of FIRST's calculators or JSON
 * schemas would refuse is VIGIL_EINVALID, with a message naming the metric):
 *
 * - v2.0 vectors have no prefix ("AV:N/AC:L/Au:N/C:P/I:P/A:P"); v3.x start
 *   with "CVSS:3.0/" or "CVSS:3.1/", v4.0 with "CVSS:4.0/".
 * - Every base metric is mandatory; temporal/threat, environmental and
 *   supplemental metrics are optional, and an omitted one is "Not Defined"
 *   (X, or ND in v2).
 * - A metric given twice, an unknown metric or value, an empty component
 *   or any byte outside printable ASCII is an error.
 * - Order: v3.x accepts the metrics in any order (v3.1 specification
 *   section 6: "other orderings are valid"); v2.0 requires the order of its
 *   guide's Table 13 (section 2.4: "a predetermined order") and v4.0 that
 *   of its specification's section 7, which FIRST's calculator enforces.
 * - Names and values are case-sensitive, as in the specifications.
 *
 * Scores are kept as integers in tenths (0..100) so that 6.5 is exactly 65;
 * vigil_cvss_tenths_str() formats one.
 *
 * Nothing here allocates; every function is thread-safe.
 */
#ifndef VIGIL_CVSS_H
#define VIGIL_CVSS_H

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest vector string accepted, in bytes. */
#define VIGIL_CVSS_MAX_LEN 512
/** Most metrics any CVSS version defines (v4.0 has 32). */
#define VIGIL_CVSS_MAX_METRICS 32
/** Buffer size that always holds a normalised vector and its NUL. */
#define VIGIL_CVSS_VECTOR_SIZE 384

/** CVSS versions, numbered by their version times ten. */
typedef enum vigil_cvss_version {
	VIGIL_CVSS_V2 = 20,	/**< CVSS v2.0 (no prefix) */
	VIGIL_CVSS_V30 = 30,	/**< "CVSS:3.0/" */
	VIGIL_CVSS_V31 = 31,	/**< "CVSS:3.1/" */
	VIGIL_CVSS_V40 = 40	/**< "CVSS:4.0/" */
} vigil_cvss_version;

/** Metric groups. */
typedef enum vigil_cvss_group {
	VIGIL_CVSS_BASE = 0,
	VIGIL_CVSS_TEMPORAL = 1,	/**< v2/v3 temporal; v4 threat */
	VIGIL_CVSS_ENVIRONMENTAL = 2,
	VIGIL_CVSS_SUPPLEMENTAL = 3	/**< v4 only */
} vigil_cvss_group;

/** Qualitative severity ratings (CVSS v3.1/v4.0 section 5; NVD for v2). */
typedef enum vigil_cvss_severity {
	VIGIL_CVSS_NONE = 0,	/**< 0.0 (v3, v4) */
	VIGIL_CVSS_LOW,		/**< 0.1-3.9 (v2: 0.0-3.9) */
	VIGIL_CVSS_MEDIUM,	/**< 4.0-6.9 */
	VIGIL_CVSS_HIGH,	/**< 7.0-8.9 (v2: 7.0-10.0) */
	VIGIL_CVSS_CRITICAL	/**< 9.0-10.0 (v3, v4) */
} vigil_cvss_severity;

/** CVSS v4.0 nomenclature (specification section 1.3). */
typedef enum vigil_cvss_nomenclature {
	VIGIL_CVSS_B = 0,	/**< base metrics only */
	VIGIL_CVSS_BT,		/**< base and threat */
	VIGIL_CVSS_BE,		/**< base and environmental */
	VIGIL_CVSS_BTE		/**< base, threat and environmental */
} vigil_cvss_nomenclature;

/**
 * A parsed vector.  `val[i]` is the index of metric i's value in the
 * version's value list (see vigil_cvss_metric_name() and
 * vigil_cvss_value_name()); for an optional metric index 0 is "Not
 * Defined", which is also what an omitted metric gets.  Bit i of `given`
 * says that metric i appeared in the vector (even as X).
 */
typedef struct vigil_cvss {
	vigil_cvss_version version;
	uint32_t given;
	uint8_t val[VIGIL_CVSS_MAX_METRICS];
} vigil_cvss;

/**
 * Scores of a vector; all scores and sub-scores in tenths (0..100).
 * A field that the version does not define, or whose group has no metric
 * with a defined value in the vector, is -1.
 */
typedef struct vigil_cvss_scores {
	vigil_cvss_version version;
	/** v2/v3: the base score; v4: the CVSS-B score (base metrics only). */
	int base;
	/** v2/v3: base impact and exploitability sub-scores (v3.x: the impact
	 * sub-score is 0 when its equation is <= 0). -1 for v4. */
	int impact;
	int exploitability;
	/** v2/v3: temporal score, -1 unless a temporal metric is defined. */
	int temporal;
	/** v2/v3: environmental score and its adjusted/modified impact
	 * sub-score (v3 also modified exploitability); -1 unless an
	 * environmental metric is defined. */
	int environmental;
	int modified_impact;
	int modified_exploitability;
	/** v2/v3: the temporal and environmental scores computed even when
	 * no metric of the group is defined (every such metric taken as Not
	 * Defined), as the reference calculators show them.  -1 for v4. */
	int temporal_always;
	int environmental_always;
	/** The score that stands for the vector: v2/v3 the environmental,
	 * else temporal, else base score; v4 the score of all its metrics. */
	int score;
	vigil_cvss_severity severity;	/**< of `score` */
	vigil_cvss_nomenclature nomenclature;	/**< v4 only; B otherwise */
	/** v4 only: the macrovector, six digits EQ1..EQ6, NUL-terminated. */
	char macrovector[8];
} vigil_cvss_scores;

/**
 * Parse the vector S of LEN bytes into *OUT (caller-owned; nothing is
 * kept).  Returns 0, VIGIL_EINVALID (ERR names the metric or value and
 * has the 1-based column in `column`) or VIGIL_ETOOBIG (longer than
 * VIGIL_CVSS_MAX_LEN).
 */
VIGIL_EXTERN int vigil_cvss_parse(vigil_cvss *out, const char *s, size_t len,
    vigil_error *err);

/**
 * Compute every score of C, which must come from vigil_cvss_parse().
 * Returns 0, or VIGIL_EINVALID when C holds an impossible value.
 */
VIGIL_EXTERN int vigil_cvss_score(vigil_cvss_scores *out, const vigil_cvss *c,
    vigil_error *err);

/**
 * Write C's normalised vector into BUF (SIZE bytes, NUL-terminated): the
 * version prefix, then the metrics in specification order, leaving out
 * those that are not defined.  Parsing the result gives the same scores.
 * Returns the length written, or VIGIL_ETOOBIG when SIZE is too small
 * (VIGIL_CVSS_VECTOR_SIZE always suffices).
 */
VIGIL_EXTERN int vigil_cvss_format(char *buf, size_t size,
    const vigil_cvss *c);

/**
 * The value of metric NAME ("AV", "E", "MSI", ...) in C: its abbreviation
 * ("N", "X", "ND", "Clear"), static.  NULL when the version has no such
 * metric.  An omitted optional metric gives "X" ("ND" in v2).
 */
VIGIL_EXTERN const char *vigil_cvss_get(const vigil_cvss *c,
    const char *name);

/** Number of metrics VERSION defines; 0 for an unknown version. */
VIGIL_EXTERN size_t vigil_cvss_metric_count(vigil_cvss_version version);

/** Abbreviation of metric I of VERSION ("AV"), static; NULL if none. */
VIGIL_EXTERN const char *vigil_cvss_metric_name(vigil_cvss_version version,
    size_t i);

/** Group of metric I of VERSION; -1 if none. */
VIGIL_EXTERN int vigil_cvss_metric_group(vigil_cvss_version version,
    size_t i);

/** Abbreviation of value V of metric I of VERSION, static; NULL if none. */
VIGIL_EXTERN const char *vigil_cvss_value_name(vigil_cvss_version version,
    size_t i, unsigned v);

/** "2.0", "3.0", "3.1", "4.0"; "?" for anything else. Static. */
VIGIL_EXTERN const char *vigil_cvss_version_name(vigil_cvss_version version);

/**
 * The severity rating of TENTHS under VERSION (v2 has Low, Medium and
 * High only, as NVD rates it; v3 and v4 add None and Critical).
 */
VIGIL_EXTERN vigil_cvss_severity vigil_cvss_severity_of(
    vigil_cvss_version version, int tenths);

/** "none", "low", "medium", "high", "critical". Static. */
VIGIL_EXTERN const char *vigil_cvss_severity_name(vigil_cvss_severity s);

/** "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE". Static. */
VIGIL_EXTERN const char *vigil_cvss_nomenclature_name(
    vigil_cvss_nomenclature n);

/**
 * Write TENTHS as "6.5" into BUF (at least 8 bytes); returns BUF.
 */
VIGIL_EXTERN char *vigil_cvss_tenths_str(char *buf, size_t size, int tenths);

/**
 * Check a stored score against its vector.  The score compared is the
 * base score for v2/v3 (what NVD's `baseScore` holds) and the vector's
 * score for v4 (NVD stores the score of all metrics given).  *COMPUTED
 * (may be NULL) gets the computed score in tenths.
 * Returns 0 when STORED equals it to one decimal, VIGIL_EVERIFY when it
 * does not (ERR says both numbers), or the parse error of the vector.
 */
VIGIL_EXTERN int vigil_cvss_check_score(const char *vector, size_t len,
    double stored, int *computed, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
