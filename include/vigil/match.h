/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/match.h
 * @brief Scanning: match an SBOM's components to the advisories of a store,
 * and account for every component.
 *
 * A scan takes the components of one SBOM (vigil_match_add(), which copies
 * what it needs, so components may come from a streaming read) and then,
 * in vigil_match_run(), works in batches:
 *
 * - each component gets its keys: an OSV ecosystem and package name from
 *   its purl, and CPEs (its own, or one from the identity map
 *   data/identity/cpe-map.tsv for C and embedded software);
 * - each distinct key is looked up once in the store (one indexed query),
 *   and the ranges or NVD configurations found are evaluated for every
 *   component that has the key;
 * - matched records are merged per vulnerability (alias groups of the
 *   store), and each vulnerability is enriched once (KEV, EPSS, CVSS
 *   computed from the vector by vigil_cvss_score()).
 *
 * Every component ends in exactly one state (vigil_match_state): affected,
 * not affected (evaluated, nothing matches), or not evaluated, with the
 * reason.  docs/matching.md describes the rules.
 *
 * Strings in the structures handed out are owned by the vigil_match and
 * live until vigil_match_free().  A vigil_match is used by one thread.
 */
#ifndef VIGIL_MATCH_H
#define VIGIL_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/common.h"
#include "vigil/cvss.h"
#include "vigil/sbom.h"
#include "vigil/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most components one scan takes. */
#define VIGIL_MATCH_MAX_COMPONENTS 10000000u
/** Most CPEs of one component that are matched. */
#define VIGIL_MATCH_MAX_CPES 16u
/** Most cpeMatch entries in one NVD configuration. */
#define VIGIL_MATCH_MAX_CPEMATCH 100000u
/** Most nodes in one NVD configuration. */
#define VIGIL_MATCH_MAX_NODES 4096u

/** Where a component ends. */
typedef enum vigil_match_state {
	VIGIL_MATCH_AFFECTED = 0,	/**< at least one confirmed finding */
	VIGIL_MATCH_NOT_AFFECTED,	/**< evaluated, nothing matches */
	VIGIL_MATCH_NOT_EVALUATED	/**< see the reason */
} vigil_match_state;

/** Why a component was not evaluated. */
typedef enum vigil_match_reason {
	VIGIL_MATCH_EVALUATED = 0,	/**< no reason: it was evaluated */
	VIGIL_MATCH_NO_IDENTIFIER,	/**< no purl, no CPE, not in the map */
	VIGIL_MATCH_UNKNOWN_ECOSYSTEM,	/**< purl type without an ecosystem */
	VIGIL_MATCH_UNPARSEABLE_VERSION,	/**< the scheme rejects it */
	VIGIL_MATCH_NO_VERSION,		/**< none, "-" or "*" */
	VIGIL_MATCH_NO_DATA,		/**< the store has nothing for it */
	VIGIL_MATCH_NREASONS
} vigil_match_reason;

/** "affected", "not_affected", "not_evaluated". */
VIGIL_EXTERN const char *vigil_match_state_name(vigil_match_state s);
/** "evaluated", "no_identifier", "unknown_ecosystem",
 * "unparseable_version", "no_version", "no_data_for_ecosystem". */
VIGIL_EXTERN const char *vigil_match_reason_name(vigil_match_reason r);

/** Options of vigil_match_new(). */
typedef struct vigil_match_opts {
	unsigned version;	/**< VIGIL_MATCH_OPTS_VERSION */
	unsigned flags;		/**< VIGIL_MATCH_* below */
} vigil_match_opts;

enum {
	/** Do not match through OSV (purls); for differential tests. */
	VIGIL_MATCH_NO_OSV = 1u << 0,
	/** Do not match through NVD (CPEs); for differential tests. */
	VIGIL_MATCH_NO_NVD = 1u << 1
};

#define VIGIL_MATCH_OPTS_VERSION 1
#define VIGIL_MATCH_OPTS_INIT { VIGIL_MATCH_OPTS_VERSION, 0 }

/** One scan. */
typedef struct vigil_match vigil_match;

/** A component as the scan sees it. */
typedef struct vigil_match_component {
	uint32_t index;		/**< index in the SBOM */
	const char *ref;	/**< bom-ref / SPDXID, or NULL */
	const char *name;	/**< or NULL */
	const char *version;	/**< the version compared, or NULL */
	const char *purl;	/**< as given, or NULL */
	const char *ecosystem;	/**< OSV ecosystem used ("Debian:12") or NULL */
	const char *cpe;	/**< first CPE used (own or mapped), or NULL */
	bool cpe_mapped;	/**< that CPE came from the identity map */
	vigil_match_state state;
	vigil_match_reason reason;	/**< EVALUATED unless NOT_EVALUATED */
	const char *detail;	/**< why not evaluated, one line, or NULL */
	size_t nfindings;	/**< confirmed findings */
	size_t nunconfirmed;	/**< findings needing a platform not listed */
} vigil_match_component;

/** Evidence: which record and which range or configuration matched. */
typedef struct vigil_match_evidence {
	const char *source;	/**< "osv" or "nvd" */
	const char *record;	/**< OSV id or CVE id */
	/** OSV: "ECOSYSTEM/NAME vers:..."; NVD: the configuration's
	 * vulnerable cpeMatch that matched, with its bounds. */
	const char *match;
	/** NULL, or for an unconfirmed NVD match the platforms the
	 * configuration needs that the SBOM does not list. */
	const char *note;
} vigil_match_evidence;

/** A vulnerability (one alias group), enriched once. */
typedef struct vigil_match_vuln {
	const char *id;		/**< CVE if there is one, else the first id */
	const char *const *aliases;	/**< every id of the group, sorted */
	size_t naliases;
	const char *summary;	/**< or NULL */
	bool kev;		/**< in the CISA KEV catalog */
	const char *kev_added;	/**< date added, or NULL */
	const char *kev_due;	/**< due date, or NULL */
	bool kev_ransomware;	/**< known ransomware campaign use */
	bool has_epss;
	double epss;		/**< probability, 0..1 */
	double epss_percentile;
	bool has_cvss;
	const char *cvss_vector;	/**< normalised vector used */
	vigil_cvss_version cvss_version;
	int score;		/**< tenths, computed by vigil_cvss_score() */
	vigil_cvss_severity severity;	/**< VIGIL_CVSS_NONE without CVSS */
} vigil_match_vuln;

/** One vulnerability affecting one component. */
typedef struct vigil_match_finding {
	uint32_t component;	/**< vigil_match_component_at() index */
	uint32_t vuln;		/**< vigil_match_vuln_at() index */
	/** false: an NVD configuration that needs a platform the SBOM does
	 * not list (see docs/matching.md); not counted as affected. */
	bool confirmed;
	const char *fixed;	/**< first fixed version known, or NULL */
	const vigil_match_evidence *evidence;
	size_t nevidence;
} vigil_match_finding;

/** Counts of a finished scan. */
typedef struct vigil_match_summary {
	size_t components;	/**< components accounted for */
	size_t affected, not_affected, not_evaluated;
	size_t reasons[VIGIL_MATCH_NREASONS];	/**< not_evaluated by reason */
	size_t findings;	/**< confirmed findings */
	size_t unconfirmed;	/**< findings needing an unlisted platform */
	size_t vulns;		/**< distinct vulnerabilities found */
	size_t queries;		/**< store lookups made (distinct keys) */
} vigil_match_summary;

/**
 * A new scan reading ST (which the caller keeps open, typically read-only,
 * until vigil_match_free()).  OPTS may be NULL.  Returns 0 or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_match_new(vigil_match **out, vigil_store *st,
    const vigil_match_opts *opts, vigil_error *err);

/**
 * Add component C (the SBOM's subject, the device itself, is left out by
 * the caller).  What the scan needs is copied.  Returns 0, VIGIL_ETOOBIG
 * (more than VIGIL_MATCH_MAX_COMPONENTS), VIGIL_EINVALID (the scan has
 * run) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_match_add(vigil_match *m,
    const vigil_sbom_component *c, vigil_error *err);

/**
 * Run the scan over the components added.  Afterwards the results can be
 * read; a scan runs once.  Findings are sorted: confirmed first, then by
 * severity and score (highest first), component and vulnerability id.
 * Returns 0, VIGIL_EDB, VIGIL_ENOMEM or VIGIL_EINVALID (run twice).
 */
VIGIL_EXTERN int vigil_match_run(vigil_match *m, vigil_error *err);

/** The counts (after vigil_match_run()). */
VIGIL_EXTERN void vigil_match_get_summary(const vigil_match *m,
    vigil_match_summary *out);

VIGIL_EXTERN size_t vigil_match_component_count(const vigil_match *m);
VIGIL_EXTERN const vigil_match_component *vigil_match_component_at(
    const vigil_match *m, size_t i);
VIGIL_EXTERN size_t vigil_match_finding_count(const vigil_match *m);
VIGIL_EXTERN const vigil_match_finding *vigil_match_finding_at(
    const vigil_match *m, size_t i);
VIGIL_EXTERN size_t vigil_match_vuln_count(const vigil_match *m);
VIGIL_EXTERN const vigil_match_vuln *vigil_match_vuln_at(
    const vigil_match *m, size_t i);

/** Free M (NULL-safe). */
VIGIL_EXTERN void vigil_match_free(vigil_match *m);

/* ---- the identity map ---------------------------------------------------- */

/**
 * Whether a component with a purl of TYPE (NULL: no purl) may take a CPE
 * from the identity map: only types without a package registry of their
 * own (generic, deb, rpm, apk, alpm, conan, github, bitbucket) or none.
 */
VIGIL_EXTERN bool vigil_match_identity_allowed(const char *type);

/**
 * The CPE candidates the identity map (data/identity/cpe-map.tsv, built
 * in) gives for NAME (compared without case): candidate I (0, 1, ...) in
 * PART (2 bytes), VENDOR and PRODUCT (CAP bytes each).  Returns 1 when
 * candidate I exists, 0 when not.
 */
VIGIL_EXTERN int vigil_match_identity(const char *name, size_t i, char *part,
    char *vendor, char *product, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
