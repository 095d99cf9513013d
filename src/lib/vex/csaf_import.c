/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSAF advisories into the store, in one place: a CSAF vulnerability
 * becomes an advisory of kind "csaf" whose affected entries are OSV-like,
 * so the matcher finds them by (ecosystem, name) like any OSV record:
 *
 *   CSAF EXMD-2026-001, CVE-2026-2000,
 *   known_affected: zlib (purl pkg:deb/debian/zlib@1.2.13?distro=debian-12)
 *     => advisory csaf "CSAF:EXMD-2026-001:CVE-2026-2000", alias CVE-…
 *        affected { ecosystem "Debian:12", name "zlib",
 *                   versions ["1.2.13"], ranges [] }
 *   a purl without a version => ranges [{ECOSYSTEM, introduced "0"}]
 *
 * Products are resolved by the VEX reader (csaf.c); a relationship's
 * product_reference (the component) is what is affected.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vigil/csaf.h"
#include "vigil/purl.h"
#include "vigil/vex.h"
#include "vgx.h"
#include "../match/matchint.h"
#include "../store/storeint.h"

#define MAX_AFF 10000u

static void
dispose(struct vigil__advisory *a)
{
	size_t i;

	for (i = 0; i < a->naff; i++) {
		vgx_free((char *)a->aff[i].ecosystem);
		vgx_free((char *)a->aff[i].name);
		vgx_free(a->aff[i].ranges);
		vgx_free(a->aff[i].versions);
	}
	vgx_free(a->aff);
	vgx_free((void *)a->aliases);
	vgx_free(a->raw);
	memset(a, 0, sizeof(*a));
}

/* Add the affected entry for PURL to A; 1 when the purl has no known
 * ecosystem (skipped). */
static int
add_purl(struct vigil__advisory *a, size_t *cap, const char *purl,
    vigil_error *err)
{
	vigil_purl *p = NULL;
	char eco[256], name[1024];
	struct vigil__affected *f;
	json_t *v;
	size_t i;

	for (i = 0; i < a->naff; i++)
		if (strcmp(a->aff[i].purl, purl) == 0)
			return 0;
	if (vigil_purl_parse(&p, purl, strlen(purl), 0, NULL) < 0)
		return 1;
	if (vigil__purl_ecosystem(p, eco, name, sizeof(name) < sizeof(eco) ?
	    sizeof(name) : sizeof(eco)) < 0) {
		vigil_purl_free(p);
		return 1;
	}
	if (a->naff == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		void *np;

		if (nc > MAX_AFF || (np = vgx_reallocarray(a->aff, nc,
		    sizeof(*a->aff))) == NULL) {
			vigil_purl_free(p);
			return nc > MAX_AFF ? vigil__error(err, VIGIL_ETOOBIG,
			    "more than %u affected products", MAX_AFF) :
			    vigil__error_oom(err);
		}
		a->aff = np;
		*cap = nc;
	}
	f = &a->aff[a->naff];
	memset(f, 0, sizeof(*f));
	f->purl = purl;
	f->ecosystem = vgx_strdup(eco);
	f->name = vgx_strdup(name);
	if (p->version != NULL) {
		char *t = NULL;

		/* json_dumps allocates with malloc: copy into vgx memory. */
		if ((v = json_pack("[s]", p->version)) != NULL)
			t = json_dumps(v, JSON_COMPACT);
		json_decref(v);
		f->versions = t != NULL ? vgx_strdup(t) : NULL;
		free(t);
		f->ranges = vgx_strdup("[]");
	} else {
		f->versions = vgx_strdup("[]");
		f->ranges = vgx_strdup("[{\"type\":\"ECOSYSTEM\",\"events\":"
		    "[{\"introduced\":\"0\"}]}]");
	}
	vigil_purl_free(p);
	a->naff++;
	if (f->ecosystem == NULL || f->name == NULL || f->versions == NULL ||
	    f->ranges == NULL)
		return vigil__error_oom(err);
	return 0;
}

int
vigil_csaf_import(size_t *nadv, size_t *skipped, vigil_store *st,
    const char *buf, size_t len, const vigil_schema *schema,
    vigil_error *err)
{
	vigil_vex_doc *d = NULL;
	size_t nfail = 0, i, k, m, s, n = 0, skip = 0;
	bool *done = NULL;
	int rc;

	if ((rc = vigil_csaf_validate(&nfail, buf, len, schema, NULL, NULL,
	    err)) < 0)
		return rc;
	if (nfail > 0)
		return vigil__error(err, VIGIL_EINVALID, "the document fails "
		    "%zu validation checks (vigil csaf validate says which)",
		    nfail);
	if ((rc = vigil_vex_read(&d, buf, len, VIGIL_VEX_FORMAT_CSAF, NULL,
	    err)) < 0)
		return rc;
	if (d->id == NULL) {
		vigil_vex_doc_free(d);
		return vigil__error(err, VIGIL_EINVALID, "no tracking id");
	}
	if ((done = vgx_calloc(d->nstatements + 1, sizeof(*done))) == NULL) {
		vigil_vex_doc_free(d);
		return vigil__error_oom(err);
	}
	if ((rc = vigil_store_begin(st, err)) < 0)
		goto out;
	/* One advisory per vulnerability: gather its affected statements. */
	for (i = 0; i < d->nstatements && rc == 0; i++) {
		const char *vuln = d->statements[i].vuln;
		struct vigil__advisory a;
		const char **al = NULL;
		size_t cap = 0, nal = 0;
		char id[512];
		json_t *raw;
		int put;

		if (done[i])
			continue;
		memset(&a, 0, sizeof(a));
		for (s = i; s < d->nstatements && rc == 0; s++) {
			const vigil_vex_statement *st2 = &d->statements[s];

			if (done[s] || strcmp(st2->vuln, vuln) != 0)
				continue;
			done[s] = true;
			if (al == NULL && st2->naliases > 0) {
				al = (const char **)st2->aliases;
				nal = st2->naliases;
			}
			if (a.summary == NULL)
				a.summary = st2->description;
			if (st2->status != VIGIL_VEX_AFFECTED)
				continue;
			for (k = 0; k < st2->nproducts && rc == 0; k++) {
				const vigil_vex_product *p = &st2->products[k];
				const vigil_vex_product *list = p->nsubs ?
				    p->subs : p;
				size_t nl = p->nsubs ? p->nsubs : 1;

				for (m = 0; m < nl && rc == 0; m++) {
					const char *purl = NULL;
					size_t x;

					for (x = 0; x < list[m].nidents; x++)
						if (list[m].idents[x].kind ==
						    VIGIL_VEX_ID_PURL)
							purl = list[m].idents[x]
							    .value;
					if (purl == NULL) {
						skip++;
						continue;
					}
					if ((rc = add_purl(&a, &cap, purl,
					    err)) > 0) {
						skip++;
						rc = 0;
					}
				}
			}
		}
		if (rc < 0 || a.naff == 0) {
			dispose(&a);
			continue;
		}
		snprintf(id, sizeof(id), "CSAF:%.200s:%.200s", d->id, vuln);
		a.kind = "csaf";
		a.id = id;
		a.modified = d->last_updated != NULL ? d->last_updated :
		    d->timestamp;
		a.published = d->timestamp;
		if ((a.aliases = vgx_calloc(nal + 1, sizeof(char *))) == NULL) {
			dispose(&a);
			rc = vigil__error_oom(err);
			break;
		}
		a.aliases[0] = vuln;
		for (k = 0; k < nal; k++)
			a.aliases[k + 1] = al[k];
		a.naliases = nal + 1;
		raw = json_pack("{s:s, s:s, s:s?}", "csaf", d->id, "vuln", vuln,
		    "publisher", d->author);
		if (raw != NULL) {
			json_t *aff = json_array();

			for (k = 0; k < a.naff; k++)
				json_array_append_new(aff,
				    json_string(a.aff[k].purl));
			json_object_set_new(raw, "known_affected", aff);
			{
				char *t = json_dumps(raw, JSON_COMPACT |
				    JSON_SORT_KEYS);

				a.raw = t != NULL ? vgx_strdup(t) : NULL;
				free(t);
			}
			json_decref(raw);
		}
		if (a.raw == NULL) {
			dispose(&a);
			rc = vigil__error_oom(err);
			break;
		}
		a.rawlen = strlen(a.raw);
		vigil__sha256_hex(a.digest, a.raw, a.rawlen);
		rc = vigil__store_put_advisory(&put, st, &a, err);
		dispose(&a);
		if (rc == 0)
			n++;
	}
	if (rc < 0)
		vigil_store_rollback(st);
	else
		rc = vigil_store_commit(st, err);
out:
	vgx_free(done);
	vigil_vex_doc_free(d);
	if (rc == 0) {
		if (nadv != NULL)
			*nadv = n;
		if (skipped != NULL)
			*skipped = skip;
	}
	return rc;
}
