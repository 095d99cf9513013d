/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil vex: convert VEX documents between CycloneDX VEX, OpenVEX and
 * CSAF 2.0 (saying on stderr what the target cannot hold), show their
 * statements, and keep the manufacturer's triage decisions in the store
 * (set, history, export).
 *
 *     vigil vex convert IN --to cyclonedx|openvex|csaf [-o OUT]
 *     vigil vex show IN
 *     vigil vex set --product PURL --vuln ID --status S [...] [--db PATH]
 *     vigil vex history --product PURL [--vuln ID] [--db PATH]
 *     vigil vex export --product PURL --format F [-o OUT] [--db PATH]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt convert_opts[] = {
	{"to", 't', "FORMAT", "cyclonedx, openvex or csaf"},
	{"from", 'f', "FORMAT", "the input's format (default: detect)"},
	{"output", 'o', "FILE", "write here, not to stdout"},
	{"quiet", 'q', NULL, "do not report losses"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt show_opts[] = {
	{"from", 'f', "FORMAT", "the input's format (default: detect)"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt set_opts[] = {
	{"product", 'p', "PURL", "the product (a purl)"},
	{"vuln", 'v', "ID", "the vulnerability (CVE, GHSA, ...)"},
	{"status", 's', "STATUS",
	    "not_affected, affected, fixed or under_investigation"},
	{"justification", 'j', "J", "why not_affected (a CISA justification)"},
	{"impact", 0, "TEXT", "impact statement (not_affected)"},
	{"action", 0, "TEXT", "action statement (affected)"},
	{"author", 0, "NAME", "who decides (default: $USER)"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt history_opts[] = {
	{"product", 'p', "PURL", "the product"},
	{"vuln", 'v', "ID", "only this vulnerability"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt export_opts[] = {
	{"product", 'p', "PURL", "the product"},
	{"format", 'F', "FORMAT", "cyclonedx, openvex or csaf"},
	{"output", 'o', "FILE", "write here, not to stdout"},
	{"author", 0, "NAME", "document author (default: $USER)"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static void
vex_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil vex convert IN --to cyclonedx|openvex|csaf "
	    "[-o OUT] [-q]\n"
	    "       vigil vex show IN\n"
	    "       vigil vex set --product PURL --vuln ID --status STATUS\n"
	    "           [--justification J | --impact TEXT | --action TEXT]\n"
	    "           [--author NAME] [--db PATH]\n"
	    "       vigil vex history --product PURL [--vuln ID] [--db PATH]\n"
	    "       vigil vex export --product PURL --format "
	    "cyclonedx|openvex|csaf\n"
	    "           [-o OUT] [--db PATH]\n"
	    "\n"
	    "VEX statements say whether a vulnerability affects a product.\n"
	    "convert reads CycloneDX VEX (1.4-1.6), OpenVEX 0.2.0 or CSAF 2.0\n"
	    "and writes another of them; each thing the target cannot hold\n"
	    "is reported on stderr (\"vigil: loss: ...\").  show lists the\n"
	    "statements.  set records a triage decision in the store (the\n"
	    "history is kept, append-only); history lists the decisions;\n"
	    "export writes the latest decision per vulnerability as a VEX\n"
	    "document for customers.\n"
	    "\n"
	    "convert options:\n");
	cli_opt_print(fp, convert_opts);
	fprintf(fp, "\nset options:\n");
	cli_opt_print(fp, set_opts);
	fprintf(fp, "\nhistory options:\n");
	cli_opt_print(fp, history_opts);
	fprintf(fp, "\nexport options:\n");
	cli_opt_print(fp, export_opts);
	fprintf(fp,
	    "\n"
	    "Justifications: component_not_present, "
	    "vulnerable_code_not_present,\n"
	    "vulnerable_code_not_in_execute_path,\n"
	    "vulnerable_code_cannot_be_controlled_by_adversary,\n"
	    "inline_mitigations_already_exist.\n"
	    "\n"
	    "Exit status: 0 ok, 2 usage or invalid input, 4 system error.\n"
	    "See vigil-vex(1) and docs/vex.md.\n");
}

/* Write TEXT to PATH (NULL or "-": stdout).  Returns an exit status. */
static int
write_out(const char *path, const char *text)
{
	struct cli_out o;
	int ex;

	if ((ex = cli_out_open(&o, path)) != 0)
		return ex;
	fputs(text, o.fp);
	return cli_out_close(&o, true);
}

static void
print_loss(void *payload, const char *what)
{
	(void)payload;
	cli_warnf("loss: %s", what);
}

static int
parse_format(vigil_vex_format *out, const char *cmd, const char *val)
{
	if ((*out = vigil_vex_format_parse(val)) == VIGIL_VEX_FORMAT_UNKNOWN) {
		cli_usage_error(cmd, "unknown format '%s' (cyclonedx, openvex, "
		    "csaf)", val);
		return -1;
	}
	return 0;
}

static int
vex_convert(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *out = NULL;
	vigil_vex_format to = VIGIL_VEX_FORMAT_UNKNOWN;
	vigil_vex_format from = VIGIL_VEX_FORMAT_UNKNOWN;
	vigil_vex_doc *doc = NULL;
	char *text = NULL;
	vigil_error err;
	int k, quiet = 0, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil vex convert", argc, argv, 1,
	    convert_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			vex_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			if (parse_format(&to, p.cmd, val) < 0)
				goto done;
			break;
		case 1:
			if (parse_format(&from, p.cmd, val) < 0)
				goto done;
			break;
		case 2:
			out = val;
			break;
		case 3:
			quiet = 1;
			break;
		}
	}
	if (p.npos != 1) {
		cli_usage_error(p.cmd, "one input file expected");
		goto done;
	}
	if (to == VIGIL_VEX_FORMAT_UNKNOWN) {
		cli_usage_error(p.cmd, "--to is required");
		goto done;
	}
	if ((lrc = vigil_vex_read_file(&doc, p.pos[0], from, NULL,
	    &err)) < 0) {
		cli_error_print(p.pos[0], &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	if ((lrc = vigil_vex_write(&text, doc, to, quiet ? NULL : print_loss,
	    NULL, &err)) < 0) {
		cli_error_print(p.pos[0], &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = write_out(out, text);
done:
	vigil_vex_text_free(text);
	vigil_vex_doc_free(doc);
	cli_parser_dispose(&p);
	return rc;
}

static void
print_product(const vigil_vex_product *pr, const char *indent)
{
	size_t i;

	printf("%s%s", indent, pr->id != NULL ? pr->id : pr->name != NULL ?
	    pr->name : "(unnamed)");
	for (i = 0; i < pr->nidents; i++) {
		static const char *const kinds[] = {
			"purl", "cpe", "hash", "model", "serial", "sku",
			"bom-ref"
		};

		if (pr->id != NULL && strcmp(pr->id, pr->idents[i].value) == 0)
			continue;
		printf(" %s=%s", kinds[pr->idents[i].kind], pr->idents[i].value);
	}
	putchar('\n');
	for (i = 0; i < pr->nsubs; i++)
		print_product(&pr->subs[i], "      sub ");
}

static int
vex_show(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	vigil_vex_format from = VIGIL_VEX_FORMAT_UNKNOWN;
	vigil_vex_doc *doc = NULL;
	vigil_error err;
	size_t i, k;
	int c, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil vex show", argc, argv, 1,
	    show_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((c = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (c == CLI_OPT_ERROR)
			goto done;
		if (c == CLI_OPT_HELP) {
			vex_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (c == 0 && parse_format(&from, p.cmd, val) < 0)
			goto done;
	}
	if (p.npos != 1) {
		cli_usage_error(p.cmd, "one input file expected");
		goto done;
	}
	if ((lrc = vigil_vex_read_file(&doc, p.pos[0], from, NULL,
	    &err)) < 0) {
		cli_error_print(p.pos[0], &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	printf("format: %s\nid: %s\nauthor: %s\ntimestamp: %s\n"
	    "statements: %zu\n", vigil_vex_format_name(doc->format),
	    doc->id ? doc->id : "-", doc->author ? doc->author : "-",
	    doc->last_updated ? doc->last_updated : doc->timestamp ?
	    doc->timestamp : "-", doc->nstatements);
	for (i = 0; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];

		printf("%s %s", st->vuln, vigil_vex_status_name(st->status));
		if (st->justification != VIGIL_VEX_JUST_NONE)
			printf(" (%s)", vigil_vex_justification_name(
			    st->justification));
		for (k = 0; k < st->naliases; k++)
			printf("%s%s", k == 0 ? " aka " : ", ", st->aliases[k]);
		putchar('\n');
		for (k = 0; k < st->nproducts; k++)
			print_product(&st->products[k], "  product ");
	}
	rc = cli_finish_stdout();
done:
	vigil_vex_doc_free(doc);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- triage in the store ------------------------------------------------- */

static int
open_store(vigil_store **st, const char *path, unsigned flags)
{
	vigil_error err;
	int lrc;

	vigil_error_clear(&err);
	if ((lrc = vigil_store_open(st, path, flags, &err)) < 0) {
		cli_error_print(path, &err);
		return cli_exit_for(lrc);
	}
	return 0;
}

static const char *
default_author(const char *a)
{
	const char *u;

	if (a != NULL)
		return a;
	u = getenv("USER");
	return u != NULL && *u != '\0' ? u : "unknown";
}

static int
vex_set(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *db = NULL;
	vigil_vex_decision d = VIGIL_VEX_DECISION_INIT;
	vigil_store *st = NULL;
	vigil_error err;
	int k, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil vex set", argc, argv, 1, set_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			vex_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0: d.product = val; break;
		case 1: d.vuln = val; break;
		case 2:
			if ((d.status = vigil_vex_status_parse(val)) ==
			    VIGIL_VEX_STATUS_NONE) {
				cli_usage_error(p.cmd, "unknown status '%s'",
				    val);
				goto done;
			}
			break;
		case 3:
			if ((d.justification =
			    vigil_vex_justification_parse(val)) ==
			    VIGIL_VEX_JUST_NONE) {
				cli_usage_error(p.cmd,
				    "unknown justification '%s'", val);
				goto done;
			}
			break;
		case 4: d.impact = val; break;
		case 5: d.action = val; break;
		case 6: d.author = val; break;
		case 7: db = val; break;
		}
	}
	if (p.npos != 0 || d.product == NULL || d.vuln == NULL ||
	    d.status == VIGIL_VEX_STATUS_NONE) {
		cli_usage_error(p.cmd, "--product, --vuln and --status are "
		    "required");
		goto done;
	}
	d.author = default_author(d.author);
	if ((rc = open_store(&st, db, 0)) != 0)
		goto done;
	if ((lrc = vigil_vex_decide(st, &d, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = CLI_EXIT_OK;
done:
	vigil_store_close(st);
	cli_parser_dispose(&p);
	return rc;
}

static int
print_decision(void *payload, const vigil_vex_decision *d)
{
	(void)payload;
	printf("%s  %s  %s  %s", d->time, d->vuln,
	    vigil_vex_status_name(d->status), d->author);
	if (d->previous != VIGIL_VEX_STATUS_NONE)
		printf("  (was %s)", vigil_vex_status_name(d->previous));
	else
		printf("  (new)");
	if (d->justification != VIGIL_VEX_JUST_NONE)
		printf("  justification=%s",
		    vigil_vex_justification_name(d->justification));
	if (d->impact != NULL)
		printf("  impact=\"%s\"", d->impact);
	if (d->action != NULL)
		printf("  action=\"%s\"", d->action);
	putchar('\n');
	return 0;
}

static int
vex_history(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *db = NULL, *product = NULL, *vuln = NULL;
	vigil_store *st = NULL;
	vigil_error err;
	int k, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil vex history", argc, argv, 1,
	    history_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			vex_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0)
			product = val;
		else if (k == 1)
			vuln = val;
		else
			db = val;
	}
	if (p.npos != 0 || product == NULL) {
		cli_usage_error(p.cmd, "--product is required");
		goto done;
	}
	if ((rc = open_store(&st, db, VIGIL_STORE_READONLY)) != 0)
		goto done;
	if ((lrc = vigil_vex_decisions(st, product, vuln, false,
	    print_decision, NULL, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = cli_finish_stdout();
done:
	vigil_store_close(st);
	cli_parser_dispose(&p);
	return rc;
}

static int
vex_export(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *db = NULL, *product = NULL, *out = NULL;
	const char *author = NULL;
	vigil_vex_format fmt = VIGIL_VEX_FORMAT_UNKNOWN;
	vigil_vex_doc *doc = NULL;
	vigil_store *st = NULL;
	char *text = NULL;
	vigil_error err;
	int k, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil vex export", argc, argv, 1,
	    export_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			vex_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0: product = val; break;
		case 1:
			if (parse_format(&fmt, p.cmd, val) < 0)
				goto done;
			break;
		case 2: out = val; break;
		case 3: author = val; break;
		case 4: db = val; break;
		}
	}
	if (p.npos != 0 || product == NULL ||
	    fmt == VIGIL_VEX_FORMAT_UNKNOWN) {
		cli_usage_error(p.cmd, "--product and --format are required");
		goto done;
	}
	if ((rc = open_store(&st, db, VIGIL_STORE_READONLY)) != 0)
		goto done;
	if ((lrc = vigil_vex_export(&doc, st, product, default_author(author),
	    &err)) < 0 ||
	    (lrc = vigil_vex_write(&text, doc, fmt, print_loss, NULL,
	    &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = write_out(out, text);
done:
	vigil_vex_text_free(text);
	vigil_vex_doc_free(doc);
	vigil_store_close(st);
	cli_parser_dispose(&p);
	return rc;
}

static int
vex_run(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		vex_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : cli_finish_stdout();
	}
	if (strcmp(argv[1], "convert") == 0)
		return vex_convert(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return vex_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return vex_set(argc - 1, argv + 1);
	if (strcmp(argv[1], "history") == 0)
		return vex_history(argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return vex_export(argc - 1, argv + 1);
	return cli_usage_error("vigil vex", "unknown subcommand '%s'",
	    argv[1]);
}

const struct cli_cmd cli_cmd_vex = {
	"vex", "convert VEX documents and record triage decisions",
	vex_help, vex_run
};
