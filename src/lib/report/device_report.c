/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The customer security document of a device release as Markdown (the
 * same sections as the HTML page, without the charts) and as JSON (every
 * fact of the document for programs; docs/reports.md).
 */
#include <string.h>

#include "docint.h"
#include "vgx.h"

/* Markdown table cell: '|' escaped, newlines as spaces. */
static void
md(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("—", fp);
		return;
	}
	for (; *s != '\0'; s++) {
		if (*s == '|' || *s == '*' || *s == '_' || *s == '`' ||
		    *s == '<' || *s == '[' || *s == ']' || *s == '\\')
			fputc('\\', fp);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, fp);
	}
}

static const char *
yn(vigil_answer a)
{
	return a == VIGIL_ANSWER_YES ? "yes" : a == VIGIL_ANSWER_NO ? "no" :
	    "not stated";
}

static const char *
dir_name(vigil_direction d)
{
	return d == VIGIL_DIR_IN ? "in" : d == VIGIL_DIR_OUT ? "out" : "both";
}

int
vigil__doc_markdown(FILE *fp, const struct doc *d, vigil_error *err)
{
	const vigil_fleet_release *r = vigil_life_info_release(d->info);
	const vigil_profile *p = vigil_life_info_profile(d->info);
	const char *contact = r->contact;
	char ds[11];
	size_t i;
	unsigned b;

	(void)err;
	if (contact == NULL && d->controls != NULL)
		contact = json_string_value(json_object_get(d->controls,
		    "contact"));
	vigil_life_date_format(ds, d->as_of);
	fputs("# ", fp);
	md(fp, r->model);
	fputs(" ", fp);
	md(fp, r->release);
	fputs(" — customer security documentation\n\n", fp);
	md(fp, r->manufacturer);
	fprintf(fp, " · status as of %s\n\n## 1. Device description\n\n"
	    "| | |\n| --- | --- |\n", ds);
	fputs("| Manufacturer | ", fp);
	md(fp, r->manufacturer);
	fputs(" |\n| Model | ", fp);
	md(fp, r->model);
	fputs(" |\n| Software version | ", fp);
	md(fp, r->release);
	fputs(" |\n| UDI-DI | ", fp);
	md(fp, r->udi_di);
	fputs(" |\n| Released | ", fp);
	md(fp, r->released);
	fputs(" |\n", fp);
	if (p != NULL)
		fprintf(fp, "| Delivers therapy | %s |\n| Diagnosis or "
		    "monitoring | %s |\n| Holds patient data | %s |\n"
		    "| Worst-case harm (ISO 14971) | %s |\n",
		    yn(p->therapy_delivery), yn(p->diagnosis_monitoring),
		    yn(p->phi_pii), vigil_harm_name(p->harm));
	fputs("\n## 2. Interfaces and ports\n\n", fp);
	if (p != NULL && p->ninterfaces > 0) {
		fputs("| Interface | Port | Function | Direction |\n"
		    "| --- | --- | --- | --- |\n", fp);
		for (i = 0; i < p->ninterfaces; i++) {
			fputs("| ", fp);
			md(fp, p->interfaces[i].name);
			fputs(" | ", fp);
			md(fp, p->interfaces[i].port);
			fputs(" | ", fp);
			md(fp, p->interfaces[i].function);
			fprintf(fp, " | %s |\n", dir_name(
			    p->interfaces[i].direction));
		}
	} else {
		fputs("No interfaces are recorded.\n", fp);
	}
	fputs("\n## 3. Recommended security controls\n\n", fp);
	if (d->controls != NULL) {
		json_t *v, *rec = json_object_get(d->controls,
		    "recommended_controls");

		json_array_foreach(rec, i, v) {
			fputs("- ", fp);
			md(fp, json_string_value(v));
			fputs("\n", fp);
		}
	}
	if (p != NULL)
		for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
			if (p->controls & b)
				fprintf(fp, "- compensating control relied on: "
				    "%s\n", vigil_control_name((vigil_control)b));
	fputs("\n## 4. Software bill of materials\n\n", fp);
	if (!vigil_life_info_has_sbom(d->info)) {
		fputs("No SBOM is recorded for this release.\n", fp);
	} else {
		fprintf(fp, "Format %s %s, %zu components, %u SBOM%s recorded, "
		    "SHA-256 `%s`.", d->sbom_format, d->sbom_spec,
		    vigil_life_info_ncomponents(d->info),
		    vigil_life_info_sbom_count(d->info),
		    vigil_life_info_sbom_count(d->info) == 1 ? "" : "s",
		    vigil_life_info_sbom_sha256(d->info));
		if (d->opts->sbom_link) {
			fputs(" Machine-readable SBOM: <", fp);
			fputs(d->opts->sbom_link, fp);
			fputs(">.", fp);
		}
		fputs("\n\n| Component | Version | Level of support | End of "
		    "support |\n| --- | --- | --- | --- |\n", fp);
		for (i = 0; i < vigil_life_info_ncomponents(d->info); i++) {
			const vigil_life_component *c =
			    vigil_life_info_component(d->info, i);

			vigil_life_date_format(ds, c->eos);
			fputs("| ", fp);
			md(fp, c->name);
			fputs(" | ", fp);
			md(fp, c->version);
			fputs(" | ", fp);
			md(fp, c->support ? c->support : "not stated");
			fprintf(fp, " | %s%s |\n", ds[0] ? ds : "not stated",
			    vigil_life_component_unsupported(c, d->as_of) ?
			    " (unsupported)" : "");
		}
	}
	fputs("\n## 5. Known vulnerabilities\n\n", fp);
	if (!d->scanned) {
		fputs("This release has not been scanned.\n", fp);
	} else if (d->nf == 0) {
		fputs("The last scan found no known vulnerability.\n", fp);
	} else {
		fprintf(fp, "Open findings by risk: critical %zu, high %zu, "
		    "medium %zu, low %zu, not assessed %zu.\n\n",
		    d->risk_count[4], d->risk_count[3], d->risk_count[2],
		    d->risk_count[1], d->risk_count[0]);
		fputs("| Vulnerability | Component | CVSS | Risk | VEX status | "
		    "Remediation |\n| --- | --- | --- | --- | --- | --- |\n",
		    fp);
		for (i = 0; i < d->nf; i++) {
			const struct doc_finding *f = &d->f[i];

			fputs("| ", fp);
			md(fp, f->vuln);
			fprintf(fp, "%s | ", f->kev ? " (KEV)" : "");
			md(fp, f->component);
			if (f->score >= 0)
				fprintf(fp, " | %d.%d | ", f->score / 10,
				    f->score % 10);
			else
				fputs(" | — | ", fp);
			if (f->assessed)
				fprintf(fp, "%s, %s", vigil_risk_level_name(
				    f->risk.level), f->risk.uncontrolled ?
				    "uncontrolled" : "controlled");
			else
				fputs("not assessed", fp);
			fputs(" | ", fp);
			md(fp, f->vex == VIGIL_VEX_STATUS_NONE ? "no statement" :
			    vigil_vex_status_name(f->vex));
			fputs(" | ", fp);
			if (f->fixed) {
				fputs("update to ", fp);
				md(fp, f->fixed);
			} else {
				fputs("no fixed version known", fp);
			}
			fputs(" |\n", fp);
		}
	}
	fputs("\n## 6. Patient-harm assessment\n\n", fp);
	if (p == NULL)
		fputs("Not available without a device profile.\n", fp);
	else
		fprintf(fp, "Worst-case harm: %s. Uncontrolled risks among the "
		    "open findings: %zu.%s%s\n", vigil_harm_name(p->harm),
		    d->uncontrolled, d->has_rubric ? " Device vector (MITRE "
		    "rubric): " : "", d->has_rubric ? d->rubric.vector : "");
	fprintf(fp, "\n## 7. Support dates and life-cycle stage\n\nStage: "
	    "**%s** — ", vigil_life_stage_name(d->life.stage));
	md(fp, d->life.reason);
	fputs("\n\n| Date | |\n| --- | --- |\n", fp);
	fputs("| Released | ", fp);
	md(fp, r->released);
	fputs(" |\n| End of life (limited support) | ", fp);
	md(fp, r->eol);
	fputs(" |\n| End of support | ", fp);
	md(fp, r->eos);
	vigil_life_date_format(ds, d->life.notice_due);
	fprintf(fp, " |\n| EOS notice due | %s |\n", ds[0] ? ds : "—");
	vigil_life_date_format(ds, d->life.transfer_start);
	fprintf(fp, "| Transfer of responsibility starts | %s |\n", ds[0] ? ds :
	    "—");
	fputs("\n## 8. End-of-support plan and compensating controls\n\n"
	    "At end of support the responsibility for the device's "
	    "cybersecurity passes to the healthcare provider (IMDRF N70). "
	    "Compensating controls (N70 Table 1):", fp);
	for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
		fprintf(fp, "%s %s%s", b == 1 ? "" : ",",
		    vigil_control_name((vigil_control)b), p != NULL &&
		    (p->controls & b) ? " (relied on)" : "");
	fputs(".\n\n## 9. Reporting a vulnerability\n\n", fp);
	if (contact != NULL) {
		fputs("Report suspected vulnerabilities to ", fp);
		md(fp, contact);
		fputs(" (coordinated vulnerability disclosure, ISO/IEC 29147)."
		    "\n", fp);
	} else {
		fputs("No disclosure contact is recorded.\n", fp);
	}
	fputs("\n## 10. MDS2 summary\n\n", fp);
	if (d->controls == NULL) {
		fputs("No controls file was given.\n", fp);
	} else {
		json_t *ans = json_object_get(d->controls, "answers"), *a;
		const char *id;
		size_t s;

		fputs("| Question | Answer | Note |\n| --- | --- | --- |\n", fp);
		for (s = 0; vigil__mds2_order[s] != NULL; s++) {
			size_t sl = strlen(vigil__mds2_order[s]);

			json_object_foreach(ans, id, a) {
				if (strncmp(id, vigil__mds2_order[s], sl) != 0 ||
				    id[sl] != '-')
					continue;
				fputs("| ", fp);
				md(fp, id);
				fputs(" | ", fp);
				md(fp, json_string_value(json_object_get(a,
				    "answer")));
				fputs(" | ", fp);
				md(fp, json_string_value(json_object_get(a,
				    "note")));
				fputs(" |\n", fp);
			}
		}
	}
	return 0;
}

static json_t *
js(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
jday(int32_t d)
{
	char s[11];

	if (d == VIGIL_LIFE_NODATE)
		return json_null();
	vigil_life_date_format(s, d);
	return json_string(s);
}

int
vigil__doc_json(FILE *fp, const struct doc *d, vigil_error *err)
{
	const vigil_fleet_release *r = vigil_life_info_release(d->info);
	const vigil_profile *p = vigil_life_info_profile(d->info);
	json_t *doc, *ifs = json_array(), *comps = json_array();
	json_t *vulns = json_array(), *ctl = json_array();
	size_t i;
	unsigned b;
	int rc = 0;

	for (i = 0; p != NULL && i < p->ninterfaces; i++)
		json_array_append_new(ifs, json_pack("{s:s, s:o, s:o, s:s}",
		    "name", p->interfaces[i].name, "port",
		    js(p->interfaces[i].port), "function",
		    js(p->interfaces[i].function), "direction",
		    dir_name(p->interfaces[i].direction)));
	for (i = 0; i < vigil_life_info_ncomponents(d->info); i++) {
		const vigil_life_component *c = vigil_life_info_component(
		    d->info, i);

		json_array_append_new(comps, json_pack("{s:s, s:o, s:o, s:o, "
		    "s:b, s:o}", "name", c->name, "version", js(c->version),
		    "support", js(c->support), "eos", jday(c->eos),
		    "unsupported", vigil_life_component_unsupported(c,
		    d->as_of), "replaced_in", js(c->replaced_in)));
	}
	for (i = 0; i < d->nf; i++) {
		const struct doc_finding *f = &d->f[i];

		json_array_append_new(vulns, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:s}",
		    "id", f->vuln, "aliases", f->aliases, "component",
		    f->component, "purl", js(f->purl), "cvss", f->score >= 0 ?
		    json_real(f->score / 10.0) : json_null(), "vector",
		    js(f->vector), "kev", f->kev, "risk", f->assessed ?
		    json_string(vigil_risk_level_name(f->risk.level)) :
		    json_null(), "uncontrolled", f->assessed ?
		    json_boolean(f->risk.uncontrolled) : json_null(), "vex",
		    f->vex == VIGIL_VEX_STATUS_NONE ? json_null() :
		    json_string(vigil_vex_status_name(f->vex)), "vex_detail",
		    js(f->vex_detail), "fixed", js(f->fixed), "first_seen",
		    f->first_seen));
	}
	for (b = 1; p != NULL && b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
		if (p->controls & b)
			json_array_append_new(ctl, json_string(
			    vigil_control_name((vigil_control)b)));
	doc = json_pack("{s:s, s:o, s:{s:s, s:s, s:s, s:o, s:o, s:o}, "
	    "s:o, s:o, s:{s:b, s:o, s:o, s:I, s:o, s:o, s:o}, s:{s:b, s:o}, "
	    "s:{s:s, s:s, s:o, s:o, s:o, s:o, s:o}, s:o, s:o, s:o}",
	    "document", "customer-security-documentation",
	    "as_of", jday(d->as_of),
	    "device", "manufacturer", r->manufacturer, "model", r->model,
	    "version", r->release, "udi_di", js(r->udi_di), "released",
	    js(r->released), "worst_case_harm", p ?
	    json_string(vigil_harm_name(p->harm)) : json_null(),
	    "interfaces", ifs,
	    "compensating_controls", ctl,
	    "sbom", "present", vigil_life_info_has_sbom(d->info), "format",
	    d->sbom_format[0] ? json_string(d->sbom_format) : json_null(),
	    "sha256", js(vigil_life_info_sbom_sha256(d->info)), "history",
	    (json_int_t)vigil_life_info_sbom_count(d->info), "link",
	    js(d->opts->sbom_link), "components", comps, "recorded",
	    js(vigil_life_info_sbom_added(d->info)),
	    "vulnerabilities", "scanned", d->scanned, "findings", vulns,
	    "life_cycle", "stage", vigil_life_stage_name(d->life.stage),
	    "reason", d->life.reason, "eol", js(r->eol), "eos", js(r->eos),
	    "notice_due", jday(d->life.notice_due), "transfer_start",
	    jday(d->life.transfer_start), "note", js(r->note),
	    "uncontrolled", json_integer((json_int_t)d->uncontrolled),
	    "contact", js(r->contact ? r->contact : d->controls ?
	    json_string_value(json_object_get(d->controls, "contact")) : NULL),
	    "mds2", d->controls ? json_incref(json_object_get(d->controls,
	    "answers")) : json_null());
	if (doc == NULL)
		return vigil__error_oom(err);
	if (json_dumpf(doc, fp, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(4)) < 0)
		rc = vigil__error(err, VIGIL_EIO, "write error");
	fputc('\n', fp);
	json_decref(doc);
	return rc;
}
