/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VEX: reading the three formats from tests/data/vex, applying statements
 * to findings (scope, versions, subcomponents, overrides, the vexctl#105
 * regression), round trips through every format, bad input, triage in a
 * store.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/vigil.h"

static vigil_vex_doc *
load(const char *rel)
{
	vigil_vex_doc *d = NULL;
	vigil_error err;

	vigil_error_clear(&err);
	if (vigil_vex_read_file(&d, vt_data(rel), VIGIL_VEX_FORMAT_UNKNOWN,
	    NULL, &err) < 0)
		fail_msg("%s: %s (%s)", rel, err.msg, err.path);
	return d;
}

static vigil_vex_finding
finding(const char *purl, const char *vuln)
{
	vigil_vex_finding f;

	memset(&f, 0, sizeof(f));
	f.purl = purl;
	f.vuln = vuln;
	return f;
}

static void
test_openvex_scope(void **state)
{
	vigil_vex_doc *d = load("vex/openvex-scoped.json");
	const vigil_vex_doc *docs[1] = { d };
	vigil_vex_finding f[7];

	(void)state;
	assert_int_equal(d->format, VIGIL_VEX_FORMAT_OPENVEX);
	assert_int_equal(d->nstatements, 5);
	assert_string_equal(d->version, "3");
	f[0] = finding("pkg:npm/foo@1.2.3", "CVE-2026-0001");
	f[1] = finding("pkg:npm/foo@1.2.4", "CVE-2026-0001");	/* other version */
	f[2] = finding("pkg:npm/bar@9.9.9", "CVE-2026-0001");	/* versionless */
	f[3] = finding("pkg:npm/baz@1.0.0", "CVE-2026-0001");	/* vexctl#105 */
	f[4] = finding("pkg:npm/foo@1.2.3", "GHSA-AAAA-BBBB-CCCC");	/* alias */
	f[5] = finding("pkg:npm/foo@1.2.3", "CVE-2026-0003");	/* timestamps */
	f[6] = finding("pkg:npm/foo@1.2.3?arch=x", "CVE-2026-0001");
	assert_int_equal(vigil_vex_apply(f, 7, docs, 1, NULL, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(f[0].statement->justification,
	    VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
	assert_int_equal(f[1].status, VIGIL_VEX_STATUS_NONE);
	assert_int_equal(f[2].status, VIGIL_VEX_AFFECTED);
	assert_int_equal(f[3].status, VIGIL_VEX_STATUS_NONE);
	assert_int_equal(f[4].status, VIGIL_VEX_NOT_AFFECTED);
	/* The under_investigation statement is newer than the fixed one,
	 * though it comes first in the document. */
	assert_int_equal(f[5].status, VIGIL_VEX_UNDER_INVESTIGATION);
	/* Qualifiers of the component do not matter when the statement
	 * has none. */
	assert_int_equal(f[6].status, VIGIL_VEX_NOT_AFFECTED);
	vigil_vex_doc_free(d);
}

static void
test_subcomponents(void **state)
{
	vigil_vex_doc *d = load("vex/openvex-scoped.json");
	const vigil_vex_doc *docs[1] = { d };
	vigil_vex_subject pump = { NULL, "pkg:oci/infusion-pump-fw@4.2.0",
	    NULL, 0, NULL, 0, NULL, NULL, NULL };
	vigil_vex_subject other = { NULL, "pkg:oci/ventilator-fw@1.0", NULL,
	    0, NULL, 0, NULL, NULL, NULL };
	vigil_vex_finding f[2];

	(void)state;
	f[0] = finding("pkg:deb/debian/openssl@3.0.7-1", "CVE-2026-0002");
	f[1] = finding("pkg:deb/debian/libc6@2.36", "CVE-2026-0002");
	assert_int_equal(vigil_vex_apply(f, 2, docs, 1, &pump, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_NOT_AFFECTED);
	assert_non_null(f[0].statement->impact);
	assert_int_equal(f[1].status, VIGIL_VEX_STATUS_NONE);
	/* The same component in another product is not covered. */
	assert_int_equal(vigil_vex_apply(f, 2, docs, 1, &other, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_STATUS_NONE);
	/* Without a subject nothing is known about the product. */
	assert_int_equal(vigil_vex_apply(f, 1, docs, 1, NULL, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_STATUS_NONE);
	vigil_vex_doc_free(d);
}

static void
count_unmatched(void *payload, size_t doc, const vigil_vex_statement *st)
{
	(void)doc;
	(void)st;
	(*(int *)payload)++;
}

static void
test_override_and_unmatched(void **state)
{
	vigil_vex_doc *a = load("vex/openvex-scoped.json");
	vigil_vex_doc *b = load("vex/openvex-later.json");
	const vigil_vex_doc *docs[2] = { b, a };
	vigil_vex_finding f[1];
	const char *alias = "GHSA-aaaa-bbbb-cccc";
	int unmatched = 0;

	(void)state;
	f[0] = finding("pkg:npm/foo@1.2.3", "CVE-2026-0001");
	f[0].aliases = &alias;
	f[0].naliases = 1;
	/* B is newer (2026-02-01) though it comes first: it wins, and it
	 * names the vulnerability by its alias. */
	assert_int_equal(vigil_vex_apply(f, 1, docs, 2, NULL, count_unmatched,
	    &unmatched, NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_AFFECTED);
	assert_int_equal(f[0].doc, 0);
	/* Unmatched: b's CVE-2026-0009, a's bar, pump, two 0003. */
	assert_int_equal(unmatched, 5);
	vigil_vex_doc_free(a);
	vigil_vex_doc_free(b);
}

static void
test_cyclonedx(void **state)
{
	vigil_vex_doc *d = load("vex/cdx-vex.json");
	const vigil_vex_doc *docs[1] = { d };
	const char *cpe = "cpe:2.3:a:xmlsoft:libxml2:2.9.14:*:*:*:*:*:*:*";
	const char *hash = "sha256:3A4B0B2B6F0F6D5A0C1E2F3A4B5C6D7E8F9A0B1C2"
	    "D3E4F5A6B7C8D9E0F1A2B3C";
	vigil_vex_finding f[4];

	(void)state;
	assert_int_equal(d->format, VIGIL_VEX_FORMAT_CYCLONEDX);
	assert_int_equal(d->nstatements, 2);	/* the third has no analysis */
	assert_string_equal(d->statements[0].native_justification,
	    "requires_environment");
	assert_string_equal(d->statements[1].remediation, "vendor_fix");
	f[0] = finding(NULL, "CVE-2026-1000");
	f[0].cpes = &cpe;
	f[0].ncpes = 1;
	f[1] = finding(NULL, "GHSA-xxxx-yyyy-zzzz");
	f[1].hashes = &hash;
	f[1].nhashes = 1;
	f[2] = finding("pkg:deb/debian/zlib@1.2.13", "CVE-2026-1001");
	f[3] = finding("pkg:deb/debian/zlib@1.2.13", "CVE-2026-1000");
	assert_int_equal(vigil_vex_apply(f, 4, docs, 1, NULL, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(f[1].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(f[2].status, VIGIL_VEX_AFFECTED);
	assert_int_equal(f[3].status, VIGIL_VEX_STATUS_NONE);
	vigil_vex_doc_free(d);
}

static void
test_csaf(void **state)
{
	vigil_vex_doc *d = load("vex/csaf-vex.json");
	const vigil_vex_doc *docs[1] = { d };
	vigil_vex_subject pump = { NULL, NULL, NULL, 0, NULL, 0, "IP-4200",
	    NULL, NULL };
	const char *cpe = "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*";
	const char *h = "SHA-256:ab12";
	vigil_vex_finding f[3];

	(void)state;
	assert_int_equal(d->format, VIGIL_VEX_FORMAT_CSAF);
	assert_string_equal(d->id, "EXMD-VEX-2026-001");
	assert_int_equal(d->nstatements, 2);
	assert_int_equal(d->statements[0].status, VIGIL_VEX_AFFECTED);
	assert_string_equal(d->statements[0].remediation, "vendor_fix");
	assert_int_equal(d->statements[1].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(d->statements[1].justification,
	    VIGIL_VEX_VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
	assert_int_equal(d->statements[1].products[0].nsubs, 1);
	f[0] = finding(NULL, "CVE-2026-2000");
	f[0].cpes = &cpe;
	f[0].ncpes = 1;
	f[1] = finding(NULL, "CVE-2026-2000");
	f[1].hashes = &h;
	f[1].nhashes = 1;
	f[2] = finding("pkg:deb/debian/zlib@1.2.14", "CVE-2026-2000");
	assert_int_equal(vigil_vex_apply(f, 3, docs, 1, &pump, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(f[1].status, VIGIL_VEX_AFFECTED);
	assert_int_equal(f[2].status, VIGIL_VEX_STATUS_NONE);
	vigil_vex_doc_free(d);
}

/* Apply the same findings before and after a round trip through FMT. */
static void
roundtrip_one(const char *rel, vigil_vex_format fmt,
    const vigil_vex_subject *subj, vigil_vex_finding *f, size_t n)
{
	vigil_vex_doc *d = load(rel), *d2 = NULL;
	const vigil_vex_doc *docs[1];
	vigil_vex_status before[8];
	vigil_error err;
	char *text = NULL;
	size_t i;

	assert_true(n <= 8);
	docs[0] = d;
	assert_int_equal(vigil_vex_apply(f, n, docs, 1, subj, NULL, NULL,
	    NULL), 0);
	for (i = 0; i < n; i++)
		before[i] = f[i].status;
	assert_int_equal(vigil_vex_write(&text, d, fmt, NULL, NULL, &err), 0);
	if (vigil_vex_read(&d2, text, strlen(text), VIGIL_VEX_FORMAT_UNKNOWN,
	    NULL, &err) < 0)
		fail_msg("%s as %s: %s", rel, vigil_vex_format_name(fmt),
		    err.msg);
	assert_int_equal(d2->format, fmt);
	docs[0] = d2;
	assert_int_equal(vigil_vex_apply(f, n, docs, 1, subj, NULL, NULL,
	    NULL), 0);
	for (i = 0; i < n; i++)
		if (f[i].status != before[i])
			fail_msg("%s as %s: finding %zu was %s, now %s", rel,
			    vigil_vex_format_name(fmt), i,
			    vigil_vex_status_name(before[i]),
			    vigil_vex_status_name(f[i].status));
	vigil_vex_text_free(text);
	vigil_vex_doc_free(d);
	vigil_vex_doc_free(d2);
}

static void
test_roundtrip(void **state)
{
	vigil_vex_subject pump = { NULL, "pkg:oci/infusion-pump-fw@4.2.0",
	    NULL, 0, NULL, 0, NULL, NULL, NULL };
	vigil_vex_finding f[5];
	vigil_vex_format fmt;

	(void)state;
	for (fmt = VIGIL_VEX_FORMAT_CYCLONEDX; fmt <= VIGIL_VEX_FORMAT_CSAF;
	    fmt++) {
		f[0] = finding("pkg:npm/foo@1.2.3", "CVE-2026-0001");
		f[1] = finding("pkg:npm/foo@1.2.4", "CVE-2026-0001");
		f[2] = finding("pkg:npm/bar@9.9.9", "CVE-2026-0001");
		f[3] = finding("pkg:npm/foo@1.2.3", "GHSA-aaaa-bbbb-cccc");
		f[4] = finding("pkg:deb/debian/openssl@3.0.7-1",
		    "CVE-2026-0002");
		/* CycloneDX cannot scope to subcomponents: f[4] differs
		 * there (reported as a loss), so it is left out. */
		roundtrip_one("vex/openvex-scoped.json", fmt, &pump, f,
		    fmt == VIGIL_VEX_FORMAT_CYCLONEDX ? 4 : 5);
		f[0] = finding("pkg:deb/debian/zlib@1.2.13", "CVE-2026-1001");
		f[1] = finding("pkg:deb/debian/libxml2@2.9.14",
		    "CVE-2026-1000");
		roundtrip_one("vex/cdx-vex.json", fmt, NULL, f, 2);
		f[0] = finding("pkg:deb/debian/zlib@1.2.13", "CVE-2026-2000");
		roundtrip_one("vex/csaf-vex.json", fmt, NULL, f, 1);
	}
}

static void
collect_loss(void *payload, const char *what)
{
	(void)what;
	(*(int *)payload)++;
}

static void
test_losses(void **state)
{
	vigil_vex_doc *d = load("vex/csaf-vex.json");
	char *text = NULL;
	int n = 0;

	(void)state;
	/* OpenVEX has no model numbers and no remediation categories. */
	assert_int_equal(vigil_vex_write(&text, d, VIGIL_VEX_FORMAT_OPENVEX,
	    collect_loss, &n, NULL), 0);
	assert_true(n >= 2);
	vigil_vex_text_free(text);
	vigil_vex_doc_free(d);
}

static void
expect_bad(const char *doc, int code, const char *ptr)
{
	vigil_vex_doc *d = NULL;
	vigil_error err;

	vigil_error_clear(&err);
	assert_int_equal(vigil_vex_read(&d, doc, strlen(doc),
	    VIGIL_VEX_FORMAT_UNKNOWN, NULL, &err), code);
	assert_null(d);
	if (ptr != NULL)
		assert_string_equal(err.path, ptr);
}

#define OVX "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"x\"," \
	"\"author\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1,"

static void
test_bad_input(void **state)
{
	vigil_vex_read_opts o = VIGIL_VEX_READ_OPTS_INIT;
	vigil_vex_doc *d = NULL;
	char *buf;
	size_t len, i;

	(void)state;
	buf = vt_read(vt_data("vex/truncated.json"), &len);
	assert_int_equal(vigil_vex_read(&d, buf, len, VIGIL_VEX_FORMAT_UNKNOWN,
	    NULL, NULL), VIGIL_EINVALID);
	free(buf);
	expect_bad(OVX "\"statements\":[{\"vulnerability\":{\"name\":\"C\"},"
	    "\"status\":\"broken\"}]}", VIGIL_EINVALID, "/statements/0/status");
	expect_bad(OVX "\"statements\":[{\"vulnerability\":{\"name\":\"C\"},"
	    "\"status\":\"not_affected\",\"justification\":\"nope\"}]}",
	    VIGIL_EINVALID, "/statements/0/justification");
	expect_bad(OVX "\"statements\":[{\"status\":\"fixed\"}]}",
	    VIGIL_EINVALID, "/statements/0");
	expect_bad(OVX "\"statements\":{}}", VIGIL_EINVALID, "/statements");
	/* Invalid UTF-8, an embedded NUL, duplicate keys. */
	expect_bad(OVX "\"statements\":[{\"vulnerability\":{\"name\":\"\xff\"},"
	    "\"status\":\"fixed\"}]}", VIGIL_EINVALID, NULL);
	expect_bad(OVX "\"statements\":[{\"vulnerability\":{\"name\":\"a\\u0000"
	    "b\"},\"status\":\"fixed\"}]}", VIGIL_EINVALID, NULL);
	expect_bad(OVX "\"version\":2,\"statements\":[]}", VIGIL_EINVALID, NULL);
	expect_bad("{\"document\":{\"csaf_version\":\"2.1\"}}",
	    VIGIL_EUNSUPPORTED, "/document/csaf_version");
	expect_bad("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.3\"}",
	    VIGIL_EUNSUPPORTED, "/specVersion");
	expect_bad("[1,2]", VIGIL_EUNSUPPORTED, NULL);
	expect_bad("{\"document\":{\"csaf_version\":\"2.0\"},\"product_tree\":"
	    "{},\"vulnerabilities\":[{\"cve\":\"CVE-2026-1\",\"product_status\":"
	    "{\"fixed\":[\"CSAFPID-9\"]}}]}", VIGIL_EINVALID,
	    "/vulnerabilities/0/product_status/fixed/0");
	/* Deep nesting. */
	len = 20000;
	buf = malloc(2 * len + 1);
	assert_non_null(buf);
	for (i = 0; i < len; i++) {
		buf[i] = '[';
		buf[len + i] = ']';
	}
	buf[2 * len] = '\0';
	assert_true(vigil_vex_read(&d, buf, 2 * len, VIGIL_VEX_FORMAT_UNKNOWN,
	    NULL, NULL) < 0);
	free(buf);
	/* Limits. */
	o.max_doc = 10;
	assert_int_equal(vigil_vex_read(&d, OVX "\"statements\":[]}",
	    strlen(OVX "\"statements\":[]}"), VIGIL_VEX_FORMAT_UNKNOWN, &o,
	    NULL), VIGIL_ETOOBIG);
	o.max_doc = 0;
	o.max_statements = 1;
	{
		const char *two = OVX "\"statements\":[{\"vulnerability\":"
		    "{\"name\":\"A\"},\"status\":\"fixed\"},{\"vulnerability\":"
		    "{\"name\":\"B\"},\"status\":\"fixed\"}]}";

		assert_int_equal(vigil_vex_read(&d, two, strlen(two),
		    VIGIL_VEX_FORMAT_UNKNOWN, &o, NULL), VIGIL_ETOOBIG);
	}
	assert_null(d);
}

static void
test_purl_and_time(void **state)
{
	int64_t t, u;

	(void)state;
	assert_true(vigil_vex_purl_covers("pkg:npm/foo", "pkg:npm/foo@1.0"));
	assert_true(vigil_vex_purl_covers("pkg:npm/foo@1.2.3",
	    "pkg:npm/foo@1.2.3"));
	assert_false(vigil_vex_purl_covers("pkg:npm/foo@1.2.3",
	    "pkg:npm/foo@1.2.4"));
	assert_false(vigil_vex_purl_covers("pkg:npm/foo@1.2.3",
	    "pkg:npm/foo"));
	assert_false(vigil_vex_purl_covers("pkg:npm/foo", "pkg:npm/bar@1"));
	assert_false(vigil_vex_purl_covers("pkg:npm/foo", "pkg:pypi/foo@1"));
	/* Equal under the scheme: Maven 1.0 and 1.0.0. */
	assert_true(vigil_vex_purl_covers("pkg:maven/g/a@1.0",
	    "pkg:maven/g/a@1.0.0"));
	assert_true(vigil_vex_purl_covers("pkg:deb/debian/x@1?arch=amd64",
	    "pkg:deb/debian/x@1?arch=amd64&distro=bookworm"));
	assert_false(vigil_vex_purl_covers("pkg:deb/debian/x@1?arch=amd64",
	    "pkg:deb/debian/x@1?arch=arm64"));
	assert_false(vigil_vex_purl_covers("not a purl", "pkg:npm/foo"));
	assert_int_equal(vigil_vex_time_parse(&t, "2026-01-11T09:00:00+01:00"),
	    0);
	assert_int_equal(vigil_vex_time_parse(&u, "2026-01-11T08:00:00Z"), 0);
	assert_true(t == u);
	assert_int_equal(vigil_vex_time_parse(&t, "1970-01-01"), 0);
	assert_true(t == 0);
	assert_int_equal(vigil_vex_time_parse(&t,
	    "2023-12-04T21:55:19.945014473-06:00"), 0);
	assert_int_equal(vigil_vex_time_parse(&t, "2026-02-30T00:00:00Z"),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_vex_time_parse(&t, "2026-01-01T00:00:00"),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_vex_time_parse(&t, "2026-01-01T25:00:00Z"),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_vex_time_parse(&t, ""), VIGIL_EINVALID);
}

struct hist {
	int n;
	vigil_vex_status last, prev;
};

static int
on_decision(void *payload, const vigil_vex_decision *d)
{
	struct hist *h = payload;

	h->n++;
	h->last = d->status;
	h->prev = d->previous;
	return 0;
}

static void
test_triage(void **state)
{
	char *dir = vt_mkdtemp(), path[4096], *text = NULL;
	vigil_vex_decision d = VIGIL_VEX_DECISION_INIT;
	vigil_store *st = NULL;
	vigil_vex_doc *doc = NULL;
	struct hist h = { 0, VIGIL_VEX_STATUS_NONE, VIGIL_VEX_STATUS_NONE };
	vigil_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/v.db", dir);
	assert_int_equal(vigil_store_open(&st, path, 0, &err), 0);
	d.product = "pkg:generic/example/infusion-pump@4.2.0";
	d.vuln = "CVE-2026-3000";
	d.author = "alice";
	d.status = VIGIL_VEX_UNDER_INVESTIGATION;
	assert_int_equal(vigil_vex_decide(st, &d, &err), 0);
	/* not_affected without a reason, affected without an action, a
	 * justification with affected, a product that is not a purl. */
	d.status = VIGIL_VEX_NOT_AFFECTED;
	assert_int_equal(vigil_vex_decide(st, &d, &err), VIGIL_EINVALID);
	d.status = VIGIL_VEX_AFFECTED;
	assert_int_equal(vigil_vex_decide(st, &d, &err), VIGIL_EINVALID);
	d.action = "Update.";
	d.justification = VIGIL_VEX_COMPONENT_NOT_PRESENT;
	assert_int_equal(vigil_vex_decide(st, &d, &err), VIGIL_EINVALID);
	d.justification = VIGIL_VEX_JUST_NONE;
	d.product = "infusion pump";
	assert_int_equal(vigil_vex_decide(st, &d, &err), VIGIL_EINVALID);
	d.product = "pkg:generic/example/infusion-pump@4.2.0";
	d.action = NULL;
	d.status = VIGIL_VEX_NOT_AFFECTED;
	d.justification = VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT;
	d.author = "bob";
	assert_int_equal(vigil_vex_decide(st, &d, &err), 0);
	assert_int_equal(vigil_vex_decisions(st, d.product, NULL, false,
	    on_decision, &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.last, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(h.prev, VIGIL_VEX_UNDER_INVESTIGATION);
	h.n = 0;
	assert_int_equal(vigil_vex_decisions(st, d.product, "CVE-2026-3000",
	    true, on_decision, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(vigil_vex_export(&doc, st, d.product, "psirt", &err),
	    0);
	assert_int_equal(doc->nstatements, 1);
	assert_int_equal(doc->statements[0].justification,
	    VIGIL_VEX_VULNERABLE_CODE_NOT_PRESENT);
	assert_int_equal(vigil_vex_write(&text, doc, VIGIL_VEX_FORMAT_CSAF,
	    NULL, NULL, &err), 0);
	assert_non_null(strstr(text, "known_not_affected"));
	vigil_vex_text_free(text);
	vigil_vex_doc_free(doc);
	doc = NULL;
	assert_int_equal(vigil_vex_export(&doc, st, "pkg:npm/none", "psirt",
	    &err), VIGIL_ENOTFOUND);
	vigil_store_close(st);
	/* The history is append-only, even to SQL. */
	assert_int_not_equal(vt_system("sqlite3 '%s' 'DELETE FROM "
	    "vex_decision' 2>/dev/null", path), 0);
	vt_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openvex_scope),
		cmocka_unit_test(test_subcomponents),
		cmocka_unit_test(test_override_and_unmatched),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_csaf),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_losses),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_purl_and_time),
		cmocka_unit_test(test_triage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
