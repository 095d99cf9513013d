/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the CVSS code in src/lib/risk: the metric tables that drive the
 * one strict parser and formatter (cvss.c) for every version, and the
 * per-version scoring functions (cvss2.c, cvss3.c, cvss4.c).
 */
#ifndef VIGIL_RISK_CVSSINT_H
#define VIGIL_RISK_CVSSINT_H

#include <stdbool.h>

#include "vigil/cvss.h"

/* Most values one metric has (v4 MSI: X S H L N; U: X Clear Green ...). */
#define CVSS_MAX_VALUES 6

/*
 * One metric: its abbreviation, its group and its values.  For every metric
 * outside the base group, value 0 is "Not Defined" (X, or ND in v2), which
 * an omitted metric also gets.  The index of a value is what vigil_cvss
 * stores, and what the scoring tables are indexed by.
 */
struct cvss_metric {
	const char *name;
	unsigned char group;		/* vigil_cvss_group */
	unsigned char nvals;
	const char *vals[CVSS_MAX_VALUES];
};

struct cvss_spec {
	vigil_cvss_version version;
	const char *prefix;		/* "CVSS:3.1/", "" for v2 */
	bool ordered;			/* metrics in table order only */
	size_t nmetrics;
	const struct cvss_metric *metrics;
};

extern const struct cvss_spec vigil__cvss2_spec;
extern const struct cvss_spec vigil__cvss30_spec;
extern const struct cvss_spec vigil__cvss31_spec;
extern const struct cvss_spec vigil__cvss4_spec;

/* The table of VERSION, or NULL. */
const struct cvss_spec *vigil__cvss_spec(vigil_cvss_version version);

/* Index of metric NAME in SPEC, or -1. */
int vigil__cvss_metric_index(const struct cvss_spec *spec, const char *name);

/*
 * Whether C has a metric of GROUP with a defined (not X/ND) value.
 */
bool vigil__cvss_group_defined(const vigil_cvss *c, vigil_cvss_group group);

/*
 * Per-version scoring; C is valid (every value index in range).  They fill
 * every field of OUT that applies to the version and leave the others as
 * vigil_cvss_score() initialised them (-1).
 */
void vigil__cvss2_score(vigil_cvss_scores *out, const vigil_cvss *c);
void vigil__cvss3_score(vigil_cvss_scores *out, const vigil_cvss *c);
void vigil__cvss4_score(vigil_cvss_scores *out, const vigil_cvss *c);

#endif
