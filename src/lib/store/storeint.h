/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the store, shared with the feed importers (src/lib/feed): the
 * records an importer hands over once it has checked them completely, and
 * the calls that write them.  A record is validated whole before the first
 * row is written, so a bad record is never half-written; the store then
 * writes it inside the importer's transaction.
 */
#ifndef VIGIL_STOREINT_H
#define VIGIL_STOREINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/store.h"
#include "vigil/sys/store_backend.h"

/* What writing a record did. */
enum vigil__put_result {
	VIGIL__PUT_ADDED = 1,
	VIGIL__PUT_UPDATED,	/* replaced an older version */
	VIGIL__PUT_UNCHANGED,	/* same content, or the stored one is newer */
	VIGIL__PUT_WITHDRAWN	/* replaced, and now withdrawn */
};

struct vigil__severity {
	const char *version;	/* "CVSS_V3" (OSV type) or "3.1" (NVD) */
	const char *source;	/* NVD source, NULL for OSV */
	const char *type;	/* NVD "Primary"/"Secondary", NULL for OSV */
	const char *vector;	/* vector string */
	double score;		/* NVD baseScore */
	bool has_score;
};

struct vigil__ref {
	const char *url;
	const char *type;	/* OSV type, or NVD tags joined with ',' */
};

struct vigil__weakness {
	const char *cwe;	/* "CWE-79", "NVD-CWE-Other" */
	const char *source;	/* "" for OSV */
};

struct vigil__affected {
	const char *ecosystem;
	const char *name;
	const char *purl;	/* or NULL */
	char *ranges;		/* owned JSON */
	char *versions;		/* owned JSON */
	char *eco_specific;	/* owned JSON or NULL */
	char *db_specific;	/* owned JSON or NULL */
};

struct vigil__cpe {
	unsigned seq;		/* configuration index */
	char part[2];
	char *vendor;		/* owned, lower case */
	char *product;		/* owned, lower case */
};

/*
 * An OSV or NVD record, ready to store.  Strings are borrowed from the
 * parsed document; `owned` members are freed by vigil__advisory_dispose().
 */
struct vigil__advisory {
	const char *kind;	/* "osv" or "nvd" */
	const char *id;
	const char *modified, *published, *withdrawn, *status;
	const char *summary, *details;
	const char **aliases;
	size_t naliases;
	const char **related;
	size_t nrelated;
	struct vigil__severity *sev;
	size_t nsev;
	struct vigil__ref *refs;
	size_t nrefs;
	struct vigil__weakness *cwes;
	size_t ncwes;
	struct vigil__affected *aff;
	size_t naff;
	char **configs;		/* owned JSON objects */
	size_t nconfigs;
	struct vigil__cpe *cpes;
	size_t ncpes;
	char *raw;		/* owned compact JSON */
	size_t rawlen;
	char digest[65];	/* SHA-256 of raw, hex */
};

void vigil__advisory_dispose(struct vigil__advisory *a);

struct vigil__kev {
	const char *cve, *vendor, *product, *name, *date_added;
	const char *description, *required_action, *due_date, *ransomware;
	const char *notes;
	char *cwes;		/* owned, comma-separated */
	char digest[65];
};

int vigil__store_put_advisory(int *result, vigil_store *st,
    const struct vigil__advisory *a, vigil_error *err);
int vigil__store_put_kev(int *result, vigil_store *st,
    const struct vigil__kev *k, vigil_error *err);
int vigil__store_put_epss(int *result, vigil_store *st, const char *cve,
    double score, double percentile, const char *model, const char *date,
    vigil_error *err);

/* Run SQL (one optional text parameter ARG) calling FN for each row.  SQL
 * must be a string constant: statements are kept by its address. */
int vigil__store_query1(vigil_store *st, const char *sql, const char *arg,
    int (*fn)(void *ctx, vigil_store *st, void *stmt), void *ctx,
    vigil_error *err);
/*
 * As vigil__store_query1 with NARGS text parameters (a NULL one binds
 * NULL); FN may be NULL for statements without rows.
 */
int vigil__store_queryv(vigil_store *st, const char *sql,
    const char *const *args, size_t nargs,
    int (*fn)(void *ctx, vigil_store *st, void *stmt), void *ctx,
    vigil_error *err);
/* A compressed raw record column, unpacked (vgx_free), or NULL. */
char *vigil__store_col_raw(vigil_store *st, void *stmt, int col);
/* Columns of the current row of a vigil__store_query1 statement. */
const char *vigil__store_col(vigil_store *st, void *stmt, int col);
double vigil__store_col_double(vigil_store *st, void *stmt, int col);
int64_t vigil__store_col_int(vigil_store *st, void *stmt, int col);

/* The store's organisation (vigil_store_set_org) in decimal, to bind as
 * a text parameter: every inventory and triage query is scoped by it. */
const char *vigil__store_org_text(const vigil_store *st);

/* Schema migrations: entry N-1 brings the schema to version N. */
extern const char *const vigil__store_migrations[];

/* Hex SHA-256 of (buf, len) into OUT (65 bytes). */
void vigil__sha256_hex(char *out, const void *buf, size_t len);

#endif
