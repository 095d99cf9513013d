/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil serve`: the REST API, the dashboard and the public support-status
 * pages, on libmicrohttpd (src/server/).  `vigil serve --init-admin EMAIL`
 * bootstraps an organisation and its first admin and prints an API token
 * once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server.h"

static const struct cli_opt serve_opts[] = {
	{"listen", 'l', "ADDR:PORT", "address to listen on (default "
	    "127.0.0.1:8080; [::1]:8080 for IPv6; port 0: any free port)"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else "
	    "$XDG_DATA_HOME/vigil/vigil.db)"},
	{"tls-cert", 0, "FILE", "serve HTTPS with this PEM certificate chain"},
	{"tls-key", 0, "FILE", "... and this PEM private key"},
	{"access-log", 0, "FILE", "append the JSON access log to FILE "
	    "(default stderr)"},
	{"quiet", 'q', NULL, "no access log"},
	{"threads", 0, "N", "worker threads (default 4, 1..64; PostgreSQL: "
	    "N+2 connections, see VIGIL_PG_POOL_MAX)"},
	{"max-connections", 0, "N", "concurrent connections (default 512)"},
	{"max-per-ip", 0, "N", "concurrent connections from one address "
	    "(default 256)"},
	{"timeout", 0, "SECONDS", "idle connection timeout (default 15)"},
	{"max-body", 0, "BYTES", "largest request body (default 67108864)"},
	{"rate", 0, "N", "requests per second per token, bursts of 4N "
	    "(default 2000; 0: no limit)"},
	{"port-file", 0, "FILE", "write the port listened on to FILE"},
	{"init-admin", 0, "EMAIL", "create an admin (and --org) and print "
	    "its API token, then exit"},
	{"org", 0, "NAME", "organisation of --init-admin (default "
	    "\"Default\")"},
	{"password-env", 0, "VAR", "--init-admin: take the password for web "
	    "login from environment variable VAR"},
	{"spool", 0, "DIR", "directory for uploaded feeds (default PATH.spool; "
	    "with a postgresql:// store $XDG_DATA_HOME/vigil/server.spool)"},
	{NULL, 0, NULL, NULL}
};

static void
serve_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil serve [--listen ADDR:PORT] [--db PATH]\n"
	    "                   [--tls-cert FILE --tls-key FILE] [options]\n"
	    "       vigil serve --init-admin EMAIL [--org NAME] "
	    "[--password-env VAR] [--db PATH]\n"
	    "\n"
	    "Serve the REST API (/api/v1, described at /api/openapi.json),\n"
	    "the dashboard (/) and the public support-status pages\n"
	    "(/support/ORG).  Requests need an API token (Authorization:\n"
	    "Bearer vgl_...) or a session cookie with its CSRF token.  SIGTERM\n"
	    "stops accepting, finishes the requests in flight and closes the\n"
	    "store.\n"
	    "\noptions:\n");
	cli_opt_print(fp, serve_opts);
	fprintf(fp,
	    "\nWith a postgresql:// store, VIGIL_PG_POOL_MAX (unset: sized to\n"
	    "fit) must allow the N+2 connections --threads N needs.\n"
	    "\nExit status: 0 stopped by a signal, or the admin was created;\n"
	    "2 usage; 4 cannot listen or open the store.  See vigil-serve(1)\n"
	    "and docs/server.md.\n");
}

static int
num(unsigned *out, const char *v, unsigned lo, unsigned hi, const char *opt)
{
	const char *p = v;
	uint64_t x;

	if (vgx_parse_uint(&p, v + strlen(v), hi, &x) < 0 || *p != '\0' ||
	    x < lo)
		return cli_usage_error("vigil serve", "--%s takes %u to %u, not "
		    "'%s'", opt, lo, hi, v);
	*out = (unsigned)x;
	return 0;
}

static int
serve_run(int argc, char **argv)
{
	struct srv_conf c;
	struct cli_parser p;
	const char *val, *admin = NULL, *org = "Default", *pwenv = NULL;
	const char *where;
	vigil_error err;
	unsigned body = 64u << 20;
	char *token = NULL;
	int o, rc;

	memset(&c, 0, sizeof(c));
	c.threads = 4;
	c.max_conn = 512;
	c.per_ip = 256;
	c.timeout = 15;
	c.rate = 2000;
	c.max_depth = SRV_MAX_DEPTH_DEFAULT;
	if (cli_parser_init(&p, "vigil serve", argc, argv, 1, serve_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((o = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		rc = 0;
		switch (o) {
		case CLI_OPT_HELP:
			serve_help(stdout);
			cli_parser_dispose(&p);
			return CLI_EXIT_OK;
		case CLI_OPT_ERROR:
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		case 0:
			c.listen = val;
			break;
		case 1:
			c.db = val;
			break;
		case 2:
			c.tls_cert = val;
			break;
		case 3:
			c.tls_key = val;
			break;
		case 4:
			c.access_log = val;
			break;
		case 5:
			c.quiet = true;
			break;
		case 6:
			rc = num(&c.threads, val, 1, 64, "threads");
			break;
		case 7:
			rc = num(&c.max_conn, val, 1, 65536, "max-connections");
			break;
		case 8:
			rc = num(&c.per_ip, val, 1, 65536, "max-per-ip");
			break;
		case 9:
			rc = num(&c.timeout, val, 1, 3600, "timeout");
			break;
		case 10:
			rc = num(&body, val, 1024, 1u << 30, "max-body");
			break;
		case 11:
			rc = num(&c.rate, val, 0, 1000000, "rate");
			break;
		case 12:
			c.port_file = val;
			break;
		case 13:
			admin = val;
			break;
		case 14:
			org = val;
			break;
		case 15:
			pwenv = val;
			break;
		case 16:
			c.spool = val;
			break;
		}
		if (rc != 0) {
			cli_parser_dispose(&p);
			return rc;
		}
	}
	c.max_body = body;
	/* A postgresql:// URL may hold a password: not in messages. */
	where = vigil_store_is_url(c.db) ? NULL : c.db;
	if (p.npos != 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil serve", "no arguments expected");
	}
	vigil_error_clear(&err);
	if (admin != NULL) {
		const char *pw = pwenv ? getenv(pwenv) : NULL;

		if (pwenv != NULL && (pw == NULL || strlen(pw) < 10)) {
			cli_parser_dispose(&p);
			return cli_usage_error("vigil serve", "%s must hold a "
			    "password of at least 10 characters", pwenv);
		}
		rc = srv_init_admin(&token, c.db, admin, org, pw, &err);
		cli_parser_dispose(&p);
		if (rc < 0) {
			cli_error_print(where, &err);
			return rc == VIGIL_EINVALID || rc == VIGIL_EEXISTS ?
			    CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
		}
		printf("%s\n", token);
		vgx_free(token);
		return cli_finish_stdout() != 0 ? CLI_EXIT_SYSTEM : CLI_EXIT_OK;
	}
	rc = srv_run(&c, &err);
	cli_parser_dispose(&p);
	if (rc < 0) {
		cli_error_print(where, &err);
		return rc == VIGIL_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_serve = {
	"serve",
	"serve the REST API, the dashboard and public support pages",
	serve_help,
	serve_run
};
