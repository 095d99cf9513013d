/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil version: compare versions under a scheme, test a version against a
 * vers: range, check and normalise vers: ranges, and list the known
 * schemes.  The batch forms (an argument
 * "-") read stdin one line at a time and answer one line each, so that the
 * differential tests can drive thousands of comparisons through a single
 * process.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Longest stdin line: two versions, a TAB, and room for a vers: range. */
#define VERSION_LINE_MAX 8192

static const struct cli_opt compare_opts[] = {
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt contains_opts[] = {
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt vers_opts[] = {
	{ "strict", 's', NULL, "accept only canonical vers (sorted, no "
	    "whitespace)" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt schemes_opts[] = {
	{ NULL, 0, NULL, NULL }
};

static void
version_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil version compare SCHEME A B\n"
	    "       vigil version compare SCHEME -\n"
	    "       vigil version contains VERS VERSION\n"
	    "       vigil version contains VERS -\n"
	    "       vigil version vers [--strict] VERS...\n"
	    "       vigil version schemes\n"
	    "\n"
	    "Compare versions exactly as an ecosystem does, and test versions\n"
	    "against vers: ranges.\n"
	    "\n"
	    "  compare   print '<', '=' or '>' for A against B under SCHEME\n"
	    "            (a vigil scheme name, a purl type, or an OSV ecosystem\n"
	    "            such as \"Debian:12\").  With '-' instead of A B, read\n"
	    "            lines 'A<TAB>B' from stdin and answer one line each;\n"
	    "            an invalid pair answers 'error: REASON' on its line.\n"
	    "  contains  print 'true' or 'false': whether VERSION lies in the\n"
	    "            vers: range VERS (\"vers:deb/>=1.2|<2.0\").  With '-'\n"
	    "            read versions from stdin, one per line.  Exit status\n"
	    "            1 when the one VERSION is not in the range.\n"
	    "  vers      check and normalise vers: ranges, printing each in\n"
	    "            canonical form (constraints sorted by version).\n"
	    "  schemes   list the version schemes, one per line.\n"
	    "\n"
	    "Options of vers:\n");
	cli_opt_print(fp, vers_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok; 1 VERSION not in the range (contains with one\n"
	    "VERSION); 2 usage, unknown scheme, or an invalid version or range\n"
	    "(in batch mode: any invalid line); 4 system error.\n"
	    "See vigil-version(1), docs/versions-os.md and docs/ranges.md.\n");
}

/* Print "unknown scheme" with the list of the known ones. */
static void
unknown_scheme(const char *name)
{
	const vigil_scheme *s;
	size_t iter = 0;

	fflush(stdout);
	fprintf(stderr, "vigil: unknown version scheme '%s'; known schemes:",
	    name);
	while ((s = vigil_scheme_next(&iter)) != NULL)
		fprintf(stderr, " %s", vigil_scheme_name(s));
	fputc('\n', stderr);
}

static const char *
cmp_sign(int c)
{
	return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/*
 * Parse the command line of a subcommand with no options of its own:
 * returns -1 after printing help (exit 0), -2 on a usage error, or the
 * number of positional arguments in P.
 */
static int
parse_args(struct cli_parser *p, const char *cmd, int argc, char **argv,
    const struct cli_opt *spec)
{
	const char *val;
	int k;

	if (cli_parser_init(p, cmd, argc, argv, 1, spec) < 0)
		return -3;
	while ((k = cli_opt_next(p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			version_help(stdout);
			return -1;
		}
		return -2;
	}
	return p->npos;
}

static int
compare_batch(const vigil_scheme *scheme)
{
	vigil_error err;
	vgx_buf line;
	unsigned long lineno = 0;
	int rc, status = CLI_EXIT_OK;

	vgx_buf_init(&line, VERSION_LINE_MAX);
	for (;;) {
		const char *s, *tab;
		int c;

		vigil_error_clear(&err);
		rc = vgx_getline(&line, stdin, &err);
		if (rc == 0)
			break;
		lineno++;
		if (rc == VIGIL_ETOOBIG) {
			printf("error: line longer than %d bytes\n",
			    VERSION_LINE_MAX);
			status = CLI_EXIT_USAGE;
			continue;
		}
		if (rc < 0) {
			cli_error_print("stdin", &err);
			status = CLI_EXIT_SYSTEM;
			break;
		}
		s = vgx_buf_cstr(&line);
		tab = memchr(s, '\t', line.len);
		if (tab == NULL) {
			printf("error: line %lu has no TAB between the two "
			    "versions\n", lineno);
			status = CLI_EXIT_USAGE;
			continue;
		}
		if (vigil_version_compare(&c, scheme, s, (size_t)(tab - s),
		    tab + 1, line.len - (size_t)(tab - s) - 1, &err) < 0) {
			printf("error: %s\n", err.msg);
			status = CLI_EXIT_USAGE;
			continue;
		}
		printf("%s\n", cmp_sign(c));
	}
	vgx_buf_dispose(&line);
	rc = cli_finish_stdout();
	return rc != CLI_EXIT_OK ? rc : status;
}

static int
cmd_compare(int argc, char **argv)
{
	struct cli_parser p;
	const vigil_scheme *scheme;
	vigil_error err;
	int n, c, rc;

	n = parse_args(&p, "vigil version compare", argc, argv, compare_opts);
	if (n < 0) {
		cli_parser_dispose(&p);
		return n == -1 ? cli_finish_stdout() :
		    n == -2 ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	}
	if (n != 2 && n != 3) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil version compare",
		    "expected SCHEME A B, or SCHEME -");
	}
	scheme = vigil_scheme_find(p.pos[0], strlen(p.pos[0]));
	if (scheme == NULL) {
		unknown_scheme(p.pos[0]);
		cli_parser_dispose(&p);
		return CLI_EXIT_USAGE;
	}
	if (n == 2) {
		if (strcmp(p.pos[1], "-") != 0) {
			cli_parser_dispose(&p);
			return cli_usage_error("vigil version compare",
			    "expected SCHEME A B, or SCHEME -");
		}
		cli_parser_dispose(&p);
		return compare_batch(scheme);
	}
	vigil_error_clear(&err);
	rc = vigil_version_compare(&c, scheme, p.pos[1], strlen(p.pos[1]),
	    p.pos[2], strlen(p.pos[2]), &err);
	cli_parser_dispose(&p);
	if (rc < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	printf("%s\n", cmp_sign(c));
	return cli_finish_stdout();
}

static int
cmd_schemes(int argc, char **argv)
{
	struct cli_parser p;
	const vigil_scheme *s;
	size_t iter = 0;
	int n;

	n = parse_args(&p, "vigil version schemes", argc, argv, schemes_opts);
	cli_parser_dispose(&p);
	if (n < 0)
		return n == -1 ? cli_finish_stdout() :
		    n == -2 ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	if (n != 0)
		return cli_usage_error("vigil version schemes",
		    "takes no arguments");
	while ((s = vigil_scheme_next(&iter)) != NULL)
		printf("%s\n", vigil_scheme_name(s));
	return cli_finish_stdout();
}

/* Answer one version per stdin line: "true", "false" or "error: ...". */
static int
contains_batch(const vigil_range *range)
{
	vigil_error err;
	vgx_buf line;
	int rc, status = CLI_EXIT_OK;

	vgx_buf_init(&line, VERSION_LINE_MAX);
	for (;;) {
		bool in;

		vigil_error_clear(&err);
		rc = vgx_getline(&line, stdin, &err);
		if (rc == 0)
			break;
		if (rc == VIGIL_ETOOBIG) {
			printf("error: line longer than %d bytes\n",
			    VERSION_LINE_MAX);
			status = CLI_EXIT_USAGE;
			continue;
		}
		if (rc < 0) {
			cli_error_print("stdin", &err);
			status = CLI_EXIT_SYSTEM;
			break;
		}
		if (vigil_range_contains(&in, range, vgx_buf_cstr(&line),
		    line.len, &err) < 0) {
			printf("error: %s\n", err.msg);
			status = CLI_EXIT_USAGE;
			continue;
		}
		printf("%s\n", in ? "true" : "false");
	}
	vgx_buf_dispose(&line);
	rc = cli_finish_stdout();
	return rc != CLI_EXIT_OK ? rc : status;
}

static int
cmd_contains(int argc, char **argv)
{
	static vigil_range range;	/* about 20 KiB: not on the stack */
	struct cli_parser p;
	vigil_error err;
	bool in;
	int n, rc;

	n = parse_args(&p, "vigil version contains", argc, argv,
	    contains_opts);
	if (n < 0) {
		cli_parser_dispose(&p);
		return n == -1 ? cli_finish_stdout() :
		    n == -2 ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	}
	if (n != 2) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil version contains",
		    "expected VERS VERSION, or VERS -");
	}
	vigil_error_clear(&err);
	if ((rc = vigil_range_parse_vers(&range, p.pos[0], strlen(p.pos[0]),
	    0, &err)) < 0) {
		cli_error_print(NULL, &err);
		cli_parser_dispose(&p);
		return cli_exit_for(rc);
	}
	if (strcmp(p.pos[1], "-") == 0) {
		cli_parser_dispose(&p);
		return contains_batch(&range);
	}
	rc = vigil_range_contains(&in, &range, p.pos[1], strlen(p.pos[1]),
	    &err);
	cli_parser_dispose(&p);
	if (rc < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	printf("%s\n", in ? "true" : "false");
	rc = cli_finish_stdout();
	return rc != CLI_EXIT_OK ? rc : in ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

static int
cmd_vers(int argc, char **argv)
{
	static vigil_vers vers;		/* about 18 KiB: not on the stack */
	static vigil_range range;
	static char out[VIGIL_VERS_MAX_LEN * 3 + 64];
	struct cli_parser p;
	vigil_error err;
	const char *val;
	unsigned flags = 0;
	int i, k, status = CLI_EXIT_OK;

	if (cli_parser_init(&p, "vigil version vers", argc, argv, 1,
	    vers_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			cli_parser_dispose(&p);
			version_help(stdout);
			return cli_finish_stdout();
		}
		if (k < 0) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		flags |= VIGIL_VERS_STRICT;	/* the only option */
	}
	if (p.npos == 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil version vers",
		    "expected one or more vers: ranges");
	}
	for (i = 0; i < p.npos; i++) {
		int rc;

		vigil_error_clear(&err);
		if ((rc = vigil_vers_parse(&vers, p.pos[i], strlen(p.pos[i]),
		    flags, &err)) < 0 ||
		    (rc = vigil_range_from_vers(&range, &vers, &err)) < 0 ||
		    (rc = vigil_vers_format(out, sizeof(out), NULL, &vers,
		    &err)) < 0) {
			cli_error_print(p.pos[i], &err);
			status = cli_exit_for(rc);
			continue;
		}
		printf("%s\n", out);
	}
	cli_parser_dispose(&p);
	k = cli_finish_stdout();
	return k != CLI_EXIT_OK ? k : status;
}

static const struct cli_sub version_subs[] = {
	{"compare", cmd_compare},
	{"contains", cmd_contains},
	{"vers", cmd_vers},
	{"schemes", cmd_schemes},
	{NULL, NULL}
};

static int
version_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "version", version_help, version_subs);
}

const struct cli_cmd cli_cmd_version = {
	"version",
	"compare versions under a scheme; test versions against vers: ranges",
	version_help,
	version_run
};
