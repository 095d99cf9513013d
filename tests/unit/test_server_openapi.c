/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OpenAPI document against the server's real answers: a server (no
 * socket: srv_handle) on a temporary SQLite store with an organisation,
 * a release, a device, two SBOMs, a VEX decision and a job answers every
 * route of the table; each success answer must have the documented
 * status and validate, with vigil's JSON Schema validator, against the
 * schema the document gives for it; a problem answer validates against
 * Problem.  So the schemas generated from the lists' columns cannot
 * drift from what the handlers send.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "server.h"

static struct srv S;
static char dir[64], token[96];
static json_t *doc;

static unsigned
call(const char *method, const char *path, const char *body,
    char **out)
{
	struct req r;
	char auth[128];
	unsigned st;

	srv_req_init(&r, &S);
	r.method = method;
	r.path = path;
	snprintf(auth, sizeof(auth), "Bearer %s", token);
	srv_kv_add(&r.hdr, "Authorization", auth);
	if (strcmp(path, "/api/v1/sboms/1/components") == 0 && body != NULL)
		srv_kv_add(&r.arg, "against", "2");
	if (strncmp(path, "/api/v1/affected", 16) == 0)
		srv_kv_add(&r.arg, "id", "CVE-2099-1001");
	r.body = body ? body : "";
	r.len = strlen(r.body);
	srv_handle(&r);
	st = r.status;
	*out = vgx_buf_take(&r.out, NULL);
	vgx_buf_dispose(&r.out);
	return st;
}

static char *sbom;	/* tests/data/server/pump-2.1.cdx.json */

static int
setup(void **state)
{
	struct srv_conf conf;
	vigil_error err;
	char db[96], spool[96], *tok = NULL, *out;
	vigil_feed_opts fo = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats fs;
	vigil_store *st;
	const char *steps[][3] = {
		{"POST", "/api/v1/releases", "{\"product\":\"Pump\","
		    "\"version\":\"1.0\"}"},
		{"POST", "/api/v1/devices", "{\"name\":\"pump-1\","
		    "\"release_id\":1}"},
		{"POST", "/api/v1/releases/1/sboms", sbom},
		{"POST", "/api/v1/releases/1/sboms", sbom},
		{"PUT", "/api/v1/vex/1/CVE-2099-1001", "{\"status\":"
		    "\"not_affected\",\"justification\":"
		    "\"component_not_present\"}"},
		{"POST", "/api/v1/jobs", "{\"kind\":\"rescan\"}"},
	};
	size_t i;

	(void)state;
	sbom = vt_read(vt_data("server/pump-2.1.cdx.json"), NULL);
	steps[2][2] = steps[3][2] = sbom;
	snprintf(dir, sizeof(dir), "/tmp/vigil-openapi-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(db, sizeof(db), "%s/v.db", dir);
	snprintf(spool, sizeof(spool), "%s/spool", dir);
	if (srv_init_admin(&tok, db, "a@example.test", "Example", NULL,
	    &err) < 0)
		return -1;
	snprintf(token, sizeof(token), "%s", tok);
	vgx_free(tok);
	/* advisories, so the SBOM has findings */
	memset(&fs, 0, sizeof(fs));
	if (vigil_store_open(&st, db, 0, &err) < 0 ||
	    vigil_feed_import_path(&fs, st, vt_data("server/osv-pump.json"),
	    &fo, &err) < 0)
		return -1;
	vigil_store_close(st);
	memset(&conf, 0, sizeof(conf));
	conf.db = db;
	conf.spool = spool;
	conf.threads = 1;
	conf.max_body = (size_t)1 << 20;
	conf.max_depth = SRV_MAX_DEPTH_DEFAULT;
	conf.quiet = true;
	if (srv_open(&S, &conf, &err) < 0)
		return -1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		unsigned code = call(steps[i][0], steps[i][1], steps[i][2],
		    &out);

		vgx_free(out);
		if (code >= 300)
			return -1;
	}
	doc = srv_openapi();
	return doc == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	json_decref(doc);
	srv_close(&S);
	free(sbom);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Validate TEXT against the document's schema REF ("#/components/..."). */
static void
validate(const char *what, const char *ref, const char *text)
{
	vigil_schema_registry *reg;
	const vigil_schema *sch;
	vigil_schema_result *res;
	vigil_error err;
	json_t *wrap;
	char *s;

	wrap = json_pack("{s:s,s:s,s:O}", "$schema",
	    "https://json-schema.org/draft/2020-12/schema", "$ref", ref,
	    "components", json_object_get(doc, "components"));
	s = json_dumps(wrap, JSON_COMPACT);
	json_decref(wrap);
	assert_int_equal(vigil_schema_registry_new(&reg, &err), 0);
	assert_int_equal(vigil_schema_registry_add(reg, s, strlen(s),
	    "openapi.json", NULL, &err), 0);
	if (vigil_schema_registry_find(&sch, reg, "openapi.json", &err) < 0)
		fail_msg("%s: %s", what, err.msg);
	assert_int_equal(vigil_schema_validate(&res, sch, text, strlen(text),
	    NULL, &err), 0);
	if (res->count > 0)
		fail_msg("%s: the answer does not match %s: %s at '%s' (%s): "
		    "%.300s", what, ref, res->items[0].message,
		    res->items[0].pointer, res->items[0].keyword, text);
	vigil_schema_result_free(res);
	vigil_schema_registry_free(reg);
	free(s);
}

/* PATTERN with "1" for every parameter (an advisory id for {vuln} and
 * {id} of a vulnerability, the slug for {org}). */
static void
example(char *out, size_t sz, const char *pattern)
{
	size_t o = 0;
	const char *p, *v;

	for (p = pattern; *p != '\0' && o + 16 < sz; p++) {
		if (*p == '{') {
			v = strncmp(p, "{vuln}", 6) == 0 ? "CVE-2099-1001" :
			    strncmp(p, "{org}", 5) == 0 ? "example" : "1";
			o += (size_t)snprintf(out + o, sz - o, "%s", v);
			p += strcspn(p, "}");
		} else
			out[o++] = *p;
	}
	out[o] = '\0';
}

static void
test_answers(void **state)
{
	const struct route *rt;
	char path[256], code[8], what[300], *out;
	const char *ref, *body;
	json_t *op, *resp;
	unsigned st;
	size_t i, nvalid = 0;
	int pass;

	(void)state;
	/* Reads first, then changes, then deletions. */
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < srv_nroutes; i++) {
			rt = &srv_routes[i];
			if ((pass == 0) != (strcmp(rt->method, "GET") == 0) ||
			    (pass == 2) != (strcmp(rt->method, "DELETE") == 0))
				continue;
			if (strcmp(rt->pattern, "/api/v1/users") == 0 &&
			    strcmp(rt->method, "POST") == 0)
				body = "{\"email\":\"n@example.test\",\"role\":"
				    "\"viewer\"}";
			else if (strcmp(rt->pattern, "/api/v1/session") == 0)
				continue;	/* needs a password: test_api.sh */
			else if (strcmp(rt->pattern, "/api/v1/feeds") == 0)
				continue;	/* a feed file: test_api.sh */
			else if (strcmp(rt->pattern, "/api/v1/jobs") == 0 ||
			    strcmp(rt->pattern, "/api/v1/releases/{id}/sboms")
			    == 0)
				body = strcmp(rt->pattern, "/api/v1/jobs") == 0 ?
				    "{\"kind\":\"rescan\"}" : sbom;
			else if (strcmp(rt->pattern, "/api/v1/releases") == 0)
				body = "{\"product\":\"Pump\",\"version\":"
				    "\"2.0\"}";
			else if (strcmp(rt->pattern, "/api/v1/devices") == 0)
				body = "{\"name\":\"pump-2\",\"release_id\":1}";
			else if (strcmp(rt->pattern, "/api/v1/vex/{release}/"
			    "{vuln}") == 0)
				body = "{\"status\":\"affected\",\"detail\":"
				    "\"update to 2.2\"}";
			else if (strcmp(rt->pattern, "/api/v1/tokens") == 0)
				body = "{\"name\":\"t\"}";
			else if (strcmp(rt->pattern, "/api/v1/users/{id}") == 0)
				body = "{}";
			else if (strcmp(rt->method, "PATCH") == 0)
				body = "{\"location\":\"ICU\"}";
			else
				body = NULL;
			example(path, sizeof(path), rt->pattern);
			if (strcmp(rt->pattern, "/api/v1/vulnerabilities/{id}")
			    == 0)
				snprintf(path, sizeof(path),
				    "/api/v1/vulnerabilities/CVE-2099-1001");
			if (strcmp(rt->pattern, "/api/v1/tokens/{id}") == 0)
				snprintf(path, sizeof(path), "/api/v1/tokens/3");
			st = call(rt->method, path, body, &out);
			snprintf(what, sizeof(what), "%s %s", rt->method, path);
			if (st != rt->ok)
				fail_msg("%s: %u, the document says %u: %.300s",
				    what, st, rt->ok, out ? out : "");
			op = json_object_get(json_object_get(json_object_get(
			    doc, "paths"), rt->pattern), strcmp(rt->method,
			    "GET") == 0 ? "get" : strcmp(rt->method, "POST") ==
			    0 ? "post" : strcmp(rt->method, "PUT") == 0 ? "put" :
			    strcmp(rt->method, "PATCH") == 0 ? "patch" :
			    "delete");
			snprintf(code, sizeof(code), "%u", st);
			resp = json_object_get(json_object_get(op, "responses"),
			    code);
			ref = json_string_value(json_object_get(json_object_get(
			    json_object_get(json_object_get(resp, "content"),
			    "application/json"), "schema"), "$ref"));
			if (ref != NULL) {
				validate(what, ref, out);
				nvalid++;
			}
			/* the components of one SBOM against another: the
			 * other member of ComponentsOrDiff */
			if (strcmp(rt->pattern, "/api/v1/sboms/{id}/components")
			    == 0) {
				vgx_free(out);
				assert_int_equal(call("GET", path, "", &out),
				    200);
				validate("components ?against", ref, out);
			}
			vgx_free(out);
		}
	assert_true(nvalid >= 35);
	/* problems are Problems */
	assert_int_equal(call("GET", "/api/v1/releases/999", NULL, &out), 404);
	validate("404", "#/components/schemas/Problem", out);
	vgx_free(out);
	assert_int_equal(call("POST", "/api/v1/devices", "{\"name\":1}", &out),
	    422);
	validate("422", "#/components/schemas/Problem", out);
	vgx_free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
