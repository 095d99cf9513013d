/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the device-inventory, life, fleet and report commands
 * (life_cli.h).
 */
#include <string.h>
#include <time.h>

#include "life_cli.h"

int
lcli_parse(struct lcli *l, const char *cmd, int argc, char **argv,
    const struct cli_opt *spec, void (*help)(FILE *))
{
	const char *val;
	int k;

	memset(l, 0, sizeof(*l));
	if (cli_parser_init(&l->p, cmd, argc, argv, 1, spec) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&l->p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			cli_parser_dispose(&l->p);
			help(stdout);
			return cli_finish_stdout();
		}
		if (k < 0 || k >= LCLI_MAX_OPTS) {
			cli_parser_dispose(&l->p);
			return CLI_EXIT_USAGE;
		}
		l->val[k] = val != NULL ? val : "";
	}
	l->pos = l->p.pos;
	l->npos = l->p.npos;
	return -1;
}

void
lcli_done(struct lcli *l)
{
	cli_parser_dispose(&l->p);
}

int
lcli_fail(const char *where, int rc, const vigil_error *err)
{
	cli_error_print(where, err);
	return rc == VIGIL_EDB || rc == VIGIL_EIO || rc == VIGIL_ENOMEM ?
	    CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
}

int
lcli_store(vigil_store **st, const char *path, bool readonly)
{
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_store_open(st, path, readonly ? VIGIL_STORE_READONLY :
	    0, &err)) < 0) {
		cli_error_print(path, &err);
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

int
lcli_model_version(char **model, const char **version, const char *arg,
    const char *cmd)
{
	const char *at = strrchr(arg, '@');

	if (at == NULL || at == arg || at[1] == '\0')
		return cli_usage_error(cmd, "'%s' is not MODEL@VERSION", arg);
	if ((*model = vgx_strndup(arg, (size_t)(at - arg))) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	*version = at + 1;
	return CLI_EXIT_OK;
}

int
lcli_day(int32_t *out, const char *date, const char *what, const char *cmd)
{
	vigil_error err;

	if (date == NULL) {
		*out = vigil_life_today();
		return CLI_EXIT_OK;
	}
	if (strlen(date) != 10 || vigil_life_date_parse(out, date, 10,
	    &err) < 0)
		return cli_usage_error(cmd, "%s: '%s' is not a date "
		    "(YYYY-MM-DD, 1970..2199)", what, date);
	return CLI_EXIT_OK;
}

void
lcli_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
lcli_format(bool *json, const char *cmd, const char *val)
{
	*json = false;
	if (val == NULL || strcmp(val, "text") == 0)
		return 0;
	if (strcmp(val, "json") == 0) {
		*json = true;
		return 0;
	}
	return cli_usage_error(cmd, "--format is text or json");
}
