/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/report.h
 * @brief Scan reports: the result of a vigil_match scan written as a table
 * for a person, vigil's JSON (docs/scan-json.md), SARIF 2.1.0, a
 * CycloneDX 1.6 VDR (the input's bom-refs in `affects`) or CSV.
 *
 * Every format names the store's snapshot id and vigil's version, and says
 * how much of the SBOM was evaluated.  Output is deterministic: the same
 * scan gives the same bytes (no current time is written).
 */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "vigil/common.h"
#include "vigil/match.h"
#include "vigil/risk.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Report formats. */
typedef enum vigil_report_format {
	VIGIL_REPORT_TABLE = 0,
	VIGIL_REPORT_JSON,
	VIGIL_REPORT_SARIF,
	VIGIL_REPORT_CYCLONEDX,
	VIGIL_REPORT_CSV
} vigil_report_format;

/** "table", "json", "sarif", "cyclonedx", "csv" to a format; 0 or
 * VIGIL_EINVALID. */
VIGIL_EXTERN int vigil_report_format_parse(vigil_report_format *out,
    const char *name);

/** What a report says besides the scan itself. */
typedef struct vigil_report_info {
	const char *sbom;		/**< input name, as given */
	const char *sbom_format;	/**< "cyclonedx-json", ... */
	const char *subject_name;	/**< the device, or NULL */
	const char *subject_version;	/**< or NULL */
	const char *subject_ref;	/**< or NULL */
	const char *serial;		/**< the input's serial number, or NULL */
	const char *snapshot;		/**< the store's snapshot id */
	bool color;			/**< table: ANSI colours */
	/**
	 * Patient-harm risk (vigil scan --profile): the device profile's
	 * name, or NULL when risk was not assessed (every format says so);
	 * and per finding (the vigil_match_finding_at() index) its
	 * assessment, or NULL when it could not be assessed (unconfirmed, or
	 * no CVSS vector).
	 */
	const char *profile;
	const vigil_risk_result *const *risk;
} vigil_report_info;

/**
 * Write the result of the finished scan M to FP in FORMAT.  Returns 0,
 * VIGIL_EIO or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_report_write(FILE *fp, const vigil_match *m,
    vigil_report_format format, const vigil_report_info *info,
    vigil_error *err);

/**
 * The share of components evaluated (affected or not affected), in
 * percent; 0 for a scan without components.
 */
VIGIL_EXTERN double vigil_report_coverage(const vigil_match *m);

#ifdef __cplusplus
}
#endif
#endif
