/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the SPDX 2.2/2.3 JSON and tag-value readers share: actors
 * ("Organization: ACME"), checksums, external references (CPE, purl,
 * SWID), relationships mapped to the graph, the described package (the
 * subject) and support data (validUntilDate, annotations).
 */
#include <string.h>

#include "sbomint.h"

const char *
vigil__spdx_actor(struct reader *r, const char *s)
{
	const char *p, *e;

	if (s == NULL)
		return NULL;
	if (strcmp(s, "NOASSERTION") == 0 || strcmp(s, "NONE") == 0)
		return NULL;
	if (strncmp(s, "Organization:", 13) == 0)
		p = s + 13;
	else if (strncmp(s, "Person:", 7) == 0)
		p = s + 7;
	else if (strncmp(s, "Tool:", 5) == 0)
		p = s + 5;
	else
		p = s;
	while (*p == ' ')
		p++;
	e = p + strlen(p);
	/* Drop a trailing "(email)". */
	if (e > p && e[-1] == ')') {
		const char *q = strrchr(p, '(');

		if (q != NULL)
			e = q;
	}
	while (e > p && e[-1] == ' ')
		e--;
	if (e == p)
		return NULL;
	return vigil__cb_vocab(r, p, (size_t)(e - p));
}

bool
vigil__spdx_id_ok(const char *s)
{
	if (strncmp(s, "SPDXRef-", 8) != 0 || s[8] == '\0')
		return false;
	for (s += 8; *s != '\0'; s++)
		if (!vgx_isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return false;
	return true;
}

static int
add_described(struct spdx *sp, const char *ref)
{
	const char **p;

	if (sp->ndescribed == sp->capdescribed) {
		size_t cap = sp->capdescribed ? sp->capdescribed * 2 : 8;

		if ((p = vgx_reallocarray(sp->described, cap, sizeof(*p))) ==
		    NULL)
			return vigil__error_oom(sp->r->err);
		sp->described = p;
		sp->capdescribed = cap;
	}
	sp->described[sp->ndescribed++] = ref;
	return 0;
}

static const struct {
	const char *type;
	vigil_sbom_edge_kind kind;
	bool reverse;		/* B -> A */
} relmap[] = {
	{ "DEPENDS_ON", VIGIL_SBOM_DEPENDS_ON, false },
	{ "DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "RUNTIME_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "BUILD_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "DEV_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "OPTIONAL_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "PROVIDED_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "TEST_DEPENDENCY_OF", VIGIL_SBOM_DEPENDS_ON, true },
	{ "CONTAINS", VIGIL_SBOM_CONTAINS, false },
	{ "CONTAINED_BY", VIGIL_SBOM_CONTAINS, true }
};

int
vigil__spdx_relationship(struct spdx *sp, const char *a, const char *type,
    const char *b, unsigned long line, const char *where)
{
	(void)where;	/* the line is kept, not a pointer per edge */
	vigil_sbom *doc = sp->r->doc;
	vigil_sbom_edge_kind kind = VIGIL_SBOM_OTHER;
	const char *ia, *ib, *rel = NULL;
	bool rev = false;
	size_t i;

	if (strcmp(b, "NONE") == 0 || strcmp(b, "NOASSERTION") == 0)
		return 0;
	if (strcmp(type, "DESCRIBES") == 0 &&
	    strcmp(a, "SPDXRef-DOCUMENT") == 0) {
		if ((ib = vigil__sbom_interns(doc, b)) == NULL)
			return vigil__error_oom(sp->r->err);
		return add_described(sp, ib);
	}
	if (strcmp(type, "DESCRIBED_BY") == 0 &&
	    strcmp(b, "SPDXRef-DOCUMENT") == 0) {
		if ((ia = vigil__sbom_interns(doc, a)) == NULL)
			return vigil__error_oom(sp->r->err);
		return add_described(sp, ia);
	}
	/* The document itself and other documents are not components. */
	if (strcmp(a, "SPDXRef-DOCUMENT") == 0 ||
	    strcmp(b, "SPDXRef-DOCUMENT") == 0 || (!sp->v3 &&
	    (strchr(a, ':') != NULL || strchr(b, ':') != NULL)))
		return 0;
	for (i = 0; i < VGX_ARRAY_SIZE(relmap); i++) {
		if (strcmp(type, relmap[i].type) == 0) {
			kind = relmap[i].kind;
			rev = relmap[i].reverse;
			break;
		}
	}
	if (kind == VIGIL_SBOM_OTHER || (kind == VIGIL_SBOM_DEPENDS_ON &&
	    strcmp(type, "DEPENDS_ON") != 0 &&
	    strcmp(type, "DEPENDENCY_OF") != 0))
		rel = type;
	ia = vigil__sbom_interns(doc, rev ? b : a);
	ib = vigil__sbom_interns(doc, rev ? a : b);
	if (ia == NULL || ib == NULL || (rel != NULL &&
	    (rel = vigil__sbom_interns(doc, rel)) == NULL) ||
	    vigil__sbom_pending(doc, ia, ib, kind, rel, line, sp->col) < 0)
		return vigil__error_oom(sp->r->err);
	return 0;
}

int
vigil__spdx_extref(struct reader *r, const char *cat, const char *type,
    const char *loc)
{
	struct cbuild *b = &r->b;

	if (strcmp(type, "cpe23Type") == 0 || strcmp(type, "cpe22Type") == 0)
		return vigil__cb_cpe(r, loc);
	if (strcmp(type, "purl") == 0) {
		if (b->c.purl == NULL)
			b->c.purl = vigil__cb_str(r, loc, strlen(loc));
		else if (vigil__cb_prop(r, "spdx:purl", loc) < 0)
			return VIGIL_ENOMEM;
		return 0;
	}
	if (strcmp(type, "swid") == 0) {
		b->c.swid = vigil__cb_str(r, loc, strlen(loc));
		return 0;
	}
	if (strcmp(type, "advisory") == 0 || strcmp(type, "url") == 0 ||
	    strcmp(type, "fix") == 0 || strcmp(type, "security-other") == 0)
		return vigil__cb_extref(r, strcmp(type, "advisory") == 0 ?
		    "advisories" : "other", loc);
	/* Keep anything else as a property so that nothing is lost. */
	{
		char name[160];

		snprintf(name, sizeof(name), "spdx:externalRef:%s:%s",
		    cat != NULL ? cat : "OTHER", type);
		return vigil__cb_prop(r, name, loc);
	}
}

static const char *const spdx_algs[] = { "SHA1", "SHA224", "SHA256",
	"SHA384", "SHA512", "SHA3-256", "SHA3-384", "SHA3-512",
	"BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3", "MD2", "MD4",
	"MD5", "MD6", "ADLER32", NULL };

int
vigil__spdx_checksum(struct spdx *sp, const char *alg, const char *val,
    unsigned long line, const char *where)
{
	struct reader *r = sp->r;
	const char *canon;
	bool exact, listed = false;
	size_t i, n = strlen(val);

	for (i = 0; spdx_algs[i] != NULL; i++)
		if (strcmp(alg, spdx_algs[i]) == 0)
			listed = true;
	canon = vigil__sbom_hash_alg(alg, strlen(alg), &exact);
	if (canon == NULL)
		return vigil__sbom_diag(r, D_DEVIATION, line, sp->col, where,
		    "unknown checksum algorithm '%s'", alg);
	if (!listed && vigil__sbom_diag(r, D_DEVIATION, line, sp->col, where,
	    "checksum algorithm '%s' is not an SPDX name", alg) < 0)
		return VIGIL_ETOOBIG;
	for (i = 0; i < n; i++)
		if (!vgx_isdigit((unsigned char)val[i]) &&
		    !(vgx_tolower((unsigned char)val[i]) >= 'a' &&
		    vgx_tolower((unsigned char)val[i]) <= 'f'))
			return vigil__sbom_diag(r, D_DEVIATION, line, sp->col, where,
			    "checksum value is not hexadecimal");
	if (n == 0)
		return vigil__sbom_diag(r, D_DEVIATION, line, sp->col, where,
		    "empty checksum value");
	if (vigil__sbom_hash_len(canon) != 0 &&
	    vigil__sbom_hash_len(canon) != n)
		return vigil__sbom_diag(r, D_DEVIATION, line, sp->col, where,
		    "%s checksum has %zu hex digits, not %zu", alg, n,
		    vigil__sbom_hash_len(canon));
	if (vigil__cb_hash(r, canon, val) < 0)
		return vigil__error_oom(r->err);
	return 0;
}

void
vigil__spdx_annotation(struct reader *r, const char *comment)
{
	char name[96];
	const char *sep = comment + strcspn(comment, ":=");
	size_t n = (size_t)(sep - comment);

	/* "cdx:lifecycle:milestone:endOfSupport=2030-01-01" or "NAME: V" */
	if (*sep == '\0')
		return;
	if (strchr(comment, '=') != NULL)
		sep = strchr(comment, '=');
	else
		sep = strrchr(comment, ':');
	n = (size_t)(sep - comment);
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, comment, n);
	name[n] = '\0';
	while (n > 0 && name[n - 1] == ' ')
		name[--n] = '\0';
	sep++;
	while (*sep == ' ')
		sep++;
	vigil__sbom_support_prop(r, name, sep);
}

int
vigil__spdx_commit(struct spdx *sp)
{
	struct reader *r = sp->r;
	size_t i;

	if (r->b.c.ref != NULL) {
		const char *ref = vigil__sbom_interns(r->doc, r->b.c.ref);

		for (i = 0; i < sp->ndescribed; i++)
			if (sp->described[i] == ref &&
			    r->doc->meta.subject == VIGIL_SBOM_NONE)
				r->b.c.subject = true;
	}
	if (vigil__cb_commit(r, VIGIL_SBOM_NONE, 0, NULL) < 0)
		return r->cbrc < 0 ? r->cbrc : VIGIL_ENOMEM;
	if (r->b.c.subject)
		r->doc->meta.subject = r->b.c.index;
	return 0;
}

void
vigil__spdx_finish(struct spdx *sp)
{
	vigil_sbom *doc = sp->r->doc;
	uint32_t i;

	if (doc->meta.subject != VIGIL_SBOM_NONE || sp->ndescribed == 0)
		return;
	i = vigil_sbom_find_ref(doc, sp->described[0]);
	if (i == VIGIL_SBOM_NONE || i == SBOM_FILE_INDEX)
		return;
	doc->meta.subject = i;
	if (i < doc->ncomps)
		doc->comps[i].subject = true;
}

void
vigil__spdx_dispose(struct spdx *sp)
{
	vgx_free(sp->described);
	sp->described = NULL;
}
