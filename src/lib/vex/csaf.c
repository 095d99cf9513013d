/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSAF 2.0 (OASIS csaf-v2.0-os): the product tree and the vulnerabilities
 * of csaf_vex and csaf_security_advisory documents, read into the
 * statement model and written back as csaf_vex.
 *
 * Reading maps each product id to what it stands for: a branch leaf or a
 * full product name is a product with its identification helper (purl,
 * CPE, hashes, model numbers, serial numbers, SKUs); a relationship
 * ("default_component_of" and the others) is its relates_to product with
 * the product_reference as a subcomponent:
 *
 *   relationships[0] = { product_reference: "CSAFPID-1" (openssl 3.0.7),
 *                        relates_to_product_reference: "CSAFPID-9" (pump),
 *                        full_product_name.product_id: "CSAFPID-10" }
 *   known_not_affected: ["CSAFPID-10"]
 *     => statement { product pump, subcomponents [openssl 3.0.7] }
 *
 * Each product of a product_status list becomes part of a statement with
 * the flag (justification), threat (impact) and remediation (action) that
 * name it, directly or through a product group; products with the same
 * answers share one statement.
 */
#include <stdio.h>
#include <string.h>

#include "vexint.h"

#define FAIL_OOM() VX_FAILED(d)

struct tprod {
	const char *id;
	const json_t *obj;	/* product (name, product_id, helper) */
	const char *ref, *relates;	/* relationship, or NULL */
};

struct tree {
	struct tprod *v;
	size_t n, cap;
	const json_t *groups;	/* product_groups array */
};

static int
tree_add(struct tree *t, const char *id, const json_t *obj, const char *ref,
    const char *relates, vigil_error *err)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct tprod *p;

		if (cap > VIGIL_VEX_MAX_PRODUCTS * 2)
			return vigil__error(err, VIGIL_ETOOBIG,
			    "more than %u products in the product tree",
			    VIGIL_VEX_MAX_PRODUCTS);
		if ((p = vgx_reallocarray(t->v, cap, sizeof(*p))) == NULL)
			return vigil__error_oom(err);
		t->v = p;
		t->cap = cap;
	}
	t->v[t->n].id = id;
	t->v[t->n].obj = obj;
	t->v[t->n].ref = ref;
	t->v[t->n].relates = relates;
	t->n++;
	return 0;
}

static const struct tprod *
tree_find(const struct tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].id, id) == 0)
			return &t->v[i];
	return NULL;
}

static int
walk_branches(struct tree *t, const json_t *branches, unsigned depth,
    vigil_error *err)
{
	const json_t *b;
	size_t i;
	int rc;

	if (!json_is_array(branches))
		return 0;
	if (depth > VIGIL_VEX_MAX_BRANCH_DEPTH)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "product tree branches deeper than %u",
		    VIGIL_VEX_MAX_BRANCH_DEPTH);
	json_array_foreach(branches, i, b) {
		const json_t *p = json_object_get(b, "product");
		const char *id = vigil__vex_jstr(p, "product_id");

		if (id != NULL && (rc = tree_add(t, id, p, NULL, NULL, err)) < 0)
			return rc;
		if ((rc = walk_branches(t, json_object_get(b, "branches"),
		    depth + 1, err)) < 0)
			return rc;
	}
	return 0;
}

static int
build_tree(struct tree *t, const json_t *pt, vigil_error *err)
{
	const json_t *a, *e;
	size_t i;
	int rc;

	if ((rc = walk_branches(t, json_object_get(pt, "branches"), 0,
	    err)) < 0)
		return rc;
	a = json_object_get(pt, "full_product_names");
	json_array_foreach(a, i, e) {
		const char *id = vigil__vex_jstr(e, "product_id");

		if (id != NULL && (rc = tree_add(t, id, e, NULL, NULL, err)) < 0)
			return rc;
	}
	a = json_object_get(pt, "relationships");
	json_array_foreach(a, i, e) {
		const json_t *f = json_object_get(e, "full_product_name");
		const char *id = vigil__vex_jstr(f, "product_id");
		const char *ref = vigil__vex_jstr(e, "product_reference");
		const char *rel = vigil__vex_jstr(e,
		    "relates_to_product_reference");

		if (id != NULL && ref != NULL && rel != NULL &&
		    (rc = tree_add(t, id, f, ref, rel, err)) < 0)
			return rc;
	}
	t->groups = json_object_get(pt, "product_groups");
	return 0;
}

/* Fill P from the product object O (name and identification helper). */
static int
product_from(struct vx_doc *d, vigil_vex_product *p, const char *id,
    const json_t *o, vigil_error *err)
{
	const json_t *h = json_object_get(o, "product_identification_helper");
	const json_t *a, *e, *fh, *x;
	const char *s;
	size_t cap = 0, i, k;
	int rc;
	static const struct {
		const char *key;
		vigil_vex_ident_kind kind;
	} lists[] = {
		{ "model_numbers", VIGIL_VEX_ID_MODEL },
		{ "serial_numbers", VIGIL_VEX_ID_SERIAL },
		{ "skus", VIGIL_VEX_ID_SKU },
	};

	if ((p->id = vigil__vex_strdup(d, id, err)) == NULL)
		return FAIL_OOM();
	if ((s = vigil__vex_jstr(o, "name")) != NULL &&
	    (p->name = vigil__vex_strdup(d, s, err)) == NULL)
		return FAIL_OOM();
	if (h == NULL)
		return 0;
	if ((s = vigil__vex_jstr(h, "purl")) != NULL &&
	    (rc = vigil__vex_add_ident(d, p, &cap, VIGIL_VEX_ID_PURL, s,
	    err)) < 0)
		return rc;
	if ((s = vigil__vex_jstr(h, "cpe")) != NULL &&
	    (rc = vigil__vex_add_ident(d, p, &cap, VIGIL_VEX_ID_CPE, s,
	    err)) < 0)
		return rc;
	a = json_object_get(h, "hashes");
	json_array_foreach(a, i, e) {
		fh = json_object_get(e, "file_hashes");
		json_array_foreach(fh, k, x) {
			const char *alg = vigil__vex_jstr(x, "algorithm");
			const char *val = vigil__vex_jstr(x, "value");
			char buf[1024];
			size_t j;

			if (alg == NULL || val == NULL ||
			    (size_t)snprintf(buf, sizeof(buf), "%s:%s", alg,
			    val) >= sizeof(buf))
				continue;
			for (j = 0; buf[j] != ':'; j++)
				buf[j] = (char)vgx_tolower((unsigned char)buf[j]);
			for (j++; buf[j] != '\0'; j++)
				buf[j] = (char)vgx_tolower((unsigned char)buf[j]);
			if ((rc = vigil__vex_add_ident(d, p, &cap,
			    VIGIL_VEX_ID_HASH, buf, err)) < 0)
				return rc;
		}
	}
	for (k = 0; k < VGX_ARRAY_SIZE(lists); k++) {
		a = json_object_get(h, lists[k].key);
		json_array_foreach(a, i, e)
			if (json_is_string(e) && (rc = vigil__vex_add_ident(d,
			    p, &cap, lists[k].kind, json_string_value(e),
			    err)) < 0)
				return rc;
	}
	return 0;
}

/* Whether the flag/threat/remediation E names product ID (or a group of
 * it). */
static bool
names_product(const json_t *e, const char *id, const struct tree *t)
{
	const json_t *a, *x, *g;
	size_t i, k, j;

	a = json_object_get(e, "product_ids");
	json_array_foreach(a, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), id) == 0)
			return true;
	a = json_object_get(e, "group_ids");
	json_array_foreach(a, i, x) {
		const char *gid = json_string_value(x);

		if (gid == NULL)
			continue;
		json_array_foreach(t->groups, k, g) {
			const json_t *ids, *y;

			if (vigil__vex_jstr(g, "group_id") == NULL ||
			    strcmp(vigil__vex_jstr(g, "group_id"), gid) != 0)
				continue;
			ids = json_object_get(g, "product_ids");
			json_array_foreach(ids, j, y)
				if (json_is_string(y) &&
				    strcmp(json_string_value(y), id) == 0)
					return true;
		}
	}
	return false;
}

/* The first entry of array KEY in V naming product ID (and, for threats,
 * of category impact), or NULL. */
static const json_t *
entry_for(const json_t *v, const char *key, const char *id,
    const struct tree *t)
{
	const json_t *a = json_object_get(v, key), *e;
	size_t i;

	json_array_foreach(a, i, e) {
		if (strcmp(key, "threats") == 0) {
			const char *c = vigil__vex_jstr(e, "category");

			if (c == NULL || strcmp(c, "impact") != 0)
				continue;
		}
		if (names_product(e, id, t))
			return e;
	}
	return NULL;
}

static int
resolve_product(struct vx_doc *d, vigil_vex_product *p,
    const struct tree *t, const char *id, const char *ptr, vigil_error *err)
{
	const struct tprod *tp = tree_find(t, id), *a, *b;
	vigil_vex_product *sub;
	size_t scap = 0;
	int rc;

	if (tp == NULL)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "product id %.64s is not defined in the product tree", id);
	if (tp->ref == NULL)
		return product_from(d, p, id, tp->obj, err);
	if ((a = tree_find(t, tp->relates)) == NULL ||
	    (b = tree_find(t, tp->ref)) == NULL)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "relationship %.64s refers to an undefined product", id);
	/* A relationship naming another relationship: take its product. */
	if ((rc = product_from(d, p, a->ref ? a->relates : tp->relates,
	    a->ref ? (tree_find(t, a->relates) ?
	    tree_find(t, a->relates)->obj : a->obj) : a->obj, err)) < 0)
		return rc;
	if ((sub = vigil__vex_add_sub(d, p, &scap, err)) == NULL)
		return FAIL_OOM();
	return product_from(d, sub, tp->ref, b->obj, err);
}

static const struct {
	const char *key;
	vigil_vex_status st;
} status_keys[] = {
	{ "first_affected", VIGIL_VEX_AFFECTED },
	{ "known_affected", VIGIL_VEX_AFFECTED },
	{ "last_affected", VIGIL_VEX_AFFECTED },
	{ "fixed", VIGIL_VEX_FIXED },
	{ "first_fixed", VIGIL_VEX_FIXED },
	{ "known_not_affected", VIGIL_VEX_NOT_AFFECTED },
	{ "under_investigation", VIGIL_VEX_UNDER_INVESTIGATION },
};

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
read_vuln(struct vx_doc *d, const struct tree *t, const json_t *v,
    size_t idx, vigil_error *err)
{
	const json_t *ps, *ids, *e, *notes, *list;
	const char *cve, *vuln = NULL, *desc = NULL;
	size_t first = d->pub.nstatements, i, k, s;
	char ptr[192];
	int rc;

	if (!json_is_object(v)) {
		snprintf(ptr, sizeof(ptr), "/vulnerabilities/%zu", idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "vulnerability is not an object");
	}
	cve = vigil__vex_jstr(v, "cve");
	ids = json_object_get(v, "ids");
	vuln = cve;
	if (vuln == NULL)
		vuln = vigil__vex_jstr(json_array_get(ids, 0), "text");
	notes = json_object_get(v, "notes");
	json_array_foreach(notes, i, e) {
		const char *c = vigil__vex_jstr(e, "category");

		if (c != NULL && (strcmp(c, "description") == 0 ||
		    (desc == NULL && strcmp(c, "summary") == 0)))
			desc = vigil__vex_jstr(e, "text");
	}
	if ((ps = json_object_get(v, "product_status")) == NULL)
		return 0;
	if (vuln == NULL) {
		snprintf(ptr, sizeof(ptr), "/vulnerabilities/%zu", idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "vulnerability with product_status but neither cve nor "
		    "ids");
	}
	for (s = 0; s < VGX_ARRAY_SIZE(status_keys); s++) {
		list = json_object_get(ps, status_keys[s].key);
		json_array_foreach(list, k, e) {
			const char *pid = json_string_value(e);
			const json_t *fl, *th, *rm;
			const char *just, *impact, *action, *remed, *date;
			vigil_vex_statement *st = NULL;
			vigil_vex_product *p;
			size_t j, pcap;

			snprintf(ptr, sizeof(ptr),
			    "/vulnerabilities/%zu/product_status/%s/%zu", idx,
			    status_keys[s].key, k);
			if (pid == NULL)
				return vigil__error_ptr(err, VIGIL_EINVALID,
				    ptr, "product id is not a string");
			fl = status_keys[s].st == VIGIL_VEX_NOT_AFFECTED ?
			    entry_for(v, "flags", pid, t) : NULL;
			th = status_keys[s].st == VIGIL_VEX_NOT_AFFECTED ?
			    entry_for(v, "threats", pid, t) : NULL;
			rm = status_keys[s].st == VIGIL_VEX_AFFECTED ||
			    status_keys[s].st == VIGIL_VEX_FIXED ?
			    entry_for(v, "remediations", pid, t) : NULL;
			just = vigil__vex_jstr(fl, "label");
			impact = vigil__vex_jstr(th, "details");
			action = vigil__vex_jstr(rm, "details");
			remed = vigil__vex_jstr(rm, "category");
			date = vigil__vex_jstr(fl != NULL ? fl : th != NULL ?
			    th : rm, "date");
			for (j = first; j < d->pub.nstatements; j++) {
				const vigil_vex_statement *o = &d->st[j];

				if (o->status == status_keys[s].st &&
				    o->justification ==
				    vigil_vex_justification_parse(just) &&
				    same(o->impact, impact) &&
				    same(o->action, action) &&
				    same(o->remediation, remed) &&
				    same(o->timestamp, date)) {
					st = &d->st[j];
					break;
				}
			}
			if (st == NULL) {
				size_t acap = 0;
				const json_t *x;
				size_t m;

				if ((st = vigil__vex_add_statement(d, err)) ==
				    NULL ||
				    (st->vuln = vigil__vex_strdup(d, vuln,
				    err)) == NULL ||
				    (desc != NULL && (st->description =
				    vigil__vex_strdup(d, desc, err)) == NULL) ||
				    (impact != NULL && (st->impact =
				    vigil__vex_strdup(d, impact, err)) == NULL) ||
				    (action != NULL && (st->action =
				    vigil__vex_strdup(d, action, err)) == NULL) ||
				    (remed != NULL && (st->remediation =
				    vigil__vex_strdup(d, remed, err)) == NULL) ||
				    (date != NULL && (st->timestamp =
				    vigil__vex_strdup(d, date, err)) == NULL))
					return FAIL_OOM();
				st->status = status_keys[s].st;
				st->justification =
				    vigil_vex_justification_parse(just);
				if (just != NULL && st->justification ==
				    VIGIL_VEX_JUST_NONE)
					return vigil__error_ptr(err,
					    VIGIL_EINVALID, ptr, "flag label "
					    "\"%.64s\" is not a justification",
					    just);
				json_array_foreach(ids, m, x)
					if (vigil__vex_jstr(x, "text") != NULL &&
					    (rc = vigil__vex_add_alias(d, st,
					    &acap, vigil__vex_jstr(x, "text"),
					    err)) < 0)
						return rc;
				if (cve != NULL && (rc = vigil__vex_add_alias(d,
				    st, &acap, cve, err)) < 0)
					return rc;
			}
			/* vigil__vex_add_product grows by doubling from the
			 * count, so a capacity equal to the count is right. */
			pcap = 0;
			if (st->nproducts > 0) {
				size_t c = 4;

				while (c < st->nproducts)
					c *= 2;
				pcap = c < VIGIL_VEX_MAX_PRODUCTS ? c :
				    VIGIL_VEX_MAX_PRODUCTS;
			}
			if ((p = vigil__vex_add_product(d, st, &pcap, err)) ==
			    NULL)
				return FAIL_OOM();
			if ((rc = resolve_product(d, p, t, pid, ptr, err)) < 0)
				return rc;
		}
	}
	return 0;
}

int
vigil__vex_read_csaf(struct vx_doc *d, json_t *root, vigil_error *err)
{
	const json_t *doc, *pub, *tr, *vulns, *v;
	const char *s;
	struct tree t = { NULL, 0, 0, NULL };
	size_t i;
	int rc = 0;

	if (!json_is_object(root) ||
	    !json_is_object(doc = json_object_get(root, "document")))
		return vigil__error_ptr(err, VIGIL_EINVALID, "/document",
		    "no document object");
	if ((s = vigil__vex_jstr(doc, "csaf_version")) == NULL ||
	    strcmp(s, "2.0") != 0)
		return vigil__error_ptr(err, VIGIL_EUNSUPPORTED,
		    "/document/csaf_version", "CSAF version %s is not 2.0",
		    s != NULL ? s : "missing");
	pub = json_object_get(doc, "publisher");
	tr = json_object_get(doc, "tracking");
#define DDUP(field, obj, key) do {					\
	const char *x_ = vigil__vex_jstr(obj, key);			\
	if (x_ != NULL &&						\
	    (d->pub.field = vigil__vex_strdup(d, x_, err)) == NULL)	\
		return FAIL_OOM();					\
} while (0)
	DDUP(author, pub, "name");
	DDUP(author_role, pub, "category");
	DDUP(namespace_, pub, "namespace");
	DDUP(title, doc, "title");
	DDUP(id, tr, "id");
	DDUP(version, tr, "version");
	DDUP(timestamp, tr, "initial_release_date");
	DDUP(last_updated, tr, "current_release_date");
	DDUP(tooling, json_object_get(json_object_get(tr, "generator"),
	    "engine"), "name");
#undef DDUP
	if ((vulns = json_object_get(root, "vulnerabilities")) == NULL)
		return 0;
	if (!json_is_array(vulns))
		return vigil__error_ptr(err, VIGIL_EINVALID, "/vulnerabilities",
		    "vulnerabilities is not an array");
	if ((rc = build_tree(&t, json_object_get(root, "product_tree"),
	    err)) < 0)
		goto done;
	json_array_foreach(vulns, i, v)
		if ((rc = read_vuln(d, &t, v, i, err)) < 0)
			break;
done:
	vgx_free(t.v);
	return rc;
}

/* ---- writing ------------------------------------------------------------- */

struct wprod {
	const vigil_vex_product *p;	/* NULL for a relationship */
	const char *key;
	char id[24];
	size_t a, b;			/* relationship: sub, product */
};

struct wtree {
	struct wprod *v;
	size_t n, cap;
};

static const char *
prod_key(const vigil_vex_product *p)
{
	const char *k = vigil__vex_ident(p, VIGIL_VEX_ID_PURL);

	if (k == NULL)
		k = vigil__vex_ident(p, VIGIL_VEX_ID_CPE);
	if (k == NULL)
		k = p->name;
	if (k == NULL)
		k = p->id;
	return k != NULL ? k : "";
}

/* Index of P (or the relationship SUB of PROD) in W, added if new. */
static int
wtree_add(size_t *idx, struct wtree *w, const vigil_vex_product *p,
    size_t a, size_t b, vigil_error *err)
{
	const char *key = p != NULL ? prod_key(p) : NULL;
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (p != NULL && w->v[i].p != NULL &&
		    strcmp(w->v[i].key, key) == 0) {
			*idx = i;
			return 0;
		}
		if (p == NULL && w->v[i].p == NULL && w->v[i].a == a &&
		    w->v[i].b == b) {
			*idx = i;
			return 0;
		}
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct wprod *np;

		if ((np = vgx_reallocarray(w->v, cap, sizeof(*np))) == NULL)
			return vigil__error_oom(err);
		w->v = np;
		w->cap = cap;
	}
	w->v[w->n].p = p;
	w->v[w->n].key = key;
	w->v[w->n].a = a;
	w->v[w->n].b = b;
	snprintf(w->v[w->n].id, sizeof(w->v[w->n].id), "CSAFPID-%04zu",
	    w->n + 1);
	*idx = w->n++;
	return 0;
}

static json_t *
full_name(const struct wtree *w, size_t i, struct vx_loss *l)
{
	const struct wprod *wp = &w->v[i];
	json_t *o = json_object(), *h = NULL, *hs = NULL, *fh = NULL;
	const vigil_vex_product *p = wp->p;
	char name[512];
	size_t k;

	if (o == NULL)
		return NULL;
	snprintf(name, sizeof(name), "%s", p->name != NULL ? p->name :
	    prod_key(p));
	if (vigil__vex_jset_str(o, "name", name) < 0 ||
	    vigil__vex_jset_str(o, "product_id", wp->id) < 0)
		goto fail;
	for (k = 0; k < p->nidents; k++) {
		const vigil_vex_ident *x = &p->idents[k];
		const char *key = NULL;
		json_t *arr;

		if (x->kind == VIGIL_VEX_ID_BOMREF)
			continue;
		if (h == NULL && ((h = json_object()) == NULL ||
		    json_object_set_new(o, "product_identification_helper",
		    h) < 0))
			goto fail;
		switch (x->kind) {
		case VIGIL_VEX_ID_PURL:
		case VIGIL_VEX_ID_CPE:
			key = x->kind == VIGIL_VEX_ID_PURL ? "purl" : "cpe";
			if (json_object_get(h, key) != NULL) {
				vigil__vex_loss(l, "product %s: second %s %s "
				    "dropped", name, key, x->value);
				break;
			}
			if (vigil__vex_jset_str(h, key, x->value) < 0)
				goto fail;
			break;
		case VIGIL_VEX_ID_HASH: {
			const char *c = strchr(x->value, ':');
			json_t *e, *fhe;

			if (c == NULL)
				break;
			if (hs == NULL) {
				if ((hs = json_array()) == NULL ||
				    json_object_set_new(h, "hashes", hs) < 0 ||
				    (e = json_object()) == NULL ||
				    json_array_append_new(hs, e) < 0 ||
				    (fh = json_array()) == NULL ||
				    json_object_set_new(e, "file_hashes",
				    fh) < 0 || vigil__vex_jset_str(e,
				    "filename", name) < 0)
					goto fail;
				vigil__vex_loss(l, "product %s: hash file name "
				    "unknown; the product name stands in",
				    name);
			}
			if ((fhe = json_object()) == NULL ||
			    json_array_append_new(fh, fhe) < 0 ||
			    json_object_set_new(fhe, "algorithm",
			    json_stringn(x->value, (size_t)(c - x->value))) <
			    0 || vigil__vex_jset_str(fhe, "value", c + 1) < 0)
				goto fail;
			break;
		}
		case VIGIL_VEX_ID_MODEL:
			key = "model_numbers";
			/* FALLTHROUGH */
		case VIGIL_VEX_ID_SERIAL:
			if (key == NULL)
				key = "serial_numbers";
			/* FALLTHROUGH */
		case VIGIL_VEX_ID_SKU:
			if (key == NULL)
				key = "skus";
			if ((arr = json_object_get(h, key)) == NULL &&
			    ((arr = json_array()) == NULL ||
			    json_object_set_new(h, key, arr) < 0))
				goto fail;
			if (json_array_append_new(arr, json_string(x->value)) <
			    0)
				goto fail;
			break;
		case VIGIL_VEX_ID_BOMREF:
			break;
		}
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int
append_id(json_t *obj, const char *key, const char *id)
{
	json_t *a = json_object_get(obj, key), *x;
	size_t i;

	if (a == NULL && ((a = json_array()) == NULL ||
	    json_object_set_new(obj, key, a) < 0))
		return -1;
	json_array_foreach(a, i, x)
		if (strcmp(json_string_value(x), id) == 0)
			return 0;
	return json_array_append_new(a, json_string(id));
}

static bool
is_cve(const char *s)
{
	size_t i, n = 0;

	if (strncmp(s, "CVE-", 4) != 0)
		return false;
	for (i = 4; i < 8; i++)
		if (!vgx_isdigit((unsigned char)s[i]))
			return false;
	if (s[8] != '-')
		return false;
	for (i = 9; vgx_isdigit((unsigned char)s[i]); i++)
		n++;
	return n >= 4 && s[i] == '\0';
}

/* Statements of DOC about the same vulnerability go into one CSAF
 * vulnerability; this finds the first statement of each. */
static bool
first_of_vuln(const vigil_vex_doc *doc, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (strcmp(doc->statements[k].vuln, doc->statements[i].vuln) ==
		    0)
			return false;
	return true;
}

static const char *
csaf_status(vigil_vex_status s)
{
	switch (s) {
	case VIGIL_VEX_NOT_AFFECTED:
		return "known_not_affected";
	case VIGIL_VEX_AFFECTED:
		return "known_affected";
	case VIGIL_VEX_FIXED:
		return "fixed";
	default:
		return "under_investigation";
	}
}

static int
write_vuln(json_t *vulns, const vigil_vex_doc *doc, size_t first,
    struct wtree *w, struct vx_loss *l, vigil_error *err)
{
	const char *vuln = doc->statements[first].vuln;
	json_t *v, *ps, *ids = NULL;
	const char *cve = NULL;
	size_t i, k, m, idx, pidx, sidx;
	int rc;

	if ((v = json_object()) == NULL || json_array_append_new(vulns, v) < 0)
		return vigil__error_oom(err);
	if (is_cve(vuln))
		cve = vuln;
	for (i = first; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];

		if (strcmp(st->vuln, vuln) != 0)
			continue;
		for (k = 0; k < st->naliases; k++)
			if (cve == NULL && is_cve(st->aliases[k]))
				cve = st->aliases[k];
	}
	if (cve != NULL && vigil__vex_jset_str(v, "cve", cve) < 0)
		return vigil__error_oom(err);
	for (i = first; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];
		const char *cand[1 + 64];
		size_t nc = 0;

		if (strcmp(st->vuln, vuln) != 0)
			continue;
		cand[nc++] = st->vuln;
		for (k = 0; k < st->naliases && nc < VGX_ARRAY_SIZE(cand); k++)
			cand[nc++] = st->aliases[k];
		for (k = 0; k < nc; k++) {
			json_t *e, *x;
			bool dup = false;

			if (cve != NULL && strcmp(cand[k], cve) == 0)
				continue;
			json_array_foreach(ids, m, x)
				if (strcmp(vigil__vex_jstr(x, "text"),
				    cand[k]) == 0)
					dup = true;
			if (dup)
				continue;
			if (ids == NULL && ((ids = json_array()) == NULL ||
			    json_object_set_new(v, "ids", ids) < 0))
				return vigil__error_oom(err);
			if ((e = json_object()) == NULL ||
			    json_array_append_new(ids, e) < 0 ||
			    vigil__vex_jset_str(e, "system_name",
			    strncmp(cand[k], "GHSA-", 5) == 0 ?
			    "GitHub Security Advisory" :
			    strncmp(cand[k], "CVE-", 4) == 0 ? "CVE" : "OSV") <
			    0 || vigil__vex_jset_str(e, "text", cand[k]) < 0)
				return vigil__error_oom(err);
		}
	}
	if (doc->statements[first].description != NULL) {
		json_t *ns = json_array(), *n = json_object();

		if (ns == NULL || n == NULL ||
		    json_object_set_new(v, "notes", ns) < 0 ||
		    json_array_append_new(ns, n) < 0 ||
		    vigil__vex_jset_str(n, "category", "description") < 0 ||
		    vigil__vex_jset_str(n, "text",
		    doc->statements[first].description) < 0)
			return vigil__error_oom(err);
	} else {
		vigil__vex_loss(l, "%s: no description; csaf_vex asks for "
		    "vulnerability notes (test 6.1.27.5)", vuln);
	}
	if ((ps = json_object()) == NULL ||
	    json_object_set_new(v, "product_status", ps) < 0)
		return vigil__error_oom(err);
	for (i = first; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];
		json_t *ref = json_object();

		if (strcmp(st->vuln, vuln) != 0) {
			json_decref(ref);
			continue;
		}
		/* REF collects the product ids of this statement. */
		if (ref == NULL)
			return vigil__error_oom(err);
		if (st->nproducts == 0) {
			vigil__vex_loss(l, "%s: a statement naming no product "
			    "dropped", vuln);
			json_decref(ref);
			continue;
		}
		for (k = 0; k < st->nproducts; k++) {
			const vigil_vex_product *p = &st->products[k];

			if ((rc = wtree_add(&pidx, w, p, 0, 0, err)) < 0) {
				json_decref(ref);
				return rc;
			}
			if (p->nsubs == 0) {
				if (append_id(ref, "ids", w->v[pidx].id) < 0)
					goto oom;
				continue;
			}
			for (m = 0; m < p->nsubs; m++) {
				if ((rc = wtree_add(&sidx, w, &p->subs[m], 0, 0,
				    err)) < 0 || (rc = wtree_add(&idx, w, NULL,
				    sidx, pidx, err)) < 0) {
					json_decref(ref);
					return rc;
				}
				if (append_id(ref, "ids", w->v[idx].id) < 0)
					goto oom;
			}
		}
		{
			json_t *a = json_object_get(ref, "ids"), *x;
			const char *sk = csaf_status(st->status);

			if (st->status == VIGIL_VEX_STATUS_NONE)
				vigil__vex_loss(l, "%s: statement without "
				    "status written as under_investigation",
				    vuln);
			json_array_foreach(a, m, x)
				if (append_id(ps, sk, json_string_value(x)) < 0)
					goto oom;
			if (st->justification != VIGIL_VEX_JUST_NONE) {
				json_t *fl = json_object_get(v, "flags"), *f;

				if (fl == NULL && ((fl = json_array()) == NULL ||
				    json_object_set_new(v, "flags", fl) < 0))
					goto oom;
				if ((f = json_object()) == NULL ||
				    json_array_append_new(fl, f) < 0 ||
				    vigil__vex_jset_str(f, "label",
				    vigil_vex_justification_name(
				    st->justification)) < 0 ||
				    vigil__vex_jset_str(f, "date",
				    st->timestamp) < 0 ||
				    json_object_set(f, "product_ids", a) < 0)
					goto oom;
			}
			if (st->native_justification != NULL)
				vigil__vex_loss(l, "%s: justification %s "
				    "written as %s", vuln,
				    st->native_justification,
				    vigil_vex_justification_name(
				    st->justification));
			if (st->impact != NULL) {
				json_t *th = json_object_get(v, "threats"), *t;

				if (th == NULL && ((th = json_array()) == NULL ||
				    json_object_set_new(v, "threats", th) < 0))
					goto oom;
				if ((t = json_object()) == NULL ||
				    json_array_append_new(th, t) < 0 ||
				    vigil__vex_jset_str(t, "category",
				    "impact") < 0 ||
				    vigil__vex_jset_str(t, "details",
				    st->impact) < 0 ||
				    vigil__vex_jset_str(t, "date",
				    st->timestamp) < 0 ||
				    json_object_set(t, "product_ids", a) < 0)
					goto oom;
			}
			if (st->action != NULL || st->remediation != NULL ||
			    st->status == VIGIL_VEX_AFFECTED) {
				json_t *rs = json_object_get(v, "remediations");
				json_t *r;
				const char *cat = st->remediation;

				if (cat == NULL) {
					cat = st->action != NULL ? "mitigation" :
					    "none_available";
					vigil__vex_loss(l, "%s: remediation "
					    "category not known; written as %s",
					    vuln, cat);
				}
				if (rs == NULL && ((rs = json_array()) ==
				    NULL || json_object_set_new(v,
				    "remediations", rs) < 0))
					goto oom;
				if ((r = json_object()) == NULL ||
				    json_array_append_new(rs, r) < 0 ||
				    vigil__vex_jset_str(r, "category",
				    cat) < 0 || vigil__vex_jset_str(r,
				    "details", st->action != NULL ?
				    st->action : "No remediation is "
				    "available.") < 0 ||
				    vigil__vex_jset_str(r, "date",
				    st->action_timestamp) < 0 ||
				    json_object_set(r, "product_ids", a) < 0)
					goto oom;
			}
		}
		json_decref(ref);
		continue;
oom:
		json_decref(ref);
		return vigil__error_oom(err);
	}
	return 0;
}

int
vigil__vex_write_csaf(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err)
{
	struct wtree w = { NULL, 0, 0 };
	json_t *root, *d, *pub, *tr, *rh, *r, *pt, *fpn, *rels = NULL, *vulns;
	json_t *notes, *note;
	char now[32];
	const char *init, *cur, *ver = "1";
	size_t i;
	int rc;

	vigil__vex_now(now);
	init = doc->timestamp != NULL ? doc->timestamp : now;
	cur = doc->last_updated != NULL ? doc->last_updated : init;
	if (doc->version != NULL) {
		const char *p = doc->version;
		uint64_t u;

		if (vgx_parse_uint(&p, p + strlen(p), UINT32_MAX, &u) == 0 &&
		    *p == '\0')
			ver = doc->version;
		else
			vigil__vex_loss(l, "document version \"%s\" written as "
			    "1", doc->version);
	}
	if ((root = json_object()) == NULL)
		return vigil__error_oom(err);
	if ((d = json_object()) == NULL ||
	    json_object_set_new(root, "document", d) < 0 ||
	    vigil__vex_jset_str(d, "category", "csaf_vex") < 0 ||
	    vigil__vex_jset_str(d, "csaf_version", "2.0") < 0 ||
	    (notes = json_array()) == NULL ||
	    json_object_set_new(d, "notes", notes) < 0 ||
	    (note = json_object()) == NULL ||
	    json_array_append_new(notes, note) < 0 ||
	    vigil__vex_jset_str(note, "category", "summary") < 0 ||
	    vigil__vex_jset_str(note, "text", "VEX statements: the status "
	    "of the vulnerabilities below in the products of the product "
	    "tree.") < 0 ||
	    (pub = json_object()) == NULL ||
	    json_object_set_new(d, "publisher", pub) < 0 ||
	    vigil__vex_jset_str(pub, "category", doc->format ==
	    VIGIL_VEX_FORMAT_CSAF && doc->author_role != NULL ?
	    doc->author_role : "vendor") < 0 ||
	    vigil__vex_jset_str(pub, "name", doc->author != NULL ?
	    doc->author : "unknown") < 0 ||
	    vigil__vex_jset_str(pub, "namespace", doc->namespace_ != NULL ?
	    doc->namespace_ : "urn:vigil:unknown") < 0 ||
	    vigil__vex_jset_str(d, "title", doc->title != NULL ? doc->title :
	    "VEX") < 0 ||
	    (tr = json_object()) == NULL ||
	    json_object_set_new(d, "tracking", tr) < 0 ||
	    vigil__vex_jset_str(tr, "current_release_date", cur) < 0)
		goto oom;
	if (doc->author == NULL)
		vigil__vex_loss(l, "no author; publisher name written as "
		    "\"unknown\"");
	if (doc->namespace_ == NULL)
		vigil__vex_loss(l, "no publisher namespace; written as "
		    "urn:vigil:unknown");
	if (doc->author_role != NULL && doc->format != VIGIL_VEX_FORMAT_CSAF)
		vigil__vex_loss(l, "author role \"%s\" written as publisher "
		    "category vendor", doc->author_role);
	if (doc->tooling != NULL) {
		json_t *g = json_object(), *e = json_object();

		if (g == NULL || e == NULL ||
		    json_object_set_new(tr, "generator", g) < 0 ||
		    json_object_set_new(g, "engine", e) < 0 ||
		    vigil__vex_jset_str(e, "name", doc->tooling) < 0) {
			json_decref(e);
			goto oom;
		}
	}
	if (vigil__vex_jset_str(tr, "id", doc->id != NULL ? doc->id :
	    "vigil-vex") < 0 ||
	    vigil__vex_jset_str(tr, "initial_release_date", init) < 0 ||
	    (rh = json_array()) == NULL ||
	    json_object_set_new(tr, "revision_history", rh) < 0 ||
	    (r = json_object()) == NULL || json_array_append_new(rh, r) < 0 ||
	    vigil__vex_jset_str(r, "date", cur) < 0 ||
	    vigil__vex_jset_str(r, "number", ver) < 0 ||
	    vigil__vex_jset_str(r, "summary", "Current version.") < 0 ||
	    vigil__vex_jset_str(tr, "status", "final") < 0 ||
	    vigil__vex_jset_str(tr, "version", ver) < 0)
		goto oom;
	if (doc->format != VIGIL_VEX_FORMAT_CSAF)
		vigil__vex_loss(l, "revision history has one entry (the "
		    "source keeps none)");
	if ((pt = json_object()) == NULL ||
	    json_object_set_new(root, "product_tree", pt) < 0 ||
	    (vulns = json_array()) == NULL ||
	    json_object_set_new(root, "vulnerabilities", vulns) < 0)
		goto oom;
	for (i = 0; i < doc->nstatements; i++)
		if (first_of_vuln(doc, i) &&
		    (rc = write_vuln(vulns, doc, i, &w, l, err)) < 0)
			goto fail;
	if ((fpn = json_array()) == NULL ||
	    json_object_set_new(pt, "full_product_names", fpn) < 0)
		goto oom;
	for (i = 0; i < w.n; i++) {
		json_t *o, *rel, *f;
		char name[600];

		if (w.v[i].p != NULL) {
			if ((o = full_name(&w, i, l)) == NULL ||
			    json_array_append_new(fpn, o) < 0)
				goto oom;
			continue;
		}
		if (rels == NULL && ((rels = json_array()) == NULL ||
		    json_object_set_new(pt, "relationships", rels) < 0))
			goto oom;
		snprintf(name, sizeof(name), "%s as a component of %s",
		    w.v[w.v[i].a].p->name != NULL ? w.v[w.v[i].a].p->name :
		    w.v[w.v[i].a].key, w.v[w.v[i].b].p->name != NULL ?
		    w.v[w.v[i].b].p->name : w.v[w.v[i].b].key);
		if ((rel = json_object()) == NULL ||
		    json_array_append_new(rels, rel) < 0 ||
		    vigil__vex_jset_str(rel, "category",
		    "default_component_of") < 0 ||
		    (f = json_object()) == NULL ||
		    json_object_set_new(rel, "full_product_name", f) < 0 ||
		    vigil__vex_jset_str(f, "name", name) < 0 ||
		    vigil__vex_jset_str(f, "product_id", w.v[i].id) < 0 ||
		    vigil__vex_jset_str(rel, "product_reference",
		    w.v[w.v[i].a].id) < 0 ||
		    vigil__vex_jset_str(rel, "relates_to_product_reference",
		    w.v[w.v[i].b].id) < 0)
			goto oom;
	}
	vgx_free(w.v);
	*out = root;
	return 0;
oom:
	rc = vigil__error_oom(err);
fail:
	vgx_free(w.v);
	json_decref(root);
	return rc;
}
