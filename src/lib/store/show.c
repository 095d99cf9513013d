/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil db show ID`: the merged view of one vulnerability.  ID may be any
 * of its ids; everything in its alias group is gathered: each OSV and NVD
 * record (as imported), the KEV entry and the EPSS score, as JSON or as
 * text for a person.
 */
#include <jansson.h>
#include <string.h>

#include "storeint.h"
#include "vgx.h"

#define GROUP_IDS "(SELECT g.id FROM vuln_id g WHERE g.vuln = " \
	"(SELECT h.vuln FROM vuln_id h WHERE h.id = ?))"

struct show {
	json_t *root;
	json_t *ids, *records, *kev, *epss;
	vgx_buf *txt;
	bool text;
	int oom;
};

static int
set_str(json_t *o, const char *k, const char *v)
{
	return json_object_set_new(o, k, v != NULL ? json_string(v) :
	    json_null());
}

static int
row_id(void *ctx, vigil_store *st, void *s)
{
	struct show *sh = ctx;

	if (json_array_append_new(sh->ids, json_string(vigil__store_col(st, s,
	    0))) < 0)
		sh->oom = 1;
	return 0;
}

static int
row_adv(void *ctx, vigil_store *st, void *s)
{
	struct show *sh = ctx;
	char *raw = vigil__store_col_raw(st, s, 2);
	json_t *o = json_object(), *rec;

	rec = raw != NULL ? json_loads(raw, 0, NULL) : NULL;
	vgx_free(raw);
	if (o == NULL || set_str(o, "source", vigil__store_col(st, s, 0)) < 0 ||
	    set_str(o, "id", vigil__store_col(st, s, 1)) < 0 ||
	    set_str(o, "withdrawn", vigil__store_col(st, s, 3)) < 0 ||
	    json_object_set_new(o, "record", rec != NULL ? rec :
	    json_null()) < 0 || json_array_append_new(sh->records, o) < 0)
		sh->oom = 1;
	return 0;
}

static int
row_kev(void *ctx, vigil_store *st, void *s)
{
	static const char *const k[] = {"cveID", "vendorProject", "product",
	    "vulnerabilityName", "dateAdded", "shortDescription",
	    "requiredAction", "dueDate", "knownRansomwareCampaignUse", "notes",
	    "cwes"};
	struct show *sh = ctx;
	json_t *o = json_object();
	size_t i;

	if (o == NULL) {
		sh->oom = 1;
		return 0;
	}
	for (i = 0; i < VGX_ARRAY_SIZE(k); i++)
		if (set_str(o, k[i], vigil__store_col(st, s, (int)i)) < 0)
			sh->oom = 1;
	if (json_array_append_new(sh->kev, o) < 0)
		sh->oom = 1;
	return 0;
}

static int
row_epss(void *ctx, vigil_store *st, void *s)
{
	struct show *sh = ctx;
	json_t *o = json_object();

	if (o == NULL || set_str(o, "cve", vigil__store_col(st, s, 0)) < 0 ||
	    json_object_set_new(o, "epss", json_real(
	    vigil__store_col_double(st, s, 1))) < 0 ||
	    json_object_set_new(o, "percentile", json_real(
	    vigil__store_col_double(st, s, 2))) < 0 ||
	    set_str(o, "model_version", vigil__store_col(st, s, 3)) < 0 ||
	    set_str(o, "score_date", vigil__store_col(st, s, 4)) < 0 ||
	    json_array_append_new(sh->epss, o) < 0)
		sh->oom = 1;
	return 0;
}

/* ---- text ------------------------------------------------------------------ */

static const char *
jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v != NULL ? v : "";
}

static int
text_record(vgx_buf *b, json_t *r)
{
	const char *src = jstr(r, "source");
	json_t *rec = json_object_get(r, "record"), *v, *x;
	size_t i, j;
	int rc = 0;

	if (strcmp(src, "nvd") == 0)
		rec = json_object_get(rec, "cve");
	rc |= vgx_buf_printf(b, "\n%s %s\n", src, jstr(r, "id"));
	if (strcmp(src, "osv") == 0) {
		rc |= vgx_buf_printf(b, "  modified: %s\n", jstr(rec, "modified"));
		if (!json_is_null(json_object_get(r, "withdrawn")))
			rc |= vgx_buf_printf(b, "  withdrawn: %s\n",
			    jstr(r, "withdrawn"));
		if (*jstr(rec, "summary") != '\0')
			rc |= vgx_buf_printf(b, "  summary: %s\n",
			    jstr(rec, "summary"));
		json_array_foreach(json_object_get(rec, "severity"), i, v)
			rc |= vgx_buf_printf(b, "  severity: %s %s\n",
			    jstr(v, "type"), jstr(v, "score"));
		json_array_foreach(json_object_get(rec, "affected"), i, v) {
			x = json_object_get(v, "package");
			rc |= vgx_buf_printf(b, "  affected: %s %s\n",
			    jstr(x, "ecosystem"), jstr(x, "name"));
		}
	} else {
		rc |= vgx_buf_printf(b, "  status: %s\n  modified: %s\n",
		    jstr(rec, "vulnStatus"), jstr(rec, "lastModified"));
		json_array_foreach(json_object_get(rec, "descriptions"), i, v)
			if (strcmp(jstr(v, "lang"), "en") == 0)
				rc |= vgx_buf_printf(b, "  description: %s\n",
				    jstr(v, "value"));
		x = json_object_get(rec, "metrics");
		{
			const char *key;
			json_t *arr;

			json_object_foreach(x, key, arr)
				json_array_foreach(arr, j, v) {
					json_t *d = json_object_get(v,
					    "cvssData");

					rc |= vgx_buf_printf(b,
					    "  cvss: %s %s %s %.1f\n",
					    jstr(v, "source"), jstr(v, "type"),
					    jstr(d, "vectorString"),
					    json_number_value(json_object_get(d,
					    "baseScore")));
				}
		}
		rc |= vgx_buf_printf(b, "  configurations: %zu\n",
		    json_array_size(json_object_get(rec, "configurations")));
	}
	return rc;
}

static int
to_text(vgx_buf *b, json_t *root)
{
	json_t *v;
	size_t i;
	int rc = 0;

	rc |= vgx_buf_printf(b, "vulnerability: %s\nids:",
	    jstr(root, "id"));
	json_array_foreach(json_object_get(root, "ids"), i, v)
		rc |= vgx_buf_printf(b, " %s", json_string_value(v));
	rc |= vgx_buf_addc(b, '\n');
	json_array_foreach(json_object_get(root, "records"), i, v)
		rc |= text_record(b, v);
	json_array_foreach(json_object_get(root, "kev"), i, v)
		rc |= vgx_buf_printf(b, "\nkev %s\n  added: %s\n  due: %s\n"
		    "  ransomware: %s\n  action: %s\n", jstr(v, "cveID"),
		    jstr(v, "dateAdded"), jstr(v, "dueDate"),
		    jstr(v, "knownRansomwareCampaignUse"),
		    jstr(v, "requiredAction"));
	json_array_foreach(json_object_get(root, "epss"), i, v)
		rc |= vgx_buf_printf(b, "\nepss %s\n  score: %.5f\n"
		    "  percentile: %.5f\n  model: %s (%s)\n", jstr(v, "cve"),
		    json_real_value(json_object_get(v, "epss")),
		    json_real_value(json_object_get(v, "percentile")),
		    jstr(v, "model_version"), jstr(v, "score_date"));
	return rc;
}

int
vigil_store_show(char **out, vigil_store *st, const char *id,
    vigil_store_format format, vigil_error *err)
{
	struct show sh;
	vgx_buf b;
	int rc;

	memset(&sh, 0, sizeof(sh));
	sh.root = json_object();
	sh.ids = json_array();
	sh.records = json_array();
	sh.kev = json_array();
	sh.epss = json_array();
	if (sh.root == NULL || sh.ids == NULL || sh.records == NULL ||
	    sh.kev == NULL || sh.epss == NULL) {
		json_decref(sh.root);
		json_decref(sh.ids);
		json_decref(sh.records);
		json_decref(sh.kev);
		json_decref(sh.epss);
		return vigil__error_oom(err);
	}
	json_object_set_new(sh.root, "id", json_string(id));
	json_object_set_new(sh.root, "ids", sh.ids);
	json_object_set_new(sh.root, "records", sh.records);
	json_object_set_new(sh.root, "kev", sh.kev);
	json_object_set_new(sh.root, "epss", sh.epss);
	if ((rc = vigil__store_query1(st, "SELECT id FROM vuln_id WHERE id IN "
	    GROUP_IDS " ORDER BY id", id, row_id, &sh, err)) < 0 ||
	    (rc = vigil__store_query1(st, "SELECT kind, id, raw, withdrawn "
	    "FROM advisory WHERE id IN " GROUP_IDS " ORDER BY kind, id", id,
	    row_adv, &sh, err)) < 0 ||
	    (rc = vigil__store_query1(st, "SELECT cve, vendor, product, name, "
	    "date_added, description, required_action, due_date, ransomware, "
	    "notes, cwes FROM kev WHERE cve IN " GROUP_IDS " ORDER BY cve", id,
	    row_kev, &sh, err)) < 0)
		goto done;
	if (json_array_size(sh.ids) == 0) {
		/* Not an advisory id: an EPSS-only CVE is still shown. */
		rc = vigil__store_query1(st, "SELECT cve, score, percentile, "
		    "model, score_date FROM epss WHERE cve = ?", id, row_epss,
		    &sh, err);
		if (rc == 0 && json_array_size(sh.epss) == 0)
			rc = vigil__error(err, VIGIL_ENOTFOUND,
			    "%s: not in the store", id);
		if (rc < 0)
			goto done;
		json_array_append_new(sh.ids, json_string(id));
	} else if ((rc = vigil__store_query1(st, "SELECT cve, score, "
	    "percentile, model, score_date FROM epss WHERE cve IN " GROUP_IDS
	    " ORDER BY cve", id, row_epss, &sh, err)) < 0) {
		goto done;
	}
	if (sh.oom) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if (format == VIGIL_STORE_JSON) {
		if ((*out = json_dumps(sh.root, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
		/* json_dumps uses malloc; hand over a vgx copy. */
		{
			char *c = vgx_strdup(*out);

			free(*out);
			*out = c;
			if (c == NULL)
				rc = vigil__error_oom(err);
		}
		goto done;
	}
	vgx_buf_init(&b, (size_t)1 << 28);
	if (to_text(&b, sh.root) != 0) {
		vgx_buf_dispose(&b);
		rc = vigil__error_oom(err);
		goto done;
	}
	*out = vgx_buf_take(&b, NULL);
	if (*out == NULL)
		rc = vigil__error_oom(err);
done:
	json_decref(sh.root);
	return rc;
}
