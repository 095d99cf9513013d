/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Scan report writers: table (for a terminal), vigil JSON, SARIF 2.1.0,
 * CycloneDX 1.6 VDR and CSV.  The JSON-based formats are built as jansson
 * trees and dumped with sorted-as-built keys; nothing time-dependent is
 * written, so a report is a function of the scan.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "vgx.h"
#include "vigil/cvss.h"
#include "vigil/report.h"

static const char *const formats[] = {
	"table", "json", "sarif", "cyclonedx", "csv"
};

int
vigil_report_format_parse(vigil_report_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(formats); i++)
		if (strcmp(name, formats[i]) == 0) {
			*out = (vigil_report_format)i;
			return 0;
		}
	return VIGIL_EINVALID;
}

double
vigil_report_coverage(const vigil_match *m)
{
	vigil_match_summary s;

	vigil_match_get_summary(m, &s);
	if (s.components == 0)
		return 0.0;
	return 100.0 * (double)(s.affected + s.not_affected) /
	    (double)s.components;
}

static const char *
sev_name(const vigil_match_vuln *v)
{
	return v->has_cvss ? vigil_cvss_severity_name(v->severity) :
	    "unknown";
}

static char *
score_str(char *buf, size_t size, const vigil_match_vuln *v)
{
	if (!v->has_cvss) {
		snprintf(buf, size, "-");
		return buf;
	}
	return vigil_cvss_tenths_str(buf, size, v->score);
}

static const char *
str_or(const char *s, const char *dflt)
{
	return s != NULL ? s : dflt;
}

/* ---- table --------------------------------------------------------------- */

static const char *
sev_color(const vigil_match_vuln *v)
{
	if (!v->has_cvss)
		return "\033[2m";
	switch (v->severity) {
	case VIGIL_CVSS_CRITICAL:
		return "\033[1;31m";
	case VIGIL_CVSS_HIGH:
		return "\033[31m";
	case VIGIL_CVSS_MEDIUM:
		return "\033[33m";
	default:
		return "\033[2m";
	}
}

static void
upper(char *out, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < cap; i++)
		out[i] = (char)vgx_toupper((unsigned char)s[i]);
	out[i] = '\0';
}

static void
table_risk(FILE *fp, const vigil_risk_result *r)
{
	size_t k;

	if (r == NULL) {
		fprintf(fp, "%17s patient-harm risk: not assessed (no CVSS "
		    "vector)\n", "");
		return;
	}
	fprintf(fp, "%17s risk %s, %s, P%d; harm %s; %s\n", "",
	    vigil_risk_level_name(r->level), r->uncontrolled ? "uncontrolled" :
	    "controlled", r->priority, vigil_harm_name(r->harm), r->reason);
	for (k = 0; k < r->nobligations; k++)
		fprintf(fp, "%s%s%s%s", k ? ", " : "                  "
		    "obligations: ", vigil_obligation_name(
		    r->obligations[k].kind), r->obligations[k].due[0] != '\0' ?
		    " by " : "", r->obligations[k].due);
	if (r->nobligations > 0)
		fputc('\n', fp);
}

struct prio {
	uint64_t key;		/* vigil_risk_result.priority_key, 0: none */
	size_t idx;		/* finding index */
};

static int
cmp_prio(const void *a, const void *b)
{
	const struct prio *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;	/* larger key first */
	return x->idx < y->idx ? -1 : x->idx > y->idx;	/* then by severity */
}

/*
 * The order in which to list findings: with a device profile, the risk
 * module's priority (a person acts on the first row first), then the
 * scan's own severity order; without one, the scan's order.  NULL when
 * there is nothing to reorder or no memory (the scan's order is used).
 */
static size_t *
row_order(const vigil_match *m, const vigil_report_info *info)
{
	size_t i, n = vigil_match_finding_count(m);
	struct prio *p;
	size_t *order;

	if (info->profile == NULL || info->risk == NULL || n < 2)
		return NULL;
	if ((p = vgx_calloc(n, sizeof(*p))) == NULL)
		return NULL;
	if ((order = vgx_calloc(n, sizeof(*order))) == NULL) {
		vgx_free(p);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		p[i].idx = i;
		p[i].key = info->risk[i] != NULL ? info->risk[i]->priority_key :
		    0;
	}
	qsort(p, n, sizeof(*p), cmp_prio);
	for (i = 0; i < n; i++)
		order[i] = p[i].idx;
	vgx_free(p);
	return order;
}

static void
table_rows(FILE *fp, const vigil_match *m, const vigil_report_info *info,
    bool confirmed)
{
	size_t *order = row_order(m, info);
	size_t k;

	for (k = 0; k < vigil_match_finding_count(m); k++) {
		size_t i = order != NULL ? order[k] : k;
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, f->vuln);
		const vigil_match_component *c =
		    vigil_match_component_at(m, f->component);
		char sc[16], sev[16], epss[16];

		if (f->confirmed != confirmed)
			continue;
		upper(sev, sizeof(sev), sev_name(v));
		if (v->has_epss)
			snprintf(epss, sizeof(epss), "%.1f%%", v->epss * 100.0);
		else
			snprintf(epss, sizeof(epss), "-");
		fprintf(fp, "%s%-9s%s %5s  %-20s %-24s %-14s %-14s %-3s %6s\n",
		    info->color ? sev_color(v) : "", sev,
		    info->color ? "\033[0m" : "", score_str(sc, sizeof(sc), v),
		    v->id, str_or(c->name, str_or(c->ref, "?")),
		    str_or(c->version, "-"), str_or(f->fixed, "-"),
		    v->kev ? "KEV" : "", epss);
		if (v->naliases > 1) {
			size_t a, n = 0;

			fprintf(fp, "%17s aliases:", "");
			for (a = 0; a < v->naliases; a++)
				if (strcmp(v->aliases[a], v->id) != 0)
					fprintf(fp, "%s%s", n++ ? ", " : " ",
					    v->aliases[a]);
			fputc('\n', fp);
		}
		if (!confirmed && f->nevidence > 0 &&
		    f->evidence[0].note != NULL)
			fprintf(fp, "%17s %s\n", "", f->evidence[0].note);
		if (info->profile != NULL && confirmed)
			table_risk(fp, info->risk[i]);
	}
	vgx_free(order);
}

static void
coverage_line(FILE *fp, const vigil_match *m)
{
	vigil_match_summary s;
	size_t r;
	int n = 0;

	vigil_match_get_summary(m, &s);
	fprintf(fp, "Coverage: %zu component%s: %zu affected, %zu not "
	    "affected, %zu not evaluated", s.components,
	    s.components == 1 ? "" : "s", s.affected, s.not_affected,
	    s.not_evaluated);
	for (r = 1; r < VIGIL_MATCH_NREASONS; r++)
		if (s.reasons[r] > 0)
			fprintf(fp, "%s%s %zu", n++ ? ", " : " (",
			    vigil_match_reason_name((vigil_match_reason)r),
			    s.reasons[r]);
	fprintf(fp, "%s; %.1f%% evaluated.\n", n ? ")" : "",
	    vigil_report_coverage(m));
}

static int
write_table(FILE *fp, const vigil_match *m, const vigil_report_info *info)
{
	vigil_match_summary s;
	size_t i;

	vigil_match_get_summary(m, &s);
	if (info->subject_name != NULL)
		fprintf(fp, "%s%s%s (%s)\n\n", info->subject_name,
		    info->subject_version != NULL ? " " : "",
		    str_or(info->subject_version, ""), info->sbom);
	if (s.findings > 0) {
		fprintf(fp, "%-9s %5s  %-20s %-24s %-14s %-14s %-3s %6s\n",
		    "SEVERITY", "SCORE", "VULNERABILITY", "COMPONENT",
		    "INSTALLED", "FIXED", "KEV", "EPSS");
		table_rows(fp, m, info, true);
	} else if (s.affected + s.not_affected > 0) {
		fprintf(fp, "No known vulnerability in the components "
		    "evaluated.\n");
	} else {
		fprintf(fp, "Nothing was evaluated: this is not a clean "
		    "result.\n");
	}
	if (s.unconfirmed > 0) {
		fprintf(fp, "\nOnly on a platform the SBOM does not list (not "
		    "counted as affected):\n");
		table_rows(fp, m, info, false);
	}
	if (s.not_evaluated > 0) {
		fprintf(fp, "\nNot evaluated:\n");
		for (i = 0; i < vigil_match_component_count(m); i++) {
			const vigil_match_component *c =
			    vigil_match_component_at(m, i);

			if (c->state != VIGIL_MATCH_NOT_EVALUATED)
				continue;
			fprintf(fp, "  %-24s %-14s %-21s %s\n",
			    str_or(c->name, str_or(c->ref, "?")),
			    str_or(c->version, "-"),
			    vigil_match_reason_name(c->reason),
			    str_or(c->detail, ""));
		}
	}
	fputc('\n', fp);
	coverage_line(fp, m);
	fprintf(fp, "%zu vulnerabilit%s, %zu finding%s.  Store snapshot "
	    "%.16s, vigil %s.\n", s.vulns, s.vulns == 1 ? "y" : "ies",
	    s.findings, s.findings == 1 ? "" : "s", info->snapshot,
	    vigil_version_string());
	if (info->profile != NULL)
		fprintf(fp, "Patient-harm risk assessed for %s.\n",
		    info->profile);
	else
		fprintf(fp, "Patient-harm risk was not assessed (no "
		    "--profile).\n");
	return 0;
}

/* ---- CSV ----------------------------------------------------------------- */

static void
csv_field(FILE *fp, const char *s, bool last)
{
	if (s != NULL && strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', fp);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else if (s != NULL) {
		/* a leading = + - @ would be a formula in a spreadsheet */
		if (strchr("=+-@", s[0]) != NULL && s[0] != '\0')
			fputc('\'', fp);
		fputs(s, fp);
	}
	fputc(last ? '\n' : ',', fp);
}

static int
write_csv(FILE *fp, const vigil_match *m, const vigil_report_info *info)
{
	size_t i, a;

	fprintf(fp, "severity,score,vulnerability,aliases,component,ref,"
	    "installed,fixed,kev,epss,confirmed,%sevidence,snapshot,vigil\n",
	    info->profile != NULL ? "risk,control,priority,obligations,"
	    "reason," : "");
	for (i = 0; i < vigil_match_finding_count(m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, f->vuln);
		const vigil_match_component *c =
		    vigil_match_component_at(m, f->component);
		char sc[16], epss[32];
		vgx_buf b;

		vgx_buf_init(&b, (size_t)1 << 24);
		for (a = 0; a < v->naliases; a++)
			vgx_buf_printf(&b, "%s%s", a ? " " : "",
			    v->aliases[a]);
		csv_field(fp, sev_name(v), false);
		csv_field(fp, v->has_cvss ? score_str(sc, sizeof(sc), v) : "",
		    false);
		csv_field(fp, v->id, false);
		csv_field(fp, vgx_buf_cstr(&b), false);
		csv_field(fp, c->name, false);
		csv_field(fp, c->ref, false);
		csv_field(fp, c->version, false);
		csv_field(fp, f->fixed, false);
		csv_field(fp, v->kev ? "yes" : "no", false);
		snprintf(epss, sizeof(epss), "%.5f", v->epss);
		csv_field(fp, v->has_epss ? epss : "", false);
		csv_field(fp, f->confirmed ? "yes" : "no", false);
		if (info->profile != NULL) {
			const vigil_risk_result *r = info->risk[i];
			char pr[8];
			size_t k;

			vgx_buf_reset(&b);
			if (r != NULL)
				for (k = 0; k < r->nobligations; k++)
					vgx_buf_printf(&b, "%s%s%s%s", k ? " " :
					    "", vigil_obligation_name(
					    r->obligations[k].kind),
					    r->obligations[k].due[0] ? "@" : "",
					    r->obligations[k].due);
			snprintf(pr, sizeof(pr), "P%d", r ? r->priority : 0);
			csv_field(fp, r ? vigil_risk_level_name(r->level) : "",
			    false);
			csv_field(fp, r ? (r->uncontrolled ? "uncontrolled" :
			    "controlled") : "", false);
			csv_field(fp, r ? pr : "", false);
			csv_field(fp, vgx_buf_cstr(&b), false);
			csv_field(fp, r ? r->reason : "not assessed", false);
		}
		vgx_buf_reset(&b);
		for (a = 0; a < f->nevidence; a++)
			vgx_buf_printf(&b, "%s%s %s: %s", a ? "; " : "",
			    f->evidence[a].source, f->evidence[a].record,
			    f->evidence[a].match);
		csv_field(fp, vgx_buf_cstr(&b), false);
		/* every row names the store and vigil, so that rows keep
		 * their provenance when copied elsewhere */
		csv_field(fp, info->snapshot, false);
		csv_field(fp, vigil_version_string(), true);
		vgx_buf_dispose(&b);
	}
	return 0;
}

/* ---- JSON trees ---------------------------------------------------------- */

static _Thread_local int oom;

static void
set(json_t *o, const char *k, json_t *v)
{
	if (v == NULL || json_object_set_new(o, k, v) < 0)
		oom = 1;
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
jnum(int tenths)
{
	return json_real((double)tenths / 10.0);
}

static json_t *
risk_json(const vigil_risk_result *r)
{
	json_t *o, *ob;
	size_t k;

	if (r == NULL)
		return json_pack("{s:b,s:s}", "assessed", 0, "note",
		    "not assessed: unconfirmed, or no CVSS vector");
	o = json_object();
	ob = json_array();
	set(o, "assessed", json_true());
	set(o, "level", json_string(vigil_risk_level_name(r->level)));
	set(o, "uncontrolled", json_boolean(r->uncontrolled));
	set(o, "harm", json_string(vigil_harm_name(r->harm)));
	set(o, "exploitability", json_integer(r->exploitability));
	set(o, "device_vector", json_string(r->device_vector));
	set(o, "device_score", jnum(r->device_score));
	set(o, "priority", json_integer(r->priority));
	set(o, "reason", json_string(r->reason));
	for (k = 0; k < r->nobligations; k++)
		json_array_append_new(ob, json_pack("{s:s,s:o,s:o}", "kind",
		    vigil_obligation_name(r->obligations[k].kind), "days",
		    r->obligations[k].days >= 0 ?
		    json_integer(r->obligations[k].days) : json_null(), "due",
		    r->obligations[k].due[0] ? json_string(
		    r->obligations[k].due) : json_null()));
	set(o, "obligations", ob);
	return o;
}

static json_t *
vuln_json(const vigil_match_vuln *v)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	set(o, "id", jstr(v->id));
	for (i = 0; i < v->naliases; i++)
		json_array_append_new(a, json_string(v->aliases[i]));
	set(o, "aliases", a);
	set(o, "summary", jstr(v->summary));
	set(o, "severity", json_string(sev_name(v)));
	if (v->has_cvss) {
		json_t *c = json_object();

		set(c, "version", json_string(vigil_cvss_version_name(
		    v->cvss_version)));
		set(c, "vector", json_string(v->cvss_vector));
		set(c, "score", jnum(v->score));
		set(o, "cvss", c);
	} else {
		set(o, "cvss", json_null());
	}
	if (v->kev) {
		json_t *k = json_object();

		set(k, "date_added", jstr(v->kev_added));
		set(k, "due_date", jstr(v->kev_due));
		set(k, "ransomware", json_boolean(v->kev_ransomware));
		set(o, "kev", k);
	} else {
		set(o, "kev", json_null());
	}
	if (v->has_epss) {
		json_t *e = json_object();

		set(e, "score", json_real(v->epss));
		set(e, "percentile", json_real(v->epss_percentile));
		set(o, "epss", e);
	} else {
		set(o, "epss", json_null());
	}
	return o;
}

static json_t *
evidence_json(const vigil_match_finding *f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < f->nevidence; i++) {
		json_t *e = json_object();

		set(e, "source", json_string(f->evidence[i].source));
		set(e, "record", json_string(f->evidence[i].record));
		set(e, "match", jstr(f->evidence[i].match));
		set(e, "note", jstr(f->evidence[i].note));
		json_array_append_new(a, e);
	}
	return a;
}

static json_t *
component_json(const vigil_match_component *c, bool full)
{
	json_t *o = json_object();

	set(o, "ref", jstr(c->ref));
	set(o, "name", jstr(c->name));
	set(o, "version", jstr(c->version));
	set(o, "purl", jstr(c->purl));
	if (!full)
		return o;
	set(o, "ecosystem", jstr(c->ecosystem));
	set(o, "cpe", jstr(c->cpe));
	set(o, "cpe_from_identity_map", json_boolean(c->cpe_mapped));
	set(o, "state", json_string(vigil_match_state_name(c->state)));
	set(o, "reason", c->state == VIGIL_MATCH_NOT_EVALUATED ?
	    json_string(vigil_match_reason_name(c->reason)) : json_null());
	set(o, "detail", jstr(c->detail));
	set(o, "findings", json_integer((json_int_t)c->nfindings));
	set(o, "unconfirmed", json_integer((json_int_t)c->nunconfirmed));
	return o;
}

static json_t *
summary_json(const vigil_match *m)
{
	vigil_match_summary s;
	json_t *o = json_object(), *r = json_object();
	size_t i;

	vigil_match_get_summary(m, &s);
	set(o, "components", json_integer((json_int_t)s.components));
	set(o, "affected", json_integer((json_int_t)s.affected));
	set(o, "not_affected", json_integer((json_int_t)s.not_affected));
	set(o, "not_evaluated", json_integer((json_int_t)s.not_evaluated));
	for (i = 1; i < VIGIL_MATCH_NREASONS; i++)
		set(r, vigil_match_reason_name((vigil_match_reason)i),
		    json_integer((json_int_t)s.reasons[i]));
	set(o, "not_evaluated_by_reason", r);
	set(o, "coverage_percent", json_real(vigil_report_coverage(m)));
	set(o, "vulnerabilities", json_integer((json_int_t)s.vulns));
	set(o, "findings", json_integer((json_int_t)s.findings));
	set(o, "unconfirmed", json_integer((json_int_t)s.unconfirmed));
	return o;
}

static json_t *
build_json(const vigil_match *m, const vigil_report_info *info)
{
	json_t *o = json_object(), *sb = json_object(), *fa = json_array();
	json_t *ca = json_array(), *st = json_object(), *risk = json_object();
	size_t i;

	set(o, "schema", json_string("https://vigil.example/schema/scan-1"));
	set(o, "vigil", json_string(vigil_version_string()));
	set(st, "snapshot", jstr(info->snapshot));
	set(o, "store", st);
	set(sb, "path", jstr(info->sbom));
	set(sb, "format", jstr(info->sbom_format));
	set(sb, "serial", jstr(info->serial));
	set(sb, "subject", json_pack("{s:o,s:o,s:o}", "name",
	    jstr(info->subject_name), "version", jstr(info->subject_version),
	    "ref", jstr(info->subject_ref)));
	set(o, "sbom", sb);
	set(o, "summary", summary_json(m));
	for (i = 0; i < vigil_match_finding_count(m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		json_t *x = vuln_json(vigil_match_vuln_at(m, f->vuln));

		set(x, "component", component_json(vigil_match_component_at(m,
		    f->component), false));
		set(x, "confirmed", json_boolean(f->confirmed));
		set(x, "fixed", jstr(f->fixed));
		set(x, "evidence", evidence_json(f));
		if (info->profile != NULL)
			set(x, "risk", risk_json(info->risk[i]));
		json_array_append_new(fa, x);
	}
	set(o, "findings", fa);
	for (i = 0; i < vigil_match_component_count(m); i++)
		json_array_append_new(ca, component_json(
		    vigil_match_component_at(m, i), true));
	set(o, "components", ca);
	if (info->profile != NULL) {
		set(risk, "assessed", json_true());
		set(risk, "profile", json_string(info->profile));
	} else {
		set(risk, "assessed", json_false());
		set(risk, "note", json_string("patient-harm risk was not "
		    "assessed (no --profile)"));
	}
	set(o, "risk", risk);
	return o;
}

static const char *
sarif_level(const vigil_match_vuln *v, bool confirmed)
{
	if (!confirmed || !v->has_cvss)
		return "note";
	return v->severity >= VIGIL_CVSS_HIGH ? "error" :
	    v->severity == VIGIL_CVSS_MEDIUM ? "warning" : "note";
}

static json_t *
build_sarif(const vigil_match *m, const vigil_report_info *info)
{
	json_t *o = json_object(), *run = json_object(), *drv = json_object();
	json_t *rules = json_array(), *res = json_array(), *props;
	size_t i, nv = vigil_match_vuln_count(m);
	char sc[16];

	set(o, "$schema", json_string("https://json.schemastore.org/"
	    "sarif-2.1.0.json"));
	set(o, "version", json_string("2.1.0"));
	set(drv, "name", json_string("vigil"));
	set(drv, "version", json_string(vigil_version_string()));
	set(drv, "informationUri", json_string("https://vigil.example/"));
	for (i = 0; i < nv; i++) {
		const vigil_match_vuln *v = vigil_match_vuln_at(m, i);
		json_t *r = json_object(), *p = json_object();

		set(r, "id", json_string(v->id));
		set(r, "shortDescription", json_pack("{s:s}", "text",
		    v->summary != NULL ? v->summary : v->id));
		if (v->has_cvss)
			set(p, "security-severity", json_string(score_str(sc,
			    sizeof(sc), v)));
		set(p, "tags", json_pack("[s]", "security"));
		set(r, "properties", p);
		json_array_append_new(rules, r);
	}
	set(drv, "rules", rules);
	set(run, "tool", json_pack("{s:o}", "driver", drv));
	for (i = 0; i < vigil_match_finding_count(m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, f->vuln);
		const vigil_match_component *c =
		    vigil_match_component_at(m, f->component);
		json_t *r = json_object(), *loc, *p;
		vgx_buf b;

		vgx_buf_init(&b, (size_t)1 << 20);
		vgx_buf_printf(&b, "%s %s is affected by %s", str_or(c->name,
		    "?"), str_or(c->version, "?"), v->id);
		if (f->fixed != NULL)
			vgx_buf_printf(&b, " (fixed in %s)", f->fixed);
		if (!f->confirmed)
			vgx_buf_adds(&b, " only on a platform the SBOM does "
			    "not list");
		set(r, "ruleId", json_string(v->id));
		set(r, "ruleIndex", json_integer((json_int_t)f->vuln));
		set(r, "level", json_string(sarif_level(v, f->confirmed)));
		set(r, "message", json_pack("{s:s}", "text",
		    vgx_buf_cstr(&b)));
		vgx_buf_dispose(&b);
		loc = json_pack("{s:{s:{s:s}},s:[{s:s,s:s,s:s}]}",
		    "physicalLocation", "artifactLocation", "uri",
		    str_or(info->sbom, "sbom"), "logicalLocations", "name",
		    str_or(c->name, "?"), "fullyQualifiedName",
		    str_or(c->purl, str_or(c->cpe, str_or(c->name, "?"))),
		    "kind", "module");
		set(r, "locations", json_pack("[o]", loc));
		p = json_object();
		set(p, "component_ref", jstr(c->ref));
		set(p, "installed", jstr(c->version));
		set(p, "fixed", jstr(f->fixed));
		set(p, "confirmed", json_boolean(f->confirmed));
		set(p, "kev", json_boolean(v->kev));
		set(p, "evidence", evidence_json(f));
		if (info->profile != NULL)
			set(p, "risk", risk_json(info->risk[i]));
		set(r, "properties", p);
		json_array_append_new(res, r);
	}
	set(run, "results", res);
	props = json_object();
	set(props, "store_snapshot", jstr(info->snapshot));
	set(props, "risk_profile", info->profile != NULL ?
	    json_string(info->profile) : json_string("not assessed"));
	set(props, "summary", summary_json(m));
	set(run, "properties", props);
	set(o, "runs", json_pack("[o]", run));
	return o;
}

static const char *
cdx_method(vigil_cvss_version v)
{
	switch (v) {
	case VIGIL_CVSS_V2:
		return "CVSSv2";
	case VIGIL_CVSS_V30:
		return "CVSSv3";
	case VIGIL_CVSS_V31:
		return "CVSSv31";
	default:
		return "CVSSv4";
	}
}

static const char *
id_source(const char *id)
{
	if (strncmp(id, "CVE-", 4) == 0)
		return "NVD";
	if (strncmp(id, "GHSA-", 5) == 0)
		return "GitHub";
	return "OSV";
}

static json_t *
prop(const char *name, const char *value)
{
	return json_pack("{s:s,s:s}", "name", name, "value", value);
}

static json_t *
build_cdx(const vigil_match *m, const vigil_report_info *info)
{
	json_t *o = json_object(), *md = json_object(), *vulns = json_array();
	json_t *mp = json_array();
	size_t i, j, nv = vigil_match_vuln_count(m);
	char buf[64];

	set(o, "bomFormat", json_string("CycloneDX"));
	set(o, "specVersion", json_string("1.6"));
	set(o, "version", json_integer(1));
	set(md, "tools", json_pack("{s:[{s:s,s:s,s:s}]}", "components",
	    "type", "application", "name", "vigil", "version",
	    vigil_version_string()));
	if (info->subject_name != NULL) {
		json_t *c = json_pack("{s:s,s:s}", "type", "device", "name",
		    info->subject_name);

		if (info->subject_version != NULL)
			set(c, "version", json_string(info->subject_version));
		if (info->subject_ref != NULL)
			set(c, "bom-ref", json_string(info->subject_ref));
		set(md, "component", c);
	}
	json_array_append_new(mp, prop("vigil:store-snapshot",
	    str_or(info->snapshot, "")));
	if (info->serial != NULL)
		json_array_append_new(mp, prop("vigil:sbom-serial",
		    info->serial));
	snprintf(buf, sizeof(buf), "%.1f", vigil_report_coverage(m));
	json_array_append_new(mp, prop("vigil:coverage-percent", buf));
	json_array_append_new(mp, prop("vigil:risk-profile",
	    info->profile != NULL ? info->profile : "not assessed"));
	set(md, "properties", mp);
	set(o, "metadata", md);
	for (i = 0; i < nv; i++) {
		const vigil_match_vuln *v = vigil_match_vuln_at(m, i);
		json_t *x = json_object(), *aff = json_array(), *refs =
		    json_array(), *props = json_array();
		bool any = false, confirmed = false;
		const char *note = NULL;

		for (j = 0; j < vigil_match_finding_count(m); j++) {
			const vigil_match_finding *f =
			    vigil_match_finding_at(m, j);
			const vigil_match_component *c;

			if (f->vuln != i)
				continue;
			c = vigil_match_component_at(m, f->component);
			if (c->ref == NULL)
				continue;
			any = true;
			if (f->confirmed)
				confirmed = true;
			else if (f->nevidence > 0)
				note = f->evidence[0].note;
			json_array_append_new(aff, json_pack("{s:s}", "ref",
			    c->ref));
		}
		if (!any) {
			json_decref(x);
			json_decref(aff);
			json_decref(refs);
			json_decref(props);
			continue;
		}
		snprintf(buf, sizeof(buf), "vuln-%zu", i + 1);
		set(x, "bom-ref", json_string(buf));
		set(x, "id", json_string(v->id));
		set(x, "source", json_pack("{s:s}", "name", id_source(v->id)));
		for (j = 0; j < v->naliases; j++)
			if (strcmp(v->aliases[j], v->id) != 0)
				json_array_append_new(refs, json_pack(
				    "{s:s,s:{s:s}}", "id", v->aliases[j],
				    "source", "name", id_source(
				    v->aliases[j])));
		set(x, "references", refs);
		if (v->has_cvss) {
			char sc[16];

			(void)score_str(sc, sizeof(sc), v);
			set(x, "ratings", json_pack("[{s:f,s:s,s:s,s:s}]",
			    "score", (double)v->score / 10.0, "severity",
			    vigil_cvss_severity_name(v->severity), "method",
			    cdx_method(v->cvss_version), "vector",
			    v->cvss_vector));
		}
		if (v->summary != NULL)
			set(x, "description", json_string(v->summary));
		if (!confirmed)
			set(x, "analysis", json_pack("{s:s,s:s}", "state",
			    "in_triage", "detail", note != NULL ? note :
			    "only on a platform the SBOM does not list"));
		set(x, "affects", aff);
		if (info->profile != NULL) {
			const vigil_risk_result *r = NULL;

			for (j = 0; j < vigil_match_finding_count(m) && r ==
			    NULL; j++)
				if (vigil_match_finding_at(m, j)->vuln == i)
					r = info->risk[j];
			if (r != NULL) {
				char pr[8];

				snprintf(pr, sizeof(pr), "P%d", r->priority);
				json_array_append_new(props, prop(
				    "vigil:risk-level",
				    vigil_risk_level_name(r->level)));
				json_array_append_new(props, prop(
				    "vigil:risk-control", r->uncontrolled ?
				    "uncontrolled" : "controlled"));
				json_array_append_new(props, prop(
				    "vigil:priority", pr));
				json_array_append_new(props, prop(
				    "vigil:risk-reason", r->reason));
			}
		}
		if (v->kev)
			json_array_append_new(props, prop("vigil:kev",
			    "true"));
		if (v->has_epss) {
			snprintf(buf, sizeof(buf), "%.5f", v->epss);
			json_array_append_new(props, prop("vigil:epss", buf));
		}
		if (json_array_size(props) > 0)
			set(x, "properties", props);
		else
			json_decref(props);
		json_array_append_new(vulns, x);
	}
	set(o, "vulnerabilities", vulns);
	return o;
}

int
vigil_report_write(FILE *fp, const vigil_match *m,
    vigil_report_format format, const vigil_report_info *info,
    vigil_error *err)
{
	json_t *root = NULL;
	int rc = 0;

	oom = 0;
	switch (format) {
	case VIGIL_REPORT_TABLE:
		rc = write_table(fp, m, info);
		break;
	case VIGIL_REPORT_CSV:
		rc = write_csv(fp, m, info);
		break;
	case VIGIL_REPORT_JSON:
		root = build_json(m, info);
		break;
	case VIGIL_REPORT_SARIF:
		root = build_sarif(m, info);
		break;
	case VIGIL_REPORT_CYCLONEDX:
		root = build_cdx(m, info);
		break;
	default:
		return vigil__error(err, VIGIL_EINVALID, "unknown format");
	}
	if (root != NULL || format == VIGIL_REPORT_JSON ||
	    format == VIGIL_REPORT_SARIF || format == VIGIL_REPORT_CYCLONEDX) {
		if (root == NULL || oom) {
			json_decref(root);
			return vigil__error_oom(err);
		}
		if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6)) < 0)
			rc = VIGIL_EIO;
		else
			fputc('\n', fp);
		json_decref(root);
	}
	if (rc == 0 && ferror(fp))
		rc = VIGIL_EIO;
	return rc < 0 ? vigil__error(err, rc, "cannot write the report") : 0;
}
