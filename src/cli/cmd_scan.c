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
	{NULL, 0, NULL, NULL}
};

static void
scan_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil scan [--db PATH] [-f table|json|sarif|cyclonedx|csv]"
	    " [-o FILE]\n"
	    "                  [--fail-on SEV] [--min-coverage PCT] SBOM\n"
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
	    "\nA finding without a CVSS vector has unknown severity and counts\n"
	    "as at the --fail-on threshold.  A scan that evaluated nothing is\n"
	    "never clean.\n"
	    "\nExit status: 0 nothing at or above --fail-on and coverage met;\n"
	    "1 findings, coverage below --min-coverage, or nothing evaluated;\n"
	    "2 usage or invalid input; 4 store or system failure.  See\n"
	    "vigil-scan(1).\n");
}

struct scan {
	vigil_match *m;
	vigil_error err;
	int rc;
	char *subject_name, *subject_version, *subject_ref;
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

static int
scan_run(int argc, char **argv)
{
	const char *db = NULL, *out = NULL, *val, *color = "auto";
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
	FILE *fp = stdout;
	char *snap = NULL;
	int o, rc, ex = CLI_EXIT_OK;
	size_t i;

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
		case 5:
			if (strcmp(val, "auto") != 0 && strcmp(val, "always") !=
			    0 && strcmp(val, "never") != 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil scan", "--color "
				    "takes auto, always or never");
			}
			color = val;
			break;
		}
	}
	if (p.npos != 1) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil scan", "one SBOM expected");
	}
	memset(&s, 0, sizeof(s));
	s.path = p.pos[0];
	vigil_error_clear(&s.err);
	if ((rc = vigil_store_open(&st, db, VIGIL_STORE_READONLY, &s.err)) <
	    0) {
		cli_error_print(db, &s.err);
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
		ex = rc == VIGIL_EIO ? CLI_EXIT_SYSTEM : rc == VIGIL_ENOMEM ?
		    CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
		goto done;
	}
	if ((rc = vigil_match_run(s.m, &s.err)) < 0) {
		cli_error_print(db, &s.err);
		ex = cli_exit_for(rc);
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
	if (out != NULL && (fp = fopen(out, "w")) == NULL) {
		cli_errorf("%s: cannot create: %s", out, strerror(errno));
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	info.color = strcmp(color, "always") == 0 || (strcmp(color, "auto") ==
	    0 && out == NULL && cli_isatty(stdout) && getenv("NO_COLOR") ==
	    NULL);
	rc = vigil_report_write(fp, s.m, fmt, &info, &s.err);
	if (fp != stdout && fclose(fp) != 0 && rc == 0)
		rc = vigil__error(&s.err, VIGIL_EIO, "write error");
	if (rc < 0) {
		cli_error_print(out, &s.err);
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	vigil_match_get_summary(s.m, &sum);
	for (i = 0; i < vigil_match_finding_count(s.m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(s.m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(s.m, f->vuln);

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
	vigil_store_close(st);
	vgx_free(s.subject_name);
	vgx_free(s.subject_version);
	vgx_free(s.subject_ref);
	cli_parser_dispose(&p);
	return ex;
}

const struct cli_cmd cli_cmd_scan = {
	"scan",
	"match an SBOM's components to known vulnerabilities",
	scan_help,
	scan_run
};
