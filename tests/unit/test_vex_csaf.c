/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSAF validation against the OASIS test documents
 * (../shared/testdata/oasis-csaf/test/validator/data/testcases.json): every
 * mandatory "failures" document must fail its test, every "valid" one must
 * pass everything, schema included; the figures are printed.  Also the
 * file-name rules of section 5.1 (test/filenames/data) and vigil's own
 * CSAF fixture.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"
#include "vigil/vigil.h"

struct seen {
	const char *want;
	int hit, other;
	char first[256];
};

static void
on_issue(void *payload, const char *test, const char *pointer,
    const char *msg)
{
	struct seen *s = payload;

	if (s->want != NULL && strcmp(test, s->want) == 0)
		s->hit++;
	else
		s->other++;
	if (s->first[0] == '\0')
		snprintf(s->first, sizeof(s->first), "%s %s: %s", test, pointer,
		    msg);
}

static int
run_doc(struct seen *s, const char *path, const vigil_schema *schema)
{
	char *buf;
	size_t len, n = 0;
	int rc;

	buf = vt_read(path, &len);
	rc = vigil_csaf_validate(&n, buf, len, schema, on_issue, s, NULL);
	free(buf);
	assert_int_equal(rc, 0);
	return (int)n;
}

static void
test_oasis_testcases(void **state)
{
	const char *base, *jdir, *fdir;
	char tcpath[4096], p[4096];
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	json_t *tc, *t;
	size_t i, k;
	int fail_total = 0, fail_ok = 0, valid_total = 0, valid_ok = 0;
	int ids = 0;
	char jd[4096], fd[4096];

	(void)state;
	TESTDATA_OR_SKIP(base, "oasis-csaf/test/validator/data");
	snprintf(tcpath, sizeof(tcpath), "%s/testcases.json", base);
	snprintf(p, sizeof(p), "%s", base);
	TESTDATA_OR_SKIP(jdir, "oasis-csaf/json_schema");
	snprintf(jd, sizeof(jd), "%s", jdir);
	TESTDATA_OR_SKIP(fdir, "oasis-csaf/referenced_schema/first");
	snprintf(fd, sizeof(fd), "%s", fdir);
	assert_int_equal(vigil_schema_registry_new(&reg, NULL), 0);
	assert_int_equal(vigil_schema_registry_add_dir(reg, jd, NULL, NULL), 0);
	assert_int_equal(vigil_schema_registry_add_dir(reg, fd, NULL, NULL), 0);
	assert_int_equal(vigil_schema_registry_find(&schema, reg,
	    "csaf_json_schema.json", NULL), 0);
	tc = json_load_file(tcpath, 0, NULL);
	assert_non_null(tc);
	json_array_foreach(json_object_get(tc, "tests"), i, t) {
		const char *id = json_string_value(json_object_get(t, "id"));
		const char *grp = json_string_value(json_object_get(t,
		    "group"));
		json_t *d;

		if (strcmp(grp, "mandatory") != 0)
			continue;
		ids++;
		json_array_foreach(json_object_get(t, "failures"), k, d) {
			struct seen s = { id, 0, 0, "" };
			char doc[8192];

			snprintf(doc, sizeof(doc), "%s/%s", p,
			    json_string_value(json_object_get(d, "name")));
			run_doc(&s, doc, schema);
			fail_total++;
			if (s.hit > 0)
				fail_ok++;
			else
				print_message("MISS %s %s (%s)\n", id,
				    json_string_value(json_object_get(d,
				    "name")), s.first);
		}
		json_array_foreach(json_object_get(t, "valid"), k, d) {
			struct seen s = { NULL, 0, 0, "" };
			char doc[8192];

			snprintf(doc, sizeof(doc), "%s/%s", p,
			    json_string_value(json_object_get(d, "name")));
			valid_total++;
			if (run_doc(&s, doc, schema) == 0)
				valid_ok++;
			else
				print_message("FALSE %s %s (%s)\n", id,
				    json_string_value(json_object_get(d,
				    "name")), s.first);
		}
	}
	print_message("oasis-csaf mandatory tests: %d test ids; %d/%d "
	    "must-fail documents fail their test, %d/%d must-pass documents "
	    "pass (schema and all mandatory tests)\n", ids, fail_ok,
	    fail_total, valid_ok, valid_total);
	/* No false alarm on a valid document, and a floor under the
	 * detection rate as measured (docs/csaf.md). */
	assert_int_equal(valid_ok, valid_total);
	assert_true(fail_ok >= 86);
	json_decref(tc);
	vigil_schema_registry_free(reg);
}

static void
test_filenames(void **state)
{
	static const char *const dirs[] = { "valid", "invalid" };
	const char *base;
	char b[4096];
	size_t d;
	int right = 0, total = 0;

	(void)state;
	TESTDATA_OR_SKIP(base, "oasis-csaf/test/filenames/data");
	snprintf(b, sizeof(b), "%s", base);
	for (d = 0; d < 2; d++) {
		char dir[8192];
		struct dirent *de;
		DIR *dh;

		snprintf(dir, sizeof(dir), "%s/%s", b, dirs[d]);
		assert_non_null(dh = opendir(dir));
		while ((de = readdir(dh)) != NULL) {
			char path[8704], want[1024];
			vigil_vex_doc *doc = NULL;
			bool ok;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			assert_int_equal(vigil_vex_read_file(&doc, path,
			    VIGIL_VEX_FORMAT_CSAF, NULL, NULL), 0);
			assert_int_equal(vigil_csaf_filename(want,
			    sizeof(want), doc->id), 0);
			ok = strcmp(want, de->d_name) == 0 &&
			    vigil_csaf_filename_valid(de->d_name);
			total++;
			if (ok == (d == 0))
				right++;
			else
				print_message("%s: %s, expected %s\n", path,
				    dirs[d], want);
			vigil_vex_doc_free(doc);
		}
		closedir(dh);
	}
	print_message("oasis-csaf file names: %d/%d right\n", right, total);
	assert_int_equal(right, total);
}

static void
test_own(void **state)
{
	char want[64];
	struct seen s = { NULL, 0, 0, "" };
	const char *bad = "{\"document\":{\"category\":\"csaf_vex\","
	    "\"csaf_version\":\"2.0\",\"tracking\":{\"version\":\"2\","
	    "\"status\":\"final\",\"revision_history\":[{\"number\":\"1\","
	    "\"date\":\"2026-01-01T00:00:00Z\"}]}},\"product_tree\":{"
	    "\"full_product_names\":[{\"name\":\"a\",\"product_id\":\"P1\"},"
	    "{\"name\":\"b\",\"product_id\":\"P1\"}]},\"vulnerabilities\":[{"
	    "\"cve\":\"CVE-2026-1\",\"notes\":[],\"product_status\":{"
	    "\"known_affected\":[\"P1\",\"P9\"],\"fixed\":[\"P1\"]}}]}";
	size_t n = 0;

	(void)state;
	assert_int_equal(run_doc(&s, vt_data("vex/csaf-vex.json"), NULL), 0);
	assert_int_equal(vigil_csaf_validate(&n, bad, strlen(bad), NULL,
	    NULL, NULL, NULL), 0);
	/* 6.1.1 (P9), 6.1.2 (P1 twice), 6.1.6 (P1 affected and fixed),
	 * 6.1.16 (version 2, revision 1), 6.1.27.10 x2. */
	assert_true(n >= 6);
	assert_int_equal(vigil_csaf_validate(&n, "{", 1, NULL, NULL, NULL,
	    NULL), VIGIL_EINVALID);
	assert_int_equal(vigil_csaf_filename(want, sizeof(want),
	    "EXMD-VEX 2026/001"), 0);
	assert_string_equal(want, "exmd-vex_2026_001.json");
	assert_int_equal(vigil_csaf_filename(want, 8, "EXMD-VEX-2026-001"),
	    VIGIL_ETOOBIG);
	assert_int_equal(vigil_csaf_filename(want, sizeof(want), ""),
	    VIGIL_EINVALID);
	assert_false(vigil_csaf_filename_valid("A.json"));
	assert_false(vigil_csaf_filename_valid("a__b.json"));
	assert_true(vigil_csaf_filename_valid("a_b+c-1.json"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oasis_testcases),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_own),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
