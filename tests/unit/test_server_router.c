/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's route table: pattern matching, dispatch (404 against 405,
 * HEAD as GET, no route shadowed by an earlier one), and the OpenAPI
 * document generated from it: every route is documented and every
 * documented operation is a route, with its path parameters.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "server.h"

static void
test_match(void **state)
{
	const char *p[SRV_MAX_PARAMS];
	char buf[256];
	size_t n = 99;

	(void)state;
	assert_true(srv_route_match("/healthz", "/healthz", p, &n, buf,
	    sizeof(buf)));
	assert_int_equal(n, 0);
	assert_true(srv_route_match("/api/v1/vex/{release}/{vuln}",
	    "/api/v1/vex/12/CVE-2024-1", p, &n, buf, sizeof(buf)));
	assert_int_equal(n, 2);
	assert_string_equal(p[0], "12");
	assert_string_equal(p[1], "CVE-2024-1");
	/* no partial segments, no empty parameters, no trailing slash */
	assert_false(srv_route_match("/api/v1/releases", "/api/v1/releasesX",
	    p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/api/v1/releases", "/api/v1/release",
	    p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/api/v1/releases/{id}",
	    "/api/v1/releases/", p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/api/v1/releases/{id}",
	    "/api/v1/releases//", p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/api/v1/releases",
	    "/api/v1/releases/", p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/api/v1/releases/{id}",
	    "/api/v1/releases/1/x", p, &n, buf, sizeof(buf)));
	assert_false(srv_route_match("/a/{x}", "a/1", p, &n, buf,
	    sizeof(buf)));
	/* the parameter buffer is a limit, not an overflow */
	assert_false(srv_route_match("/a/{x}", "/a/0123456789", p, &n, buf,
	    8));
	assert_false(srv_route_match("/a", "", p, &n, buf, sizeof(buf)));
}

static void
test_find(void **state)
{
	const struct route *rt;
	struct req r;
	bool known;

	(void)state;
	memset(&r, 0, sizeof(r));
	rt = srv_route_find(&r, "GET", "/api/v1/releases/5", &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, api_releases_get);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "5");
	assert_int_equal(srv_param_id(&r, 0), 5);
	assert_int_equal(srv_param_id(&r, 1), 0);
	rt = srv_route_find(&r, "HEAD", "/healthz", &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->fn, api_health);
	assert_null(srv_route_find(&r, "DELETE", "/api/v1/releases", &known));
	assert_true(known);
	assert_null(srv_route_find(&r, "GET", "/api/v1/nothing", &known));
	assert_false(known);
	assert_null(srv_route_find(&r, "GET", "/api/v1/releases/5/", &known));
	assert_false(known);
	rt = srv_route_find(&r, "GET", "/api/v1/releases/x", &known);
	assert_non_null(rt);
	assert_int_equal(srv_param_id(&r, 0), 0);	/* not an id */
}

/* Fill PATH from PATTERN with "7" for every parameter. */
static void
example(char *out, size_t sz, const char *pattern)
{
	size_t o = 0;
	const char *p;

	for (p = pattern; *p != '\0' && o + 2 < sz; p++) {
		if (*p == '{') {
			out[o++] = '7';
			p += strcspn(p, "}");
		} else
			out[o++] = *p;
	}
	out[o] = '\0';
}

static void
test_table(void **state)
{
	const struct route *rt;
	char path[512];
	struct req r;
	bool known;
	size_t i, j;

	(void)state;
	assert_true(srv_nroutes > 30);
	for (i = 0; i < srv_nroutes; i++) {
		assert_non_null(srv_routes[i].fn);
		assert_non_null(srv_routes[i].summary);
		for (j = i + 1; j < srv_nroutes; j++)
			assert_false(strcmp(srv_routes[i].method,
			    srv_routes[j].method) == 0 &&
			    strcmp(srv_routes[i].pattern,
			    srv_routes[j].pattern) == 0);
		/* Every route is reachable: no earlier route shadows it. */
		example(path, sizeof(path), srv_routes[i].pattern);
		memset(&r, 0, sizeof(r));
		rt = srv_route_find(&r, srv_routes[i].method, path, &known);
		assert_ptr_equal(rt, &srv_routes[i]);
		/* Changes need more than the public role, except logging in. */
		if (strcmp(srv_routes[i].method, "GET") != 0 &&
		    srv_routes[i].fn != api_session_login)
			assert_true(srv_routes[i].role >= ROLE_VIEWER);
		/* Only the operations, the login and the support pages are
		 * public. */
		if (srv_routes[i].role == ROLE_PUBLIC)
			assert_true(strncmp(srv_routes[i].pattern, "/api/v1/",
			    8) != 0 || srv_routes[i].fn == api_session_login ||
			    srv_routes[i].fn == api_support_json);
	}
}

/* The schema at "#/components/schemas/NAME" in DOC, or NULL. */
static json_t *
component(json_t *doc, const char *ref)
{
	const char *pre = "#/components/schemas/";

	if (ref == NULL || strncmp(ref, pre, strlen(pre)) != 0)
		return NULL;
	return json_object_get(json_object_get(json_object_get(doc,
	    "components"), "schemas"), ref + strlen(pre));
}

/*
 * RT's success response is documented with its status; unless it has no
 * body, with a content whose JSON schema is a component of the document;
 * a list (LIST in the query) answers the list envelope of a resource.
 */
static void
check_ok_response(json_t *doc, const struct route *rt, json_t *op)
{
	json_t *resp, *content, *sch, *items;
	const char *ref;
	char code[8];

	assert_true(rt->ok == 200 || rt->ok == 201 || rt->ok == 202 ||
	    rt->ok == 204);
	snprintf(code, sizeof(code), "%u", rt->ok);
	resp = json_object_get(json_object_get(op, "responses"), code);
	assert_non_null(resp);
	assert_non_null(json_object_get(json_object_get(op, "responses"),
	    "401"));
	content = json_object_get(resp, "content");
	if (rt->ok == 204) {
		assert_null(rt->schema);
		assert_null(content);
		return;
	}
	assert_non_null(rt->schema);
	assert_non_null(content);
	if (rt->schema[0] == '|') {	/* not JSON: text or bytes */
		assert_null(json_object_get(content, "application/json"));
		assert_true(json_object_size(content) > 0);
		return;
	}
	ref = json_string_value(json_object_get(json_object_get(
	    json_object_get(content, "application/json"), "schema"), "$ref"));
	sch = component(doc, ref);
	if (sch == NULL)
		fail_msg("%s %s: schema %s is not in the document",
		    rt->method, rt->pattern, ref ? ref : "(none)");
	if (rt->query != NULL && strncmp(rt->query, "LIST", 4) == 0 &&
	    strcmp(rt->pattern, "/api/v1/sboms/{id}/components") != 0) {
		/* the page envelope of a resource's rows */
		items = json_object_get(json_object_get(sch, "properties"),
		    "items");
		assert_string_equal(json_string_value(json_object_get(items,
		    "type")), "array");
		assert_non_null(component(doc, json_string_value(
		    json_object_get(json_object_get(items, "items"), "$ref"))));
		assert_int_equal(json_array_size(json_object_get(sch,
		    "required")), 4);
	}
}

/* Each resource's schema is its list's columns: the same names in the
 * same order, each of the column's type (or null), all required. */
static void
test_openapi_resources(void **state)
{
	json_t *doc, *sch, *props, *p, *type, *req, *list;
	const struct listcol *c;
	const char *name, *want;
	char lname[80];
	size_t i, k, n;

	(void)state;
	doc = srv_openapi();
	assert_true(srv_nresources >= 10);
	for (i = 0; i < srv_nresources; i++) {
		sch = json_object_get(json_object_get(json_object_get(doc,
		    "components"), "schemas"), srv_resources[i].name);
		assert_non_null(sch);
		props = json_object_get(sch, "properties");
		req = json_object_get(sch, "required");
		n = 0;
		json_object_foreach(props, name, p) {
			c = &(*srv_resources[i].ls)->cols[n];
			assert_non_null(c->name);
			assert_string_equal(name, c->name);
			assert_string_equal(json_string_value(json_array_get(req,
			    n)), c->name);
			want = srv_col_json_type(c->type);
			type = json_object_get(p, "type");
			if (want == NULL)
				assert_int_equal(json_object_size(p), 0);
			else if (json_is_string(type))
				assert_string_equal(json_string_value(type),
				    want);
			else {
				assert_int_equal(json_array_size(type), 2);
				assert_string_equal(json_string_value(
				    json_array_get(type, 0)), want);
				assert_string_equal(json_string_value(
				    json_array_get(type, 1)), "null");
			}
			n++;
		}
		assert_null((*srv_resources[i].ls)->cols[n].name);
		assert_int_equal(json_array_size(req), n);
		snprintf(lname, sizeof(lname), "%sList", srv_resources[i].name);
		list = json_object_get(json_object_get(json_object_get(doc,
		    "components"), "schemas"), lname);
		assert_non_null(list);
	}
	/* Every list route answers the envelope of one of these. */
	for (i = 0; i < srv_nroutes; i++) {
		const char *ref;

		if (srv_routes[i].query == NULL || strncmp(srv_routes[i].query,
		    "LIST", 4) != 0 || strchr(srv_routes[i].schema, '[') ==
		    NULL)
			continue;
		for (k = 0; k < srv_nresources; k++)
			if (strncmp(srv_routes[i].schema, srv_resources[k].name,
			    strlen(srv_resources[k].name)) == 0 &&
			    srv_routes[i].schema[strlen(srv_resources[k].name)]
			    == '[')
				break;
		assert_true(k < srv_nresources);
		ref = srv_resources[k].name;
		assert_non_null(ref);
	}
	json_decref(doc);
}

/*
 * The document is valid JSON Schema where it holds schemas: every
 * component schema compiles with vigil's validator (draft 2020-12, the
 * dialect of OpenAPI 3.1), its references resolved within the document.
 */
static void
test_openapi_schemas_compile(void **state)
{
	vigil_schema_registry *reg;
	const vigil_schema *sch;
	vigil_schema_result *res;
	vigil_error err;
	json_t *doc, *wrap, *comp;
	const char *name;
	char *text, uri[160];
	int rc;

	(void)state;
	doc = srv_openapi();
	json_object_foreach(json_object_get(json_object_get(doc, "components"),
	    "schemas"), name, comp) {
		(void)comp;
		wrap = json_pack("{s:s,s:s,s:O}", "$schema",
		    "https://json-schema.org/draft/2020-12/schema", "$ref", "",
		    "components", json_object_get(doc, "components"));
		snprintf(uri, sizeof(uri), "#/components/schemas/%s", name);
		json_object_set_new(wrap, "$ref", json_string(uri));
		text = json_dumps(wrap, JSON_COMPACT);
		json_decref(wrap);
		assert_int_equal(vigil_schema_registry_new(&reg, &err), 0);
		rc = vigil_schema_registry_add(reg, text, strlen(text),
		    "openapi.json", NULL, &err);
		if (rc < 0)
			fail_msg("%s: %s", name, err.msg);
		if (vigil_schema_registry_find(&sch, reg, "openapi.json",
		    &err) < 0)
			fail_msg("%s: %s", name, err.msg);
		/* A problem is a Problem; an empty object is not. */
		if (strcmp(name, "Problem") == 0) {
			const char *pb = "{\"type\":\"about:blank\","
			    "\"title\":\"x\",\"status\":404}";

			assert_int_equal(vigil_schema_validate(&res, sch, pb,
			    strlen(pb), NULL, &err), 0);
			assert_int_equal(res->count, 0);
			vigil_schema_result_free(res);
			assert_int_equal(vigil_schema_validate(&res, sch, "{}", 2,
			    NULL, &err), 0);
			assert_true(res->count > 0);
			vigil_schema_result_free(res);
		}
		vigil_schema_registry_free(reg);
		free(text);
	}
	json_decref(doc);
}

static void
test_openapi(void **state)
{
	json_t *doc, *paths, *item, *op, *params, *pr;
	const char *path, *method;
	char lower[16], name[64];
	const char *p;
	size_t i, k, nops = 0, len;
	bool found;

	(void)state;
	doc = srv_openapi();
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")),
	    "3.1.0");
	paths = json_object_get(doc, "paths");
	/* table -> document */
	for (i = 0; i < srv_nroutes; i++) {
		for (k = 0; srv_routes[i].method[k] != '\0'; k++)
			lower[k] = (char)(srv_routes[i].method[k] | 0x20);
		lower[k] = '\0';
		item = json_object_get(paths, srv_routes[i].pattern);
		assert_non_null(item);
		op = json_object_get(item, lower);
		assert_non_null(op);
		params = json_object_get(op, "parameters");
		for (p = srv_routes[i].pattern; (p = strchr(p, '{')) != NULL;
		    p++) {
			len = strcspn(p + 1, "}");
			memcpy(name, p + 1, len);
			name[len] = '\0';
			found = false;
			json_array_foreach(params, k, pr)
				if (strcmp(json_string_value(json_object_get(pr,
				    "name")), name) == 0 && strcmp(
				    json_string_value(json_object_get(pr, "in")),
				    "path") == 0)
					found = true;
			assert_true(found);
		}
		check_ok_response(doc, &srv_routes[i], op);
	}
	/* document -> table */
	json_object_foreach(paths, path, item) {
		json_object_foreach(item, method, op) {
			found = false;
			for (i = 0; i < srv_nroutes; i++) {
				for (k = 0; srv_routes[i].method[k] != '\0'; k++)
					lower[k] = (char)(srv_routes[i].method[k] |
					    0x20);
				lower[k] = '\0';
				if (strcmp(srv_routes[i].pattern, path) == 0 &&
				    strcmp(lower, method) == 0)
					found = true;
			}
			assert_true(found);
			nops++;
		}
	}
	assert_int_equal(nops, srv_nroutes);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_openapi),
		cmocka_unit_test(test_openapi_resources),
		cmocka_unit_test(test_openapi_schemas_compile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
