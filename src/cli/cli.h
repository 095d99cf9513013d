/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vigil command line: shared declarations for main.c, the option parser
 * and the command groups (one cmd_<group>.c each).  Only src/cli/ and
 * src/server/ print.
 *
 * A command group defines `const struct cli_cmd cli_cmd_<group>` in
 * cmd_<group>.c; the build generates the table main.c dispatches on from
 * the file names, so adding a group means adding one file.
 */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "vigil/vigil.h"
#include "vgx.h"

/* Exit statuses, documented in vigil(1). */
enum {
	CLI_EXIT_OK = 0,	/* success, nothing at or above the threshold */
	CLI_EXIT_FAIL = 1,	/* findings, failed check, failed verification */
	CLI_EXIT_USAGE = 2,	/* bad usage or invalid input */
	CLI_EXIT_SYSTEM = 4	/* I/O, store or memory failure */
};

struct cli_cmd {
	const char *name;	/* "purl" */
	const char *summary;	/* one line for `vigil --help` */
	/* Print the full help of the group to FP (`vigil help NAME`). */
	void (*help)(FILE *fp);
	/* Run with ARGV[0] == NAME; returns an exit status. */
	int (*run)(int argc, char **argv);
};

/* One subcommand of a group: "vigil GROUP NAME ...". */
struct cli_sub {
	const char *name;	/* NULL ends a table */
	int (*run)(int argc, char **argv);	/* ARGV[0] == NAME */
};

/*
 * Run the subcommand of group GROUP ("purl") that ARGV[1] names, from
 * SUBS: "help", "-h" and "--help" print HELP on standard output; no
 * subcommand, or one that is not in SUBS, is a usage error naming the
 * subcommands.  Returns the exit status.
 */
int cli_subcommand(int argc, char **argv, const char *group,
    void (*help)(FILE *fp), const struct cli_sub *subs);

/* ---- options (one table gives both parsing and --help) ------------------- */

struct cli_opt {
	const char *lng;	/* long name without "--"; NULL ends the table */
	int shrt;		/* short letter, or 0 */
	const char *arg;	/* name of the argument ("FILE"), NULL: a flag */
	const char *help;	/* one line */
};

struct cli_parser {
	int argc;
	char **argv;
	int i;			/* next argv index */
	const struct cli_opt *spec;
	const char *cmd;	/* "vigil purl parse", for messages */
	char **pos;		/* positional arguments, in order */
	int npos;
	bool dashdash;		/* after "--": all positional */
	char shortbuf[2];
};

enum { CLI_OPT_END = -1, CLI_OPT_ERROR = -2, CLI_OPT_HELP = -3 };

/*
 * Start parsing ARGV[FIRST..ARGC).  Options may come before, between or
 * after positional arguments ("--" ends options; "-" is positional).
 * Returns 0 or -1 (out of memory, message printed).
 */
int cli_parser_init(struct cli_parser *p, const char *cmd, int argc,
    char **argv, int first, const struct cli_opt *spec);
void cli_parser_dispose(struct cli_parser *p);

/*
 * Next option: its index in the spec, with *VAL its argument (NULL for a
 * flag); CLI_OPT_END when all arguments are read; CLI_OPT_HELP for
 * -h/--help; CLI_OPT_ERROR after printing what is wrong.
 */
int cli_opt_next(struct cli_parser *p, const char **val);

/* Print the options table of SPEC, indented, to FP (for help texts). */
void cli_opt_print(FILE *fp, const struct cli_opt *spec);

/* ---- messages ------------------------------------------------------------ */

/* "vigil: <message>\n" on stderr. */
void cli_errorf(const char *fmt, ...) VIGIL_PRINTF(1, 2);
void cli_warnf(const char *fmt, ...) VIGIL_PRINTF(1, 2);

/*
 * Print ERR on stderr as "vigil: WHERE:LINE:COLUMN: message (at POINTER)",
 * leaving out what ERR does not have.  WHERE may be NULL.
 */
void cli_error_print(const char *where, const vigil_error *err);

/* The exit status that fits a library error code. */
int cli_exit_for(int code);

/* "usage: ..." error: prints the message and a hint to run help. */
int cli_usage_error(const char *cmd, const char *fmt, ...) VIGIL_PRINTF(2, 3);

/*
 * --require-signature: every one of the N PATHS must have a PATH.minisig
 * by a trusted key.  Returns CLI_EXIT_OK, or prints which input failed and
 * why and returns CLI_EXIT_FAIL (or CLI_EXIT_SYSTEM).
 */
int cli_require_signatures(char **paths, int n);

/* Whether FP is a terminal (for colour and progress). */
bool cli_isatty(FILE *fp);

/* Write LINE and a newline to stdout, checking for write errors later. */
int cli_finish_stdout(void);

/*
 * An output written whole or not at all (out.c).  PATH (NULL or "-":
 * stdout) is written under a temporary name beside it (PATH.XXXXXX),
 * renamed over PATH by cli_out_close() when OK is true and removed when
 * it is false, so a failed run leaves the previous PATH as it was.  A
 * PATH that exists and is not a regular file (a device, a pipe, a
 * symbolic link) is written in place.  A new file gets the mode fopen()
 * would give it, a replaced one keeps its mode.  SYNC: the data reaches
 * the disk before the rename (small outputs whose loss would matter;
 * not for the SBOM writers' hundreds of megabytes).  Both print what
 * went wrong and return an exit status.
 */
struct cli_out {
	FILE *fp;		/* write here */
	const char *path;	/* NULL: stdout */
	char *tmp;		/* the temporary name, or NULL */
	bool sync;		/* fsync before the rename */
};

int cli_out_open(struct cli_out *o, const char *path);
int cli_out_close(struct cli_out *o, bool ok);

#endif
