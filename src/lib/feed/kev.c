/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CISA Known Exploited Vulnerabilities catalog importer (the JSON feed:
 * {"catalogVersion", "dateReleased", "count", "vulnerabilities": [...]}).
 * Kept per entry: cveID, vendorProject, product, vulnerabilityName,
 * dateAdded, shortDescription, requiredAction, dueDate,
 * knownRansomwareCampaignUse, notes, cwes.  The catalog version goes into
 * the store's meta table.
 */
#include <string.h>

#include "feedint.h"

#define MAX_TEXT 65536

static bool
is_date(const char *s)
{
	size_t i;

	for (i = 0; i < 10; i++) {
		if (s[i] == '\0')
			return false;
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !vgx_isdigit((unsigned char)s[i]))
			return false;
	}
	return s[10] == '\0';
}

static int
kev_entry(struct vigil__kev *k, json_t *e, const char *ptr, vigil_error *err)
{
	json_t *cw, *v;
	vgx_buf b;
	char p[256];
	size_t i;
	int rc;
	char *raw;

	memset(k, 0, sizeof(*k));
	if (!json_is_object(e))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "entry is not an object");
	if ((rc = vigil__feed_jstr(&k->cve, e, "cveID", true, FEED_MAX_ID, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->vendor, e, "vendorProject", false, MAX_TEXT,
	    ptr, err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->product, e, "product", false, MAX_TEXT, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->name, e, "vulnerabilityName", false,
	    MAX_TEXT, ptr, err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->date_added, e, "dateAdded", true, 32, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->description, e, "shortDescription", false,
	    MAX_TEXT, ptr, err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->required_action, e, "requiredAction", false,
	    MAX_TEXT, ptr, err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->due_date, e, "dueDate", false, 32, ptr,
	    err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->ransomware, e, "knownRansomwareCampaignUse",
	    false, 64, ptr, err)) < 0 ||
	    (rc = vigil__feed_jstr(&k->notes, e, "notes", false, MAX_TEXT, ptr,
	    err)) < 0 ||
	    (rc = vigil__jarr(&cw, e, "cwes", false, ptr, err)) < 0)
		return rc;
	if (strncmp(k->cve, "CVE-", 4) != 0) {
		vigil__jptr(p, sizeof(p), ptr, "cveID");
		return vigil__error_ptr(err, VIGIL_EINVALID, p,
		    "cveID is not a CVE id");
	}
	if (!is_date(k->date_added)) {
		vigil__jptr(p, sizeof(p), ptr, "dateAdded");
		return vigil__error_ptr(err, VIGIL_EINVALID, p,
		    "dateAdded is not YYYY-MM-DD");
	}
	if (k->due_date != NULL && !is_date(k->due_date)) {
		vigil__jptr(p, sizeof(p), ptr, "dueDate");
		return vigil__error_ptr(err, VIGIL_EINVALID, p,
		    "dueDate is not YYYY-MM-DD");
	}
	vgx_buf_init(&b, 65536);
	json_array_foreach(cw, i, v) {
		if (!json_is_string(v) || json_string_length(v) > 64) {
			vgx_buf_dispose(&b);
			vigil__jptr(p, sizeof(p), ptr, "cwes");
			vigil__jptri(p, sizeof(p), p, i);
			return vigil__error_ptr(err, VIGIL_EINVALID, p,
			    "CWE is not a short string");
		}
		if ((i > 0 && vgx_buf_addc(&b, ',') < 0) ||
		    vgx_buf_adds(&b, json_string_value(v)) < 0) {
			vgx_buf_dispose(&b);
			return vigil__error(err, VIGIL_ETOOBIG, "too many CWEs");
		}
	}
	if ((k->cwes = vgx_buf_take(&b, NULL)) == NULL &&
	    (k->cwes = vgx_strdup("")) == NULL)
		return vigil__error_oom(err);
	if ((raw = vigil__jdump(e)) == NULL)
		return vigil__error_oom(err);
	vigil__sha256_hex(k->digest, raw, strlen(raw));
	vgx_free(raw);
	return 0;
}

int
vigil__kev_one(struct vigil__imp *imp, json_t *e, const char *ptr,
    vigil_error *err)
{
	struct vigil__kev k;
	vigil_error rerr;
	int result = VIGIL__PUT_ADDED, rc;

	if ((rc = kev_entry(&k, e, ptr, &rerr)) < 0) {
		vgx_free(k.cwes);
		if (rc == VIGIL_ENOMEM) {
			*err = rerr;
			return rc;
		}
		vigil__imp_reject(imp, json_string_value(json_object_get(e,
		    "cveID")), &rerr);
		return 0;
	}
	rc = 0;
	if (imp->st != NULL)
		rc = vigil__store_put_kev(&result, imp->st, &k, err);
	vgx_free(k.cwes);
	if (rc < 0)
		return rc;
	return vigil__imp_count(imp, result, err);
}

int
vigil__kev_version(struct vigil__imp *imp, json_t *root, const char **ver,
    vigil_error *err)
{
	return vigil__feed_jstr(ver, root, "catalogVersion", true, 32, "", err);
}

int
vigil__kev_finish(struct vigil__imp *imp, const char *ver, vigil_error *err)
{
	if (imp->st != NULL)
		return vigil_store_meta_set(imp->st, "kev_version", ver, err);
	return 0;
}

int
vigil__kev_import(struct vigil__imp *imp, json_t *root, vigil_error *err)
{
	json_t *arr, *e;
	const char *ver;
	char p[48];
	size_t i;
	int rc;

	if ((rc = vigil__kev_version(imp, root, &ver, err)) < 0 ||
	    (rc = vigil__jarr(&arr, root, "vulnerabilities", true, "",
	    err)) < 0)
		return rc;
	json_array_foreach(arr, i, e) {
		snprintf(p, sizeof(p), "/vulnerabilities/%zu", i);
		if ((rc = vigil__kev_one(imp, e, p, err)) < 0)
			return rc;
	}
	return vigil__kev_finish(imp, ver, err);
}
