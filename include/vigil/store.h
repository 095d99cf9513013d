/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/store.h
 * @brief The knowledge base: advisories (OSV, NVD), the CISA KEV catalog
 * and EPSS scores in one database, indexed for the questions the matcher
 * asks.
 *
 * A store is one SQLite file now (PostgreSQL later, through the backend
 * table in vigil/sys/store_backend.h).  Feeds are written into it by the
 * importers of vigil/feed.h; a scan opens it read-only and asks indexed
 * queries (vigil_store_affected_for(), vigil_store_configs_for()).
 *
 * Every id of a vulnerability (CVE, GHSA, PYSEC, GO-..., a KEV entry's
 * CVE) joins one alias group: `vulnerabilities` in the status counts the
 * groups.  The *snapshot id* is a SHA-256 over every record the store
 * holds (kind, id and the digest of its content, in a fixed order), so two
 * stores with the same snapshot give the same answers.
 *
 * Thread safety: a vigil_store is used by one thread at a time; open one
 * per thread.  Strings handed to callbacks are borrowed for the call.
 */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open store. */
typedef struct vigil_store vigil_store;

/** Open flags. */
#define VIGIL_STORE_READONLY 0x1u	/**< no writes; the file must exist */

/**
 * Where the store lives by default: $VIGIL_DB, else
 * $XDG_DATA_HOME/vigil/vigil.db, else ~/.local/share/vigil/vigil.db.
 * *OUT is the caller's (free with vigil_store_string_free()).  Returns 0,
 * VIGIL_ENOTFOUND (no HOME either) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_store_default_path(char **out, vigil_error *err);

/** Free a string returned by this module (NULL-safe). */
VIGIL_EXTERN void vigil_store_string_free(char *s);

/**
 * Whether LOCATION names a PostgreSQL database (`postgresql://...` or
 * `postgres://...`, a libpq connection URI) rather than a SQLite file.
 */
VIGIL_EXTERN bool vigil_store_is_url(const char *location);

/**
 * Open the store at PATH (NULL: vigil_store_default_path()), creating it
 * and its parent directory unless FLAGS has VIGIL_STORE_READONLY, and
 * bring its schema up to date (migrations run in one transaction, one
 * process at a time).  PATH may be a PostgreSQL URI
 * (vigil_store_is_url(); docs/postgresql.md): the store then lives in
 * the first schema of the connection's search_path.
 * *OUT is the caller's: vigil_store_close().  Returns 0, VIGIL_EIO,
 * VIGIL_EDB (not a vigil store, or a newer schema than this build knows,
 * or the server cannot be reached), VIGIL_EINVALID (a URI and a build
 * without PostgreSQL), VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_store_open(vigil_store **out, const char *path,
    unsigned flags, vigil_error *err);

/** Close ST (NULL-safe); an open transaction is rolled back. */
VIGIL_EXTERN void vigil_store_close(vigil_store *st);

/** The schema version this build writes. */
VIGIL_EXTERN unsigned vigil_store_schema_version(void);

/**
 * Transactions.  Importers commit in batches so that an interrupted import
 * keeps what it committed; a rerun completes it.  Transactions nest: an
 * inner begin/commit only counts levels, so library calls that write in
 * their own transaction may run inside a caller's; an inner rollback
 * makes the outermost commit roll back and fail with VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_store_begin(vigil_store *st, vigil_error *err);
VIGIL_EXTERN int vigil_store_commit(vigil_store *st, vigil_error *err);
VIGIL_EXTERN void vigil_store_rollback(vigil_store *st);

/** Whether a transaction (of any depth) is open on ST. */
VIGIL_EXTERN bool vigil_store_in_transaction(const vigil_store *st);

/* ---- organisations ------------------------------------------------------- */

/** The organisation of the CLI and of a store nobody scoped: 1. */
#define VIGIL_STORE_ORG_LOCAL 1

/**
 * Scope ST's device inventory (vigil/life.h: releases, SBOMs, installed
 * devices, findings) and triage decisions (vigil/vex.h) to organisation
 * ORG: every read sees only its rows, every write creates rows of it, and
 * names (model and release, serial, product) are unique per
 * organisation.  A new handle is scoped to VIGIL_STORE_ORG_LOCAL, the
 * organisation of the command line; a multi-tenant program (vigil serve)
 * sets the caller's organisation before each use.  Advisories, KEV and
 * EPSS are shared by all.
 */
VIGIL_EXTERN void vigil_store_set_org(vigil_store *st, int64_t org);

/** The organisation ST is scoped to. */
VIGIL_EXTERN int64_t vigil_store_org(const vigil_store *st);

/** Physical integrity check (SQLite `PRAGMA integrity_check`). */
VIGIL_EXTERN int vigil_store_check(vigil_store *st, vigil_error *err);

/** What a store holds (vigil_store_status()). */
typedef struct vigil_store_status {
	char snapshot[65];	/**< hex SHA-256; see the file comment */
	uint64_t vulnerabilities;	/**< alias groups */
	uint64_t osv;		/**< OSV records (withdrawn included) */
	uint64_t osv_withdrawn;	/**< of which withdrawn */
	uint64_t nvd;		/**< NVD CVE records */
	uint64_t kev;		/**< KEV catalog entries */
	uint64_t epss;		/**< EPSS scores */
	uint64_t imports;	/**< sources recorded */
	char last_update[32];	/**< UTC time of the last import, "" if none */
	/** UTC time of the last import of each kind, "" if none:
	 * [0] osv, [1] nvd, [2] kev, [3] epss. */
	char last_import[4][32];
	char epss_model[64];	/**< EPSS model version, "" if none */
	char epss_date[40];	/**< EPSS score date, "" if none */
	char kev_version[40];	/**< KEV catalogVersion, "" if none */
	unsigned schema;	/**< schema version */
} vigil_store_status;

/**
 * Fill *OUT.  The snapshot is the one recorded by the last completed
 * import, or computed now when an import was interrupted.
 */
VIGIL_EXTERN int vigil_store_status_get(vigil_store_status *out,
    vigil_store *st, vigil_error *err);

/** One recorded import source (vigil_store_sources()). */
typedef struct vigil_store_source {
	const char *kind;	/**< "osv", "nvd", "kev", "epss"; "mixed" for a
				     directory of several, "none" if empty */
	const char *location;	/**< file name or URL */
	int64_t size;		/**< bytes, -1 if unknown */
	const char *sha256;	/**< hex, "" if unknown */
	const char *etag;	/**< "" if none */
	const char *last_modified;	/**< HTTP Last-Modified, "" if none */
	const char *imported;	/**< UTC, ISO 8601 */
	uint64_t added, updated, unchanged, withdrawn, rejected;
} vigil_store_source;

/** Callback: return 0 to go on, anything else stops and is returned. */
typedef int (*vigil_store_source_cb)(void *payload,
    const vigil_store_source *src);

/** Call CB for every recorded source, oldest first. */
VIGIL_EXTERN int vigil_store_sources(vigil_store *st,
    vigil_store_source_cb cb, void *payload, vigil_error *err);

/**
 * Record a source (importers call this after a file is in).  Fields that
 * are NULL are stored empty.
 */
VIGIL_EXTERN int vigil_store_add_source(vigil_store *st,
    const vigil_store_source *src, vigil_error *err);

/** The most recent source with LOCATION (for conditional downloads):
 * *ETAG and *LAST_MODIFIED are the caller's (vigil_store_string_free());
 * VIGIL_ENOTFOUND if none. */
VIGIL_EXTERN int vigil_store_source_validators(char **etag,
    char **last_modified, vigil_store *st, const char *location,
    vigil_error *err);

/** Key/value state kept for feeds (last NVD lastModified seen, ...). */
VIGIL_EXTERN int vigil_store_meta_get(char **out, vigil_store *st,
    const char *key, vigil_error *err);
VIGIL_EXTERN int vigil_store_meta_set(vigil_store *st, const char *key,
    const char *value, vigil_error *err);

/**
 * Recompute the snapshot id and record it (importers call this in their
 * last transaction).  OUT, if not NULL, receives it (65 bytes).
 */
VIGIL_EXTERN int vigil_store_snapshot_update(char *out, vigil_store *st,
    vigil_error *err);

/* ---- package names ------------------------------------------------------- */

/**
 * Normalise package NAME (LEN bytes) of ECOSYSTEM (an OSV ecosystem name,
 * "PyPI", "npm", "Debian:12", ...) into OUT (OUTSZ bytes, NUL-terminated)
 * so that every spelling of one package gives one key.  The one place the
 * rules live: PyPI per PEP 503 (lower case, runs of `-_.` become `-`);
 * case-insensitive registries (NuGet, Packagist, crates.io, Pub, Hex,
 * Alpine, Debian, Ubuntu, RPM distributions) lower-cased; others (Go, npm,
 * Maven, RubyGems, ...) kept as written.
 * Returns 0, VIGIL_ETOOBIG (OUT too small) or VIGIL_EINVALID (empty name
 * or a NUL byte).
 */
VIGIL_EXTERN int vigil_store_name_normalize(char *out, size_t outsz,
    const char *ecosystem, const char *name, size_t len);

/**
 * The base of an OSV ecosystem name: "Debian:12" -> "Debian" (LEN bytes
 * written to OUT, NUL-terminated).  Returns 0 or VIGIL_ETOOBIG.
 */
VIGIL_EXTERN int vigil_store_ecosystem_base(char *out, size_t outsz,
    const char *ecosystem);

/* ---- queries for the matcher --------------------------------------------- */

/** One OSV `affected` entry, with its raw range data (OSV JSON). */
typedef struct vigil_store_affected {
	const char *id;		/**< OSV id */
	const char *modified;	/**< the record's modified time */
	const char *ecosystem;	/**< full: "Debian:12" */
	const char *name;	/**< as written in the record */
	const char *purl;	/**< NULL if none */
	const char *ranges;	/**< JSON array of OSV ranges, "[]" if none */
	const char *versions;	/**< JSON array of strings, "[]" if none */
	const char *ecosystem_specific;	/**< JSON object or NULL */
	const char *database_specific;	/**< JSON object or NULL */
} vigil_store_affected;

typedef int (*vigil_store_affected_cb)(void *payload,
    const vigil_store_affected *a);

/**
 * Call CB for each `affected` entry of a non-withdrawn OSV record whose
 * ecosystem base is ECOSYSTEM ("PyPI"; "Debian" also finds "Debian:12";
 * "Debian:12" finds only that release) and whose normalised package name
 * equals NAME's.  Indexed: one B-tree lookup.  Returns 0, CB's non-zero
 * value, or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_store_affected_for(vigil_store *st,
    const char *ecosystem, const char *name, vigil_store_affected_cb cb,
    void *payload, vigil_error *err);

/** One NVD configuration, kept whole as NVD JSON. */
typedef struct vigil_store_config {
	const char *cve;	/**< CVE id */
	unsigned seq;		/**< index in the CVE's `configurations` */
	const char *config;	/**< JSON object: operator, negate, nodes */
} vigil_store_config;

typedef int (*vigil_store_config_cb)(void *payload,
    const vigil_store_config *c);

/**
 * Call CB for each NVD configuration that names a CPE with VENDOR and
 * PRODUCT (as written in CPE 2.3 formatted strings, compared without case)
 * in any cpeMatch, vulnerable or not; each configuration once.
 */
VIGIL_EXTERN int vigil_store_configs_for(vigil_store *st, const char *vendor,
    const char *product, vigil_store_config_cb cb, void *payload,
    vigil_error *err);

/* ---- enrichment, per vulnerability (the matcher's later passes) --------- */

/** Callback for vigil_store_aliases(): one id. */
typedef int (*vigil_store_id_cb)(void *payload, const char *id);

/**
 * Call CB for every id of the vulnerability ID belongs to (ID included),
 * in byte order.  Returns 0, VIGIL_ENOTFOUND (ID is not known), CB's
 * non-zero value or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_store_aliases(vigil_store *st, const char *id,
    vigil_store_id_cb cb, void *payload, vigil_error *err);

/** One CVSS vector of an advisory. */
typedef struct vigil_store_severity {
	const char *source_kind;	/**< "osv" or "nvd" */
	const char *id;		/**< the advisory */
	const char *version;	/**< OSV type ("CVSS_V3") or NVD "3.1" */
	const char *source;	/**< NVD source, NULL for OSV */
	const char *type;	/**< NVD "Primary"/"Secondary", NULL for OSV */
	const char *vector;	/**< the vector string */
	double base_score;	/**< as published (never trusted: recompute) */
	bool has_score;
} vigil_store_severity;

typedef int (*vigil_store_severity_cb)(void *payload,
    const vigil_store_severity *s);

/**
 * Call CB for every CVSS vector of every advisory in ID's alias group
 * (OSV `severity`, NVD metrics of every version and source).
 */
VIGIL_EXTERN int vigil_store_severities(vigil_store *st, const char *id,
    vigil_store_severity_cb cb, void *payload, vigil_error *err);

/** A KEV entry (vigil_store_kev_get()); strings live until the next
 * call on ST. */
typedef struct vigil_store_kev {
	const char *cve, *vendor, *product, *name, *date_added;
	const char *description, *required_action, *due_date, *ransomware;
	const char *notes, *cwes;	/**< cwes comma-separated */
} vigil_store_kev;

/**
 * The KEV entry of CVE into *OUT.  Returns 0, VIGIL_ENOTFOUND or
 * VIGIL_EDB.  Strings stay valid until the next call on ST.
 */
VIGIL_EXTERN int vigil_store_kev_get(vigil_store_kev *out, vigil_store *st,
    const char *cve, vigil_error *err);

/** The EPSS score and percentile of CVE.  Returns 0 or VIGIL_ENOTFOUND. */
VIGIL_EXTERN int vigil_store_epss_get(double *score, double *percentile,
    vigil_store *st, const char *cve, vigil_error *err);

/** Formats for vigil_store_show(). */
typedef enum vigil_store_format {
	VIGIL_STORE_TEXT = 0,
	VIGIL_STORE_JSON = 1
} vigil_store_format;

/**
 * The merged record of the vulnerability that ID (any alias) belongs to:
 * its ids, every OSV and NVD record, the KEV entry and the EPSS score.
 * *OUT is the caller's (vigil_store_string_free()).  Returns 0,
 * VIGIL_ENOTFOUND, VIGIL_EDB or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_store_show(char **out, vigil_store *st,
    const char *id, vigil_store_format format, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
