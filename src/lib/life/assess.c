/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A release from the store made ready for assessment (vigil_life_info):
 * its record, its profile and the support data of its newest SBOM's
 * components, with the later release that replaced each component; and
 * the fleet scan of one release (the matcher over its newest SBOM, the
 * findings recorded with the time each was first seen).
 */
#include <stdio.h>
#include <string.h>

#include "vigil/life.h"
#include "vigil/match.h"
#include "vigil/risk.h"
#include "vigil/purl.h"
#include "vigil/sbom.h"
#include "vgx.h"
#include "../store/storeint.h"

/* Most later releases compared for replaced components. */
#define MAX_LATER 64

struct vigil_life_info {
	vigil_fleet_release rel;
	char *s[13];		/* owned copies of the release's strings */
	vigil_profile *profile;
	vigil_sbom *doc;
	char *sbom_text;
	int64_t sbom_id;
	char *generic;		/* pkg:generic/MODEL@RELEASE, owned */
	char added[40];
	char sha256[65];
	unsigned nsboms;
	vigil_life_component *comp;
	size_t ncomp;
	char **later;		/* release names, owned */
	size_t nlater;
};

static int
take_release(void *p, const vigil_fleet_release *r)
{
	struct vigil_life_info *in = p;
	bool oom = false;

	in->rel = *r;
	in->rel.manufacturer = in->s[0] = vgx_strdup_or_flag(r->manufacturer,
	    &oom);
	in->rel.model = in->s[1] = vgx_strdup_or_flag(r->model, &oom);
	in->rel.release = in->s[2] = vgx_strdup_or_flag(r->release, &oom);
	in->rel.udi_di = in->s[3] = vgx_strdup_or_flag(r->udi_di, &oom);
	in->rel.released = in->s[4] = vgx_strdup_or_flag(r->released, &oom);
	in->rel.eol = in->s[5] = vgx_strdup_or_flag(r->eol, &oom);
	in->rel.eos = in->s[6] = vgx_strdup_or_flag(r->eos, &oom);
	in->rel.note = in->s[7] = vgx_strdup_or_flag(r->note, &oom);
	in->rel.profile = in->s[8] = vgx_strdup_or_flag(r->profile, &oom);
	in->rel.contact = in->s[9] = vgx_strdup_or_flag(r->contact, &oom);
	in->rel.last_scan = in->s[10] = vgx_strdup_or_flag(r->last_scan, &oom);
	in->rel.stage = in->s[11] = vgx_strdup_or_flag(r->stage, &oom);
	in->rel.purl = in->s[12] = vgx_strdup_or_flag(r->purl, &oom);
	return oom ? VIGIL_ENOMEM : 0;
}

static int
take_sbom(void *p, const vigil_fleet_sbom *s)
{
	struct vigil_life_info *in = p;

	snprintf(in->added, sizeof(in->added), "%s", s->added);
	snprintf(in->sha256, sizeof(in->sha256), "%s", s->sha256);
	in->sbom_id = s->id;
	if ((in->sbom_text = vgx_strdup(s->text)) == NULL)
		return VIGIL_ENOMEM;
	return 0;
}

struct later_ctx {
	struct vigil_life_info *in;
	bool after;		/* past the release itself */
	int rc;
};

static int
take_later(void *p, const vigil_fleet_release *r)
{
	struct later_ctx *c = p;
	char **l;

	if (!c->after) {
		c->after = strcmp(r->release, c->in->rel.release) == 0;
		return 0;
	}
	if (c->in->nlater == MAX_LATER || r->nsboms == 0)
		return 0;
	if ((l = vgx_reallocarray(c->in->later, c->in->nlater + 1,
	    sizeof(*l))) == NULL)
		return VIGIL_ENOMEM;
	c->in->later = l;
	if ((l[c->in->nlater] = vgx_strdup(r->release)) == NULL)
		return VIGIL_ENOMEM;
	c->in->nlater++;
	return 0;
}

static int
parse_sbom(vigil_sbom **doc, const char *text, vigil_error *err)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	int rc;

	if ((rc = vigil_sbom_read_mem(doc, text, strlen(text), &o, err)) < 0) {
		vigil_sbom_free(*doc);
		*doc = NULL;
		vigil__error_prefix(err, "stored SBOM");
	}
	return rc;
}

static bool
has_component(const vigil_sbom *doc, const char *name, const char *version)
{
	size_t i, n = vigil_sbom_count(doc);

	for (i = 0; i < n; i++) {
		const vigil_sbom_component *c = vigil_sbom_at(doc, i);

		if (c->subject || c->name == NULL || strcmp(c->name, name) != 0)
			continue;
		if ((c->version == NULL && version == NULL) ||
		    (c->version != NULL && version != NULL &&
		    strcmp(c->version, version) == 0))
			return true;
	}
	return false;
}

/* Mark each component with the first later release that lacks it. */
static int
find_replaced(struct vigil_life_info *in, vigil_store *st, vigil_error *err)
{
	struct later_ctx c = {in, false, 0};
	size_t i, k;
	int rc;

	if ((rc = vigil_fleet_releases(st, in->rel.model, take_later, &c,
	    err)) < 0)
		return rc == VIGIL_ENOMEM ? vigil__error_oom(err) : rc;
	for (k = 0; k < in->nlater; k++) {
		struct vigil_life_info tmp;
		vigil_sbom *doc = NULL;

		memset(&tmp, 0, sizeof(tmp));
		if ((rc = vigil_fleet_sboms(st, in->rel.model, in->later[k],
		    true, take_sbom, &tmp, err)) < 0) {
			vgx_free(tmp.sbom_text);
			return rc == VIGIL_ENOMEM ? vigil__error_oom(err) : rc;
		}
		if (tmp.sbom_text == NULL)
			continue;
		rc = parse_sbom(&doc, tmp.sbom_text, err);
		vgx_free(tmp.sbom_text);
		if (rc < 0)
			return rc;
		for (i = 0; i < in->ncomp; i++)
			if (in->comp[i].replaced_in == NULL &&
			    !has_component(doc, in->comp[i].name,
			    in->comp[i].version))
				in->comp[i].replaced_in = in->later[k];
		vigil_sbom_free(doc);
	}
	return 0;
}

int
vigil_life_info_load(vigil_life_info **out, vigil_store *st,
    const char *model, const char *release, vigil_error *err)
{
	struct vigil_life_info *in;
	size_t i, n;
	int rc;

	*out = NULL;
	if ((in = vgx_calloc(1, sizeof(*in))) == NULL)
		return vigil__error_oom(err);
	if ((rc = vigil_fleet_release_get(st, model, release, take_release,
	    in, err)) < 0) {
		if (rc == VIGIL_ENOMEM)
			rc = vigil__error_oom(err);
		goto fail;
	}
	in->nsboms = in->rel.nsboms;
	{
		vigil_purl parts, *p = NULL;

		memset(&parts, 0, sizeof(parts));
		parts.type = "generic";
		parts.name = in->rel.model;
		parts.version = in->rel.release;
		if (vigil_purl_build(&p, &parts, 0, NULL) == 0) {
			in->generic = vgx_strdup(p->canonical);
			vigil_purl_free(p);
		}
	}
	if (in->rel.profile != NULL && (rc = vigil_profile_parse(&in->profile,
	    in->rel.profile, strlen(in->rel.profile), err)) < 0) {
		vigil__error_prefix(err, "stored profile");
		goto fail;
	}
	if ((rc = vigil_fleet_sboms(st, model, release, true, take_sbom, in,
	    err)) < 0) {
		if (rc == VIGIL_ENOMEM)
			rc = vigil__error_oom(err);
		goto fail;
	}
	if (in->sbom_text != NULL) {
		if ((rc = parse_sbom(&in->doc, in->sbom_text, err)) < 0)
			goto fail;
		n = vigil_sbom_count(in->doc);
		if (n > 0 && (in->comp = vgx_calloc(n, sizeof(*in->comp))) ==
		    NULL) {
			rc = vigil__error_oom(err);
			goto fail;
		}
		for (i = 0; i < n; i++) {
			const vigil_sbom_component *c = vigil_sbom_at(in->doc,
			    i);
			vigil_life_component *lc;

			if (c->subject || c->name == NULL)
				continue;
			lc = &in->comp[in->ncomp++];
			lc->name = c->name;
			lc->version = c->version;
			lc->support = c->support;
			lc->eos = VIGIL_LIFE_NODATE;
			if (c->eos != NULL && vigil_life_date_parse(&lc->eos,
			    c->eos, strlen(c->eos), NULL) < 0)
				lc->eos = VIGIL_LIFE_NODATE;
		}
		if ((rc = find_replaced(in, st, err)) < 0)
			goto fail;
	}
	*out = in;
	return 0;
fail:
	vigil_life_info_free(in);
	return rc;
}

void
vigil_life_info_free(vigil_life_info *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < sizeof(in->s) / sizeof(in->s[0]); i++)
		vgx_free(in->s[i]);
	for (i = 0; i < in->nlater; i++)
		vgx_free(in->later[i]);
	vgx_free(in->later);
	vigil_profile_free(in->profile);
	vigil_sbom_free(in->doc);
	vgx_free(in->sbom_text);
	vgx_free(in->generic);
	vgx_free(in->comp);
	vgx_free(in);
}

const vigil_fleet_release *
vigil_life_info_release(const vigil_life_info *in)
{
	return &in->rel;
}

const struct vigil_profile *
vigil_life_info_profile(const vigil_life_info *in)
{
	return in->profile;
}

bool
vigil_life_info_has_sbom(const vigil_life_info *in)
{
	return in->doc != NULL;
}

unsigned
vigil_life_info_sbom_count(const vigil_life_info *in)
{
	return in->nsboms;
}

const char *
vigil_life_info_sbom_added(const vigil_life_info *in)
{
	return in->doc ? in->added : NULL;
}

const char *
vigil_life_info_sbom_sha256(const vigil_life_info *in)
{
	return in->doc ? in->sha256 : NULL;
}

const char *
vigil_life_info_sbom_text(const vigil_life_info *in)
{
	return in->sbom_text;
}

const char *
vigil_life_info_subject_purl(const vigil_life_info *in)
{
	const vigil_sbom_meta *m;
	const vigil_sbom_component *c;

	if (in->doc == NULL)
		return NULL;
	m = vigil_sbom_get_meta(in->doc);
	if (m->subject == VIGIL_SBOM_NONE ||
	    (c = vigil_sbom_at(in->doc, m->subject)) == NULL)
		return NULL;
	return c->purl;
}

const char *
vigil_life_info_vex_product(const vigil_life_info *in)
{
	const char *p = vigil_life_info_subject_purl(in);

	return p != NULL ? p : in->generic;
}

size_t
vigil_life_info_ncomponents(const vigil_life_info *in)
{
	return in->ncomp;
}

const vigil_life_component *
vigil_life_info_component(const vigil_life_info *in, size_t i)
{
	return i < in->ncomp ? &in->comp[i] : NULL;
}

static int32_t
day_or_none(const char *s)
{
	int32_t d;

	if (s == NULL || vigil_life_date_parse(&d, s, strlen(s), NULL) < 0)
		return VIGIL_LIFE_NODATE;
	return d;
}

int
vigil_life_info_eval(vigil_life_result *out, const vigil_life_info *in,
    int32_t as_of, bool use_profile, unsigned controls, vigil_error *err)
{
	vigil_life_input li = VIGIL_LIFE_INPUT_INIT;

	li.as_of = as_of;
	li.released = day_or_none(in->rel.released);
	li.eol = day_or_none(in->rel.eol);
	li.eos = day_or_none(in->rel.eos);
	li.safety_impact = in->profile == NULL ||
	    in->profile->harm >= VIGIL_HARM_SERIOUS;
	li.controls = use_profile ? (in->profile ? in->profile->controls :
	    0u) : controls;
	li.components = in->comp;
	li.ncomponents = in->ncomp;
	return vigil_life_eval(out, &li, err);
}

/* ---- fleet scan ----------------------------------------------------------- */

static const char *
sev_name(vigil_cvss_severity s)
{
	switch (s) {
	case VIGIL_CVSS_LOW:
		return "low";
	case VIGIL_CVSS_MEDIUM:
		return "medium";
	case VIGIL_CVSS_HIGH:
		return "high";
	case VIGIL_CVSS_CRITICAL:
		return "critical";
	default:
		return "none";
	}
}

int
vigil_fleet_scan_release(size_t *nfound, vigil_store *st, const char *model,
    const char *release, const char *time, vigil_error *err)
{
	return vigil_fleet_scan_release_ex(nfound, st, model, release, time,
	    NULL, NULL, err);
}

/* Patient-harm risk of V from its CVSS vector, KEV and EPSS. */
static void
assess_risk(vigil_fleet_finding *f, const vigil_match_vuln *v)
{
	vigil_risk_input ri = VIGIL_RISK_INPUT_INIT;
	vigil_risk_result rr;
	const char *vec[1];

	if (!v->has_cvss || v->cvss_vector == NULL)
		return;
	vec[0] = v->cvss_vector;
	ri.cvss = vec;
	ri.ncvss = 1;
	ri.kev = v->kev;
	ri.epss = v->has_epss ? v->epss : -1.0;
	ri.epss_percentile = v->has_epss ? v->epss_percentile : -1.0;
	if (vigil_risk_assess(&rr, &ri, NULL) == 0) {
		f->harm = vigil_harm_name(rr.harm);
		f->risk = vigil_risk_level_name(rr.level);
		f->priority = rr.priority;
	}
}

/* Record the counts of the scan of SBOM SID, then the findings. */
static int
record(vigil_store *st, const vigil_life_info *in, const vigil_match *m,
    const vigil_fleet_finding *f, size_t nf, const char *time,
    vigil_fleet_scan_cb cb, void *payload, vigil_error *err)
{
	vigil_match_summary sum;
	char sid[24], comps[24], aff[24], ne[24], *snap = NULL;
	const char *args[7];
	int rc;

	vigil_match_get_summary(m, &sum);
	snprintf(sid, sizeof(sid), "%lld", (long long)in->sbom_id);
	snprintf(comps, sizeof(comps), "%zu", sum.components);
	snprintf(aff, sizeof(aff), "%zu", sum.affected);
	snprintf(ne, sizeof(ne), "%zu", sum.not_evaluated);
	(void)vigil_store_meta_get(&snap, st, "snapshot", NULL);
	if ((rc = vigil_store_begin(st, err)) < 0) {
		vigil_store_string_free(snap);
		return rc;
	}
	if (cb != NULL && (rc = cb(payload, in->sbom_id, m)) != 0) {
		if (rc > 0)
			rc = vigil__error(err, VIGIL_EINVALID, "scan stopped");
		goto fail;
	}
	args[0] = comps;
	args[1] = aff;
	args[2] = ne;
	args[3] = snap != NULL ? snap : "";
	args[4] = time;
	args[5] = sid;
	if ((rc = vigil__store_queryv(st, "UPDATE release_sbom SET "
	    "components = ?, affected = ?, not_evaluated = ?, snapshot = ?, "
	    "scanned = ? WHERE sid = ?", args, 6, NULL, NULL, err)) < 0)
		goto fail;
	if ((rc = vigil_fleet_record(st, in->rel.model, in->rel.release, f,
	    nf, time, err)) < 0)
		goto fail;
	/* A release stored before migration 5 gets its VEX product. */
	if (in->rel.purl == NULL && vigil_life_info_vex_product(in) != NULL) {
		args[0] = vigil_life_info_vex_product(in);
		args[1] = sid;
		if ((rc = vigil__store_queryv(st, "UPDATE device_release SET "
		    "purl = ? WHERE rid = (SELECT rid FROM release_sbom WHERE "
		    "sid = ?)", args, 2, NULL, NULL, err)) < 0)
			goto fail;
	}
	vigil_store_string_free(snap);
	return vigil_store_commit(st, err);
fail:
	vigil_store_rollback(st);
	vigil_store_string_free(snap);
	return rc;
}

int
vigil_fleet_scan_release_ex(size_t *nfound, vigil_store *st,
    const char *model, const char *release, const char *time,
    vigil_fleet_scan_cb cb, void *payload, vigil_error *err)
{
	vigil_life_info *in = NULL;
	vigil_match *m = NULL;
	vigil_fleet_finding *f = NULL;
	vgx_buf names;
	size_t *offs = NULL;
	size_t i, n, nf = 0;
	int rc;

	if (nfound)
		*nfound = 0;
	vgx_buf_init(&names, (size_t)1 << 30);
	if ((rc = vigil_life_info_load(&in, st, model, release, err)) < 0)
		return rc;
	if (in->doc == NULL) {
		rc = vigil__error(err, VIGIL_ENOTFOUND,
		    "%s@%s has no SBOM to scan", model, release);
		goto done;
	}
	if ((rc = vigil_match_new(&m, st, NULL, err)) < 0)
		goto done;
	n = vigil_sbom_count(in->doc);
	for (i = 0; i < n; i++) {
		const vigil_sbom_component *c = vigil_sbom_at(in->doc, i);

		if (!c->subject && (rc = vigil_match_add(m, c, err)) < 0)
			goto done;
	}
	if ((rc = vigil_match_run(m, err)) < 0)
		goto done;
	n = vigil_match_finding_count(m);
	if (n > 0 && ((f = vgx_calloc(n, sizeof(*f))) == NULL ||
	    (offs = vgx_calloc(n * 2, sizeof(*offs))) == NULL)) {
		rc = vigil__error_oom(err);
		goto done;
	}
	/* First the strings built per finding (component, aliases), then
	 * the pointers into the finished buffer. */
	for (i = 0; i < n; i++) {
		const vigil_match_finding *mf = vigil_match_finding_at(m, i);
		const vigil_match_component *mc;
		const vigil_match_vuln *v;
		size_t k;

		if (!mf->confirmed)
			continue;
		mc = vigil_match_component_at(m, mf->component);
		v = vigil_match_vuln_at(m, mf->vuln);
		offs[2 * nf] = names.len;
		if (vgx_buf_printf(&names, "%s%s%s", mc->name ? mc->name : "?",
		    mc->version ? "@" : "", mc->version ? mc->version : "") < 0 ||
		    vgx_buf_addc(&names, '\0') < 0)
			goto oom;
		offs[2 * nf + 1] = names.len;
		for (k = 0; k < v->naliases; k++)
			if ((k > 0 && vgx_buf_addc(&names, ' ') < 0) ||
			    vgx_buf_adds(&names, v->aliases[k]) < 0)
				goto oom;
		if (vgx_buf_addc(&names, '\0') < 0)
			goto oom;
		f[nf].vuln = v->id;
		f[nf].purl = mc->purl;
		f[nf].fixed = mf->fixed;
		f[nf].score = v->has_cvss ? v->score : -1;
		f[nf].severity = sev_name(v->severity);
		f[nf].kev = v->kev;
		f[nf].vector = v->has_cvss ? v->cvss_vector : NULL;
		f[nf].epss = v->has_epss ? v->epss : -1.0;
		f[nf].summary = v->summary;
		f[nf].name = mc->name;
		f[nf].version = mc->version;
		assess_risk(&f[nf], v);
		nf++;
	}
	for (i = 0; i < nf; i++) {
		f[i].component = vgx_buf_cstr(&names) + offs[2 * i];
		f[i].aliases = vgx_buf_cstr(&names) + offs[2 * i + 1];
	}
	if ((rc = record(st, in, m, f, nf, time, cb, payload, err)) < 0)
		goto done;
	if (nfound)
		*nfound = nf;
	goto done;
oom:
	rc = vigil__error_oom(err);
done:
	vgx_buf_dispose(&names);
	vgx_free(offs);
	vgx_free(f);
	vigil_match_free(m);
	vigil_life_info_free(in);
	return rc;
}
