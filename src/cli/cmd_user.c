/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil user`: organisations, users and API tokens of a `vigil serve`
 * database, managed without the server running.  Every change runs the
 * server's own handler for it (srv_local: the same validation, Argon2id
 * password hashing, token hashing and audit record as the REST API), as
 * the command line: audit records of user changes carry user id 0, token
 * changes the token owner's id.  Only what the API has no operation for
 * (adding and listing organisations, finding a user by email) is done
 * here, through the server's database layer.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server.h"

#define CMD "vigil user"

enum { O_DB, O_ORG, O_ROLE, O_PWENV, O_NAME, O_FORMAT };

static const struct cli_opt user_opts[] = {
	{"db", 0, "PATH", "the server's store (default $VIGIL_DB, else "
	    "$XDG_DATA_HOME/vigil/vigil.db; or a postgresql:// URL)"},
	{"org", 0, "NAME", "organisation (add: required; list: only this "
	    "one)"},
	{"role", 0, "ROLE", "add: admin, analyst or viewer"},
	{"password-env", 0, "VAR", "add, password: the password for web "
	    "login from environment variable VAR (at least 10 characters)"},
	{"name", 0, "NAME", "token create: the token's name"},
	{"format", 0, "FMT", "list: text (default) or json"},
	{NULL, 0, NULL, NULL}
};

static void
user_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil user add EMAIL --org NAME --role ROLE "
	    "[--password-env VAR]\n"
	    "       vigil user list [--org NAME] [--format text|json]\n"
	    "       vigil user disable|enable EMAIL\n"
	    "       vigil user role EMAIL ROLE\n"
	    "       vigil user password EMAIL --password-env VAR\n"
	    "       vigil user token create EMAIL --name NAME\n"
	    "       vigil user token list EMAIL [--format text|json]\n"
	    "       vigil user token revoke EMAIL NAME\n"
	    "       vigil user org add NAME\n"
	    "       vigil user org list [--format text|json]\n"
	    "  (each with [--db PATH|postgresql://...])\n"
	    "\n"
	    "Manage the organisations, users and API tokens of a vigil serve\n"
	    "database without starting the server.  Each change goes through\n"
	    "the server's own code and into its audit log.  `add` and\n"
	    "`token create` print the new API token once; only its hash is\n"
	    "stored.  Roles: viewer (read), analyst (also change releases,\n"
	    "devices, SBOMs, VEX), admin (also users and feeds).\n"
	    "\noptions:\n");
	cli_opt_print(fp, user_opts);
	fprintf(fp,
	    "\nExit status: 0 done; 2 usage, unknown user or organisation,\n"
	    "bad role, duplicate; 4 the store cannot be opened or written.\n"
	    "See vigil-user(1) and docs/server.md.\n");
}

struct uctx {
	struct srv srv;
	bool open;
	const char *where;	/* the store for messages (NULL: a URL) */
	char *path;		/* the default store path */
	const char *opt[6];
	bool json;
};

/* Exit status for a problem STATUS. */
static int
exit_for_status(unsigned status)
{
	return status >= 500 ? CLI_EXIT_SYSTEM : CLI_EXIT_USAGE;
}

/*
 * Run METHOD PATH as WHO with BODY (a JSON object, stolen, or NULL) and
 * the query argument QNAME=QVAL (may be NULL), a second QNAME2=QVAL2;
 * *OUT the answer (new reference, NULL when none).  Prints the problem
 * and returns the exit status on failure, 0 on success.
 */
static int
call(struct uctx *u, const struct principal *who, const char *method,
    const char *path, json_t *body, const char *const *q, json_t **out)
{
	struct req r;
	char *text = NULL;
	json_t *ans = NULL;
	size_t i;
	int rc = 0;

	if (out != NULL)
		*out = NULL;
	if (body != NULL && (text = json_dumps(body, JSON_COMPACT)) == NULL) {
		json_decref(body);
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	json_decref(body);
	srv_req_init(&r, &u->srv);
	r.method = method;
	r.path = path;
	r.body = text ? text : "";
	r.len = strlen(r.body);
	for (i = 0; q != NULL && q[i] != NULL; i += 2)
		srv_kv_add(&r.arg, q[i], q[i + 1]);
	(void)srv_local(&r, who);
	if (r.out.len > 0)
		ans = json_loadb(vgx_buf_cstr(&r.out), r.out.len, 0, NULL);
	if (r.status >= 400) {
		const char *d = json_string_value(json_object_get(ans,
		    "detail"));

		cli_errorf("%s", d ? d : "the operation failed");
		rc = exit_for_status(r.status);
		json_decref(ans);
	} else if (out != NULL)
		*out = ans;
	else
		json_decref(ans);
	vgx_buf_dispose(&r.out);
	free(text);
	return rc;
}

static int
open_store(struct uctx *u, bool create)
{
	struct srv_conf conf;
	vigil_error err;
	FILE *fp;
	int rc;

	memset(&conf, 0, sizeof(conf));
	conf.db = u->opt[O_DB];
	conf.threads = 0;	/* one handle */
	conf.max_depth = SRV_MAX_DEPTH_DEFAULT;
	conf.max_body = SRV_MAX_JSON_BODY;
	conf.quiet = true;
	vigil_error_clear(&err);
	if (conf.db == NULL) {
		if (vigil_store_default_path(&u->path, &err) < 0) {
			cli_error_print(NULL, &err);
			return CLI_EXIT_USAGE;
		}
		conf.db = u->path;
	}
	u->where = vigil_store_is_url(conf.db) ? NULL : conf.db;
	if (!create && !vigil_store_is_url(conf.db)) {
		if ((fp = fopen(conf.db, "rb")) == NULL) {
			cli_errorf("%s: no such store (vigil user org add or "
			    "vigil serve --init-admin makes one)", conf.db);
			return CLI_EXIT_USAGE;
		}
		fclose(fp);
	}
	rc = srv_open(&u->srv, &conf, &err);
	if (rc < 0) {
		cli_error_print(u->where, &err);
		return rc == VIGIL_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	}
	u->open = true;
	return 0;
}

/* Principal of the command line in organisation ORG. */
static void
cli_principal(struct principal *who, int64_t org)
{
	memset(who, 0, sizeof(*who));
	who->org = org;
	who->role = ROLE_ADMIN;
	snprintf(who->email, sizeof(who->email), "(command line)");
}

static int
find_org(struct uctx *u, const char *name, int64_t *id)
{
	struct dbh *h = srv_db_get(&u->srv.pool);
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	rc = srv_org_find(id, h, name, &err);
	srv_db_put(&u->srv.pool, h);
	if (rc == VIGIL_ENOTFOUND) {
		cli_errorf("no organisation '%s' (vigil user org list)", name);
		return CLI_EXIT_USAGE;
	}
	if (rc < 0) {
		cli_error_print(u->where, &err);
		return CLI_EXIT_SYSTEM;
	}
	return 0;
}

/* User EMAIL as a principal of itself (for its tokens) and its id. */
static int
find_user(struct uctx *u, const char *email, struct principal *self)
{
	struct dbh *h = srv_db_get(&u->srv.pool);
	vigil_error err;
	int rc;

	memset(self, 0, sizeof(*self));
	vigil_error_clear(&err);
	rc = srv_user_find(h, email, &self->user, &self->org, &self->role,
	    &err);
	srv_db_put(&u->srv.pool, h);
	if (rc == VIGIL_ENOTFOUND) {
		cli_errorf("no user %s (vigil user list)", email);
		return CLI_EXIT_USAGE;
	}
	if (rc < 0) {
		cli_error_print(u->where, &err);
		return CLI_EXIT_SYSTEM;
	}
	snprintf(self->email, sizeof(self->email), "%s", email);
	return 0;
}

static int
print_json(json_t *j)
{
	int rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);

	json_decref(j);
	if (rc < 0)
		return CLI_EXIT_SYSTEM;
	putchar('\n');
	return 0;
}

/* Every item of the list at PATH as WHO (paged), appended to ALL. */
static int
list_all(struct uctx *u, const struct principal *who, const char *path,
    const char *fname, const char *fval, json_t *all)
{
	char off[24];
	json_t *page, *items;
	int64_t total;
	size_t offset = 0;
	int rc;

	for (;;) {
		const char *q[] = { "limit", "1000", "offset", off, fname,
		    fval, NULL };

		snprintf(off, sizeof(off), "%zu", offset);
		if ((rc = call(u, who, "GET", path, NULL, q, &page)) != 0)
			return rc;
		items = json_object_get(page, "items");
		total = json_integer_value(json_object_get(page, "total"));
		json_array_extend(all, items);
		offset += json_array_size(items);
		json_decref(page);
		if (json_array_size(items) == 0 || (int64_t)offset >= total)
			return 0;
	}
}

/* ---- subcommands ---------------------------------------------------------- */

static int
password_of(struct uctx *u, const char **pw)
{
	*pw = NULL;
	if (u->opt[O_PWENV] == NULL)
		return 0;
	if ((*pw = getenv(u->opt[O_PWENV])) == NULL) {
		cli_errorf("environment variable %s is not set",
		    u->opt[O_PWENV]);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int
user_add(struct uctx *u, const char *email)
{
	struct principal who;
	const char *pw;
	int64_t org;
	json_t *o;
	int rc;

	if (u->opt[O_ORG] == NULL || u->opt[O_ROLE] == NULL)
		return cli_usage_error(CMD " add", "--org and --role are "
		    "required");
	if ((rc = password_of(u, &pw)) != 0 || (rc = open_store(u, false)) !=
	    0 || (rc = find_org(u, u->opt[O_ORG], &org)) != 0)
		return rc;
	cli_principal(&who, org);
	if ((rc = call(u, &who, "POST", "/api/v1/users", json_pack(
	    "{s:s,s:s,s:s?}", "email", email, "role", u->opt[O_ROLE],
	    "password", pw), NULL, &o)) != 0)
		return rc;
	printf("%s\n", json_string_value(json_object_get(o, "token")));
	json_decref(o);
	return 0;
}

static int
user_list(struct uctx *u)
{
	struct principal who;
	struct dbh *h;
	vigil_error err;
	json_t *all, *orgs, *it;
	int64_t id;
	void *st;
	size_t i, j;
	int rc;

	if ((rc = open_store(u, false)) != 0)
		return rc;
	orgs = json_array();
	h = srv_db_get(&u->srv.pool);
	st = srv_db_prep(h, "SELECT id, name FROM srv_org WHERE name = "
	    "coalesce(?, name) ORDER BY name", &err);
	if (st != NULL) {
		srv_db_bind(h, st, "s", u->opt[O_ORG]);
		while ((rc = srv_db_step(h, st, &err)) == 1)
			json_array_append_new(orgs, json_pack("{s:I,s:s}", "id",
			    (json_int_t)srv_db_int(h, st, 0), "name",
			    srv_db_text(h, st, 1)));
		srv_db_reset(h, st);
	}
	srv_db_put(&u->srv.pool, h);
	if (st == NULL || rc < 0) {
		json_decref(orgs);
		cli_error_print(u->where, &err);
		return CLI_EXIT_SYSTEM;
	}
	if (u->opt[O_ORG] != NULL && json_array_size(orgs) == 0) {
		json_decref(orgs);
		cli_errorf("no organisation '%s' (vigil user org list)",
		    u->opt[O_ORG]);
		return CLI_EXIT_USAGE;
	}
	all = json_array();
	json_array_foreach(orgs, i, it) {
		json_t *mine = json_array(), *x;

		id = json_integer_value(json_object_get(it, "id"));
		cli_principal(&who, id);
		if ((rc = list_all(u, &who, "/api/v1/users", NULL, NULL,
		    mine)) != 0) {
			json_decref(mine);
			json_decref(all);
			json_decref(orgs);
			return rc;
		}
		json_array_foreach(mine, j, x)
			json_object_set(x, "org", json_object_get(it, "name"));
		json_array_extend(all, mine);
		json_decref(mine);
	}
	json_decref(orgs);
	if (u->json)
		return print_json(all);
	json_array_foreach(all, i, it)
		printf("%s\t%s\t%s\t%s\n",
		    json_string_value(json_object_get(it, "email")),
		    json_string_value(json_object_get(it, "role")),
		    json_string_value(json_object_get(it, "org")),
		    json_is_true(json_object_get(it, "disabled")) ? "disabled" :
		    "active");
	json_decref(all);
	return 0;
}

/* PATCH the user EMAIL with CHANGE (stolen). */
static int
user_patch(struct uctx *u, const char *email, json_t *change)
{
	struct principal self, who;
	char path[64];
	int rc;

	if ((rc = open_store(u, false)) != 0 || (rc = find_user(u, email,
	    &self)) != 0) {
		json_decref(change);
		return rc;
	}
	cli_principal(&who, self.org);
	snprintf(path, sizeof(path), "/api/v1/users/%lld",
	    (long long)self.user);
	return call(u, &who, "PATCH", path, change, NULL, NULL);
}

/* The ids of EMAIL's live tokens named NAME, in IDS (new array). */
static int
live_tokens(struct uctx *u, const struct principal *self, const char *name,
    json_t **ids)
{
	json_t *all = json_array(), *it;
	size_t i;
	int rc;

	*ids = json_array();
	if ((rc = list_all(u, self, "/api/v1/tokens", "revoked", "false",
	    all)) != 0) {
		json_decref(all);
		return rc;
	}
	json_array_foreach(all, i, it)
		if (strcmp(json_string_value(json_object_get(it, "name")),
		    name) == 0)
			json_array_append(*ids, json_object_get(it, "id"));
	json_decref(all);
	return 0;
}

static int
token_cmd(struct uctx *u, char **pos, int npos)
{
	struct principal self;
	json_t *o, *ids, *it;
	char path[64];
	size_t i;
	int rc;

	if (npos < 2 || (strcmp(pos[0], "create") != 0 && strcmp(pos[0],
	    "list") != 0 && strcmp(pos[0], "revoke") != 0))
		return cli_usage_error(CMD " token", "create EMAIL --name "
		    "NAME, list EMAIL or revoke EMAIL NAME");
	if (npos != (strcmp(pos[0], "revoke") == 0 ? 3 : 2))
		return cli_usage_error(CMD " token", "%s: wrong number of "
		    "arguments", pos[0]);
	if (strcmp(pos[0], "create") == 0 && u->opt[O_NAME] == NULL)
		return cli_usage_error(CMD " token create", "--name is "
		    "required");
	if ((rc = open_store(u, false)) != 0 || (rc = find_user(u, pos[1],
	    &self)) != 0)
		return rc;
	if (strcmp(pos[0], "list") == 0) {
		json_t *all = json_array();

		if ((rc = list_all(u, &self, "/api/v1/tokens", NULL, NULL,
		    all)) != 0) {
			json_decref(all);
			return rc;
		}
		if (u->json)
			return print_json(all);
		json_array_foreach(all, i, it)
			printf("%s\t%s\t%s\n",
			    json_string_value(json_object_get(it, "name")),
			    json_string_value(json_object_get(it, "created")),
			    json_is_true(json_object_get(it, "revoked")) ?
			    "revoked" : "active");
		json_decref(all);
		return 0;
	}
	if (strcmp(pos[0], "create") == 0) {
		if ((rc = live_tokens(u, &self, u->opt[O_NAME], &ids)) != 0)
			return rc;
		i = json_array_size(ids);
		json_decref(ids);
		if (i > 0) {
			cli_errorf("%s already has a token named '%s'", pos[1],
			    u->opt[O_NAME]);
			return CLI_EXIT_USAGE;
		}
		if ((rc = call(u, &self, "POST", "/api/v1/tokens", json_pack(
		    "{s:s}", "name", u->opt[O_NAME]), NULL, &o)) != 0)
			return rc;
		printf("%s\n", json_string_value(json_object_get(o, "token")));
		json_decref(o);
		return 0;
	}
	if ((rc = live_tokens(u, &self, pos[2], &ids)) != 0)
		return rc;
	if (json_array_size(ids) == 0) {
		json_decref(ids);
		cli_errorf("%s has no live token named '%s'", pos[1], pos[2]);
		return CLI_EXIT_USAGE;
	}
	json_array_foreach(ids, i, it) {
		snprintf(path, sizeof(path), "/api/v1/tokens/%lld",
		    (long long)json_integer_value(it));
		if ((rc = call(u, &self, "DELETE", path, NULL, NULL, NULL)) !=
		    0)
			break;
	}
	json_decref(ids);
	return rc;
}

static int
org_cmd(struct uctx *u, char **pos, int npos)
{
	struct dbh *h;
	vigil_error err;
	json_t *all, *it;
	int64_t id = 0;
	void *st;
	size_t i;
	int rc;

	if (npos == 2 && strcmp(pos[0], "add") == 0) {
		if ((rc = open_store(u, true)) != 0)
			return rc;
		h = srv_db_get(&u->srv.pool);
		vigil_error_clear(&err);
		if ((rc = srv_db_begin(h, &err)) == 0 && (rc = srv_org_add(&id,
		    h, pos[1], 0, &err)) == 0)
			rc = srv_db_commit(h, &err);
		if (rc < 0)
			srv_db_rollback(h);
		srv_db_put(&u->srv.pool, h);
		if (rc < 0) {
			cli_error_print(u->where, &err);
			return rc == VIGIL_EINVALID || rc == VIGIL_EEXISTS ?
			    CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
		}
		return 0;
	}
	if (npos != 1 || strcmp(pos[0], "list") != 0)
		return cli_usage_error(CMD " org", "add NAME or list");
	if ((rc = open_store(u, false)) != 0)
		return rc;
	all = json_array();
	h = srv_db_get(&u->srv.pool);
	st = srv_db_prep(h, "SELECT o.name, o.slug, o.created, (SELECT "
	    "count(*) FROM srv_user u WHERE u.org = o.id) FROM srv_org o "
	    "ORDER BY o.name", &err);
	rc = st == NULL ? VIGIL_EDB : 0;
	if (st != NULL) {
		while ((rc = srv_db_step(h, st, &err)) == 1)
			json_array_append_new(all, json_pack("{s:s,s:s,s:s,s:I}",
			    "name", srv_db_text(h, st, 0), "slug",
			    srv_db_text(h, st, 1), "created",
			    srv_db_text(h, st, 2), "users",
			    (json_int_t)srv_db_int(h, st, 3)));
		srv_db_reset(h, st);
	}
	srv_db_put(&u->srv.pool, h);
	if (rc < 0) {
		json_decref(all);
		cli_error_print(u->where, &err);
		return CLI_EXIT_SYSTEM;
	}
	if (u->json)
		return print_json(all);
	json_array_foreach(all, i, it) {
		long long n = (long long)json_integer_value(json_object_get(it,
		    "users"));

		printf("%s\t%s\t%lld user%s\n",
		    json_string_value(json_object_get(it, "name")),
		    json_string_value(json_object_get(it, "slug")), n,
		    n == 1 ? "" : "s");
	}
	json_decref(all);
	return 0;
}

static int
dispatch(struct uctx *u, char **pos, int npos)
{
	const char *pw;
	int rc;

	if (npos == 0)
		return cli_usage_error(CMD, "a subcommand is needed: add, list, "
		    "disable, enable, role, password, token or org");
	if (strcmp(pos[0], "add") == 0 && npos == 2)
		return user_add(u, pos[1]);
	if (strcmp(pos[0], "list") == 0 && npos == 1)
		return user_list(u);
	if ((strcmp(pos[0], "disable") == 0 || strcmp(pos[0], "enable") == 0)
	    && npos == 2)
		return user_patch(u, pos[1], json_pack("{s:b}", "disabled",
		    strcmp(pos[0], "disable") == 0));
	if (strcmp(pos[0], "role") == 0 && npos == 3)
		return user_patch(u, pos[1], json_pack("{s:s}", "role",
		    pos[2]));
	if (strcmp(pos[0], "password") == 0 && npos == 2) {
		if (u->opt[O_PWENV] == NULL)
			return cli_usage_error(CMD " password", "--password-env "
			    "is required");
		if ((rc = password_of(u, &pw)) != 0)
			return rc;
		return user_patch(u, pos[1], json_pack("{s:s}", "password",
		    pw));
	}
	if (strcmp(pos[0], "token") == 0)
		return token_cmd(u, pos + 1, npos - 1);
	if (strcmp(pos[0], "org") == 0)
		return org_cmd(u, pos + 1, npos - 1);
	return cli_usage_error(CMD, "unknown subcommand or wrong number of "
	    "arguments: '%s' (see vigil user --help)", pos[0]);
}

static int
user_run(int argc, char **argv)
{
	struct cli_parser p;
	struct uctx *u;
	const char *val;
	int o, rc;

	/* struct srv is large (the rate table is separate, but the pool and
	 * the mutexes are not): on the heap. */
	if ((u = vgx_calloc(1, sizeof(*u))) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	if (cli_parser_init(&p, CMD, argc, argv, 1, user_opts) < 0) {
		vgx_free(u);
		return CLI_EXIT_SYSTEM;
	}
	while ((o = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (o == CLI_OPT_HELP) {
			user_help(stdout);
			rc = CLI_EXIT_OK;
			goto out;
		}
		if (o == CLI_OPT_ERROR) {
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		u->opt[o] = val;
	}
	if (u->opt[O_FORMAT] != NULL) {
		if (strcmp(u->opt[O_FORMAT], "json") != 0 &&
		    strcmp(u->opt[O_FORMAT], "text") != 0) {
			rc = cli_usage_error(CMD, "--format takes text or json, "
			    "not '%s'", u->opt[O_FORMAT]);
			goto out;
		}
		u->json = strcmp(u->opt[O_FORMAT], "json") == 0;
	}
	rc = dispatch(u, p.pos, p.npos);
	if (rc == 0 && cli_finish_stdout() != 0)
		rc = CLI_EXIT_SYSTEM;
out:
	if (u->open)
		srv_close(&u->srv);
	cli_parser_dispose(&p);
	vigil_store_string_free(u->path);
	vgx_free(u);
	return rc;
}

const struct cli_cmd cli_cmd_user = {
	"user",
	"manage the organisations, users and API tokens of vigil serve",
	user_help,
	user_run
};
