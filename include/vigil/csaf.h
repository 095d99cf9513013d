/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/csaf.h
 * @brief CSAF 2.0 validation: the JSON schema (through vigil/schema.h) and
 * the mandatory tests of section 6.1 of the specification, each failure
 * with its test number and JSON Pointer; file names per section 5.1.
 *
 * Sources are in src/lib/vex/ (CSAF documents are read into the VEX model
 * by vigil/vex.h); see docs/csaf.md for which tests are applied.
 */
#ifndef VIGIL_CSAF_H
#define VIGIL_CSAF_H

#include <stdbool.h>

#include "vigil/common.h"
#include "vigil/schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest CSAF document validated, in bytes. */
#define VIGIL_CSAF_MAX_DOC (64u * 1024 * 1024)

/**
 * Told about each failure: TEST is "schema" or a test number ("6.1.1",
 * "6.1.27.9"), POINTER the JSON Pointer into the document, MSG one line.
 * All three are borrowed for the call.
 */
typedef void (*vigil_csaf_issue_cb)(void *payload, const char *test,
    const char *pointer, const char *msg);

/**
 * Validate the CSAF document (BUF, LEN): against SCHEMA when it is not
 * NULL (the CSAF 2.0 JSON schema, found in a vigil_schema_registry), and
 * by the mandatory tests.  *NFAIL (may be NULL) gets the number of
 * failures, each also given to CB (may be NULL).  Returns 0 (whether or
 * not the document is valid), VIGIL_EINVALID (not JSON: ERR has line and
 * column), VIGIL_ETOOBIG or VIGIL_ENOMEM.  Thread-safe.
 */
VIGIL_EXTERN int vigil_csaf_validate(size_t *nfail, const char *buf,
    size_t len, const vigil_schema *schema, vigil_csaf_issue_cb cb,
    void *payload, vigil_error *err);

/**
 * The file name section 5.1 gives the document with tracking id ID:
 * lower case, every run of characters outside [+\-a-z0-9] replaced by
 * one "_", then ".json".  Writes at most OUTSZ bytes with the NUL.
 * Returns 0, VIGIL_EINVALID (empty id) or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_csaf_filename(char *out, size_t outsz,
    const char *id);

/**
 * Whether NAME is a conforming CSAF file name (section 5.1: the
 * characters [+\-_a-z0-9] then ".json", no runs of "_" and not starting
 * or ending the base with "_").  1 yes, 0 no.
 */
VIGIL_EXTERN int vigil_csaf_filename_valid(const char *name);

/* ---- provider directory (section 7) ------------------------------------- */

/** Options of vigil_csaf_publish(); start from VIGIL_CSAF_PUBLISH_OPTS_INIT. */
typedef struct vigil_csaf_publish_opts {
	unsigned version;	/**< 1 */
	/** Where DIR will be served, e.g.
	 * "https://psirt.example.com/.well-known/csaf" (no trailing "/");
	 * required: provider-metadata.json holds absolute URLs. */
	const char *base_url;
	const vigil_schema *schema;	/**< CSAF schema, or NULL */
	const char *role;	/**< csaf_publisher, csaf_provider (default),
				     csaf_trusted_provider */
	bool sign;		/**< write OpenPGP .asc signatures (gpgme) */
	const char *signer;	/**< key for .asc (NULL: GnuPG's default) */
	const char *gnupg_home;	/**< NULL: $GNUPGHOME or ~/.gnupg */
	const char *key_url;	/**< public key URL for the metadata, or NULL */
	const char *key_fpr;	/**< its fingerprint, or NULL */
} vigil_csaf_publish_opts;
#define VIGIL_CSAF_PUBLISH_OPTS_INIT { 1, NULL, NULL, NULL, false, NULL, \
	NULL, NULL, NULL }

/**
 * Add the N CSAF documents FILES to the provider directory DIR (created
 * if missing), per section 7: each valid TLP:WHITE document goes to
 * DIR/white/YEAR/NAME (YEAR of its initial release, NAME per section 5.1)
 * with NAME.sha256, NAME.sha512 and, with OPTS->sign, NAME.asc;
 * DIR/white/index.txt and DIR/white/changes.csv list every document of
 * the directory (older entries are kept, a republished document replaces
 * its entry); DIR/provider-metadata.json is rewritten.  A document that
 * fails validation is not published: its failures go to CB (may be NULL)
 * and the call returns VIGIL_EINVALID after publishing the others.
 * Returns 0, VIGIL_EINVALID, VIGIL_EUNSUPPORTED (a TLP label other than
 * WHITE/CLEAR), VIGIL_EIO, VIGIL_ERROR (gpgme) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_csaf_publish(const char *dir,
    const char *const *files, size_t n, const vigil_csaf_publish_opts *opts,
    vigil_csaf_issue_cb cb, void *payload, vigil_error *err);

/* ---- advisories into the store ------------------------------------------ */

struct vigil_store;

/**
 * Import the CSAF document (BUF, LEN) into ST so that scans use it: for
 * each vulnerability, one advisory of kind "csaf" with id
 * "CSAF:TRACKING-ID:VULN", the vulnerability and its ids as aliases, and
 * one OSV-like affected entry per known_affected (also first_affected,
 * last_affected) product that has a purl, the subcomponent when the
 * product is a relationship: the purl's OSV ecosystem and name, its
 * version as the affected version (no version: every version).  Products
 * known only by CPE or other helpers are counted in *SKIPPED (may be
 * NULL).  The document is validated first (mandatory tests; SCHEMA when
 * not NULL) and refused when it fails.  *NADV (may be NULL) gets the
 * number of advisories written.  Runs in its own transaction.  Returns 0,
 * VIGIL_EINVALID, VIGIL_EDB or VIGIL_ENOMEM.  See docs/csaf.md.
 */
VIGIL_EXTERN int vigil_csaf_import(size_t *nadv, size_t *skipped,
    struct vigil_store *st, const char *buf, size_t len,
    const vigil_schema *schema, vigil_error *err);

/* ---- fetching from a provider ------------------------------------------- */

/** Options of vigil_csaf_fetch(); start from VIGIL_CSAF_FETCH_OPTS_INIT. */
typedef struct vigil_csaf_fetch_opts {
	unsigned version;	/**< 1 */
	const char *mirror;	/**< directory the documents are saved in
				     (created), required */
	struct vigil_store *store;	/**< import into it, or NULL */
	const vigil_schema *schema;	/**< CSAF schema, or NULL */
	/** GnuPG home holding the provider's key: every document must then
	 * have a good .asc; NULL: signatures are not checked. */
	const char *gnupg_home;
	size_t max_docs;	/**< 0: 10000 */
	size_t max_bytes;	/**< per file, 0: VIGIL_CSAF_MAX_DOC */
	long timeout;		/**< seconds per request, 0: 60 */
} vigil_csaf_fetch_opts;
#define VIGIL_CSAF_FETCH_OPTS_INIT { 1, NULL, NULL, NULL, NULL, 0, 0, 0 }

/** What vigil_csaf_fetch() did. */
typedef struct vigil_csaf_fetch_stats {
	size_t listed;		/**< documents named by the provider */
	size_t fetched;		/**< downloaded, hashes (and .asc) good */
	size_t rejected;	/**< hash, signature or validation failed */
	size_t imported;	/**< advisories written to the store */
} vigil_csaf_fetch_stats;

/**
 * Told about each document: its URL and "ok" or why it was rejected.
 */
typedef void (*vigil_csaf_fetch_cb)(void *payload, const char *url,
    const char *outcome);

/**
 * Read the provider-metadata.json at URL (http or https), list the
 * documents of its distributions (directory_url/index.txt, and the
 * entries of ROLIE feeds), and download each with its .sha256 and
 * .sha512 (and .asc with OPTS->gnupg_home) into OPTS->mirror.  A document
 * is kept only when both hashes match, the signature verifies (when
 * asked) and it validates; it is then imported into OPTS->store (when
 * given, vigil_csaf_import()).  Rejected documents are reported to CB and
 * counted; they do not stop the fetch.  Returns 0, VIGIL_EIO (the
 * metadata or a listing could not be fetched), VIGIL_EINVALID (bad
 * metadata), VIGIL_ETOOBIG, VIGIL_EDB or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_csaf_fetch(vigil_csaf_fetch_stats *stats,
    const char *url, const vigil_csaf_fetch_opts *opts,
    vigil_csaf_fetch_cb cb, void *payload, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
