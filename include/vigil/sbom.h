/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/sbom.h
 * @brief Software bills of materials: one model for CycloneDX and SPDX,
 * streaming readers, deterministic writers, completeness profiles, diff
 * and merge.
 *
 * The model is what a medical device SBOM must carry (IMDRF N73 baseline,
 * NTIA minimum elements, FDA level of support and end-of-support date):
 * a subject (the device), author, timestamp and tools; components with
 * their nested components, supplier, name, version, purl, CPEs, SWID tag
 * id, hashes, licences, external references and properties; and the
 * dependency graph.  docs/sbom-fields.md says which field of each format
 * carries what.
 *
 * Two ways to read:
 * - vigil_sbom_read(): the whole document as one compact model.  Strings
 *   are interned in the document's arena (equal strings share one
 *   pointer), components are an array in document order with nested
 *   components pointing at their parent by index, and the dependency graph
 *   is a list of integer edges.
 * - the same call with `opts->on_component` set and `VIGIL_SBOM_NOKEEP`:
 *   each component is handed to the callback as soon as it is parsed and
 *   then forgotten; only the metadata, the component references and the
 *   graph are kept.  Memory stays bounded by the largest single top-level
 *   component, whatever the document's size.
 *
 * Every pointer in a vigil_sbom_component, vigil_sbom_meta or edge is
 * borrowed from its document and lives until vigil_sbom_free().  In the
 * streaming callback the component (but not the document) is valid only
 * for the duration of the call.
 *
 * Thread safety: a document may be read from several threads; nothing
 * here has global state.
 */
#ifndef VIGIL_SBOM_H
#define VIGIL_SBOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Formats vigil reads (all) and writes (marked W). */
typedef enum vigil_sbom_format {
	VIGIL_SBOM_FORMAT_UNKNOWN = 0,
	VIGIL_SBOM_CYCLONEDX_JSON,	/**< CycloneDX 1.2-1.6 JSON (W: 1.6) */
	VIGIL_SBOM_CYCLONEDX_XML,	/**< CycloneDX 1.2-1.6 XML (W: 1.6) */
	VIGIL_SBOM_SPDX_JSON,		/**< SPDX 2.2/2.3 JSON (W: 2.3) */
	VIGIL_SBOM_SPDX_TV,		/**< SPDX 2.2/2.3 tag-value (W: 2.3) */
	VIGIL_SBOM_SPDX3_JSONLD		/**< SPDX 3.0 JSON-LD, software profile */
} vigil_sbom_format;

/** "cyclonedx-json", "spdx-tv", ...; "unknown" for anything else. */
VIGIL_EXTERN const char *vigil_sbom_format_name(vigil_sbom_format f);

/** Parse a format name as written by vigil_sbom_format_name(). */
VIGIL_EXTERN int vigil_sbom_format_parse(vigil_sbom_format *out,
    const char *name);

/** No component index (a top-level component's parent). */
#define VIGIL_SBOM_NONE UINT32_MAX

/** A hash: algorithm as the CycloneDX name ("SHA-256"), lower-case hex. */
typedef struct vigil_sbom_hash {
	const char *alg;
	const char *value;
} vigil_sbom_hash;

/** A name/value pair (CycloneDX property, SPDX annotation we map). */
typedef struct vigil_sbom_prop {
	const char *name;
	const char *value;
} vigil_sbom_prop;

/** An external reference: CycloneDX type ("website", "vcs", ...), URL. */
typedef struct vigil_sbom_extref {
	const char *type;
	const char *url;
} vigil_sbom_extref;

/**
 * One component.  Strings are NULL when the document does not say.
 * Licences are SPDX ids, SPDX expressions or free names, in order.
 */
typedef struct vigil_sbom_component {
	uint32_t index;		/**< position in document order */
	uint32_t parent;	/**< enclosing component, or VIGIL_SBOM_NONE */
	uint32_t depth;		/**< 0 top level, 1 nested once, ... */
	bool subject;		/**< the device the SBOM describes */
	const char *ref;	/**< bom-ref / SPDXID */
	const char *type;	/**< CycloneDX type: "library", "application" */
	const char *supplier;	/**< supplier / manufacturer name */
	const char *author;	/**< component author, if given */
	const char *group;	/**< CycloneDX group (Maven groupId, ...) */
	const char *name;
	const char *version;
	const char *description;
	const char *purl;
	const char *swid;	/**< SWID tagId */
	const char *copyright;
	const char *download;	/**< SPDX downloadLocation */
	const char *support;	/**< level of support (see docs/sbom-fields.md) */
	const char *eos;	/**< end-of-support date, ISO 8601 */
	const char *eol;	/**< end-of-life date, ISO 8601 */
	const char *const *cpes;
	size_t ncpes;
	const vigil_sbom_hash *hashes;
	size_t nhashes;
	const char *const *licenses;
	size_t nlicenses;
	const vigil_sbom_extref *extrefs;
	size_t nextrefs;
	const vigil_sbom_prop *props;
	size_t nprops;
} vigil_sbom_component;

/** Dependency edge kinds. */
typedef enum vigil_sbom_edge_kind {
	VIGIL_SBOM_DEPENDS_ON = 0,	/**< from needs to (CDX dependsOn) */
	VIGIL_SBOM_CONTAINS,		/**< SPDX CONTAINS */
	VIGIL_SBOM_OTHER		/**< another SPDX relationship */
} vigil_sbom_edge_kind;

/** An edge of the graph between two component indexes. */
typedef struct vigil_sbom_edge {
	uint32_t from;
	uint32_t to;
	vigil_sbom_edge_kind kind;
	const char *relation;	/**< SPDX relationship name for OTHER */
} vigil_sbom_edge;

/** Document-level data. */
typedef struct vigil_sbom_meta {
	vigil_sbom_format format;
	const char *spec_version;	/**< "1.6", "SPDX-2.3", "3.0" */
	const char *serial;	/**< CDX serialNumber / SPDX namespace */
	const char *name;	/**< SPDX document name */
	unsigned long doc_version;	/**< CDX version, 0 if absent */
	const char *timestamp;	/**< creation time, ISO 8601 */
	const char *const *authors;	/**< persons/organisations */
	size_t nauthors;
	const char *const *tools;	/**< "vendor name version" or name */
	size_t ntools;
	const char *data_license;	/**< SPDX dataLicense */
	uint32_t subject;	/**< component index, or VIGIL_SBOM_NONE */
	const vigil_sbom_prop *props;	/**< metadata properties */
	size_t nprops;
} vigil_sbom_meta;

/** A problem found while reading: position and one line. */
typedef struct vigil_sbom_diag {
	bool error;		/**< false: a lenient-mode warning */
	unsigned long line;	/**< 1-based, 0 if unknown */
	unsigned long column;	/**< 1-based, 0 if unknown */
	const char *pointer;	/**< JSON Pointer or element path, or "" */
	const char *msg;
} vigil_sbom_diag;

typedef struct vigil_sbom vigil_sbom;

/** Reading flags. */
enum {
	/**
	 * Strict (`vigil sbom check`): every deviation from the format's
	 * specification is an error.  Without it, deviations whose meaning
	 * is clear (lower-case hash names, a missing downloadLocation) are
	 * warnings and the document still loads.
	 */
	VIGIL_SBOM_STRICT = 1u << 0,
	/** Do not keep components (streaming; needs on_component). */
	VIGIL_SBOM_NOKEEP = 1u << 1,
	/**
	 * JSON input of 4 MiB or more (or of unknown size) is parsed by a
	 * thread of vigil's own while the calling thread builds the model
	 * and calls the callbacks, which still run in the calling thread,
	 * in document order.  ONE_THREAD: never; THREADS: whatever the
	 * size (tests).  The result is the same either way.
	 */
	VIGIL_SBOM_ONE_THREAD = 1u << 2,
	VIGIL_SBOM_THREADS = 1u << 3
};

/** Options of vigil_sbom_read(). */
typedef struct vigil_sbom_opts {
	unsigned version;	/**< VIGIL_SBOM_OPTS_VERSION */
	unsigned flags;		/**< VIGIL_SBOM_* */
	vigil_sbom_format format;	/**< UNKNOWN: detect from content */
	uint64_t max_bytes;	/**< whole input, bytes */
	size_t max_depth;	/**< JSON/XML nesting */
	size_t max_components;
	size_t max_string;	/**< one string value, bytes */
	size_t max_diags;	/**< diagnostics reported before stopping */
	/** Each diagnostic (error or warning); may be NULL. */
	void (*on_diag)(void *ctx, const vigil_sbom_diag *d);
	/**
	 * Each component, once complete; a component is delivered before the
	 * components nested in it, which name it by index in their `parent`.
	 * Return 0 to go on or a
	 * negative vigil_error_code to stop reading.  May be NULL.
	 */
	int (*on_component)(void *ctx, const vigil_sbom *doc,
	    const vigil_sbom_component *c);
	void *ctx;		/**< passed to the callbacks */
	/**
	 * Strict mode: the SPDX licence ids a licence "id" may take, sorted
	 * by strcmp() (from the official spdx.schema.json that the caller
	 * loads at run time); NULL: ids are not checked against a list.
	 */
	const char *const *license_ids;
	size_t nlicense_ids;
} vigil_sbom_opts;

#define VIGIL_SBOM_OPTS_VERSION 1
#define VIGIL_SBOM_OPTS_INIT { VIGIL_SBOM_OPTS_VERSION, 0, \
	VIGIL_SBOM_FORMAT_UNKNOWN, (uint64_t)16 << 30, 256, 10000000, \
	16u << 20, 1000, NULL, NULL, NULL, NULL, 0 }

/**
 * Detect the format of an SBOM from the first LEN bytes of its content
 * (a few kilobytes are enough for every format vigil knows; the file name
 * is never looked at).  Returns 0 with *OUT set, or VIGIL_ENOTFOUND when
 * the bytes are none of the formats.
 */
VIGIL_EXTERN int vigil_sbom_detect(vigil_sbom_format *out, const char *buf,
    size_t len);

/**
 * Read the SBOM in PATH ("-": standard input), in the format given in
 * OPTS or detected from its content.  On success *OUT is a new document
 * (free with vigil_sbom_free()); with VIGIL_SBOM_NOKEEP it holds the
 * metadata and graph only.  Problems are reported to OPTS->on_diag as
 * they are found; the return value is 0 when none is an error.
 *
 * Returns 0; VIGIL_EINVALID (not well-formed, or an error diagnostic:
 * ERR gives the first, with line/column or JSON pointer, and *OUT is
 * still set when the document could be read to its end); VIGIL_ETOOBIG
 * (a limit of OPTS); VIGIL_EUNSUPPORTED (a format or version vigil does
 * not read); VIGIL_EIO; VIGIL_ENOMEM; or the callback's code.
 */
VIGIL_EXTERN int vigil_sbom_read(vigil_sbom **out, const char *path,
    const vigil_sbom_opts *opts, vigil_error *err);

/** As vigil_sbom_read(), from LEN bytes of memory (not kept). */
VIGIL_EXTERN int vigil_sbom_read_mem(vigil_sbom **out, const char *buf,
    size_t len, const vigil_sbom_opts *opts, vigil_error *err);

/** Free DOC and everything borrowed from it.  NULL is fine. */
VIGIL_EXTERN void vigil_sbom_free(vigil_sbom *doc);

/** The metadata of DOC (borrowed). */
VIGIL_EXTERN const vigil_sbom_meta *vigil_sbom_get_meta(
    const vigil_sbom *doc);

/** Number of components kept in DOC (the subject included). */
VIGIL_EXTERN size_t vigil_sbom_count(const vigil_sbom *doc);

/** Component I (< vigil_sbom_count()), borrowed. */
VIGIL_EXTERN const vigil_sbom_component *vigil_sbom_at(
    const vigil_sbom *doc, size_t i);

/** Number of components seen while reading (kept or streamed). */
VIGIL_EXTERN size_t vigil_sbom_seen(const vigil_sbom *doc);

/** The dependency graph: *N edges (borrowed). */
VIGIL_EXTERN const vigil_sbom_edge *vigil_sbom_edges(const vigil_sbom *doc,
    size_t *n);

/** Component index of the reference REF, or VIGIL_SBOM_NONE. */
VIGIL_EXTERN uint32_t vigil_sbom_find_ref(const vigil_sbom *doc,
    const char *ref);

/**
 * Load the SPDX licence ids from an official spdx.schema.json (the
 * CycloneDX schema folder has one; vigil does not ship it) as a sorted
 * list for vigil_sbom_opts.license_ids.  *OUT (one allocation, free with
 * vigil_sbom_license_list_free()) and *N are set.  Returns 0,
 * VIGIL_ENOTFOUND (no such file), VIGIL_EINVALID (not such a schema) or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_sbom_license_list_load(char ***out, size_t *n,
    const char *path, vigil_error *err);
VIGIL_EXTERN void vigil_sbom_license_list_free(char **list);

/**
 * Validate the CycloneDX XML document PATH against the XML Schema XSD
 * (the official bom-1.x.xsd, loaded at run time; vigil ships none) with
 * libxml2, without network access.  Each failure goes to ON_DIAG (as an
 * error with its line); *NFAIL (may be NULL) gets their number.  Returns
 * 0 (valid or not: see *NFAIL), VIGIL_ENOTFOUND (no XSD at that path),
 * VIGIL_EINVALID (the XSD does not compile) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_sbom_xsd_validate(const char *path, const char *xsd,
    void (*on_diag)(void *ctx, const vigil_sbom_diag *d), void *ctx,
    size_t *nfail, vigil_error *err);

/* ---- building (generate, merge) ------------------------------------- */

/** A new empty document in FORMAT (the format it will be written as). */
VIGIL_EXTERN int vigil_sbom_new(vigil_sbom **out, vigil_sbom_format format,
    vigil_error *err);

/**
 * Add a copy of C (every string and array is copied into DOC; index and
 * depth are recomputed from PARENT, an index in DOC or VIGIL_SBOM_NONE).
 * *INDEX_OUT (may be NULL) receives its index.
 */
VIGIL_EXTERN int vigil_sbom_add(vigil_sbom *doc,
    const vigil_sbom_component *c, uint32_t parent, uint32_t *index_out,
    vigil_error *err);

/** Add an edge between two components of DOC (duplicates are dropped). */
VIGIL_EXTERN int vigil_sbom_add_edge(vigil_sbom *doc, uint32_t from,
    uint32_t to, vigil_sbom_edge_kind kind, const char *relation,
    vigil_error *err);

/**
 * Set the document metadata from M (strings and arrays copied; format,
 * subject and counts taken as they are).
 */
VIGIL_EXTERN int vigil_sbom_set_meta(vigil_sbom *doc,
    const vigil_sbom_meta *m, vigil_error *err);

/* ---- writing ----------------------------------------------------------- */

/**
 * Called for each field of DOC that FORMAT cannot hold (convert reports
 * them).  COMPONENT is VIGIL_SBOM_NONE for document fields.
 */
typedef void (*vigil_sbom_loss_fn)(void *ctx, uint32_t component,
    const char *field, const char *detail);

/**
 * Write DOC to FP in FORMAT (CycloneDX 1.6 JSON or XML, SPDX 2.3 JSON or
 * tag-value).  Output is deterministic: the same document gives the same
 * bytes (no current time, no random serial; missing ones are derived from
 * the content).  ON_LOSS (may be NULL) hears of each field dropped.
 * Returns 0, VIGIL_EUNSUPPORTED (a format vigil does not write),
 * VIGIL_EINVALID (DOC was read with VIGIL_SBOM_NOKEEP), VIGIL_EIO or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_sbom_write(FILE *fp, const vigil_sbom *doc,
    vigil_sbom_format format, vigil_sbom_loss_fn on_loss, void *ctx,
    vigil_error *err);

/* ---- completeness profiles (vigil sbom check) ----------------------- */

/** Completeness profiles. */
typedef enum vigil_sbom_profile {
	VIGIL_SBOM_PROFILE_NONE = 0,	/**< schema-level validity only */
	VIGIL_SBOM_PROFILE_NTIA,	/**< NTIA minimum elements (2021) */
	VIGIL_SBOM_PROFILE_FDA,		/**< NTIA + support level + EOS date */
	VIGIL_SBOM_PROFILE_IMDRF,	/**< IMDRF N73 baseline + hash + EOS */
	VIGIL_SBOM_PROFILE_ALL
} vigil_sbom_profile;

/** One check of a profile, with its counts. */
typedef struct vigil_sbom_check {
	const char *id;		/**< "supplier", "eos-date", "author", ... */
	const char *what;	/**< one line: what is checked */
	unsigned profiles;	/**< bit (1u << profile) for each profile */
	bool per_component;	/**< false: a document-level check */
	size_t checked;		/**< components (or 1 for the document) */
	size_t passed;
	uint32_t *failed;	/**< first failing component indexes */
	size_t nfailed;		/**< how many are in FAILED (<= max) */
	const char *reason;	/**< why the document-level check failed */
} vigil_sbom_check;

/**
 * A quality accumulator: feed it each component (streaming) with
 * vigil_sbom_quality_add(), then finish it with the document.
 */
typedef struct vigil_sbom_quality vigil_sbom_quality;

/** New accumulator that keeps at most MAX_FAILED indexes per check. */
VIGIL_EXTERN int vigil_sbom_quality_new(vigil_sbom_quality **out,
    size_t max_failed, vigil_error *err);
/** Account for component C (not the subject). */
VIGIL_EXTERN int vigil_sbom_quality_add(vigil_sbom_quality *q,
    const vigil_sbom_component *c);
/** Document-level checks (author, timestamp, subject, graph). */
VIGIL_EXTERN int vigil_sbom_quality_finish(vigil_sbom_quality *q,
    const vigil_sbom *doc);
/** The checks, in a fixed order (borrowed from Q). */
VIGIL_EXTERN const vigil_sbom_check *vigil_sbom_quality_checks(
    const vigil_sbom_quality *q, size_t *n);
/**
 * Whether DOC passes PROFILE: every check of the profile checked at least
 * one thing and all passed (no vacuous pass: a document with no
 * components fails).
 */
VIGIL_EXTERN bool vigil_sbom_quality_pass(const vigil_sbom_quality *q,
    vigil_sbom_profile profile);
VIGIL_EXTERN void vigil_sbom_quality_free(vigil_sbom_quality *q);

/** Profile names: "none", "ntia", "fda", "imdrf", "all". */
VIGIL_EXTERN int vigil_sbom_profile_parse(vigil_sbom_profile *out,
    const char *name);
VIGIL_EXTERN const char *vigil_sbom_profile_name(vigil_sbom_profile p);

/* ---- diff and merge ---------------------------------------------------- */

/** Kinds of difference. */
typedef enum vigil_sbom_change {
	VIGIL_SBOM_ADDED,
	VIGIL_SBOM_REMOVED,
	VIGIL_SBOM_VERSION,	/**< version changed */
	VIGIL_SBOM_SUPPLIER,	/**< supplier changed */
	VIGIL_SBOM_HASH,	/**< a hash changed (same algorithm) */
	VIGIL_SBOM_EOS,		/**< end-of-support date moved */
	VIGIL_SBOM_SUPPORT	/**< level of support changed */
} vigil_sbom_change;

/** One difference: OLD or NEW (or both) components and the values. */
typedef struct vigil_sbom_delta {
	vigil_sbom_change change;
	const vigil_sbom_component *old_c;	/**< NULL for ADDED */
	const vigil_sbom_component *new_c;	/**< NULL for REMOVED */
	const char *old_value;
	const char *new_value;
} vigil_sbom_delta;

/**
 * Compare two documents.  Components are paired by identity key (purl
 * without version, else name + group), then by the remaining order.  The
 * callback gets each difference in a deterministic order.  Documents
 * read with VIGIL_SBOM_NOKEEP are refused (VIGIL_EINVALID).
 */
VIGIL_EXTERN int vigil_sbom_diff(const vigil_sbom *old_doc,
    const vigil_sbom *new_doc,
    int (*cb)(void *ctx, const vigil_sbom_delta *d), void *ctx,
    vigil_error *err);

/**
 * Merge N documents into one new CycloneDX document whose subject is
 * SUBJECT_NAME@SUBJECT_VERSION and contains each input's subject.
 * Components are deduplicated by purl, then CPE, then name + version +
 * supplier; dependency edges are carried over to the merged indexes.
 * *DUPS_OUT (may be NULL) receives how many components were merged away.
 * Documents read with VIGIL_SBOM_NOKEEP are refused (VIGIL_EINVALID).
 */
VIGIL_EXTERN int vigil_sbom_merge(vigil_sbom **out,
    const vigil_sbom *const *docs, size_t n, const char *subject_name,
    const char *subject_version, size_t *dups_out, vigil_error *err);

/* ---- generate ------------------------------------------------------- */

/** Options of vigil_sbom_generate(). */
typedef struct vigil_sbom_gen_opts {
	unsigned version;	/**< VIGIL_SBOM_GEN_OPTS_VERSION */
	const char *rootfs;	/**< root file system, or NULL */
	const char *dpkg_status;	/**< a dpkg status file, or NULL */
	const char *apk_installed;	/**< an apk installed db, or NULL */
	const char *manifest;	/**< a CSV manifest, or NULL */
	const char *os_release;	/**< os-release file, or NULL */
	const char *subject_name;	/**< the device, may be NULL */
	const char *subject_version;
	const char *subject_supplier;
	const char *timestamp;	/**< ISO 8601, NULL: none (deterministic) */
} vigil_sbom_gen_opts;

#define VIGIL_SBOM_GEN_OPTS_VERSION 1
#define VIGIL_SBOM_GEN_OPTS_INIT { VIGIL_SBOM_GEN_OPTS_VERSION, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Build a CycloneDX 1.6 document from what a system contains: a dpkg
 * status file, an Alpine apk database, a root file system (which gives
 * those and os-release) or a CSV manifest (docs/sbom.md).  Components get
 * a purl with the distro qualifier and, where vigil knows the upstream
 * project, a CPE.  Returns 0, VIGIL_EINVALID (ERR names file and line),
 * VIGIL_ENOTFOUND (nothing to read in the root), VIGIL_EIO, VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_sbom_generate(vigil_sbom **out,
    const vigil_sbom_gen_opts *opts, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
