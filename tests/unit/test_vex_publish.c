/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSAF provider directory: publish vigil's CSAF fixture, check the layout,
 * index.txt, changes.csv, the sidecars (and that a changed document no
 * longer matches them), republishing, refusing invalid and TLP:AMBER
 * documents, and provider-metadata.json against the OASIS provider schema
 * when ../shared/testdata is here.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/vigil.h"

static char *
path_in(const char *dir, const char *rel)
{
	static char p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return p;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *
with_tlp(const char *label)
{
	size_t len;
	char *src = vt_read(vt_data("vex/csaf-vex.json"), &len);
	char *out = malloc(len + 200), *at;

	assert_non_null(out);
	at = strstr(src, "\"publisher\"");
	assert_non_null(at);
	snprintf(out, len + 200, "%.*s\"distribution\": {\"tlp\": {\"label\": "
	    "\"%s\"}}, %s", (int)(at - src), src, label, at);
	free(src);
	return out;
}

static void
test_publish(void **state)
{
	vigil_csaf_publish_opts o = VIGIL_CSAF_PUBLISH_OPTS_INIT;
	char *dir = vt_mkdtemp(), *text, in[4096], bad[4096], amber[4096];
	const char *files[1];
	vigil_error err;
	size_t len;

	(void)state;
	o.base_url = "https://psirt.example.com/.well-known/csaf";
	snprintf(in, sizeof(in), "%s", vt_data("vex/csaf-vex.json"));
	files[0] = in;
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), 0);
	text = vt_read(path_in(dir, "white/index.txt"), &len);
	assert_string_equal(text, "2026/exmd-vex-2026-001.json\n");
	free(text);
	text = vt_read(path_in(dir, "white/changes.csv"), &len);
	assert_string_equal(text,
	    "\"2026/exmd-vex-2026-001.json\",\"2026-04-02T10:00:00Z\"\n");
	free(text);
	assert_int_equal(vigil_trust_sidecars_check(path_in(dir,
	    "white/2026/exmd-vex-2026-001.json"), &err), 0);
	/* Republishing keeps one entry. */
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), 0);
	text = vt_read(path_in(dir, "white/index.txt"), &len);
	assert_string_equal(text, "2026/exmd-vex-2026-001.json\n");
	free(text);
	/* A document whose hash sidecar disagrees. */
	put(path_in(dir, "white/2026/exmd-vex-2026-001.json"), "{}\n");
	assert_int_equal(vigil_trust_sidecars_check(path_in(dir,
	    "white/2026/exmd-vex-2026-001.json"), &err), VIGIL_EVERIFY);
	/* An invalid document is not published. */
	snprintf(bad, sizeof(bad), "%s/bad.json", dir);
	put(bad, "{\"document\": {\"category\": \"csaf_vex\"}}");
	files[0] = bad;
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), VIGIL_EINVALID);
	/* Nor a TLP:AMBER one; TLP:WHITE is. */
	snprintf(amber, sizeof(amber), "%s/amber.json", dir);
	text = with_tlp("AMBER");
	put(amber, text);
	free(text);
	files[0] = amber;
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), VIGIL_EUNSUPPORTED);
	text = with_tlp("WHITE");
	put(amber, text);
	free(text);
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), 0);
	/* No base URL. */
	o.base_url = NULL;
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    &err), VIGIL_EINVALID);
	vt_rmtree(dir);
	free(dir);
}

static void
test_metadata_schema(void **state)
{
	vigil_csaf_publish_opts o = VIGIL_CSAF_PUBLISH_OPTS_INIT;
	const char *sdir;
	char *dir, s[4096];
	const char *files[1];
	vigil_schema_registry *reg = NULL;
	const vigil_schema *schema = NULL;
	vigil_schema_result *res = NULL;
	char *text;
	size_t len, i;

	(void)state;
	TESTDATA_OR_SKIP(sdir, "oasis-csaf/json_schema");
	snprintf(s, sizeof(s), "%s", sdir);
	dir = vt_mkdtemp();
	o.base_url = "https://psirt.example.com/.well-known/csaf";
	o.key_url = "https://psirt.example.com/key.asc";
	o.key_fpr = "8F5F267907B2C4559DB360DB2294BA7D2B2298B1";
	files[0] = vt_data("vex/csaf-vex.json");
	assert_int_equal(vigil_csaf_publish(dir, files, 1, &o, NULL, NULL,
	    NULL), 0);
	assert_int_equal(vigil_schema_registry_new(&reg, NULL), 0);
	assert_int_equal(vigil_schema_registry_add_dir(reg, s, NULL, NULL), 0);
	assert_int_equal(vigil_schema_registry_find(&schema, reg,
	    "provider_json_schema.json", NULL), 0);
	text = vt_read(path_in(dir, "provider-metadata.json"), &len);
	assert_int_equal(vigil_schema_validate(&res, schema, text, len, NULL,
	    NULL), 0);
	for (i = 0; i < res->count; i++)
		print_message("%s: %s\n", res->items[i].pointer,
		    res->items[i].message);
	assert_int_equal(res->count, 0);
	vigil_schema_result_free(res);
	free(text);
	vigil_schema_registry_free(reg);
	vt_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_metadata_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
