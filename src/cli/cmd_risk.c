/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil risk: device context and patient harm.
 *
 *   vigil risk check PROFILE       validate a device profile
 *   vigil risk rubric PROFILE      the MITRE rubric's CVSS vector for it
 *   vigil risk assess ...          one vulnerability in one device: risk of
 *                                  patient harm, controlled/uncontrolled,
 *                                  obligations with due dates, priority
 *
 * Text for people by default, --format json for programs.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_VECTORS 16

static const struct cli_opt check_opts[] = {
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt rubric_opts[] = {
	{"format", 'f', "FORMAT", "text (default) or json"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt assess_opts[] = {
	{"profile", 'p', "FILE", "the device profile (without: worst case)"},
	{"cvss", 'c', "VECTOR", "a CVSS vector of the vulnerability "
	    "(repeatable)"},
	{"kev", 'k', NULL, "the vulnerability is in CISA KEV"},
	{"epss", 'e', "P", "EPSS probability, 0..1"},
	{"epss-percentile", 0, "P", "EPSS percentile, 0..1"},
	{"known", 'd', "DATE", "YYYY-MM-DD the vulnerability became known"},
	{"format", 'f', "FORMAT", "text (default) or json"},
	{NULL, 0, NULL, NULL}
};

static void
risk_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil risk check PROFILE\n"
	    "       vigil risk rubric [-f FORMAT] PROFILE\n"
	    "       vigil risk assess [-p PROFILE] -c VECTOR [-c VECTOR...]\n"
	    "                         [-k] [-e P] [--epss-percentile P]\n"
	    "                         [-d DATE] [-f FORMAT]\n"
	    "\n"
	    "Device context and the risk of patient harm.\n"
	    "  check   validate a device profile (docs/device-profile.md)\n"
	    "  rubric  the MITRE rubric's CVSS v3.1 vector for the device,\n"
	    "          each metric with the questions and answers behind it\n"
	    "  assess  one vulnerability in one device: device-adjusted\n"
	    "          CVSS, exploitability, severity of harm, risk level,\n"
	    "          controlled or uncontrolled, obligations and their due\n"
	    "          dates, priority (P1..P4) and the reason\n"
	    "\n"
	    "Options of rubric:\n");
	cli_opt_print(fp, rubric_opts);
	fprintf(fp, "\nOptions of assess:\n");
	cli_opt_print(fp, assess_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok (assess: controlled risk), 1 assess: the risk\n"
	    "is uncontrolled, 2 invalid profile, vector or usage, 4 system\n"
	    "error.  See vigil-risk(1) and docs/risk.md.\n");
}

/* Read and parse PATH; prints the error.  Returns an exit status. */
static int
load_profile(vigil_profile **out, const char *path)
{
	vigil_error err;
	char *buf = NULL;
	size_t len;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vgx_file_read(&buf, &len, path, VIGIL_PROFILE_MAX_SIZE,
	    &err)) < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	rc = vigil_profile_parse(out, buf, len, &err);
	vgx_free(buf);
	if (rc < 0) {
		cli_error_print(path, &err);
		return cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}

static int
parse_format(const char *v, bool *json)
{
	if (strcmp(v, "json") == 0)
		*json = true;
	else if (strcmp(v, "text") == 0)
		*json = false;
	else
		return cli_usage_error("risk", "--format is text or json, not "
		    "'%s'", v);
	return CLI_EXIT_OK;
}

/* Print J (stolen) on stdout as one JSON document. */
static int
put_json(json_t *j)
{
	int rc = CLI_EXIT_OK;

	if (j == NULL || json_dumpf(j, stdout, JSON_INDENT(2) |
	    JSON_REAL_PRECISION(4)) < 0) {
		cli_errorf("out of memory");
		rc = CLI_EXIT_SYSTEM;
	}
	putchar('\n');
	json_decref(j);
	return rc;
}

static json_t *
jscore(int tenths)
{
	return tenths < 0 ? json_null() : json_real(tenths / 10.0);
}

/*
 * Common start of a subcommand: parse options with SPEC; on --help or an
 * error returns the status through *ST and false.
 */
static bool
start(struct cli_parser *p, const char *cmd, int argc, char **argv,
    const struct cli_opt *spec, int *st)
{
	if (cli_parser_init(p, cmd, argc, argv, 1, spec) < 0) {
		*st = CLI_EXIT_SYSTEM;
		return false;
	}
	return true;
}

static int
risk_check(int argc, char **argv)
{
	struct cli_parser p;
	vigil_profile *prof = NULL;
	const char *val;
	int k, st = CLI_EXIT_OK;

	if (!start(&p, "risk", argc, argv, check_opts, &st))
		return st;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		cli_parser_dispose(&p);
		if (k == CLI_OPT_HELP) {
			risk_help(stdout);
			return cli_finish_stdout();
		}
		return CLI_EXIT_USAGE;
	}
	if (p.npos != 1) {
		cli_parser_dispose(&p);
		return cli_usage_error("risk", "check wants one PROFILE");
	}
	if ((st = load_profile(&prof, p.pos[0])) == CLI_EXIT_OK)
		printf("%s: valid device profile (%s %s)\n", p.pos[0],
		    prof->manufacturer, prof->model);
	vigil_profile_free(prof);
	cli_parser_dispose(&p);
	if (st != CLI_EXIT_OK)
		return st;
	return cli_finish_stdout();
}

static const char *const metric_names[8] = {
	"AV", "AC", "PR", "UI", "S", "C", "I", "A"
};

static int
risk_rubric(int argc, char **argv)
{
	struct cli_parser p;
	vigil_profile *prof = NULL;
	vigil_rubric rb;
	vigil_error err;
	const char *val;
	bool json = false;
	char buf[16];
	int k, st = CLI_EXIT_OK, i;

	if (!start(&p, "risk", argc, argv, rubric_opts, &st))
		return st;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP || k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			if (k == CLI_OPT_HELP) {
				risk_help(stdout);
				return cli_finish_stdout();
			}
			return CLI_EXIT_USAGE;
		}
		if ((st = parse_format(val, &json)) != CLI_EXIT_OK) {
			cli_parser_dispose(&p);
			return st;
		}
	}
	if (p.npos != 1) {
		cli_parser_dispose(&p);
		return cli_usage_error("risk", "rubric wants one PROFILE");
	}
	st = load_profile(&prof, p.pos[0]);
	cli_parser_dispose(&p);
	if (st != CLI_EXIT_OK)
		return st;
	vigil_error_clear(&err);
	if (vigil_rubric_eval(&rb, prof, &err) < 0) {
		cli_error_print(NULL, &err);
		vigil_profile_free(prof);
		return CLI_EXIT_USAGE;
	}
	if (json) {
		json_t *o = json_object(), *m = json_object();

		json_object_set_new(o, "device", json_pack("{s:s, s:s}",
		    "manufacturer", prof->manufacturer, "model", prof->model));
		json_object_set_new(o, "vector", json_string(rb.vector));
		json_object_set_new(o, "base_score", jscore(rb.scores.base));
		json_object_set_new(o, "severity", json_string(
		    vigil_cvss_severity_name(rb.scores.severity)));
		for (i = 0; i < 8; i++)
			json_object_set_new(m, metric_names[i], json_pack(
			    "{s:s, s:s}", "value", rb.metric[i], "reason",
			    rb.reason[i]));
		json_object_set_new(o, "metrics", m);
		st = put_json(o);
	} else {
		printf("device: %s %s%s%s\n", prof->manufacturer, prof->model,
		    prof->version ? " " : "", prof->version ? prof->version :
		    "");
		printf("vector: %s\n", rb.vector);
		printf("base score: %s (%s)\n", vigil_cvss_tenths_str(buf,
		    sizeof(buf), rb.scores.base),
		    vigil_cvss_severity_name(rb.scores.severity));
		for (i = 0; i < 8; i++)
			printf("  %-2s %s  %s\n", metric_names[i], rb.metric[i],
			    rb.reason[i]);
	}
	vigil_profile_free(prof);
	if (st != CLI_EXIT_OK)
		return st;
	return cli_finish_stdout();
}

/* "0.42" -> 0.42 in 0..1; -1 if not such a number. */
static double
parse_prob(const char *s)
{
	char *end;
	double v;

	if (*s == '\0' || vgx_isspace((unsigned char)*s))
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= 0 && v <= 1))
		return -1;
	return v;
}

static void
print_assess_text(const vigil_risk_result *r, const vigil_profile *prof)
{
	char b1[16], b2[16];
	size_t i;

	if (prof != NULL)
		printf("device: %s %s%s%s\n", prof->manufacturer, prof->model,
		    prof->version ? " " : "", prof->version ? prof->version :
		    "");
	printf("cvss: %s (%s)\n", r->cvss_vector,
	    vigil_cvss_tenths_str(b1, sizeof(b1), r->cvss_score));
	printf("device-adjusted: %s (%s)\n", r->device_vector,
	    vigil_cvss_tenths_str(b2, sizeof(b2), r->device_score));
	printf("exploitability: %s\n", vigil_exploitability_name(
	    r->exploitability));
	printf("harm: %s\n", vigil_harm_name(r->harm));
	printf("risk: %s, %s\n", vigil_risk_level_name(r->level),
	    r->uncontrolled ? "uncontrolled" : "controlled");
	printf("priority: P%d (key %llu)\n", r->priority,
	    (unsigned long long)r->priority_key);
	printf("obligations:\n");
	for (i = 0; i < r->nobligations; i++) {
		const vigil_obligation *o = &r->obligations[i];

		if (o->days == 0)
			printf("  %-18s  as soon as possible%s%s%s\n",
			    vigil_obligation_name(o->kind), o->due[0] ?
			    " (from " : "", o->due, o->due[0] ? ")" : "");
		else if (o->days > 0)
			printf("  %-18s  within %d days%s%s\n",
			    vigil_obligation_name(o->kind), o->days,
			    o->due[0] ? ", by " : "", o->due);
		else
			printf("  %-18s  no fixed date\n",
			    vigil_obligation_name(o->kind));
		printf("  %-18s  %s\n", "", o->what);
	}
	printf("reason: %s\n", r->reason);
}

static json_t *
assess_json(const vigil_risk_result *r, const vigil_profile *prof)
{
	json_t *o = json_object(), *obl = json_array();
	size_t i;

	if (prof != NULL)
		json_object_set_new(o, "device", json_pack("{s:s, s:s}",
		    "manufacturer", prof->manufacturer, "model", prof->model));
	json_object_set_new(o, "cvss_version", json_string(
	    vigil_cvss_version_name(r->cvss_version)));
	json_object_set_new(o, "cvss_vector", json_string(r->cvss_vector));
	json_object_set_new(o, "cvss_score", jscore(r->cvss_score));
	json_object_set_new(o, "device_vector", json_string(r->device_vector));
	json_object_set_new(o, "device_score", jscore(r->device_score));
	json_object_set_new(o, "exploitability", json_string(
	    vigil_exploitability_name(r->exploitability)));
	json_object_set_new(o, "harm", json_string(vigil_harm_name(r->harm)));
	json_object_set_new(o, "risk", json_string(vigil_risk_level_name(
	    r->level)));
	json_object_set_new(o, "uncontrolled", json_boolean(r->uncontrolled));
	json_object_set_new(o, "priority", json_integer(r->priority));
	json_object_set_new(o, "priority_key", json_integer(
	    (json_int_t)r->priority_key));
	for (i = 0; i < r->nobligations; i++) {
		const vigil_obligation *ob = &r->obligations[i];

		json_array_append_new(obl, json_pack("{s:s, s:o, s:o, s:s}",
		    "kind", vigil_obligation_name(ob->kind),
		    "days", ob->days < 0 ? json_null() : json_integer(ob->days),
		    "due", ob->due[0] ? json_string(ob->due) : json_null(),
		    "what", ob->what));
	}
	json_object_set_new(o, "obligations", obl);
	json_object_set_new(o, "reason", json_string(r->reason));
	return o;
}

static int
risk_assess(int argc, char **argv)
{
	struct cli_parser p;
	vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
	vigil_risk_result r;
	vigil_profile *prof = NULL;
	vigil_error err;
	const char *vectors[MAX_VECTORS], *val, *profile = NULL;
	size_t nv = 0;
	bool json = false;
	int k, st = CLI_EXIT_OK;

	if (!start(&p, "risk", argc, argv, assess_opts, &st))
		return st;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		switch (k) {
		case CLI_OPT_HELP:
			cli_parser_dispose(&p);
			risk_help(stdout);
			return cli_finish_stdout();
		case CLI_OPT_ERROR:
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		case 0:
			profile = val;
			break;
		case 1:
			if (nv == MAX_VECTORS) {
				cli_parser_dispose(&p);
				return cli_usage_error("risk", "more than %d "
				    "--cvss vectors", MAX_VECTORS);
			}
			vectors[nv++] = val;
			break;
		case 2:
			in.kev = true;
			break;
		case 3:
		case 4:
			if (parse_prob(val) < 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("risk", "--%s wants a "
				    "number from 0 to 1, not '%s'",
				    assess_opts[k].lng, val);
			}
			if (k == 3)
				in.epss = parse_prob(val);
			else
				in.epss_percentile = parse_prob(val);
			break;
		case 5:
			in.known = val;
			break;
		case 6:
			if ((st = parse_format(val, &json)) != CLI_EXIT_OK) {
				cli_parser_dispose(&p);
				return st;
			}
			break;
		}
	}
	if (p.npos != 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("risk", "assess takes no argument '%s' "
		    "(vectors go with --cvss)", p.pos[0]);
	}
	cli_parser_dispose(&p);
	if (nv == 0)
		return cli_usage_error("risk", "assess needs --cvss VECTOR");
	if (profile != NULL && (st = load_profile(&prof, profile)) !=
	    CLI_EXIT_OK)
		return st;
	in.cvss = vectors;
	in.ncvss = nv;
	in.profile = prof;
	vigil_error_clear(&err);
	if (vigil_risk_assess(&r, &in, &err) < 0) {
		cli_error_print(NULL, &err);
		vigil_profile_free(prof);
		return CLI_EXIT_USAGE;
	}
	if (json)
		st = put_json(assess_json(&r, prof));
	else
		print_assess_text(&r, prof);
	vigil_profile_free(prof);
	if (st != CLI_EXIT_OK)
		return st;
	if ((st = cli_finish_stdout()) != CLI_EXIT_OK)
		return st;
	return r.uncontrolled ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

static int
risk_run(int argc, char **argv)
{
	if (argc < 2) {
		risk_help(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		risk_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "check") == 0)
		return risk_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "rubric") == 0)
		return risk_rubric(argc - 1, argv + 1);
	if (strcmp(argv[1], "assess") == 0)
		return risk_assess(argc - 1, argv + 1);
	return cli_usage_error("risk", "no subcommand '%s' (check, rubric, "
	    "assess)", argv[1]);
}

const struct cli_cmd cli_cmd_risk = {
	"risk",
	"device profile, MITRE rubric, patient-harm risk and priority",
	risk_help,
	risk_run
};
