/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/feed.h
 * @brief Vulnerability feeds: import OSV, NVD CVE API 2.0, CISA KEV and
 * EPSS data into a store (vigil/store.h), and download them.
 *
 * An import finds each input's kind from its content: OSV (a JSON record,
 * a JSON array of records, a directory of them, or an ecosystem dump
 * `all.zip`), NVD (an API 2.0 response page or a single `{"cve": ...}`
 * record), the KEV catalog JSON, EPSS CSV (plain or gzip; gzip is
 * unpacked first for every kind).
 *
 * Every record is checked whole before it is written; a malformed one is
 * reported through the reject callback (file, record id, JSON pointer)
 * and skipped, and the import goes on.  Records are committed in batches,
 * so an interrupted import keeps what it committed and a rerun completes
 * it (records already stored count as unchanged).
 *
 * Thread safety: one import per store handle at a time.
 */
#ifndef VIGIL_FEED_H
#define VIGIL_FEED_H

#include <stdint.h>

#include "vigil/common.h"
#include "vigil/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kinds of feed. */
typedef enum vigil_feed_kind {
	VIGIL_FEED_UNKNOWN = 0,
	VIGIL_FEED_OSV,
	VIGIL_FEED_NVD,
	VIGIL_FEED_KEV,
	VIGIL_FEED_EPSS
} vigil_feed_kind;

/** "osv", "nvd", "kev", "epss" or "unknown"; static. */
VIGIL_EXTERN const char *vigil_feed_kind_name(vigil_feed_kind kind);

/** What an import did, per record. */
typedef struct vigil_feed_stats {
	uint64_t added;		/**< new records */
	uint64_t updated;	/**< replaced by a newer version */
	uint64_t unchanged;	/**< the same, or older than the stored one */
	uint64_t withdrawn;	/**< replaced and now withdrawn */
	uint64_t rejected;	/**< malformed, skipped */
} vigil_feed_stats;

/** Told about each rejected record: FILE, its ID (NULL if unknown) and
 * ERR (message, JSON pointer or line). */
typedef void (*vigil_feed_reject_fn)(void *payload, const char *file,
    const char *id, const vigil_error *err);

/** Told every few hundred records: FILE, records done so far, and the
 * bytes done out of TOTAL (0 if unknown). */
typedef void (*vigil_feed_progress_fn)(void *payload, const char *file,
    uint64_t records, uint64_t done, uint64_t total);

/** Import options; start from VIGIL_FEED_OPTS_INIT. */
typedef struct vigil_feed_opts {
	unsigned version;	/**< 1 */
	size_t batch;		/**< records per transaction, >= 1 */
	size_t max_file;	/**< bytes of one file or zip entry, unpacked */
	/** JSON documents over this many bytes are split into records by a
	 * streaming (yajl) pass instead of being parsed whole, so memory
	 * stays near one record's worth beyond the file itself. */
	size_t stream_min;
	vigil_feed_reject_fn reject;	/**< or NULL */
	vigil_feed_progress_fn progress;	/**< or NULL */
	void *payload;		/**< for the callbacks */
	/** Recorded with the source when the input was downloaded. */
	const char *location;	/**< URL to record instead of the path */
	const char *etag;	/**< or NULL */
	const char *last_modified;	/**< or NULL */
} vigil_feed_opts;

#define VIGIL_FEED_OPTS_INIT \
	{ 1, 2000, (size_t)1 << 30, (size_t)4 << 20, NULL, NULL, NULL, \
	  NULL, NULL, NULL }

/**
 * Import PATH (a file, or a directory searched for *.json, *.json.gz,
 * *.csv, *.csv.gz and *.zip files, in name order) into ST,
 * adding to *STATS.  Records the source (name, size, SHA-256, time) and
 * the new snapshot id.  Returns 0 when everything was read, even if some
 * records were rejected (see STATS->rejected); VIGIL_EINVALID when a whole
 * file is not a feed (ERR names it; other files are still imported when
 * PATH is a directory), VIGIL_EIO, VIGIL_EDB, VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_feed_import_path(vigil_feed_stats *stats,
    vigil_store *st, const char *path, const vigil_feed_opts *opts,
    vigil_error *err);

/**
 * Import LEN bytes of BUF, named NAME in messages, of KIND
 * (VIGIL_FEED_UNKNOWN: found from the content).  ST may be NULL: the
 * records are then only checked (and counted as added), which is what the
 * fuzz targets do.  Does not record a source.
 */
VIGIL_EXTERN int vigil_feed_import_buffer(vigil_feed_stats *stats,
    vigil_store *st, vigil_feed_kind kind, const char *name,
    const void *buf, size_t len, const vigil_feed_opts *opts,
    vigil_error *err);

/** The kind of BUF from its first bytes (cheap; JSON is not parsed
 * whole, so a JSON document may still turn out to be something else). */
VIGIL_EXTERN vigil_feed_kind vigil_feed_sniff(const void *buf, size_t len);

/* ---- download --------------------------------------------------------------- */

/** Where feeds come from; every URL may be NULL for the default. */
typedef struct vigil_feed_urls {
	const char *mirror;	/**< base URL replacing every default */
	const char *osv;	/**< with "{ecosystem}" for the name */
	const char *osv_modified;	/**< modified_id.csv, "{ecosystem}" */
	const char *osv_record;	/**< one record, "{ecosystem}", "{id}" */
	const char *nvd;	/**< the CVE API 2.0 endpoint */
	const char *kev;
	const char *epss;
	const char *nvd_api_key;	/**< sent as the apiKey header */
} vigil_feed_urls;

/** Download options; start from VIGIL_FEED_UPDATE_OPTS_INIT. */
typedef struct vigil_feed_update_opts {
	unsigned version;	/**< 1 */
	vigil_feed_urls urls;
	unsigned retries;	/**< extra attempts after a failure */
	unsigned backoff_ms;	/**< first wait; doubles each retry */
	long timeout_s;		/**< per transfer, 0 none */
	unsigned nvd_page;	/**< resultsPerPage, 1..2000 */
	const char *cache_dir;	/**< where partial downloads live */
	vigil_feed_opts import;	/**< callbacks and limits for the import */
} vigil_feed_update_opts;

#define VIGIL_FEED_UPDATE_OPTS_INIT \
	{ 1, { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }, 4, 1000, \
	  600, 2000, NULL, VIGIL_FEED_OPTS_INIT }

/** One source to update: KIND, and for OSV the ECOSYSTEM ("PyPI"). */
typedef struct vigil_feed_source {
	vigil_feed_kind kind;
	const char *ecosystem;	/**< OSV only, else NULL */
} vigil_feed_source;

/**
 * Download SRC and import it into ST, adding to *STATS.  Conditional
 * (ETag / If-Modified-Since from the last import of the same URL: an
 * unchanged feed costs one request), retried with back-off, resumed from
 * a partial file in CACHE_DIR, and incremental where the source allows:
 * NVD asks only for CVEs modified since the last update
 * (lastModStartDate), OSV fetches only the records whose `modified` is
 * newer than the last update (modified_id.csv) once the dump is in.
 * *NOT_MODIFIED (may be NULL) is set when the server said 304.
 */
VIGIL_EXTERN int vigil_feed_update(vigil_feed_stats *stats, int *not_modified,
    vigil_store *st, const vigil_feed_source *src,
    const vigil_feed_update_opts *opts, vigil_error *err);

/** The URL a source is fetched from (caller frees with
 * vigil_store_string_free()). */
VIGIL_EXTERN int vigil_feed_url(char **out, const vigil_feed_source *src,
    const vigil_feed_urls *urls, vigil_error *err);

#ifdef __cplusplus
}
#endif
#endif
