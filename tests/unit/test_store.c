/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store and the feed importers: what an import keeps, alias merging,
 * newer-replaces-older, withdrawn records, indexed lookups, rejects that
 * leave nothing half-written, limits, the snapshot id, and the real
 * samples under ../shared/testdata.  Every test runs on SQLite and on
 * PostgreSQL (VIGIL_TEST_PG_DSN; store_backends.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "vgx.h"
#include "store_backends.h"

/* The backend the tests run on now. */
static bool on_pg;

static int
setup(void **state)
{
	return vt_store_setup(state, on_pg, "store", "sub/dir/t.db");
}

static void
import_ok(vigil_store *st, const char *rel, vigil_feed_stats *s)
{
	vigil_error err;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = vigil_feed_import_path(s, st, vt_data(rel), NULL, &err);
	if (rc != 0)
		fail_msg("%s: %s", rel, err.msg);
}

static void
import_fixtures(vigil_store *st)
{
	vigil_feed_stats s;

	import_ok(st, "feed/osv", &s);
	assert_int_equal(s.added, 5);
	assert_int_equal(s.withdrawn, 1);
	assert_int_equal(s.rejected, 0);
	import_ok(st, "feed/nvd", &s);
	assert_int_equal(s.added, 4);
	import_ok(st, "feed/kev.json", &s);
	assert_int_equal(s.added, 2);
	import_ok(st, "feed/epss.csv.gz", &s);
	assert_int_equal(s.added, 3);
}

/* ---- lookups ---------------------------------------------------------------- */

struct hits {
	int n;
	char ids[16][64];
	char text[16][512];
};

static int
on_aff(void *payload, const vigil_store_affected *a)
{
	struct hits *h = payload;

	if (h->n < 16) {
		snprintf(h->ids[h->n], sizeof(h->ids[0]), "%s", a->id);
		snprintf(h->text[h->n], sizeof(h->text[0]), "%s|%s|%s|%s",
		    a->ecosystem, a->name, a->ranges,
		    a->ecosystem_specific ? a->ecosystem_specific : "-");
	}
	h->n++;
	return 0;
}

static int
on_cfg(void *payload, const vigil_store_config *c)
{
	struct hits *h = payload;

	if (h->n < 16) {
		snprintf(h->ids[h->n], sizeof(h->ids[0]), "%s/%u", c->cve,
		    c->seq);
		snprintf(h->text[h->n], sizeof(h->text[0]), "%s", c->config);
	}
	h->n++;
	return 0;
}

static void
test_import_and_lookup(void **state)
{
	struct vt_store *c = *state;
	vigil_store_status s;
	vigil_error err;
	struct hits h;

	import_fixtures(c->st);
	assert_int_equal(vigil_store_status_get(&s, c->st, &err), 0);
	assert_int_equal(s.osv, 6);
	assert_int_equal(s.osv_withdrawn, 1);
	assert_int_equal(s.nvd, 4);
	assert_int_equal(s.kev, 2);
	assert_int_equal(s.epss, 3);
	assert_int_equal(s.imports, 4);
	assert_string_equal(s.kev_version, "2099.03.01");
	assert_string_equal(s.epss_model, "v2099.01.01");
	/* PYSEC-2099-1, GHSA-vgl1-test-0001, CVE-2099-0001 (NVD, KEV) are
	 * one; GO-2099-0002, DSA-9999-1, OSV-2099-4, CPY-2099-5,
	 * CVE-2099-0010, -0011, -0012 and KEV's CVE-2099-0020: 9. */
	assert_int_equal(s.vulnerabilities, 9);
	assert_int_equal(strlen(s.snapshot), 64);
	assert_int_equal(strlen(s.last_import[0]), 20);
	assert_int_equal(strlen(s.last_import[3]), 20);
	assert_string_equal(s.last_import[3], s.last_update);	/* EPSS last */

	/* PEP 503: every spelling meets the two records. */
	memset(&h, 0, sizeof(h));
	assert_int_equal(vigil_store_affected_for(c->st, "PyPI",
	    "zope-interface.HELPER", on_aff, &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.ids[0], "GHSA-vgl1-test-0001");
	assert_string_equal(h.ids[1], "PYSEC-2099-1");
	assert_non_null(strstr(h.text[0], "\"fixed\":\"1.4.2\""));
	assert_non_null(strstr(h.text[0], "affected_functions"));

	/* Go names are case-sensitive. */
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "Go", "example.org/mod", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 0);
	vigil_store_affected_for(c->st, "Go", "example.org/Mod", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 1);

	/* Debian: the base finds every release, a release only itself. */
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "Debian", "libexample", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 2);
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "Debian:11", "LIBEXAMPLE", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 1);
	assert_non_null(strstr(h.text[0], "Debian:11|libexample|"));

	/* Withdrawn records stay recorded but stop matching. */
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "npm", "left-pad-ng", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 0);

	/* NVD configurations by CPE vendor and product, whole. */
	memset(&h, 0, sizeof(h));
	assert_int_equal(vigil_store_configs_for(c->st, "ACME_medical",
	    "pump_firmware", on_cfg, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "CVE-2099-0010/0");
	assert_non_null(strstr(h.text[0], "\"operator\":\"AND\""));
	assert_non_null(strstr(h.text[0], "\"versionEndIncluding\":\"2.7.1\""));
	assert_non_null(strstr(h.text[0], "\"vulnerable\":false"));
	/* the non-vulnerable platform CPE finds the same configuration */
	memset(&h, 0, sizeof(h));
	vigil_store_configs_for(c->st, "acme_medical", "pump", on_cfg, &h,
	    &err);
	assert_int_equal(h.n, 1);
	/* escaped colon kept as written */
	memset(&h, 0, sizeof(h));
	vigil_store_configs_for(c->st, "acme_medical", "viewer\\:pro", on_cfg,
	    &h, &err);
	assert_int_equal(h.n, 1);
	memset(&h, 0, sizeof(h));
	vigil_store_configs_for(c->st, "acme_medical", "nothing", on_cfg, &h,
	    &err);
	assert_int_equal(h.n, 0);
}

static void
test_show(void **state)
{
	struct vt_store *c = *state;
	vigil_error err;
	char *out = NULL;

	import_fixtures(c->st);
	/* Any alias gives the merged record. */
	assert_int_equal(vigil_store_show(&out, c->st, "PYSEC-2099-1",
	    VIGIL_STORE_JSON, &err), 0);
	assert_non_null(strstr(out, "\"GHSA-vgl1-test-0001\""));
	assert_non_null(strstr(out, "\"knownRansomwareCampaignUse\": \"Known\""));
	assert_non_null(strstr(out, "\"epss\": 0.97312"));
	assert_non_null(strstr(out, "\"lastModified\": \"2099-01-20T10:00:00.000\""));
	/* related is not an alias */
	assert_null(strstr(out, "\"ids\": [\n    \"CVE-2098-9999\""));
	vigil_store_string_free(out);
	out = NULL;
	assert_int_equal(vigil_store_show(&out, c->st, "CVE-2099-0001",
	    VIGIL_STORE_TEXT, &err), 0);
	assert_non_null(strstr(out, "ids: CVE-2099-0001 GHSA-vgl1-test-0001 "
	    "PYSEC-2099-1\n"));
	vigil_store_string_free(out);
	out = NULL;
	/* EPSS-only CVE */
	assert_int_equal(vigil_store_show(&out, c->st, "CVE-2099-0030",
	    VIGIL_STORE_JSON, &err), 0);
	assert_non_null(strstr(out, "0.00012"));
	vigil_store_string_free(out);
	out = NULL;
	assert_int_equal(vigil_store_show(&out, c->st, "CVE-1900-0000",
	    VIGIL_STORE_TEXT, &err), VIGIL_ENOTFOUND);
	assert_null(out);
}

static int
on_id(void *payload, const char *id)
{
	struct hits *h = payload;

	if (h->n < 16)
		snprintf(h->ids[h->n], sizeof(h->ids[0]), "%s", id);
	h->n++;
	return 0;
}

static int
on_sev(void *payload, const vigil_store_severity *v)
{
	struct hits *h = payload;

	if (h->n < 16)
		snprintf(h->text[h->n], sizeof(h->text[0]), "%s %s %s %s %s %s "
		    "%.1f", v->source_kind, v->id, v->version,
		    v->source ? v->source : "-", v->type ? v->type : "-",
		    v->vector, v->has_score ? v->base_score : -1.0);
	h->n++;
	return 0;
}

static void
test_enrichment(void **state)
{
	struct vt_store *c = *state;
	vigil_store_kev k;
	vigil_error err;
	struct hits h;
	double score, pct;

	import_fixtures(c->st);
	memset(&h, 0, sizeof(h));
	assert_int_equal(vigil_store_aliases(c->st, "GHSA-vgl1-test-0001",
	    on_id, &h, &err), 0);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.ids[0], "CVE-2099-0001");
	assert_string_equal(h.ids[2], "PYSEC-2099-1");
	memset(&h, 0, sizeof(h));
	assert_int_equal(vigil_store_aliases(c->st, "CVE-1900-1", on_id, &h,
	    &err), VIGIL_ENOTFOUND);
	memset(&h, 0, sizeof(h));
	assert_int_equal(vigil_store_severities(c->st, "PYSEC-2099-1", on_sev,
	    &h, &err), 0);
	assert_int_equal(h.n, 4 + 2 + 1);	/* NVD 4, GHSA 2, PYSEC 1 */
	/* NVD metrics come v2, v3.0, v3.1, v4.0 */
	assert_string_equal(h.text[0], "nvd CVE-2099-0001 2.0 nvd@nist.gov "
	    "Primary AV:N/AC:L/Au:N/C:P/I:N/A:N 5.0");
	assert_string_equal(h.text[3], "nvd CVE-2099-0001 4.0 cna@example.org "
	    "Secondary CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/"
	    "SI:N/SA:N 8.7");
	assert_string_equal(h.text[4], "osv GHSA-vgl1-test-0001 CVSS_V3 - - "
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N -1.0");
	assert_int_equal(vigil_store_kev_get(&k, c->st, "CVE-2099-0001", &err),
	    0);
	assert_string_equal(k.ransomware, "Known");
	assert_string_equal(k.due_date, "2099-03-08");
	assert_string_equal(k.cwes, "CWE-22");
	assert_int_equal(vigil_store_kev_get(&k, c->st, "CVE-2099-0010", &err),
	    VIGIL_ENOTFOUND);
	assert_int_equal(vigil_store_epss_get(&score, &pct, c->st,
	    "CVE-2099-0030", &err), 0);
	assert_true(score > 0.000119 && score < 0.000121);
	assert_true(pct > 0.0099 && pct < 0.0101);
	assert_int_equal(vigil_store_epss_get(&score, &pct, c->st,
	    "CVE-2099-0001x", &err), VIGIL_ENOTFOUND);
}

static void
test_update_semantics(void **state)
{
	struct vt_store *c = *state;
	vigil_feed_stats s;
	vigil_store_status st1, st2;
	vigil_error err;
	struct hits h;
	char *out = NULL;

	import_fixtures(c->st);
	vigil_store_status_get(&st1, c->st, &err);
	/* The same data again: nothing changes, the snapshot neither. */
	import_ok(c->st, "feed/osv", &s);
	assert_int_equal(s.unchanged, 6);
	assert_int_equal(s.added + s.updated + s.withdrawn, 0);
	vigil_store_status_get(&st2, c->st, &err);
	assert_string_equal(st1.snapshot, st2.snapshot);

	/* An older copy does not replace the stored record. */
	import_ok(c->st, "feed/update/GHSA-vgl1-test-0001-older.json", &s);
	assert_int_equal(s.unchanged, 1);
	vigil_store_show(&out, c->st, "GHSA-vgl1-test-0001", VIGIL_STORE_TEXT,
	    &err);
	assert_null(strstr(out, "must not win"));
	vigil_store_string_free(out);

	/* A newer one does, and its ranges are what the lookup returns. */
	import_ok(c->st, "feed/update/GHSA-vgl1-test-0001-newer.json", &s);
	assert_int_equal(s.updated, 1);
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "PyPI", "zope.interface.helper",
	    on_aff, &h, &err);
	assert_int_equal(h.n, 2);
	assert_non_null(strstr(h.text[0], "1.4.3"));
	vigil_store_status_get(&st2, c->st, &err);
	assert_string_not_equal(st1.snapshot, st2.snapshot);
	assert_int_equal(st2.osv, 6);

	/* Withdrawing: stays recorded, stops matching, counted. */
	import_ok(c->st, "feed/update/PYSEC-2099-1-withdrawn.json", &s);
	assert_int_equal(s.withdrawn, 1);
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "PyPI", "zope.interface.helper",
	    on_aff, &h, &err);
	assert_int_equal(h.n, 1);
	vigil_store_status_get(&st2, c->st, &err);
	assert_int_equal(st2.osv, 6);
	assert_int_equal(st2.osv_withdrawn, 2);
}

struct rejects {
	int n;
	char lines[32][400];
};

static void
on_reject(void *payload, const char *file, const char *id,
    const vigil_error *err)
{
	struct rejects *r = payload;
	const char *base = strrchr(file, '/');

	if (r->n < 32)
		snprintf(r->lines[r->n], sizeof(r->lines[0]), "%s|%s|%s|%s",
		    base ? base + 1 : file, id ? id : "-", err->path, err->msg);
	r->n++;
}

static bool
has_line(const struct rejects *r, const char *want)
{
	int i;

	for (i = 0; i < r->n && i < 32; i++)
		if (strcmp(r->lines[i], want) == 0)
			return true;
	return false;
}

static void
test_rejects(void **state)
{
	struct vt_store *c = *state;
	vigil_feed_opts o = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats s;
	vigil_store_status st;
	struct rejects r;
	struct hits h;
	vigil_error err;
	int i;

	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	o.reject = on_reject;
	o.payload = &r;
	assert_int_equal(vigil_feed_import_path(&s, c->st,
	    vt_data("feed/bad"), &o, &err), 0);
	for (i = 0; i < r.n; i++)
		print_message("reject: %s\n", r.lines[i]);
	/* good records of each kind went in */
	assert_int_equal(s.added, 2 + 1 + 1 + 2);
	assert_int_equal(s.rejected, 22);
	assert_true(has_line(&r, "osv-mixed.json|BAD-0003|/2/modified|"
	    "modified is not an RFC 3339 time"));
	assert_true(has_line(&r, "osv-mixed.json|-|/1/id|id is missing"));
	assert_true(has_line(&r, "osv-mixed.json|BAD-0004|"
	    "/3/affected/0/ranges/0/events/1|"
	    "event fixed is not a version string"));
	assert_true(has_line(&r, "nvd-mixed.json|CVE-2099-0102|"
	    "/vulnerabilities/1/cve/configurations/0/nodes/0/cpeMatch/0/"
	    "criteria|not a CPE 2.3 name"));
	assert_true(has_line(&r, "kev-mixed.json|CVE-2099-0202|"
	    "/vulnerabilities/1/dateAdded|dateAdded is not YYYY-MM-DD"));
	assert_true(has_line(&r, "epss-mixed.csv|CVE-2099-0302||"
	    "score or percentile is not a number in [0, 1]"));
	assert_true(has_line(&r, "invalid-utf8.json|-||"
	    "unable to decode byte 0xe9 near '\"caf'"));
	assert_true(has_line(&r, "not-a-feed.json|-||"
	    "not an OSV, NVD, KEV or EPSS feed"));
	assert_true(has_line(&r, "not-osv-array.json|-||"
	    "not an OSV, NVD, KEV or EPSS feed"));
	/* never half-written: BAD-0004's valid package is not there */
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "PyPI", "half-written", on_aff, &h,
	    &err);
	assert_int_equal(h.n, 0);
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "PyPI", "good-one", on_aff, &h, &err);
	assert_int_equal(h.n, 1);
	vigil_store_status_get(&st, c->st, &err);
	assert_int_equal(st.osv, 2);
	assert_int_equal(st.nvd, 1);
	assert_int_equal(st.kev, 1);
	assert_int_equal(st.epss, 2);
	assert_int_equal(vigil_store_check(c->st, &err), 0);
}

static void
test_buffers_and_limits(void **state)
{
	struct vt_store *c = *state;
	vigil_feed_opts o = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats s;
	vigil_error err;
	char big[600];
	const char *nested;

	memset(&s, 0, sizeof(s));
	/* check-only mode (no store) */
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_UNKNOWN,
	    "x", "cve,epss,percentile\nCVE-2099-1,0.1,0.2\n", 38, NULL, &err),
	    0);
	assert_int_equal(s.added, 1);
	/* empty, garbage, wrong kind */
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_UNKNOWN,
	    "x", "", 0, NULL, &err), VIGIL_EINVALID);
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_UNKNOWN,
	    "x", "\x1f\x8b\x08garbage", 10, NULL, &err), VIGIL_EINVALID);
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_KEV,
	    "x", "{\"id\":\"A\",\"modified\":\"2099-01-01T00:00:00Z\"}", 43,
	    NULL, &err), VIGIL_EINVALID);
	/* an id over the limit is rejected, the import goes on */
	memset(big, 'A', sizeof(big));
	memcpy(big, "{\"id\":\"", 7);
	memcpy(big + 500, "\",\"modified\":\"2099-01-01T00:00:00Z\"}", 36);
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_buffer(&s, c->st,
	    VIGIL_FEED_UNKNOWN, "big", big, 536, NULL, &err), 0);
	assert_int_equal(s.rejected, 1);
	/* a file over max_file */
	o.max_file = 10;
	assert_int_equal(vigil_feed_import_buffer(&s, c->st,
	    VIGIL_FEED_UNKNOWN, "x", "cve,epss,percentile\n", 20, &o, &err),
	    VIGIL_ETOOBIG);
	/* too deep NVD configuration nesting */
	nested = "{\"cve\":{\"id\":\"CVE-2099-9\",\"published\":\"x\","
	    "\"lastModified\":\"x\",\"configurations\":[{\"nodes\":[{\"nodes\":"
	    "[{\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{"
	    "\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{"
	    "\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{\"nodes\":[{"
	    "\"nodes\":[]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}}";
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_NVD,
	    "deep", nested, strlen(nested), NULL, &err), 0);
	assert_int_equal(s.rejected, 1);
	/* more CPEs in one CVE than the limit: that CVE is rejected, with
	 * the limit named, and the import goes on */
	{
		vigil_feed_opts ro = VIGIL_FEED_OPTS_INIT;
		struct rejects r;
		vgx_buf b;
		int i, j;

		memset(&r, 0, sizeof(r));
		ro.reject = on_reject;
		ro.payload = &r;
		vgx_buf_init(&b, (size_t)1 << 26);
		vgx_buf_adds(&b, "{\"cve\":{\"id\":\"CVE-2099-8\","
		    "\"published\":\"x\",\"lastModified\":\"x\","
		    "\"configurations\":[");
		for (i = 0; i < 2; i++) {
			vgx_buf_adds(&b, i ? ",{\"nodes\":[{\"cpeMatch\":[" :
			    "{\"nodes\":[{\"cpeMatch\":[");
			for (j = 0; j < 50001; j++)
				vgx_buf_printf(&b, "%s{\"vulnerable\":true,"
				    "\"criteria\":\"cpe:2.3:a:v:p%d:1\"}",
				    j ? "," : "", j);
			vgx_buf_adds(&b, "]}]}");
		}
		vgx_buf_adds(&b, "]}}");
		memset(&s, 0, sizeof(s));
		assert_int_equal(vigil_feed_import_buffer(&s, NULL,
		    VIGIL_FEED_NVD, "many", b.ptr, b.len, &ro, &err), 0);
		assert_int_equal(s.rejected, 1);
		assert_true(has_line(&r, "many|CVE-2099-8|/cve/configurations/1/"
		    "nodes/0/cpeMatch/49999|more than 100000 CPEs in one CVE"));
		vgx_buf_dispose(&b);
	}
	/* overflowing numbers in EPSS */
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_buffer(&s, NULL, VIGIL_FEED_EPSS,
	    "e", "cve,epss,percentile\nCVE-2099-1,1e999,0.5\n"
	    "CVE-2099-2,-0.1,0.5\nCVE-2099-3,0.5,0.5,\n", 81, NULL, &err), 0);
	assert_int_equal(s.rejected, 3);
	assert_int_equal(vigil_feed_sniff("PK", 2), VIGIL_FEED_UNKNOWN);
	assert_int_equal(vigil_feed_sniff(" \n[", 3), VIGIL_FEED_OSV);
}

/* The streaming split gives what the whole-document path gives. */
static void
test_stream_split(void **state)
{
	static const char *const files[] = {"feed/osv/records.json",
	    "feed/nvd/page.json", "feed/kev.json", "feed/bad/osv-mixed.json",
	    "feed/bad/nvd-mixed.json", "feed/bad/kev-mixed.json",
	    "feed/bad/truncated.json", "feed/bad/not-osv-array.json"};
	struct vt_store *c = *state;
	vigil_feed_opts whole = VIGIL_FEED_OPTS_INIT;
	vigil_feed_opts stream = VIGIL_FEED_OPTS_INIT;
	struct rejects r1, r2;
	size_t i;
	int j;

	whole.stream_min = (size_t)1 << 30;
	stream.stream_min = 0;
	whole.reject = stream.reject = on_reject;
	whole.payload = &r1;
	stream.payload = &r2;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		vigil_feed_stats s1, s2;
		vigil_error e1, e2;
		size_t len;
		char *buf = vt_read(vt_data(files[i]), &len);
		int rc1, rc2;

		memset(&s1, 0, sizeof(s1));
		memset(&s2, 0, sizeof(s2));
		memset(&r1, 0, sizeof(r1));
		memset(&r2, 0, sizeof(r2));
		rc1 = vigil_feed_import_buffer(&s1, NULL, VIGIL_FEED_UNKNOWN,
		    files[i], buf, len, &whole, &e1);
		rc2 = vigil_feed_import_buffer(&s2, c->st, VIGIL_FEED_UNKNOWN,
		    files[i], buf, len, &stream, &e2);
		print_message("%s: %d/%d added %llu/%llu rejected %llu/%llu\n",
		    files[i], rc1, rc2, (unsigned long long)s1.added,
		    (unsigned long long)(s2.added + s2.withdrawn),
		    (unsigned long long)s1.rejected,
		    (unsigned long long)s2.rejected);
		assert_int_equal(rc1, rc2);
		assert_int_equal(s1.added, s2.added + s2.withdrawn);
		assert_int_equal(s1.rejected, s2.rejected);
		for (j = 0; j < r1.n && j < 32; j++)
			assert_string_equal(r1.lines[j], r2.lines[j]);
		free(buf);
	}
}

static void
test_names(void **state)
{
	static const struct {
		const char *eco, *in, *out;
	} t[] = {
		{"PyPI", "Zope_Interface--Helper", "zope-interface-helper"},
		{"PyPI", "a.-_b", "a-b"},
		{"PyPI", "Django", "django"},
		{"npm", "@Scope/Pkg", "@Scope/Pkg"},
		{"Go", "github.com/Foo/Bar", "github.com/Foo/Bar"},
		{"NuGet", "Newtonsoft.Json", "newtonsoft.json"},
		{"Packagist", "Symfony/HTTP-Kernel", "symfony/http-kernel"},
		{"Debian:12", "LibSSL3", "libssl3"},
		{"Maven", "org.Apache:Log4j", "org.Apache:Log4j"},
		{"crates.io", "Serde_JSON", "serde_json"},
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(t); i++) {
		assert_int_equal(vigil_store_name_normalize(out, sizeof(out),
		    t[i].eco, t[i].in, strlen(t[i].in)), 0);
		assert_string_equal(out, t[i].out);
	}
	assert_int_equal(vigil_store_name_normalize(out, 4, "PyPI", "abcd", 4),
	    VIGIL_ETOOBIG);
	assert_int_equal(vigil_store_name_normalize(out, sizeof(out), "PyPI",
	    "", 0), VIGIL_EINVALID);
	assert_int_equal(vigil_store_name_normalize(out, sizeof(out), "PyPI",
	    "a\0b", 3), VIGIL_EINVALID);
	assert_int_equal(vigil_store_ecosystem_base(out, sizeof(out),
	    "Debian:12"), 0);
	assert_string_equal(out, "Debian");
}

static void
test_open_paths(void **state)
{
	struct vt_store *c = *state;
	vigil_store *ro = NULL;
	vigil_error err;
	char *p = NULL, path[4300];
	FILE *fp;

	(void)state;
	setenv("VIGIL_DB", "/x/from-env.db", 1);
	assert_int_equal(vigil_store_default_path(&p, &err), 0);
	assert_string_equal(p, "/x/from-env.db");
	vigil_store_string_free(p);
	unsetenv("VIGIL_DB");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_int_equal(vigil_store_default_path(&p, &err), 0);
	assert_string_equal(p, "/xdg/vigil/vigil.db");
	vigil_store_string_free(p);
	setenv("XDG_DATA_HOME", "relative", 1);	/* ignored per XDG spec */
	setenv("HOME", "/home/u", 1);
	assert_int_equal(vigil_store_default_path(&p, &err), 0);
	assert_string_equal(p, "/home/u/.local/share/vigil/vigil.db");
	vigil_store_string_free(p);
	unsetenv("XDG_DATA_HOME");

	assert_true(vigil_store_is_url("postgresql://h/db"));
	assert_true(vigil_store_is_url("postgres://u@h/db"));
	assert_false(vigil_store_is_url("postgresql:/h/db"));
	assert_false(vigil_store_is_url("/var/lib/vigil.db"));
	assert_false(vigil_store_is_url(NULL));
	if (on_pg) {
		char schema[64];

		/* read-only: an empty schema is not a store */
		assert_int_equal(vt_pg_fresh(path, sizeof(path), schema, "ro"),
		    0);
		assert_int_equal(vigil_store_open(&ro, path,
		    VIGIL_STORE_READONLY, &err), VIGIL_EDB);
		assert_null(ro);
		/* someone else's tables */
		assert_int_equal(vt_pg_exec("CREATE TABLE public.x (a int)"),
		    0);
		snprintf(path + strlen(path), sizeof(path) - strlen(path),
		    "%s", "x");	/* search_path=<schema>x: missing */
		assert_int_equal(vigil_store_open(&ro, path, 0, &err),
		    VIGIL_EDB);
		assert_int_equal(vt_pg_exec("DROP TABLE public.x"), 0);
		vt_pg_drop(schema);
		/* no server there: a clean VIGIL_EDB naming no password */
		assert_int_equal(vigil_store_open(&ro, "postgresql://u:secret@"
		    "/x?host=/nonexistent&connect_timeout=2", 0, &err),
		    VIGIL_EDB);
		assert_null(strstr(err.msg, "secret"));
		(void)fp;
	} else {
		/* read-only: a missing file is an error, not a new store */
		snprintf(path, sizeof(path), "%s/missing.db", c->dir);
		assert_int_not_equal(vigil_store_open(&ro, path,
		    VIGIL_STORE_READONLY, &err), 0);
		assert_null(ro);
		/* not a database */
		snprintf(path, sizeof(path), "%s/junk.db", c->dir);
		fp = fopen(path, "w");
		fputs("this is not SQLite, just text long enough to look like "
		    "a page", fp);
		fclose(fp);
		assert_int_equal(vigil_store_open(&ro, path, 0, &err),
		    VIGIL_EDB);
	}
	/* read-only open of a real store works and refuses writes */
	assert_int_equal(vigil_store_open(&ro, c->db, VIGIL_STORE_READONLY,
	    &err), 0);
	assert_int_equal(vigil_store_begin(ro, &err), VIGIL_EDB);
	assert_int_equal(vigil_store_check(ro, &err), 0);
	vigil_store_close(ro);
	/* Later steps add migrations: at least the knowledge base's two. */
	assert_true(vigil_store_schema_version() >= 2);
}

struct srcs {
	int n;
	char last[512];
};

static int
on_src(void *payload, const vigil_store_source *s)
{
	struct srcs *x = payload;

	x->n++;
	snprintf(x->last, sizeof(x->last), "%s|%lld|%s", s->kind,
	    (long long)s->size, s->sha256);
	return 0;
}

static void
test_sources(void **state)
{
	struct vt_store *c = *state;
	vigil_feed_stats s;
	vigil_error err;
	struct srcs x;
	char want[512], digest[65];
	size_t len;
	char *buf;

	import_ok(c->st, "feed/kev.json", &s);
	memset(&x, 0, sizeof(x));
	assert_int_equal(vigil_store_sources(c->st, on_src, &x, &err), 0);
	assert_int_equal(x.n, 1);
	buf = vt_read(vt_data("feed/kev.json"), &len);
	{
		/* sha256 through the library's own helper of the same name
		 * would prove nothing: use OpenSSL's command line. */
		char cmd[4500];
		FILE *p;

		snprintf(cmd, sizeof(cmd), "sha256sum '%s'",
		    vt_data("feed/kev.json"));
		p = popen(cmd, "r");
		assert_non_null(p);
		assert_non_null(fgets(digest, sizeof(digest), p));
		pclose(p);
	}
	snprintf(want, sizeof(want), "kev|%zu|%s", len, digest);
	assert_string_equal(x.last, want);
	free(buf);
}

/* ---- the real samples -------------------------------------------------------- */

static void
test_testdata(void **state)
{
	struct vt_store *c = *state;
	vigil_feed_stats s;
	vigil_store_status st;
	vigil_error err;
	struct hits h;
	const char *p;
	char *out = NULL;
	int rc;

	TESTDATA_OR_SKIP(p, "osv-records");
	memset(&s, 0, sizeof(s));
	rc = vigil_feed_import_path(&s, c->st, p, NULL, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(s.added + s.withdrawn, 2038);
	TESTDATA_OR_SKIP(p, "nvd-go/responses/cves-2023.json");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_path(&s, c->st, p, NULL, &err), 0);
	assert_int_equal(s.added, 200);
	TESTDATA_OR_SKIP(p, "anchore-vunnel/tests/unit/providers/nvd/"
	    "test-fixtures/full-page.json");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_path(&s, c->st, p, NULL, &err), 0);
	assert_int_equal(s.added, 38);
	TESTDATA_OR_SKIP(p, "cisa-kev/known_exploited_vulnerabilities.json");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_path(&s, c->st, p, NULL, &err), 0);
	assert_int_equal(s.added, 1404);
	TESTDATA_OR_SKIP(p, "osv-dev/vulnfeeds/test_data/nvdcve-2.0");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_feed_import_path(&s, c->st, p, NULL, &err), 0);
	print_message("osv-dev nvdcve-2.0: %llu added, %llu rejected\n",
	    (unsigned long long)s.added, (unsigned long long)s.rejected);
	assert_true(s.added > 0);

	assert_int_equal(vigil_store_status_get(&st, c->st, &err), 0);
	assert_int_equal(st.osv, 2038);
	assert_int_equal(st.kev, 1404);

	/* GO-2020-0016 aliases CVE-2021-29482 and a GHSA: one group */
	assert_int_equal(vigil_store_show(&out, c->st, "GHSA-25xm-hr59-7c27",
	    VIGIL_STORE_JSON, &err), 0);
	assert_non_null(strstr(out, "\"GO-2020-0016\""));
	assert_non_null(strstr(out, "\"CVE-2021-29482\""));
	vigil_store_string_free(out);
	memset(&h, 0, sizeof(h));
	vigil_store_affected_for(c->st, "Go", "github.com/ulikunitz/xz", on_aff,
	    &h, &err);
	assert_true(h.n >= 1);
	/* NVD CVE-2022-40881 in cves-2023.json: contec solarview */
	memset(&h, 0, sizeof(h));
	vigil_store_configs_for(c->st, "contec", "solarview_compact_firmware",
	    on_cfg, &h, &err);
	assert_true(h.n >= 1);
	assert_int_equal(vigil_store_check(c->st, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_and_lookup, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_show, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_enrichment, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_update_semantics, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_rejects, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_buffers_and_limits, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_stream_split, setup,
		    vt_store_teardown),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_open_paths, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_testdata, setup,
		    vt_store_teardown),
	};
	int rc;

	on_pg = false;
	rc = cmocka_run_group_tests_name("store/sqlite", tests, NULL, NULL);
	if (vt_pg_dsn() != NULL) {
		on_pg = true;
		rc += cmocka_run_group_tests_name("store/postgresql", tests,
		    NULL, NULL);
	}
	return rc;
}
