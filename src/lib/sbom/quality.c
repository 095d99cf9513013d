/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Completeness profiles (vigil sbom check --profile):
 *   ntia   NTIA minimum elements (2021): supplier, name, version, other
 *          unique identifier, dependency relationship, author, timestamp;
 *   fda    NTIA plus, per component, the level of support and the
 *          end-of-support date (FDA premarket guidance), and the device;
 *   imdrf  IMDRF N73 baseline (author, timestamp, supplier, name,
 *          version, unique identifier, relationship) plus the
 *          recommended hash and end-of-support date, and the device.
 * Components are fed one at a time (so a streamed SBOM can be checked);
 * the document-level checks run at the end.  A check that found nothing
 * to check fails: an SBOM with no components never passes.
 */
#include <string.h>

#include "sbomint.h"

#define P(x) (1u << VIGIL_SBOM_PROFILE_##x)

enum {
	C_COMPONENTS, C_NAME, C_VERSION, C_SUPPLIER, C_IDENT, C_HASH,
	C_SUPPORT, C_EOS, C_AUTHOR, C_TIMESTAMP, C_RELATION, C_SUBJECT, C_N
};

static const struct {
	const char *id;
	const char *what;
	unsigned profiles;
	bool per_component;
} defs[C_N] = {
	{ "components", "the SBOM lists at least one component",
	    P(NTIA) | P(FDA) | P(IMDRF), false },
	{ "name", "component name", P(NTIA) | P(FDA) | P(IMDRF), true },
	{ "version", "component version", P(NTIA) | P(FDA) | P(IMDRF), true },
	{ "supplier", "supplier (vendor) name", P(NTIA) | P(FDA) | P(IMDRF),
	    true },
	{ "identifier", "unique identifier (purl, CPE or SWID tag id)",
	    P(NTIA) | P(FDA) | P(IMDRF), true },
	{ "hash", "component hash", P(IMDRF), true },
	{ "support-level", "level of support (actively-maintained, "
	    "no-longer-maintained, abandoned)", P(FDA), true },
	{ "eos-date", "end-of-support date (ISO 8601)", P(FDA) | P(IMDRF),
	    true },
	{ "author", "author of the SBOM data", P(NTIA) | P(FDA) | P(IMDRF),
	    false },
	{ "timestamp", "timestamp of the SBOM (ISO 8601 date-time)",
	    P(NTIA) | P(FDA) | P(IMDRF), false },
	{ "relationships", "dependency relationships between components",
	    P(NTIA) | P(FDA) | P(IMDRF), false },
	{ "subject", "the device (subject) with its name and version",
	    P(FDA) | P(IMDRF), false }
};

struct vigil_sbom_quality {
	vigil_sbom_check checks[C_N];
	size_t max_failed;
	size_t ncomponents;
	size_t nnested;
	bool subject_seen;	/* the subject went through _add */
	bool subject_ok;	/* ... with a name and a version */
	/*
	 * Per component index: a bit per failed check, and SUBJ_OK when it
	 * has a name and a version.  SPDX often names the subject (DESCRIBES)
	 * after its package has streamed by; finish() then takes that
	 * component out of the per-component counts.
	 */
	uint16_t *masks;
	size_t nmasks, capmasks;
	bool oom;
};

#define SUBJ_OK 0x8000u

int
vigil_sbom_quality_new(vigil_sbom_quality **out, size_t max_failed,
    vigil_error *err)
{
	vigil_sbom_quality *q;
	size_t i;

	*out = NULL;
	if ((q = vgx_calloc(1, sizeof(*q))) == NULL)
		return vigil__error_oom(err);
	q->max_failed = max_failed;
	for (i = 0; i < C_N; i++) {
		q->checks[i].id = defs[i].id;
		q->checks[i].what = defs[i].what;
		q->checks[i].profiles = defs[i].profiles;
		q->checks[i].per_component = defs[i].per_component;
		if (defs[i].per_component && max_failed > 0 &&
		    (q->checks[i].failed = vgx_calloc(max_failed,
		    sizeof(uint32_t))) == NULL) {
			vigil_sbom_quality_free(q);
			return vigil__error_oom(err);
		}
	}
	*out = q;
	return 0;
}

void
vigil_sbom_quality_free(vigil_sbom_quality *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < C_N; i++)
		vgx_free(q->checks[i].failed);
	vgx_free(q->masks);
	vgx_free(q);
}

static bool
nonempty(const char *s)
{
	if (s == NULL)
		return false;
	while (vgx_isspace((unsigned char)*s))
		s++;
	return *s != '\0' && strcmp(s, "NOASSERTION") != 0 &&
	    strcmp(s, "NONE") != 0;
}

/* "actively maintained", "Actively-Maintained" ... -> known level. */
static bool
support_ok(const char *s)
{
	static const char *const levels[] = { "activelymaintained",
	    "nolongermaintained", "abandoned", "limitedsupport",
	    "endofsupport", "endoflife", "unknown" };
	char norm[40];
	size_t n = 0, i;

	if (s == NULL)
		return false;
	for (; *s != '\0' && n < sizeof(norm) - 1; s++)
		if (vgx_isalpha((unsigned char)*s))
			norm[n++] = (char)vgx_tolower((unsigned char)*s);
	norm[n] = '\0';
	for (i = 0; i < VGX_ARRAY_SIZE(levels); i++)
		if (strcmp(norm, levels[i]) == 0)
			return true;
	return false;
}

static void
account(vigil_sbom_quality *q, int id, bool ok, uint32_t index)
{
	vigil_sbom_check *c = &q->checks[id];

	c->checked++;
	if (ok) {
		c->passed++;
		return;
	}
	if (index < q->nmasks)
		q->masks[index] |= (uint16_t)(1u << id);
	if (c->nfailed < q->max_failed)
		c->failed[c->nfailed++] = index;
}

/* Take component INDEX out of the per-component counts. */
static void
unaccount(vigil_sbom_quality *q, uint32_t index)
{
	uint16_t m = index < q->nmasks ? q->masks[index] : 0;
	int id;
	size_t i;

	if (index >= q->nmasks)
		return;
	q->ncomponents--;
	for (id = 0; id < C_N; id++) {
		vigil_sbom_check *c = &q->checks[id];

		if (!defs[id].per_component)
			continue;
		c->checked--;
		if (!(m & (1u << id))) {
			c->passed--;
			continue;
		}
		for (i = 0; i < c->nfailed; i++) {
			if (c->failed[i] == index) {
				memmove(&c->failed[i], &c->failed[i + 1],
				    (c->nfailed - i - 1) * sizeof(uint32_t));
				c->nfailed--;
				break;
			}
		}
	}
}

int
vigil_sbom_quality_add(vigil_sbom_quality *q, const vigil_sbom_component *c)
{
	if (c->subject) {
		q->subject_seen = true;
		q->subject_ok = nonempty(c->name) && nonempty(c->version);
		return 0;
	}
	if (c->index >= q->capmasks) {
		size_t cap = q->capmasks ? q->capmasks * 2 : 1024;
		uint16_t *p;

		while (cap <= c->index)
			cap *= 2;
		if ((p = vgx_reallocarray(q->masks, cap, sizeof(*p))) == NULL) {
			q->oom = true;
			return VIGIL_ENOMEM;
		}
		q->masks = p;
		q->capmasks = cap;
	}
	while (q->nmasks <= c->index)
		q->masks[q->nmasks++] = 0;
	if (nonempty(c->name) && nonempty(c->version))
		q->masks[c->index] |= SUBJ_OK;
	q->ncomponents++;
	if (c->parent != VIGIL_SBOM_NONE)
		q->nnested++;
	account(q, C_NAME, nonempty(c->name), c->index);
	account(q, C_VERSION, nonempty(c->version), c->index);
	account(q, C_SUPPLIER, nonempty(c->supplier), c->index);
	account(q, C_IDENT, nonempty(c->purl) || c->ncpes > 0 ||
	    nonempty(c->swid), c->index);
	account(q, C_HASH, c->nhashes > 0, c->index);
	account(q, C_SUPPORT, support_ok(c->support), c->index);
	account(q, C_EOS, c->eos != NULL && vigil__sbom_is_datetime(c->eos,
	    false), c->index);
	return 0;
}

static void
doc_check(vigil_sbom_quality *q, int id, bool ok, const char *why)
{
	q->checks[id].checked = 1;
	q->checks[id].passed = ok ? 1 : 0;
	q->checks[id].reason = ok ? NULL : why;
}

int
vigil_sbom_quality_finish(vigil_sbom_quality *q, const vigil_sbom *doc)
{
	const vigil_sbom_meta *m = &doc->meta;
	size_t i, nauthor = 0;
	bool rel;

	if (!q->subject_seen && m->subject != VIGIL_SBOM_NONE &&
	    m->subject < q->nmasks) {
		q->subject_seen = true;
		q->subject_ok = (q->masks[m->subject] & SUBJ_OK) != 0;
		unaccount(q, m->subject);
	}
	for (i = 0; i < m->nauthors; i++)
		if (nonempty(m->authors[i]))
			nauthor++;
	doc_check(q, C_COMPONENTS, q->ncomponents > 0,
	    "the SBOM has no components");
	doc_check(q, C_AUTHOR, nauthor > 0, "no author is named");
	doc_check(q, C_TIMESTAMP, m->timestamp != NULL &&
	    vigil__sbom_is_datetime(m->timestamp, true),
	    m->timestamp == NULL ? "no timestamp" :
	    "the timestamp is not an ISO 8601 date-time");
	/* Relationships: an edge of the graph, or components nested in
	 * others (CycloneDX containment); with a single component, an edge
	 * from the device to it or the component as the device's child. */
	rel = doc->nedges > 0 || q->nnested > 0;
	doc_check(q, C_RELATION, rel, "no dependency relationships: the "
	    "graph is empty and no component is nested in another");
	if (m->subject == VIGIL_SBOM_NONE || !q->subject_seen)
		doc_check(q, C_SUBJECT, false,
		    "the SBOM does not name the device it describes");
	else
		doc_check(q, C_SUBJECT, q->subject_ok,
		    "the device (subject) has no name or no version");
	return 0;
}

const vigil_sbom_check *
vigil_sbom_quality_checks(const vigil_sbom_quality *q, size_t *n)
{
	*n = C_N;
	return q->checks;
}

bool
vigil_sbom_quality_pass(const vigil_sbom_quality *q,
    vigil_sbom_profile profile)
{
	size_t i;
	bool any = false;

	if (profile == VIGIL_SBOM_PROFILE_NONE)
		return true;
	for (i = 0; i < C_N; i++) {
		const vigil_sbom_check *c = &q->checks[i];

		if (profile != VIGIL_SBOM_PROFILE_ALL &&
		    !(c->profiles & (1u << profile)))
			continue;
		any = true;
		if (c->checked == 0 || c->passed != c->checked)
			return false;
	}
	return any;
}

static const char *const profile_names[] = { "none", "ntia", "fda",
	"imdrf", "all" };

int
vigil_sbom_profile_parse(vigil_sbom_profile *out, const char *name)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(profile_names); i++) {
		if (strcmp(name, profile_names[i]) == 0) {
			*out = (vigil_sbom_profile)i;
			return 0;
		}
	}
	return VIGIL_ENOTFOUND;
}

const char *
vigil_sbom_profile_name(vigil_sbom_profile p)
{
	if ((size_t)p >= VGX_ARRAY_SIZE(profile_names))
		return "unknown";
	return profile_names[p];
}
