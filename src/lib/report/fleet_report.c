/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hospital's view of its fleet (HTML or JSON): every installed device
 * with its life-cycle stage (its own compensating controls count), the
 * open findings of its release by patient-harm risk, and a list of what
 * to do first, ordered: devices past end of support without reasonable
 * protection, then uncontrolled or KEV-listed vulnerabilities, then
 * devices whose end of support comes within two years.
 */
#include <stdlib.h>
#include <string.h>

#include "docint.h"
#include "vgx.h"

/* Most releases and devices one fleet report covers. */
#define MAX_RELEASES 10000
#define MAX_DEVICES 1000000

struct fdev {
	char *serial, *model, *release, *site, *location, *zone;
	unsigned controls;
	struct doc *rel;
	vigil_life_result life;
	size_t open, uncontrolled, kev;
	int worst;		/* risk level, 0 none */
	char *newer;		/* a later release of the model, or NULL */
};

struct fleet {
	struct doc *rel;
	size_t nrel;
	char **names;		/* model, release pairs */
	struct fdev *dev;
	size_t ndev;
	bool oom;
};

static int
take_rel(void *p, const vigil_fleet_release *r)
{
	struct fleet *f = p;
	char **n;

	if (f->nrel / 2 >= MAX_RELEASES)
		return VIGIL_ETOOBIG;
	if ((n = vgx_reallocarray(f->names, f->nrel + 2, sizeof(*n))) == NULL)
		return VIGIL_ENOMEM;
	f->names = n;
	n[f->nrel] = vgx_strdup(r->model);
	n[f->nrel + 1] = vgx_strdup(r->release);
	f->nrel += 2;
	return n[f->nrel - 2] && n[f->nrel - 1] ? 0 : VIGIL_ENOMEM;
}

static int
take_dev(void *p, const vigil_fleet_device *d)
{
	struct fleet *f = p;
	struct fdev *n;

	if (f->ndev >= MAX_DEVICES)
		return VIGIL_ETOOBIG;
	if ((n = vgx_reallocarray(f->dev, f->ndev + 1, sizeof(*n))) == NULL)
		return VIGIL_ENOMEM;
	f->dev = n;
	n = &n[f->ndev++];
	memset(n, 0, sizeof(*n));
	n->serial = vgx_strdup_or_flag(d->serial, &f->oom);
	n->model = vgx_strdup_or_flag(d->model, &f->oom);
	n->release = vgx_strdup_or_flag(d->release, &f->oom);
	n->site = vgx_strdup_or_flag(d->site, &f->oom);
	n->location = vgx_strdup_or_flag(d->location, &f->oom);
	n->zone = vgx_strdup_or_flag(d->zone, &f->oom);
	n->controls = d->controls;
	return f->oom ? VIGIL_ENOMEM : 0;
}

static void
fleet_dispose(struct fleet *f)
{
	size_t i;

	for (i = 0; i < f->nrel / 2; i++)
		vigil__doc_dispose(&f->rel[i]);
	vgx_free(f->rel);
	for (i = 0; i < f->nrel; i++)
		vgx_free(f->names[i]);
	vgx_free(f->names);
	for (i = 0; i < f->ndev; i++) {
		vgx_free(f->dev[i].serial);
		vgx_free(f->dev[i].model);
		vgx_free(f->dev[i].release);
		vgx_free(f->dev[i].site);
		vgx_free(f->dev[i].location);
		vgx_free(f->dev[i].zone);
	}
	vgx_free(f->dev);
}

static int
fleet_load(struct fleet *f, vigil_store *st, const vigil_report_doc_opts *o,
    vigil_error *err)
{
	size_t i, k, nr;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = vigil_fleet_releases(st, NULL, take_rel, f, err)) < 0 ||
	    (rc = vigil_fleet_devices(st, NULL, take_dev, f, err)) < 0) {
		if (rc == VIGIL_ENOMEM)
			return vigil__error_oom(err);
		if (rc == VIGIL_ETOOBIG)
			return vigil__error(err, rc, "more than %d releases or "
			    "%d devices", MAX_RELEASES, MAX_DEVICES);
		return rc;
	}
	nr = f->nrel / 2;
	if (nr > 0 && (f->rel = vgx_calloc(nr, sizeof(*f->rel))) == NULL)
		return vigil__error_oom(err);
	for (i = 0; i < nr; i++)
		if ((rc = vigil__doc_load(&f->rel[i], st, f->names[2 * i],
		    f->names[2 * i + 1], o, err)) < 0) {
			vigil__error_prefix(err, "%s@%s", f->names[2 * i],
			    f->names[2 * i + 1]);
			return rc;
		}
	for (k = 0; k < f->ndev; k++) {
		struct fdev *d = &f->dev[k];

		for (i = 0; i < nr; i++) {
			if (strcmp(f->names[2 * i], d->model) != 0)
				continue;
			if (strcmp(f->names[2 * i + 1], d->release) == 0)
				d->rel = &f->rel[i];
			else if (d->rel != NULL)
				d->newer = f->names[2 * i + 1];	/* later */
		}
		if (d->rel == NULL)
			continue;
		if ((rc = vigil_life_info_eval(&d->life, d->rel->info, o->as_of,
		    false, d->controls, err)) < 0)
			return rc;
		for (i = 0; i < d->rel->nf; i++) {
			const struct doc_finding *fi = &d->rel->f[i];

			if (fi->vex == VIGIL_VEX_NOT_AFFECTED ||
			    fi->vex == VIGIL_VEX_FIXED)
				continue;
			d->open++;
			d->kev += fi->kev;
			if (fi->assessed) {
				d->uncontrolled += fi->risk.uncontrolled;
				if ((int)fi->risk.level > d->worst)
					d->worst = (int)fi->risk.level;
			}
		}
	}
	return 0;
}

/* ---- what to do first ----------------------------------------------------- */

struct action {
	int rank;		/* lower first */
	const struct fdev *d;
	char text[512];
};

static int
act_cmp(const void *a, const void *b)
{
	const struct action *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->d->serial, y->d->serial);
}

static int32_t
dayof(const char *s)
{
	int32_t d;

	if (s == NULL || vigil_life_date_parse(&d, s, strlen(s), NULL) < 0)
		return VIGIL_LIFE_NODATE;
	return d;
}

/* Build the list; *OUT is vgx_free'd by the caller. */
static int
actions(struct action **out, size_t *n, const struct fleet *f, int32_t as_of,
    vigil_error *err)
{
	struct action *a;
	size_t i, k = 0;
	char buf[300];

	*out = NULL;
	*n = 0;
	if (f->ndev == 0)
		return 0;
	if ((a = vgx_calloc(f->ndev * 3, sizeof(*a))) == NULL)
		return vigil__error_oom(err);
	for (i = 0; i < f->ndev; i++) {
		const struct fdev *d = &f->dev[i];
		const vigil_fleet_release *r;
		int32_t eos;

		if (d->rel == NULL)
			continue;
		r = vigil_life_info_release(d->rel->info);
		eos = dayof(r->eos);
		if (d->life.stage == VIGIL_LIFE_END_OF_SUPPORT &&
		    !d->life.is_protected) {
			vigil_controls_format(buf, sizeof(buf),
			    vigil_life_missing_controls(d->controls), ", ");
			a[k].rank = 1;
			a[k].d = d;
			snprintf(a[k].text, sizeof(a[k].text), "Past end of "
			    "support without reasonable protection: put "
			    "compensating controls in place (missing: %s), or "
			    "decommission.", buf);
			k++;
		}
		if (d->uncontrolled > 0 || d->kev > 0) {
			a[k].rank = d->uncontrolled > 0 ? 2 : 3;
			a[k].d = d;
			if (d->kev > 0)
				snprintf(buf, sizeof(buf), " (%zu known "
				    "exploited, CISA KEV)", d->kev);
			else
				buf[0] = '\0';
			snprintf(a[k].text, sizeof(a[k].text), "%zu uncontrolled "
			    "risk%s%s: %s%s%s", d->uncontrolled,
			    d->uncontrolled == 1 ? "" : "s", buf, d->newer ?
			    "update to release " : "apply the manufacturer's "
			    "interim mitigations", d->newer ? d->newer : "",
			    d->newer ? " or apply interim mitigations" : "");
			k++;
		}
		if (eos != VIGIL_LIFE_NODATE && eos > as_of &&
		    eos - as_of <= 730) {
			a[k].rank = 4;
			a[k].d = d;
			snprintf(a[k].text, sizeof(a[k].text), "End of support "
			    "on %s: plan replacement or compensating controls "
			    "(responsibility passes to you).", r->eos);
			k++;
		}
	}
	if (k > 1)
		qsort(a, k, sizeof(*a), act_cmp);
	*out = a;
	*n = k;
	return 0;
}

/* ---- writers -------------------------------------------------------------- */

#define T(s) vigil__html_text(fp, (s))

static const char *
stage_label(vigil_life_stage s)
{
	static const char *const l[] = {"Development", "Supported",
		"Limited support", "End of support"};

	return l[s];
}

static int
fleet_html(FILE *fp, const struct fleet *f, const struct action *a,
    size_t na, const vigil_report_doc_opts *o)
{
	static const char *const slab[] = {"End of support",
		"Limited support", "Supported", "Development"};
	static const char *const scol[] = {"#b71c1c", "#b26a00", "#2e7d32",
		"#546e7a"};
	static const char *const rlab[] = {"Critical", "High", "Medium",
		"Low", "No open finding"};
	const char *rcol[5];
	size_t sv[4] = {0}, rv[5] = {0}, i;
	char ds[11];

	for (i = 0; i < f->ndev; i++) {
		if (f->dev[i].rel == NULL)
			continue;
		sv[3 - f->dev[i].life.stage]++;
		rv[f->dev[i].worst ? 4 - f->dev[i].worst : 4]++;
	}
	for (i = 0; i < 4; i++)
		rcol[i] = vigil__risk_color((int)(4 - i));
	rcol[4] = "#90a4ae";
	vigil_life_date_format(ds, o->as_of);
	vigil__html_head(fp, "Medical device fleet — security status");
	fprintf(fp, "<header class=\"doc\">\n<div class=\"kind\">Healthcare "
	    "provider view</div>\n<h1>Medical device fleet</h1>\n<div "
	    "class=\"sub\">%zu installed devices · status as of %s</div>\n"
	    "</header>\n", f->ndev, ds);
	fputs("<h2>What to do first</h2>\n", fp);
	if (na == 0) {
		fputs("<p class=\"ok\">Nothing urgent: no device is past end "
		    "of support without protection, no uncontrolled or known "
		    "exploited vulnerability is open.</p>\n", fp);
	} else {
		fputs("<table><thead><tr><th>#</th><th>Device</th><th>Site"
		    "</th><th>Action</th></tr></thead><tbody>\n", fp);
		for (i = 0; i < na; i++) {
			fprintf(fp, "<tr><td>%zu</td><td><b>", i + 1);
			T(a[i].d->serial);
			fputs("</b><br><span class=\"sub\">", fp);
			T(a[i].d->model);
			fputs(" ", fp);
			T(a[i].d->release);
			fputs("</span></td><td>", fp);
			T(a[i].d->site);
			if (a[i].d->location) {
				fputs("<br><span class=\"sub\">", fp);
				T(a[i].d->location);
				fputs("</span>", fp);
			}
			fputs("</td><td>", fp);
			T(a[i].text);
			fputs("</td></tr>\n", fp);
		}
		fputs("</tbody></table>\n", fp);
	}
	fputs("<h2>Devices by life-cycle stage</h2>\n", fp);
	vigil__html_bars(fp, slab, sv, scol, 4, "Installed devices by IMDRF "
	    "N70 stage (with their own compensating controls)");
	fputs("<h2>Devices by risk</h2>\n", fp);
	vigil__html_bars(fp, rlab, rv, rcol, 5, "Installed devices by the "
	    "highest patient-harm risk among their open findings");
	fputs("<h2>All devices</h2>\n<table><thead><tr><th>Serial</th>"
	    "<th>Device</th><th>Site / zone</th><th>Stage</th><th>Open"
	    "</th><th>Uncontrolled</th><th>KEV</th></tr></thead><tbody>\n", fp);
	for (i = 0; i < f->ndev; i++) {
		const struct fdev *d = &f->dev[i];

		if (d->rel == NULL)
			continue;
		fputs("<tr><td class=\"mono\">", fp);
		T(d->serial);
		fputs("</td><td>", fp);
		T(d->model);
		fputs(" ", fp);
		T(d->release);
		fputs("</td><td>", fp);
		T(d->site);
		if (d->zone) {
			fputs("<br><span class=\"sub\">", fp);
			T(d->zone);
			fputs("</span>", fp);
		}
		fprintf(fp, "</td><td><span class=\"pill stage-%s\">%s</span>"
		    "</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
		    vigil_life_stage_name(d->life.stage),
		    stage_label(d->life.stage), d->open, d->uncontrolled,
		    d->kev);
	}
	fputs("</tbody></table>\n<footer>Generated by vigil ", fp);
	T(o->generated ? o->generated : ds);
	fputs(". Stages after IMDRF N70; risk after the FDA postmarket "
	    "guidance and ISO 14971 severity.</footer>\n</main>\n</body>\n"
	    "</html>\n", fp);
	return 0;
}

static int
fleet_json(FILE *fp, const struct fleet *f, const struct action *a,
    size_t na, const vigil_report_doc_opts *o, vigil_error *err)
{
	json_t *devs = json_array(), *acts = json_array(), *doc;
	char ds[11];
	size_t i;
	int rc = 0;

	for (i = 0; i < f->ndev; i++) {
		const struct fdev *d = &f->dev[i];

		if (d->rel == NULL)
			continue;
		json_array_append_new(devs, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s?, s:s?, s:s, s:s, s:b, s:I, s:I, s:I, s:o}",
		    "serial", d->serial, "model", d->model, "version",
		    d->release, "site", d->site, "location", d->location,
		    "zone", d->zone, "stage", vigil_life_stage_name(
		    d->life.stage), "reason", d->life.reason, "protected",
		    d->life.is_protected, "open", (json_int_t)d->open,
		    "uncontrolled", (json_int_t)d->uncontrolled, "kev",
		    (json_int_t)d->kev, "worst_risk", d->worst ?
		    json_string(vigil_risk_level_name(
		    (vigil_risk_level)d->worst)) : json_null()));
	}
	for (i = 0; i < na; i++)
		json_array_append_new(acts, json_pack("{s:I, s:s, s:s}",
		    "priority", (json_int_t)(i + 1), "serial", a[i].d->serial,
		    "action", a[i].text));
	vigil_life_date_format(ds, o->as_of);
	doc = json_pack("{s:s, s:s, s:o, s:o}", "document", "fleet-status",
	    "as_of", ds, "actions", acts, "devices", devs);
	if (doc == NULL)
		return vigil__error_oom(err);
	if (json_dumpf(doc, fp, JSON_INDENT(2)) < 0)
		rc = vigil__error(err, VIGIL_EIO, "write error");
	fputc('\n', fp);
	json_decref(doc);
	return rc;
}

int
vigil_report_fleet_write(FILE *fp, vigil_store *st, vigil_doc_format format,
    const vigil_report_doc_opts *opts, vigil_error *err)
{
	struct fleet f;
	struct action *a = NULL;
	size_t na = 0;
	int rc;

	if (format == VIGIL_DOC_MARKDOWN)
		return vigil__error(err, VIGIL_EUNSUPPORTED,
		    "the fleet report is HTML or JSON");
	if ((rc = fleet_load(&f, st, opts, err)) == 0 &&
	    (rc = actions(&a, &na, &f, opts->as_of, err)) == 0)
		rc = format == VIGIL_DOC_HTML ? fleet_html(fp, &f, a, na,
		    opts) : fleet_json(fp, &f, a, na, opts, err);
	vgx_free(a);
	fleet_dispose(&f);
	if (rc == 0 && ferror(fp))
		rc = vigil__error(err, VIGIL_EIO, "write error");
	return rc;
}
