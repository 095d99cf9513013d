/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device inventory in the store: releases, SBOM history, installed
 * devices, the inventory CSV import (all or nothing), findings with their
 * first-seen time and lookups by alias; bad input leaves nothing stored.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/life.h"
#include "vigil/risk.h"

static vigil_store *
open_store(void)
{
	vigil_store *st = NULL;
	vigil_error err;

	if (vigil_store_open(&st, ":memory:", 0, &err) != 0)
		fail_msg("open: %s", err.msg);
	return st;
}

static int
count_rel(void *p, const vigil_fleet_release *r)
{
	(void)r;
	(*(size_t *)p)++;
	return 0;
}

static int
count_dev(void *p, const vigil_fleet_device *d)
{
	(void)d;
	(*(size_t *)p)++;
	return 0;
}

static int
count_sbom(void *p, const vigil_fleet_sbom *s)
{
	size_t *n = p;

	n[0]++;
	n[1] = s->seq;
	return 0;
}

static void
add_release(vigil_store *st, const char *model, const char *version)
{
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	vigil_error err;

	r.manufacturer = "Example Medical";
	r.model = model;
	r.release = version;
	r.released = "2018-01-01";
	r.eol = "2030-01-01";
	r.eos = "2032-01-01";
	if (vigil_fleet_release_put(st, &r, false, &err) != 0)
		fail_msg("put: %s", err.msg);
}

static void
test_releases(void **state)
{
	vigil_store *st = open_store();
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	vigil_error err;
	size_t n = 0;
	char *sbom, *prof;
	size_t len, sn[2] = {0, 0};

	(void)state;
	add_release(st, "InfuCare PX", "3.2");
	add_release(st, "InfuCare PX", "3.3");
	r.manufacturer = "Example Medical";
	r.model = "InfuCare PX";
	r.release = "3.2";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EEXISTS);
	/* Bad dates: nothing stored. */
	r.release = "9.9";
	r.eol = "2031-01-01";
	r.eos = "2030-01-01";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "before EOL"));
	r.eol = r.eos = NULL;
	r.released = "2199-01-01";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "future"));
	r.released = "2024-02-30";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EINVALID);
	r.released = NULL;
	r.model = "bad\x01name";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EINVALID);
	r.model = "bad\xff";
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err),
	    VIGIL_EINVALID);
	r.model = "InfuCare PX";
	r.profile = "{\"profile_version\": 2}";
	assert_true(vigil_fleet_release_put(st, &r, false, &err) < 0);
	assert_non_null(strstr(err.msg, "profile"));
	prof = vt_read(vt_data("life/px.profile.json"), &len);
	r.profile = prof;
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err), 0);
	free(prof);
	assert_int_equal(vigil_fleet_releases(st, NULL, count_rel, &n, &err),
	    0);
	assert_int_equal(n, 3);
	assert_int_equal(vigil_fleet_release_get(st, "InfuCare PX", "1.0",
	    count_rel, &n, &err), VIGIL_ENOTFOUND);

	/* SBOM history. */
	sbom = vt_read(vt_data("life/px-3.2.cdx.json"), &len);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    sbom, len, "2026-01-01T00:00:00Z", &err), 0);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    sbom, len, "2026-02-01T00:00:00Z", &err), 0);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "7",
	    sbom, len, "2026-02-01T00:00:00Z", &err), VIGIL_ENOTFOUND);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    "{\"not\": \"an sbom\"}", 17, "2026-02-01T00:00:00Z", &err),
	    VIGIL_EINVALID);
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    sbom, 40, "2026-02-01T00:00:00Z", &err), VIGIL_EINVALID);
	sbom[5] = '\0';
	assert_int_equal(vigil_fleet_sbom_attach(st, "InfuCare PX", "3.2",
	    sbom, len, "2026-02-01T00:00:00Z", &err), VIGIL_EINVALID);
	free(sbom);
	assert_int_equal(vigil_fleet_sboms(st, "InfuCare PX", "3.2", false,
	    count_sbom, sn, &err), 0);
	assert_int_equal(sn[0], 2);
	assert_int_equal(sn[1], 2);
	sn[0] = 0;
	assert_int_equal(vigil_fleet_sboms(st, "InfuCare PX", "3.2", true,
	    count_sbom, sn, &err), 0);
	assert_int_equal(sn[0], 1);

	assert_int_equal(vigil_fleet_release_remove(st, "InfuCare PX", "3.2",
	    &err), 0);
	assert_int_equal(vigil_fleet_release_remove(st, "InfuCare PX", "3.2",
	    &err), VIGIL_ENOTFOUND);
	vigil_store_close(st);
}

static void
test_devices(void **state)
{
	vigil_store *st = open_store();
	vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;
	vigil_error err;
	size_t n = 0;
	unsigned bits;

	(void)state;
	add_release(st, "InfuCare PX", "3.2");
	d.serial = "PX-1";
	d.model = "InfuCare PX";
	d.release = "3.2";
	d.site = "North";
	d.installed = "2024-03-01";
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), 0);
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), VIGIL_EEXISTS);
	d.serial = "PX-2";
	d.release = "4.0";
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), VIGIL_ENOTFOUND);
	d.release = "3.2";
	d.installed = "2199-01-01";
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), VIGIL_EINVALID);
	d.installed = "2017-12-31";	/* before the release, 2018-01-01 */
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "before the release date"));
	d.installed = NULL;
	d.site = NULL;
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), VIGIL_EINVALID);
	assert_int_equal(vigil_fleet_devices(st, NULL, count_dev, &n, &err),
	    0);
	assert_int_equal(n, 1);
	/* A release with installed devices cannot be removed. */
	assert_int_equal(vigil_fleet_release_remove(st, "InfuCare PX", "3.2",
	    &err), VIGIL_EEXISTS);
	assert_int_equal(vigil_fleet_device_remove(st, "PX-1", &err), 0);
	assert_int_equal(vigil_fleet_device_remove(st, "PX-1", &err),
	    VIGIL_ENOTFOUND);

	assert_int_equal(vigil_fleet_controls_parse(&bits,
	    "firewall| monitoring ,physical_access", &err), 0);
	assert_int_equal(bits, VIGIL_CONTROL_FIREWALL |
	    VIGIL_CONTROL_MONITORING | VIGIL_CONTROL_PHYSICAL_ACCESS);
	assert_int_equal(vigil_fleet_controls_parse(&bits, "firewal", &err),
	    VIGIL_EINVALID);
	vigil_store_close(st);
}

static void
test_csv(void **state)
{
	static const struct {
		const char *csv;
		int rc;
		unsigned long line;
	} bad[] = {
		{"", VIGIL_EINVALID, 0},
		{"serial,model,version\n", VIGIL_EINVALID, 1},
		{"serial,model,version,site,colour\n", VIGIL_EINVALID, 1},
		{"serial,model,version,site,site\n", VIGIL_EINVALID, 1},
		{"serial,model,version,site\n", VIGIL_EINVALID, 0},
		{"serial,model,version,site\nA,InfuCare PX,3.2\n",
		    VIGIL_EINVALID, 2},
		{"serial,model,version,site\nA,InfuCare PX,3.2,\"North\n",
		    VIGIL_EINVALID, 2},
		{"serial,model,version,site\nA,Infu\"Care,3.2,N\n",
		    VIGIL_EINVALID, 2},
		{"serial,model,version,site,installed\n"
		    "A,InfuCare PX,3.2,N,2024-01-01\n"
		    "B,InfuCare PX,3.2,N,2199-01-01\n", VIGIL_EINVALID, 3},
		{"serial,model,version,site,controls\n"
		    "A,InfuCare PX,3.2,N,firewall|moat\n", VIGIL_EINVALID, 2},
		/* Every row checked, then a missing release: nothing kept. */
		{"serial,model,version,site\nA,InfuCare PX,3.2,N\n"
		    "B,InfuCare PX,9.9,N\n", VIGIL_ENOTFOUND, 3},
	};
	vigil_store *st = open_store();
	vigil_error err;
	size_t i, n = 0, rows;
	char *csv;
	size_t len;

	(void)state;
	add_release(st, "InfuCare PX", "3.2");
	add_release(st, "InfuCare PX", "3.3");
	add_release(st, "VitalLink GW", "1.0");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (vigil_fleet_import_csv(&rows, st, bad[i].csv,
		    strlen(bad[i].csv), vigil_life_today(), &err) != bad[i].rc)
			fail_msg("case %zu: %s", i, err.msg);
		if (bad[i].line != 0 && err.line != bad[i].line)
			fail_msg("case %zu: line %lu, want %lu", i, err.line,
			    bad[i].line);
	}
	assert_int_equal(vigil_fleet_import_csv(&rows, st, "serial\0", 7,
	    vigil_life_today(), &err), VIGIL_EINVALID);
	assert_int_equal(vigil_fleet_devices(st, NULL, count_dev, &n, &err),
	    0);
	assert_int_equal(n, 0);

	csv = vt_read(vt_data("life/inventory.csv"), &len);
	assert_int_equal(vigil_fleet_import_csv(&rows, st, csv, len,
	    vigil_life_today(), &err), 0);
	assert_int_equal(rows, 4);
	/* Again: the same serials are updated, not doubled. */
	assert_int_equal(vigil_fleet_import_csv(&rows, st, csv, len,
	    vigil_life_today(), &err), 0);
	free(csv);
	assert_int_equal(vigil_fleet_devices(st, NULL, count_dev, &n, &err),
	    0);
	assert_int_equal(n, 4);
	vigil_store_close(st);
}

struct seen {
	size_t n, current;
	char first[32];
};

static int
take_finding(void *p, const vigil_fleet_finding *f)
{
	struct seen *s = p;

	s->n++;
	s->current += f->current;
	snprintf(s->first, sizeof(s->first), "%s", f->first_seen);
	return 0;
}

static void
test_findings(void **state)
{
	vigil_store *st = open_store();
	vigil_fleet_finding f[2];
	struct seen s;
	vigil_error err;

	(void)state;
	add_release(st, "InfuCare PX", "3.2");
	memset(f, 0, sizeof(f));
	f[0].vuln = "CVE-2099-7001";
	f[0].aliases = "CVE-2099-7001 GHSA-life-0001-0001";
	f[0].component = "pumpproto@2.0.5";
	f[0].score = 98;
	f[0].epss = 0.25;
	f[1].epss = -1;
	f[0].severity = "critical";
	f[1].vuln = "CVE-2099-7002";
	f[1].aliases = "CVE-2099-7002";
	f[1].component = "consolekit@1.4.0";
	f[1].score = 61;
	f[1].severity = "medium";
	assert_int_equal(vigil_fleet_record(st, "InfuCare PX", "3.2", f, 2,
	    "2026-01-01T00:00:00Z", &err), 0);
	/* The second scan sees only the first. */
	assert_int_equal(vigil_fleet_record(st, "InfuCare PX", "3.2", f, 1,
	    "2026-02-01T00:00:00Z", &err), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_fleet_findings(st, NULL, NULL,
	    "GHSA-life-0001-0001", false, take_finding, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.current, 1);
	assert_string_equal(s.first, "2026-01-01T00:00:00Z");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_fleet_findings(st, "InfuCare PX", "3.2", NULL,
	    false, take_finding, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.current, 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_fleet_findings(st, "InfuCare PX", "3.2", NULL,
	    true, take_finding, &s, &err), 0);
	assert_int_equal(s.n, 1);
	/*
	 * Two scans in the same second: the current findings are those of
	 * the later one (a scan's number tells them apart, not its time).
	 */
	assert_int_equal(vigil_fleet_record(st, "InfuCare PX", "3.2", f, 2,
	    "2026-03-01T00:00:00Z", &err), 0);
	assert_int_equal(vigil_fleet_record(st, "InfuCare PX", "3.2", f + 1, 1,
	    "2026-03-01T00:00:00Z", &err), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_fleet_findings(st, "InfuCare PX", "3.2", NULL,
	    true, take_finding, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.first, "2026-01-01T00:00:00Z");
	memset(&s, 0, sizeof(s));
	assert_int_equal(vigil_fleet_findings(st, NULL, NULL, "CVE-2099-7001",
	    true, take_finding, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(vigil_fleet_record(st, "InfuCare PX", "0.1", f, 1,
	    "2026-02-01T00:00:00Z", &err), VIGIL_ENOTFOUND);
	vigil_store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_releases),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
