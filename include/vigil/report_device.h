/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/report_device.h
 * @brief Customer security documentation: one document per device
 * release (IMDRF N60 §5.5, the FDA labeling list, an MDS2-style section)
 * and the hospital's fleet view, as HTML, Markdown or JSON.
 *
 * The documents are built from the store (the release, its profile, its
 * newest SBOM, the findings of fleet scans, VEX decisions) and an
 * optional controls file (docs/mds2.md).  The HTML is one self-contained
 * page (inline CSS and SVG, no external resources) meant to be read and
 * printed.  Output depends only on the store, the options and the as-of
 * date: no current time is written unless the caller passes one.
 *
 * Thread safety: as vigil/store.h (one thread per store).
 */
#ifndef VIGIL_REPORT_DEVICE_H
#define VIGIL_REPORT_DEVICE_H

#include <stdint.h>
#include <stdio.h>

#include "vigil/common.h"
#include "vigil/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Document formats. */
typedef enum vigil_doc_format {
	VIGIL_DOC_HTML = 0,
	VIGIL_DOC_MARKDOWN,
	VIGIL_DOC_JSON
} vigil_doc_format;

/** "html", "markdown" (or "md"), "json"; 0 or VIGIL_EINVALID. */
VIGIL_EXTERN int vigil_doc_format_parse(vigil_doc_format *out,
    const char *name);

/** Largest controls file, bytes. */
#define VIGIL_CONTROLS_MAX_SIZE (1024 * 1024)

/**
 * Check a controls file (JSON, docs/mds2.md) of LEN bytes.  Returns 0 or
 * VIGIL_EINVALID / VIGIL_ETOOBIG with ERR naming the field (JSON Pointer
 * in ERR->path, line and column for syntax errors).
 */
VIGIL_EXTERN int vigil_report_controls_check(const char *buf, size_t len,
    vigil_error *err);

/** Options of the documents. */
typedef struct vigil_report_doc_opts {
	unsigned version;	/**< VIGIL_REPORT_DOC_OPTS_VERSION */
	int32_t as_of;		/**< day number (vigil/life.h) of the stage */
	const char *controls;	/**< controls file text, or NULL */
	size_t controls_len;
	/** Where the machine-readable SBOM is offered (a URL or a file name
	 * next to the document), or NULL. */
	const char *sbom_link;
	/** Text for "generated at", or NULL (the as-of date is shown). */
	const char *generated;
} vigil_report_doc_opts;

#define VIGIL_REPORT_DOC_OPTS_VERSION 1
#define VIGIL_REPORT_DOC_OPTS_INIT { VIGIL_REPORT_DOC_OPTS_VERSION, 0, NULL, \
	0, NULL, NULL }

/**
 * Write the customer security documentation of MODEL@RELEASE to FP.
 * Returns 0, VIGIL_ENOTFOUND (no such release), VIGIL_EINVALID (the
 * controls file; a stored document that no longer parses), VIGIL_EIO,
 * VIGIL_EDB or VIGIL_ENOMEM.  A release without an SBOM or without fleet
 * scans is documented, saying so.
 */
VIGIL_EXTERN int vigil_report_device_write(FILE *fp, vigil_store *st,
    const char *model, const char *release, vigil_doc_format format,
    const vigil_report_doc_opts *opts, vigil_error *err);

/**
 * Write the hospital's view of the fleet to FP (HTML or JSON; Markdown is
 * VIGIL_EUNSUPPORTED): installed devices by stage and by risk, and what
 * to do first.  Returns as vigil_report_device_write().
 */
VIGIL_EXTERN int vigil_report_fleet_write(FILE *fp, vigil_store *st,
    vigil_doc_format format, const vigil_report_doc_opts *opts,
    vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
