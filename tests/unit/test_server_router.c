/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's route table: pattern matching, dispatch (404 against 405,
 * HEAD as GET, no route shadowed by an earlier one), and the OpenAPI
 * document generated from it: every route is documented and every
 * documented operation is a route, with its path parameters.
 */
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
		assert_non_null(json_object_get(json_object_get(op,
		    "responses"), "200"));
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
