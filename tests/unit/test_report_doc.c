/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Customer security documents: the controls file check (table-driven,
 * with bad input), and a device document in every format from a store
 * built here — the sections are there, the HTML has no external resource,
 * a release without SBOM or profile is documented, output is the same
 * bytes for the same data.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/life.h"
#include "vigil/report_device.h"

static void
test_controls(void **state)
{
	static const struct {
		const char *json;
		int rc;
		const char *path;	/* expected JSON Pointer, or NULL */
	} t[] = {
		{"{\"mds2_version\": \"2019\"}", 0, NULL},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH-1\": "
		    "{\"answer\": \"yes\"}, \"CSUP-2.1\": {\"answer\": "
		    "\"see_note\", \"note\": \"n\"}}, \"recommended_controls\":"
		    " [\"a\"], \"contact\": \"c\", \"device\": \"d\"}", 0, NULL},
		{"{}", VIGIL_EINVALID, "/mds2_version"},
		{"[]", VIGIL_EINVALID, ""},
		{"{\"mds2_version\": \"2013\"}", VIGIL_EINVALID,
		    "/mds2_version"},
		{"{\"mds2_version\": \"2019\", \"colour\": 1}", VIGIL_EINVALID,
		    "/colour"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"XYZ-1\": "
		    "{\"answer\": \"yes\"}}}", VIGIL_EINVALID, "/answers/XYZ-1"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH-x\": "
		    "{\"answer\": \"yes\"}}}", VIGIL_EINVALID, "/answers/AUTH-x"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH\": "
		    "{\"answer\": \"yes\"}}}", VIGIL_EINVALID, "/answers/AUTH"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH-1\": "
		    "{\"answer\": \"maybe\"}}}", VIGIL_EINVALID,
		    "/answers/AUTH-1/answer"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH-1\": "
		    "{\"answer\": \"see_note\"}}}", VIGIL_EINVALID,
		    "/answers/AUTH-1"},
		{"{\"mds2_version\": \"2019\", \"answers\": {\"AUTH-1\": "
		    "{\"answer\": \"yes\", \"x\": 1}}}", VIGIL_EINVALID,
		    "/answers/AUTH-1/x"},
		{"{\"mds2_version\": \"2019\", \"recommended_controls\": [1]}",
		    VIGIL_EINVALID, "/recommended_controls/0"},
		{"{\"mds2_version\": \"2019\", \"contact\": \"a\\u0001b\"}",
		    VIGIL_EINVALID, "/contact"},
		{"{\"mds2_version\": \"2019\", \"mds2_version\": \"2019\"}",
		    VIGIL_EINVALID, NULL},	/* duplicate key */
		{"{\"mds2_version\": \"2019\"", VIGIL_EINVALID, NULL},
		{"", VIGIL_EINVALID, NULL},
		{"{\"mds2_version\": \"2019\", \"device\": \"\xff\"}",
		    VIGIL_EINVALID, NULL},	/* invalid UTF-8 */
	};
	size_t i;
	char *big;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		vigil_error err;
		int rc;

		memset(&err, 0, sizeof(err));
		rc = vigil_report_controls_check(t[i].json, strlen(t[i].json),
		    &err);
		if (rc != t[i].rc)
			fail_msg("case %zu: rc %d (%s)", i, rc, err.msg);
		if (t[i].path != NULL && strcmp(err.path, t[i].path) != 0)
			fail_msg("case %zu: path '%s'", i, err.path);
	}
	/* A NUL inside, and over the size limit. */
	assert_int_equal(vigil_report_controls_check("{\"mds2_version\":"
	    "\"2019\"}\0x", 25, NULL), VIGIL_EINVALID);
	big = calloc(1, VIGIL_CONTROLS_MAX_SIZE + 2);
	assert_non_null(big);
	memset(big, ' ', VIGIL_CONTROLS_MAX_SIZE + 1);
	assert_int_equal(vigil_report_controls_check(big,
	    VIGIL_CONTROLS_MAX_SIZE + 1, NULL), VIGIL_ETOOBIG);
	free(big);
}

/* Write the document of MODEL@REL in FORMAT into a new string. */
static char *
doc(vigil_store *st, const char *model, const char *rel,
    vigil_doc_format f, const vigil_report_doc_opts *o, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	vigil_error err;

	assert_non_null(fp);
	*rc = vigil_report_device_write(fp, st, model, rel, f, o, &err);
	fclose(fp);
	return buf;
}

static void
test_documents(void **state)
{
	static const char *const sections[] = {"Device description",
		"Interfaces and ports", "Recommended security controls",
		"Software bill of materials", "Known vulnerabilities",
		"Patient-harm assessment", "Support dates",
		"End-of-support plan", "Reporting a vulnerability",
		"MDS2 summary"};
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	vigil_report_doc_opts o = VIGIL_REPORT_DOC_OPTS_INIT;
	vigil_store *st = NULL;
	vigil_error err;
	char *prof, *sbom, *ctl, *h1, *h2, *md, *js;
	size_t len, slen, clen, i;
	int rc;

	(void)state;
	assert_int_equal(vigil_store_open(&st, ":memory:", 0, &err), 0);
	prof = vt_read(vt_data("life/px.profile.json"), &len);
	sbom = vt_read(vt_data("life/px-3.2.cdx.json"), &slen);
	ctl = vt_read(vt_data("life/controls.json"), &clen);
	r.manufacturer = "Example Medical";
	r.model = "InfuCare PX";
	r.release = "3.2";
	r.released = "2023-05-01";
	r.eol = "2027-06-30";
	r.eos = "2029-06-30";
	r.profile = prof;
	r.contact = "psirt@example.invalid";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err), 0);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    sbom, slen, "2026-01-01T00:00:00Z", &err), 0);
	assert_int_equal(vigil_life_date_parse(&o.as_of, "2026-11-29", 10,
	    NULL), 0);
	o.controls = ctl;
	o.controls_len = clen;
	o.sbom_link = "px<3.2>.json";

	h1 = doc(st, "InfuCare PX", "3.2", VIGIL_DOC_HTML, &o, &rc);
	assert_int_equal(rc, 0);
	h2 = doc(st, "InfuCare PX", "3.2", VIGIL_DOC_HTML, &o, &rc);
	assert_string_equal(h1, h2);	/* same data, same bytes */
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		assert_non_null(strstr(h1, sections[i]));
	assert_null(strstr(h1, "src=\""));
	assert_null(strstr(h1, "href=\"http"));
	assert_null(strstr(h1, "<script"));
	assert_non_null(strstr(h1, "px&lt;3.2&gt;.json"));	/* escaped */
	assert_non_null(strstr(h1, "not been scanned"));
	assert_non_null(strstr(h1, "2025-12-31"));	/* logrotor EOS */

	md = doc(st, "InfuCare PX", "3.2", VIGIL_DOC_MARKDOWN, &o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(md, "## 10. MDS2 summary"));
	assert_non_null(strstr(md, "| DOC-8 | yes |"));
	js = doc(st, "InfuCare PX", "3.2", VIGIL_DOC_JSON, &o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(js, "\"stage\": \"limited_support\""));
	free(h1);
	free(h2);
	free(md);
	free(js);

	/* No such release; a bad controls file writes nothing useful. */
	free(doc(st, "InfuCare PX", "9", VIGIL_DOC_HTML, &o, &rc));
	assert_int_equal(rc, VIGIL_ENOTFOUND);
	o.controls = "{\"mds2_version\": 1}";
	o.controls_len = strlen(o.controls);
	free(doc(st, "InfuCare PX", "3.2", VIGIL_DOC_HTML, &o, &rc));
	assert_int_equal(rc, VIGIL_EINVALID);

	/* A bare release: no profile, no SBOM, no controls. */
	o.controls = NULL;
	r.release = "1.0";
	r.profile = NULL;
	r.released = r.eol = NULL;
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err), 0);
	h1 = doc(st, "InfuCare PX", "1.0", VIGIL_DOC_HTML, &o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(h1, "No SBOM is recorded"));
	assert_non_null(strstr(h1, "No device profile"));
	free(h1);
	h1 = NULL;
	{
		char *buf = NULL;
		size_t blen = 0;
		FILE *fp = open_memstream(&buf, &blen);

		assert_int_equal(vigil_report_fleet_write(fp, st,
		    VIGIL_DOC_MARKDOWN, &o, &err), VIGIL_EUNSUPPORTED);
		assert_int_equal(vigil_report_fleet_write(fp, st,
		    VIGIL_DOC_JSON, &o, &err), 0);
		fclose(fp);
		assert_non_null(strstr(buf, "\"fleet-status\""));
		free(buf);
	}
	free(prof);
	free(sbom);
	free(ctl);
	vigil_store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_documents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
