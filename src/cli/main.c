/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil: keeps watch over the cybersecurity of medical devices.
 *
 * main() only finds the command group and hands over; each group lives in
 * cmd_<group>.c.  The table below is generated from those file names.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define X(n) extern const struct cli_cmd cli_cmd_##n;
#include "cli_cmds.inc"
#undef X

static const struct cli_cmd *const cmds[] = {
#define X(n) &cli_cmd_##n,
#include "cli_cmds.inc"
#undef X
	NULL
};

static const struct cli_cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; cmds[i] != NULL; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

static void
main_help(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: vigil [--version] [--help] COMMAND [ARGS...]\n"
	    "\n"
	    "vigil keeps watch over the cybersecurity of medical devices:\n"
	    "SBOMs, vulnerabilities, patient-harm risk, VEX and life cycle.\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; cmds[i] != NULL; i++)
		fprintf(fp, "  %-10s  %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(fp,
	    "\n"
	    "Run 'vigil help COMMAND' for a command's options.\n"
	    "Exit status: 0 ok, 1 findings or failed check, 2 usage or invalid\n"
	    "input, 4 system error (see vigil(1)).\n");
}

static int
cmd_help(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		main_help(stdout);
		return cli_finish_stdout();
	}
	if ((c = find_cmd(argv[1])) == NULL) {
		cli_errorf("help: no command '%s'; run 'vigil --help' for the list",
		    argv[1]);
		return CLI_EXIT_USAGE;
	}
	c->help(stdout);
	return cli_finish_stdout();
}

int
main(int argc, char **argv)
{
	const struct cli_cmd *c;

	/* Output must not depend on the user's locale (decimal points). */
	setlocale(LC_ALL, "C");

	if (argc < 2) {
		main_help(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("vigil %s\n", vigil_version_string());
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc - 1, argv + 1);
	if ((c = find_cmd(argv[1])) == NULL) {
		cli_errorf("'%s' is not a vigil command; run 'vigil --help' for "
		    "the list", argv[1]);
		return CLI_EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
