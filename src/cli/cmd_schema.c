/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil schema`: validate JSON documents against JSON Schemas loaded at
 * run time (vigil ships none of the official schemas), and list the
 * schemas found.  Schema directories come from --schema-dir, else
 * VIGIL_SCHEMA_DIR (':'-separated), else $XDG_DATA_HOME/vigil/schemas and
 * /usr/share/vigil/schemas (docs/json-schema.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Longest document validated, bytes. */
#define MAX_DOC (256u * 1024 * 1024)
/* Most --schema-dir options. */
#define MAX_DIRS 64

static const struct cli_opt validate_opts[] = {
	{ "schema-dir", 'd', "DIR", "load every *.json and *.schema file "
	    "of DIR (repeatable)" },
	{ "schema", 's', "ID|FILE", "the schema: an $id, a loaded file name "
	    "or a path (required)" },
	{ "max-errors", 'm', "N", "report at most N failures per file "
	    "(default 100)" },
	{ "no-format", 0, NULL, "do not assert \"format\" (annotation only)" },
	{ "quiet", 'q', NULL, "print nothing; the exit status tells" },
	{ "verbose", 'v', NULL, "also print the schema location of each "
	    "failure, and valid files" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_opt list_opts[] = {
	{ "schema-dir", 'd', "DIR", "load every *.json and *.schema file "
	    "of DIR (repeatable)" },
	{ NULL, 0, NULL, NULL }
};

static void
schema_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil schema validate [-d DIR]... -s ID|FILE [-m N] "
	    "[--no-format] [-qv] FILE...\n"
	    "       vigil schema list [-d DIR]...\n"
	    "\n"
	    "Validate JSON documents against a JSON Schema (draft-04, -06, "
	    "-07, 2019-09,\n"
	    "2020-12).  Schemas are loaded at run time from schema "
	    "directories, indexed by\n"
	    "$id and by file name, so cross-file $refs resolve.  Each "
	    "failure is printed as\n"
	    "  FILE:LINE:COLUMN: POINTER: message\n"
	    "where POINTER is the JSON Pointer of the failing value "
	    "(\"(root)\" for the\n"
	    "whole document).  FILE \"-\" reads standard input.\n"
	    "\n"
	    "Schema directories: --schema-dir, else $VIGIL_SCHEMA_DIR "
	    "(':'-separated), else\n"
	    "$XDG_DATA_HOME/vigil/schemas (default "
	    "~/.local/share/vigil/schemas) and\n"
	    "/usr/share/vigil/schemas; missing default directories are "
	    "skipped.\n"
	    "\n"
	    "validate options:\n");
	cli_opt_print(fp, validate_opts);
	fprintf(fp,
	    "\n"
	    "list prints one line per schema document: file name, draft, $id.\n"
	    "\n"
	    "Exit status: 0 every file is valid, 1 a file is invalid, 2 usage, "
	    "a schema that\n"
	    "cannot be loaded, or a file that cannot be read or is not JSON, "
	    "4 system error.\n"
	    "See vigil-schema(1) and docs/json-schema.md.\n");
}

struct dirs {
	const char *v[MAX_DIRS];
	int n;
	char *owned;		/* copy of VIGIL_SCHEMA_DIR, split in place */
	bool skip_missing;	/* defaults: a missing directory is no error */
	char xdg[4096];
};

/* Fill D with the default directories when no --schema-dir was given. */
static int
default_dirs(struct dirs *d)
{
	const char *env = getenv("VIGIL_SCHEMA_DIR");
	struct stat st;

	d->skip_missing = true;
	if (env != NULL && env[0] != '\0') {
		char *s, *tok;

		if ((d->owned = vgx_strdup(env)) == NULL) {
			cli_errorf("out of memory");
			return CLI_EXIT_SYSTEM;
		}
		for (s = d->owned; s != NULL && d->n < MAX_DIRS;) {
			tok = s;
			s = strchr(s, ':');
			if (s != NULL)
				*s++ = '\0';
			if (tok[0] != '\0')
				d->v[d->n++] = tok;
		}
		return 0;
	}
	env = getenv("XDG_DATA_HOME");
	if (env != NULL && env[0] == '/')
		(void)snprintf(d->xdg, sizeof(d->xdg), "%s/vigil/schemas", env);
	else if ((env = getenv("HOME")) != NULL && env[0] != '\0')
		(void)snprintf(d->xdg, sizeof(d->xdg),
		    "%s/.local/share/vigil/schemas", env);
	if (d->xdg[0] != '\0' && stat(d->xdg, &st) == 0 && S_ISDIR(st.st_mode))
		d->v[d->n++] = d->xdg;
	if (stat("/usr/share/vigil/schemas", &st) == 0 && S_ISDIR(st.st_mode))
		d->v[d->n++] = "/usr/share/vigil/schemas";
	return 0;
}

static int
load_dirs(vigil_schema_registry *reg, struct dirs *d)
{
	vigil_error err;
	int i, rc;

	for (i = 0; i < d->n; i++) {
		vigil_error_clear(&err);
		if (d->skip_missing) {
			struct stat st;

			if (stat(d->v[i], &st) != 0 || !S_ISDIR(st.st_mode))
				continue;
		}
		if ((rc = vigil_schema_registry_add_dir(reg, d->v[i], NULL,
		    &err)) < 0) {
			cli_errorf("%s", err.msg);
			return rc == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM :
			    CLI_EXIT_USAGE;
		}
	}
	return 0;
}

static void
print_failure(const char *name, const vigil_schema_failure *f,
    unsigned long line, unsigned long col, bool verbose)
{
	const char *ptr = f->pointer[0] != '\0' ? f->pointer : "(root)";

	if (line > 0)
		printf("%s:%lu:%lu: %s: %s\n", name, line, col, ptr,
		    f->message);
	else
		printf("%s: %s: %s\n", name, ptr, f->message);
	if (verbose)
		printf("  keyword %s\n  schema %s\n",
		    f->keyword[0] != '\0' ? f->keyword : "(root)", f->schema);
}

/* Validate one file; returns its exit status. */
static int
validate_file(const vigil_schema *schema, const char *path,
    const vigil_schema_opts *opts, bool quiet, bool verbose)
{
	char *buf = NULL;
	size_t len = 0, i;
	vigil_error err;
	vigil_schema_result *res = NULL;
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vgx_file_read(&buf, &len, path, MAX_DOC, &err)) < 0) {
		cli_error_print(NULL, &err);
		return rc == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
	}
	if ((rc = vigil_schema_validate(&res, schema, buf, len, opts,
	    &err)) < 0) {
		cli_error_print(name, &err);
		vgx_free(buf);
		return rc == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
	}
	if (!quiet && res->count > 0) {
		unsigned long *lines = vgx_calloc(res->count, sizeof(*lines));
		unsigned long *cols = vgx_calloc(res->count, sizeof(*cols));
		const char **ptrs = vgx_calloc(res->count, sizeof(*ptrs));

		if (lines == NULL || cols == NULL || ptrs == NULL) {
			cli_errorf("out of memory");
			rc = CLI_EXIT_SYSTEM;
		} else {
			for (i = 0; i < res->count; i++)
				ptrs[i] = res->items[i].pointer;
			/* positions are a help: without them, no LINE:COL */
			if (vigil_schema_pointer_positions(lines, cols, buf,
			    len, ptrs, res->count) < 0)
				memset(lines, 0, res->count * sizeof(*lines));
			for (i = 0; i < res->count; i++)
				print_failure(name, &res->items[i], lines[i],
				    cols[i], verbose);
		}
		vgx_free(lines);
		vgx_free(cols);
		vgx_free(ptrs);
		if (rc == CLI_EXIT_SYSTEM) {
			vigil_schema_result_free(res);
			vgx_free(buf);
			return rc;
		}
	}
	if (!quiet && res->truncated)
		printf("%s: more than %zu failures; the rest are not shown\n",
		    name, opts->max_errors);
	if (!quiet && verbose && res->count == 0)
		printf("%s: valid\n", name);
	rc = res->count > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	vigil_schema_result_free(res);
	vgx_free(buf);
	return rc;
}

static int
cmd_validate(int argc, char **argv)
{
	struct cli_parser p;
	struct dirs dirs;
	vigil_schema_opts opts = VIGIL_SCHEMA_OPTS_INIT;
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema;
	const char *which = NULL, *val;
	vigil_error err;
	bool quiet = false, verbose = false;
	int k, i, rc = CLI_EXIT_OK, frc;

	memset(&dirs, 0, sizeof(dirs));
	if (cli_parser_init(&p, "vigil schema validate", argc, argv, 1,
	    validate_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		switch (k) {
		case CLI_OPT_HELP:
			schema_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		case CLI_OPT_ERROR:
			rc = CLI_EXIT_USAGE;
			goto done;
		case 0:
			if (dirs.n == MAX_DIRS) {
				rc = cli_usage_error(p.cmd, "more than %d "
				    "--schema-dir options", MAX_DIRS);
				goto done;
			}
			dirs.v[dirs.n++] = val;
			break;
		case 1:
			which = val;
			break;
		case 2: {
			const char *s = val;
			uint64_t n;

			if (vgx_parse_uint(&s, val + strlen(val), 100000,
			    &n) < 0 || *s != '\0' || n == 0) {
				rc = cli_usage_error(p.cmd, "--max-errors: "
				    "give a number from 1 to 100000");
				goto done;
			}
			opts.max_errors = (size_t)n;
			break;
		}
		case 3:
			opts.assert_formats = false;
			break;
		case 4:
			quiet = true;
			break;
		case 5:
			verbose = true;
			break;
		}
	}
	if (which == NULL) {
		rc = cli_usage_error(p.cmd, "--schema is required");
		goto done;
	}
	if (p.npos == 0) {
		rc = cli_usage_error(p.cmd, "no FILE to validate");
		goto done;
	}
	vigil_error_clear(&err);
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	/* an explicit schema file goes first, so its name wins lookups */
	if (strchr(which, '/') != NULL) {
		struct stat st;

		if (stat(which, &st) == 0 && S_ISREG(st.st_mode)) {
			const char *slash = strrchr(which, '/');

			if (vigil_schema_registry_add_file(reg, which,
			    &err) < 0) {
				cli_errorf("%s", err.msg);
				rc = err.code == VIGIL_ENOMEM ?
				    CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
				goto done;
			}
			which = slash + 1;
		}
	}
	if (dirs.n == 0 && (rc = default_dirs(&dirs)) != 0)
		goto done;
	if ((rc = load_dirs(reg, &dirs)) != 0)
		goto done;
	if (vigil_schema_registry_find(&schema, reg, which, &err) < 0) {
		cli_errorf("%s", err.msg);
		rc = err.code == VIGIL_ENOMEM ? CLI_EXIT_SYSTEM :
		    CLI_EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < p.npos; i++) {
		frc = validate_file(schema, p.pos[i], &opts, quiet, verbose);
		if (frc == CLI_EXIT_SYSTEM)
			rc = frc;
		else if (frc == CLI_EXIT_USAGE && rc != CLI_EXIT_SYSTEM)
			rc = frc;
		else if (frc == CLI_EXIT_FAIL && rc == CLI_EXIT_OK)
			rc = frc;
	}
	if ((frc = cli_finish_stdout()) != 0)
		rc = frc;
done:
	vigil_schema_registry_free(reg);
	vgx_free(dirs.owned);
	cli_parser_dispose(&p);
	return rc;
}

static int
cmd_list(int argc, char **argv)
{
	struct cli_parser p;
	struct dirs dirs;
	vigil_schema_registry *reg = NULL;
	const char *val, *name, *id;
	vigil_error err;
	size_t iter = 0;
	int k, draft, rc = CLI_EXIT_OK;

	memset(&dirs, 0, sizeof(dirs));
	if (cli_parser_init(&p, "vigil schema list", argc, argv, 1,
	    list_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			schema_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == CLI_OPT_ERROR) {
			rc = CLI_EXIT_USAGE;
			goto done;
		}
		if (dirs.n == MAX_DIRS) {
			rc = cli_usage_error(p.cmd, "more than %d --schema-dir "
			    "options", MAX_DIRS);
			goto done;
		}
		dirs.v[dirs.n++] = val;
	}
	if (p.npos > 0) {
		rc = cli_usage_error(p.cmd, "unexpected argument '%s'",
		    p.pos[0]);
		goto done;
	}
	vigil_error_clear(&err);
	if (vigil_schema_registry_new(&reg, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	if (dirs.n == 0 && (rc = default_dirs(&dirs)) != 0)
		goto done;
	if ((rc = load_dirs(reg, &dirs)) != 0)
		goto done;
	while (vigil_schema_registry_next(reg, &iter, &name, &id, &draft))
		printf("%s\t%s\t%s\n", name, draft == 2019 ? "2019-09" :
		    draft == 2020 ? "2020-12" : draft == 4 ? "draft-04" :
		    draft == 6 ? "draft-06" : "draft-07", id[0] ? id : "-");
	rc = cli_finish_stdout();
done:
	vigil_schema_registry_free(reg);
	vgx_free(dirs.owned);
	cli_parser_dispose(&p);
	return rc;
}

static const struct cli_sub schema_subs[] = {
	{"validate", cmd_validate},
	{"list", cmd_list},
	{NULL, NULL}
};

static int
schema_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "schema", schema_help, schema_subs);
}

const struct cli_cmd cli_cmd_schema = {
	"schema",
	"validate JSON documents against JSON Schemas",
	schema_help,
	schema_run,
};
