/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CycloneDX VEX (1.4 to 1.6): the `vulnerabilities` array with `analysis`
 * and `affects`, read into the statement model and written back.  Each
 * vulnerability with an analysis is one statement; its affects refs name
 * the products (components of the document's BOM, by bom-ref or BOM-link,
 * or a purl given as the ref).  States, justifications and responses map
 * to the CISA terms by the table in docs/vex.md.
 */
#include <stdio.h>
#include <string.h>

#include "vigil/purl.h"
#include "vexint.h"

#define FAIL_OOM() VX_FAILED(d)

static const struct {
	const char *cdx;
	vigil_vex_status st;
} states[] = {
	{ "resolved", VIGIL_VEX_FIXED },
	{ "resolved_with_pedigree", VIGIL_VEX_FIXED },
	{ "exploitable", VIGIL_VEX_AFFECTED },
	{ "in_triage", VIGIL_VEX_UNDER_INVESTIGATION },
	{ "false_positive", VIGIL_VEX_NOT_AFFECTED },
	{ "not_affected", VIGIL_VEX_NOT_AFFECTED },
};

static const struct {
	const char *cdx, *csaf;
} responses[] = {
	{ "update", "vendor_fix" },
	{ "rollback", "vendor_fix" },
	{ "workaround_available", "workaround" },
	{ "can_not_fix", "none_available" },
	{ "will_not_fix", "no_fix_planned" },
};

/* The component with bom-ref REF among COMPS (an array), or NULL. */
static const json_t *
find_ref(const json_t *comps, const char *ref, unsigned depth)
{
	const json_t *c, *r;
	size_t i;

	if (!json_is_array(comps) || depth > 64)
		return NULL;
	json_array_foreach(comps, i, c) {
		const char *b = vigil__vex_jstr(c, "bom-ref");

		if (b != NULL && strcmp(b, ref) == 0)
			return c;
		if ((r = find_ref(json_object_get(c, "components"), ref,
		    depth + 1)) != NULL)
			return r;
	}
	return NULL;
}

static int
component_idents(struct vx_doc *d, vigil_vex_product *p, size_t *cap,
    const json_t *c, vigil_error *err)
{
	const char *s;
	const json_t *hs, *h;
	size_t i;
	int rc;

	if ((s = vigil__vex_jstr(c, "purl")) != NULL &&
	    (rc = vigil__vex_add_ident(d, p, cap, VIGIL_VEX_ID_PURL, s,
	    err)) < 0)
		return rc;
	if ((s = vigil__vex_jstr(c, "cpe")) != NULL &&
	    (rc = vigil__vex_add_ident(d, p, cap, VIGIL_VEX_ID_CPE, s,
	    err)) < 0)
		return rc;
	if ((s = vigil__vex_jstr(c, "name")) != NULL && p->name == NULL) {
		char buf[512];
		const char *v = vigil__vex_jstr(c, "version");

		snprintf(buf, sizeof(buf), "%s%s%s", s, v ? " " : "",
		    v ? v : "");
		if ((p->name = vigil__vex_strdup(d, buf, err)) == NULL)
			return FAIL_OOM();
	}
	hs = json_object_get(c, "hashes");
	json_array_foreach(hs, i, h) {
		const char *alg = vigil__vex_jstr(h, "alg");
		const char *val = vigil__vex_jstr(h, "content");
		char buf[1024];
		size_t k, o = 0;

		if (alg == NULL || val == NULL)
			continue;
		/* "SHA-256" becomes "sha256", as OpenVEX and CSAF spell it. */
		for (k = 0; alg[k] != '\0' && o < 64; k++)
			if (alg[k] != '-')
				buf[o++] = (char)vgx_tolower(
				    (unsigned char)alg[k]);
		if ((size_t)snprintf(buf + o, sizeof(buf) - o, ":%s", val) >=
		    sizeof(buf) - o)
			continue;
		if ((rc = vigil__vex_add_ident(d, p, cap, VIGIL_VEX_ID_HASH,
		    buf, err)) < 0)
			return rc;
	}
	return 0;
}

static int
read_vuln(struct vx_doc *d, const json_t *root, const json_t *v, size_t idx,
    vigil_error *err)
{
	char ptr[160];
	const json_t *an, *aff, *refs, *a, *resp;
	const char *id, *state, *just, *detail, *ts;
	vigil_vex_statement *st;
	size_t i, k, pcap = 0, acap = 0;
	int rc;

	snprintf(ptr, sizeof(ptr), "/vulnerabilities/%zu", idx);
	if (!json_is_object(v))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "vulnerability is not an object");
	if ((an = json_object_get(v, "analysis")) == NULL)
		return 0;	/* a finding, not a VEX statement */
	if ((id = vigil__vex_jstr(v, "id")) == NULL)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "vulnerability without id");
	if (!json_is_object(an))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "analysis is not an object");
	if (json_object_get(an, "state") == NULL)
		return 0;	/* an analysis without a state says nothing */
	if ((st = vigil__vex_add_statement(d, err)) == NULL ||
	    (st->vuln = vigil__vex_strdup(d, id, err)) == NULL)
		return FAIL_OOM();
	if (vigil__vex_jstr(v, "bom-ref") != NULL &&
	    (st->id = vigil__vex_strdup(d, vigil__vex_jstr(v, "bom-ref"),
	    err)) == NULL)
		return FAIL_OOM();
	if (vigil__vex_jstr(v, "description") != NULL &&
	    (st->description = vigil__vex_strdup(d,
	    vigil__vex_jstr(v, "description"), err)) == NULL)
		return FAIL_OOM();
	refs = json_object_get(v, "references");
	json_array_foreach(refs, i, a) {
		const char *rid = vigil__vex_jstr(a, "id");

		if (rid != NULL &&
		    (rc = vigil__vex_add_alias(d, st, &acap, rid, err)) < 0)
			return rc;
	}
	state = vigil__vex_jstr(an, "state");
	for (i = 0; state != NULL && i < VGX_ARRAY_SIZE(states); i++)
		if (strcmp(state, states[i].cdx) == 0)
			st->status = states[i].st;
	if (st->status == VIGIL_VEX_STATUS_NONE) {
		snprintf(ptr, sizeof(ptr), "/vulnerabilities/%zu/analysis/state",
		    idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "missing or unknown analysis state");
	}
	if (strcmp(state, "false_positive") == 0 ||
	    strcmp(state, "resolved_with_pedigree") == 0)
		if ((st->native_justification = vigil__vex_strdup(d, state,
		    err)) == NULL)
			return FAIL_OOM();
	if ((just = vigil__vex_jstr(an, "justification")) != NULL) {
		bool exact;

		if ((st->justification = vigil__vex_cdx_just(just, &exact)) ==
		    VIGIL_VEX_JUST_NONE) {
			snprintf(ptr, sizeof(ptr),
			    "/vulnerabilities/%zu/analysis/justification", idx);
			return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
			    "unknown justification \"%.64s\"", just);
		}
		if (!exact && (st->native_justification =
		    vigil__vex_strdup(d, just, err)) == NULL)
			return FAIL_OOM();
	}
	resp = json_object_get(an, "response");
	json_array_foreach(resp, i, a) {
		const char *r = json_string_value(a);

		for (k = 0; r != NULL && k < VGX_ARRAY_SIZE(responses); k++)
			if (strcmp(r, responses[k].cdx) == 0 &&
			    st->remediation == NULL)
				st->remediation = responses[k].csaf;
	}
	detail = vigil__vex_jstr(an, "detail");
	if (detail != NULL) {
		char *dd = vigil__vex_strdup(d, detail, err);

		if (dd == NULL)
			return FAIL_OOM();
		if (st->status == VIGIL_VEX_NOT_AFFECTED)
			st->impact = dd;
		else
			st->action = dd;
	}
	if (vigil__vex_jstr(v, "recommendation") != NULL && st->action ==
	    NULL && (st->action = vigil__vex_strdup(d,
	    vigil__vex_jstr(v, "recommendation"), err)) == NULL)
		return FAIL_OOM();
	if ((ts = vigil__vex_jstr(an, "lastUpdated")) == NULL &&
	    (ts = vigil__vex_jstr(an, "firstIssued")) == NULL &&
	    (ts = vigil__vex_jstr(v, "updated")) == NULL)
		ts = vigil__vex_jstr(v, "published");
	if (ts != NULL && (st->timestamp = vigil__vex_strdup(d, ts, err)) ==
	    NULL)
		return FAIL_OOM();
	aff = json_object_get(v, "affects");
	json_array_foreach(aff, i, a) {
		const char *ref = vigil__vex_jstr(a, "ref");
		const json_t *c;
		const char *frag;
		vigil_vex_product *p;
		size_t cap = 0;

		if (ref == NULL) {
			snprintf(ptr, sizeof(ptr),
			    "/vulnerabilities/%zu/affects/%zu", idx, i);
			return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
			    "affects without ref");
		}
		if ((p = vigil__vex_add_product(d, st, &pcap, err)) == NULL ||
		    (p->id = vigil__vex_strdup(d, ref, err)) == NULL)
			return FAIL_OOM();
		/* A BOM-link (urn:cdx:serial/version#bom-ref) names a
		 * component of another BOM; its fragment may be ours. */
		frag = strncmp(ref, "urn:cdx:", 8) == 0 ? strchr(ref, '#') :
		    NULL;
		frag = frag != NULL ? frag + 1 : ref;
		c = json_object_get(json_object_get(root, "metadata"),
		    "component");
		if (c == NULL || !json_is_string(json_object_get(c,
		    "bom-ref")) || strcmp(vigil__vex_jstr(c, "bom-ref"), frag))
			c = find_ref(json_object_get(root, "components"), frag,
			    0);
		if (c != NULL) {
			if ((rc = component_idents(d, p, &cap, c, err)) < 0)
				return rc;
		} else if (strncmp(frag, "pkg:", 4) == 0) {
			if ((rc = vigil__vex_add_ident(d, p, &cap,
			    VIGIL_VEX_ID_PURL, frag, err)) < 0)
				return rc;
		}
		if ((rc = vigil__vex_add_ident(d, p, &cap, VIGIL_VEX_ID_BOMREF,
		    frag, err)) < 0)
			return rc;
	}
	return 0;
}

int
vigil__vex_read_cyclonedx(struct vx_doc *d, json_t *root, vigil_error *err)
{
	const json_t *vulns, *md, *v, *authors, *tools;
	const char *spec, *s;
	size_t i;
	int rc;

	if (!json_is_object(root) || (s = vigil__vex_jstr(root, "bomFormat")) ==
	    NULL || strcmp(s, "CycloneDX") != 0)
		return vigil__error_ptr(err, VIGIL_EUNSUPPORTED, "/bomFormat",
		    "not a CycloneDX document");
	spec = vigil__vex_jstr(root, "specVersion");
	if (spec == NULL || (strcmp(spec, "1.4") && strcmp(spec, "1.5") &&
	    strcmp(spec, "1.6") && strcmp(spec, "1.7")))
		return vigil__error_ptr(err, VIGIL_EUNSUPPORTED, "/specVersion",
		    "CycloneDX %s has no VEX (1.4 to 1.6 do)",
		    spec != NULL ? spec : "without specVersion");
	if ((s = vigil__vex_jstr(root, "serialNumber")) != NULL &&
	    (d->pub.id = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	if (json_is_integer(json_object_get(root, "version"))) {
		char b[32];

		snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(
		    json_object_get(root, "version")));
		if ((d->pub.version = vigil__vex_strdup(d, b, err)) == NULL)
			return FAIL_OOM();
	}
	md = json_object_get(root, "metadata");
	if ((s = vigil__vex_jstr(md, "timestamp")) != NULL &&
	    (d->pub.timestamp = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	authors = json_object_get(md, "authors");
	if (json_is_array(authors) && (s = vigil__vex_jstr(json_array_get(
	    authors, 0), "name")) != NULL &&
	    (d->pub.author = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	if (d->pub.author == NULL && (s = vigil__vex_jstr(json_object_get(md,
	    "supplier"), "name")) != NULL &&
	    (d->pub.author = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	tools = json_object_get(md, "tools");
	if (json_is_object(tools))
		tools = json_object_get(tools, "components");
	if (json_is_array(tools) && (s = vigil__vex_jstr(json_array_get(tools,
	    0), "name")) != NULL &&
	    (d->pub.tooling = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	if ((vulns = json_object_get(root, "vulnerabilities")) == NULL)
		return 0;
	if (!json_is_array(vulns))
		return vigil__error_ptr(err, VIGIL_EINVALID, "/vulnerabilities",
		    "vulnerabilities is not an array");
	json_array_foreach(vulns, i, v)
		if ((rc = read_vuln(d, root, v, i, err)) < 0)
			return rc;
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

static const char *
cdx_state(const vigil_vex_statement *st)
{
	switch (st->status) {
	case VIGIL_VEX_NOT_AFFECTED:
		if (st->native_justification != NULL &&
		    strcmp(st->native_justification, "false_positive") == 0)
			return "false_positive";
		return "not_affected";
	case VIGIL_VEX_AFFECTED:
		return "exploitable";
	case VIGIL_VEX_FIXED:
		return "resolved";
	case VIGIL_VEX_UNDER_INVESTIGATION:
		return "in_triage";
	default:
		return NULL;
	}
}

/* The bom-ref used for P: its purl, else its id, else "product-N". */
static const char *
product_ref(const vigil_vex_product *p, char *buf, size_t bufsz, size_t n)
{
	const char *r = vigil__vex_ident(p, VIGIL_VEX_ID_PURL);

	if (r == NULL)
		r = vigil__vex_ident(p, VIGIL_VEX_ID_BOMREF);
	if (r == NULL)
		r = p->id;
	if (r == NULL) {
		snprintf(buf, bufsz, "product-%zu", n);
		r = buf;
	}
	return r;
}

static int
add_component(json_t *comps, const vigil_vex_product *p, const char *ref,
    struct vx_loss *l)
{
	const char *purl = vigil__vex_ident(p, VIGIL_VEX_ID_PURL);
	const char *cpe = vigil__vex_ident(p, VIGIL_VEX_ID_CPE);
	vigil_purl *pu = NULL;
	json_t *c, *hs = NULL, *e;
	size_t i;
	bool cpe_done = false, purl_done = false;

	json_array_foreach(comps, i, e)
		if (strcmp(vigil__vex_jstr(e, "bom-ref"), ref) == 0)
			return 0;
	if ((c = json_object()) == NULL || json_array_append_new(comps, c) < 0)
		return -1;
	if (purl != NULL)
		(void)vigil_purl_parse(&pu, purl, strlen(purl), 0, NULL);
	if (json_object_set_new(c, "type", json_string(p->nsubs > 0 ?
	    "device" : "library")) < 0 ||
	    json_object_set_new(c, "bom-ref", json_string(ref)) < 0 ||
	    json_object_set_new(c, "name", json_string(pu != NULL ?
	    pu->name : p->name != NULL ? p->name : ref)) < 0 ||
	    (pu != NULL && pu->version != NULL &&
	    json_object_set_new(c, "version", json_string(pu->version)) < 0)) {
		vigil_purl_free(pu);
		return -1;
	}
	vigil_purl_free(pu);
	if (vigil__vex_jset_str(c, "purl", purl) < 0 ||
	    vigil__vex_jset_str(c, "cpe", cpe) < 0)
		return -1;
	for (i = 0; i < p->nidents; i++) {
		const vigil_vex_ident *x = &p->idents[i];

		switch (x->kind) {
		case VIGIL_VEX_ID_PURL:
			if (purl_done)
				vigil__vex_loss(l, "%s: second purl %s dropped",
				    ref, x->value);
			purl_done = true;
			break;
		case VIGIL_VEX_ID_CPE:
			if (cpe_done)
				vigil__vex_loss(l, "%s: second CPE %s dropped",
				    ref, x->value);
			cpe_done = true;
			break;
		case VIGIL_VEX_ID_HASH: {
			static const struct { const char *a, *cdx; } algs[] = {
				{ "md5", "MD5" }, { "sha1", "SHA-1" },
				{ "sha256", "SHA-256" }, { "sha384", "SHA-384" },
				{ "sha512", "SHA-512" },
				{ "sha3-256", "SHA3-256" },
				{ "sha3-512", "SHA3-512" },
				{ "blake2b-512", "BLAKE2b-512" },
			};
			const char *col = strchr(x->value, ':');
			size_t k;
			json_t *h;

			for (k = 0; col != NULL && k < VGX_ARRAY_SIZE(algs); k++)
				if (strlen(algs[k].a) ==
				    (size_t)(col - x->value) &&
				    strncmp(algs[k].a, x->value,
				    (size_t)(col - x->value)) == 0)
					break;
			if (col == NULL || k == VGX_ARRAY_SIZE(algs)) {
				vigil__vex_loss(l, "%s: hash %s dropped "
				    "(algorithm not in CycloneDX)", ref,
				    x->value);
				break;
			}
			if (hs == NULL && ((hs = json_array()) == NULL ||
			    json_object_set_new(c, "hashes", hs) < 0))
				return -1;
			if ((h = json_object()) == NULL ||
			    json_array_append_new(hs, h) < 0 ||
			    vigil__vex_jset_str(h, "alg", algs[k].cdx) < 0 ||
			    vigil__vex_jset_str(h, "content", col + 1) < 0)
				return -1;
			break;
		}
		case VIGIL_VEX_ID_MODEL:
		case VIGIL_VEX_ID_SERIAL:
		case VIGIL_VEX_ID_SKU:
			vigil__vex_loss(l, "%s: %s %s dropped", ref,
			    x->kind == VIGIL_VEX_ID_MODEL ? "model number" :
			    x->kind == VIGIL_VEX_ID_SERIAL ? "serial number" :
			    "SKU", x->value);
			break;
		case VIGIL_VEX_ID_BOMREF:
			break;
		}
	}
	return 0;
}

int
vigil__vex_write_cyclonedx(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err)
{
	json_t *root, *md, *comps, *vulns;
	char now[32], buf[48];
	size_t i, k, m, n = 0;
	long long ver = 1;

	vigil__vex_now(now);
	if ((root = json_object()) == NULL)
		return vigil__error_oom(err);
	if (doc->version != NULL) {
		const char *p = doc->version;
		uint64_t u;

		if (vgx_parse_uint(&p, p + strlen(p), INT32_MAX, &u) == 0 &&
		    *p == '\0' && u > 0)
			ver = (long long)u;
		else
			vigil__vex_loss(l, "document version \"%s\" is not a "
			    "positive integer; written as 1", doc->version);
	}
	if (json_object_set_new(root, "bomFormat", json_string("CycloneDX")) <
	    0 || json_object_set_new(root, "specVersion", json_string("1.5")) <
	    0)
		goto oom;
	if (doc->id != NULL && strncmp(doc->id, "urn:uuid:", 9) == 0) {
		if (vigil__vex_jset_str(root, "serialNumber", doc->id) < 0)
			goto oom;
	} else if (doc->id != NULL) {
		vigil__vex_loss(l, "document id %s is not a urn:uuid serial "
		    "number; dropped", doc->id);
	}
	if (json_object_set_new(root, "version", json_integer(ver)) < 0 ||
	    (md = json_object()) == NULL ||
	    json_object_set_new(root, "metadata", md) < 0 ||
	    json_object_set_new(md, "timestamp", json_string(
	    doc->last_updated != NULL ? doc->last_updated : doc->timestamp !=
	    NULL ? doc->timestamp : now)) < 0)
		goto oom;
	if (doc->last_updated != NULL && doc->timestamp != NULL)
		vigil__vex_loss(l, "first issue date %s dropped (CycloneDX "
		    "has one timestamp)", doc->timestamp);
	if (doc->author != NULL) {
		json_t *as = json_array(), *a = json_object();

		if (as == NULL || a == NULL ||
		    json_object_set_new(md, "authors", as) < 0 ||
		    json_array_append_new(as, a) < 0 ||
		    vigil__vex_jset_str(a, "name", doc->author) < 0) {
			if (json_object_get(md, "authors") != as)
				json_decref(as);
			goto oom;
		}
	}
	if (doc->author_role != NULL)
		vigil__vex_loss(l, "author role dropped");
	if (doc->title != NULL)
		vigil__vex_loss(l, "document title dropped");
	if ((comps = json_array()) == NULL ||
	    json_object_set_new(root, "components", comps) < 0 ||
	    (vulns = json_array()) == NULL ||
	    json_object_set_new(root, "vulnerabilities", vulns) < 0)
		goto oom;
	for (i = 0; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];
		json_t *v, *an, *aff;
		const char *j;

		if ((v = json_object()) == NULL ||
		    json_array_append_new(vulns, v) < 0 ||
		    vigil__vex_jset_str(v, "bom-ref", st->id) < 0 ||
		    vigil__vex_jset_str(v, "id", st->vuln) < 0 ||
		    vigil__vex_jset_str(v, "description", st->description) < 0)
			goto oom;
		if (st->naliases > 0) {
			json_t *refs = json_array();

			if (refs == NULL || json_object_set_new(v,
			    "references", refs) < 0)
				goto oom;
			for (k = 0; k < st->naliases; k++) {
				json_t *r = json_object(), *src = json_object();

				if (r == NULL || src == NULL ||
				    json_array_append_new(refs, r) < 0 ||
				    vigil__vex_jset_str(r, "id",
				    st->aliases[k]) < 0 ||
				    json_object_set_new(r, "source", src) < 0 ||
				    vigil__vex_jset_str(src, "name",
				    strncmp(st->aliases[k], "CVE-", 4) == 0 ?
				    "NVD" : strncmp(st->aliases[k], "GHSA-", 5)
				    == 0 ? "GitHub" : "OSV") < 0) {
					json_decref(src);
					goto oom;
				}
			}
		}
		if ((an = json_object()) == NULL ||
		    json_object_set_new(v, "analysis", an) < 0 ||
		    vigil__vex_jset_str(an, "state", cdx_state(st)) < 0)
			goto oom;
		if (st->justification != VIGIL_VEX_JUST_NONE) {
			bool exact = false;

			j = st->native_justification != NULL &&
			    vigil__vex_cdx_just(st->native_justification,
			    &exact) != VIGIL_VEX_JUST_NONE ?
			    st->native_justification :
			    vigil__vex_cdx_just_name(st->justification);
			if (!exact && j != st->native_justification &&
			    st->justification !=
			    VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT &&
			    st->justification !=
			    VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH &&
			    st->justification !=
			    VIGIL_VEX_INLINE_MITIGATIONS_ALREADY_EXIST)
				vigil__vex_loss(l, "%s: justification %s "
				    "written as %s", st->vuln,
				    vigil_vex_justification_name(
				    st->justification), j);
			if (vigil__vex_jset_str(an, "justification", j) < 0)
				goto oom;
		}
		if (st->remediation != NULL) {
			json_t *rs = json_array();
			const char *r = NULL;

			for (k = 0; k < VGX_ARRAY_SIZE(responses); k++)
				if (strcmp(responses[k].csaf,
				    st->remediation) == 0) {
					r = responses[k].cdx;
					break;
				}
			if (rs == NULL || json_object_set_new(an, "response",
			    rs) < 0)
				goto oom;
			if (r == NULL)
				vigil__vex_loss(l, "%s: remediation %s has no "
				    "CycloneDX response", st->vuln,
				    st->remediation);
			else if (json_array_append_new(rs, json_string(r)) < 0)
				goto oom;
		}
		if (st->impact != NULL && st->action != NULL) {
			if (vigil__vex_jset_str(an, "detail", st->impact) < 0 ||
			    vigil__vex_jset_str(v, "recommendation",
			    st->action) < 0)
				goto oom;
		} else if (vigil__vex_jset_str(an, "detail", st->impact !=
		    NULL ? st->impact : st->action) < 0) {
			goto oom;
		}
		if (st->action_timestamp != NULL)
			vigil__vex_loss(l, "%s: action statement timestamp "
			    "dropped", st->vuln);
		if (vigil__vex_jset_str(an, "lastUpdated", st->timestamp) < 0 ||
		    (aff = json_array()) == NULL ||
		    json_object_set_new(v, "affects", aff) < 0)
			goto oom;
		for (k = 0; k < st->nproducts; k++) {
			const vigil_vex_product *p = &st->products[k];
			const vigil_vex_product *list = p->nsubs ? p->subs : p;
			size_t nl = p->nsubs ? p->nsubs : 1;

			if (p->nsubs > 0)
				vigil__vex_loss(l, "%s: statement scoped to "
				    "subcomponents of %s; written as affecting "
				    "the subcomponents alone", st->vuln,
				    p->id != NULL ? p->id : p->name != NULL ?
				    p->name : "a product");
			for (m = 0; m < nl; m++) {
				const char *ref = product_ref(&list[m], buf,
				    sizeof(buf), ++n);
				json_t *a = json_object();

				if (a == NULL || json_array_append_new(aff,
				    a) < 0 || vigil__vex_jset_str(a, "ref",
				    ref) < 0 || add_component(comps, &list[m],
				    ref, l) < 0)
					goto oom;
			}
		}
	}
	*out = root;
	return 0;
oom:
	json_decref(root);
	return vigil__error_oom(err);
}
