/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model of a customer security document, gathered from the store: the
 * release with its profile, its newest SBOM's components and stage on the
 * as-of date (life module), the current findings of fleet scans, each with
 * the latest VEX decision about it and its patient-harm risk (risk
 * module), and the controls file (docs/mds2.md), checked strictly.
 */
#include <string.h>

#include "docint.h"
#include "vigil/sbom.h"
#include "vgx.h"

/* ---- the controls file ---------------------------------------------------- */

static const struct {
	const char *id;
	const char *title;
} mds2[] = {
	{"DOC", "Document and device description"},
	{"MPII", "Management of personally identifiable information"},
	{"ALOF", "Automatic logoff"},
	{"AUDT", "Audit controls"},
	{"AUTH", "Authorization"},
	{"CSUP", "Cybersecurity product upgrades"},
	{"DIDT", "Health data de-identification"},
	{"DTBK", "Data backup and disaster recovery"},
	{"EMRG", "Emergency access"},
	{"IGAU", "Health data integrity and authenticity"},
	{"MLDP", "Malware detection and protection"},
	{"NAUT", "Node authentication"},
	{"CONN", "Connectivity capabilities"},
	{"PAUT", "Person authentication"},
	{"PLOK", "Physical locks"},
	{"RDMP", "Roadmap for third-party components in the device life "
	    "cycle"},
	{"SBOM", "Software bill of materials"},
	{"SAHD", "System and application hardening"},
	{"SGUD", "Security guidance"},
	{"STCF", "Health data storage confidentiality"},
	{"TXCF", "Transmission confidentiality"},
	{"TXIG", "Transmission integrity"},
	{"RMOT", "Remote service"},
	{"OTHR", "Other security considerations"},
};

const char *const vigil__mds2_order[] = {"DOC", "MPII", "ALOF", "AUDT",
	"AUTH", "CSUP", "DIDT", "DTBK", "EMRG", "IGAU", "MLDP", "NAUT", "CONN",
	"PAUT", "PLOK", "RDMP", "SBOM", "SAHD", "SGUD", "STCF", "TXCF", "TXIG",
	"RMOT", "OTHR", NULL};

const char *
vigil__mds2_section(const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(mds2) / sizeof(mds2[0]); i++)
		if (strlen(mds2[i].id) == len && memcmp(mds2[i].id, id, len) ==
		    0)
			return mds2[i].title;
	return NULL;
}

#define MAX_ANSWERS 2000
#define MAX_TEXT 4096

static int
ptr_err(vigil_error *err, const char *ptr, const char *msg)
{
	return vigil__error_ptr(err, VIGIL_EINVALID, ptr, "%s", msg);
}

static int
check_text(json_t *v, const char *ptr, vigil_error *err)
{
	const char *s;
	size_t i, n;

	if (!json_is_string(v))
		return ptr_err(err, ptr, "must be a string");
	s = json_string_value(v);
	n = json_string_length(v);
	if (n > MAX_TEXT)
		return vigil__error_ptr(err, VIGIL_ETOOBIG, ptr,
		    "longer than %d bytes", MAX_TEXT);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return ptr_err(err, ptr, "control character");
	return 0;
}

/* Parse and check; *OUT is the caller's (json_decref). */
static int
controls_parse(json_t **out, const char *buf, size_t len, vigil_error *err)
{
	json_error_t je;
	json_t *root, *v, *a;
	const char *key;
	char ptr[160];
	size_t i;
	int rc = 0;

	*out = NULL;
	if (len > VIGIL_CONTROLS_MAX_SIZE)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "controls file larger than %d bytes",
		    VIGIL_CONTROLS_MAX_SIZE);
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    (unsigned long)(je.line > 0 ? je.line : 0),
		    (unsigned long)(je.column > 0 ? je.column : 0), "%s",
		    je.text);
	if (!json_is_object(root)) {
		rc = ptr_err(err, "", "must be an object");
		goto done;
	}
	json_object_foreach(root, key, v) {
		snprintf(ptr, sizeof(ptr), "/%.100s", key);
		if (strcmp(key, "mds2_version") == 0) {
			if (!json_is_string(v) || strcmp(json_string_value(v),
			    "2019") != 0) {
				rc = ptr_err(err, ptr, "must be \"2019\"");
				goto done;
			}
		} else if (strcmp(key, "device") == 0 ||
		    strcmp(key, "contact") == 0) {
			if ((rc = check_text(v, ptr, err)) < 0)
				goto done;
		} else if (strcmp(key, "recommended_controls") == 0) {
			if (!json_is_array(v) || json_array_size(v) > 200) {
				rc = ptr_err(err, ptr,
				    "must be an array of at most 200 strings");
				goto done;
			}
			json_array_foreach(v, i, a) {
				snprintf(ptr, sizeof(ptr),
				    "/recommended_controls/%zu", i);
				if ((rc = check_text(a, ptr, err)) < 0)
					goto done;
			}
		} else if (strcmp(key, "answers") == 0) {
			const char *id;
			json_t *ans;

			if (!json_is_object(v) || json_object_size(v) >
			    MAX_ANSWERS) {
				rc = ptr_err(err, ptr, "must be an object of "
				    "at most 2000 answers");
				goto done;
			}
			json_object_foreach(v, id, ans) {
				const char *dash = strchr(id, '-');
				const char *k2, *ansv;
				json_t *f;
				const char *p;

				snprintf(ptr, sizeof(ptr), "/answers/%.100s", id);
				if (dash == NULL || vigil__mds2_section(id,
				    (size_t)(dash - id)) == NULL ||
				    dash[1] == '\0') {
					rc = ptr_err(err, ptr, "not an MDS2 "
					    "question id (SECTION-N, e.g. "
					    "AUTH-1)");
					goto done;
				}
				for (p = dash + 1; *p != '\0'; p++)
					if (!vgx_isdigit((unsigned char)*p) &&
					    *p != '.')
						break;
				if (*p != '\0') {
					rc = ptr_err(err, ptr, "not an MDS2 "
					    "question id (SECTION-N, e.g. "
					    "AUTH-1)");
					goto done;
				}
				if (!json_is_object(ans)) {
					rc = ptr_err(err, ptr,
					    "must be an object");
					goto done;
				}
				json_object_foreach(ans, k2, f) {
					char p2[200];

					snprintf(p2, sizeof(p2), "%s/%.20s", ptr,
					    k2);
					if (strcmp(k2, "note") == 0) {
						if ((rc = check_text(f, p2,
						    err)) < 0)
							goto done;
					} else if (strcmp(k2, "answer") != 0) {
						rc = ptr_err(err, p2,
						    "unknown field");
						goto done;
					}
				}
				ansv = json_string_value(json_object_get(ans,
				    "answer"));
				if (ansv == NULL || (strcmp(ansv, "yes") != 0 &&
				    strcmp(ansv, "no") != 0 &&
				    strcmp(ansv, "n/a") != 0 &&
				    strcmp(ansv, "see_note") != 0)) {
					snprintf(ptr, sizeof(ptr),
					    "/answers/%.100s/answer", id);
					rc = ptr_err(err, ptr, "must be \"yes\", "
					    "\"no\", \"n/a\" or \"see_note\"");
					goto done;
				}
				if (strcmp(ansv, "see_note") == 0 &&
				    json_object_get(ans, "note") == NULL) {
					rc = ptr_err(err, ptr,
					    "see_note needs a note");
					goto done;
				}
			}
		} else {
			rc = ptr_err(err, ptr, "unknown field");
			goto done;
		}
	}
	if (json_object_get(root, "mds2_version") == NULL) {
		rc = ptr_err(err, "/mds2_version", "is required");
		goto done;
	}
	*out = root;
	root = NULL;
done:
	json_decref(root);
	return rc;
}

int
vigil_report_controls_check(const char *buf, size_t len, vigil_error *err)
{
	json_t *j = NULL;
	int rc;

	if ((rc = controls_parse(&j, buf, len, err)) == 0)
		json_decref(j);
	return rc;
}

int
vigil_doc_format_parse(vigil_doc_format *out, const char *name)
{
	if (strcmp(name, "html") == 0)
		*out = VIGIL_DOC_HTML;
	else if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		*out = VIGIL_DOC_MARKDOWN;
	else if (strcmp(name, "json") == 0)
		*out = VIGIL_DOC_JSON;
	else
		return VIGIL_EINVALID;
	return 0;
}

/* ---- gathering ------------------------------------------------------------ */

struct gather {
	struct doc *d;
	bool oom;
};

static int
take_finding(void *p, const vigil_fleet_finding *f)
{
	struct gather *g = p;
	struct doc_finding *nf;

	if ((nf = vgx_reallocarray(g->d->f, g->d->nf + 1, sizeof(*nf))) ==
	    NULL)
		return VIGIL_ENOMEM;
	g->d->f = nf;
	nf = &nf[g->d->nf++];
	memset(nf, 0, sizeof(*nf));
	nf->vuln = vgx_strdup_or_flag(f->vuln, &g->oom);
	nf->aliases = vgx_strdup_or_flag(f->aliases, &g->oom);
	nf->component = vgx_strdup_or_flag(f->component, &g->oom);
	nf->purl = vgx_strdup_or_flag(f->purl, &g->oom);
	nf->fixed = vgx_strdup_or_flag(f->fixed, &g->oom);
	nf->severity = vgx_strdup_or_flag(f->severity, &g->oom);
	nf->vector = vgx_strdup_or_flag(f->vector, &g->oom);
	nf->summary = vgx_strdup_or_flag(f->summary, &g->oom);
	nf->first_seen = vgx_strdup_or_flag(f->first_seen, &g->oom);
	nf->score = f->score;
	nf->kev = f->kev;
	nf->epss = f->epss;
	return g->oom ? VIGIL_ENOMEM : 0;
}

struct vexq {
	vigil_vex_status status;
	char *detail;
	bool oom;
};

static int
take_vex(void *p, const vigil_vex_decision *v)
{
	struct vexq *q = p;
	const char *det = v->justification != VIGIL_VEX_JUST_NONE ?
	    vigil_vex_justification_name(v->justification) :
	    v->action ? v->action : v->impact;

	q->status = v->status;
	vgx_free(q->detail);
	q->detail = vgx_strdup_or_flag(det, &q->oom);
	return 0;
}

static int
take_scan(void *p, const vigil_fleet_release *r)
{
	*(bool *)p = r->last_scan != NULL;
	return 0;
}

int
vigil__doc_load(struct doc *d, vigil_store *st, const char *model,
    const char *release, const vigil_report_doc_opts *opts,
    vigil_error *err)
{
	struct gather g;
	const char *subject;
	size_t i;
	int rc;

	memset(d, 0, sizeof(*d));
	d->opts = opts;
	d->as_of = opts->as_of;
	if (opts->controls != NULL && (rc = controls_parse(&d->controls,
	    opts->controls, opts->controls_len, err)) < 0) {
		vigil__error_prefix(err, "controls file");
		return rc;
	}
	if ((rc = vigil_life_info_load(&d->info, st, model, release, err)) < 0)
		return rc;
	if ((rc = vigil_life_info_eval(&d->life, d->info, d->as_of, true, 0,
	    err)) < 0)
		return rc;
	if (vigil_life_info_profile(d->info) != NULL &&
	    vigil_rubric_eval(&d->rubric, vigil_life_info_profile(d->info),
	    NULL) == 0)
		d->has_rubric = true;
	if (vigil_life_info_has_sbom(d->info)) {
		vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
		vigil_sbom *doc = NULL;
		const char *text = vigil_life_info_sbom_text(d->info);

		o.flags = VIGIL_SBOM_NOKEEP;
		if (vigil_sbom_read_mem(&doc, text, strlen(text), &o, NULL) ==
		    0 || doc != NULL) {
			if (doc != NULL) {
				const vigil_sbom_meta *m =
				    vigil_sbom_get_meta(doc);

				snprintf(d->sbom_format, sizeof(d->sbom_format),
				    "%s", vigil_sbom_format_name(m->format));
				snprintf(d->sbom_spec, sizeof(d->sbom_spec),
				    "%s", m->spec_version ? m->spec_version :
				    "");
			}
		}
		vigil_sbom_free(doc);
	}
	if ((rc = vigil_fleet_release_get(st, model, release, take_scan,
	    &d->scanned, err)) < 0)
		return rc;
	g.d = d;
	g.oom = false;
	if ((rc = vigil_fleet_findings(st, model, release, NULL, true,
	    take_finding, &g, err)) < 0)
		return rc == VIGIL_ENOMEM ? vigil__error_oom(err) : rc;
	subject = vigil_life_info_vex_product(d->info);
	for (i = 0; i < d->nf; i++) {
		struct doc_finding *f = &d->f[i];
		struct vexq q = {VIGIL_VEX_STATUS_NONE, NULL, false};
		vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
		const char *vec[1];
		char known[11];

		if (subject != NULL)
			vigil_vex_decisions(st, subject, f->vuln, true,
			    take_vex, &q, NULL);
		if (q.status == VIGIL_VEX_STATUS_NONE && f->purl != NULL)
			vigil_vex_decisions(st, f->purl, f->vuln, true,
			    take_vex, &q, NULL);
		if (q.oom) {
			vgx_free(q.detail);
			return vigil__error_oom(err);
		}
		f->vex = q.status;
		f->vex_detail = q.detail;
		if (f->vex == VIGIL_VEX_NOT_AFFECTED ||
		    f->vex == VIGIL_VEX_FIXED)
			d->vex_not_affected++;
		if (f->vector != NULL) {
			vec[0] = f->vector;
			in.cvss = vec;
			in.ncvss = 1;
			in.kev = f->kev;
			in.epss = f->epss;
			if (f->first_seen != NULL && strlen(f->first_seen) >=
			    10) {
				memcpy(known, f->first_seen, 10);
				known[10] = '\0';
				in.known = known;
			}
			in.profile = vigil_life_info_profile(d->info);
			in.rubric = d->has_rubric ? &d->rubric : NULL;
			if (vigil_risk_assess(&f->risk, &in, NULL) == 0)
				f->assessed = true;
		}
		if (f->vex == VIGIL_VEX_NOT_AFFECTED ||
		    f->vex == VIGIL_VEX_FIXED)
			continue;	/* not counted as a risk */
		if (f->assessed) {
			d->risk_count[f->risk.level]++;
			if (f->risk.uncontrolled)
				d->uncontrolled++;
		} else {
			d->risk_count[0]++;
		}
	}
	return 0;
}

void
vigil__doc_dispose(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nf; i++) {
		struct doc_finding *f = &d->f[i];

		vgx_free(f->vuln);
		vgx_free(f->aliases);
		vgx_free(f->component);
		vgx_free(f->purl);
		vgx_free(f->fixed);
		vgx_free(f->severity);
		vgx_free(f->vector);
		vgx_free(f->summary);
		vgx_free(f->first_seen);
		vgx_free(f->vex_detail);
	}
	vgx_free(d->f);
	vigil_life_info_free(d->info);
	json_decref(d->controls);
	memset(d, 0, sizeof(*d));
}

int
vigil_report_device_write(FILE *fp, vigil_store *st, const char *model,
    const char *release, vigil_doc_format format,
    const vigil_report_doc_opts *opts, vigil_error *err)
{
	struct doc d;
	int rc;

	if ((rc = vigil__doc_load(&d, st, model, release, opts, err)) == 0) {
		switch (format) {
		case VIGIL_DOC_HTML:
			rc = vigil__doc_html(fp, &d, err);
			break;
		case VIGIL_DOC_MARKDOWN:
			rc = vigil__doc_markdown(fp, &d, err);
			break;
		case VIGIL_DOC_JSON:
			rc = vigil__doc_json(fp, &d, err);
			break;
		default:
			rc = vigil__error(err, VIGIL_EINVALID, "bad format");
		}
	}
	vigil__doc_dispose(&d);
	if (rc == 0 && ferror(fp))
		rc = vigil__error(err, VIGIL_EIO, "write error");
	return rc;
}
