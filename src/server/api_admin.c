/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Operations, sessions and administration: health and readiness, the
 * OpenAPI document, login and logout, the organisation, users (admin),
 * API tokens (each user's own; the secret is shown once), and the audit
 * log (admin, read only: the table refuses updates and deletes).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server.h"

int
api_health(struct req *r)
{
	return srv_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

int
api_ready(struct req *r)
{
	vigil_error err;
	int64_t v;

	if (r->srv->stopping)
		return srv_problem(r, 503, "Service Unavailable", "shutting "
		    "down");
	if (srv_db_run(&v, r->db, &err, "SELECT count(*) FROM srv_meta", "") <
	    0)
		return srv_problem(r, 503, "Service Unavailable", "the store "
		    "does not answer: %s", err.msg);
	return srv_json(r, 200, json_pack("{s:s}", "status", "ready"));
}

int
api_openapi(struct req *r)
{
	return srv_json(r, 200, srv_openapi());
}

/* ---- sessions ------------------------------------------------------------ */

static void
set_cookies(struct req *r, const char *sid, const char *csrf, int max_age)
{
	const char *secure = r->tls ? "; Secure" : "";

	snprintf(r->cookie[0], sizeof(r->cookie[0]), "vigil_session=%s; "
	    "Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", sid, max_age,
	    secure);
	/* The CSRF token is also given in the body; the page keeps it in
	 * memory and sends it in X-CSRF-Token.  This cookie only lets a
	 * reloaded page find it again (it is readable by the page's own
	 * script, never by another site: SameSite=Strict). */
	snprintf(r->cookie[1], sizeof(r->cookie[1]), "vigil_csrf=%s; Path=/; "
	    "SameSite=Strict; Max-Age=%d%s", csrf, max_age, secure);
}

int
api_session_login(struct req *r)
{
	const char *em, *pw;
	char sid[80], csrf[80], hash[SRV_HASH_HEX], pwhash[256] = "";
	char email[128];
	char role[16] = "";
	int64_t user = 0;
	vigil_error err;
	json_t *j;
	void *st;
	bool ok;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "email", 120, true, &em) < 0 ||
	    srv_field(r, j, "password", 1024, true, &pw) < 0) {
		json_decref(j);
		return -1;
	}
	snprintf(email, sizeof(email), "%s", em);
	if ((st = srv_db_prep(r->db, "SELECT id, pwhash, role FROM srv_user "
	    "WHERE email = ? AND disabled = 0", &err)) == NULL) {
		json_decref(j);
		return srv_problem_err(r, VIGIL_EDB, &err);
	}
	srv_db_bind(r->db, st, "s", email);
	if (srv_db_step(r->db, st, &err) == 1) {
		const char *h = srv_db_text(r->db, st, 1);

		user = srv_db_int(r->db, st, 0);
		snprintf(pwhash, sizeof(pwhash), "%s", h ? h : "");
		snprintf(role, sizeof(role), "%s", srv_db_text(r->db, st, 2));
	}
	srv_db_reset(r->db, st);
	/* One Argon2id at a time bounds memory (64 MiB each). */
	pthread_mutex_lock(&r->srv->pwmu);
	ok = user != 0 && pwhash[0] != '\0' && srv_password_ok(pwhash, pw);
	pthread_mutex_unlock(&r->srv->pwmu);
	json_decref(j);
	if (!ok)
		return srv_problem(r, 401, "Unauthorized", "wrong email or "
		    "password");
	srv_secret_new(sid, sizeof(sid), "");
	srv_secret_new(csrf, sizeof(csrf), "");
	srv_hash_secret(hash, sid);
	if ((rc = srv_db_run(NULL, r->db, &err, "DELETE FROM srv_session "
	    "WHERE expires < ?", "i", (int64_t)time(NULL))) < 0 ||
	    (rc = srv_db_run(NULL, r->db, &err, "INSERT INTO srv_session "
	    "(hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)", "sisi", hash,
	    user, csrf, (int64_t)time(NULL) + SRV_SESSION_TTL)) < 0)
		return srv_problem_err(r, rc, &err);
	set_cookies(r, sid, csrf, SRV_SESSION_TTL);
	sodium_memzero(sid, sizeof(sid));
	return srv_json(r, 200, json_pack("{s:s,s:s,s:s}", "email", email,
	    "role", role, "csrf", csrf));
}

int
api_session_get(struct req *r)
{
	const char *csrf = srv_cookie(r, "vigil_csrf");

	return srv_json(r, 200, json_pack("{s:I,s:I,s:s,s:s,s:s?}", "user_id",
	    (json_int_t)r->who.user, "org_id", (json_int_t)r->who.org,
	    "email", r->who.email, "role", srv_role_name(r->who.role),
	    "csrf", r->who.session ? csrf : NULL));
}

int
api_session_logout(struct req *r)
{
	const char *sid = srv_cookie(r, "vigil_session");
	char hash[SRV_HASH_HEX];
	vigil_error err;

	if (sid != NULL) {
		srv_hash_secret(hash, sid);
		(void)srv_db_run(NULL, r->db, &err, "DELETE FROM srv_session "
		    "WHERE hash = ?", "s", hash);
	}
	set_cookies(r, "", "", 0);
	r->status = 204;
	r->ctype = NULL;
	vgx_buf_reset(&r->out);
	return 0;
}

/* ---- organisation, users, tokens ----------------------------------------- */

static const struct listcol org_cols[] = {
	{"id", "o.id", 'i', false, true},
	{"name", "o.name", 's', false, true},
	{"slug", "o.slug", 's', false, true},
	{"created", "o.created", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec orgs = {
	"FROM srv_org o WHERE o.id = ?", org_cols, "o.name", "id", false, NULL, NULL
};

int
api_orgs_list(struct req *r)
{
	return srv_list(r, &orgs, NULL, NULL, 0);
}

static const struct listcol user_cols[] = {
	{"id", "u.id", 'i', false, true},
	{"email", "u.email", 's', true, true},
	{"role", "u.role", 's', true, true},
	{"disabled", "u.disabled", 'b', true, true},
	{"created", "u.created", 's', false, true},
	{NULL, NULL, 0, false, false}
};

static const struct listspec users = {
	"FROM srv_user u WHERE u.org = ?", user_cols, "u.email", "id", false, NULL, NULL
};

int
api_users_list(struct req *r)
{
	return srv_list(r, &users, NULL, NULL, 0);
}

int
api_users_create(struct req *r)
{
	const char *email, *role, *pw;
	char pwhash[256] = "", now[21], tok[80];
	int64_t uid = 0, tid;
	vigil_error err;
	json_t *j, *o = NULL;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "email", 120, true, &email) < 0 ||
	    srv_field(r, j, "role", 16, true, &role) < 0 ||
	    srv_field(r, j, "password", 1024, false, &pw) < 0)
		goto bad;
	if (strchr(email, '@') == NULL) {
		srv_problem(r, 422, "Unprocessable Content", "'%s' is not an "
		    "email address", email);
		goto bad;
	}
	if (srv_role_parse(role) < 0) {
		srv_problem(r, 422, "Unprocessable Content", "role takes "
		    "admin, analyst or viewer");
		goto bad;
	}
	if (pw != NULL && strlen(pw) < 10) {
		srv_problem(r, 422, "Unprocessable Content", "a password has "
		    "at least 10 characters");
		goto bad;
	}
	if (pw != NULL) {
		pthread_mutex_lock(&r->srv->pwmu);
		rc = srv_password_hash(pwhash, sizeof(pwhash), pw);
		pthread_mutex_unlock(&r->srv->pwmu);
		if (rc < 0) {
			srv_problem(r, 500, "Internal Server Error", "cannot "
			    "hash the password");
			goto bad;
		}
	}
	srv_now(now);
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto dberr;
	rc = srv_db_run(&uid, r->db, &err, "INSERT INTO srv_user (org, email, "
	    "role, pwhash, created) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) "
	    "DO NOTHING RETURNING id", "issss", r->who.org, email, role,
	    pwhash[0] ? pwhash : NULL, now);
	if (rc == VIGIL_ENOTFOUND) {
		srv_db_rollback(r->db);
		srv_problem(r, 409, "Conflict", "user %s exists", email);
		goto bad;
	}
	if (rc < 0 || (tid = srv_token_create(r->db, tok, sizeof(tok), uid,
	    "initial", &err)) < 0 || (o = srv_get_one(r, &users, "u.id",
	    uid)) == NULL || (rc = srv_audit_change(r, "user.create", "user",
	    uid, NULL, o)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		if (rc >= 0)
			rc = VIGIL_EDB;
		srv_db_rollback(r->db);
		json_decref(o);
		goto dberr;
	}
	json_object_set_new(o, "token", json_string(tok));
	sodium_memzero(tok, sizeof(tok));
	json_decref(j);
	snprintf(r->location, sizeof(r->location), "/api/v1/users/%lld",
	    (long long)uid);
	return srv_json(r, 201, o);
dberr:
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
bad:
	json_decref(j);
	return -1;
}

int
api_users_update(struct req *r)
{
	const char *role, *pw;
	int64_t id = srv_param_id(r, 0);
	json_t *j, *before = NULL, *after = NULL, *dis;
	char pwhash[256] = "";
	vigil_error err;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	dis = json_object_get(j, "disabled");
	if (srv_field(r, j, "role", 16, false, &role) < 0 ||
	    srv_field(r, j, "password", 1024, false, &pw) < 0)
		goto bad;
	if ((role != NULL && srv_role_parse(role) < 0) || (dis != NULL &&
	    !json_is_boolean(dis)) || (pw != NULL && strlen(pw) < 10)) {
		srv_problem(r, 422, "Unprocessable Content", "role takes admin, "
		    "analyst or viewer; disabled a boolean; a password at "
		    "least 10 characters");
		goto bad;
	}
	if (id == r->who.user && ((role != NULL && strcmp(role, "admin") != 0)
	    || json_is_true(dis))) {
		srv_problem(r, 409, "Conflict", "an admin cannot demote or "
		    "disable themself");
		goto bad;
	}
	if (pw != NULL) {
		pthread_mutex_lock(&r->srv->pwmu);
		rc = srv_password_hash(pwhash, sizeof(pwhash), pw);
		pthread_mutex_unlock(&r->srv->pwmu);
		if (rc < 0) {
			srv_problem(r, 500, "Internal Server Error", "cannot "
			    "hash the password");
			goto bad;
		}
	}
	if ((rc = srv_db_begin(r->db, &err)) < 0)
		goto dberr;
	if ((before = srv_get_one(r, &users, "u.id", id)) == NULL ||
	    (rc = srv_db_run(NULL, r->db, &err, "UPDATE srv_user SET role = "
	    "coalesce(?, role), pwhash = coalesce(?, pwhash), disabled = "
	    "CASE WHEN ? THEN ? ELSE disabled END WHERE id = ? AND org = ?",
	    "ssiiii", role, pwhash[0] ? pwhash : NULL, (int64_t)(dis != NULL),
	    (int64_t)json_is_true(dis), id, r->who.org)) < 0 ||
	    (after = srv_get_one(r, &users, "u.id", id)) == NULL) {
		srv_db_rollback(r->db);
		goto dberr;
	}
	if (pw != NULL)
		json_object_set_new(after, "password_changed", json_true());
	if ((rc = srv_audit_change(r, "user.update", "user", id, before,
	    after)) < 0 || (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		goto dberr;
	}
	json_decref(before);
	json_decref(j);
	return srv_json(r, 200, after);
dberr:
	json_decref(before);
	json_decref(after);
	json_decref(j);
	return r->status >= 400 ? -1 : srv_problem_err(r, rc, &err);
bad:
	json_decref(j);
	return -1;
}

static const struct listcol token_cols[] = {
	{"id", "t.id", 'i', false, true},
	{"name", "t.name", 's', true, true},
	{"created", "t.created", 's', false, true},
	{"revoked", "t.revoked", 'b', true, true},
	{NULL, NULL, 0, false, false}
};

/* Only the caller's own tokens: the org is bound first, the user next. */
static const struct listspec tokens = {
	"FROM srv_token t JOIN srv_user u ON u.id = t.user_id WHERE u.org = ? "
	"AND t.user_id = ?", token_cols, "t.name", "id", false, NULL, NULL
};

int
api_tokens_list(struct req *r)
{
	return srv_list(r, &tokens, "i", NULL, r->who.user);
}

int
api_tokens_create(struct req *r)
{
	const char *name;
	char tok[80], obj[64];
	int64_t tid;
	vigil_error err;
	json_t *j;
	int rc;

	if ((j = srv_body_json(r)) == NULL)
		return -1;
	if (srv_field(r, j, "name", 100, true, &name) < 0) {
		json_decref(j);
		return -1;
	}
	if ((rc = srv_db_begin(r->db, &err)) < 0 || (tid = srv_token_create(
	    r->db, tok, sizeof(tok), r->who.user, name, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(j);
		return srv_problem_err(r, VIGIL_EDB, &err);
	}
	snprintf(obj, sizeof(obj), "token/%lld", (long long)tid);
	if ((rc = srv_audit(r, "token.create", obj, NULL, j)) < 0 ||
	    (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		json_decref(j);
		return srv_problem_err(r, rc, &err);
	}
	rc = srv_json(r, 201, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)tid,
	    "name", name, "token", tok));
	json_decref(j);
	sodium_memzero(tok, sizeof(tok));
	return rc;
}

int
api_tokens_revoke(struct req *r)
{
	int64_t id = srv_param_id(r, 0), x;
	vigil_error err;
	char obj[64];
	int rc;

	if ((rc = srv_db_begin(r->db, &err)) < 0)
		return srv_problem_err(r, rc, &err);
	if (srv_db_run(&x, r->db, &err, "UPDATE srv_token SET revoked = 1 "
	    "WHERE id = ? AND user_id = ? RETURNING id", "ii", id,
	    r->who.user) < 0) {
		srv_db_rollback(r->db);
		return srv_problem(r, 404, "Not Found", "no such token of "
		    "yours");
	}
	snprintf(obj, sizeof(obj), "token/%lld", (long long)id);
	if ((rc = srv_audit(r, "token.revoke", obj, NULL, NULL)) < 0 ||
	    (rc = srv_db_commit(r->db, &err)) < 0) {
		srv_db_rollback(r->db);
		return srv_problem_err(r, rc, &err);
	}
	r->status = 204;
	r->ctype = NULL;
	return 0;
}

static const struct listcol audit_cols[] = {
	{"id", "a.id", 'i', false, true},
	{"at", "a.at", 's', false, true},
	{"user_id", "a.user_id", 'i', true, true},
	{"email", "u.email", 's', false, false},
	{"action", "a.action", 's', true, true},
	{"object", "a.object", 's', true, true},
	{"before", "a.before", 'j', false, false},
	{"after", "a.after", 'j', false, false},
	{NULL, NULL, 0, false, false}
};

static const struct listspec audits = {
	"FROM srv_audit a LEFT JOIN srv_user u ON u.id = a.user_id WHERE "
	"a.org = ?", audit_cols, "a.object || ' ' || a.action", "id", true, NULL, NULL
};

int
api_audit_list(struct req *r)
{
	return srv_list(r, &audits, NULL, NULL, 0);
}

/* The lists' columns, for the OpenAPI document (router.c). */
const struct listspec *const srv_ls_org = &orgs;
const struct listspec *const srv_ls_user = &users;
const struct listspec *const srv_ls_token = &tokens;
const struct listspec *const srv_ls_audit = &audits;
