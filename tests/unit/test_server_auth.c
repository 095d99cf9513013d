/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The server's security pieces: secrets and their stored hashes,
 * constant-time comparison, Argon2id passwords, the token-bucket rate
 * limiter, the JSON depth limit and RFC 9457 problem details.
 */
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "server.h"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void
test_secrets(void **state)
{
	char a[80], b[80], ha[SRV_HASH_HEX], hb[SRV_HASH_HEX], ha2[SRV_HASH_HEX];
	size_t i;

	(void)state;
	srv_secret_new(a, sizeof(a), SRV_TOKEN_PREFIX);
	srv_secret_new(b, sizeof(b), SRV_TOKEN_PREFIX);
	assert_int_equal(strlen(a), 4 + 43);	/* 32 bytes, base64url */
	assert_memory_equal(a, "vgl_", 4);
	assert_string_not_equal(a, b);
	for (i = 4; a[i] != '\0'; i++)
		assert_true(vgx_isalnum((unsigned char)a[i]) || a[i] == '-' ||
		    a[i] == '_');
	srv_hash_secret(ha, a);
	srv_hash_secret(ha2, a);
	srv_hash_secret(hb, b);
	assert_int_equal(strlen(ha), 64);
	assert_string_equal(ha, ha2);
	assert_string_not_equal(ha, hb);
	assert_null(strstr(ha, a + 4));
	/* One changed character changes the hash. */
	a[10] = a[10] == 'A' ? 'B' : 'A';
	srv_hash_secret(ha2, a);
	assert_string_not_equal(ha, ha2);
}

static void
test_ct_equal(void **state)
{
	(void)state;
	assert_true(srv_ct_equal("abc", "abc"));
	assert_false(srv_ct_equal("abc", "abd"));
	assert_false(srv_ct_equal("abc", "abcd"));
	assert_false(srv_ct_equal("", ""));	/* an empty token never matches */
	assert_false(srv_ct_equal("abc", ""));
}

static void
test_password(void **state)
{
	char h[256];

	(void)state;
	assert_int_equal(srv_password_hash(h, sizeof(h), "correct horse"), 0);
	assert_memory_equal(h, "$argon2id$", 10);
	assert_true(srv_password_ok(h, "correct horse"));
	assert_false(srv_password_ok(h, "correct horsE"));
	assert_false(srv_password_ok(h, ""));
	assert_false(srv_password_ok(NULL, "x"));
	assert_false(srv_password_ok("not a hash", "x"));
	assert_int_equal(srv_password_hash(h, 16, "x"), VIGIL_ETOOBIG);
}

static void
test_rate(void **state)
{
	struct ratelimit *rl = srv_rate_new(2, 3);
	unsigned retry = 0;

	(void)state;
	assert_non_null(rl);
	assert_true(srv_rate_take(rl, 1, 100.0, NULL));
	assert_true(srv_rate_take(rl, 1, 100.0, NULL));
	assert_true(srv_rate_take(rl, 1, 100.0, NULL));
	assert_false(srv_rate_take(rl, 1, 100.0, &retry));
	assert_int_equal(retry, 1);
	/* other keys have their own bucket */
	assert_true(srv_rate_take(rl, 2, 100.0, NULL));
	/* refill at 2 per second */
	assert_false(srv_rate_take(rl, 1, 100.2, NULL));
	assert_true(srv_rate_take(rl, 1, 100.6, NULL));
	assert_false(srv_rate_take(rl, 1, 100.6, NULL));
	/* never more than the burst */
	assert_true(srv_rate_take(rl, 1, 200.0, NULL));
	assert_true(srv_rate_take(rl, 1, 200.0, NULL));
	assert_true(srv_rate_take(rl, 1, 200.0, NULL));
	assert_false(srv_rate_take(rl, 1, 200.0, NULL));
	srv_rate_free(rl);
	rl = srv_rate_new(0, 0);	/* no limit */
	assert_true(srv_rate_take(rl, 1, 1.0, NULL));
	assert_true(srv_rate_take(rl, 1, 1.0, NULL));
	srv_rate_free(rl);
	assert_true(srv_rate_take(NULL, 1, 1.0, NULL));
}

static void
test_depth(void **state)
{
	static const char deep[] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[";
	(void)state;
	assert_int_equal(srv_json_depth("{}", 2, 32), 1);
	assert_int_equal(srv_json_depth("[[[]]]", 6, 32), 3);
	assert_int_equal(srv_json_depth("{\"a\":[1,{\"b\":[]}]}", 18, 32), 4);
	/* brackets inside strings do not count, escaped quotes stay in */
	assert_int_equal(srv_json_depth("[\"[[[\"]", 7, 32), 1);
	assert_int_equal(srv_json_depth("[\"\\\"[[[\"]", 9, 32), 1);
	/* counting stops past the limit */
	assert_int_equal(srv_json_depth(deep, sizeof(deep) - 1, 5), 6);
	assert_int_equal(srv_json_depth("", 0, 5), 0);
	assert_int_equal(srv_json_depth("]]]][", 5, 5), 1);
}

static void
test_problem(void **state)
{
	struct req r;
	vigil_error err;
	json_t *j;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.path = "/api/v1/x";
	vgx_buf_init(&r.out, 1 << 20);
	assert_int_equal(srv_problem(&r, 404, "Not Found", "no %s", "x"), -1);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.ctype, "application/problem+json");
	j = json_loads(vgx_buf_cstr(&r.out), 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Not Found");
	assert_string_equal(json_string_value(json_object_get(j, "detail")),
	    "no x");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 404);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	    "about:blank");
	assert_string_equal(json_string_value(json_object_get(j, "instance")),
	    "/api/v1/x");
	json_decref(j);
	vigil_error_clear(&err);
	vigil__error(&err, VIGIL_EINVALID, "bad \"thing\"\n");
	srv_problem_err(&r, VIGIL_EINVALID, &err);
	assert_int_equal(r.status, 422);
	j = json_loads(vgx_buf_cstr(&r.out), 0, NULL);	/* still valid JSON */
	assert_non_null(j);
	json_decref(j);
	srv_problem_err(&r, VIGIL_ENOTFOUND, NULL);
	assert_int_equal(r.status, 404);
	srv_problem_err(&r, VIGIL_ETOOBIG, NULL);
	assert_int_equal(r.status, 413);
	srv_problem_err(&r, VIGIL_EEXISTS, NULL);
	assert_int_equal(r.status, 409);
	srv_problem_err(&r, VIGIL_EDB, NULL);
	assert_int_equal(r.status, 500);
	vgx_buf_dispose(&r.out);
}

static void
test_roles(void **state)
{
	(void)state;
	assert_int_equal(srv_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(srv_role_parse("analyst"), ROLE_ANALYST);
	assert_int_equal(srv_role_parse("viewer"), ROLE_VIEWER);
	assert_int_equal(srv_role_parse("Admin"), -1);
	assert_int_equal(srv_role_parse("public"), -1);
	assert_int_equal(srv_role_parse(NULL), -1);
	assert_string_equal(srv_role_name(ROLE_ANALYST), "analyst");
	assert_true(ROLE_ADMIN > ROLE_ANALYST && ROLE_ANALYST > ROLE_VIEWER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_ct_equal),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_problem),
		cmocka_unit_test(test_roles),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
