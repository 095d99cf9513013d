/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Applying VEX statements to a scan's findings.  The rule that keeps a
 * statement in its scope (the bug of vexctl#105 is a statement for one
 * product dropping the vulnerability everywhere): a statement covers a
 * finding only when it names the finding's vulnerability and a product of
 * it identifies the finding's component, or identifies the scanned
 * product (the SBOM's subject) with no subcomponents or with a
 * subcomponent that identifies the component.  Among the statements that
 * cover a finding the latest wins (timestamp, then document order, then
 * order within the document).
 */
#include <string.h>

#include "vigil/cpe.h"
#include "vigil/purl.h"
#include "vigil/version.h"
#include "vexint.h"

static bool
str_eq(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
version_eq(const char *type, const char *a, const char *b)
{
	const vigil_scheme *sc = vigil_scheme_find(type, strlen(type));
	int cmp;

	if (strcmp(a, b) == 0)
		return 1;
	if (sc == NULL || vigil_version_compare(&cmp, sc, a, strlen(a), b,
	    strlen(b), NULL) < 0)
		return 0;
	return cmp == 0;
}

int
vigil_vex_purl_covers(const char *stmt, const char *comp)
{
	vigil_purl *s = NULL, *c = NULL;
	int ok = 0;
	size_t i;

	if (stmt == NULL || comp == NULL ||
	    vigil_purl_parse(&s, stmt, strlen(stmt), 0, NULL) < 0 ||
	    vigil_purl_parse(&c, comp, strlen(comp), 0, NULL) < 0)
		goto done;
	if (strcmp(s->type, c->type) != 0 || !str_eq(s->ns, c->ns) ||
	    strcmp(s->name, c->name) != 0)
		goto done;
	if (s->version != NULL && (c->version == NULL ||
	    !version_eq(s->type, s->version, c->version)))
		goto done;
	for (i = 0; i < s->nqualifiers; i++) {
		const char *v = vigil_purl_qualifier(c, s->qualifiers[i].key);

		if (v == NULL || strcmp(v, s->qualifiers[i].value) != 0)
			goto done;
	}
	if (s->subpath != NULL && !str_eq(s->subpath, c->subpath))
		goto done;
	ok = 1;
done:
	vigil_purl_free(s);
	vigil_purl_free(c);
	return ok;
}

/* Whether the CPE STMT covers the CPE COMP (COMP subset of or equal to). */
static bool
cpe_covers(const char *stmt, const char *comp)
{
	vigil_cpe *s = NULL, *c = NULL;
	vigil_cpe_relation r = VIGIL_CPE_DISJOINT;

	if (vigil_cpe_parse(&s, stmt, strlen(stmt), NULL) == 0 &&
	    vigil_cpe_parse(&c, comp, strlen(comp), NULL) == 0)
		r = vigil_cpe_compare(c, s);
	vigil_cpe_free(s);
	vigil_cpe_free(c);
	return r == VIGIL_CPE_SUBSET || r == VIGIL_CPE_EQUAL;
}

/* "SHA-256:ABC" and "sha256:abc" are the same hash. */
static bool
hash_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (vgx_tolower((unsigned char)*a) !=
		    vgx_tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

/* What identifies a thing: a component or the subject. */
struct who {
	const char *bom_ref, *purl;
	const char *const *cpes;
	size_t ncpes;
	const char *const *hashes;
	size_t nhashes;
	const char *model, *serial, *sku;
};

static bool
identifies(const vigil_vex_product *p, const struct who *w)
{
	bool strong = false;
	size_t i, k;

	for (i = 0; i < p->nidents; i++) {
		const vigil_vex_ident *x = &p->idents[i];

		switch (x->kind) {
		case VIGIL_VEX_ID_PURL:
			strong = true;
			if (w->purl != NULL &&
			    vigil_vex_purl_covers(x->value, w->purl))
				return true;
			break;
		case VIGIL_VEX_ID_CPE:
			strong = true;
			for (k = 0; k < w->ncpes; k++)
				if (cpe_covers(x->value, w->cpes[k]))
					return true;
			break;
		case VIGIL_VEX_ID_HASH:
			strong = true;
			for (k = 0; k < w->nhashes; k++)
				if (hash_eq(x->value, w->hashes[k]))
					return true;
			break;
		case VIGIL_VEX_ID_MODEL:
			strong = true;
			if (str_eq(x->value, w->model))
				return true;
			break;
		case VIGIL_VEX_ID_SERIAL:
			strong = true;
			if (str_eq(x->value, w->serial))
				return true;
			break;
		case VIGIL_VEX_ID_SKU:
			strong = true;
			if (str_eq(x->value, w->sku))
				return true;
			break;
		case VIGIL_VEX_ID_BOMREF:
			break;
		}
	}
	/* A bare bom-ref is trusted only when nothing stronger is given. */
	if (!strong && w->bom_ref != NULL)
		for (i = 0; i < p->nidents; i++)
			if (p->idents[i].kind == VIGIL_VEX_ID_BOMREF &&
			    strcmp(p->idents[i].value, w->bom_ref) == 0)
				return true;
	return false;
}

static bool
names_vuln(const vigil_vex_statement *st, const vigil_vex_finding *f)
{
	size_t i, k;

	for (i = 0; i <= st->naliases; i++) {
		const char *a = i == 0 ? st->vuln : st->aliases[i - 1];

		if (vgx_strieq(a, strlen(a), f->vuln))
			return true;
		for (k = 0; k < f->naliases; k++)
			if (vgx_strieq(a, strlen(a), f->aliases[k]))
				return true;
	}
	return false;
}

static bool
covers(const vigil_vex_statement *st, const struct who *comp,
    const struct who *subj)
{
	size_t i, k;

	for (i = 0; i < st->nproducts; i++) {
		const vigil_vex_product *p = &st->products[i];

		if (identifies(p, comp))
			return true;
		if (subj == NULL || !identifies(p, subj))
			continue;
		if (p->nsubs == 0)
			return true;
		for (k = 0; k < p->nsubs; k++)
			if (identifies(&p->subs[k], comp))
				return true;
	}
	return false;
}

static int64_t
when(const vigil_vex_doc *d, const vigil_vex_statement *st)
{
	int64_t t;

	if (vigil_vex_time_parse(&t, st->timestamp) == 0 ||
	    vigil_vex_time_parse(&t, d->last_updated) == 0 ||
	    vigil_vex_time_parse(&t, d->timestamp) == 0)
		return t;
	return INT64_MIN;
}

int
vigil_vex_apply(vigil_vex_finding *findings, size_t n,
    const vigil_vex_doc *const *docs, size_t ndocs,
    const vigil_vex_subject *subject, vigil_vex_unmatched_cb unmatched,
    void *payload, vigil_error *err)
{
	struct who subj, *sp = NULL;
	bool **used;
	int64_t *best_t;
	size_t i, dI, s;
	int rc = 0;

	if ((used = vgx_calloc(ndocs ? ndocs : 1, sizeof(*used))) == NULL)
		return vigil__error_oom(err);
	for (dI = 0; dI < ndocs; dI++)
		if (docs[dI]->nstatements > 0 && (used[dI] = vgx_calloc(
		    docs[dI]->nstatements, sizeof(**used))) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
	if ((best_t = vgx_calloc(n ? n : 1, sizeof(*best_t))) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if (subject != NULL) {
		subj.bom_ref = subject->bom_ref;
		subj.purl = subject->purl;
		subj.cpes = subject->cpes;
		subj.ncpes = subject->ncpes;
		subj.hashes = subject->hashes;
		subj.nhashes = subject->nhashes;
		subj.model = subject->model;
		subj.serial = subject->serial;
		subj.sku = subject->sku;
		sp = &subj;
	}
	for (i = 0; i < n; i++) {
		vigil_vex_finding *f = &findings[i];
		struct who comp = {
			f->bom_ref, f->purl, f->cpes, f->ncpes, f->hashes,
			f->nhashes, NULL, NULL, NULL
		};

		f->status = VIGIL_VEX_STATUS_NONE;
		f->statement = NULL;
		f->doc = 0;
		for (dI = 0; dI < ndocs; dI++) {
			for (s = 0; s < docs[dI]->nstatements; s++) {
				const vigil_vex_statement *st =
				    &docs[dI]->statements[s];
				int64_t t;

				if (f->vuln == NULL || !names_vuln(st, f) ||
				    !covers(st, &comp, sp))
					continue;
				used[dI][s] = true;
				t = when(docs[dI], st);
				/* Later documents and later statements come
				 * later in this loop: >= lets them win ties. */
				if (f->statement == NULL || t >= best_t[i]) {
					best_t[i] = t;
					f->statement = st;
					f->status = st->status;
					f->doc = dI;
				}
			}
		}
	}
	vgx_free(best_t);
	if (unmatched != NULL)
		for (dI = 0; dI < ndocs; dI++)
			for (s = 0; s < docs[dI]->nstatements; s++)
				if (!used[dI][s])
					unmatched(payload, dI,
					    &docs[dI]->statements[s]);
done:
	for (dI = 0; dI < ndocs; dI++)
		vgx_free(used[dI]);
	vgx_free(used);
	return rc;
}
