/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Option parsing from one table per command, so that parsing and the
 * options part of the help text cannot disagree (libgit2 cli_opt_spec).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int
cli_parser_init(struct cli_parser *p, const char *cmd, int argc, char **argv,
    int first, const struct cli_opt *spec)
{
	memset(p, 0, sizeof(*p));
	p->argc = argc;
	p->argv = argv;
	p->i = first;
	p->spec = spec;
	p->cmd = cmd;
	p->pos = vgx_calloc((size_t)argc + 1, sizeof(*p->pos));
	if (p->pos == NULL) {
		cli_errorf("out of memory");
		return -1;
	}
	return 0;
}

void
cli_parser_dispose(struct cli_parser *p)
{
	vgx_free(p->pos);
	p->pos = NULL;
}

static int
find_long(const struct cli_opt *spec, const char *name, size_t len)
{
	int i;

	for (i = 0; spec != NULL && spec[i].lng != NULL; i++)
		if (strlen(spec[i].lng) == len &&
		    memcmp(spec[i].lng, name, len) == 0)
			return i;
	return -1;
}

static int
find_short(const struct cli_opt *spec, int c)
{
	int i;

	for (i = 0; spec != NULL && spec[i].lng != NULL; i++)
		if (spec[i].shrt == c)
			return i;
	return -1;
}

int
cli_opt_next(struct cli_parser *p, const char **val)
{
	*val = NULL;
	while (p->i < p->argc) {
		char *a = p->argv[p->i++];
		const char *eq;
		int k;

		if (p->dashdash || a[0] != '-' || a[1] == '\0') {
			p->pos[p->npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			p->dashdash = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			size_t len;

			eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			if ((k = find_long(p->spec, name, len)) < 0) {
				if (len == 4 && memcmp(name, "help", 4) == 0)
					return CLI_OPT_HELP;
				cli_usage_error(p->cmd, "unknown option '--%.*s'",
				    (int)len, name);
				return CLI_OPT_ERROR;
			}
			if (p->spec[k].arg == NULL) {
				if (eq != NULL) {
					cli_usage_error(p->cmd,
					    "option '--%s' takes no value",
					    p->spec[k].lng);
					return CLI_OPT_ERROR;
				}
				return k;
			}
			if (eq != NULL) {
				*val = eq + 1;
			} else if (p->i < p->argc) {
				*val = p->argv[p->i++];
			} else {
				cli_usage_error(p->cmd,
				    "option '--%s' needs a value (%s)",
				    p->spec[k].lng, p->spec[k].arg);
				return CLI_OPT_ERROR;
			}
			return k;
		}
		/* Short option: one letter, its value attached or next. */
		if ((k = find_short(p->spec, a[1])) < 0) {
			if (a[1] == 'h' && a[2] == '\0')
				return CLI_OPT_HELP;
			cli_usage_error(p->cmd, "unknown option '-%c'", a[1]);
			return CLI_OPT_ERROR;
		}
		if (p->spec[k].arg == NULL) {
			if (a[2] != '\0') {
				cli_usage_error(p->cmd,
				    "option '-%c' takes no value; give short "
				    "options separately", a[1]);
				return CLI_OPT_ERROR;
			}
			return k;
		}
		if (a[2] != '\0') {
			*val = a + 2;
		} else if (p->i < p->argc) {
			*val = p->argv[p->i++];
		} else {
			cli_usage_error(p->cmd, "option '-%c' needs a value (%s)",
			    a[1], p->spec[k].arg);
			return CLI_OPT_ERROR;
		}
		return k;
	}
	return CLI_OPT_END;
}

void
cli_opt_print(FILE *fp, const struct cli_opt *spec)
{
	int i;

	for (i = 0; spec != NULL && spec[i].lng != NULL; i++) {
		char left[64];

		if (spec[i].shrt)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    spec[i].shrt, spec[i].lng, spec[i].arg ? " " : "",
			    spec[i].arg ? spec[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", spec[i].lng,
			    spec[i].arg ? " " : "", spec[i].arg ? spec[i].arg : "");
		if (strlen(left) <= 24)
			fprintf(fp, "  %-24s  %s\n", left, spec[i].help);
		else
			fprintf(fp, "  %s\n  %-24s  %s\n", left, "", spec[i].help);
	}
	fprintf(fp, "  %-24s  %s\n", "-h, --help", "show this help");
}

static void vmsg(const char *, const char *, va_list) VIGIL_PRINTF(2, 0);

static void
vmsg(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("vigil: ", stderr);
	if (kind != NULL)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void
cli_warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void
cli_error_print(const char *where, const vigil_error *err)
{
	fflush(stdout);
	fputs("vigil: ", stderr);
	if (where != NULL && *where != '\0') {
		fputs(where, stderr);
		if (err->line > 0)
			fprintf(stderr, ":%lu", err->line);
		if (err->column > 0)
			fprintf(stderr, ":%lu", err->column);
		fputs(": ", stderr);
	} else if (err->line > 0) {
		fprintf(stderr, "line %lu", err->line);
		if (err->column > 0)
			fprintf(stderr, ", column %lu", err->column);
		fputs(": ", stderr);
	}
	fputs(err->msg[0] ? err->msg : vigil_strerror(err->code), stderr);
	if (err->path[0] != '\0')
		fprintf(stderr, " (at %s)", err->path);
	fputc('\n', stderr);
}

int
cli_exit_for(int code)
{
	switch (code) {
	case VIGIL_OK:
		return CLI_EXIT_OK;
	case VIGIL_EVERIFY:
		return CLI_EXIT_FAIL;
	case VIGIL_EINVALID:
	case VIGIL_ETOOBIG:
	case VIGIL_EUNSUPPORTED:
	case VIGIL_ENOTFOUND:
	case VIGIL_EEXISTS:
		return CLI_EXIT_USAGE;
	default:
		return CLI_EXIT_SYSTEM;
	}
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "vigil: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vigil help %s'.\n",
	    strncmp(cmd, "vigil ", 6) == 0 ? cmd + 6 : cmd);
	return CLI_EXIT_USAGE;
}

int
cli_subcommand(int argc, char **argv, const char *group,
    void (*help)(FILE *fp), const struct cli_sub *subs)
{
	const struct cli_sub *sub;
	char cmd[64], names[256];
	size_t len = 0;

	if (argc >= 2 && (strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		help(stdout);
		return cli_finish_stdout();
	}
	for (sub = subs; argc >= 2 && sub->name != NULL; sub++)
		if (strcmp(argv[1], sub->name) == 0)
			return sub->run(argc - 1, argv + 1);
	names[0] = '\0';
	for (sub = subs; sub->name != NULL && len < sizeof(names); sub++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", sub == subs ? "" : ", ", sub->name);
	snprintf(cmd, sizeof(cmd), "vigil %s", group);
	if (argc < 2)
		return cli_usage_error(cmd, "give a subcommand: %s", names);
	return cli_usage_error(cmd, "unknown subcommand '%s' (the "
	    "subcommands: %s)", argv[1], names);
}

bool
cli_isatty(FILE *fp)
{
	return isatty(fileno(fp)) != 0;
}

int
cli_finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_errorf("error writing to standard output");
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}
