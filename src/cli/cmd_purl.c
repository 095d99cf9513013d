/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil purl: parse and normalise Package URLs.
 *
 *     vigil purl parse [--json] [--strict] PURL... | -
 *
 * One output line per input, in order, so that the output lines up with
 * the input: the canonical purl, its components as one JSON object
 * (--json), or "error: <reason>".  Each invalid purl is also reported on
 * stderr with where it came from; the exit status is then 2.  A purl of
 * an unregistered type is valid, with a warning on stderr.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "vigil/purl.h"

enum { OPT_JSON, OPT_STRICT };

static const struct cli_opt parse_opts[] = {
	{"json", 'j', NULL, "print each purl's components as one JSON object"},
	{"strict", 0, NULL, "ECMA-427 mode: refuse keys starting uppercase"},
	{NULL, 0, NULL, NULL},
};

static void
purl_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil purl parse [--json] [--strict] PURL...\n"
	    "       vigil purl parse [--json] [--strict] -\n"
	    "\n"
	    "Parse Package URLs, check them against the purl specification\n"
	    "and the rules of their type, and print each one's canonical form\n"
	    "(type and case folded, name normalised, qualifiers sorted,\n"
	    "percent-encoding made uniform, subpath cleaned).  With '-', read\n"
	    "one purl per line from standard input.  Every input gives one\n"
	    "output line, in order; an invalid one gives 'error: REASON'.\n"
	    "\n"
	    "Options:\n");
	cli_opt_print(fp, parse_opts);
	fprintf(fp,
	    "\n"
	    "JSON fields: type, namespace, name, version, qualifiers (an\n"
	    "object), subpath; absent components are null.\n"
	    "\n"
	    "Exit status: 0 all valid, 2 an invalid purl or bad usage, 4 a\n"
	    "read or write error.  See vigil-purl(1).\n");
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static int
print_json(const vigil_purl *p)
{
	json_t *o = json_object(), *q = NULL;
	char *text;
	size_t i;
	int rc = -1;

	if (o == NULL)
		return -1;
	if (p->nqualifiers > 0) {
		if ((q = json_object()) == NULL)
			goto done;
		for (i = 0; i < p->nqualifiers; i++)
			if (json_object_set_new(q, p->qualifiers[i].key,
			    json_string(p->qualifiers[i].value)) < 0)
				goto done;
	}
	if (json_object_set_new(o, "type", json_string(p->type)) < 0 ||
	    json_object_set_new(o, "namespace", str_or_null(p->ns)) < 0 ||
	    json_object_set_new(o, "name", json_string(p->name)) < 0 ||
	    json_object_set_new(o, "version", str_or_null(p->version)) < 0 ||
	    json_object_set_new(o, "qualifiers", q != NULL ? q :
	    json_null()) < 0)
		goto done;
	q = NULL;
	if (json_object_set_new(o, "subpath", str_or_null(p->subpath)) < 0)
		goto done;
	if ((text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		goto done;
	printf("%s\n", text);
	free(text);
	rc = 0;
done:
	json_decref(q);
	json_decref(o);
	return rc;
}

struct run {
	int json;
	unsigned flags;
	unsigned long bad;	/* invalid inputs */
	int system;		/* a system error happened */
};

/* Handle one input; WHERE names it for stderr. */
static void
one(struct run *r, const char *s, size_t len, const char *where)
{
	vigil_purl *p = NULL;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	rc = vigil_purl_parse(&p, s, len, r->flags, &err);
	if (rc == VIGIL_ENOMEM) {
		printf("error: %s\n", err.msg);
		cli_errorf("%s: %s", where, err.msg);
		r->system = 1;
		return;
	}
	if (rc < 0) {
		printf("error: %s\n", err.msg);
		cli_errorf("%s: %s", where, err.msg);
		r->bad++;
		return;
	}
	/* ECMA-427 5.7: an unregistered type is valid, with a warning. */
	if (!vigil_purl_type_registered(p->type, strlen(p->type)))
		cli_warnf("%s: type '%s' is not a registered purl type; only "
		    "the general rules were checked", where, p->type);
	if (r->json) {
		if (print_json(p) < 0) {
			printf("error: out of memory\n");
			r->system = 1;
		}
	} else {
		printf("%s\n", p->canonical);
	}
	vigil_purl_free(p);
}

static int
read_stdin(struct run *r)
{
	vgx_buf line;
	vigil_error err;
	unsigned long n = 0;
	char where[64];
	int rc;

	/* One byte over the limit, so that too long lines are reported. */
	vgx_buf_init(&line, VIGIL_PURL_MAX_LEN + 1);
	while ((rc = vgx_getline(&line, stdin, &err)) != 0) {
		n++;
		snprintf(where, sizeof(where), "stdin:%lu", n);
		if (rc == VIGIL_ETOOBIG) {
			printf("error: purl is longer than %d bytes\n",
			    VIGIL_PURL_MAX_LEN);
			cli_errorf("%s: purl is longer than %d bytes", where,
			    VIGIL_PURL_MAX_LEN);
			r->bad++;
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
	return 0;
}

static int
cmd_parse(int argc, char **argv)
{
	struct cli_parser ps;
	struct run r;
	const char *val;
	int k, i, status;

	memset(&r, 0, sizeof(r));
	if (cli_parser_init(&ps, "vigil purl parse", argc, argv, 1,
	    parse_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&ps, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			cli_parser_dispose(&ps);
			purl_help(stdout);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&ps);
			return CLI_EXIT_USAGE;
		}
		if (k == OPT_JSON)
			r.json = 1;
		else if (k == OPT_STRICT)
			r.flags |= VIGIL_PURL_STRICT;
	}
	if (ps.npos == 0) {
		cli_parser_dispose(&ps);
		return cli_usage_error("vigil purl parse",
		    "give one or more purls, or '-' to read standard input");
	}
	for (i = 0; i < ps.npos; i++)
		if (strcmp(ps.pos[i], "-") == 0 && ps.npos > 1) {
			cli_parser_dispose(&ps);
			return cli_usage_error("vigil purl parse",
			    "'-' cannot be mixed with purl arguments");
		}
	if (strcmp(ps.pos[0], "-") == 0) {
		read_stdin(&r);
	} else {
		for (i = 0; i < ps.npos; i++) {
			char where[64];

			snprintf(where, sizeof(where), "argument %d", i + 1);
			one(&r, ps.pos[i], strlen(ps.pos[i]), where);
		}
	}
	cli_parser_dispose(&ps);
	if ((status = cli_finish_stdout()) != CLI_EXIT_OK || r.system)
		return CLI_EXIT_SYSTEM;
	return r.bad > 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

static const struct cli_sub purl_subs[] = {
	{"parse", cmd_parse},
	{NULL, NULL}
};

static int
purl_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "purl", purl_help, purl_subs);
}

const struct cli_cmd cli_cmd_purl = {
	"purl",
	"parse, check and normalise Package URLs",
	purl_help,
	purl_run,
};
