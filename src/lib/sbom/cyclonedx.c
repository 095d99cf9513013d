/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CycloneDX JSON reader, 1.2 to 1.6 (CycloneDX specification, JSON
 * schema bom-1.x.schema.json).  Streams the document (jtree.c): each
 * element of "components" and "dependencies" is collected, converted and
 * forgotten; nested components are converted recursively.
 *
 * Strict mode applies vigil's own structural checks, the parts of the
 * schema that decide whether the data means what it says: required
 * fields, types, enumerations (component type, scope, hash algorithm,
 * external reference type, patch and issue types, data flow, encoding),
 * hash and serial number patterns, the licence choice, bom-ref and
 * dependency references.  Lenient mode reads lower-case hash algorithm
 * names and similar clear deviations with a warning.
 */
#include <string.h>

#include "sbomint.h"

struct cdx {
	struct reader *r;
	int minor;		/* specVersion 1.MINOR, 0 before known */
	bool saw_format;
	bool saw_spec;
	uint32_t subject;
	char ptr[256];		/* JSON pointer being built */
	size_t plen;
};

/* ---- JSON pointer building ----------------------------------------------- */

/* Append "/KEY" (keys here need no ~ escapes); on overflow, nothing. */
static size_t
pk(struct cdx *x, const char *key)
{
	size_t old = x->plen, n = strlen(key);

	if (old + n + 2 <= sizeof(x->ptr)) {
		x->ptr[old] = '/';
		memcpy(x->ptr + old + 1, key, n + 1);
		x->plen += n + 1;
	}
	return old;
}

static size_t
pi(struct cdx *x, size_t i)
{
	size_t old = x->plen, n = 0;
	char d[24];

	do {
		d[n++] = (char)('0' + i % 10);
		i /= 10;
	} while (i > 0);
	if (old + n + 2 <= sizeof(x->ptr)) {
		x->ptr[x->plen++] = '/';
		while (n > 0)
			x->ptr[x->plen++] = d[--n];
		x->ptr[x->plen] = '\0';
	}
	return old;
}

static void
pop(struct cdx *x, size_t old)
{
	x->plen = old;
	x->ptr[old] = '\0';
}

#define DIAG(x, kind, node, ...) do {					\
	int rc_ = vigil__sbom_diag((x)->r, (kind), (node) ? (node)->line : 0,\
	    (node) ? (node)->col : 0, (x)->ptr, __VA_ARGS__);		\
	if (rc_ < 0)							\
		return rc_;						\
} while (0)

static const char *
tname(enum jtype t)
{
	static const char *const n[] = { "null", "false", "true", "number",
	    "string", "array", "object" };

	return n[t];
}

/* A string member: NULL when absent; a wrong type is an error. */
static int
get_str(struct cdx *x, const struct jnode *o, const char *key,
    const char **out)
{
	struct jnode *n = vigil__jget(o, key);
	size_t old;

	*out = NULL;
	if (n == NULL)
		return 0;
	if (n->t != J_STR) {
		old = pk(x, key);
		DIAG(x, D_DEVIATION, n, "'%s' must be a string, not %s", key,
		    tname(n->t));
		pop(x, old);
		return 0;
	}
	*out = n->s;
	return 0;
}

/* Check S against ENUM (NULL-terminated); report with KEY. */
static int
check_enum(struct cdx *x, const struct jnode *n, const char *key,
    const char *s, const char *const *en)
{
	size_t i, old;

	for (i = 0; en[i] != NULL; i++)
		if (strcmp(s, en[i]) == 0)
			return 0;
	old = pk(x, key);
	DIAG(x, D_DEVIATION, n, "'%s' is not a valid %s", s, key);
	pop(x, old);
	return 0;
}

static int
enum_member(struct cdx *x, const struct jnode *o, const char *key,
    const char *const *en)
{
	const char *s;
	int rc;

	if ((rc = get_str(x, o, key, &s)) < 0 || s == NULL)
		return rc;
	return check_enum(x, vigil__jget(o, key), key, s, en);
}

/* An array member: NULL when absent; a wrong type is an error. */
static int
get_arr(struct cdx *x, const struct jnode *o, const char *key,
    struct jnode **out)
{
	struct jnode *n = vigil__jget(o, key);
	size_t old;

	*out = NULL;
	if (n == NULL)
		return 0;
	if (n->t != J_ARR) {
		old = pk(x, key);
		DIAG(x, D_DEVIATION, n, "'%s' must be an array, not %s", key,
		    tname(n->t));
		pop(x, old);
		return 0;
	}
	*out = n;
	return 0;
}

static bool
is_hex(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned c = (unsigned char)*s;

		if (c - '0' >= 10u && (c | 0x20u) - 'a' >= 6u)
			return false;
	}
	return true;
}

/* ---- pieces ------------------------------------------------------------ */

static int
conv_hashes(struct cdx *x, const struct jnode *o)
{
	struct jnode *a, *h;
	size_t i = 0, old, o2;
	int rc;

	if ((rc = get_arr(x, o, "hashes", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "hashes");
	for (h = a->kid; h != NULL; h = h->next, i++) {
		const char *alg, *content, *canon;
		bool exact;
		size_t n;

		o2 = pi(x, i);
		if (h->t != J_OBJ) {
			DIAG(x, D_DEVIATION, h, "a hash must be an object");
			pop(x, o2);
			continue;
		}
		if ((rc = get_str(x, h, "alg", &alg)) < 0 ||
		    (rc = get_str(x, h, "content", &content)) < 0)
			return rc;
		if (alg == NULL || content == NULL) {
			DIAG(x, D_DEVIATION, h, "a hash needs 'alg' and 'content'");
			pop(x, o2);
			continue;
		}
		canon = vigil__sbom_hash_alg(alg, strlen(alg), &exact);
		if (canon == NULL || vigil__sbom_hash_len(canon) == 0 ?
		    canon == NULL : false) {
			DIAG(x, D_DEVIATION, h, "unknown hash algorithm '%s'", alg);
			pop(x, o2);
			continue;
		}
		if (!exact || strcmp(canon, "SHA-224") == 0 ||
		    strcmp(canon, "MD2") == 0 || strcmp(canon, "MD4") == 0 ||
		    strcmp(canon, "MD6") == 0 || strcmp(canon, "ADLER32") == 0) {
			if (exact) {
				DIAG(x, D_DEVIATION, h, "hash algorithm '%s' is not "
				    "a CycloneDX algorithm", alg);
				pop(x, o2);
				continue;
			}
			DIAG(x, D_DEVIATION, h, "hash algorithm '%s' should be "
			    "written '%s'", alg, canon);
		}
		n = strlen(content);
		if (!is_hex(content) || (n != 32 && n != 40 && n != 64 &&
		    n != 96 && n != 128)) {
			DIAG(x, D_DEVIATION, h, "hash content is not a hex digest "
			    "of 32, 40, 64, 96 or 128 digits");
			pop(x, o2);
			continue;
		}
		if (vigil__sbom_hash_len(canon) != 0 &&
		    vigil__sbom_hash_len(canon) != n)
			DIAG(x, D_DEVIATION, h, "%s digest has %zu hex digits, "
			    "not %zu", canon, n, vigil__sbom_hash_len(canon));
		if (vigil__cb_hash(x->r, canon, content) < 0)
			return vigil__error_oom(x->r->err);
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

static int
check_props(struct cdx *x, const struct jnode *o, bool component)
{
	struct jnode *a, *p, *k;
	size_t i = 0, old, o2;
	int rc;

	if ((rc = get_arr(x, o, "properties", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "properties");
	for (p = a->kid; p != NULL; p = p->next, i++) {
		const char *name, *value;

		o2 = pi(x, i);
		if (p->t != J_OBJ) {
			DIAG(x, D_DEVIATION, p, "a property must be an object");
			pop(x, o2);
			continue;
		}
		for (k = p->kid; k != NULL; k = k->next)
			if (strcmp(k->key, "name") != 0 &&
			    strcmp(k->key, "value") != 0)
				DIAG(x, D_DEVIATION, k, "property has unknown "
				    "member '%s'", k->key);
		if ((rc = get_str(x, p, "name", &name)) < 0 ||
		    (rc = get_str(x, p, "value", &value)) < 0)
			return rc;
		if (name == NULL) {
			DIAG(x, D_DEVIATION, p, "property has no 'name'");
			pop(x, o2);
			continue;
		}
		if (component && strcmp(name, SBOM_PROP_CPE) == 0 &&
		    value != NULL) {
			if (vigil__cb_cpe(x->r, value) < 0)
				return vigil__error_oom(x->r->err);
		} else if (component &&
		    !vigil__sbom_support_prop(x->r, name, value) &&
		    vigil__cb_prop(x->r, name, value) < 0) {
			return vigil__error_oom(x->r->err);
		}
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

static const char *const encodings[] = { "base64", NULL };

static int
conv_licenses(struct cdx *x, const struct jnode *o, bool component)
{
	struct jnode *a, *l, *lic;
	size_t i = 0, old, o2, nexpr = 0, nlic = 0;
	int rc;

	if ((rc = get_arr(x, o, "licenses", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "licenses");
	for (l = a->kid; l != NULL; l = l->next, i++) {
		const char *expr, *id, *name;

		o2 = pi(x, i);
		if (l->t != J_OBJ) {
			DIAG(x, D_DEVIATION, l, "a licence choice must be an "
			    "object");
			pop(x, o2);
			continue;
		}
		lic = vigil__jget(l, "license");
		if ((rc = get_str(x, l, "expression", &expr)) < 0)
			return rc;
		if ((lic != NULL) == (expr != NULL)) {
			DIAG(x, D_DEVIATION, l, "a licence choice needs exactly one "
			    "of 'license' and 'expression'");
			pop(x, o2);
			continue;
		}
		if (expr != NULL) {
			nexpr++;
			if (component && vigil__cb_license(x->r, expr) < 0)
				return vigil__error_oom(x->r->err);
			pop(x, o2);
			continue;
		}
		nlic++;
		pk(x, "license");
		if (lic->t != J_OBJ) {
			DIAG(x, D_DEVIATION, lic, "'license' must be an object");
			pop(x, o2);
			continue;
		}
		if ((rc = get_str(x, lic, "id", &id)) < 0 ||
		    (rc = get_str(x, lic, "name", &name)) < 0)
			return rc;
		if ((id != NULL) == (name != NULL)) {
			DIAG(x, D_DEVIATION, lic, "a licence needs exactly one of "
			    "'id' and 'name'");
		} else if (id != NULL && !vigil__sbom_license_known(x->r,
		    id)) {
			DIAG(x, D_DEVIATION, lic, "'%s' is not an SPDX licence id",
			    id);
		} else if (component && vigil__cb_license(x->r,
		    id != NULL ? id : name) < 0) {
			return vigil__error_oom(x->r->err);
		}
		{
			struct jnode *t = vigil__jget(lic, "text");

			if (t != NULL && t->t == J_OBJ) {
				size_t o3 = pk(x, "text");

				if ((rc = enum_member(x, t, "encoding",
				    encodings)) < 0)
					return rc;
				pop(x, o3);
			}
		}
		if ((rc = check_props(x, lic, false)) < 0)
			return rc;
		pop(x, o2);
	}
	/* 1.5 and 1.6: licences, or one single expression (oneOf). */
	if ((nexpr > 1 || (nexpr == 1 && nlic > 0)) && x->minor >= 5 &&
	    x->minor <= 6)
		DIAG(x, D_DEVIATION, a, "an expression must be the only "
		    "licence choice (CycloneDX 1.5 and 1.6)");
	pop(x, old);
	return 0;
}

static const char *const ext_types[] = { "vcs", "issue-tracker", "website",
	"advisories", "bom", "mailing-list", "social", "chat",
	"documentation", "support", "source-distribution", "distribution",
	"distribution-intake", "license", "build-meta", "build-system",
	"release-notes", "security-contact", "model-card", "log",
	"configuration", "evidence", "formulation", "attestation",
	"threat-model", "adversary-model", "risk-assessment",
	"vulnerability-assertion", "exploitability-statement",
	"pentest-report", "static-analysis-report", "dynamic-analysis-report",
	"runtime-analysis-report", "component-analysis-report",
	"maturity-report", "certification-report", "codified-infrastructure",
	"quality-metrics", "poam", "electronic-signature",
	"digital-signature", "rfc-9116", "other", NULL };

static int
conv_extrefs(struct cdx *x, const struct jnode *o, bool component)
{
	struct jnode *a, *e;
	size_t i = 0, old, o2;
	int rc;

	if ((rc = get_arr(x, o, "externalReferences", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "externalReferences");
	for (e = a->kid; e != NULL; e = e->next, i++) {
		const char *url, *type;

		o2 = pi(x, i);
		if (e->t != J_OBJ) {
			DIAG(x, D_DEVIATION, e, "an external reference must be an "
			    "object");
			pop(x, o2);
			continue;
		}
		if ((rc = get_str(x, e, "url", &url)) < 0 ||
		    (rc = get_str(x, e, "type", &type)) < 0)
			return rc;
		if (url == NULL || type == NULL) {
			DIAG(x, D_DEVIATION, e, "an external reference needs 'url' "
			    "and 'type'");
		} else {
			if ((rc = check_enum(x, e, "type", type, ext_types)) < 0)
				return rc;
			if (component && vigil__cb_extref(x->r, type, url) < 0)
				return vigil__error_oom(x->r->err);
		}
		if ((rc = conv_hashes(x, e)) < 0)
			return rc;
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

/* Name of an organizational entity or contact: {"name": ...}. */
static int
entity_name(struct cdx *x, const struct jnode *o, const char *key,
    const char **out)
{
	struct jnode *e = vigil__jget(o, key);
	size_t old;

	*out = NULL;
	if (e == NULL)
		return 0;
	if (e->t != J_OBJ) {
		old = pk(x, key);
		DIAG(x, D_DEVIATION, e, "'%s' must be an object", key);
		pop(x, old);
		return 0;
	}
	return get_str(x, e, "name", out);
}

static const char *const patch_types[] = { "unofficial", "monkey",
	"backport", "cherry-pick", NULL };
static const char *const issue_types[] = { "defect", "enhancement",
	"security", NULL };

static int component(struct cdx *x, const struct jnode *o, uint32_t parent,
    uint32_t depth, bool subject);

static int
conv_pedigree(struct cdx *x, const struct jnode *o)
{
	struct jnode *p = vigil__jget(o, "pedigree"), *a, *e, *r;
	size_t old, i = 0, o2, j, o3;
	int rc;

	if (p == NULL || p->t != J_OBJ)
		return 0;
	old = pk(x, "pedigree");
	if ((rc = get_arr(x, p, "patches", &a)) < 0)
		return rc;
	if (a != NULL) {
		size_t o1 = pk(x, "patches");

		for (e = a->kid; e != NULL; e = e->next, i++) {
			o2 = pi(x, i);
			if (e->t == J_OBJ) {
				struct jnode *ra;

				if (vigil__jget(e, "type") == NULL)
					DIAG(x, D_DEVIATION, e, "a patch needs a "
					    "'type'");
				if ((rc = enum_member(x, e, "type",
				    patch_types)) < 0 ||
				    (rc = get_arr(x, e, "resolves", &ra)) < 0)
					return rc;
				if (ra != NULL) {
					o3 = pk(x, "resolves");
					for (j = 0, r = ra->kid; r != NULL;
					    r = r->next, j++) {
						size_t o4 = pi(x, j);

						if (r->t == J_OBJ && (rc =
						    enum_member(x, r, "type",
						    issue_types)) < 0)
							return rc;
						pop(x, o4);
					}
					pop(x, o3);
				}
			}
			pop(x, o2);
		}
		pop(x, o1);
	}
	pop(x, old);
	return 0;
}

static const char *const comp_types[] = { "application", "framework",
	"library", "container", "platform", "operating-system", "device",
	"device-driver", "firmware", "file", "machine-learning-model",
	"data", "cryptographic-asset", NULL };
static const char *const scopes[] = { "required", "optional", "excluded",
	NULL };

/*
 * Convert one component object (and, after it, the components nested in
 * it).  X->ptr is the component's JSON pointer.
 */
static int
component(struct cdx *x, const struct jnode *o, uint32_t parent,
    uint32_t depth, bool subject)
{
	struct reader *r = x->r;
	struct cbuild *b = &r->b;
	struct jnode *n, *kids;
	const char *s, *type, *name, *version, *ref, *cpe;
	uint32_t idx;
	size_t i, old;
	int rc;

	if (o->t != J_OBJ) {
		DIAG(x, D_DEVIATION, o, "a component must be an object, not %s",
		    tname(o->t));
		return 0;
	}
	if (depth > 64) {
		DIAG(x, D_DEVIATION, o, "components nested more than 64 deep");
		return 0;
	}
	vigil__cb_reset(b);
	b->c.subject = subject;
	if ((rc = get_str(x, o, "type", &type)) < 0 ||
	    (rc = get_str(x, o, "name", &name)) < 0 ||
	    (rc = get_str(x, o, "version", &version)) < 0 ||
	    (rc = get_str(x, o, "bom-ref", &ref)) < 0)
		return rc;
	if (type == NULL)
		DIAG(x, D_DEVIATION, o, "component has no 'type'");
	else if ((rc = check_enum(x, vigil__jget(o, "type"), "type", type,
	    comp_types)) < 0)
		return rc;
	if (name == NULL)
		DIAG(x, D_DEVIATION, o, "component has no 'name'");
	if (version == NULL && x->minor > 0 && x->minor < 4)
		DIAG(x, D_DEVIATION, o, "component has no 'version' (required "
		    "before CycloneDX 1.4)");
	if (ref != NULL && *ref == '\0')
		DIAG(x, D_DEVIATION, vigil__jget(o, "bom-ref"), "'bom-ref' is "
		    "empty");
	if ((rc = enum_member(x, o, "scope", scopes)) < 0)
		return rc;
	b->c.type = vigil__cb_vocab(r, type, type ? strlen(type) : 0);
	b->c.name = vigil__cb_str(r, name, name ? strlen(name) : 0);
	b->c.version = vigil__cb_str(r, version, version ? strlen(version) :
	    0);
	if (ref != NULL && *ref != '\0')
		if (vigil__cb_ref(r, ref, strlen(ref)) < 0)
			return vigil__error_oom(r->err);
#define STR(key, field) do {						\
	if ((rc = get_str(x, o, key, &s)) < 0)				\
		return rc;						\
	if (s != NULL)							\
		b->c.field = vigil__cb_str(r, s, strlen(s));		\
} while (0)
	STR("group", group);
	STR("description", description);
	STR("purl", purl);
	STR("copyright", copyright);
	STR("author", author);
#undef STR
	if ((rc = entity_name(x, o, "supplier", &s)) < 0)
		return rc;
	if (s == NULL && (rc = entity_name(x, o, "manufacturer", &s)) < 0)
		return rc;
	if (s == NULL && (rc = get_str(x, o, "publisher", &s)) < 0)
		return rc;
	if (s != NULL)
		b->c.supplier = vigil__cb_vocab(r, s, strlen(s));
	if ((rc = get_str(x, o, "cpe", &cpe)) < 0)
		return rc;
	if (cpe != NULL && vigil__cb_cpe(r, cpe) < 0)
		return vigil__error_oom(r->err);
	if ((n = vigil__jget(o, "swid")) != NULL) {
		old = pk(x, "swid");
		if (n->t != J_OBJ) {
			DIAG(x, D_DEVIATION, n, "'swid' must be an object");
		} else {
			const char *tag, *sn;

			if ((rc = get_str(x, n, "tagId", &tag)) < 0 ||
			    (rc = get_str(x, n, "name", &sn)) < 0)
				return rc;
			if (tag == NULL || sn == NULL)
				DIAG(x, D_DEVIATION, n, "'swid' needs 'tagId' and "
				    "'name'");
			if (tag != NULL)
				b->c.swid = vigil__cb_str(r, tag, strlen(tag));
		}
		pop(x, old);
	}
	if ((rc = conv_hashes(x, o)) < 0 ||
	    (rc = conv_licenses(x, o, true)) < 0 ||
	    (rc = conv_extrefs(x, o, true)) < 0 ||
	    (rc = check_props(x, o, true)) < 0 ||
	    (rc = conv_pedigree(x, o)) < 0)
		return rc;
	if ((n = vigil__jget(o, "authors")) != NULL && b->c.author == NULL &&
	    n->t == J_ARR && n->kid != NULL && n->kid->t == J_OBJ &&
	    (s = vigil__jstr(n->kid, "name")) != NULL)
		b->c.author = vigil__cb_vocab(r, s, strlen(s));
	r->where = x->ptr;
	r->line = o->line;
	rc = vigil__cb_commit(r, parent, depth, &idx);
	r->where = NULL;
	r->line = 0;
	if (rc < 0)
		return rc;
	if (subject)
		x->subject = idx;
	/* Nested components come after their parent (its index is set). */
	if ((rc = get_arr(x, o, "components", &kids)) < 0 || kids == NULL)
		return rc;
	old = pk(x, "components");
	for (i = 0, n = kids->kid; n != NULL; n = n->next, i++) {
		size_t o2 = pi(x, i);

		if ((rc = component(x, n, idx, depth + 1, false)) < 0)
			return rc;
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

/* ---- top level ---------------------------------------------------------- */

static int
metadata(struct cdx *x, const struct jnode *m)
{
	struct reader *r = x->r;
	vigil_sbom *doc = r->doc;
	struct jnode *n, *t;
	const char *s, *authors[64], *tools[256];
	size_t na = 0, nt = 0, old;
	int rc;

	if (m->t != J_OBJ) {
		DIAG(x, D_DEVIATION, m, "'metadata' must be an object");
		return 0;
	}
	if ((rc = get_str(x, m, "timestamp", &s)) < 0)
		return rc;
	if (s != NULL) {
		if (!vigil__sbom_is_datetime(s, true)) {
			old = pk(x, "timestamp");
			DIAG(x, D_DEVIATION, vigil__jget(m, "timestamp"),
			    "'%s' is not an RFC 3339 date-time", s);
			pop(x, old);
		}
		doc->meta.timestamp = vigil__sbom_interns(doc, s);
	}
	if ((n = vigil__jget(m, "authors")) != NULL && n->t == J_ARR) {
		for (t = n->kid; t != NULL && na < VGX_ARRAY_SIZE(authors);
		    t = t->next)
			if ((s = vigil__jstr(t, "name")) != NULL ||
			    (s = vigil__jstr(t, "email")) != NULL)
				authors[na++] = s;
	}
	if ((n = vigil__jget(m, "manufacture")) != NULL ||
	    (n = vigil__jget(m, "manufacturer")) != NULL ||
	    (n = vigil__jget(m, "supplier")) != NULL) {
		if (n->t == J_OBJ && (s = vigil__jstr(n, "name")) != NULL &&
		    na == 0)
			authors[na++] = s;
	}
	if ((n = vigil__jget(m, "tools")) != NULL) {
		struct jnode *list = n;

		if (n->t == J_OBJ)	/* 1.5+: {components, services} */
			list = vigil__jget(n, "components");
		if (list != NULL && list->t == J_ARR) {
			for (t = list->kid; t != NULL &&
			    nt < VGX_ARRAY_SIZE(tools); t = t->next) {
				const char *tn = vigil__jstr(t, "name");

				if (tn != NULL)
					tools[nt++] = tn;
			}
		}
		if (n->t == J_OBJ && (list = vigil__jget(n, "services")) !=
		    NULL && list->t == J_ARR)
			for (t = list->kid; t != NULL &&
			    nt < VGX_ARRAY_SIZE(tools); t = t->next)
				if ((s = vigil__jstr(t, "name")) != NULL)
					tools[nt++] = s;
	}
	if (na > 0 || nt > 0) {
		vigil_sbom_meta mm = doc->meta;

		mm.authors = authors;
		mm.nauthors = na;
		mm.tools = tools;
		mm.ntools = nt;
		if ((rc = vigil_sbom_set_meta(doc, &mm, r->err)) < 0)
			return rc;
	}
	old = x->plen;
	if ((rc = conv_licenses(x, m, false)) < 0 ||
	    (rc = check_props(x, m, false)) < 0)
		return rc;
	if ((n = vigil__jget(m, "properties")) != NULL && n->t == J_ARR) {
		vigil_sbom_prop pp[64];
		vigil_sbom_meta mm = doc->meta;
		size_t np = 0;

		for (t = n->kid; t != NULL && np < VGX_ARRAY_SIZE(pp);
		    t = t->next) {
			if ((s = vigil__jstr(t, "name")) == NULL)
				continue;
			pp[np].name = s;
			pp[np].value = vigil__jstr(t, "value");
			if (pp[np].value == NULL)
				pp[np].value = "";
			np++;
		}
		mm.props = pp;
		mm.nprops = np;
		if ((rc = vigil_sbom_set_meta(doc, &mm, r->err)) < 0)
			return rc;
	}
	if ((n = vigil__jget(m, "component")) != NULL) {
		size_t o2 = pk(x, "component");

		if ((rc = component(x, n, VIGIL_SBOM_NONE, 0, true)) < 0)
			return rc;
		pop(x, o2);
		doc->meta.subject = x->subject;
		/* The device's maker, when only the metadata names it. */
		if (x->subject != VIGIL_SBOM_NONE && r->keep &&
		    doc->comps[x->subject].supplier == NULL &&
		    (((t = vigil__jget(m, "manufacture")) != NULL) ||
		    ((t = vigil__jget(m, "manufacturer")) != NULL) ||
		    ((t = vigil__jget(m, "supplier")) != NULL)) &&
		    (s = vigil__jstr(t, "name")) != NULL)
			doc->comps[x->subject].supplier =
			    vigil__sbom_interns(doc, s);
	}
	pop(x, old);
	return 0;
}

static int
dependency(struct cdx *x, const struct jnode *d)
{
	vigil_sbom *doc = x->r->doc;
	struct jnode *a, *t;
	const char *ref, *from;
	size_t i = 0, old;
	int rc;

	if (d->t != J_OBJ) {
		DIAG(x, D_DEVIATION, d, "a dependency must be an object");
		return 0;
	}
	if ((rc = get_str(x, d, "ref", &ref)) < 0)
		return rc;
	if (ref == NULL || *ref == '\0') {
		DIAG(x, D_DEVIATION, d, "a dependency needs a non-empty 'ref'");
		return 0;
	}
	if ((from = vigil__sbom_interns(doc, ref)) == NULL)
		return vigil__error_oom(x->r->err);
	if ((rc = get_arr(x, d, "dependsOn", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "dependsOn");
	for (t = a->kid; t != NULL; t = t->next, i++) {
		size_t o2 = pi(x, i);
		const char *to;

		if (t->t != J_STR || t->len == 0) {
			DIAG(x, D_DEVIATION, t, "'dependsOn' entries must be "
			    "non-empty strings");
			pop(x, o2);
			continue;
		}
		/* The line says where (a pointer per edge would cost more
		 * memory than the graph itself on a large SBOM). */
		if ((to = vigil__sbom_intern(doc, t->s, t->len)) == NULL ||
		    vigil__sbom_depend(doc, from, to, t->line, t->col) < 0)
			return vigil__error_oom(x->r->err);
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

static const char *const flows[] = { "inbound", "outbound",
	"bi-directional", "unknown", NULL };

static int
service(struct cdx *x, const struct jnode *s)
{
	struct jnode *a, *d;
	const char *ref;
	size_t i = 0, old;
	int rc;

	if (s->t != J_OBJ)
		return 0;
	if ((ref = vigil__jstr(s, "bom-ref")) != NULL && *ref != '\0') {
		const char *in = vigil__sbom_interns(x->r->doc, ref);

		if (in == NULL)
			return vigil__error_oom(x->r->err);
		rc = vigil__sbom_ref_put(x->r->doc, in, SBOM_FILE_INDEX);
		if (rc == VIGIL_EEXISTS)
			DIAG(x, D_DEVIATION, s, "duplicate bom-ref '%s'", ref);
		else if (rc < 0)
			return vigil__error_oom(x->r->err);
	}
	x->r->doc->nservices++;
	if (vigil__jget(s, "name") == NULL)
		DIAG(x, D_DEVIATION, s, "service has no 'name'");
	if ((a = vigil__jget(s, "services")) != NULL && a->t == J_ARR) {
		old = pk(x, "services");
		for (d = a->kid; d != NULL; d = d->next, i++) {
			size_t o2 = pi(x, i);

			if ((rc = service(x, d)) < 0)
				return rc;
			pop(x, o2);
		}
		pop(x, old);
		i = 0;
	}
	if ((rc = check_props(x, s, false)) < 0 ||
	    (rc = get_arr(x, s, "data", &a)) < 0 || a == NULL)
		return rc;
	old = pk(x, "data");
	for (d = a->kid; d != NULL; d = d->next, i++) {
		size_t o2 = pi(x, i);

		if (d->t == J_OBJ && (rc = enum_member(x, d, "flow",
		    flows)) < 0)
			return rc;
		pop(x, o2);
	}
	pop(x, old);
	return 0;
}

static enum jaction
cdx_decide(void *ctx, const struct jpath *p, enum jtype t)
{
	bool container = t == J_ARR || t == J_OBJ;
	const char *k;

	(void)ctx;
	if (p->depth == 0)
		return container ? JA_DESCEND : JA_COLLECT;
	if (p->keys[0] == NULL)
		return JA_SKIP;	/* root is an array: reported at the end */
	k = p->keys[0];
	if (p->depth == 1) {
		if (strcmp(k, "components") == 0 ||
		    strcmp(k, "dependencies") == 0 ||
		    strcmp(k, "services") == 0)
			return t == J_ARR ? JA_DESCEND : JA_COLLECT;
		if (strcmp(k, "metadata") == 0 || !container)
			return JA_COLLECT;
		return JA_DROP;
	}
	if (p->depth == 2)
		return JA_COLLECT;
	return JA_SKIP;
}

static int
cdx_value(void *ctx, const struct jpath *p, struct jnode *n)
{
	struct cdx *x = ctx;
	struct reader *r = x->r;
	vigil_sbom *doc = r->doc;
	const char *k;
	int rc = 0;

	vigil__jpointer(x->ptr, sizeof(x->ptr), p, NULL);
	x->plen = strlen(x->ptr);
	if (p->depth == 0) {
		DIAG(x, D_ERROR, n, "the document is not a JSON object");
		return 0;
	}
	k = p->keys[0];
	if (p->depth == 2) {
		if (strcmp(k, "components") == 0)
			rc = component(x, n, VIGIL_SBOM_NONE, 0, false);
		else if (strcmp(k, "dependencies") == 0)
			rc = dependency(x, n);
		else if (strcmp(k, "services") == 0)
			rc = service(x, n);
		return rc;
	}
	if (strcmp(k, "components") == 0 || strcmp(k, "dependencies") == 0 ||
	    strcmp(k, "services") == 0) {
		if (n->t != J_ARR)
			DIAG(x, D_DEVIATION, n, "'%s' must be an array", k);
		return 0;
	}
	if (strcmp(k, "metadata") == 0)
		return metadata(x, n);
	if (strcmp(k, "bomFormat") == 0) {
		x->saw_format = true;
		if (n->t != J_STR || strcmp(n->s, "CycloneDX") != 0)
			DIAG(x, D_ERROR, n, "'bomFormat' must be \"CycloneDX\"");
	} else if (strcmp(k, "specVersion") == 0) {
		x->saw_spec = true;
		if (n->t != J_STR || strncmp(n->s, "1.", 2) != 0 ||
		    n->len != 3 || !vgx_isdigit((unsigned char)n->s[2])) {
			DIAG(x, D_DEVIATION, n, "'specVersion' must be a string "
			    "such as \"1.6\"");
			return 0;
		}
		x->minor = n->s[2] - '0';
		doc->meta.spec_version = vigil__sbom_interns(doc, n->s);
		if (x->minor < 2)
			return vigil__error(r->err, VIGIL_EUNSUPPORTED,
			    "CycloneDX %s is not supported (1.2 to 1.6 are)",
			    n->s);
		if (x->minor > 6)
			DIAG(x, D_WARNING, n, "CycloneDX %s is newer than "
			    "vigil knows (1.6); read as 1.6", n->s);
	} else if (strcmp(k, "serialNumber") == 0) {
		static const char pat[] = "urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-"
		    "xxxxxxxxxxxx";
		size_t i;
		bool ok = n->t == J_STR && n->len == sizeof(pat) - 1;

		for (i = 0; ok && i < n->len; i++)
			ok = pat[i] == 'x' ? (vgx_isdigit((unsigned char)n->s[i])
			    || (n->s[i] >= 'a' && n->s[i] <= 'f')) :
			    pat[i] == n->s[i];
		if (!ok)
			DIAG(x, D_DEVIATION, n, "'serialNumber' must be "
			    "urn:uuid:<lower-case RFC 4122 UUID>");
		if (n->t == J_STR)
			doc->meta.serial = vigil__sbom_interns(doc, n->s);
	} else if (strcmp(k, "version") == 0) {
		const char *e = n->s ? n->s + n->len : NULL, *q = n->s;
		uint64_t v;

		if (n->t != J_NUM || vgx_parse_uint(&q, e, UINT32_MAX, &v) < 0 ||
		    q != e || v < 1)
			DIAG(x, D_DEVIATION, n, "'version' must be an integer >= 1");
		else
			doc->meta.doc_version = (unsigned long)v;
	}
	return 0;
}

static int
cdx_end(void *ctx, const struct jpath *p)
{
	struct cdx *x = ctx;

	if (p->depth != 0)
		return 0;
	x->ptr[0] = '\0';
	x->plen = 0;
	if (!x->saw_format)
		DIAG(x, D_ERROR, (struct jnode *)NULL, "no 'bomFormat'");
	if (!x->saw_spec)
		DIAG(x, D_ERROR, (struct jnode *)NULL, "no 'specVersion'");
	return 0;
}

static const struct jstream_ops cdx_ops = { cdx_decide, cdx_value, cdx_end };

int
vigil__read_cdx_json(struct reader *r, struct input *in)
{
	struct cdx x;

	memset(&x, 0, sizeof(x));
	x.r = r;
	x.subject = VIGIL_SBOM_NONE;
	return vigil__jstream(r, in, &cdx_ops, &x);
}
