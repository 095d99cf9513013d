/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SPDX 3.0 JSON-LD reader, software profile (SPDX 3.0.1 specification,
 * its JSON-LD serialisation with the spdx-context.jsonld names).  Each
 * element of "@graph" is collected on its own: software_Package becomes a
 * component, Relationship becomes edges (dependsOn, contains) or names
 * the subject (describes, or SpdxDocument/software_Sbom rootElement) or
 * a licence (hasConcludedLicense/hasDeclaredLicense); agents, tools and
 * licence expressions are remembered by id and resolved at the end, so
 * in streaming mode a supplier is given as the agent's id when the agent
 * comes later in the graph.
 */
#include <string.h>

#include "sbomint.h"

struct named {			/* id -> name of an agent or expression */
	const char *id;		/* interned */
	const char *name;	/* interned */
};

struct s3 {
	struct spdx sp;
	char ptr[256];
	struct named *names;
	size_t nnames, capnames;
	struct named *lics;	/* component ref -> licence element id */
	size_t nlics, caplics;
	const char *creators[32];
	size_t ncreators;
	const char *created;
	bool saw_ci;
};

#define DIAG(x, kind, node, ...) do {					\
	int rc_ = vigil__sbom_diag((x)->sp.r, (kind),			\
	    (node) ? (node)->line : 0, (node) ? (node)->col : 0,	\
	    (x)->ptr, __VA_ARGS__);					\
	if (rc_ < 0)							\
		return rc_;						\
} while (0)

static int
push_named(struct named **v, size_t *n, size_t *cap, const char *id,
    const char *name)
{
	struct named *p;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;

		if ((p = vgx_reallocarray(*v, c, sizeof(*p))) == NULL)
			return VIGIL_ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[*n].id = id;
	(*v)[(*n)++].name = name;
	return 0;
}

static const char *
lookup(const struct s3 *x, const char *id)
{
	size_t i;

	for (i = 0; i < x->nnames; i++)
		if (x->names[i].id == id)
			return x->names[i].name;
	return NULL;
}

static const char *
elem_id(const struct jnode *o)
{
	const char *s = vigil__jstr(o, "spdxId");

	return s != NULL ? s : vigil__jstr(o, "@id");
}

static int
package(struct s3 *x, const struct jnode *o)
{
	struct reader *r = x->sp.r;
	vigil_sbom *doc = r->doc;
	struct cbuild *b = &r->b;
	struct jnode *a, *e;
	const char *s, *id = elem_id(o);

	vigil__cb_reset(b);
	b->c.type = "library";
	if (id == NULL)
		DIAG(x, D_DEVIATION, o, "package has no 'spdxId'");
	else
		(void)vigil__cb_ref(r, id, strlen(id));
	if ((s = vigil__jstr(o, "name")) == NULL)
		DIAG(x, D_DEVIATION, o, "package has no 'name'");
	else
		b->c.name = vigil__cb_str(r, s, strlen(s));
#define STR(key, field) do {						\
	if ((s = vigil__jstr(o, key)) != NULL &&			\
	    strcmp(s, "NOASSERTION") != 0)				\
		b->c.field = vigil__cb_str(r, s, strlen(s));		\
} while (0)
	STR("software_packageVersion", version);
	STR("software_packageUrl", purl);
	STR("software_downloadLocation", download);
	STR("software_copyrightText", copyright);
	STR("description", description);
	STR("validUntilTime", eos);
#undef STR
	if ((s = vigil__jstr(o, "suppliedBy")) != NULL) {
		const char *in = vigil__sbom_interns(doc, s);
		const char *nm = lookup(x, in);

		b->c.supplier = nm != NULL ? nm : vigil__cb_str(r, s,
		    strlen(s));
	}
	if ((s = vigil__jstr(o, "software_primaryPurpose")) != NULL) {
		static const char *const m[] = { "application", "framework",
		    "library", "container", "operatingSystem", "device",
		    "firmware", "file" };
		size_t i;

		for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
			if (strcmp(s, m[i]) == 0)
				b->c.type = i == 4 ? "operating-system" : m[i];
	}
	if ((a = vigil__jget(o, "externalIdentifier")) != NULL &&
	    a->t == J_ARR) {
		for (e = a->kid; e != NULL; e = e->next) {
			const char *t = vigil__jstr(e, "externalIdentifierType");
			const char *v = vigil__jstr(e, "identifier");

			if (t == NULL || v == NULL)
				continue;
			if ((strcmp(t, "cpe23") == 0 || strcmp(t, "cpe22") ==
			    0) && vigil__cb_cpe(r, v) < 0)
				return VIGIL_ENOMEM;
			if (strcmp(t, "packageUrl") == 0 && b->c.purl == NULL)
				b->c.purl = vigil__cb_str(r, v, strlen(v));
			if (strcmp(t, "swid") == 0)
				b->c.swid = vigil__cb_str(r, v, strlen(v));
		}
	}
	if ((a = vigil__jget(o, "verifiedUsing")) != NULL && a->t == J_ARR) {
		for (e = a->kid; e != NULL; e = e->next) {
			const char *t = vigil__jstr(e, "type");
			const char *alg = vigil__jstr(e, "algorithm");
			const char *v = vigil__jstr(e, "hashValue");
			const char *canon;
			bool exact;

			if (t == NULL || strcmp(t, "Hash") != 0 || alg == NULL ||
			    v == NULL)
				continue;
			canon = vigil__sbom_hash_alg(alg, strlen(alg), &exact);
			if (canon == NULL) {
				DIAG(x, D_DEVIATION, e, "unknown hash algorithm "
				    "'%s'", alg);
				continue;
			}
			if (vigil__cb_hash(r, canon, v) < 0)
				return VIGIL_ENOMEM;
		}
	}
	return vigil__spdx_commit(&x->sp);
}

static int
relationship(struct s3 *x, const struct jnode *o)
{
	vigil_sbom *doc = x->sp.r->doc;
	const char *from = vigil__jstr(o, "from");
	const char *type = vigil__jstr(o, "relationshipType");
	struct jnode *to = vigil__jget(o, "to"), *t;
	int rc;

	if (from == NULL || type == NULL || to == NULL || to->t != J_ARR) {
		DIAG(x, D_DEVIATION, o, "a Relationship needs 'from', "
		    "'relationshipType' and a 'to' array");
		return 0;
	}
	x->sp.col = o->col;
	for (t = to->kid; t != NULL; t = t->next) {
		const char *a, *b;

		if (t->t != J_STR)
			continue;
		if (strcmp(type, "hasConcludedLicense") == 0 ||
		    strcmp(type, "hasDeclaredLicense") == 0) {
			if ((a = vigil__sbom_interns(doc, from)) == NULL ||
			    (b = vigil__sbom_interns(doc, t->s)) == NULL ||
			    push_named(&x->lics, &x->nlics, &x->caplics, a, b)
			    < 0)
				return VIGIL_ENOMEM;
			continue;
		}
		if (strcmp(type, "describes") == 0) {
			if ((rc = vigil__spdx_relationship(&x->sp,
			    "SPDXRef-DOCUMENT", "DESCRIBES", t->s, o->line,
			    x->ptr)) < 0)
				return rc;
			continue;
		}
		if (strcmp(type, "dependsOn") == 0)
			rc = vigil__spdx_relationship(&x->sp, from,
			    "DEPENDS_ON", t->s, o->line, x->ptr);
		else if (strcmp(type, "contains") == 0)
			rc = vigil__spdx_relationship(&x->sp, from, "CONTAINS",
			    t->s, o->line, x->ptr);
		else
			rc = vigil__spdx_relationship(&x->sp, from, type, t->s,
			    o->line, x->ptr);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
element(struct s3 *x, const struct jnode *o)
{
	struct reader *r = x->sp.r;
	vigil_sbom *doc = r->doc;
	const char *type, *id, *s;
	struct jnode *a, *e;
	int rc;

	if (o->t != J_OBJ) {
		DIAG(x, D_DEVIATION, o, "a graph element must be an object");
		return 0;
	}
	if ((type = vigil__jstr(o, "type")) == NULL &&
	    (type = vigil__jstr(o, "@type")) == NULL) {
		DIAG(x, D_DEVIATION, o, "graph element has no 'type'");
		return 0;
	}
	id = elem_id(o);
	if (strcmp(type, "software_Package") == 0)
		return package(x, o);
	if (strcmp(type, "Relationship") == 0 ||
	    strcmp(type, "LifecycleScopedRelationship") == 0)
		return relationship(x, o);
	if (strcmp(type, "software_File") == 0 ||
	    strcmp(type, "software_Snippet") == 0) {
		doc->nfiles++;
		if (id != NULL) {
			const char *ref = vigil__sbom_interns(doc, id);

			if (ref == NULL)
				return VIGIL_ENOMEM;
			rc = vigil__sbom_ref_put(doc, ref, SBOM_FILE_INDEX);
			if (rc == VIGIL_EEXISTS)
				DIAG(x, D_DEVIATION, o, "duplicate spdxId '%s'", id);
			else if (rc < 0)
				return rc;
		}
		return 0;
	}
	if (strcmp(type, "CreationInfo") == 0) {
		x->saw_ci = true;
		if ((s = vigil__jstr(o, "created")) != NULL)
			x->created = vigil__sbom_interns(doc, s);
		if ((s = vigil__jstr(o, "specVersion")) != NULL)
			doc->meta.spec_version = vigil__sbom_interns(doc, s);
		if ((a = vigil__jget(o, "createdBy")) != NULL && a->t == J_ARR)
			for (e = a->kid; e != NULL; e = e->next)
				if (e->t == J_STR && x->ncreators <
				    VGX_ARRAY_SIZE(x->creators))
					x->creators[x->ncreators++] =
					    vigil__sbom_interns(doc, e->s);
		return 0;
	}
	if (strcmp(type, "SpdxDocument") == 0 ||
	    strcmp(type, "software_Sbom") == 0) {
		if ((s = vigil__jstr(o, "name")) != NULL && doc->meta.name ==
		    NULL)
			doc->meta.name = vigil__sbom_interns(doc, s);
		if (id != NULL && doc->meta.serial == NULL)
			doc->meta.serial = vigil__sbom_interns(doc, id);
		if ((a = vigil__jget(o, "rootElement")) != NULL &&
		    a->t == J_ARR)
			for (e = a->kid; e != NULL; e = e->next) {
				if (e->t != J_STR)
					continue;
				x->sp.col = e->col;
				if ((rc = vigil__spdx_relationship(&x->sp,
				    "SPDXRef-DOCUMENT", "DESCRIBES", e->s,
				    e->line, x->ptr)) < 0)
					return rc;
			}
		return 0;
	}
	/* Agents, tools and licence expressions: remember id -> name. */
	s = vigil__jstr(o, "name");
	if (s == NULL)
		s = vigil__jstr(o, "simplelicensing_licenseExpression");
	if (id != NULL && s != NULL) {
		const char *a1 = vigil__sbom_interns(doc, id);
		const char *b1 = vigil__sbom_interns(doc, s);

		if (a1 == NULL || b1 == NULL || push_named(&x->names,
		    &x->nnames, &x->capnames, a1, b1) < 0)
			return VIGIL_ENOMEM;
	}
	return 0;
}

static enum jaction
s3_decide(void *ctx, const struct jpath *p, enum jtype t)
{
	bool container = t == J_ARR || t == J_OBJ;
	(void)ctx;
	if (p->depth == 0)
		return container ? JA_DESCEND : JA_COLLECT;
	if (p->keys[0] == NULL)
		return JA_SKIP;
	if (p->depth == 1)
		return strcmp(p->keys[0], "@graph") == 0 && t == J_ARR ?
		    JA_DESCEND : JA_COLLECT;
	if (p->depth == 2)
		return JA_COLLECT;
	return JA_SKIP;
}

static int
s3_value(void *ctx, const struct jpath *p, struct jnode *n)
{
	struct s3 *x = ctx;

	vigil__jpointer(x->ptr, sizeof(x->ptr), p, NULL);
	if (p->depth == 0) {
		DIAG(x, D_ERROR, n, "the document is not a JSON object");
		return 0;
	}
	if (p->depth == 2)
		return element(x, n);
	if (strcmp(p->keys[0], "@graph") == 0)
		DIAG(x, D_ERROR, n, "'@graph' must be an array");
	if (strcmp(p->keys[0], "@context") == 0) {
		const char *s = n->t == J_STR ? n->s : NULL;

		if (s == NULL || strstr(s, "spdx.org/rdf/3.") == NULL)
			DIAG(x, D_DEVIATION, n, "'@context' is not the SPDX 3 "
			    "context");
	}
	return 0;
}

static const struct jstream_ops s3_ops = { s3_decide, s3_value, NULL };

/* Resolve suppliers, licences and creators now that all ids are known. */
static int
finish(struct s3 *x)
{
	vigil_sbom *doc = x->sp.r->doc;
	vigil_sbom_meta mm = doc->meta;
	const char *authors[32], *nm;
	size_t i, j, k;

	for (i = 0; i < doc->ncomps; i++) {
		vigil_sbom_component *c = &doc->comps[i];

		if (c->supplier != NULL && (nm = lookup(x,
		    vigil__sbom_interns(doc, c->supplier))) != NULL)
			c->supplier = nm;
	}
	for (i = 0; i < x->nlics; i++) {
		uint32_t ci = vigil_sbom_find_ref(doc, x->lics[i].id);
		vigil_sbom_component *c;
		const char **v;

		nm = lookup(x, x->lics[i].name);
		if (ci >= doc->ncomps || nm == NULL ||
		    strcmp(nm, "NOASSERTION") == 0 || strcmp(nm, "NONE") == 0)
			continue;
		c = &doc->comps[ci];
		for (j = 0; j < c->nlicenses; j++)
			if (strcmp(c->licenses[j], nm) == 0)
				break;
		if (j < c->nlicenses)
			continue;
		v = vigil__arena_alloc(&doc->arena, (c->nlicenses + 1) *
		    sizeof(*v));
		if (v == NULL)
			return vigil__error_oom(x->sp.r->err);
		for (k = 0; k < c->nlicenses; k++)
			v[k] = c->licenses[k];
		v[k] = nm;
		c->licenses = v;
		c->nlicenses++;
	}
	for (i = 0; i < x->ncreators; i++)
		authors[i] = (nm = lookup(x, x->creators[i])) != NULL ? nm :
		    x->creators[i];
	mm.authors = authors;
	mm.nauthors = x->ncreators;
	mm.timestamp = x->created;
	if (!x->saw_ci)
		vigil__sbom_diag(x->sp.r, D_DEVIATION, 0, 0, "",
		    "no CreationInfo element");
	return vigil_sbom_set_meta(doc, &mm, x->sp.r->err);
}

int
vigil__read_spdx3(struct reader *r, struct input *in)
{
	struct s3 x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.sp.r = r;
	x.sp.v3 = true;
	rc = vigil__jstream(r, in, &s3_ops, &x);
	if (rc == 0)
		rc = finish(&x);
	if (rc == 0)
		vigil__spdx_finish(&x.sp);
	vigil__spdx_dispose(&x.sp);
	vgx_free(x.names);
	vgx_free(x.lics);
	return rc;
}
