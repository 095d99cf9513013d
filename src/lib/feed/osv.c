/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OSV importer (https://ossf.github.io/osv-schema/): one record, or a JSON
 * array of records (the driver also feeds it every file of a directory
 * and every entry of an ecosystem's all.zip).
 *
 * Kept per record: id, aliases, related, summary, details, published,
 * modified, withdrawn, severity (type + vector), affected[] (package
 * ecosystem, name, purl; ranges, versions, ecosystem_specific and
 * database_specific kept as JSON for the matcher), references, CWEs
 * (database_specific.cwe_ids, as GHSA writes them), and the whole record.
 */
#include <string.h>

#include "feedint.h"

#define MAX_TEXT ((size_t)1 << 20)	/* summary, details: 1 MiB */
#define MAX_NAME 1024			/* package names, purls */

/* RFC 3339 date-time as OSV requires: "YYYY-MM-DDTHH:MM:SS" then anything
 * (fraction, zone).  Enough to reject what is not a time at all. */
static bool
is_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; pat[i] != '\0'; i++) {
		if (s[i] == '\0')
			return false;
		if (pat[i] == 'd' ? !vgx_isdigit((unsigned char)s[i]) :
		    (pat[i] == 'T' ? (s[i] != 'T' && s[i] != 't' &&
		    s[i] != ' ') : s[i] != pat[i]))
			return false;
	}
	return true;
}

static int
time_field(const char **out, json_t *rec, const char *key, bool required,
    const char *ptr, vigil_error *err)
{
	char p[256];
	int rc;

	if ((rc = vigil__feed_jstr(out, rec, key, required, 64, ptr, err)) < 0)
		return rc;
	if (*out != NULL && !is_time(*out)) {
		vigil__jptr(p, sizeof(p), ptr, key);
		return vigil__error_ptr(err, VIGIL_EINVALID, p,
		    "%s is not an RFC 3339 time", key);
	}
	return 0;
}

/* An array of strings KEY into *OUT, counting in *N. */
static int
str_list(const char ***out, size_t *n, json_t *rec, const char *key,
    size_t max, const char *ptr, vigil_error *err)
{
	json_t *arr, *v;
	char p[256], q[256];
	size_t i;
	int rc;

	if ((rc = vigil__jarr(&arr, rec, key, false, ptr, err)) < 0)
		return rc;
	vigil__jptr(p, sizeof(p), ptr, key);
	json_array_foreach(arr, i, v) {
		const char **slot;

		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > max) {
			vigil__jptri(q, sizeof(q), p, i);
			return vigil__error_ptr(err, VIGIL_EINVALID, q,
			    "not a string of 1 to %zu bytes", max);
		}
		if ((slot = vigil__grow(out, n, sizeof(*slot), FEED_MAX_LIST)) ==
		    NULL)
			return vigil__error_oom(err);
		*slot = json_string_value(v);
	}
	return 0;
}

static int
check_ranges(json_t *ranges, const char *ptr, vigil_error *err)
{
	json_t *r, *ev, *e;
	char p[256], q[256];
	const char *type;
	size_t i, j;
	int rc;

	json_array_foreach(ranges, i, r) {
		vigil__jptri(p, sizeof(p), ptr, i);
		if (!json_is_object(r))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "range is not an object");
		if ((rc = vigil__feed_jstr(&type, r, "type", true, 64, p, err)) < 0 ||
		    (rc = vigil__jarr(&ev, r, "events", true, p, err)) < 0)
			return rc;
		json_array_foreach(ev, j, e) {
			const char *k;
			json_t *val;

			vigil__jptr(q, sizeof(q), p, "events");
			vigil__jptri(q, sizeof(q), q, j);
			if (!json_is_object(e) || json_object_size(e) == 0)
				return vigil__error_ptr(err, VIGIL_EINVALID, q,
				    "event is not an object");
			json_object_foreach(e, k, val)
				if (!json_is_string(val) ||
				    json_string_length(val) > MAX_NAME)
					return vigil__error_ptr(err,
					    VIGIL_EINVALID, q,
					    "event %s is not a version string", k);
		}
	}
	return 0;
}

static int
affected(struct vigil__advisory *a, json_t *rec, const char *ptr,
    vigil_error *err)
{
	json_t *arr, *f, *pkg, *ranges, *versions, *es, *ds, *v;
	char p[256], q[256];
	size_t i, j;
	int rc;

	if ((rc = vigil__jarr(&arr, rec, "affected", false, ptr, err)) < 0)
		return rc;
	json_array_foreach(arr, i, f) {
		struct vigil__affected *x;
		const char *eco, *name, *purl;

		vigil__jptr(p, sizeof(p), ptr, "affected");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(f))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "affected entry is not an object");
		if ((rc = vigil__jobj(&pkg, f, "package", false, p, err)) < 0 ||
		    (rc = vigil__jarr(&ranges, f, "ranges", false, p, err)) < 0 ||
		    (rc = vigil__jarr(&versions, f, "versions", false, p,
		    err)) < 0 ||
		    (rc = vigil__jobj(&es, f, "ecosystem_specific", false, p,
		    err)) < 0 ||
		    (rc = vigil__jobj(&ds, f, "database_specific", false, p,
		    err)) < 0)
			return rc;
		vigil__jptr(q, sizeof(q), p, "ranges");
		if (ranges != NULL && (rc = check_ranges(ranges, q, err)) < 0)
			return rc;
		json_array_foreach(versions, j, v)
			if (!json_is_string(v) ||
			    json_string_length(v) > MAX_NAME) {
				vigil__jptr(q, sizeof(q), p, "versions");
				vigil__jptri(q, sizeof(q), q, j);
				return vigil__error_ptr(err, VIGIL_EINVALID, q,
				    "version is not a string");
			}
		/* An entry without a package (GIT ranges only) stays in
		 * the raw record; there is no package to index it by. */
		if (pkg == NULL)
			continue;
		vigil__jptr(q, sizeof(q), p, "package");
		if ((rc = vigil__feed_jstr(&eco, pkg, "ecosystem", true, 100, q,
		    err)) < 0 ||
		    (rc = vigil__feed_jstr(&name, pkg, "name", true, MAX_NAME, q,
		    err)) < 0 ||
		    (rc = vigil__feed_jstr(&purl, pkg, "purl", false, MAX_NAME, q,
		    err)) < 0)
			return rc;
		if (*eco == '\0' || *name == '\0') {
			return vigil__error_ptr(err, VIGIL_EINVALID, q,
			    "empty ecosystem or package name");
		}
		if ((x = vigil__grow(&a->aff, &a->naff, sizeof(*x),
		    FEED_MAX_LIST)) == NULL)
			return vigil__error_oom(err);
		x->ecosystem = eco;
		x->name = name;
		x->purl = purl;
		x->ranges = ranges != NULL ? vigil__jdump(ranges) :
		    vgx_strdup("[]");
		x->versions = versions != NULL ? vigil__jdump(versions) :
		    vgx_strdup("[]");
		x->eco_specific = es != NULL ? vigil__jdump(es) : NULL;
		x->db_specific = ds != NULL ? vigil__jdump(ds) : NULL;
		if (x->ranges == NULL || x->versions == NULL ||
		    (es != NULL && x->eco_specific == NULL) ||
		    (ds != NULL && x->db_specific == NULL))
			return vigil__error_oom(err);
	}
	return 0;
}

int
vigil__osv_record(struct vigil__advisory *a, json_t *rec, const char *ptr,
    vigil_error *err)
{
	json_t *arr, *v, *ds;
	char p[256];
	const char *cwe;
	size_t i;
	int rc;

	memset(a, 0, sizeof(*a));
	a->kind = "osv";
	if (!json_is_object(rec))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "OSV record is not an object");
	if ((rc = vigil__feed_jstr(&a->id, rec, "id", true, FEED_MAX_ID, ptr,
	    err)) < 0)
		return rc;
	if (*a->id == '\0')
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr, "empty id");
	if ((rc = time_field(&a->modified, rec, "modified", true, ptr,
	    err)) < 0 ||
	    (rc = time_field(&a->published, rec, "published", false, ptr,
	    err)) < 0 ||
	    (rc = time_field(&a->withdrawn, rec, "withdrawn", false, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&a->summary, rec, "summary", false, MAX_TEXT, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&a->details, rec, "details", false, MAX_TEXT, ptr,
	    err)) < 0 ||
	    (rc = str_list(&a->aliases, &a->naliases, rec, "aliases",
	    FEED_MAX_ID, ptr, err)) < 0 ||
	    (rc = str_list(&a->related, &a->nrelated, rec, "related",
	    FEED_MAX_ID, ptr, err)) < 0 ||
	    (rc = vigil__jarr(&arr, rec, "severity", false, ptr, err)) < 0)
		return rc;
	json_array_foreach(arr, i, v) {
		struct vigil__severity *s;
		const char *type, *score;

		vigil__jptr(p, sizeof(p), ptr, "severity");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(v))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "severity is not an object");
		if ((rc = vigil__feed_jstr(&type, v, "type", true, 64, p, err)) < 0 ||
		    (rc = vigil__feed_jstr(&score, v, "score", true, 1024, p,
		    err)) < 0)
			return rc;
		if ((s = vigil__grow(&a->sev, &a->nsev, sizeof(*s),
		    FEED_MAX_LIST)) == NULL)
			return vigil__error_oom(err);
		s->version = type;
		s->vector = score;
	}
	if ((rc = affected(a, rec, ptr, err)) < 0 ||
	    (rc = vigil__jarr(&arr, rec, "references", false, ptr, err)) < 0)
		return rc;
	json_array_foreach(arr, i, v) {
		struct vigil__ref *r;
		const char *type, *url;

		vigil__jptr(p, sizeof(p), ptr, "references");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(v))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "reference is not an object");
		if ((rc = vigil__feed_jstr(&type, v, "type", false, 64, p, err)) < 0 ||
		    (rc = vigil__feed_jstr(&url, v, "url", true, 8192, p, err)) < 0)
			return rc;
		if ((r = vigil__grow(&a->refs, &a->nrefs, sizeof(*r),
		    FEED_MAX_LIST)) == NULL)
			return vigil__error_oom(err);
		r->url = url;
		r->type = type;
	}
	if ((rc = vigil__jobj(&ds, rec, "database_specific", false, ptr,
	    err)) < 0)
		return rc;
	if (ds != NULL && json_is_array(json_object_get(ds, "cwe_ids"))) {
		json_array_foreach(json_object_get(ds, "cwe_ids"), i, v) {
			struct vigil__weakness *w;

			if ((cwe = json_string_value(v)) == NULL ||
			    strlen(cwe) > 64)
				continue;	/* not ours to judge */
			if ((w = vigil__grow(&a->cwes, &a->ncwes, sizeof(*w),
			    FEED_MAX_LIST)) == NULL)
				return vigil__error_oom(err);
			w->cwe = cwe;
			w->source = "";
		}
	}
	if ((a->raw = vigil__jdump(rec)) == NULL)
		return vigil__error_oom(err);
	a->rawlen = strlen(a->raw);
	return 0;
}

int
vigil__osv_one(struct vigil__imp *imp, json_t *rec, const char *ptr, vigil_error *err)
{
	struct vigil__advisory a;
	vigil_error rerr;
	int rc;

	rc = vigil__osv_record(&a, rec, ptr, &rerr);
	return vigil__imp_record(imp, &a, rc, json_string_value(
	    json_object_get(rec, "id")), &rerr, err);
}

int
vigil__osv_import(struct vigil__imp *imp, json_t *root, vigil_error *err)
{
	json_t *rec;
	char p[32];
	size_t i;
	int rc;

	if (!json_is_array(root))
		return vigil__osv_one(imp, root, "", err);
	json_array_foreach(root, i, rec) {
		snprintf(p, sizeof(p), "/%zu", i);
		if ((rc = vigil__osv_one(imp, rec, p, err)) < 0)
			return rc;
	}
	return 0;
}
