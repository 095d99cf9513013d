/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil cvss: parse and score CVSS v2.0, v3.0, v3.1 and v4.0 vectors given
 * as arguments or, with "-", one per line on standard input.  Each vector
 * answers one JSON object on its own line (JSON Lines), so that the output
 * lines match the input lines one for one; an invalid vector answers
 * {"error": "..."} and makes the exit status 2.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Longest line read from standard input, in bytes. */
#define CVSS_LINE_MAX 4096

static const struct cli_opt cvss_opts[] = {
	{"stored", 's', "SCORE",
	    "check this stored score against each vector"},
	{NULL, 0, NULL, NULL}
};

static void
cvss_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil cvss [-s SCORE] VECTOR...\n"
	    "       vigil cvss [-s SCORE] -\n"
	    "\n"
	    "Parse and score CVSS vectors: v2.0 (no prefix), v3.0, v3.1\n"
	    "and v4.0 (\"CVSS:3.1/...\", \"CVSS:4.0/...\").  '-' reads\n"
	    "vectors one per line from standard input.  Each vector\n"
	    "answers one JSON object on its own line:\n"
	    "  version, vector (normalised), score, severity, base_score,\n"
	    "  base_severity;\n"
	    "  v2/v3: impact, exploitability, temporal_score,\n"
	    "  environmental_score, modified_impact, modified_exploitability\n"
	    "  (null when the vector defines no metric of that group);\n"
	    "  v4: nomenclature (CVSS-B, CVSS-BT, CVSS-BE, CVSS-BTE),\n"
	    "  macrovector (EQ1..EQ6), supplemental (the metrics given).\n"
	    "An invalid vector answers {\"error\": \"...\"}.\n"
	    "\n"
	    "Options:\n");
	cli_opt_print(fp, cvss_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 all vectors valid (and stored scores agree),\n"
	    "1 a stored score disagrees, 2 an invalid vector or bad usage,\n"
	    "4 a read or write error.  See vigil-cvss(1).\n");
}

static void
put_score(const char *key, int tenths)
{
	char buf[16];

	if (tenths < 0)
		printf(",\"%s\":null", key);
	else
		printf(",\"%s\":%s", key,
		    vigil_cvss_tenths_str(buf, sizeof(buf), tenths));
}

/* MSG is ASCII (the parser echoes only printable ASCII); escape " and \. */
static void
put_error(const char *msg)
{
	const char *p;

	fputs("{\"error\":\"", stdout);
	for (p = msg; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
			putchar(*p);
	}
	fputs("\"}\n", stdout);
}

/*
 * Score one vector and print its line.  WHERE names it for stderr
 * ("<stdin>" with LINE, or the argument number).  Returns an exit status.
 */
static int
do_vector(const char *s, size_t len, const char *where, unsigned long line,
    bool check, int stored)
{
	vigil_cvss c;
	vigil_cvss_scores sc;
	vigil_error err;
	char norm[VIGIL_CVSS_VECTOR_SIZE], msg[300];
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_cvss_parse(&c, s, len, &err)) < 0 ||
	    (rc = vigil_cvss_score(&sc, &c, &err)) < 0 ||
	    (rc = vigil_cvss_format(norm, sizeof(norm), &c)) < 0) {
		if (err.column > 0)
			snprintf(msg, sizeof(msg), "column %lu: %s", err.column,
			    err.msg);
		else
			snprintf(msg, sizeof(msg), "%s", err.msg);
		put_error(msg);
		if (line > 0) {
			err.line = line;
			cli_error_print(where, &err);
		} else {
			cli_errorf("cvss: %s: %s", where, msg);
		}
		return CLI_EXIT_USAGE;
	}
	printf("{\"version\":\"%s\",\"vector\":\"%s\"",
	    vigil_cvss_version_name(c.version), norm);
	put_score("score", sc.score);
	printf(",\"severity\":\"%s\"", vigil_cvss_severity_name(sc.severity));
	put_score("base_score", sc.base);
	printf(",\"base_severity\":\"%s\"", vigil_cvss_severity_name(
	    vigil_cvss_severity_of(c.version, sc.base)));
	if (c.version == VIGIL_CVSS_V40) {
		size_t i, n = vigil_cvss_metric_count(c.version);
		bool first = true;

		printf(",\"nomenclature\":\"%s\",\"macrovector\":\"%s\"",
		    vigil_cvss_nomenclature_name(sc.nomenclature),
		    sc.macrovector);
		fputs(",\"supplemental\":{", stdout);
		for (i = 0; i < n; i++) {
			if (vigil_cvss_metric_group(c.version, i) !=
			    VIGIL_CVSS_SUPPLEMENTAL || c.val[i] == 0)
				continue;
			printf("%s\"%s\":\"%s\"", first ? "" : ",",
			    vigil_cvss_metric_name(c.version, i),
			    vigil_cvss_value_name(c.version, i, c.val[i]));
			first = false;
		}
		putchar('}');
	} else {
		put_score("impact", sc.impact);
		put_score("exploitability", sc.exploitability);
		put_score("temporal_score", sc.temporal);
		put_score("environmental_score", sc.environmental);
		put_score("modified_impact", sc.modified_impact);
		if (c.version != VIGIL_CVSS_V2)
			put_score("modified_exploitability",
			    sc.modified_exploitability);
	}
	if (check) {
		int have = c.version == VIGIL_CVSS_V40 ? sc.score : sc.base;

		put_score("stored_score", stored);
		printf(",\"stored_agrees\":%s", have == stored ? "true" :
		    "false");
		if (have != stored) {
			fputs("}\n", stdout);
			return CLI_EXIT_FAIL;
		}
	}
	fputs("}\n", stdout);
	return CLI_EXIT_OK;
}

/* "9.8", "10", "0.0" -> tenths; -1 if not such a number in 0..10. */
static int
parse_stored(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	uint64_t whole;
	int tenths;

	if (vgx_parse_uint(&p, end, 10, &whole) < 0)
		return -1;
	tenths = (int)whole * 10;
	if (p < end && *p == '.') {
		p++;
		if (p == end || !vgx_isdigit(*p))
			return -1;
		tenths += *p++ - '0';
		while (p < end && *p == '0')
			p++;
	}
	if (p != end || tenths > 100)
		return -1;
	return tenths;
}

static int
cvss_stdin(bool check, int stored)
{
	vgx_buf b;
	vigil_error err;
	unsigned long line = 0;
	int rc, worst = CLI_EXIT_OK, st;

	vgx_buf_init(&b, CVSS_LINE_MAX);
	for (;;) {
		vgx_buf_reset(&b);
		vigil_error_clear(&err);
		rc = vgx_getline(&b, stdin, &err);
		if (rc == 0)
			break;
		line++;
		if (rc == VIGIL_ETOOBIG) {
			put_error("line longer than 4096 bytes");
			err.line = line;
			cli_error_print("<stdin>", &err);
			if (worst < CLI_EXIT_USAGE)
				worst = CLI_EXIT_USAGE;
			continue;
		}
		if (rc < 0) {
			cli_error_print("<stdin>", &err);
			worst = CLI_EXIT_SYSTEM;
			break;
		}
		st = do_vector(vgx_buf_cstr(&b), b.len, "<stdin>", line, check,
		    stored);
		if (st > worst)
			worst = st;
	}
	vgx_buf_dispose(&b);
	return worst;
}

static int
cvss_run(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	int k, i, st, worst = CLI_EXIT_OK, stored = -1;
	bool check = false;

	if (cli_parser_init(&p, "cvss", argc, argv, 1, cvss_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			cvss_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		/* k == 0: --stored */
		if ((stored = parse_stored(val)) < 0) {
			cli_parser_dispose(&p);
			return cli_usage_error("cvss", "--stored wants a "
			    "score from 0.0 to 10.0 with at most one decimal, "
			    "not '%s'", val);
		}
		check = true;
	}
	if (p.npos == 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("cvss", "no vector given (use '-' "
		    "to read them from standard input)");
	}
	for (i = 0; i < p.npos; i++) {
		char where[32];

		if (strcmp(p.pos[i], "-") == 0) {
			st = cvss_stdin(check, stored);
		} else {
			snprintf(where, sizeof(where), "argument %d", i + 1);
			st = do_vector(p.pos[i], strlen(p.pos[i]), where, 0,
			    check, stored);
		}
		if (st > worst)
			worst = st;
	}
	cli_parser_dispose(&p);
	st = cli_finish_stdout();
	return st != CLI_EXIT_OK ? st : worst;
}

const struct cli_cmd cli_cmd_cvss = {
	"cvss",
	"parse and score CVSS v2.0, v3.0, v3.1 and v4.0 vectors",
	cvss_help,
	cvss_run
};
