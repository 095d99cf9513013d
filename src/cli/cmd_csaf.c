/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil csaf: validate CSAF 2.0 documents (the JSON schema when a schema
 * directory is given, and the mandatory tests of section 6.1), and check
 * their file names (section 5.1).
 *
 *     vigil csaf validate [--schema-dir DIR]... [-q] FILE...
 *     vigil csaf filename FILE...
 */
#include <string.h>

#include "cli.h"

static const struct cli_opt validate_opts[] = {
	{"schema-dir", 's', "DIR", "load JSON schemas from DIR (repeatable): "
	    "csaf_json_schema.json and the FIRST CVSS schemas"},
	{"quiet", 'q', NULL, "print only failures"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt publish_opts[] = {
	{"base-url", 'u', "URL", "where DIR is served (e.g. "
	    "https://psirt.example.com/.well-known/csaf)"},
	{"schema-dir", 's', "DIR", "also validate against the CSAF schema "
	    "in DIR (repeatable)"},
	{"sign", 0, NULL, "write OpenPGP .asc signatures (gpgme)"},
	{"signer", 0, "KEY", "the OpenPGP key (default: GnuPG's)"},
	{"gnupg-home", 0, "DIR", "the GnuPG home (default $GNUPGHOME)"},
	{"key-url", 0, "URL", "public key URL for provider-metadata.json"},
	{"key-fpr", 0, "FPR", "its fingerprint"},
	{"role", 0, "ROLE", "csaf_publisher, csaf_provider (default) or "
	    "csaf_trusted_provider"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt import_opts[] = {
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{"schema-dir", 's', "DIR", "also validate against the CSAF schema "
	    "in DIR (repeatable)"},
	{"quiet", 'q', NULL, "print nothing on success"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt fetch_opts[] = {
	{"mirror", 'm', "DIR", "save the documents here (required)"},
	{"db", 0, "PATH", "import into this store (default $VIGIL_DB, else "
	    "the user's)"},
	{"no-import", 0, NULL, "only download and check"},
	{"gnupg-home", 0, "DIR", "require .asc signatures by the keys in DIR"},
	{"schema-dir", 's', "DIR", "also validate against the CSAF schema "
	    "in DIR (repeatable)"},
	{"quiet", 'q', NULL, "print only rejected documents"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt filename_opts[] = {
	{NULL, 0, NULL, NULL}
};

static void
csaf_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil csaf validate [--schema-dir DIR]... [-q] FILE...\n"
	    "       vigil csaf filename FILE...\n"
	    "       vigil csaf publish DIR --base-url URL [--schema-dir DIR]...\n"
	    "           [--sign [--signer KEY] [--gnupg-home DIR]]\n"
	    "           [--key-url URL [--key-fpr FPR]] [--role ROLE] FILE...\n"
	    "       vigil csaf import [--db PATH] [--schema-dir DIR]... [-q] "
	    "FILE...\n"
	    "       vigil csaf fetch URL --mirror DIR [--db PATH] [--no-import]\n"
	    "           [--gnupg-home DIR] [--schema-dir DIR]... [-q]\n"
	    "\n"
	    "validate checks each CSAF 2.0 document against the CSAF JSON\n"
	    "schema (vigil does not ship it: give the directory holding\n"
	    "csaf_json_schema.json and, for the CVSS parts, the FIRST\n"
	    "cvss-v2.0.json, cvss-v3.0.json and cvss-v3.1.json) and by the\n"
	    "mandatory tests of section 6.1.  Each failure is printed as\n"
	    "FILE: TEST POINTER: message.  Without --schema-dir the\n"
	    "mandatory tests still run and the output says the schema was\n"
	    "not checked.\n"
	    "\n"
	    "filename checks that each FILE is named as section 5.1 derives\n"
	    "from its tracking id, and prints the expected name.\n"
	    "\n"
	    "publish adds each valid TLP:WHITE FILE to the provider\n"
	    "directory DIR (section 7): DIR/white/YEAR/NAME with .sha256,\n"
	    ".sha512 (and .asc with --sign), DIR/white/index.txt and\n"
	    "changes.csv, DIR/provider-metadata.json.\n"
	    "\n"
	    "import puts the known_affected products (by purl) of each valid\n"
	    "advisory into the store, where vigil scan finds them.\n"
	    "\n"
	    "fetch reads the provider-metadata.json at URL, downloads the\n"
	    "documents its distributions list (directory index.txt, ROLIE\n"
	    "feeds) with their .sha256 and .sha512 (and .asc with\n"
	    "--gnupg-home), keeps those whose hashes and signature check and\n"
	    "that validate, and imports them.\n"
	    "\n"
	    "validate options:\n");
	cli_opt_print(fp, validate_opts);
	fprintf(fp, "\npublish options:\n");
	cli_opt_print(fp, publish_opts);
	fprintf(fp, "\nimport options:\n");
	cli_opt_print(fp, import_opts);
	fprintf(fp, "\nfetch options:\n");
	cli_opt_print(fp, fetch_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 every document valid, 1 a document fails, 2 usage\n"
	    "or a file that is not JSON, 4 system error.  See vigil-csaf(1)\n"
	    "and docs/csaf.md.\n");
}

struct pr {
	const char *file;
};

static void
print_issue(void *payload, const char *test, const char *pointer,
    const char *msg)
{
	const struct pr *p = payload;

	if (*p->file != '\0')
		printf("%s: ", p->file);
	printf("%s %s: %s\n", test, *pointer ? pointer : "/", msg);
}

static int
csaf_validate(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	vigil_error err;
	int k, i, quiet = 0, ndirs = 0, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil csaf validate", argc, argv, 1,
	    validate_opts) < 0)
		return CLI_EXIT_SYSTEM;
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			csaf_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0) {
			if ((lrc = vigil_schema_registry_add_dir(reg, val, NULL,
			    &err)) < 0) {
				cli_error_print(val, &err);
				rc = cli_exit_for(lrc);
				goto done;
			}
			ndirs++;
		} else {
			quiet = 1;
		}
	}
	if (p.npos < 1) {
		cli_usage_error(p.cmd, "no file given");
		goto done;
	}
	if (ndirs > 0 && (lrc = vigil_schema_registry_find(&schema, reg,
	    "csaf_json_schema.json", &err)) < 0) {
		cli_error_print("csaf_json_schema.json", &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	if (schema == NULL)
		cli_warnf("no --schema-dir: the CSAF JSON schema was not "
		    "checked, only the mandatory tests");
	rc = CLI_EXIT_OK;
	for (i = 0; i < p.npos; i++) {
		struct pr pr = { p.pos[i] };
		char *buf = NULL;
		size_t len, nfail = 0;

		if ((lrc = vgx_file_read(&buf, &len, p.pos[i],
		    VIGIL_CSAF_MAX_DOC, &err)) < 0 ||
		    (lrc = vigil_csaf_validate(&nfail, buf, len, schema,
		    print_issue, &pr, &err)) < 0) {
			cli_error_print(p.pos[i], &err);
			vgx_free(buf);
			if (cli_exit_for(lrc) > rc)
				rc = cli_exit_for(lrc);
			continue;
		}
		vgx_free(buf);
		if (nfail > 0) {
			if (rc == CLI_EXIT_OK)
				rc = CLI_EXIT_FAIL;
		} else if (!quiet) {
			printf("%s: valid%s\n", p.pos[i], schema != NULL ? "" :
			    " (mandatory tests; schema not checked)");
		}
	}
	if (cli_finish_stdout() != CLI_EXIT_OK)
		rc = CLI_EXIT_SYSTEM;
done:
	vigil_schema_registry_free(reg);
	cli_parser_dispose(&p);
	return rc;
}

static int
csaf_filename(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	vigil_vex_doc *doc = NULL;
	vigil_error err;
	int k, i, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil csaf filename", argc, argv, 1,
	    filename_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			csaf_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
	}
	if (p.npos < 1) {
		cli_usage_error(p.cmd, "no file given");
		goto done;
	}
	rc = CLI_EXIT_OK;
	for (i = 0; i < p.npos; i++) {
		const char *base = strrchr(p.pos[i], '/');
		char want[1024];

		base = base != NULL ? base + 1 : p.pos[i];
		if ((lrc = vigil_vex_read_file(&doc, p.pos[i],
		    VIGIL_VEX_FORMAT_CSAF, NULL, &err)) < 0) {
			cli_error_print(p.pos[i], &err);
			rc = cli_exit_for(lrc);
			continue;
		}
		if (doc->id == NULL || vigil_csaf_filename(want, sizeof(want),
		    doc->id) < 0) {
			cli_errorf("%s: no usable tracking id", p.pos[i]);
			rc = CLI_EXIT_USAGE;
		} else if (strcmp(want, base) != 0) {
			printf("%s: should be named %s\n", p.pos[i], want);
			if (rc == CLI_EXIT_OK)
				rc = CLI_EXIT_FAIL;
		} else {
			printf("%s: ok\n", p.pos[i]);
		}
		vigil_vex_doc_free(doc);
		doc = NULL;
	}
	if (cli_finish_stdout() != CLI_EXIT_OK)
		rc = CLI_EXIT_SYSTEM;
done:
	cli_parser_dispose(&p);
	return rc;
}

static int
csaf_publish(int argc, char **argv)
{
	vigil_csaf_publish_opts o = VIGIL_CSAF_PUBLISH_OPTS_INIT;
	struct cli_parser p;
	const char *val;
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	struct pr pr = { "" };
	vigil_error err;
	int k, ndirs = 0, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil csaf publish", argc, argv, 1,
	    publish_opts) < 0)
		return CLI_EXIT_SYSTEM;
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			csaf_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0: o.base_url = val; break;
		case 1:
			if ((lrc = vigil_schema_registry_add_dir(reg, val, NULL,
			    &err)) < 0) {
				cli_error_print(val, &err);
				rc = cli_exit_for(lrc);
				goto done;
			}
			ndirs++;
			break;
		case 2: o.sign = true; break;
		case 3: o.signer = val; break;
		case 4: o.gnupg_home = val; break;
		case 5: o.key_url = val; break;
		case 6: o.key_fpr = val; break;
		case 7: o.role = val; break;
		}
	}
	if (p.npos < 2 || o.base_url == NULL) {
		cli_usage_error(p.cmd, "DIR, --base-url and at least one FILE "
		    "are required");
		goto done;
	}
	if (ndirs > 0 && (lrc = vigil_schema_registry_find(&schema, reg,
	    "csaf_json_schema.json", &err)) < 0) {
		cli_error_print("csaf_json_schema.json", &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	o.schema = schema;
	if ((lrc = vigil_csaf_publish(p.pos[0], (const char *const *)p.pos + 1,
	    (size_t)p.npos - 1, &o, print_issue, &pr, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = lrc == VIGIL_EINVALID || lrc == VIGIL_EUNSUPPORTED ?
		    CLI_EXIT_FAIL : cli_exit_for(lrc);
		goto done;
	}
	rc = CLI_EXIT_OK;
done:
	vigil_schema_registry_free(reg);
	cli_parser_dispose(&p);
	return rc;
}

static int
csaf_import(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *db = NULL;
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	vigil_store *st = NULL;
	vigil_error err;
	int k, i, ndirs = 0, quiet = 0, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil csaf import", argc, argv, 1,
	    import_opts) < 0)
		return CLI_EXIT_SYSTEM;
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			csaf_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0) {
			db = val;
		} else if (k == 1) {
			if ((lrc = vigil_schema_registry_add_dir(reg, val, NULL,
			    &err)) < 0) {
				cli_error_print(val, &err);
				rc = cli_exit_for(lrc);
				goto done;
			}
			ndirs++;
		} else {
			quiet = 1;
		}
	}
	if (p.npos < 1) {
		cli_usage_error(p.cmd, "no file given");
		goto done;
	}
	if (ndirs > 0 && (lrc = vigil_schema_registry_find(&schema, reg,
	    "csaf_json_schema.json", &err)) < 0) {
		cli_error_print("csaf_json_schema.json", &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	if ((lrc = vigil_store_open(&st, db, 0, &err)) < 0) {
		cli_error_print(db, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = CLI_EXIT_OK;
	for (i = 0; i < p.npos; i++) {
		char *buf = NULL;
		size_t len, nadv = 0, skipped = 0;

		if ((lrc = vgx_file_read(&buf, &len, p.pos[i],
		    VIGIL_CSAF_MAX_DOC, &err)) < 0 ||
		    (lrc = vigil_csaf_import(&nadv, &skipped, st, buf, len,
		    schema, &err)) < 0) {
			cli_error_print(p.pos[i], &err);
			if (cli_exit_for(lrc) > rc)
				rc = cli_exit_for(lrc);
		} else if (!quiet) {
			printf("%s: %zu advisories imported", p.pos[i], nadv);
			if (skipped > 0)
				printf(", %zu affected products without a "
				    "purl vigil can match skipped", skipped);
			putchar('\n');
		}
		vgx_free(buf);
	}
	if (cli_finish_stdout() != CLI_EXIT_OK)
		rc = CLI_EXIT_SYSTEM;
done:
	vigil_store_close(st);
	vigil_schema_registry_free(reg);
	cli_parser_dispose(&p);
	return rc;
}

struct fetch_pr {
	int quiet;
};

static void
print_fetch(void *payload, const char *url, const char *outcome)
{
	const struct fetch_pr *f = payload;

	if (strcmp(outcome, "ok") == 0 && f->quiet)
		return;
	printf("%s: %s\n", url, outcome);
}

static int
csaf_fetch(int argc, char **argv)
{
	vigil_csaf_fetch_opts o = VIGIL_CSAF_FETCH_OPTS_INIT;
	vigil_csaf_fetch_stats stats;
	struct fetch_pr fp = { 0 };
	struct cli_parser p;
	const char *val, *db = NULL;
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	vigil_store *st = NULL;
	vigil_error err;
	int k, ndirs = 0, noimport = 0, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil csaf fetch", argc, argv, 1,
	    fetch_opts) < 0)
		return CLI_EXIT_SYSTEM;
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			csaf_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0: o.mirror = val; break;
		case 1: db = val; break;
		case 2: noimport = 1; break;
		case 3: o.gnupg_home = val; break;
		case 4:
			if ((lrc = vigil_schema_registry_add_dir(reg, val, NULL,
			    &err)) < 0) {
				cli_error_print(val, &err);
				rc = cli_exit_for(lrc);
				goto done;
			}
			ndirs++;
			break;
		case 5: fp.quiet = 1; break;
		}
	}
	if (p.npos != 1 || o.mirror == NULL) {
		cli_usage_error(p.cmd, "one URL and --mirror DIR are required");
		goto done;
	}
	if (ndirs > 0 && (lrc = vigil_schema_registry_find(&schema, reg,
	    "csaf_json_schema.json", &err)) < 0) {
		cli_error_print("csaf_json_schema.json", &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	o.schema = schema;
	if (!noimport) {
		if ((lrc = vigil_store_open(&st, db, 0, &err)) < 0) {
			cli_error_print(db, &err);
			rc = cli_exit_for(lrc);
			goto done;
		}
		o.store = st;
	}
	if ((lrc = vigil_csaf_fetch(&stats, p.pos[0], &o, print_fetch, &fp,
	    &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = lrc == VIGIL_EIO ? CLI_EXIT_SYSTEM : cli_exit_for(lrc);
		goto done;
	}
	printf("%zu listed, %zu fetched, %zu rejected, %zu advisories "
	    "imported\n", stats.listed, stats.fetched, stats.rejected,
	    stats.imported);
	rc = stats.rejected > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	if (cli_finish_stdout() != CLI_EXIT_OK)
		rc = CLI_EXIT_SYSTEM;
done:
	vigil_store_close(st);
	vigil_schema_registry_free(reg);
	cli_parser_dispose(&p);
	return rc;
}

static const struct cli_sub csaf_subs[] = {
	{"validate", csaf_validate},
	{"filename", csaf_filename},
	{"publish", csaf_publish},
	{"import", csaf_import},
	{"fetch", csaf_fetch},
	{NULL, NULL}
};

static int
csaf_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "csaf", csaf_help, csaf_subs);
}

const struct cli_cmd cli_cmd_csaf = {
	"csaf", "validate CSAF 2.0 advisories and check their file names",
	csaf_help, csaf_run
};
