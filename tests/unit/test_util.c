/* SPDX-License-Identifier: Apache-2.0 */
/* src/util: buffers, bounded parsing, UTF-8, errors, allocation hooks. */
#include <string.h>

#include "testutil.h"
#include "vgx.h"

static void
test_buf_limit(void **state)
{
	vgx_buf b;

	(void)state;
	vgx_buf_init(&b, 8);
	assert_int_equal(vgx_buf_adds(&b, "abcd"), 0);
	assert_int_equal(vgx_buf_printf(&b, "%d", 123), 0);
	assert_string_equal(vgx_buf_cstr(&b), "abcd123");
	/* One byte more fits, two do not, and a failure leaves B intact. */
	assert_int_equal(vgx_buf_adds(&b, "xy"), VIGIL_ETOOBIG);
	assert_string_equal(vgx_buf_cstr(&b), "abcd123");
	assert_int_equal(vgx_buf_addc(&b, 'z'), 0);
	assert_int_equal(b.len, 8);
	assert_int_equal(vgx_buf_printf(&b, "%s", "q"), VIGIL_ETOOBIG);
	vgx_buf_dispose(&b);
}

static void
test_buf_oom(void **state)
{
	vgx_buf b;

	(void)state;
	vgx_buf_init(&b, 1024);
	vgx_alloc_fail_at(1);
	assert_int_equal(vgx_buf_adds(&b, "abc"), VIGIL_ENOMEM);
	vgx_alloc_fail_at(0);
	assert_int_equal(b.len, 0);
	assert_int_equal(vgx_buf_adds(&b, "abc"), 0);
	vgx_buf_dispose(&b);
}

static void
test_parse_uint(void **state)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t v;
		size_t used;
	} cases[] = {
		{"0", 0, 0, 1},
		{"42x", 0, 42, 2},
		{"18446744073709551615", 0, UINT64_MAX, 20},
		{"18446744073709551616", -1, 0, 0},
		{"99999999999999999999999", -1, 0, 0},
		{"", -1, 0, 0},
		{"x1", -1, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		const char *s = cases[i].in, *p = s;
		uint64_t v = 7;
		int rc = vgx_parse_uint(&p, s + strlen(s), UINT64_MAX, &v);

		assert_int_equal(rc, cases[i].rc);
		if (rc == 0) {
			assert_true(v == cases[i].v);
			assert_int_equal((size_t)(p - s), cases[i].used);
		} else {
			assert_ptr_equal(p, s);
		}
	}
	{
		const char *s = "300", *p = s;
		uint64_t v;

		assert_int_equal(vgx_parse_uint(&p, s + 3, 255, &v), -1);
	}
}

static void
test_utf8(void **state)
{
	size_t at = 99;

	(void)state;
	assert_int_equal(vgx_utf8_check("h\xc3\xa9llo", 6, &at), 0);
	assert_int_equal(vgx_utf8_check("\xf0\x9f\x98\x80", 4, &at), 0);
	assert_int_equal(vgx_utf8_check("ab\xc0\xaf", 4, &at), -1);
	assert_int_equal(at, 2);	/* overlong '/' */
	assert_int_equal(vgx_utf8_check("a\0b", 3, &at), -1);
	assert_int_equal(at, 1);
	assert_int_equal(vgx_utf8_check("\xed\xa0\x80", 3, &at), -1);
	assert_int_equal(vgx_utf8_check("\xe2\x82", 2, &at), -1);
	assert_int_equal(vgx_utf8_check("\xf4\x90\x80\x80", 4, &at), -1);
}

static void
test_errors(void **state)
{
	vigil_error e;
	char longp[300];

	(void)state;
	assert_int_equal(vigil__error(&e, VIGIL_EINVALID, "bad %s", "thing"),
	    VIGIL_EINVALID);
	assert_string_equal(e.msg, "bad thing");
	vigil__error_prefix(&e, "file %s", "x.json");
	assert_string_equal(e.msg, "file x.json: bad thing");
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	vigil__error_ptr(&e, VIGIL_EINVALID, longp, "deep");
	assert_int_equal(strlen(e.path), sizeof(e.path) - 1);
	assert_string_equal(e.path + sizeof(e.path) - 4, "...");
	assert_int_equal(vigil__error(NULL, VIGIL_EIO, "ignored"), VIGIL_EIO);
	assert_string_equal(vigil_strerror(VIGIL_ETOOBIG), "limit exceeded");
	assert_string_equal(vigil_strerror(12345), "unknown error");
}

static void
test_reallocarray_overflow(void **state)
{
	(void)state;
	assert_null(vgx_reallocarray(NULL, SIZE_MAX / 2, 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_limit),
		cmocka_unit_test(test_buf_oom),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_reallocarray_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
