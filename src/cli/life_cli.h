/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the device-inventory, life, fleet and report
 * commands: options read into an array by spec index, the store opened
 * with one error message, dates, MODEL@VERSION arguments.
 */
#ifndef VIGIL_CLI_LIFE_CLI_H
#define VIGIL_CLI_LIFE_CLI_H

#include "cli.h"

#define LCLI_MAX_OPTS 24

struct lcli {
	const char *val[LCLI_MAX_OPTS];	/* by spec index; flags get "" */
	char **pos;
	int npos;
	struct cli_parser p;
};

/*
 * Parse ARGV[1..] of command CMD with SPEC into L.  Returns -1 to go on,
 * else the exit status to return (help printed with HELP, or an error).
 * Call lcli_done() afterwards when it returned -1.
 */
int lcli_parse(struct lcli *l, const char *cmd, int argc, char **argv,
    const struct cli_opt *spec, void (*help)(FILE *));
void lcli_done(struct lcli *l);

/* Open the store at PATH (NULL: the default); prints the error. */
int lcli_store(vigil_store **st, const char *path, bool readonly);

/*
 * --format text|json: *JSON is set from VAL (NULL: text).  Returns 0, or
 * prints a usage error for CMD and returns its exit status.
 */
int lcli_format(bool *json, const char *cmd, const char *val);

/* Split "MODEL@VERSION" (at the last '@') into a new MODEL copy and a
 * pointer to VERSION; prints a usage error. */
int lcli_model_version(char **model, const char **version, const char *arg,
    const char *cmd);

/* Day number of DATE (NULL: today); prints a usage error. */
int lcli_day(int32_t *out, const char *date, const char *what,
    const char *cmd);

/* The current UTC time as RFC 3339 in OUT (32 bytes). */
void lcli_now(char out[32]);

/* Print ERR for WHERE and return the exit status for RC. */
int lcli_fail(const char *where, int rc, const vigil_error *err);

#endif
