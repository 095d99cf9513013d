/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Comparing two SBOMs (vigil sbom diff) and merging several into one for
 * a device system (vigil sbom merge).
 *
 * Diff pairs components by identity: the purl without version, qualifiers
 * and subpath, else group/name (case-insensitive).  Within one identity,
 * equal versions pair first, then the rest in version order, so an
 * upgrade shows as a changed version rather than a removal and an
 * addition.
 *
 * Merge deduplicates by purl, then CPE, then name + version + supplier,
 * and carries the dependency graph over to the merged indexes.
 */
#include <stdlib.h>
#include <string.h>

#include "sbomint.h"

struct key {
	char *id;		/* identity, malloc'd */
	const char *version;	/* "" when none */
	uint32_t index;
	bool paired;
};

static char *
identity(const vigil_sbom_component *c)
{
	vgx_buf b;
	const char *p, *e;

	vgx_buf_init(&b, 1u << 20);
	if (c->purl != NULL) {
		p = c->purl;
		e = p + strcspn(p, "?#");
		/* The version follows the last '@' of the path. */
		{
			const char *at = NULL, *q;

			for (q = p; q < e; q++)
				if (*q == '@')
					at = q;
			if (at != NULL)
				e = at;
		}
		for (; p < e; p++)
			vgx_buf_addc(&b, (char)vgx_tolower((unsigned char)*p));
	} else {
		if (c->group != NULL) {
			for (p = c->group; *p != '\0'; p++)
				vgx_buf_addc(&b,
				    (char)vgx_tolower((unsigned char)*p));
			vgx_buf_addc(&b, '/');
		}
		for (p = c->name != NULL ? c->name : ""; *p != '\0'; p++)
			vgx_buf_addc(&b, (char)vgx_tolower((unsigned char)*p));
	}
	if (b.ptr == NULL)
		vgx_buf_adds(&b, "");
	return vgx_buf_take(&b, NULL);
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	if ((c = strcmp(x->version, y->version)) != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
keys_free(struct key *k, size_t n)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < n; i++)
		vgx_free(k[i].id);
	vgx_free(k);
}

static int
keys_build(struct key **out, size_t *nout, const vigil_sbom *doc)
{
	struct key *k;
	size_t i, n = 0;

	*out = NULL;
	*nout = 0;
	if ((k = vgx_calloc(doc->ncomps + 1, sizeof(*k))) == NULL)
		return VIGIL_ENOMEM;
	for (i = 0; i < doc->ncomps; i++) {
		const vigil_sbom_component *c = &doc->comps[i];

		if (c->subject)
			continue;
		if ((k[n].id = identity(c)) == NULL) {
			keys_free(k, n);
			return VIGIL_ENOMEM;
		}
		k[n].version = c->version != NULL ? c->version : "";
		k[n].index = (uint32_t)i;
		n++;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	*out = k;
	*nout = n;
	return 0;
}

static bool
seq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Dates compare as dates: "2030-01-01" equals "2030-01-01T00:00:00Z". */
static bool
date_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (strlen(a) == 10 && strncmp(b, a, 10) == 0 &&
	    (b[10] == '\0' || strcmp(b + 10, "T00:00:00Z") == 0))
		return true;
	if (strlen(b) == 10 && strncmp(a, b, 10) == 0 &&
	    (a[10] == '\0' || strcmp(a + 10, "T00:00:00Z") == 0))
		return true;
	return strcmp(a, b) == 0;
}

static int
compare(const vigil_sbom_component *o, const vigil_sbom_component *n,
    int (*cb)(void *, const vigil_sbom_delta *), void *ctx)
{
	vigil_sbom_delta d;
	size_t i, j;
	int rc;

	memset(&d, 0, sizeof(d));
	d.old_c = o;
	d.new_c = n;
#define EMIT(kind, a, b) do {						\
	d.change = (kind);						\
	d.old_value = (a);						\
	d.new_value = (b);						\
	if ((rc = cb(ctx, &d)) < 0)					\
		return rc;						\
} while (0)
	if (!seq(o->version, n->version))
		EMIT(VIGIL_SBOM_VERSION, o->version, n->version);
	if (!seq(o->supplier, n->supplier))
		EMIT(VIGIL_SBOM_SUPPLIER, o->supplier, n->supplier);
	for (i = 0; i < o->nhashes; i++)
		for (j = 0; j < n->nhashes; j++)
			if (strcmp(o->hashes[i].alg, n->hashes[j].alg) == 0 &&
			    strcmp(o->hashes[i].value, n->hashes[j].value) != 0)
				EMIT(VIGIL_SBOM_HASH, o->hashes[i].value,
				    n->hashes[j].value);
	if (!date_eq(o->eos, n->eos))
		EMIT(VIGIL_SBOM_EOS, o->eos, n->eos);
	if (!seq(o->support, n->support))
		EMIT(VIGIL_SBOM_SUPPORT, o->support, n->support);
#undef EMIT
	return 0;
}

int
vigil_sbom_diff(const vigil_sbom *old_doc, const vigil_sbom *new_doc,
    int (*cb)(void *ctx, const vigil_sbom_delta *d), void *ctx,
    vigil_error *err)
{
	struct key *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, i = 0, j = 0;
	vigil_sbom_delta d;
	int rc;

	if ((rc = vigil__sbom_whole(old_doc, err)) < 0 ||
	    (rc = vigil__sbom_whole(new_doc, err)) < 0)
		return rc;
	if ((rc = keys_build(&a, &na, old_doc)) < 0 ||
	    (rc = keys_build(&b, &nb, new_doc)) < 0) {
		rc = vigil__error_oom(err);
		goto done;
	}
	memset(&d, 0, sizeof(d));
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].id, b[j].id);
		size_t ie, je, x, y;

		if (c < 0) {
			d.change = VIGIL_SBOM_REMOVED;
			d.old_c = &old_doc->comps[a[i].index];
			d.new_c = NULL;
			d.old_value = d.old_c->version;
			d.new_value = NULL;
			if ((rc = cb(ctx, &d)) < 0)
				goto done;
			i++;
			continue;
		}
		if (c > 0) {
			d.change = VIGIL_SBOM_ADDED;
			d.old_c = NULL;
			d.new_c = &new_doc->comps[b[j].index];
			d.old_value = NULL;
			d.new_value = d.new_c->version;
			if ((rc = cb(ctx, &d)) < 0)
				goto done;
			j++;
			continue;
		}
		/* One identity on both sides: [i, ie) and [j, je). */
		for (ie = i; ie < na && strcmp(a[ie].id, a[i].id) == 0; ie++)
			;
		for (je = j; je < nb && strcmp(b[je].id, b[j].id) == 0; je++)
			;
		for (x = i; x < ie; x++)
			for (y = j; y < je; y++)
				if (!a[x].paired && !b[y].paired &&
				    strcmp(a[x].version, b[y].version) == 0) {
					a[x].paired = b[y].paired = true;
					if ((rc = compare(
					    &old_doc->comps[a[x].index],
					    &new_doc->comps[b[y].index], cb,
					    ctx)) < 0)
						goto done;
				}
		for (x = i, y = j; x < ie || y < je;) {
			while (x < ie && a[x].paired)
				x++;
			while (y < je && b[y].paired)
				y++;
			if (x < ie && y < je) {
				a[x].paired = b[y].paired = true;
				if ((rc = compare(&old_doc->comps[a[x].index],
				    &new_doc->comps[b[y].index], cb, ctx)) < 0)
					goto done;
			} else if (x < ie) {
				d.change = VIGIL_SBOM_REMOVED;
				d.old_c = &old_doc->comps[a[x].index];
				d.new_c = NULL;
				d.old_value = d.old_c->version;
				d.new_value = NULL;
				a[x].paired = true;
				if ((rc = cb(ctx, &d)) < 0)
					goto done;
			} else if (y < je) {
				d.change = VIGIL_SBOM_ADDED;
				d.old_c = NULL;
				d.new_c = &new_doc->comps[b[y].index];
				d.old_value = NULL;
				d.new_value = d.new_c->version;
				b[y].paired = true;
				if ((rc = cb(ctx, &d)) < 0)
					goto done;
			}
		}
		i = ie;
		j = je;
	}
	rc = 0;
done:
	keys_free(a, na);
	keys_free(b, nb);
	return rc;
}

/* ---- merge -------------------------------------------------------------- */

struct dedupe {			/* interned key -> merged index */
	const char **key;
	uint32_t *val;
	size_t cap, n;
};

static size_t
dd_slot(const struct dedupe *t, const char *k)
{
	size_t j = (size_t)(((uintptr_t)k >> 3) * 11400714819323198485ull) &
	    (t->cap - 1);

	while (t->key[j] != NULL && t->key[j] != k)
		j = (j + 1) & (t->cap - 1);
	return j;
}

static int
dd_grow(struct dedupe *t)
{
	struct dedupe o = *t;
	size_t i, j;

	t->cap = o.cap ? o.cap * 2 : 1024;
	t->n = 0;
	if ((t->key = vgx_calloc(t->cap, sizeof(*t->key))) == NULL ||
	    (t->val = vgx_calloc(t->cap, sizeof(*t->val))) == NULL) {
		vgx_free(t->key);
		*t = o;
		return VIGIL_ENOMEM;
	}
	for (i = 0; i < o.cap; i++) {
		if (o.key[i] == NULL)
			continue;
		j = dd_slot(t, o.key[i]);
		t->key[j] = o.key[i];
		t->val[j] = o.val[i];
		t->n++;
	}
	vgx_free(o.key);
	vgx_free(o.val);
	return 0;
}

static uint32_t
dd_get(const struct dedupe *t, const char *k)
{
	size_t j;

	if (t->cap == 0 || k == NULL)
		return VIGIL_SBOM_NONE;
	j = dd_slot(t, k);
	return t->key[j] == NULL ? VIGIL_SBOM_NONE : t->val[j];
}

static int
dd_put(struct dedupe *t, const char *k, uint32_t v)
{
	size_t j;

	if (k == NULL)
		return 0;
	if ((t->n + 1) * 2 > t->cap && dd_grow(t) < 0)
		return VIGIL_ENOMEM;
	j = dd_slot(t, k);
	if (t->key[j] == NULL) {
		t->key[j] = k;
		t->val[j] = v;
		t->n++;
	}
	return 0;
}

/* The three dedupe keys of C, interned in DOC (NULL when absent). */
static int
merge_keys(vigil_sbom *doc, const vigil_sbom_component *c, const char *k[3])
{
	vgx_buf b;

	k[0] = k[1] = k[2] = NULL;
	if (c->purl != NULL) {
		/* The canonical form: "pkg:NPM/a@1" and "pkg:npm/a@1" are one
		 * component (vigil/purl.h); an invalid purl as written. */
		vigil_purl *p = NULL;
		vigil_error e;

		if (vigil_purl_parse(&p, c->purl, strlen(c->purl), 0, &e) == 0)
			k[0] = vigil__sbom_interns(doc, p->canonical);
		else
			k[0] = vigil__sbom_interns(doc, c->purl);
		vigil_purl_free(p);
		if (k[0] == NULL)
			return VIGIL_ENOMEM;
	}
	if (c->ncpes > 0) {
		vgx_buf_init(&b, 1u << 20);
		if (vgx_buf_printf(&b, "\x01%s", c->cpes[0]) < 0 ||
		    (k[1] = vigil__sbom_interns(doc, b.ptr)) == NULL) {
			vgx_buf_dispose(&b);
			return VIGIL_ENOMEM;
		}
		vgx_buf_dispose(&b);
	}
	if (c->name != NULL) {
		vgx_buf_init(&b, 1u << 20);
		if (vgx_buf_printf(&b, "\x02%s\x1f%s\x1f%s", c->name,
		    c->version ? c->version : "", c->supplier ? c->supplier :
		    "") < 0 || (k[2] = vigil__sbom_interns(doc, b.ptr)) ==
		    NULL) {
			vgx_buf_dispose(&b);
			return VIGIL_ENOMEM;
		}
		vgx_buf_dispose(&b);
	}
	return 0;
}

static bool
listed(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

int
vigil_sbom_merge(vigil_sbom **out, const vigil_sbom *const *docs, size_t n,
    const char *subject_name, const char *subject_version, size_t *dups_out,
    vigil_error *err)
{
	vigil_sbom *m = NULL;
	vigil_sbom_component subj;
	vigil_sbom_meta meta;
	struct dedupe dd;
	uint32_t *map = NULL, top;
	const char *authors[256], *tools[256];
	size_t d, i, dups = 0, na = 0, nt = 0;
	int rc;

	*out = NULL;
	memset(&dd, 0, sizeof(dd));
	for (d = 0; d < n; d++)
		if ((rc = vigil__sbom_whole(docs[d], err)) < 0)
			return rc;
	if ((rc = vigil_sbom_new(&m, VIGIL_SBOM_CYCLONEDX_JSON, err)) < 0)
		return rc;
	memset(&subj, 0, sizeof(subj));
	subj.type = "device";
	subj.name = subject_name;
	subj.version = subject_version;
	subj.subject = true;
	if ((rc = vigil_sbom_add(m, &subj, VIGIL_SBOM_NONE, &top, err)) < 0)
		goto done;
	m->meta.subject = top;
	for (d = 0; d < n; d++) {
		const vigil_sbom *s = docs[d];

		vgx_free(map);
		if ((map = vgx_calloc(s->ncomps + 1, sizeof(*map))) == NULL) {
			rc = vigil__error_oom(err);
			goto done;
		}
		for (i = 0; i < s->meta.nauthors && na < 256; i++)
			if (!listed(authors, na, s->meta.authors[i]))
				authors[na++] = s->meta.authors[i];
		for (i = 0; i < s->meta.ntools && nt < 256; i++)
			if (!listed(tools, nt, s->meta.tools[i]))
				tools[nt++] = s->meta.tools[i];
		for (i = 0; i < s->ncomps; i++) {
			vigil_sbom_component c = s->comps[i];
			const char *k[3];
			uint32_t hit = VIGIL_SBOM_NONE, parent, idx;
			int kk;

			if ((rc = merge_keys(m, &c, k)) < 0) {
				rc = vigil__error_oom(err);
				goto done;
			}
			for (kk = 0; kk < 3 && hit == VIGIL_SBOM_NONE; kk++)
				hit = dd_get(&dd, k[kk]);
			if (hit != VIGIL_SBOM_NONE) {
				map[i] = hit;
				dups++;
				continue;
			}
			/* An input's subject becomes a part of the system. */
			parent = c.subject ? top : c.parent == VIGIL_SBOM_NONE ?
			    VIGIL_SBOM_NONE : map[c.parent];
			c.subject = false;
			if (c.ref != NULL && vigil_sbom_find_ref(m, c.ref) !=
			    VIGIL_SBOM_NONE)
				c.ref = NULL;	/* taken: one is generated */
			if ((rc = vigil_sbom_add(m, &c, parent, &idx, err)) < 0)
				goto done;
			map[i] = idx;
			for (kk = 0; kk < 3; kk++)
				if (dd_put(&dd, k[kk], idx) < 0) {
					rc = vigil__error_oom(err);
					goto done;
				}
		}
		for (i = 0; i < s->nedges; i++) {
			const vigil_sbom_edge *e = &s->edges[i];

			if (map[e->from] == map[e->to])
				continue;
			if ((rc = vigil__sbom_edge_push(m, map[e->from], map[e->to],
			    e->kind, vigil__sbom_interns(m, e->relation))) < 0) {
				rc = vigil__error_oom(err);
				goto done;
			}
		}
	}
	vigil__sbom_edges_normalise(m);
	meta = m->meta;
	meta.authors = authors;
	meta.nauthors = na;
	meta.tools = tools;
	meta.ntools = nt;
	meta.spec_version = "1.6";
	meta.format = VIGIL_SBOM_CYCLONEDX_JSON;
	if ((rc = vigil_sbom_set_meta(m, &meta, err)) < 0)
		goto done;
	*out = m;
	m = NULL;
	if (dups_out != NULL)
		*dups_out = dups;
done:
	vgx_free(map);
	vgx_free(dd.key);
	vgx_free(dd.val);
	vigil_sbom_free(m);
	return rc;
}
