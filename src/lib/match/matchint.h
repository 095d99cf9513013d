/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the matcher: the NVD configuration evaluator (nvdconf.c, also
 * driven by the fuzz target fuzz_nvdconf), the purl to OSV ecosystem
 * mapping (ecosystem.c) and the identity map (idmap.c).
 */
#ifndef VIGIL_MATCHINT_H
#define VIGIL_MATCHINT_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/cpe.h"
#include "vigil/match.h"
#include "vigil/purl.h"

/* Three-valued results of the configuration evaluator (Kleene logic). */
enum vigil__tri {
	VIGIL__FALSE = 0,
	VIGIL__TRUE = 1,
	VIGIL__UNKNOWN = 2	/* a platform the SBOM does not list */
};

/* One parsed NVD configuration. */
struct vigil__nvdconf;

/*
 * Parse one element of an NVD CVE's `configurations` (JSON, LEN bytes):
 * operator (AND/OR, default OR), negate, nodes[] with operator, negate
 * and cpeMatch[] (vulnerable, criteria, version bounds).  Returns 0,
 * VIGIL_EINVALID (ERR has the JSON pointer), VIGIL_ETOOBIG or
 * VIGIL_ENOMEM.
 */
int vigil__nvdconf_parse(struct vigil__nvdconf **out, const char *json,
    size_t len, vigil_error *err);
void vigil__nvdconf_free(struct vigil__nvdconf *c);

/*
 * Does some CPE of the SBOM (other than the one being evaluated) satisfy
 * criterion CRIT with the version range R (NULL: CRIT's version cannot be
 * compared, "-")?  Set *FOUND: true when one does; *LISTED: whether the
 * SBOM lists the vendor and product at all.
 */
typedef int (*vigil__platform_fn)(void *ctx, const vigil_cpe *crit,
    const struct vigil__nvdconf *c, size_t match, bool *found,
    bool *listed);

/* What an evaluation found. */
struct vigil__nvdeval {
	int result;		/* enum vigil__tri for the configuration */
	long hit;		/* the vulnerable cpeMatch TARGET satisfies, -1 */
	long missing;		/* a cpeMatch of an unlisted platform, -1 */
};

/*
 * Evaluate configuration C for the component CPE TARGET whose version is
 * VERSION (a valid generic version).  Every cpeMatch is true when TARGET
 * (vulnerable ones) or, through PLATFORM, another CPE of the SBOM
 * satisfies it; a non-vulnerable one whose product the SBOM does not list
 * is unknown.  OUT->result is TRUE only when TARGET satisfies a
 * vulnerable cpeMatch and the configuration holds.  PLATFORM may be NULL
 * (nothing else is listed).
 */
int vigil__nvdconf_eval(struct vigil__nvdeval *out,
    struct vigil__nvdconf *c, const vigil_cpe *target, const char *version,
    vigil__platform_fn platform, void *ctx, vigil_error *err);

/*
 * Whether cpeMatch I of C is satisfied by the CPE CAND with version
 * VERSION (NULL: CAND's own version).  Used by platform callbacks.
 */
bool vigil__nvdconf_satisfies(struct vigil__nvdconf *c, size_t i,
    const vigil_cpe *cand, const char *version);

/* Number of cpeMatch entries of C, and entry I's criteria and text. */
size_t vigil__nvdconf_count(const struct vigil__nvdconf *c);
const vigil_cpe *vigil__nvdconf_criteria(const struct vigil__nvdconf *c,
    size_t i);
/* Entry I's versionEndExcluding (the fixed version), or NULL. */
const char *vigil__nvdconf_fixed(const struct vigil__nvdconf *c, size_t i);
/* "cpe:2.3:... >=1.1.1 <1.1.1t" into a new string (vgx_free). */
char *vigil__nvdconf_describe(const struct vigil__nvdconf *c, size_t i);

/*
 * The OSV ecosystem of PURL into ECO and the OSV package name into NAME
 * (CAP bytes each).  Returns 0, or VIGIL_ENOTFOUND with a one-line reason
 * in ECO when the type has no ecosystem vigil knows (or a deb/rpm/apk purl
 * without the distro qualifier).
 */
int vigil__purl_ecosystem(const vigil_purl *purl, char *eco, char *name,
    size_t cap);

#endif
