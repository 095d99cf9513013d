/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVD CVE API 2.0 importer: a response page ({"vulnerabilities": [{"cve":
 * ...}, ...]}) or one item ({"cve": ...}).
 *
 * Kept per CVE: descriptions (the English one as details), published,
 * lastModified, vulnStatus, every CVSS metric (v2, v3.0, v3.1, v4.0; each
 * source, Primary and Secondary: version, vector, base score),
 * weaknesses, references, and `configurations` whole (operators, negate,
 * cpeMatch with vulnerable and version bounds) for the matcher, indexed by
 * the (vendor, product) of every CPE they name.  The record is kept whole
 * as well.
 */
#include <string.h>

#include "feedint.h"

#define MAX_TEXT ((size_t)1 << 20)

static const struct {
	const char *key;
	const char *version;	/* when cvssData has none */
} metric_keys[] = {
	{"cvssMetricV2", "2.0"},
	{"cvssMetricV30", "3.0"},
	{"cvssMetricV31", "3.1"},
	{"cvssMetricV40", "4.0"},
};

/* Split a CPE 2.3 formatted string: component I (0 = part) as a new
 * lower-case string; backslash escapes stay as written. */
static char *
cpe_field(const char *cpe, unsigned want)
{
	const char *s = cpe + 8, *start;	/* after "cpe:2.3:" */
	unsigned i = 0;
	char *out;
	size_t n, k;

	for (start = s; ; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == ':' || *s == '\0') {
			if (i == want) {
				n = (size_t)(s - start);
				if (n == 0 || (out = vgx_malloc(n + 1)) == NULL)
					return NULL;
				for (k = 0; k < n; k++)
					out[k] = (char)vgx_tolower(
					    (unsigned char)start[k]);
				out[n] = '\0';
				return out;
			}
			if (*s == '\0')
				return NULL;
			i++;
			start = s + 1;
		}
	}
}

static int
config_node(struct vigil__advisory *a, unsigned seq, json_t *node,
    const char *ptr, unsigned depth, vigil_error *err)
{
	json_t *arr, *m, *v;
	const char *op, *crit;
	char p[256], q[256];
	size_t i;
	int rc;

	if (depth > 16)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "configuration nested too deep");
	if (!json_is_object(node))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "node is not an object");
	if ((rc = vigil__feed_jstr(&op, node, "operator", false, 8, ptr, err)) < 0)
		return rc;
	if (op != NULL && strcmp(op, "AND") != 0 && strcmp(op, "OR") != 0)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "operator is neither AND nor OR");
	if ((v = json_object_get(node, "negate")) != NULL && !json_is_boolean(v))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "negate is not a boolean");
	if ((rc = vigil__jarr(&arr, node, "nodes", false, ptr, err)) < 0)
		return rc;
	json_array_foreach(arr, i, m) {
		vigil__jptr(p, sizeof(p), ptr, "nodes");
		vigil__jptri(p, sizeof(p), p, i);
		if ((rc = config_node(a, seq, m, p, depth + 1, err)) < 0)
			return rc;
	}
	if ((rc = vigil__jarr(&arr, node, "cpeMatch", false, ptr, err)) < 0)
		return rc;
	json_array_foreach(arr, i, m) {
		struct vigil__cpe *c;
		char *part;

		vigil__jptr(p, sizeof(p), ptr, "cpeMatch");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(m))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "cpeMatch entry is not an object");
		if (!json_is_boolean(json_object_get(m, "vulnerable"))) {
			vigil__jptr(q, sizeof(q), p, "vulnerable");
			return vigil__error_ptr(err, VIGIL_EINVALID, q,
			    "vulnerable is not a boolean");
		}
		if ((rc = vigil__feed_jstr(&crit, m, "criteria", true, 1024, p,
		    err)) < 0)
			return rc;
		vigil__jptr(q, sizeof(q), p, "criteria");
		if (strncmp(crit, "cpe:2.3:", 8) != 0)
			return vigil__error_ptr(err, VIGIL_EINVALID, q,
			    "not a CPE 2.3 name");
		if (a->ncpes >= FEED_MAX_LIST)
			return vigil__error_ptr(err, VIGIL_ETOOBIG, p,
			    "more than %d CPEs in one CVE", FEED_MAX_LIST);
		if ((c = vigil__grow(&a->cpes, &a->ncpes, sizeof(*c),
		    FEED_MAX_LIST)) == NULL)
			return vigil__error_oom(err);
		c->seq = seq;
		part = cpe_field(crit, 0);
		c->vendor = cpe_field(crit, 1);
		c->product = cpe_field(crit, 2);
		if (part == NULL || strlen(part) != 1 || c->vendor == NULL ||
		    c->product == NULL) {
			vgx_free(part);
			return vigil__error_ptr(err, VIGIL_EINVALID, q,
			    "CPE 2.3 name without part, vendor and product");
		}
		c->part[0] = part[0];
		vgx_free(part);
	}
	return 0;
}

static int
metrics(struct vigil__advisory *a, json_t *cve, const char *ptr,
    vigil_error *err)
{
	json_t *m, *arr, *e, *d, *bs;
	char p[256], q[256];
	size_t k, i;
	int rc;

	if ((rc = vigil__jobj(&m, cve, "metrics", false, ptr, err)) < 0)
		return rc;
	for (k = 0; m != NULL && k < VGX_ARRAY_SIZE(metric_keys); k++) {
		vigil__jptr(p, sizeof(p), ptr, "metrics");
		if ((rc = vigil__jarr(&arr, m, metric_keys[k].key, false, p,
		    err)) < 0)
			return rc;
		json_array_foreach(arr, i, e) {
			struct vigil__severity *s;
			const char *ver;

			vigil__jptr(q, sizeof(q), p, metric_keys[k].key);
			vigil__jptri(q, sizeof(q), q, i);
			if (!json_is_object(e))
				return vigil__error_ptr(err, VIGIL_EINVALID, q,
				    "metric is not an object");
			if (a->nsev >= FEED_MAX_LIST)
				return vigil__error_ptr(err, VIGIL_ETOOBIG, q,
				    "more than %d metrics in one CVE",
				    FEED_MAX_LIST);
			if ((s = vigil__grow(&a->sev, &a->nsev, sizeof(*s),
			    FEED_MAX_LIST)) == NULL)
				return vigil__error_oom(err);
			if ((rc = vigil__feed_jstr(&s->source, e, "source", false,
			    256, q, err)) < 0 ||
			    (rc = vigil__feed_jstr(&s->type, e, "type", false, 32, q,
			    err)) < 0 ||
			    (rc = vigil__jobj(&d, e, "cvssData", true, q,
			    err)) < 0)
				return rc;
			vigil__jptr(q, sizeof(q), q, "cvssData");
			if ((rc = vigil__feed_jstr(&s->vector, d, "vectorString",
			    true, 1024, q, err)) < 0 ||
			    (rc = vigil__feed_jstr(&ver, d, "version", false, 8, q,
			    err)) < 0)
				return rc;
			s->version = ver != NULL ? ver : metric_keys[k].version;
			if ((bs = json_object_get(d, "baseScore")) != NULL) {
				if (!json_is_number(bs) ||
				    json_number_value(bs) < 0 ||
				    json_number_value(bs) > 10) {
					vigil__jptr(q, sizeof(q), q, "baseScore");
					return vigil__error_ptr(err,
					    VIGIL_EINVALID, q,
					    "baseScore is not a number 0-10");
				}
				s->score = json_number_value(bs);
				s->has_score = true;
			}
		}
	}
	return 0;
}

static int
nvd_record(struct vigil__advisory *a, json_t *item, const char *ptr,
    vigil_error *err)
{
	json_t *cve, *arr, *e, *d, *x;
	char cp[256], p[256], q[256];
	size_t i, j;
	int rc;

	memset(a, 0, sizeof(*a));
	a->kind = "nvd";
	if (!json_is_object(item))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "vulnerability is not an object");
	if ((rc = vigil__jobj(&cve, item, "cve", true, ptr, err)) < 0)
		return rc;
	vigil__jptr(cp, sizeof(cp), ptr, "cve");
	if ((rc = vigil__feed_jstr(&a->id, cve, "id", true, FEED_MAX_ID, cp,
	    err)) < 0)
		return rc;
	if (strncmp(a->id, "CVE-", 4) != 0 || strlen(a->id) < 9) {
		vigil__jptr(p, sizeof(p), cp, "id");
		return vigil__error_ptr(err, VIGIL_EINVALID, p,
		    "id is not a CVE id");
	}
	if ((rc = vigil__feed_jstr(&a->published, cve, "published", true, 64, cp,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&a->modified, cve, "lastModified", true, 64, cp,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&a->status, cve, "vulnStatus", false, 64, cp,
	    err)) < 0 ||
	    (rc = vigil__jarr(&arr, cve, "descriptions", false, cp, err)) < 0)
		return rc;
	json_array_foreach(arr, i, e) {
		const char *lang, *val;

		vigil__jptr(p, sizeof(p), cp, "descriptions");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(e))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "description is not an object");
		if ((rc = vigil__feed_jstr(&lang, e, "lang", true, 16, p, err)) < 0 ||
		    (rc = vigil__feed_jstr(&val, e, "value", true, MAX_TEXT, p,
		    err)) < 0)
			return rc;
		if (a->details == NULL && strcmp(lang, "en") == 0)
			a->details = val;
	}
	if ((rc = metrics(a, cve, cp, err)) < 0 ||
	    (rc = vigil__jarr(&arr, cve, "weaknesses", false, cp, err)) < 0)
		return rc;
	json_array_foreach(arr, i, e) {
		const char *src;

		vigil__jptr(p, sizeof(p), cp, "weaknesses");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(e))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "weakness is not an object");
		if ((rc = vigil__feed_jstr(&src, e, "source", false, 256, p,
		    err)) < 0 ||
		    (rc = vigil__jarr(&d, e, "description", true, p, err)) < 0)
			return rc;
		json_array_foreach(d, j, x) {
			struct vigil__weakness *w;
			const char *val;

			vigil__jptr(q, sizeof(q), p, "description");
			vigil__jptri(q, sizeof(q), q, j);
			if (!json_is_object(x))
				return vigil__error_ptr(err, VIGIL_EINVALID, q,
				    "description is not an object");
			if ((rc = vigil__feed_jstr(&val, x, "value", true, 64, q,
			    err)) < 0)
				return rc;
			if (a->ncwes >= FEED_MAX_LIST)
				return vigil__error_ptr(err, VIGIL_ETOOBIG, q,
				    "more than %d CWEs in one CVE",
				    FEED_MAX_LIST);
			if ((w = vigil__grow(&a->cwes, &a->ncwes, sizeof(*w),
			    FEED_MAX_LIST)) == NULL)
				return vigil__error_oom(err);
			w->cwe = val;
			w->source = src != NULL ? src : "";
		}
	}
	if ((rc = vigil__jarr(&arr, cve, "references", false, cp, err)) < 0)
		return rc;
	json_array_foreach(arr, i, e) {
		struct vigil__ref *r;

		vigil__jptr(p, sizeof(p), cp, "references");
		vigil__jptri(p, sizeof(p), p, i);
		if (!json_is_object(e))
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "reference is not an object");
		if ((r = vigil__grow(&a->refs, &a->nrefs, sizeof(*r),
		    FEED_MAX_LIST)) == NULL)
			return vigil__error_oom(err);
		if ((rc = vigil__feed_jstr(&r->url, e, "url", true, 8192, p,
		    err)) < 0 ||
		    (rc = vigil__feed_jstr(&r->type, e, "source", false, 256, p,
		    err)) < 0)
			return rc;
	}
	if ((rc = vigil__jarr(&arr, cve, "configurations", false, cp,
	    err)) < 0)
		return rc;
	json_array_foreach(arr, i, e) {
		char **slot;

		vigil__jptr(p, sizeof(p), cp, "configurations");
		vigil__jptri(p, sizeof(p), p, i);
		if ((rc = config_node(a, (unsigned)i, e, p, 0, err)) < 0)
			return rc;
		if ((slot = vigil__grow(&a->configs, &a->nconfigs,
		    sizeof(*slot), FEED_MAX_LIST)) == NULL ||
		    (*slot = vigil__jdump(e)) == NULL)
			return vigil__error_oom(err);
	}
	if ((a->raw = vigil__jdump(item)) == NULL)
		return vigil__error_oom(err);
	a->rawlen = strlen(a->raw);
	return 0;
}

int
vigil__nvd_one(struct vigil__imp *imp, json_t *item, const char *ptr, vigil_error *err)
{
	struct vigil__advisory a;
	vigil_error rerr;
	int rc;

	rc = nvd_record(&a, item, ptr, &rerr);
	return vigil__imp_record(imp, &a, rc, json_string_value(
	    json_object_get(json_object_get(item, "cve"), "id")), &rerr, err);
}

int
vigil__nvd_import(struct vigil__imp *imp, json_t *root, vigil_error *err)
{
	json_t *arr, *item;
	char p[48];
	size_t i;
	int rc;

	if (json_object_get(root, "vulnerabilities") == NULL)
		return vigil__nvd_one(imp, root, "", err);
	if ((rc = vigil__jarr(&arr, root, "vulnerabilities", true, "",
	    err)) < 0)
		return rc;
	json_array_foreach(arr, i, item) {
		snprintf(p, sizeof(p), "/vulnerabilities/%zu", i);
		if ((rc = vigil__nvd_one(imp, item, p, err)) < 0)
			return rc;
	}
	return 0;
}
