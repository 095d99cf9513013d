/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil scan SBOM`: which known vulnerabilities affect which components
 * of a device, with evidence, and which components could not be evaluated
 * and why.  The SBOM is read as a stream (components are handed to the
 * matcher and forgotten), the store is opened read-only, and the report
 * goes to standard output or -o FILE in one of five formats.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt scan_opts[] = {
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else "
	    "$XDG_DATA_HOME/vigil/vigil.db)"},
	{"format", 'f', "FMT", "table (default), json, sarif, cyclonedx or "
	    "csv"},
	{"output", 'o', "FILE", "write the report to FILE"},
	{"fail-on", 0, "SEV", "exit 1 on a finding of severity SEV or above: "
	    "low (default), medium, high, critical"},
	{"min-coverage", 0, "PCT", "exit 1 when less than PCT percent of the "
	    "components were evaluated"},
	{"color", 0, "WHEN", "table colours: auto (default), always, never"},
	{"profile", 'p', "FILE", "device profile: add patient-harm risk "
	    "(docs/device-profile.md)"},
	{"known", 0, "DATE", "with --profile: the date (YYYY-MM-DD) the "
	    "findings became known, for due dates"},
	{"vex", 0, "FILE", "apply the VEX statements of FILE (CycloneDX, "
	    "OpenVEX or CSAF; repeatable, later files win ties)"},
	{"require-signature", 0, NULL, "refuse an SBOM or VEX file without "
	    "a valid FILE.minisig by a trusted key"},
	{NULL, 0, NULL, NULL}
};

static void
scan_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil scan [--db PATH] [-f table|json|sarif|cyclonedx|csv]"
	    " [-o FILE]\n"
	    "                  [--fail-on SEV] [--min-coverage PCT]\n"
	    "                  [--profile FILE [--known DATE]] [--vex FILE]... "
	    "SBOM\n"
	    "\n"
	    "Match the components of SBOM (CycloneDX or SPDX, any format vigil\n"
	    "reads; '-' for stdin) to the advisories of the store: purls\n"
	    "through OSV, CPEs (own or from the identity map) through NVD\n"
	    "configurations.  Each component ends affected, not_affected or\n"
	    "not_evaluated with a reason (no_identifier, unknown_ecosystem,\n"
	    "unparseable_version, no_version, no_data_for_ecosystem).\n"
	    "\noptions:\n");
	cli_opt_print(fp, scan_opts);
	fprintf(fp,
	    "\nWith --profile, each confirmed finding gets the patient-harm\n"
	    "risk of vigil-risk(1): level, controlled or not, obligations\n"
	    "with due dates, priority and its reason.  Without it the report\n"
	    "says that patient-harm risk was not assessed.\n"
	    "\nA finding without a CVSS vector has unknown severity and counts\n"
	    "as at the --fail-on threshold.  A scan that evaluated nothing is\n"
	    "never clean.  With --vex, findings whose VEX status is\n"
	    "not_affected or fixed do not count for --fail-on; the statuses\n"
	    "and the statements that matched nothing are listed on stderr\n"
	    "(docs/vex.md).\n"
	    "\nExit status: 0 nothing at or above --fail-on and coverage met;\n"
	    "1 findings, coverage below --min-coverage, or nothing evaluated;\n"
	    "2 usage or invalid input; 4 store or system failure.  See\n"
	    "vigil-scan(1).\n");
}

struct scan {
	vigil_match *m;
	vigil_error err;
	int rc;
	char *subject_name, *subject_version, *subject_ref, *subject_purl;
	const char *path;
	unsigned long errors;
};

static int
on_component(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	struct scan *s = ctx;

	(void)doc;
	if (c->subject) {
		if (s->subject_name == NULL) {
			s->subject_name = c->name ? vgx_strdup(c->name) : NULL;
			s->subject_version = c->version ?
			    vgx_strdup(c->version) : NULL;
			s->subject_ref = c->ref ? vgx_strdup(c->ref) : NULL;
			s->subject_purl = c->purl ? vgx_strdup(c->purl) :
			    NULL;
		}
		return 0;
	}
	if ((s->rc = vigil_match_add(s->m, c, &s->err)) < 0)
		return s->rc;
	return 0;
}

static void
on_diag(void *ctx, const vigil_sbom_diag *d)
{
	struct scan *s = ctx;
	vigil_error e;

	if (!d->error)
		return;
	if (s->errors++ >= 10)
		return;
	memset(&e, 0, sizeof(e));
	e.line = d->line;
	e.column = d->column;
	snprintf(e.path, sizeof(e.path), "%s", d->pointer);
	snprintf(e.msg, sizeof(e.msg), "%s", d->msg);
	cli_error_print(s->path, &e);
}

static int
parse_severity(vigil_cvss_severity *out, const char *v)
{
	static const char *const names[] = {
		"none", "low", "medium", "high", "critical"
	};
	size_t i;

	for (i = 1; i < VGX_ARRAY_SIZE(names); i++)
		if (strcmp(v, names[i]) == 0) {
			*out = (vigil_cvss_severity)i;
			return 0;
		}
	return -1;
}

static void
on_unmatched(void *payload, size_t doc, const vigil_vex_statement *st)
{
	char *const *files = payload;

	cli_warnf("%s: VEX statement on %s (%s) matched no finding", files[doc],
	    st->vuln, vigil_vex_status_name(st->status));
}

/*
 * Apply the VEX documents to the findings of M: STATUS[i] is the status
 * of finding i.  Prints a summary on stderr.  Returns 0 or an exit status.
 */
static int
apply_vex(vigil_vex_status *status, vigil_report_vex *rv,
    const vigil_match *m, vigil_vex_doc **docs, char **files, size_t ndocs,
    const char *subj_purl, const char *subj_ref)
{
	size_t n = vigil_match_finding_count(m), i;
	size_t count[5] = { 0, 0, 0, 0, 0 };
	vigil_vex_finding *f;
	vigil_vex_subject subj;
	vigil_error err;
	int rc;

	if ((f = vgx_calloc(n ? n : 1, sizeof(*f))) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	for (i = 0; i < n; i++) {
		const vigil_match_finding *mf = vigil_match_finding_at(m, i);
		const vigil_match_component *c = vigil_match_component_at(m,
		    mf->component);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, mf->vuln);

		f[i].component = mf->component;
		f[i].bom_ref = c->ref;
		f[i].purl = c->purl;
		f[i].cpes = c->cpe != NULL ? &c->cpe : NULL;
		f[i].ncpes = c->cpe != NULL ? 1 : 0;
		f[i].vuln = v->id;
		f[i].aliases = v->aliases;
		f[i].naliases = v->naliases;
	}
	memset(&subj, 0, sizeof(subj));
	subj.purl = subj_purl;
	subj.bom_ref = subj_ref;
	vigil_error_clear(&err);
	rc = vigil_vex_apply(f, n, (const vigil_vex_doc *const *)docs, ndocs,
	    &subj, on_unmatched, files, &err);
	if (rc < 0) {
		cli_error_print(NULL, &err);
		vgx_free(f);
		return cli_exit_for(rc);
	}
	for (i = 0; i < n; i++) {
		const vigil_vex_statement *st = f[i].statement;

		status[i] = f[i].status;
		count[f[i].status]++;
		if (f[i].status == VIGIL_VEX_STATUS_NONE || st == NULL)
			continue;
		/* For the report: borrowed from DOCS, which outlive it. */
		rv[i].status = vigil_vex_status_name(f[i].status);
		rv[i].justification = st->justification !=
		    VIGIL_VEX_JUST_NONE ? vigil_vex_justification_name(
		    st->justification) : st->native_justification;
		rv[i].detail = st->impact != NULL ? st->impact : st->action;
	}
	cli_warnf("VEX: %zu findings: %zu not_affected, %zu fixed, %zu "
	    "affected, %zu under_investigation, %zu without a statement", n,
	    count[VIGIL_VEX_NOT_AFFECTED], count[VIGIL_VEX_FIXED],
	    count[VIGIL_VEX_AFFECTED], count[VIGIL_VEX_UNDER_INVESTIGATION],
	    count[VIGIL_VEX_STATUS_NONE]);
	for (i = 0; i < n; i++) {
		const vigil_match_vuln *v;
		const vigil_match_component *c;

		if (f[i].status == VIGIL_VEX_STATUS_NONE)
			continue;
		v = vigil_match_vuln_at(m, vigil_match_finding_at(m, i)->vuln);
		c = vigil_match_component_at(m, (size_t)f[i].component);
		cli_warnf("VEX: %s in %s: %s%s%s", v->id, c->purl != NULL ?
		    c->purl : c->name != NULL ? c->name : "?",
		    vigil_vex_status_name(f[i].status),
		    f[i].statement->justification != VIGIL_VEX_JUST_NONE ?
		    " " : "", f[i].statement->justification !=
		    VIGIL_VEX_JUST_NONE ? vigil_vex_justification_name(
		    f[i].statement->justification) : "");
	}
	vgx_free(f);
	return 0;
}

static int
load_profile(vigil_profile **out, vigil_rubric **rubric, const char *path)
{
	vigil_error err;
	char *buf = NULL;
	size_t len;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vgx_file_read(&buf, &len, path, VIGIL_PROFILE_MAX_SIZE,
	    &err)) < 0) {
		cli_error_print(NULL, &err);
		return rc == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
	}
	rc = vigil_profile_parse(out, buf, len, &err);
	vgx_free(buf);
	if (rc < 0) {
		cli_error_print(path, &err);
		return rc == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
	}
	/* the rubric once per device, not per finding */
	if ((*rubric = vgx_malloc(sizeof(**rubric))) == NULL ||
	    vigil_rubric_eval(*rubric, *out, &err) < 0) {
		cli_errorf("%s: cannot evaluate the rubric", path);
		return CLI_EXIT_SYSTEM;
	}
	return 0;
}

/* The patient-harm risk of each confirmed finding with a CVSS vector. */
static int
assess(vigil_risk_result **results, const vigil_risk_result ***risk,
    const vigil_match *m, const vigil_profile *profile,
    const vigil_rubric *rubric, const char *known)
{
	size_t i, n = vigil_match_finding_count(m);
	vigil_error err;

	*results = vgx_calloc(n + 1, sizeof(**results));
	*risk = vgx_calloc(n + 1, sizeof(**risk));
	if (*results == NULL || *risk == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	for (i = 0; i < n; i++) {
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, f->vuln);
		vigil_risk_input in = VIGIL_RISK_INPUT_INIT;

		if (!f->confirmed || !v->has_cvss)
			continue;
		in.cvss = &v->cvss_vector;
		in.ncvss = 1;
		in.kev = v->kev;
		if (v->has_epss) {
			in.epss = v->epss;
			in.epss_percentile = v->epss_percentile;
		}
		in.known = known;
		in.profile = profile;
		in.rubric = rubric;
		if (vigil_risk_assess(&(*results)[i], &in, &err) < 0) {
			cli_error_print(known != NULL ? "--known" : NULL, &err);
			return CLI_EXIT_USAGE;
		}
		(*risk)[i] = &(*results)[i];
	}
	return 0;
}

static int
scan_run(int argc, char **argv)
{
	const char *db = NULL, *out = NULL, *val, *color = "auto";
	const char *profile_path = NULL, *known = NULL;
	vigil_profile *profile = NULL;
	vigil_rubric *rubric = NULL;
	vigil_risk_result *results = NULL;
	const vigil_risk_result **risk = NULL;
	vigil_report_format fmt = VIGIL_REPORT_TABLE;
	vigil_cvss_severity fail_on = VIGIL_CVSS_LOW;
	double min_cov = -1.0;
	vigil_sbom_opts so = VIGIL_SBOM_OPTS_INIT;
	vigil_report_info info;
	vigil_store_status status;
	vigil_match_summary sum;
	vigil_store *st = NULL;
	vigil_sbom *doc = NULL;
	struct cli_parser p;
	struct scan s;
	struct cli_out rep;
	char *snap = NULL;
	int o, rc, ex = CLI_EXIT_OK;
	size_t i;
	vigil_vex_doc **vex = NULL;
	char **vexfiles = NULL;
	size_t nvex = 0;
	vigil_vex_status *vstatus = NULL;
	vigil_report_vex *rvex = NULL;
	bool require_sig = false;

	if (cli_parser_init(&p, "vigil scan", argc, argv, 1, scan_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((o = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (o == CLI_OPT_HELP) {
			scan_help(stdout);
			cli_parser_dispose(&p);
			return CLI_EXIT_OK;
		}
		if (o == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		switch (o) {
		case 0:
			db = val;
			break;
		case 1:
			if (vigil_report_format_parse(&fmt, val) < 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil scan", "unknown "
				    "format '%s'", val);
			}
			break;
		case 2:
			out = val;
			break;
		case 3:
			if (parse_severity(&fail_on, val) < 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil scan", "--fail-on "
				    "takes low, medium, high or critical, not "
				    "'%s'", val);
			}
			break;
		case 4: {
			char *end;

			min_cov = strtod(val, &end);
			if (end == val || *end != '\0' || !(min_cov >= 0.0 &&
			    min_cov <= 100.0)) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil scan",
				    "--min-coverage takes a percentage from 0 "
				    "to 100, not '%s'", val);
			}
			break;
		}
		case 6:
			profile_path = val;
			break;
		case 7:
			known = val;
			break;
		case 5:
			if (strcmp(val, "auto") != 0 && strcmp(val, "always") !=
			    0 && strcmp(val, "never") != 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil scan", "--color "
				    "takes auto, always or never");
			}
			color = val;
			break;
		case 8: {
			void *np = vgx_reallocarray(vexfiles, nvex + 1,
			    sizeof(*vexfiles));

			if (np == NULL) {
				cli_parser_dispose(&p);
				vgx_free(vexfiles);
				cli_errorf("out of memory");
				return CLI_EXIT_SYSTEM;
			}
			vexfiles = np;
			vexfiles[nvex++] = (char *)val;
			break;
		}
		case 9:
			require_sig = true;
			break;
		}
	}
	if (p.npos != 1) {
		cli_parser_dispose(&p);
		vgx_free(vexfiles);
		return cli_usage_error("vigil scan", "one SBOM expected");
	}
	if (known != NULL && profile_path == NULL) {
		cli_parser_dispose(&p);
		vgx_free(vexfiles);
		return cli_usage_error("vigil scan", "--known needs --profile");
	}
	/* Documents from outside: the SBOM, then each VEX file. */
	if (require_sig && ((ex = cli_require_signatures(p.pos, 1)) != 0 ||
	    (ex = cli_require_signatures(vexfiles, (int)nvex)) != 0)) {
		cli_parser_dispose(&p);
		vgx_free(vexfiles);
		return ex;
	}
	memset(&s, 0, sizeof(s));
	if (profile_path != NULL && (ex = load_profile(&profile, &rubric,
	    profile_path)) != 0) {
		cli_parser_dispose(&p);
		vgx_free(vexfiles);
		return ex;
	}
	/* VEX documents first: a bad one is a usage error before any work. */
	if (nvex > 0 && (vex = vgx_calloc(nvex, sizeof(*vex))) == NULL) {
		cli_errorf("out of memory");
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	for (i = 0; i < nvex; i++) {
		vigil_error_clear(&s.err);
		if ((rc = vigil_vex_read_file(&vex[i], vexfiles[i],
		    VIGIL_VEX_FORMAT_UNKNOWN, NULL, &s.err)) < 0) {
			cli_error_print(vexfiles[i], &s.err);
			ex = cli_exit_for(rc);
			goto done;
		}
	}
	s.path = p.pos[0];
	vigil_error_clear(&s.err);
	if ((rc = vigil_store_open(&st, db, VIGIL_STORE_READONLY, &s.err)) <
	    0) {
		cli_error_print(NULL, &s.err);
		cli_parser_dispose(&p);
		return rc == VIGIL_EIO || rc == VIGIL_EDB ? CLI_EXIT_SYSTEM :
		    cli_exit_for(rc);
	}
	/* The snapshot recorded by the last import (status_get would count
	 * every table); computed only when an import was interrupted. */
	memset(&status, 0, sizeof(status));
	if (vigil_store_meta_get(&snap, st, "snapshot", NULL) == 0 &&
	    snap != NULL && strlen(snap) == 64)
		memcpy(status.snapshot, snap, 65);
	vigil_store_string_free(snap);
	if ((status.snapshot[0] == '\0' && (rc = vigil_store_status_get(
	    &status, st, &s.err)) < 0) ||
	    (rc = vigil_match_new(&s.m, st, NULL, &s.err)) < 0) {
		cli_error_print(db, &s.err);
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	so.flags = VIGIL_SBOM_NOKEEP;
	so.on_component = on_component;
	so.on_diag = on_diag;
	so.ctx = &s;
	rc = vigil_sbom_read(&doc, s.path, &so, &s.err);
	if (rc < 0) {
		if (s.rc < 0)
			rc = s.rc;
		if (s.errors == 0 || rc != VIGIL_EINVALID)
			cli_error_print(s.path, &s.err);
		/* an unreadable or invalid SBOM is an input error */
		ex = rc == VIGIL_ENOMEM || rc == VIGIL_EDB ? CLI_EXIT_SYSTEM :
		    CLI_EXIT_USAGE;
		goto done;
	}
	if ((rc = vigil_match_run(s.m, &s.err)) < 0) {
		cli_error_print(db, &s.err);
		ex = cli_exit_for(rc);
		goto done;
	}
	if (nvex > 0) {
		size_t nf = vigil_match_finding_count(s.m);

		if ((vstatus = vgx_calloc(nf ? nf : 1, sizeof(*vstatus))) ==
		    NULL) {
			cli_errorf("out of memory");
			ex = CLI_EXIT_SYSTEM;
			goto done;
		}
		if ((rvex = vgx_calloc(nf ? nf : 1, sizeof(*rvex))) == NULL) {
			cli_errorf("out of memory");
			ex = CLI_EXIT_SYSTEM;
			goto done;
		}
		if ((ex = apply_vex(vstatus, rvex, s.m, vex, vexfiles, nvex,
		    s.subject_purl, s.subject_ref)) != 0)
			goto done;
	}
	memset(&info, 0, sizeof(info));
	info.sbom = s.path;
	info.sbom_format = vigil_sbom_format_name(
	    vigil_sbom_get_meta(doc)->format);
	info.serial = vigil_sbom_get_meta(doc)->serial;
	info.subject_name = s.subject_name;
	info.subject_version = s.subject_version;
	info.subject_ref = s.subject_ref;
	info.snapshot = status.snapshot;
	info.vex = rvex;
	if (profile != NULL) {
		if ((ex = assess(&results, &risk, s.m, profile, rubric, known)) !=
		    0)
			goto done;
		info.profile = profile->model;
		info.risk = risk;
	}
	if ((ex = cli_out_open(&rep, out)) != 0)
		goto done;
	info.color = strcmp(color, "always") == 0 || (strcmp(color, "auto") ==
	    0 && out == NULL && cli_isatty(stdout) && getenv("NO_COLOR") ==
	    NULL);
	rc = vigil_report_write(rep.fp, s.m, fmt, &info, &s.err);
	if (rc < 0) {
		cli_error_print(out, &s.err);
		cli_out_close(&rep, false);
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	if (out != NULL && (ex = cli_out_close(&rep, true)) != 0)
		goto done;
	vigil_match_get_summary(s.m, &sum);
	for (i = 0; i < vigil_match_finding_count(s.m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(s.m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(s.m, f->vuln);

		/* VEX: not_affected and fixed findings are settled. */
		if (vstatus != NULL && (vstatus[i] == VIGIL_VEX_NOT_AFFECTED ||
		    vstatus[i] == VIGIL_VEX_FIXED))
			continue;
		if (f->confirmed && (!v->has_cvss || v->severity >= fail_on))
			ex = CLI_EXIT_FAIL;
	}
	if (sum.affected + sum.not_affected == 0) {
		cli_errorf("%s: no component could be evaluated; this is not "
		    "a clean result", s.path);
		ex = CLI_EXIT_FAIL;
	} else if (min_cov >= 0.0 && vigil_report_coverage(s.m) < min_cov) {
		cli_errorf("%s: %.1f%% of the components evaluated, below "
		    "--min-coverage %g", s.path, vigil_report_coverage(s.m),
		    min_cov);
		ex = CLI_EXIT_FAIL;
	}
	if (out == NULL && cli_finish_stdout() != 0)
		ex = CLI_EXIT_SYSTEM;
done:
	vigil_sbom_free(doc);
	vigil_match_free(s.m);
	vigil_profile_free(profile);
	vgx_free(rubric);
	vgx_free(results);
	vgx_free(risk);
	vigil_store_close(st);
	vgx_free(s.subject_name);
	vgx_free(s.subject_version);
	vgx_free(s.subject_ref);
	vgx_free(s.subject_purl);
	for (i = 0; i < nvex && vex != NULL; i++)
		vigil_vex_doc_free(vex[i]);
	vgx_free(vex);
	vgx_free(vexfiles);
	vgx_free(vstatus);
	vgx_free(rvex);
	cli_parser_dispose(&p);
	return ex;
}

const struct cli_cmd cli_cmd_scan = {
	"scan",
	"match an SBOM's components to known vulnerabilities",
	scan_help,
	scan_run
};
