/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBOM writers' output path (src/lib/sbom/writer.c) on documents whose
 * output is many times its 1 MiB buffers, where a thread of its own
 * writes one buffer while the writer fills the other: every format comes
 * out whole (it reads back with every component) and the same bytes each
 * time, and a write that fails (/dev/full) is an error, not a short file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/sbom.h"

#define NCOMP 12000

/* DOC written as FORMAT into a new buffer (*LEN bytes); vgx_free it. */
static char *
write_mem(const vigil_sbom *doc, vigil_sbom_format format, size_t *len)
{
	FILE *fp = tmpfile();
	vigil_error err;
	char *out;
	long n;

	assert_non_null(fp);
	vigil_error_clear(&err);
	assert_int_equal(vigil_sbom_write(fp, doc, format, NULL, NULL, &err),
	    0);
	assert_int_equal(fflush(fp), 0);
	n = ftell(fp);
	assert_true(n > (long)(3u << 20));	/* three buffers and more */
	rewind(fp);
	out = vgx_malloc((size_t)n + 1);
	assert_non_null(out);
	assert_int_equal(fread(out, 1, (size_t)n, fp), (size_t)n);
	out[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return out;
}

static void
test_big_round_trip(void **state)
{
	static const vigil_sbom_format formats[] = {
		VIGIL_SBOM_CYCLONEDX_JSON, VIGIL_SBOM_CYCLONEDX_XML,
		VIGIL_SBOM_SPDX_JSON, VIGIL_SBOM_SPDX_TV,
	};
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL, *back;
	vigil_error err;
	size_t len, l1, l2, i;
	char *src, *a, *b;

	(void)state;
	src = vt_cdx_doc(NCOMP, &len, 0, 0);
	assert_int_equal(vigil_sbom_read_mem(&doc, src, len, &o, &err), 0);
	assert_true(vigil_sbom_count(doc) >= NCOMP);
	for (i = 0; i < VGX_ARRAY_SIZE(formats); i++) {
		a = write_mem(doc, formats[i], &l1);
		b = write_mem(doc, formats[i], &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(a, b, l1);
		back = NULL;
		assert_int_equal(vigil_sbom_read_mem(&back, a, l1, &o, &err),
		    0);
		/* the device itself is a package in SPDX */
		assert_true(vigil_sbom_count(back) >= NCOMP);
		vigil_sbom_free(back);
		vgx_free(a);
		vgx_free(b);
	}
	vigil_sbom_free(doc);
	vgx_free(src);
}

static void
test_write_error(void **state)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;
	vigil_error err;
	size_t len;
	char *src;
	FILE *fp;

	(void)state;
	if ((fp = fopen("/dev/full", "wb")) == NULL)
		skip();
	src = vt_cdx_doc(NCOMP, &len, 0, 0);
	assert_int_equal(vigil_sbom_read_mem(&doc, src, len, &o, &err), 0);
	vigil_error_clear(&err);
	assert_int_equal(vigil_sbom_write(fp, doc, VIGIL_SBOM_SPDX_JSON, NULL,
	    NULL, &err), VIGIL_EIO);
	assert_string_equal(err.msg, "write error");
	fclose(fp);
	vigil_sbom_free(doc);
	vgx_free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_round_trip),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
