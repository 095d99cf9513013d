/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the feed importers: the import context shared by osv.c, nvd.c,
 * kev.c and epss.c (batching, counting, rejecting) and the JSON helpers
 * that check a field and name it by JSON pointer when it is wrong.
 */
#ifndef VIGIL_FEEDINT_H
#define VIGIL_FEEDINT_H

#include <jansson.h>
#include <stdbool.h>

#include "../store/storeint.h"
#include "vgx.h"
#include "vigil/feed.h"

/* Limits on one record (checked; a record over them is rejected). */
#define FEED_MAX_ID 256		/* bytes of an id */
#define FEED_MAX_LIST 100000	/* entries of any array in a record */

struct vigil__imp {
	vigil_store *st;	/* NULL: check only */
	const vigil_feed_opts *opts;
	const char *file;
	vigil_feed_stats *stats;
	size_t in_batch;	/* writes since the last commit */
	uint64_t records;	/* seen in this file */
	uint64_t bytes_total;
	uint64_t bytes_done;
	int kind;		/* vigil_feed_kind seen; -1 mixed */
};

/* Count a put result; commit and begin again every opts->batch records. */
int vigil__imp_count(struct vigil__imp *imp, int result, vigil_error *err);
/* Report a rejected record and count it. */
void vigil__imp_reject(struct vigil__imp *imp, const char *id,
    const vigil_error *rerr);
/* Store (or, without a store, only count) a checked advisory. */
int vigil__imp_advisory(struct vigil__imp *imp, struct vigil__advisory *a,
    vigil_error *err);
/*
 * Finish one record whose checking returned RC into A (RERR says why it
 * failed): store A, or report the record ID as rejected and go on (out of
 * memory stops the import, in ERR).  Disposes of A.
 */
int vigil__imp_record(struct vigil__imp *imp, struct vigil__advisory *a,
    int rc, const char *id, const vigil_error *rerr, vigil_error *err);

/* Whether O looks like an OSV record (id and modified, affected, ...). */
bool vigil__osv_like(json_t *o);

/* Per kind: import the parsed document ROOT. */
int vigil__osv_import(struct vigil__imp *imp, json_t *root, vigil_error *err);
int vigil__nvd_import(struct vigil__imp *imp, json_t *root, vigil_error *err);
int vigil__kev_import(struct vigil__imp *imp, json_t *root, vigil_error *err);
int vigil__epss_import(struct vigil__imp *imp, const char *buf, size_t len,
    vigil_error *err);

/* One element of a document: an OSV record, an NVD `vulnerabilities`
 * item, a KEV entry (pointer PTR).  A bad one is rejected, not an error. */
int vigil__osv_one(struct vigil__imp *imp, json_t *rec, const char *ptr,
    vigil_error *err);
int vigil__nvd_one(struct vigil__imp *imp, json_t *item, const char *ptr,
    vigil_error *err);
int vigil__kev_one(struct vigil__imp *imp, json_t *e, const char *ptr,
    vigil_error *err);
/* KEV: the catalog version of ROOT, and recording it at the end. */
int vigil__kev_version(struct vigil__imp *imp, json_t *root,
    const char **ver, vigil_error *err);
int vigil__kev_finish(struct vigil__imp *imp, const char *ver,
    vigil_error *err);

/*
 * Large JSON documents (over opts->stream_min bytes) are split by a yajl
 * pass instead of being parsed whole: *HANDLED is set when BUF was a
 * document of records it could split (a top-level array, or an object with
 * a `vulnerabilities` array) and was imported record by record.
 */
int vigil__stream_import(bool *handled, struct vigil__imp *imp,
    vigil_feed_kind kind, const char *buf, size_t len, vigil_error *err);

/* Check one OSV record (pointer prefix PTR) into A. */
int vigil__osv_record(struct vigil__advisory *a, json_t *rec, const char *ptr,
    vigil_error *err);

/* ---- JSON helpers ---------------------------------------------------------- */

/*
 * *OUT = string member KEY of object O (pointer PTR); NULL if absent and
 * not REQUIRED.  Rejects non-strings and strings over MAX bytes.
 */
int vigil__feed_jstr(const char **out, json_t *o, const char *key, bool required,
    size_t max, const char *ptr, vigil_error *err);
/* Array member KEY, NULL if absent (and not REQUIRED); at most MAX. */
int vigil__jarr(json_t **out, json_t *o, const char *key, bool required,
    const char *ptr, vigil_error *err);
/* Object member KEY, NULL if absent. */
int vigil__jobj(json_t **out, json_t *o, const char *key, bool required,
    const char *ptr, vigil_error *err);
/* Compact dump of V (member order kept), into vgx memory. */
char *vigil__jdump(json_t *v);
/* Append ptr/key (escaped per RFC 6901) or ptr/index into BUF. */
void vigil__jptr(char *buf, size_t sz, const char *ptr, const char *key);
void vigil__jptri(char *buf, size_t sz, const char *ptr, size_t index);

/* Grow *ARR (of *N elements of SIZE) by one zeroed element, at most MAX. */
void *vigil__grow(void *arrp, size_t *n, size_t size, size_t max);

#endif
