/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SPDX 2.2 and 2.3 JSON reader (SPDX 2.3 specification and its JSON
 * schema, spdx-schema.json).  Streams: each package, file and
 * relationship is collected and converted on its own.  Packages become
 * components; files are counted, and relationships to them dropped (they
 * are not components); relationships become graph edges.
 */
#include <string.h>

#include "sbomint.h"

struct sj {
	struct spdx sp;
	char ptr[256];
	bool saw_id, saw_name, saw_ns, saw_dl, saw_ci;
};

#define DIAG(x, kind, node, ...) do {					\
	int rc_ = vigil__sbom_diag((x)->sp.r, (kind),			\
	    (node) ? (node)->line : 0, (node) ? (node)->col : 0,	\
	    (x)->ptr, __VA_ARGS__);					\
	if (rc_ < 0)							\
		return rc_;						\
} while (0)

static int
str_member(struct sj *x, const struct jnode *o, const char *key,
    const char **out)
{
	struct jnode *n = vigil__jget(o, key);

	*out = NULL;
	if (n == NULL)
		return 0;
	if (n->t != J_STR)
		DIAG(x, D_DEVIATION, n, "'%s' must be a string", key);
	else
		*out = n->s;
	return 0;
}

static int
package(struct sj *x, const struct jnode *o)
{
	struct reader *r = x->sp.r;
	struct cbuild *b = &r->b;
	struct jnode *a, *e;
	const char *s;
	size_t base = strlen(x->ptr);
	int rc;

	if (o->t != J_OBJ) {
		DIAG(x, D_DEVIATION, o, "a package must be an object");
		return 0;
	}
	vigil__cb_reset(b);
	b->c.type = "library";
	if ((rc = str_member(x, o, "SPDXID", &s)) < 0)
		return rc;
	if (s == NULL || !vigil__spdx_id_ok(s))
		DIAG(x, D_DEVIATION, o, "package needs an 'SPDXID' "
		    "\"SPDXRef-...\"");
	if (s != NULL && *s != '\0')
		(void)vigil__cb_ref(r, s, strlen(s));
	if ((rc = str_member(x, o, "name", &s)) < 0)
		return rc;
	if (s == NULL)
		DIAG(x, D_DEVIATION, o, "package has no 'name'");
	else
		b->c.name = vigil__cb_str(r, s, strlen(s));
#define STR(key, field) do {						\
	if ((rc = str_member(x, o, key, &s)) < 0)			\
		return rc;						\
	if (s != NULL && strcmp(s, "NOASSERTION") != 0 &&		\
	    strcmp(s, "NONE") != 0)					\
		b->c.field = vigil__cb_str(r, s, strlen(s));		\
} while (0)
	STR("versionInfo", version);
	STR("description", description);
	STR("copyrightText", copyright);
	STR("downloadLocation", download);
	STR("validUntilDate", eos);
#undef STR
	if (vigil__jget(o, "downloadLocation") == NULL)
		DIAG(x, D_DEVIATION, o, "package has no 'downloadLocation' "
		    "(use NOASSERTION)");
	if (b->c.eos != NULL && !vigil__sbom_is_datetime(b->c.eos, true))
		DIAG(x, D_DEVIATION, vigil__jget(o, "validUntilDate"),
		    "'validUntilDate' is not a date-time");
	if ((rc = str_member(x, o, "supplier", &s)) < 0)
		return rc;
	b->c.supplier = vigil__spdx_actor(r, s);
	if ((rc = str_member(x, o, "originator", &s)) < 0)
		return rc;
	b->c.author = vigil__spdx_actor(r, s);
	if ((rc = str_member(x, o, "primaryPackagePurpose", &s)) < 0)
		return rc;
	if (s != NULL) {
		static const char *const m[][2] = {
			{ "APPLICATION", "application" },
			{ "FRAMEWORK", "framework" }, { "LIBRARY", "library" },
			{ "CONTAINER", "container" },
			{ "OPERATING-SYSTEM", "operating-system" },
			{ "OPERATING_SYSTEM", "operating-system" },
			{ "DEVICE", "device" }, { "FIRMWARE", "firmware" },
			{ "FILE", "file" }, { "SOURCE", "library" },
			{ "ARCHIVE", "file" }, { "INSTALL", "application" },
			{ "OTHER", "library" } };
		size_t i;

		for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
			if (strcmp(s, m[i][0]) == 0)
				b->c.type = m[i][1];
		if (i == VGX_ARRAY_SIZE(m) && strcmp(b->c.type, "library") ==
		    0 && strcmp(s, "OTHER") != 0 && strcmp(s, "LIBRARY") != 0
		    && strcmp(s, "SOURCE") != 0)
			DIAG(x, D_DEVIATION, o, "unknown primaryPackagePurpose "
			    "'%s'", s);
	}
	/* Licences: concluded first, then declared when different. */
	{
		const char *lc, *ld;

		if ((rc = str_member(x, o, "licenseConcluded", &lc)) < 0 ||
		    (rc = str_member(x, o, "licenseDeclared", &ld)) < 0)
			return rc;
		if (lc != NULL && strcmp(lc, "NOASSERTION") != 0 &&
		    strcmp(lc, "NONE") != 0 && vigil__cb_license(r, lc) < 0)
			return vigil__error_oom(r->err);
		if (ld != NULL && strcmp(ld, "NOASSERTION") != 0 &&
		    strcmp(ld, "NONE") != 0 && (lc == NULL ||
		    strcmp(lc, ld) != 0) && vigil__cb_license(r, ld) < 0)
			return vigil__error_oom(r->err);
	}
	if ((rc = str_member(x, o, "homepage", &s)) < 0)
		return rc;
	if (s != NULL && strcmp(s, "NOASSERTION") != 0 &&
	    strcmp(s, "NONE") != 0 && vigil__cb_extref(r, "website", s) < 0)
		return vigil__error_oom(r->err);
	if ((a = vigil__jget(o, "checksums")) != NULL) {
		size_t i = 0;

		if (a->t != J_ARR)
			DIAG(x, D_DEVIATION, a, "'checksums' must be an array");
		for (e = a->t == J_ARR ? a->kid : NULL; e != NULL;
		    e = e->next, i++) {
			const char *alg = vigil__jstr(e, "algorithm");
			const char *val = vigil__jstr(e, "checksumValue");

			snprintf(x->ptr + base, sizeof(x->ptr) - base,
			    "/checksums/%zu", i);
			x->sp.col = e->col;
			if (alg == NULL || val == NULL)
				DIAG(x, D_DEVIATION, e, "a checksum needs "
				    "'algorithm' and 'checksumValue'");
			else if ((rc = vigil__spdx_checksum(&x->sp, alg, val,
			    e->line, x->ptr)) < 0)
				return rc;
		}
		x->ptr[base] = '\0';
	}
	if ((a = vigil__jget(o, "externalRefs")) != NULL && a->t == J_ARR) {
		size_t i = 0;

		for (e = a->kid; e != NULL; e = e->next, i++) {
			const char *cat = vigil__jstr(e, "referenceCategory");
			const char *type = vigil__jstr(e, "referenceType");
			const char *loc = vigil__jstr(e, "referenceLocator");

			snprintf(x->ptr + base, sizeof(x->ptr) - base,
			    "/externalRefs/%zu", i);
			if (cat == NULL || type == NULL || loc == NULL) {
				DIAG(x, D_DEVIATION, e, "an external reference "
				    "needs referenceCategory, referenceType "
				    "and referenceLocator");
				continue;
			}
			if (strcmp(cat, "SECURITY") != 0 &&
			    strcmp(cat, "PACKAGE-MANAGER") != 0 &&
			    strcmp(cat, "PACKAGE_MANAGER") != 0 &&
			    strcmp(cat, "PERSISTENT-ID") != 0 &&
			    strcmp(cat, "PERSISTENT_ID") != 0 &&
			    strcmp(cat, "OTHER") != 0)
				DIAG(x, D_DEVIATION, e, "unknown referenceCategory "
				    "'%s'", cat);
			if (strcmp(cat, "PACKAGE_MANAGER") == 0 &&
			    x->sp.minor >= 3)
				DIAG(x, D_DEVIATION, e, "referenceCategory "
				    "is written PACKAGE-MANAGER in SPDX 2.3");
			if (vigil__spdx_extref(r, cat, type, loc) < 0)
				return vigil__error_oom(r->err);
		}
		x->ptr[base] = '\0';
	}
	if ((a = vigil__jget(o, "annotations")) != NULL && a->t == J_ARR)
		for (e = a->kid; e != NULL; e = e->next)
			if ((s = vigil__jstr(e, "comment")) != NULL)
				vigil__spdx_annotation(r, s);
	return vigil__spdx_commit(&x->sp);
}

static int
relationship(struct sj *x, const struct jnode *o)
{
	const char *a, *t, *b;

	if (o->t != J_OBJ) {
		DIAG(x, D_DEVIATION, o, "a relationship must be an object");
		return 0;
	}
	a = vigil__jstr(o, "spdxElementId");
	t = vigil__jstr(o, "relationshipType");
	b = vigil__jstr(o, "relatedSpdxElement");
	if (a == NULL || t == NULL || b == NULL) {
		DIAG(x, D_DEVIATION, o, "a relationship needs spdxElementId, "
		    "relationshipType and relatedSpdxElement");
		return 0;
	}
	x->sp.col = o->col;
	return vigil__spdx_relationship(&x->sp, a, t, b, o->line, x->ptr);
}

static int
creation_info(struct sj *x, const struct jnode *o)
{
	vigil_sbom *doc = x->sp.r->doc;
	vigil_sbom_meta mm = doc->meta;
	const char *authors[64], *tools[64], *s;
	struct jnode *a, *e;
	size_t na = 0, nt = 0;

	x->saw_ci = true;
	if (o->t != J_OBJ) {
		DIAG(x, D_DEVIATION, o, "'creationInfo' must be an object");
		return 0;
	}
	if ((s = vigil__jstr(o, "created")) == NULL)
		DIAG(x, D_DEVIATION, o, "'creationInfo' has no 'created'");
	else if (!vigil__sbom_is_datetime(s, true))
		DIAG(x, D_DEVIATION, vigil__jget(o, "created"), "'created' is not "
		    "a date-time");
	if (s != NULL)
		mm.timestamp = s;
	if ((a = vigil__jget(o, "creators")) == NULL || a->t != J_ARR ||
	    a->kid == NULL)
		DIAG(x, D_DEVIATION, o, "'creationInfo' needs a non-empty "
		    "'creators' array");
	for (e = a != NULL && a->t == J_ARR ? a->kid : NULL; e != NULL;
	    e = e->next) {
		bool tool;

		if (e->t != J_STR)
			continue;
		tool = strncmp(e->s, "Tool:", 5) == 0;
		s = e->s + (tool ? 5 : strncmp(e->s, "Person:", 7) == 0 ? 7 :
		    strncmp(e->s, "Organization:", 13) == 0 ? 13 : 0);
		while (*s == ' ')
			s++;
		if (tool && nt < VGX_ARRAY_SIZE(tools))
			tools[nt++] = s;
		else if (!tool && na < VGX_ARRAY_SIZE(authors))
			authors[na++] = s;
	}
	mm.authors = authors;
	mm.nauthors = na;
	mm.tools = tools;
	mm.ntools = nt;
	return vigil_sbom_set_meta(doc, &mm, x->sp.r->err);
}

static enum jaction
sj_decide(void *ctx, const struct jpath *p, enum jtype t)
{
	bool container = t == J_ARR || t == J_OBJ;
	const char *k;

	(void)ctx;
	if (p->depth == 0)
		return container ? JA_DESCEND : JA_COLLECT;
	if (p->keys[0] == NULL)
		return JA_SKIP;
	k = p->keys[0];
	if (p->depth == 1) {
		if (strcmp(k, "packages") == 0 ||
		    strcmp(k, "relationships") == 0 ||
		    strcmp(k, "files") == 0 || strcmp(k, "documentDescribes") ==
		    0)
			return t == J_ARR ? JA_DESCEND : JA_COLLECT;
		if (strcmp(k, "creationInfo") == 0 || !container)
			return JA_COLLECT;
		return JA_DROP;
	}
	if (p->depth == 2)
		return JA_COLLECT;
	return JA_SKIP;
}

static int
sj_value(void *ctx, const struct jpath *p, struct jnode *n)
{
	struct sj *x = ctx;
	vigil_sbom *doc = x->sp.r->doc;
	const char *k;

	vigil__jpointer(x->ptr, sizeof(x->ptr), p, NULL);
	if (p->depth == 0) {
		DIAG(x, D_ERROR, n, "the document is not a JSON object");
		return 0;
	}
	k = p->keys[0];
	if (p->depth == 2) {
		if (strcmp(k, "packages") == 0)
			return package(x, n);
		if (strcmp(k, "relationships") == 0)
			return relationship(x, n);
		if (strcmp(k, "documentDescribes") == 0) {
			if (n->t != J_STR)
				DIAG(x, D_DEVIATION, n, "'documentDescribes' "
				    "entries must be strings");
			else {
				x->sp.col = n->col;
				return vigil__spdx_relationship(&x->sp,
				    "SPDXRef-DOCUMENT", "DESCRIBES", n->s,
				    n->line, x->ptr);
			}
			return 0;
		}
		if (strcmp(k, "files") == 0) {
			const char *id = vigil__jstr(n, "SPDXID");
			const char *ref;
			int rc;

			doc->nfiles++;
			if (id == NULL || vigil__jstr(n, "fileName") == NULL)
				DIAG(x, D_DEVIATION, n, "a file needs 'SPDXID' and "
				    "'fileName'");
			if (id == NULL)
				return 0;
			if ((ref = vigil__sbom_interns(doc, id)) == NULL)
				return vigil__error_oom(x->sp.r->err);
			rc = vigil__sbom_ref_put(doc, ref, SBOM_FILE_INDEX);
			if (rc == VIGIL_EEXISTS)
				DIAG(x, D_DEVIATION, n, "duplicate SPDXID '%s'",
				    id);
			else if (rc < 0)
				return vigil__error_oom(x->sp.r->err);
		}
		return 0;
	}
	if (strcmp(k, "creationInfo") == 0)
		return creation_info(x, n);
	if (strcmp(k, "packages") == 0 || strcmp(k, "relationships") == 0 ||
	    strcmp(k, "files") == 0 || strcmp(k, "documentDescribes") == 0) {
		DIAG(x, D_DEVIATION, n, "'%s' must be an array", k);
		return 0;
	}
	if (n->t != J_STR)
		return 0;
	if (strcmp(k, "spdxVersion") == 0) {
		x->sp.saw_version = true;
		if (strcmp(n->s, "SPDX-2.2") == 0)
			x->sp.minor = 2;
		else if (strcmp(n->s, "SPDX-2.3") == 0)
			x->sp.minor = 3;
		else if (strncmp(n->s, "SPDX-2.", 7) == 0)
			DIAG(x, D_DEVIATION, n, "'%s' is not SPDX 2.2 or 2.3; "
			    "read as 2.3", n->s);
		else
			return vigil__error(x->sp.r->err, VIGIL_EUNSUPPORTED,
			    "spdxVersion '%s' is not supported", n->s);
		doc->meta.spec_version = vigil__sbom_interns(doc, n->s);
	} else if (strcmp(k, "dataLicense") == 0) {
		if (strcmp(n->s, "CC0-1.0") != 0)
			DIAG(x, D_DEVIATION, n, "'dataLicense' must be CC0-1.0");
		doc->meta.data_license = vigil__sbom_interns(doc, n->s);
	} else if (strcmp(k, "SPDXID") == 0) {
		x->saw_id = true;
		if (strcmp(n->s, "SPDXRef-DOCUMENT") != 0)
			DIAG(x, D_DEVIATION, n, "the document's SPDXID must be "
			    "SPDXRef-DOCUMENT");
	} else if (strcmp(k, "name") == 0) {
		x->saw_name = true;
		doc->meta.name = vigil__sbom_interns(doc, n->s);
	} else if (strcmp(k, "documentNamespace") == 0) {
		x->saw_ns = true;
		if (strstr(n->s, "://") == NULL || strchr(n->s, '#') != NULL)
			DIAG(x, D_DEVIATION, n, "'documentNamespace' must be an "
			    "absolute URI without '#'");
		doc->meta.serial = vigil__sbom_interns(doc, n->s);
	}
	return 0;
}

static int
sj_end(void *ctx, const struct jpath *p)
{
	struct sj *x = ctx;

	if (p->depth != 0)
		return 0;
	x->ptr[0] = '\0';
	if (!x->sp.saw_version)
		DIAG(x, D_ERROR, (struct jnode *)NULL, "no 'spdxVersion'");
	if (!x->saw_id)
		DIAG(x, D_DEVIATION, (struct jnode *)NULL, "no 'SPDXID'");
	if (!x->saw_name)
		DIAG(x, D_DEVIATION, (struct jnode *)NULL, "no 'name'");
	if (!x->saw_ns)
		DIAG(x, D_DEVIATION, (struct jnode *)NULL,
		    "no 'documentNamespace'");
	if (!x->saw_ci)
		DIAG(x, D_DEVIATION, (struct jnode *)NULL, "no 'creationInfo'");
	if (x->sp.r->doc->meta.data_license == NULL)
		DIAG(x, D_DEVIATION, (struct jnode *)NULL, "no 'dataLicense'");
	return 0;
}

static const struct jstream_ops sj_ops = { sj_decide, sj_value, sj_end };

int
vigil__read_spdx_json(struct reader *r, struct input *in)
{
	struct sj x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.sp.r = r;
	rc = vigil__jstream(r, in, &sj_ops, &x);
	if (rc == 0)
		vigil__spdx_finish(&x.sp);
	vigil__spdx_dispose(&x.sp);
	return rc;
}
