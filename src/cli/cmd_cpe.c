/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil cpe: parse CPE names and compare them.
 *
 *     vigil cpe parse CPE... | -
 *     vigil cpe compare [--attributes] SOURCE TARGET
 *
 * parse prints one JSON object per input line (every attribute as bound
 * in the formatted string, "*" for ANY and "-" for NA, and "cpe23");
 * compare prints the relation of SOURCE to TARGET.  Either side of
 * compare may be '-', read line by line from standard input, giving one
 * relation per line.  Invalid names give "error: REASON" on their line
 * and a "vigil: " message on stderr; the exit status is then 2.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "vigil/cpe.h"

enum { OPT_ATTRIBUTES };

static const struct cli_opt parse_opts[] = {
	{NULL, 0, NULL, NULL},
};

static const struct cli_opt compare_opts[] = {
	{"attributes", 'a', NULL, "also print each attribute's relation"},
	{NULL, 0, NULL, NULL},
};

static void
cpe_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil cpe parse CPE... | -\n"
	    "       vigil cpe compare [--attributes] SOURCE TARGET\n"
	    "\n"
	    "parse reads CPE 2.3 formatted strings (cpe:2.3:...) and CPE 2.2\n"
	    "URIs (cpe:/...) and prints, per name, one JSON object with the\n"
	    "eleven attributes as bound in the formatted string ('*' is ANY,\n"
	    "'-' is NA) and \"cpe23\", the normalised formatted string.\n"
	    "\n"
	    "compare prints the relation of SOURCE to TARGET (NISTIR 7696):\n"
	    "equal, subset, superset, disjoint; overlap when some attributes\n"
	    "are subsets and others supersets; undefined when TARGET has\n"
	    "wildcards.  SOURCE matches TARGET when it is equal or a superset.\n"
	    "\n"
	    "'-' reads one name per line from standard input and answers one\n"
	    "line per input; an invalid name gives 'error: REASON'.\n"
	    "\n"
	    "compare options:\n");
	cli_opt_print(fp, compare_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 done, 2 an invalid name or bad usage, 4 a read or\n"
	    "write error.  See vigil-cpe(1).\n");
}

struct run {
	unsigned long bad;
	int system;
	int attributes;
	const vigil_cpe *other;	/* compare: the side given as argument */
	int other_is_source;
};

static void
report(struct run *r, const char *where, const vigil_error *err)
{
	printf("error: %s\n", err->msg);
	cli_errorf("%s: %s", where, err->msg);
	if (err->code == VIGIL_ENOMEM)
		r->system = 1;
	else
		r->bad++;
}

static int
print_parsed(const vigil_cpe *c)
{
	json_t *o = json_object();
	char *text;
	int a;

	if (o == NULL)
		return -1;
	for (a = 0; a < VIGIL_CPE_NATTRS; a++)
		if (json_object_set_new(o, vigil_cpe_attr_name(
		    (vigil_cpe_attr)a), json_string(vigil_cpe_get(c,
		    (vigil_cpe_attr)a)->fs)) < 0)
			goto fail;
	if (json_object_set_new(o, "cpe23", json_string(vigil_cpe_fs(c))) < 0)
		goto fail;
	if ((text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		goto fail;
	printf("%s\n", text);
	free(text);
	json_decref(o);
	return 0;
fail:
	json_decref(o);
	return -1;
}

static void
print_relation(struct run *r, const vigil_cpe *src, const vigil_cpe *tgt)
{
	int a;

	fputs(vigil_cpe_relation_name(vigil_cpe_compare(src, tgt)), stdout);
	if (r->attributes)
		for (a = 0; a < VIGIL_CPE_NATTRS; a++)
			printf(" %s=%s", vigil_cpe_attr_name((vigil_cpe_attr)a),
			    vigil_cpe_relation_name(vigil_cpe_compare_attr(src,
			    tgt, (vigil_cpe_attr)a)));
	putchar('\n');
}

/* One name from the command line or stdin; WHERE names it. */
static void
one(struct run *r, const char *s, size_t len, const char *where)
{
	vigil_cpe *c = NULL;
	vigil_error err;

	vigil_error_clear(&err);
	if (vigil_cpe_parse(&c, s, len, &err) < 0) {
		report(r, where, &err);
		return;
	}
	if (r->other == NULL) {
		if (print_parsed(c) < 0) {
			printf("error: out of memory\n");
			r->system = 1;
		}
	} else if (r->other_is_source) {
		print_relation(r, r->other, c);
	} else {
		print_relation(r, c, r->other);
	}
	vigil_cpe_free(c);
}

static void
read_stdin(struct run *r)
{
	vgx_buf line;
	vigil_error err;
	unsigned long n = 0;
	char where[64];
	int rc;

	vgx_buf_init(&line, VIGIL_CPE_MAX_LEN + 1);
	while ((rc = vgx_getline(&line, stdin, &err)) != 0) {
		snprintf(where, sizeof(where), "stdin:%lu", ++n);
		if (rc == VIGIL_ETOOBIG) {
			vigil__error(&err, VIGIL_EINVALID, "CPE name is longer "
			    "than %d bytes", VIGIL_CPE_MAX_LEN);
			report(r, where, &err);
			continue;
		}
		if (rc < 0) {
			cli_error_print("stdin", &err);
			r->system = 1;
			break;
		}
		one(r, line.ptr, line.len, where);
	}
	vgx_buf_dispose(&line);
}

static int
finish(const struct run *r)
{
	if (cli_finish_stdout() != CLI_EXIT_OK || r->system)
		return CLI_EXIT_SYSTEM;
	return r->bad > 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

/* Parse options of SPEC; returns -1 after help or an error (*STATUS). */
static int
options(struct cli_parser *ps, const char *cmd, int argc, char **argv,
    const struct cli_opt *spec, struct run *r, int *status)
{
	const char *val;
	int k;

	if (cli_parser_init(ps, cmd, argc, argv, 1, spec) < 0) {
		*status = CLI_EXIT_SYSTEM;
		return -1;
	}
	while ((k = cli_opt_next(ps, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			cpe_help(stdout);
			*status = cli_finish_stdout();
			cli_parser_dispose(ps);
			return -1;
		}
		if (k == CLI_OPT_ERROR) {
			*status = CLI_EXIT_USAGE;
			cli_parser_dispose(ps);
			return -1;
		}
		if (spec == compare_opts && k == OPT_ATTRIBUTES)
			r->attributes = 1;
	}
	return 0;
}

static int
cmd_parse(int argc, char **argv)
{
	struct cli_parser ps;
	struct run r;
	int i, status;

	memset(&r, 0, sizeof(r));
	if (options(&ps, "vigil cpe parse", argc, argv, parse_opts, &r,
	    &status) < 0)
		return status;
	if (ps.npos == 0) {
		cli_parser_dispose(&ps);
		return cli_usage_error("vigil cpe parse",
		    "give one or more CPE names, or '-' to read standard input");
	}
	if (ps.npos == 1 && strcmp(ps.pos[0], "-") == 0) {
		read_stdin(&r);
	} else {
		for (i = 0; i < ps.npos; i++) {
			char where[64];

			if (strcmp(ps.pos[i], "-") == 0) {
				cli_parser_dispose(&ps);
				return cli_usage_error("vigil cpe parse",
				    "'-' cannot be mixed with CPE arguments");
			}
			snprintf(where, sizeof(where), "argument %d", i + 1);
			one(&r, ps.pos[i], strlen(ps.pos[i]), where);
		}
	}
	cli_parser_dispose(&ps);
	return finish(&r);
}

static int
cmd_compare(int argc, char **argv)
{
	struct cli_parser ps;
	struct run r;
	vigil_cpe *fixed = NULL, *other = NULL;
	vigil_error err;
	int status, src_stdin, tgt_stdin;

	memset(&r, 0, sizeof(r));
	if (options(&ps, "vigil cpe compare", argc, argv, compare_opts, &r,
	    &status) < 0)
		return status;
	if (ps.npos != 2) {
		cli_parser_dispose(&ps);
		return cli_usage_error("vigil cpe compare",
		    "give a SOURCE and a TARGET name");
	}
	src_stdin = strcmp(ps.pos[0], "-") == 0;
	tgt_stdin = strcmp(ps.pos[1], "-") == 0;
	if (src_stdin && tgt_stdin) {
		cli_parser_dispose(&ps);
		return cli_usage_error("vigil cpe compare",
		    "only one of SOURCE and TARGET can be '-'");
	}
	if (!src_stdin && vigil_cpe_parse(&fixed, ps.pos[0],
	    strlen(ps.pos[0]), &err) < 0) {
		cli_errorf("source: %s", err.msg);
		status = cli_exit_for(err.code);
		goto done;
	}
	if (!tgt_stdin && vigil_cpe_parse(&other,
	    ps.pos[1], strlen(ps.pos[1]), &err) < 0) {
		cli_errorf("target: %s", err.msg);
		status = cli_exit_for(err.code);
		goto done;
	}
	if (src_stdin) {
		r.other = other;
		r.other_is_source = 0;
		read_stdin(&r);
	} else if (tgt_stdin) {
		r.other = fixed;
		r.other_is_source = 1;
		read_stdin(&r);
	} else {
		print_relation(&r, fixed, other);
	}
	status = finish(&r);
done:
	vigil_cpe_free(fixed);
	vigil_cpe_free(other);
	cli_parser_dispose(&ps);
	return status;
}

static const struct cli_sub cpe_subs[] = {
	{"parse", cmd_parse},
	{"compare", cmd_compare},
	{NULL, NULL}
};

static int
cpe_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "cpe", cpe_help, cpe_subs);
}

const struct cli_cmd cli_cmd_cpe = {
	"cpe",
	"parse CPE 2.3 and 2.2 names and compare them",
	cpe_help,
	cpe_run,
};
