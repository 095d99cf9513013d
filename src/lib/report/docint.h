/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the customer security documents (report_device.h): the model a
 * document is written from, gathered once from the store (docmodel.c),
 * and the writers (device_report.c, html.c, fleet_report.c).
 */
#ifndef VIGIL_REPORT_DOCINT_H
#define VIGIL_REPORT_DOCINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "vigil/life.h"
#include "vigil/report_device.h"
#include "vigil/risk.h"
#include "vigil/vex.h"

/* One finding of the release, with its VEX status and risk. */
struct doc_finding {
	char *vuln, *aliases, *component, *purl, *fixed, *severity, *vector;
	char *summary, *first_seen;
	int score;		/* tenths, -1 none */
	bool kev;
	double epss;
	vigil_vex_status vex;
	char *vex_detail;	/* justification or action, or NULL */
	bool assessed;		/* risk computed (a vector was there) */
	vigil_risk_result risk;
};

/* The whole document. */
struct doc {
	vigil_life_info *info;	/* release, profile, components */
	vigil_life_result life;
	int32_t as_of;
	struct doc_finding *f;
	size_t nf;
	bool scanned;
	json_t *controls;	/* the controls file, or NULL */
	const vigil_report_doc_opts *opts;
	vigil_rubric rubric;
	bool has_rubric;
	char sbom_format[48];
	char sbom_spec[16];
	size_t risk_count[5];	/* [0] not assessed, [1..4] risk levels */
	size_t uncontrolled;
	size_t vex_not_affected;
};

int vigil__doc_load(struct doc *d, vigil_store *st, const char *model,
    const char *release, const vigil_report_doc_opts *opts,
    vigil_error *err);
void vigil__doc_dispose(struct doc *d);

/* Names of the MDS2 2019 sections; NULL when SECTION is not one. */
const char *vigil__mds2_section(const char *id, size_t len);
extern const char *const vigil__mds2_order[];

/* Writers. */
int vigil__doc_html(FILE *fp, const struct doc *d, vigil_error *err);
int vigil__doc_markdown(FILE *fp, const struct doc *d, vigil_error *err);
int vigil__doc_json(FILE *fp, const struct doc *d, vigil_error *err);

/* HTML helpers shared by the device and fleet pages (html.c). */
void vigil__html_text(FILE *fp, const char *s);
void vigil__html_head(FILE *fp, const char *title);
void vigil__html_bars(FILE *fp, const char *const *labels,
    const size_t *values, const char *const *colors, size_t n,
    const char *caption);
const char *vigil__risk_color(int level);

#endif
