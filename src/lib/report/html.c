/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The customer security document of a device release as one HTML page:
 * inline CSS (screen and print), an SVG bar chart of the findings by risk
 * and an SVG timeline of the support dates, no external resources.  Also
 * the helpers the fleet page shares (escaping, head, bar chart).
 */
#include <string.h>

#include "docint.h"
#include "vgx.h"

void
vigil__html_text(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(*s, fp);
		}
}

#define T(s) vigil__html_text(fp, (s))

static const char css[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
    "'Helvetica Neue',Arial,sans-serif;color:#1d2430;background:#f4f6f9;"
    "margin:0}\n"
    "main{max-width:980px;margin:0 auto;background:#fff;padding:40px 56px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.08)}\n"
    "header.doc{border-bottom:3px solid #1f4e79;padding-bottom:14px;"
    "margin-bottom:22px}\n"
    "header.doc .kind{text-transform:uppercase;letter-spacing:.08em;"
    "font-size:12px;color:#5b6777}\n"
    "h1{font-size:28px;margin:4px 0 2px;color:#1f4e79}\n"
    "h2{font-size:19px;margin:34px 0 10px;color:#1f4e79;"
    "border-bottom:1px solid #dde3ea;padding-bottom:4px}\n"
    "h3{font-size:15px;margin:18px 0 6px}\n"
    ".sub{color:#5b6777}\n"
    ".cards{display:flex;gap:12px;flex-wrap:wrap;margin:18px 0}\n"
    ".card{flex:1 1 150px;border:1px solid #dde3ea;border-radius:8px;"
    "padding:10px 14px;background:#fafbfd}\n"
    ".card .n{font-size:22px;font-weight:600}\n"
    ".card .l{font-size:12px;color:#5b6777;text-transform:uppercase;"
    "letter-spacing:.05em}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 4px;"
    "font-size:14px}\n"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e9ef;"
    "vertical-align:top}\n"
    "th{background:#f0f3f7;font-weight:600;font-size:13px}\n"
    "dl.kv{display:grid;grid-template-columns:200px 1fr;gap:4px 16px;"
    "margin:8px 0}\n"
    "dl.kv dt{color:#5b6777}\n"
    "dl.kv dd{margin:0}\n"
    ".pill{display:inline-block;padding:1px 8px;border-radius:10px;"
    "font-size:12px;font-weight:600;color:#fff;white-space:nowrap}\n"
    ".stage-support{background:#2e7d32}.stage-limited_support{"
    "background:#b26a00}\n"
    ".stage-end_of_support{background:#b71c1c}.stage-development{"
    "background:#546e7a}\n"
    ".note{background:#fff8e1;border-left:4px solid #f2a900;"
    "padding:8px 12px;margin:10px 0}\n"
    ".ok{background:#e8f5e9;border-left:4px solid #2e7d32;padding:8px 12px;"
    "margin:10px 0}\n"
    ".mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "font-size:12.5px;word-break:break-all}\n"
    "figure{margin:10px 0}figcaption{font-size:12px;color:#5b6777}\n"
    "footer{margin-top:40px;font-size:12px;color:#5b6777;"
    "border-top:1px solid #dde3ea;padding-top:10px}\n"
    "@media print{body{background:#fff}main{box-shadow:none;padding:0;"
    "max-width:none}h2{break-after:avoid}table,figure,.cards{"
    "break-inside:avoid}}\n";

void
vigil__html_head(FILE *fp, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", fp);
	T(title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
	    css);
}

const char *
vigil__risk_color(int level)
{
	switch (level) {
	case VIGIL_RISK_CRITICAL:
		return "#8e0000";
	case VIGIL_RISK_HIGH:
		return "#d84315";
	case VIGIL_RISK_MEDIUM:
		return "#f2a900";
	case VIGIL_RISK_LOW:
		return "#558b2f";
	default:
		return "#90a4ae";
	}
}

void
vigil__html_bars(FILE *fp, const char *const *labels, const size_t *values,
    const char *const *colors, size_t n, const char *caption)
{
	size_t i, max = 1;
	const int w = 640, lw = 150, bh = 26, gap = 8;
	int h = (int)n * (bh + gap) + 10;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	fprintf(fp, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "aria-label=\"", w, h, w, h);
	T(caption);
	fputs("\">\n", fp);
	for (i = 0; i < n; i++) {
		int y = 5 + (int)i * (bh + gap);
		int bw = values[i] == 0 ? 0 : (int)((double)values[i] /
		    (double)max * (w - lw - 60));

		if (values[i] > 0 && bw < 3)
			bw = 3;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
		    "text-anchor=\"end\" fill=\"#1d2430\" font-family=\"sans-"
		    "serif\">", lw - 10, y + 18);
		T(labels[i]);
		fprintf(fp, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"#eef1f5\"/>\n", lw, y, w - lw - 50,
		    bh);
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"%s\"/>\n", lw, y, bw, bh, colors[i]);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
		    "font-weight=\"600\" fill=\"#1d2430\" font-family=\"sans-"
		    "serif\">%zu</text>\n", lw + bw + 8, y + 18, values[i]);
	}
	fputs("</svg>\n<figcaption>", fp);
	T(caption);
	fputs("</figcaption>\n</figure>\n", fp);
}

static void
stage_pill(FILE *fp, vigil_life_stage s)
{
	static const char *const label[] = {"Development", "Supported",
		"Limited support", "End of support"};

	fprintf(fp, "<span class=\"pill stage-%s\">%s</span>",
	    vigil_life_stage_name(s), label[s]);
}

static int32_t
dayof(const char *s)
{
	int32_t d;

	if (s == NULL || vigil_life_date_parse(&d, s, strlen(s), NULL) < 0)
		return VIGIL_LIFE_NODATE;
	return d;
}

struct mark {
	const char *label;
	int32_t day;
	const char *color;
	int row;		/* 0, 1: label rows above; 2: below */
};

/* The support dates on one axis, with the stage bands. */
static void
timeline(FILE *fp, const struct doc *d)
{
	const vigil_fleet_release *r = vigil_life_info_release(d->info);
	struct mark m[6];
	int32_t rel = dayof(r->released), eol = dayof(r->eol),
	    eos = dayof(r->eos), lo, hi;
	size_t n = 0, i;
	const int w = 860, x0 = 20, x1 = 840, yb = 80;
	char ds[11];

	if (rel != VIGIL_LIFE_NODATE)
		m[n++] = (struct mark){"Released", rel, "#1f4e79", 0};
	if (d->life.transfer_start != VIGIL_LIFE_NODATE)
		m[n++] = (struct mark){"Transfer of responsibility starts",
			d->life.transfer_start, "#6a1b9a", 1};
	if (d->life.notice_due != VIGIL_LIFE_NODATE)
		m[n++] = (struct mark){"EOS notice due",
			d->life.notice_due, "#6a1b9a", 0};
	if (eol != VIGIL_LIFE_NODATE)
		m[n++] = (struct mark){"End of life", eol, "#b26a00", 1};
	if (eos != VIGIL_LIFE_NODATE)
		m[n++] = (struct mark){"End of support", eos, "#b71c1c", 0};
	m[n++] = (struct mark){"This document", d->as_of, "#1d2430", 2};
	lo = hi = d->as_of;
	for (i = 0; i < n; i++) {
		if (m[i].day < lo)
			lo = m[i].day;
		if (m[i].day > hi)
			hi = m[i].day;
	}
	lo = lo > 120 ? lo - 120 : 0;
	hi += 240;
#define X(day) (x0 + (int)((double)((day) - lo) / (double)(hi - lo) * \
	(x1 - x0)))
	fprintf(fp, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" width=\"%d\" height=\"166\" viewBox=\"0 0 %d 166\" "
	    "aria-label=\"Support timeline\">\n", w, w);
	/* Stage bands: support, limited support, end of support. */
	{
		int32_t s0 = rel != VIGIL_LIFE_NODATE ? rel : lo;
		int32_t s1 = eol != VIGIL_LIFE_NODATE ? eol :
		    eos != VIGIL_LIFE_NODATE ? eos : hi;
		int32_t s2 = eos != VIGIL_LIFE_NODATE ? eos : hi;

		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" "
		    "fill=\"#c8e6c9\"/>\n", X(s0), yb - 7, X(s1) - X(s0));
		if (s2 > s1)
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"14\" fill=\"#ffe0b2\"/>\n", X(s1),
			    yb - 7, X(s2) - X(s1));
		if (eos != VIGIL_LIFE_NODATE)
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"14\" fill=\"#ffcdd2\"/>\n", X(s2),
			    yb - 7, X(hi) - X(s2));
	}
	/* Year ticks. */
	{
		char y0s[11];
		long y;

		vigil_life_date_format(y0s, lo);
		for (y = (y0s[0] - '0') * 1000 + (y0s[1] - '0') * 100 +
		    (y0s[2] - '0') * 10 + (y0s[3] - '0') + 1; ; y++) {
			char ys[24];
			int32_t yd;

			snprintf(ys, sizeof(ys), "%04ld-01-01", y % 10000);
			if (vigil_life_date_parse(&yd, ys, 10, NULL) < 0 ||
			    yd > hi)
				break;
			fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
			    "y2=\"%d\" stroke=\"#90a4ae\"/>\n<text x=\"%d\" "
			    "y=\"%d\" font-size=\"11\" fill=\"#5b6777\" "
			    "text-anchor=\"middle\" font-family=\"sans-serif\">"
			    "%ld</text>\n", X(yd), yb + 7, X(yd), yb + 12,
			    X(yd), yb + 25, y);
		}
	}
	/*
	 * Labels above the axis go on the first of four rows where they do
	 * not overlap a label already placed (widths estimated at 6.6 px a
	 * character); markers are taken in date order.
	 */
	{
		int rowend[4] = {-1000, -1000, -1000, -1000};
		size_t ord[6], j, t;

		for (i = 0; i < n; i++)
			ord[i] = i;
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && m[ord[j]].day < m[ord[j - 1]].day;
			    j--) {
				t = ord[j];
				ord[j] = ord[j - 1];
				ord[j - 1] = t;
			}
		for (j = 0; j < n; j++) {
			const struct mark *mk = &m[ord[j]];
			int x = X(mk->day), tw, tx, row, ty;
			const char *anchor = "start";

			tw = (int)((strlen(mk->label) + 11) * 6.6);
			tx = x + 4;
			if (tx + tw > w) {
				tx = x - 4;
				anchor = "end";
			}
			if (mk->row == 2) {
				ty = 158;
				row = -1;
			} else {
				for (row = 0; row < 3; row++)
					if ((anchor[0] == 's' ? tx : tx - tw) >
					    rowend[row] + 8)
						break;
				rowend[row] = anchor[0] == 's' ? tx + tw : tx;
				ty = 16 + row * 15;
			}
			vigil_life_date_format(ds, mk->day);
			fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
			    "y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
			    x, row < 0 ? yb - 10 : ty - 10, x, row < 0 ? 146 :
			    yb + 8, mk->color, row < 0 ? "1.5" : "1",
			    row < 0 ? " stroke-dasharray=\"4 3\"" : "");
			fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
			    "fill=\"%s\" text-anchor=\"%s\" font-family=\""
			    "sans-serif\"><tspan font-weight=\"600\">",
			    row < 0 ? tx : tx, ty, mk->color, anchor);
			T(mk->label);
			fprintf(fp, "</tspan> %s</text>\n", ds);
		}
	}
	fprintf(fp, "<text x=\"%d\" y=\"118\" font-size=\"11\" "
	    "fill=\"#2e7d32\" font-family=\"sans-serif\">support</text>\n",
	    X(rel != VIGIL_LIFE_NODATE ? rel : lo) + 4);
	if (eol != VIGIL_LIFE_NODATE)
		fprintf(fp, "<text x=\"%d\" y=\"118\" font-size=\"11\" "
		    "fill=\"#b26a00\" font-family=\"sans-serif\">limited "
		    "support</text>\n", X(eol) + 4);
	if (eos != VIGIL_LIFE_NODATE)
		fprintf(fp, "<text x=\"%d\" y=\"118\" font-size=\"11\" "
		    "fill=\"#b71c1c\" font-family=\"sans-serif\" "
		    "text-anchor=\"%s\">end of support (legacy)</text>\n",
		    X(eos) + 150 > w ? w - 2 : X(eos) + 4, X(eos) + 150 > w ?
		    "end" : "start");
#undef X
	fputs("</svg>\n<figcaption>Support timeline: the stages follow "
	    "IMDRF N70; the EOS notice is due two years ahead and the "
	    "transfer of responsibility starts three years ahead of EOS."
	    "</figcaption>\n</figure>\n", fp);
}

static const char *
dir_name(vigil_direction d)
{
	return d == VIGIL_DIR_IN ? "in" : d == VIGIL_DIR_OUT ? "out" : "both";
}

static const char *
answer_label(const char *a)
{
	if (strcmp(a, "yes") == 0)
		return "Yes";
	if (strcmp(a, "no") == 0)
		return "No";
	if (strcmp(a, "n/a") == 0)
		return "N/A";
	return "See note";
}

static void
kv(FILE *fp, const char *k, const char *v)
{
	fputs("<dt>", fp);
	T(k);
	fputs("</dt><dd>", fp);
	T(v != NULL && *v != '\0' ? v : "not stated");
	fputs("</dd>\n", fp);
}

static const char *
yn(vigil_answer a)
{
	return a == VIGIL_ANSWER_YES ? "yes" : a == VIGIL_ANSWER_NO ? "no" :
	    "not stated";
}

int
vigil__doc_html(FILE *fp, const struct doc *d, vigil_error *err)
{
	const vigil_fleet_release *r = vigil_life_info_release(d->info);
	const vigil_profile *p = vigil_life_info_profile(d->info);
	const char *contact = r->contact;
	json_t *rec = d->controls ? json_object_get(d->controls,
	    "recommended_controls") : NULL;
	char title[600], ds[11];
	size_t i, k, nunsup = 0;
	unsigned b;

	(void)err;
	if (contact == NULL && d->controls != NULL)
		contact = json_string_value(json_object_get(d->controls,
		    "contact"));
	snprintf(title, sizeof(title), "%s %s — customer security "
	    "documentation", r->model, r->release);
	vigil__html_head(fp, title);
	fputs("<header class=\"doc\">\n<div class=\"kind\">Customer security "
	    "documentation</div>\n<h1>", fp);
	T(r->model);
	fputs(" ", fp);
	T(r->release);
	fputs("</h1>\n<div class=\"sub\">", fp);
	T(r->manufacturer);
	if (r->udi_di) {
		fputs(" · UDI-DI ", fp);
		T(r->udi_di);
	}
	vigil_life_date_format(ds, d->as_of);
	fprintf(fp, " · status as of %s</div>\n</header>\n", ds);

	/* Summary cards. */
	fputs("<section class=\"cards\">\n<div class=\"card\"><div class=\"l\">"
	    "Life-cycle stage</div><div class=\"n\">", fp);
	stage_pill(fp, d->life.stage);
	fputs("</div></div>\n<div class=\"card\"><div class=\"l\">End of "
	    "support</div><div class=\"n\">", fp);
	T(r->eos ? r->eos : "not announced");
	fprintf(fp, "</div></div>\n<div class=\"card\"><div class=\"l\">Open "
	    "vulnerabilities</div><div class=\"n\">%zu</div></div>\n",
	    d->nf - d->vex_not_affected);
	fprintf(fp, "<div class=\"card\"><div class=\"l\">Uncontrolled risks"
	    "</div><div class=\"n\" style=\"color:%s\">%zu</div></div>\n"
	    "</section>\n", d->uncontrolled ? "#b71c1c" : "#2e7d32",
	    d->uncontrolled);

	/* 1. Description. */
	fputs("<h2>1. Device description</h2>\n<dl class=\"kv\">\n", fp);
	kv(fp, "Manufacturer", r->manufacturer);
	kv(fp, "Model", r->model);
	kv(fp, "Software version", r->release);
	kv(fp, "UDI-DI", r->udi_di);
	kv(fp, "Released", r->released);
	if (p != NULL) {
		kv(fp, "Delivers therapy", yn(p->therapy_delivery));
		kv(fp, "Diagnosis or monitoring", yn(p->diagnosis_monitoring));
		kv(fp, "Part of a clinical workflow", yn(p->clinical_workflow));
		kv(fp, "Holds patient data (PHI/PII)", yn(p->phi_pii));
		kv(fp, "Worst-case harm (ISO 14971)", vigil_harm_name(p->harm));
	}
	fputs("</dl>\n", fp);
	if (p == NULL)
		fputs("<p class=\"note\">No device profile is recorded for this "
		    "release: interfaces and the patient-harm assessment are "
		    "not available.</p>\n", fp);

	/* 2. Interfaces. */
	fputs("<h2>2. Interfaces and ports</h2>\n", fp);
	if (p != NULL && p->ninterfaces > 0) {
		fputs("<table><thead><tr><th>Interface</th><th>Port</th>"
		    "<th>Function</th><th>Direction</th></tr></thead><tbody>\n",
		    fp);
		for (i = 0; i < p->ninterfaces; i++) {
			fputs("<tr><td>", fp);
			T(p->interfaces[i].name);
			fputs("</td><td class=\"mono\">", fp);
			T(p->interfaces[i].port ? p->interfaces[i].port : "—");
			fputs("</td><td>", fp);
			T(p->interfaces[i].function ? p->interfaces[i].function :
			    "—");
			fprintf(fp, "</td><td>%s</td></tr>\n",
			    dir_name(p->interfaces[i].direction));
		}
		fputs("</tbody></table>\n<p class=\"sub\">Interfaces not listed "
		    "are disabled. Direction as in IMDRF N60 §5.5.1.</p>\n", fp);
	} else {
		fputs("<p>No interfaces are recorded.</p>\n", fp);
	}

	/* 3. Recommended controls. */
	fputs("<h2>3. Recommended security controls</h2>\n", fp);
	if (rec != NULL && json_array_size(rec) > 0) {
		json_t *v;

		fputs("<ul>\n", fp);
		json_array_foreach(rec, i, v) {
			fputs("<li>", fp);
			T(json_string_value(v));
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	if (p != NULL && p->controls != 0) {
		fputs("<p>Compensating controls the manufacturer's risk "
		    "assessment relies on (IMDRF N70 Table 1):</p>\n<ul>\n", fp);
		for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
			if (p->controls & b)
				fprintf(fp, "<li>%s</li>\n", vigil_control_name(
				    (vigil_control)b));
		fputs("</ul>\n", fp);
	}
	if ((rec == NULL || json_array_size(rec) == 0) &&
	    (p == NULL || p->controls == 0))
		fputs("<p>None recorded.</p>\n", fp);

	/* 4. SBOM. */
	fputs("<h2>4. Software bill of materials</h2>\n", fp);
	if (!vigil_life_info_has_sbom(d->info)) {
		fputs("<p class=\"note\">No SBOM is recorded for this release. "
		    "IMDRF N73 and the FDA expect one per release.</p>\n", fp);
	} else {
		for (i = 0; i < vigil_life_info_ncomponents(d->info); i++)
			if (vigil_life_component_unsupported(
			    vigil_life_info_component(d->info, i), d->as_of))
				nunsup++;
		fputs("<dl class=\"kv\">\n", fp);
		kv(fp, "Format", d->sbom_format[0] ? d->sbom_format : NULL);
		kv(fp, "Specification version", d->sbom_spec);
		snprintf(title, sizeof(title), "%zu (%zu without support on "
		    "%s)", vigil_life_info_ncomponents(d->info), nunsup, ds);
		kv(fp, "Components", title);
		snprintf(title, sizeof(title), "%u (a new SBOM per release and "
		    "update, IMDRF N73)", vigil_life_info_sbom_count(d->info));
		kv(fp, "SBOMs recorded", title);
		kv(fp, "Recorded", vigil_life_info_sbom_added(d->info));
		fputs("<dt>SHA-256</dt><dd class=\"mono\">", fp);
		T(vigil_life_info_sbom_sha256(d->info));
		fputs("</dd>\n<dt>Machine-readable SBOM</dt><dd>", fp);
		if (d->opts->sbom_link != NULL) {
			fputs("<a href=\"", fp);
			T(d->opts->sbom_link);
			fputs("\">", fp);
			T(d->opts->sbom_link);
			fputs("</a>", fp);
		} else {
			fputs("available from the manufacturer on request", fp);
		}
		fputs("</dd>\n</dl>\n<table><thead><tr><th>Component</th>"
		    "<th>Version</th><th>Level of support</th><th>End of "
		    "support</th></tr></thead><tbody>\n", fp);
		for (i = 0; i < vigil_life_info_ncomponents(d->info); i++) {
			const vigil_life_component *c =
			    vigil_life_info_component(d->info, i);
			bool un = vigil_life_component_unsupported(c, d->as_of);

			fputs("<tr><td>", fp);
			T(c->name);
			fputs("</td><td class=\"mono\">", fp);
			T(c->version ? c->version : "—");
			fputs("</td><td>", fp);
			T(c->support ? c->support : "not stated");
			fprintf(fp, "</td><td%s>", un ?
			    " style=\"color:#b71c1c;font-weight:600\"" : "");
			vigil_life_date_format(ds, c->eos);
			T(ds[0] ? ds : "not stated");
			if (c->replaced_in) {
				fputs(" (replaced in ", fp);
				T(c->replaced_in);
				fputs(")", fp);
			}
			fputs("</td></tr>\n", fp);
		}
		fputs("</tbody></table>\n", fp);
	}

	/* 5. Vulnerabilities. */
	fputs("<h2>5. Known vulnerabilities</h2>\n", fp);
	if (!d->scanned) {
		fputs("<p class=\"note\">This release has not been scanned "
		    "(vigil fleet scan).</p>\n", fp);
	} else if (d->nf == 0) {
		fputs("<p class=\"ok\">The last scan found no known "
		    "vulnerability in this release's components.</p>\n", fp);
	} else {
		static const char *const lab[] = {"Critical", "High",
			"Medium", "Low", "Not assessed"};
		const char *col[5];
		size_t val[5];

		for (i = 0; i < 4; i++) {
			val[i] = d->risk_count[4 - i];
			col[i] = vigil__risk_color((int)(4 - i));
		}
		val[4] = d->risk_count[0];
		col[4] = vigil__risk_color(0);
		vigil__html_bars(fp, lab, val, col, 5, "Open findings by "
		    "patient-harm risk level (findings a VEX statement marks "
		    "not affected or fixed are left out)");
		fputs("<table><thead><tr><th>Vulnerability</th><th>Component"
		    "</th><th>CVSS</th><th>Risk</th><th>VEX status</th>"
		    "<th>Remediation</th></tr></thead><tbody>\n", fp);
		for (i = 0; i < d->nf; i++) {
			const struct doc_finding *f = &d->f[i];

			fputs("<tr><td><b>", fp);
			T(f->vuln);
			fputs("</b>", fp);
			if (f->kev)
				fputs(" <span class=\"pill\" style=\"background:"
				    "#8e0000\">KEV</span>", fp);
			if (f->summary) {
				fputs("<br><span class=\"sub\">", fp);
				T(f->summary);
				fputs("</span>", fp);
			}
			fputs("</td><td class=\"mono\">", fp);
			T(f->component);
			fputs("</td><td>", fp);
			if (f->score >= 0)
				fprintf(fp, "%d.%d %s", f->score / 10,
				    f->score % 10, f->severity);
			else
				fputs("—", fp);
			fputs("</td><td>", fp);
			if (f->assessed)
				fprintf(fp, "<span class=\"pill\" style=\""
				    "background:%s\">%s</span><br>%s",
				    vigil__risk_color((int)f->risk.level),
				    vigil_risk_level_name(f->risk.level),
				    f->risk.uncontrolled ? "uncontrolled" :
				    "controlled");
			else
				fputs("not assessed", fp);
			fputs("</td><td>", fp);
			T(f->vex == VIGIL_VEX_STATUS_NONE ? "no statement" :
			    vigil_vex_status_name(f->vex));
			if (f->vex_detail) {
				fputs("<br><span class=\"sub\">", fp);
				T(f->vex_detail);
				fputs("</span>", fp);
			}
			fputs("</td><td>", fp);
			if (f->fixed) {
				fputs("update the component to ", fp);
				T(f->fixed);
			} else {
				fputs("no fixed version known", fp);
			}
			fputs("</td></tr>\n", fp);
		}
		fputs("</tbody></table>\n", fp);
	}

	/* 6. Patient harm. */
	fputs("<h2>6. Patient-harm assessment</h2>\n", fp);
	if (p == NULL) {
		fputs("<p>Not available without a device profile.</p>\n", fp);
	} else {
		fprintf(fp, "<p>The worst patient harm a compromise could cause "
		    "is <b>%s</b> (ISO 14971 severity). ",
		    vigil_harm_name(p->harm));
		if (d->has_rubric) {
			fputs("The MITRE rubric for applying CVSS to medical "
			    "devices gives this device the vector <span "
			    "class=\"mono\">", fp);
			T(d->rubric.vector);
			fputs("</span>. ", fp);
		}
		fprintf(fp, "Of the open findings, <b>%zu</b> %s an uncontrolled "
		    "risk (FDA postmarket guidance): ", d->uncontrolled,
		    d->uncontrolled == 1 ? "is" : "are");
		fputs(d->uncontrolled ? "the manufacturer notifies customers "
		    "within 30 days and fixes within 60 days." :
		    "residual risk is acceptable; fixes come with routine "
		    "updates.", fp);
		fputs("</p>\n", fp);
	}

	/* 7. Support dates. */
	fputs("<h2>7. Support dates and life-cycle stage</h2>\n", fp);
	fputs("<p>Stage: ", fp);
	stage_pill(fp, d->life.stage);
	fputs(" — ", fp);
	T(d->life.reason);
	fputs("</p>\n", fp);
	timeline(fp, d);
	fputs("<dl class=\"kv\">\n", fp);
	kv(fp, "End of life (limited support)", r->eol);
	kv(fp, "End of support", r->eos);
	vigil_life_date_format(ds, d->life.notice_due);
	kv(fp, "EOS notice due", ds);
	vigil_life_date_format(ds, d->life.transfer_start);
	kv(fp, "Transfer of responsibility starts", ds);
	if (r->note)
		kv(fp, "Support status", r->note);
	fputs("</dl>\n", fp);

	/* 8. EOS plan. */
	fputs("<h2>8. End-of-support plan and compensating controls</h2>\n",
	    fp);
	fputs("<p>At end of support the responsibility for the device's "
	    "cybersecurity passes to the healthcare provider (IMDRF N70). "
	    "The manufacturer keeps its duties for complaints, adverse "
	    "events and field actions. A device that stays in clinical use "
	    "after its end of support needs compensating controls; do not "
	    "rely on the network alone.</p>\n<table><thead><tr><th>Control "
	    "(N70 Table 1)</th><th>In the manufacturer's assessment</th>"
	    "</tr></thead><tbody>\n", fp);
	for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
		fprintf(fp, "<tr><td>%s</td><td>%s</td></tr>\n",
		    vigil_control_name((vigil_control)b), p != NULL &&
		    (p->controls & b) ? "relied on" : "—");
	fputs("</tbody></table>\n", fp);
	k = 0;
	for (i = 0; i < vigil_life_info_ncomponents(d->info); i++) {
		const vigil_life_component *c = vigil_life_info_component(
		    d->info, i);

		if (c->replaced_in == NULL)
			continue;
		if (k++ == 0)
			fputs("<p>Upgrade path: a later release no longer "
			    "contains</p>\n<ul>\n", fp);
		fputs("<li>", fp);
		T(c->name);
		fputs(" ", fp);
		T(c->version);
		fputs(" (release ", fp);
		T(c->replaced_in);
		fputs(")</li>\n", fp);
	}
	if (k > 0)
		fputs("</ul>\n", fp);

	/* 9. Reporting. */
	fputs("<h2>9. Reporting a vulnerability</h2>\n<p>", fp);
	if (contact != NULL) {
		fputs("Report suspected vulnerabilities to <b>", fp);
		T(contact);
		fputs("</b>. The manufacturer follows coordinated "
		    "vulnerability disclosure (ISO/IEC 29147, 30111).", fp);
	} else {
		fputs("No coordinated disclosure contact is recorded for this "
		    "release.", fp);
	}
	fputs("</p>\n", fp);

	/* 10. MDS2. */
	fputs("<h2>10. MDS2 summary</h2>\n", fp);
	if (d->controls == NULL) {
		fputs("<p>No controls file was given.</p>\n", fp);
	} else {
		json_t *ans = json_object_get(d->controls, "answers");
		size_t sidx;

		fputs("<p class=\"sub\">Answers from the manufacturer's controls "
		    "file, by section of the MDS2 form (ANSI/NEMA HN 1-2019)."
		    "</p>\n<table><thead><tr><th>Question</th><th>Answer</th>"
		    "<th>Note</th></tr></thead><tbody>\n", fp);
		for (sidx = 0; vigil__mds2_order[sidx] != NULL; sidx++) {
			const char *sec = vigil__mds2_order[sidx];
			size_t sl = strlen(sec);
			const char *id;
			json_t *a;
			bool head = false;

			json_object_foreach(ans, id, a) {
				if (strncmp(id, sec, sl) != 0 || id[sl] != '-')
					continue;
				if (!head) {
					fputs("<tr><th colspan=\"3\">", fp);
					T(sec);
					fputs(" — ", fp);
					T(vigil__mds2_section(sec, sl));
					fputs("</th></tr>\n", fp);
					head = true;
				}
				fputs("<tr><td class=\"mono\">", fp);
				T(id);
				fputs("</td><td>", fp);
				T(answer_label(json_string_value(json_object_get(
				    a, "answer"))));
				fputs("</td><td>", fp);
				T(json_string_value(json_object_get(a, "note")));
				fputs("</td></tr>\n", fp);
			}
		}
		fputs("</tbody></table>\n", fp);
	}
	vigil_life_date_format(ds, d->as_of);
	fputs("<footer>Generated by vigil from the manufacturer's records ", fp);
	T(d->opts->generated ? d->opts->generated : ds);
	fputs(". Stages and transitions after IMDRF N70; content after IMDRF "
	    "N60 §5.5 and the FDA premarket cybersecurity guidance's "
	    "labeling list.</footer>\n</main>\n</body>\n</html>\n", fp);
	return 0;
}
