/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/vex.h
 * @brief VEX documents (CycloneDX VEX, OpenVEX 0.2.0, CSAF 2.0), one
 * statement model for the three, and applying statements to findings.
 *
 * A document is read into a vigil_vex_doc: a list of statements, each
 * saying that one vulnerability (with its aliases) has a status in some
 * products, optionally only in some subcomponents of those products.
 * Products are identified by purl, CPE, hashes, model numbers, serial
 * numbers or SKUs (CSAF product identification helpers).  The same model
 * is written back in any of the three formats; what the target format
 * cannot say is reported, one line per loss.
 *
 * Applying: vigil_vex_apply() gives each finding (component x vulnerability)
 * the status of the latest statement that names it; see docs/vex.md.
 */
#ifndef VIGIL_VEX_H
#define VIGIL_VEX_H

#include <stdbool.h>

#include "vigil/common.h"
#include "vigil/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest VEX or CSAF document read, in bytes. */
#define VIGIL_VEX_MAX_DOC (64u * 1024 * 1024)
/** Most statements in one document (after expansion). */
#define VIGIL_VEX_MAX_STATEMENTS 200000u
/** Most products (or subcomponents, or identifiers) per statement. */
#define VIGIL_VEX_MAX_PRODUCTS 100000u
/** Deepest CSAF branch nesting followed. */
#define VIGIL_VEX_MAX_BRANCH_DEPTH 32u

/** Document formats. */
typedef enum vigil_vex_format {
	VIGIL_VEX_FORMAT_UNKNOWN = 0,
	VIGIL_VEX_FORMAT_CYCLONEDX,	/**< CycloneDX 1.4-1.6 vulnerabilities */
	VIGIL_VEX_FORMAT_OPENVEX,	/**< OpenVEX 0.2.0 */
	VIGIL_VEX_FORMAT_CSAF		/**< CSAF 2.0 (csaf_vex, advisories) */
} vigil_vex_format;

/** Status of a vulnerability in a product (CISA minimum requirements). */
typedef enum vigil_vex_status {
	VIGIL_VEX_STATUS_NONE = 0,	/**< no statement applies */
	VIGIL_VEX_NOT_AFFECTED,
	VIGIL_VEX_AFFECTED,
	VIGIL_VEX_FIXED,
	VIGIL_VEX_UNDER_INVESTIGATION
} vigil_vex_status;

/** Justifications for not_affected (CISA, OpenVEX, CSAF flag labels). */
typedef enum vigil_vex_justification {
	VIGIL_VEX_JUST_NONE = 0,
	VIGIL_VEX_COMPONENT_NOT_PRESENT,
	VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT,
	VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
	VIGIL_VEX_VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
	VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST
} vigil_vex_justification;

/** Kinds of product identifier. */
typedef enum vigil_vex_ident_kind {
	VIGIL_VEX_ID_PURL = 0,
	VIGIL_VEX_ID_CPE,
	VIGIL_VEX_ID_HASH,	/**< value "alg:hex", alg lower case */
	VIGIL_VEX_ID_MODEL,	/**< model number */
	VIGIL_VEX_ID_SERIAL,	/**< serial number */
	VIGIL_VEX_ID_SKU,
	VIGIL_VEX_ID_BOMREF	/**< CycloneDX bom-ref of the VEX's own BOM */
} vigil_vex_ident_kind;

/** One identifier of a product. */
typedef struct vigil_vex_ident {
	vigil_vex_ident_kind kind;
	const char *value;	/**< never NULL */
} vigil_vex_ident;

/** A product or subcomponent named by a statement. */
typedef struct vigil_vex_product {
	const char *id;		/**< document-local id (CSAF product_id, OpenVEX
				     @id, CycloneDX ref), or NULL */
	const char *name;	/**< human name, or NULL */
	const vigil_vex_ident *idents;
	size_t nidents;
	/** Subcomponents: the statement covers only these within the
	 * product; none means the whole product. */
	const struct vigil_vex_product *subs;
	size_t nsubs;
} vigil_vex_product;

/** One statement. */
typedef struct vigil_vex_statement {
	const char *id;		/**< statement id or NULL */
	const char *vuln;	/**< vulnerability id ("CVE-2023-1234") */
	const char *const *aliases;	/**< other ids of the same vuln */
	size_t naliases;
	const char *description;	/**< of the vulnerability, or NULL */
	const vigil_vex_product *products;
	size_t nproducts;
	vigil_vex_status status;
	vigil_vex_justification justification;
	/** The source's own justification word when it has no exact
	 * CISA equivalent (CycloneDX "requires_environment"), or NULL. */
	const char *native_justification;
	const char *impact;	/**< impact statement, or NULL */
	const char *action;	/**< action statement, or NULL */
	/** Remediation category (CSAF: vendor_fix, workaround, mitigation,
	 * none_available, no_fix_planned), or NULL. */
	const char *remediation;
	const char *timestamp;	/**< RFC 3339, or NULL: the document's */
	const char *action_timestamp;	/**< or NULL */
} vigil_vex_statement;

/** A VEX document in the common model. */
typedef struct vigil_vex_doc {
	vigil_vex_format format;	/**< what it was read from */
	const char *id;		/**< document id (OpenVEX @id, CSAF
				     tracking id, CycloneDX serialNumber) */
	const char *author;	/**< author or publisher name */
	const char *author_role;	/**< or NULL */
	const char *namespace_;	/**< CSAF publisher namespace, or NULL */
	const char *title;	/**< or NULL */
	const char *version;	/**< document version as text */
	const char *timestamp;	/**< first issued, RFC 3339 */
	const char *last_updated;	/**< or NULL */
	const char *tooling;	/**< or NULL */
	const vigil_vex_statement *statements;
	size_t nstatements;
} vigil_vex_doc;

/** Options for reading. */
typedef struct vigil_vex_read_opts {
	unsigned version;	/**< 1 */
	size_t max_doc;	/**< bytes, 0: VIGIL_VEX_MAX_DOC */
	size_t max_statements;	/**< 0: VIGIL_VEX_MAX_STATEMENTS */
} vigil_vex_read_opts;
#define VIGIL_VEX_READ_OPTS_INIT { 1, 0, 0 }

/**
 * Read the VEX document in (BUF, LEN): CycloneDX (JSON with
 * "bomFormat"), OpenVEX ("@context" openvex.dev) or CSAF ("document" with
 * "csaf_version").  FORMAT may force one (UNKNOWN: detect).  *OUT is the
 * caller's (vigil_vex_doc_free); BUF is not kept.  Returns 0,
 * VIGIL_EINVALID (ERR has the JSON pointer), VIGIL_EUNSUPPORTED (another
 * format or version), VIGIL_ETOOBIG or VIGIL_ENOMEM.  Thread-safe.
 */
VIGIL_EXTERN int vigil_vex_read(vigil_vex_doc **out, const char *buf,
    size_t len, vigil_vex_format format, const vigil_vex_read_opts *opts,
    vigil_error *err);

/** vigil_vex_read() on the file PATH ("-": stdin); errors name it. */
VIGIL_EXTERN int vigil_vex_read_file(vigil_vex_doc **out, const char *path,
    vigil_vex_format format, const vigil_vex_read_opts *opts,
    vigil_error *err);

/** Free DOC and everything it owns; NULL is fine. */
VIGIL_EXTERN void vigil_vex_doc_free(vigil_vex_doc *doc);

/**
 * Build an empty document owned by the caller (vigil_vex_doc_free), to be
 * filled with vigil_vex_doc_add(); strings given are copied.
 */
VIGIL_EXTERN int vigil_vex_doc_new(vigil_vex_doc **out, const char *id,
    const char *author, const char *timestamp, vigil_error *err);

/**
 * Append a deep copy of ST to DOC.  Returns 0, VIGIL_ETOOBIG or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_vex_doc_add(vigil_vex_doc *doc,
    const vigil_vex_statement *st, vigil_error *err);

/** Called once for each thing the target format cannot say. */
typedef void (*vigil_vex_loss_cb)(void *payload, const char *what);

/**
 * Write DOC as FORMAT (pretty JSON, newline at the end).  *OUT is a new
 * NUL-terminated string (vigil_vex_text_free).  LOSS, when not NULL, is
 * told about each loss.  Returns 0, VIGIL_EINVALID (DOC lacks what the
 * format requires and nothing can stand in) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_vex_write(char **out, const vigil_vex_doc *doc,
    vigil_vex_format format, vigil_vex_loss_cb loss, void *payload,
    vigil_error *err);

/** Free text from this module; NULL is fine. */
VIGIL_EXTERN void vigil_vex_text_free(char *s);

/* ---- names ----------------------------------------------------------- */

/** "not_affected", "affected", "fixed", "under_investigation", "" */
VIGIL_EXTERN const char *vigil_vex_status_name(vigil_vex_status s);
/** Parse a status name (the four above, also CSAF's known_affected,
 * known_not_affected); NONE if unknown. */
VIGIL_EXTERN vigil_vex_status vigil_vex_status_parse(const char *s);
/** "component_not_present", ... or "". */
VIGIL_EXTERN const char *vigil_vex_justification_name(
    vigil_vex_justification j);
/** Parse a CISA justification; NONE if unknown. */
VIGIL_EXTERN vigil_vex_justification vigil_vex_justification_parse(
    const char *s);
/** "cyclonedx", "openvex", "csaf"; "" for UNKNOWN. */
VIGIL_EXTERN const char *vigil_vex_format_name(vigil_vex_format f);
/** Parse a format name; UNKNOWN if unknown. */
VIGIL_EXTERN vigil_vex_format vigil_vex_format_parse(const char *s);

/* ---- applying statements to findings ---------------------------------- */

/**
 * What a scan knows of one finding, and what applying VEX gives it.  The
 * caller fills the input members; vigil_vex_apply() sets the outputs.
 */
typedef struct vigil_vex_finding {
	/* input */
	size_t component;	/**< the caller's index, not read */
	const char *bom_ref;	/**< component bom-ref, or NULL */
	const char *purl;	/**< component purl, or NULL */
	const char *const *cpes;	/**< component CPEs */
	size_t ncpes;
	const char *const *hashes;	/**< "alg:hex" */
	size_t nhashes;
	const char *vuln;	/**< vulnerability id */
	const char *const *aliases;	/**< its aliases */
	size_t naliases;
	/* output */
	vigil_vex_status status;	/**< NONE when no statement applies */
	/** The deciding statement (borrowed from its document), or NULL. */
	const vigil_vex_statement *statement;
	size_t doc;		/**< index of the statement's document */
} vigil_vex_finding;

/**
 * The product the scanned SBOM describes (its metadata component, the
 * device): statements that name it cover its components.  Every member
 * may be NULL / 0.
 */
typedef struct vigil_vex_subject {
	const char *bom_ref;
	const char *purl;
	const char *const *cpes;
	size_t ncpes;
	const char *const *hashes;
	size_t nhashes;
	const char *model;
	const char *serial;
	const char *sku;
} vigil_vex_subject;

/** Told about each statement that matched no finding. */
typedef void (*vigil_vex_unmatched_cb)(void *payload, size_t doc,
    const vigil_vex_statement *st);

/**
 * Give each of the N FINDINGS the status of the statement that applies to
 * it, out of the NDOCS documents DOCS (SUBJECT may be NULL).  A statement
 * applies when it names the finding's vulnerability (id or alias, either
 * side) and
 *  - one of its products identifies the finding's component, or
 *  - one of its products identifies SUBJECT and it has no subcomponents,
 *    or one of its subcomponents identifies the component.
 * Identification: purl (type, namespace, name equal; a versioned purl
 * needs an equal version under the type's scheme, qualifiers and subpath
 * in the statement must be present and equal), CPE (the component's is a
 * subset of or equal to the statement's), a hash, or for SUBJECT a model
 * number, serial number or SKU, or the bom-ref.  The latest statement
 * wins: by timestamp (the statement's, else the document's last update or
 * issue date), then by document order, then by order within a document.
 * UNMATCHED (may be NULL) hears of statements that applied to nothing.
 * Returns 0, VIGIL_ENOMEM.  Does not modify the documents.
 */
VIGIL_EXTERN int vigil_vex_apply(vigil_vex_finding *findings, size_t n,
    const vigil_vex_doc *const *docs, size_t ndocs,
    const vigil_vex_subject *subject, vigil_vex_unmatched_cb unmatched,
    void *payload, vigil_error *err);

/**
 * Whether the purl STMT (a statement's) covers the purl COMP (a
 * component's), as vigil_vex_apply() decides.  1 yes, 0 no (or either
 * does not parse).
 */
VIGIL_EXTERN int vigil_vex_purl_covers(const char *stmt, const char *comp);

/**
 * Parse an RFC 3339 date-time into seconds since the epoch (UTC);
 * fractions are dropped.  Returns 0 or VIGIL_EINVALID.
 */
VIGIL_EXTERN int vigil_vex_time_parse(int64_t *out, const char *s);

/* ---- triage decisions in the store --------------------------------------- */

/**
 * One triage decision: the manufacturer's VEX status of VULN in PRODUCT.
 * Decisions are kept append-only in the store (table vex_decision); the
 * latest per (product, vulnerability) is the current one.
 */
typedef struct vigil_vex_decision {
	unsigned version;	/**< 1 */
	const char *product;	/**< a purl */
	const char *vuln;	/**< vulnerability id */
	vigil_vex_status status;
	vigil_vex_justification justification;	/**< not_affected only */
	const char *impact;	/**< impact statement, or NULL */
	const char *action;	/**< action statement, or NULL */
	const char *author;	/**< who decided */
	/* set when read back (vigil_vex_decisions) */
	const char *time;	/**< RFC 3339 UTC, when recorded */
	vigil_vex_status previous;	/**< the status before, or NONE */
	int64_t seq;		/**< order of recording, from 1 */
} vigil_vex_decision;
#define VIGIL_VEX_DECISION_INIT { 1, NULL, NULL, VIGIL_VEX_STATUS_NONE, \
	VIGIL_VEX_JUST_NONE, NULL, NULL, NULL, NULL, VIGIL_VEX_STATUS_NONE, 0 }

/**
 * Record decision D in ST (its time is now; its previous status is looked
 * up).  The CISA minimum rules are checked: not_affected needs a
 * justification or an impact statement, affected needs an action
 * statement, a justification goes only with not_affected, PRODUCT must be
 * a purl.  Returns 0, VIGIL_EINVALID, VIGIL_EDB or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_vex_decide(vigil_store *st,
    const vigil_vex_decision *d, vigil_error *err);

/** Called for each decision; a non-zero return stops the walk. */
typedef int (*vigil_vex_decision_cb)(void *payload,
    const vigil_vex_decision *d);

/**
 * The decisions about PRODUCT (and VULN when not NULL), oldest first; with
 * LATEST only the current one per vulnerability.  Strings are borrowed for
 * the call.  Returns 0, the callback's non-zero value, or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_vex_decisions(vigil_store *st, const char *product,
    const char *vuln, bool latest, vigil_vex_decision_cb cb, void *payload,
    vigil_error *err);

/**
 * The current decisions about PRODUCT as a new document (one statement
 * per vulnerability, AUTHOR as its author; vigil_vex_doc_free).  Returns
 * 0, VIGIL_ENOTFOUND (no decision), VIGIL_EDB or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_vex_export(vigil_vex_doc **out, vigil_store *st,
    const char *product, const char *author, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
